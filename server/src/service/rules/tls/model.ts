import type { Range } from 'vscode-languageserver-types';
import type { EffectiveConfig } from '../../config';
import type { Finding, FindingData, FixPlan, Severity } from '../../findings';
import type { ParamDef, ParsedConfig, ServiceEntry } from '../../parser/ast';
import { formatVersion } from '../../knowledge/version';
import type { CertificateInspector } from './certificates';
import { inAlternatives } from '../../parser/branches';

/** An effective value together with where it comes from, for messages and ranges. */
export interface Setting {
  name: string;
  /** Expanded and trimmed. */
  value: string;
  raw: string;
  /** The definition that decides the value (directly or through a `$reference`), if any. */
  def?: ParamDef;
  /** "main.cf line 3", "master.cf line 17 `-o` of submission/inet", "default of Postfix 3.11", "via $x ...". */
  origin: string;
  /** Set in main.cf or master.cf rather than left at the default. */
  explicit: boolean;
  /**
   * The value cannot be known from what we see: it holds a template tag, goes through a `$name` that
   * is defined nowhere, or comes from main.cf (a default) while only master.cf is open. Rules do not judge it.
   */
  unknown: boolean;
}

export type Port = 25 | 587 | 465 | 0;

/** A server the configuration runs: port 25 (directly smtpd or behind postscreen), submission, submissions. */
export interface ServerRole {
  kind: 'mx' | 'submission' | 'submissions' | 'other';
  port: Port;
  /** The smtpd service whose settings apply (undefined: main.cf alone). */
  service?: ServiceEntry;
  /** The postscreen service in front of it on port 25, if any. */
  postscreen?: ServiceEntry;
  /** The master.cf entry that listens (postscreen or smtpd). */
  listener?: ServiceEntry;
  label: string;
}

export interface ClientRole {
  program: 'smtp' | 'lmtp';
  service?: ServiceEntry;
  label: string;
}

export type FileKind = 'main' | 'master';

export interface TlsFinding extends Finding {
  file: FileKind;
}

export interface TlsContext {
  cfg: EffectiveConfig;
  main?: ParsedConfig;
  master?: ParsedConfig;
  servers: ServerRole[];
  clients: ClientRole[];
  certificates?: CertificateInspector;
  report(f: TlsFinding): void;
  /** Findings reported with a dedupe key (one cause seen by several servers), by key. */
  once?: Map<string, TlsFinding>;
}

export function versionLabel(cfg: EffectiveConfig): string {
  return `Postfix ${formatVersion(cfg.version.target)}`;
}

/** Effective value of `name` as `service` sees it, with the definition responsible for it. */
export function setting(cfg: EffectiveConfig, name: string, service?: ServiceEntry): Setting {
  const e = cfg.effective(name, service);
  const value = e.text.trim();
  const src = e.source;
  // Templated, in alternative template branches, or undefined anywhere along the expansion: the rendered value is not ours to know.
  const opaque = (src.kind === 'main' || src.kind === 'master') && src.def.templated || !!e.problem || alternatives(cfg, name, service)
    || e.via.some((n) => {
      const r = cfg.raw(n, service);
      if (alternatives(cfg, n, service)) return true;
      return r.source.kind === 'unknown' ? !cfg.isDefinedOrKnown(n, service) : (r.source.kind === 'main' || r.source.kind === 'master') && r.source.def.templated;
    });
  if (src.kind === 'main' || src.kind === 'master') {
    const via = e.via.length ? `, via $${e.via[0]}` : '';
    return { name, value, raw: e.value, def: src.def, origin: `${describeDef(src.def)}${via}`, explicit: true, unknown: opaque || (!cfg.main && e.via.some((n) => cfg.raw(n, service).source.kind !== 'master')) };
  }
  // Left at a default that refers to other parameters: the first one that is set decides.
  for (const n of e.via) {
    const r = cfg.raw(n, service);
    if (r.source.kind === 'main' || r.source.kind === 'master') {
      return { name, value, raw: e.value, def: r.source.def, origin: `via $${n} (${describeDef(r.source.def)})`, explicit: true, unknown: opaque || !cfg.main || generating(cfg.main) };
    }
  }
  // Without main.cf, a default is only a guess: main.cf may well set it. So it is in a template that prints definitions of its own.
  return { name, value, raw: e.value, origin: `default of ${versionLabel(cfg)}`, explicit: false, unknown: opaque || !cfg.main || generating(cfg.main) };
}

/**
 * A template with lines that consist of an output tag alone (`<%= "#{key} = #{value}" %>`,
 * `{{ config | encode_ini }}`) can render any definition: a name it does not spell out may still be set.
 * (ParsedConfig does not tell template comments from output here, so `{# ... #}` lines count too.)
 */
