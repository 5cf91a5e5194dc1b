import type { Range } from 'vscode-languageserver-types';
import type { EffectiveConfig } from '../../config';
import type { Finding, FindingData, FixPlan, Severity } from '../../findings';
import type { ParamDef, ParsedConfig, ServiceEntry } from '../../parser/ast';
import { formatVersion } from '../../knowledge/version';
import type { CertificateInspector } from './certificates';

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
}

export function versionLabel(cfg: EffectiveConfig): string {
  return `Postfix ${formatVersion(cfg.version.target)}`;
}

/** Effective value of `name` as `service` sees it, with the definition responsible for it. */
export function setting(cfg: EffectiveConfig, name: string, service?: ServiceEntry): Setting {
  const e = cfg.effective(name, service);
  const value = e.text.trim();
  const src = e.source;
  if (src.kind === 'main' || src.kind === 'master') {
    const via = e.via.length ? `, via $${e.via[0]}` : '';
    return { name, value, raw: e.value, def: src.def, origin: `${describeDef(src.def)}${via}`, explicit: true };
  }
  // Left at a default that refers to other parameters: the first one that is set decides.
  for (const n of e.via) {
    const r = cfg.raw(n, service);
    if (r.source.kind === 'main' || r.source.kind === 'master') {
      return { name, value, raw: e.value, def: r.source.def, origin: `via $${n} (${describeDef(r.source.def)})`, explicit: true };
    }
  }
  return { name, value, raw: e.value, origin: `default of ${versionLabel(cfg)}`, explicit: false };
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

export function emit(ctx: TlsContext, a: ReportArgs): void {
  ctx.report({ rule: a.rule, severity: a.severity, range: a.at.range, file: a.at.file, message: a.message, data: a.data, unnecessary: a.unnecessary, fixes: a.fixes });
}

const SERVICE_PORTS: Record<string, Port> = { smtp: 25, '25': 25, submission: 587, '587': 587, submissions: 465, smtps: 465, '465': 465 };

function portOf(service: string): Port {
  const p = service.includes(':') ? service.slice(service.lastIndexOf(':') + 1) : service;
  return SERVICE_PORTS[p] ?? 0;
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
  if (lvl.value !== '') return lvl;
  const enforce = setting(cfg, 'smtpd_enforce_tls', role.service);
  if (yes(enforce.value)) return { ...enforce, value: 'encrypt', origin: `${enforce.origin} (smtpd_enforce_tls = yes)` };
  const use = setting(cfg, 'smtpd_use_tls', role.service);
  if (yes(use.value)) return { ...use, value: 'may', origin: `${use.origin} (smtpd_use_tls = yes)` };
  return lvl;
}

export function clientLevel(cfg: EffectiveConfig, role: ClientRole): Setting {
  const p = role.program;
  const lvl = setting(cfg, `${p}_tls_security_level`, role.service);
  if (lvl.value !== '' || lvl.explicit) return lvl;
  const enforce = setting(cfg, `${p}_enforce_tls`, role.service);
  if (yes(enforce.value)) return { ...enforce, value: 'encrypt', origin: `${enforce.origin} (${p}_enforce_tls = yes)` };
  const use = setting(cfg, `${p}_use_tls`, role.service);
  if (yes(use.value)) return { ...use, value: 'may', origin: `${use.origin} (${p}_use_tls = yes)` };
  return lvl;
}

export function serverEnforced(cfg: EffectiveConfig, role: ServerRole): boolean {
  return serverLevel(cfg, role).value.toLowerCase() === 'encrypt' || yes(setting(cfg, 'smtpd_tls_wrappermode', role.service).value);
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