export function generating(p: ParsedConfig | undefined): boolean {
  if (!p?.template) return false;
  let g = GENERATING.get(p);
  if (g === undefined) {
    const control = new Set(p.controlLines);
    g = p.templateLines.some((l) => !control.has(l));
    GENERATING.set(p, g);
  }
  return g;
}

const GENERATING = new WeakMap<ParsedConfig, boolean>();
const DEF_COUNTS = new WeakMap<ParsedConfig, Map<string, number>>();

function defCount(p: ParsedConfig, name: string): number {
  let m = DEF_COUNTS.get(p);
  if (!m) {
    m = new Map();
    for (const d of p.defs) m.set(d.name, (m.get(d.name) ?? 0) + 1);
    DEF_COUNTS.set(p, m);
  }
  return m.get(name) ?? 0;
}

/**
 * In a template, a name set in alternative branches (`{% if %} a = x {% else %} a = y {% endif %}`,
 * or once outside and once inside a conditional): which value is rendered is unknown. Two
 * definitions in the same branch are no alternatives: the later one wins (parser/branches.ts).
 */
function alternatives(cfg: EffectiveConfig, name: string, service?: ServiceEntry): boolean {
  if (cfg.main?.template && defCount(cfg.main, name) > 1 && inAlternatives(cfg.main, cfg.main.defs.filter((d) => d.name === name), name)) return true;
  return !!service && !!cfg.master?.template && inAlternatives(cfg.master, service.overrides.filter((o) => o.name === name), `${service.key}@${service.range.start.line}\u0000${name}`);
}

/** A definition whose value we cannot know: a template tag, or a `$name` (at any depth) that is defined nowhere. */
export function opaqueDef(cfg: EffectiveConfig, def: ParamDef): boolean {
  if (def.templated) return true;
  const e = cfg.expand(def.value, def.service);
  if (e.problem) return true;
  return e.via.some((n) => {
    const r = cfg.raw(n, def.service);
    if (r.source.kind === 'unknown') return !cfg.isDefinedOrKnown(n, def.service);
    return (r.source.kind === 'main' || r.source.kind === 'master') && r.source.def.templated;
  });
}

export function describeDef(def: ParamDef): string {
  return def.origin === 'master'
    ? `master.cf line ${def.range.start.line + 1} \`-o\` of ${def.service?.key}`
    : `main.cf line ${def.range.start.line + 1}`;
}

export function fileOf(def: ParamDef | undefined, ctx: TlsContext): FileKind {
  if (def) return def.origin;
  return ctx.main ? 'main' : 'master';
}

/** Where a finding about a setting goes: its value if set, else a related definition, else the top of main.cf. */
export function anchor(ctx: TlsContext, s: Setting, related: readonly string[] = [], on: 'value' | 'name' = 'value'): { file: FileKind; range: Range } {
  if (s.def) return { file: s.def.origin, range: on === 'value' && s.def.value ? s.def.valueRange : s.def.nameRange };
  for (const n of related) {
    const d = ctx.cfg.mainDefs.get(n);
    if (d) return { file: 'main', range: d.nameRange };
  }
  return top(ctx);
}

export function top(ctx: TlsContext): { file: FileKind; range: Range } {
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { file: ctx.main ? 'main' : 'master', range: zero };
}

export function yes(v: string): boolean {
  return v.toLowerCase() === 'yes';
}

export interface ReportArgs {
  rule: string;
  severity: Severity;
  at: { file: FileKind; range: Range };
  message: string;
  data?: FindingData;
  unnecessary?: boolean;
  fixes?: FixPlan[];
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/**
 * Reports a finding. With `dedupe`, a second finding of the same rule at the same place (one
 * definition that several servers inherit) is not repeated: the most severe one is kept.
 */
export function emit(ctx: TlsContext, a: ReportArgs, dedupe?: string): void {
  const f: TlsFinding = { rule: a.rule, severity: a.severity, range: a.at.range, file: a.at.file, message: a.message, data: a.data, unnecessary: a.unnecessary, fixes: a.fixes };
  if (dedupe !== undefined) {
    const key = `${a.rule}\u0000${a.at.file}:${a.at.range.start.line}:${a.at.range.start.character}:${a.at.range.end.line}:${a.at.range.end.character}\u0000${dedupe}`;
    const once = (ctx.once ??= new Map<string, TlsFinding>());
    const prev = once.get(key);
    if (prev) {
      if (RANK[f.severity] > RANK[prev.severity]) Object.assign(prev, f);
      return;
    }
    once.set(key, f);
  }
  ctx.report(f);
}

const SERVICE_PORTS: Record<string, Port> = { smtp: 25, '25': 25, submission: 587, '587': 587, submissions: 465, smtps: 465, '465': 465 };

function portOf(service: string): Port {
  const p = service.includes(':') ? service.slice(service.lastIndexOf(':') + 1) : service;
  return Object.hasOwn(SERVICE_PORTS, p) ? SERVICE_PORTS[p] : 0;
}

/** The servers and clients master.cf runs; without master.cf, main.cf is judged as a port-25 server plus a client. */
export function roles(cfg: EffectiveConfig, hasMaster: boolean): { servers: ServerRole[]; clients: ClientRole[] } {
  if (!hasMaster) {
    return { servers: [{ kind: 'mx', port: 25, label: 'port 25 (main.cf)' }], clients: [{ program: 'smtp', label: 'SMTP client' }] };
  }
  const servers: ServerRole[] = [];
  const passSmtpd = cfg.services.find((s) => s.type.text === 'pass' && s.command?.text === 'smtpd');
  for (const s of cfg.services) {
    if (s.type.text !== 'inet') continue;
    const cmd = s.command?.text;
    if (cmd !== 'smtpd' && cmd !== 'postscreen') continue;
    const port = portOf(s.name.text);
    const kind = port === 25 ? 'mx' : port === 587 ? 'submission' : port === 465 ? 'submissions' : 'other';
    if (cmd === 'postscreen') {
      servers.push({ kind, port, service: passSmtpd, postscreen: s, listener: s, label: `${s.name.text} (postscreen, master.cf line ${s.range.start.line + 1})` });
    } else {
      servers.push({ kind, port, service: s, listener: s, label: `${s.name.text} (master.cf line ${s.range.start.line + 1})` });
    }
  }
  const clients: ClientRole[] = [{ program: 'smtp', label: 'SMTP client' }];
  for (const s of cfg.services) {
    const cmd = s.command?.text;
    if ((cmd === 'smtp' || cmd === 'lmtp') && s.overrides.some((o) => /tls/.test(o.name))) {
      clients.push({ program: cmd, service: s, label: `${s.name.text} (master.cf line ${s.range.start.line + 1})` });
    }
  }
  return { servers, clients };
}

/** Server TLS level, honouring the pre-2.3 switches when the level is unset. */
export function serverLevel(cfg: EffectiveConfig, role: ServerRole): Setting {
  const lvl = setting(cfg, 'smtpd_tls_security_level', role.service);
  if (lvl.value !== '' || lvl.unknown) return lvl;
  const enforce = setting(cfg, 'smtpd_enforce_tls', role.service);
  if (enforce.unknown) return { ...lvl, unknown: true };
  if (yes(enforce.value)) return { ...enforce, value: 'encrypt', origin: `${enforce.origin} (smtpd_enforce_tls = yes)` };
  const use = setting(cfg, 'smtpd_use_tls', role.service);
  if (use.unknown) return { ...lvl, unknown: true };
  if (yes(use.value)) return { ...use, value: 'may', origin: `${use.origin} (smtpd_use_tls = yes)` };
  return lvl;
}

export function clientLevel(cfg: EffectiveConfig, role: ClientRole): Setting {
  const p = role.program;
  const lvl = setting(cfg, `${p}_tls_security_level`, role.service);
  if (lvl.value !== '' || lvl.explicit || lvl.unknown) return lvl;
  const enforce = setting(cfg, `${p}_enforce_tls`, role.service);
  if (enforce.unknown) return { ...lvl, unknown: true };
  if (yes(enforce.value)) return { ...enforce, value: 'encrypt', origin: `${enforce.origin} (${p}_enforce_tls = yes)` };
  const use = setting(cfg, `${p}_use_tls`, role.service);
  if (use.unknown) return { ...lvl, unknown: true };
  if (yes(use.value)) return { ...use, value: 'may', origin: `${use.origin} (${p}_use_tls = yes)` };
  return lvl;
}

/**
 * The level smtpd acts on: it downgrades the client levels fingerprint, verify and secure to
 * "encrypt" (with a warning), so they require TLS just as "encrypt" does.
 */
export function serverActsOn(level: string): string {
  const lv = level.toLowerCase();
  return lv === 'fingerprint' || lv === 'verify' || lv === 'secure' ? 'encrypt' : lv;
}

export function serverEnforced(cfg: EffectiveConfig, role: ServerRole): boolean {
  return serverActsOn(serverLevel(cfg, role).value) === 'encrypt' || yes(setting(cfg, 'smtpd_tls_wrappermode', role.service).value);
}

export function roleName(role: ServerRole): string {
  switch (role.kind) {
    case 'mx':
      return 'the port-25 server';
    case 'submission':
      return 'the submission service (587)';
    case 'submissions':
      return 'the submissions service (465)';
    default:
      return `the ${role.service?.name.text ?? 'smtpd'} service`;
  }
}
