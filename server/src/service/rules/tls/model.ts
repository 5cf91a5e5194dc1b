import type { Range } from 'vscode-languageserver-types';
import type { EffectiveConfig } from '../../config';
import { FileKind, finding, Finding, FindingArgs, Severity } from '../../findings';
import type { RuleId } from '../catalogue';
import type { ParamDef, ParsedConfig, ServiceEntry } from '../../parser/ast';
import type { CertificateInspector } from './certificates';
import { generating, Setting } from '../../setting';

export { describeDef, type Setting } from '../../setting';

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

export type { FileKind } from '../../findings';

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
  /** Reads a policy table source main.cf names (service/tables/); absent without file access. */
  readTable?: (path: string) => string | undefined;
  report(f: TlsFinding): void;
  /** Findings reported with a dedupe key (one cause seen by several servers), by key. */
  once?: Map<string, TlsFinding>;
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

export function fileOf(def: ParamDef | undefined, ctx: TlsContext): FileKind {
  if (def) return def.origin;
  return ctx.main ? 'main' : 'master';
}

/**
 * Where a finding about a setting goes: its value if set, else the first related definition that
 * exists (where the fix will go), else the first definition of the file. Never a zero-width mark
 * on line 1 of a comment.
 */
export function anchor(ctx: TlsContext, s: Setting, related: readonly string[] = [], on: 'value' | 'name' = 'value'): { file: FileKind; range: Range } {
  if (s.def) return { file: s.def.origin, range: on === 'value' && s.def.value ? s.def.valueRange : s.def.nameRange };
  for (const n of related) {
    const d = ctx.cfg.mainDefs.get(n);
    if (d && !d.templated) return { file: 'main', range: d.nameRange };
  }
  return top(ctx);
}

/**
 * For a setting left at its default: where to show the finding and where its block fix goes (the fix
 * inserts the block right there). The last definition of the family (`smtpd_tls_`), which is where
 * the block fix adds its lines; else the last of `others` (the setting that makes it matter, such as
 * relayhost); else the first definition of main.cf, with the block going above it.
 */
export function absentAnchor(ctx: TlsContext, family: string, others: readonly string[] = []): { at: { file: FileKind; range: Range }; place?: { line: number; before?: boolean } } {
  const last = (ds: Iterable<ParamDef>) => [...ds].filter((d) => !d.templated).sort((a, b) => a.range.end.line - b.range.end.line).pop();
  const d = last([...ctx.cfg.mainDefs.values()].filter((x) => x.name.startsWith(family)))
    ?? last(others.map((n) => ctx.cfg.mainDefs.get(n)).filter((x): x is ParamDef => !!x));
  if (d) return { at: { file: 'main', range: d.nameRange }, place: { line: d.range.end.line } };
  const t = top(ctx);
  return { at: t, place: t.file === 'main' && ctx.main?.defs[0] ? { line: ctx.main.defs[0].range.start.line, before: true } : undefined };
}

/** The first definition of the file the finding belongs to (its name), or the first line when there is none. */
export function top(ctx: TlsContext): { file: FileKind; range: Range } {
  const file: FileKind = ctx.main ? 'main' : 'master';
  const first = file === 'main' ? ctx.main?.defs[0] : ctx.master?.services[0]?.name;
  if (first) return { file, range: 'nameRange' in first ? first.nameRange : first.range };
  return { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

export function yes(v: string): boolean {
  return v.toLowerCase() === 'yes';
}

/** What a TLS rule reports: the severity only where the catalogue has none for the rule or the case differs (findings.ts). */
export type ReportArgs<R extends RuleId> = Pick<FindingArgs<R>, 'rule' | 'severity' | 'message' | 'data' | 'unnecessary' | 'fixes'> & {
  at: { file: FileKind; range: Range };
};

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/**
 * Reports a finding. With `dedupe`, a second finding of the same rule at the same place (one
 * definition that several servers inherit) is not repeated: the most severe one is kept.
 */
export function emit<R extends RuleId>(ctx: TlsContext, a: ReportArgs<R>, dedupe?: string): void {
  const { at, ...rest } = a;
  const f: TlsFinding = { ...finding({ ...rest, range: at.range } as FindingArgs<R>), file: at.file };
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

/** An address only this machine can reach. */
function loopbackHost(h: string): boolean {
  const a = h.replace(/^\[|\]$/g, '').toLowerCase();
  return a === 'localhost' || a === 'loopback-only' || a === '::1' || a === '0:0:0:0:0:0:0:1' || /^127\.\d+\.\d+\.\d+$/.test(a) || a === 'ip6-localhost' || a === 'localhost6';
}

/**
 * inet_interfaces names loopback addresses only (`loopback-only`, `localhost`, `127.0.0.1`, `[::1]`):
 * services without an address of their own then accept no mail from other hosts. Unknown values count as exposed.
 */
export function loopbackOnly(cfg: EffectiveConfig): boolean {
  const s = cfg.setting('inet_interfaces');
  if (s.unknown) return false;
  const items = s.value.split(/[\s,]+/).filter(Boolean);
  return items.length > 0 && items.every(loopbackHost);
}

/** A master.cf inet service reachable from other hosts: `127.0.0.1:10025` is not, nor a bare port when inet_interfaces is loopback only. */
function exposed(service: ServiceEntry, loopback: boolean): boolean {
  const name = service.name.text;
  const i = name.lastIndexOf(':');
  if (i < 0) return !loopback;
  return !loopbackHost(name.slice(0, i));
}

const NOT_SMTP = new Set(['error', 'discard', 'local', 'virtual', 'lmtp', 'pipe', 'bounce', 'flush', 'showq', 'trivial-rewrite', 'cleanup', 'qmgr', 'oqmgr', 'spawn', 'scache']);

/**
 * Whether mail can leave through the SMTP client: the default and relay transports, and any transport,
 * sender-dependent or relay table (whose content we cannot see, so it may name smtp).
 * A host whose every path is `error`, `discard`, local delivery, LMTP or a pipe does not use it.
 */
export function smtpClientUsed(cfg: EffectiveConfig): boolean {
  const viaTransport = (name: string): boolean => {
    const s = cfg.setting(name);
    if (s.unknown) return true;
    const transport = s.value.split(':')[0].trim();
    if (transport === '') return false;
    // Without master.cf the stock services apply; discard is one of them.
    const cmd = cfg.serviceCommands.get(transport) ?? (!cfg.master && NOT_SMTP.has(transport) ? transport : undefined);
    // A transport master.cf does not define: Postfix defers the mail; do not guess it away.
    if (cmd === undefined) return true;
    return !NOT_SMTP.has(cmd);
  };
  for (const table of ['transport_maps', 'sender_dependent_default_transport_maps']) {
    const t = cfg.setting(table);
    if (t.unknown || t.value !== '') return true;
  }
  if (viaTransport('default_transport')) return true;
  const relayDomains = cfg.setting('relay_domains');
  if ((relayDomains.unknown || relayDomains.value !== '') && viaTransport('relay_transport')) return true;
  return false;
}

/**
 * The servers and clients that matter: smtpd and postscreen services other hosts can reach, and the
 * SMTP client when mail can leave through it. Without master.cf, main.cf is judged as a port-25
 * server (unless inet_interfaces keeps it on loopback) plus a client.
 */
export function roles(cfg: EffectiveConfig, hasMaster: boolean): { servers: ServerRole[]; clients: ClientRole[] } {
  // A main.cf without a single definition (only comments) is a placeholder, not a configuration to judge.
  if (!hasMaster && cfg.main && !cfg.main.template && cfg.main.defs.length === 0) return { servers: [], clients: [] };
  const loopback = loopbackOnly(cfg);
  const clientUsed = smtpClientUsed(cfg);
  if (!hasMaster) {
    return {
      servers: loopback || !actsAsServer(cfg) ? [] : [{ kind: 'mx', port: 25, label: 'port 25 (main.cf)' }],
      clients: clientUsed ? [{ program: 'smtp', label: 'SMTP client' }] : [],
    };
  }
  const servers: ServerRole[] = [];
  const passSmtpd = cfg.services.find((s) => s.type.text === 'pass' && s.command?.text === 'smtpd');
  for (const s of cfg.services) {
    if (s.type.text !== 'inet') continue;
    const cmd = s.command?.text;
    if (cmd !== 'smtpd' && cmd !== 'postscreen') continue;
    if (!exposed(s, loopback)) continue;
    const port = portOf(s.name.text);
    const kind = port === 25 ? 'mx' : port === 587 ? 'submission' : port === 465 ? 'submissions' : 'other';
    if (cmd === 'postscreen') {
      servers.push({ kind, port, service: passSmtpd, postscreen: s, listener: s, label: `${s.name.text} (postscreen, master.cf line ${s.range.start.line + 1})` });
    } else {
      servers.push({ kind, port, service: s, listener: s, label: `${s.name.text} (master.cf line ${s.range.start.line + 1})` });
    }
  }
  const clients: ClientRole[] = [];
  if (clientUsed) {
    clients.push({ program: 'smtp', label: 'SMTP client' });
    for (const s of cfg.services) {
      const cmd = s.command?.text;
      if ((cmd === 'smtp' || cmd === 'lmtp') && s.overrides.some((o) => /tls/.test(o.name))) {
        clients.push({ program: cmd, service: s, label: `${s.name.text} (master.cf line ${s.range.start.line + 1})` });
      }
    }
  }
  return { servers, clients };
}

const LEVELS = new WeakMap<ServerRole | ClientRole, Setting>();

/** Server TLS level, honouring the pre-2.3 switches when the level is unset; worked out once per role. */
export function serverLevel(cfg: EffectiveConfig, role: ServerRole): Setting {
  return levelOf(cfg, role, 'smtpd', false);
}

/** Client TLS level, likewise; an explicitly empty level is not replaced by the old switches. */
export function clientLevel(cfg: EffectiveConfig, role: ClientRole): Setting {
  return levelOf(cfg, role, role.program, true);
}

/** `<program>_tls_security_level`, else what `<program>_enforce_tls` / `<program>_use_tls` = yes stand for. */
function levelOf(cfg: EffectiveConfig, role: ServerRole | ClientRole, program: string, explicitStops: boolean): Setting {
  const kept = LEVELS.get(role);
  if (kept) return kept;
  const level = ((): Setting => {
    const lvl = cfg.setting(`${program}_tls_security_level`, role.service);
    if (lvl.value !== '' || (explicitStops && lvl.explicit) || lvl.unknown) return lvl;
    const enforce = cfg.setting(`${program}_enforce_tls`, role.service);
    if (enforce.unknown) return { ...lvl, unknown: true };
    if (yes(enforce.value)) return { ...enforce, value: 'encrypt', origin: `${enforce.origin} (${program}_enforce_tls = yes)` };
    const use = cfg.setting(`${program}_use_tls`, role.service);
    if (use.unknown) return { ...lvl, unknown: true };
    if (yes(use.value)) return { ...use, value: 'may', origin: `${use.origin} (${program}_use_tls = yes)` };
    return lvl;
  })();
  LEVELS.set(role, level);
  return level;
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
  return serverActsOn(serverLevel(cfg, role).value) === 'encrypt' || yes(cfg.setting('smtpd_tls_wrappermode', role.service).value);
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

/** The server offers TLS (STARTTLS or implicit), or we cannot tell. */
export function serverTlsOn(cfg: EffectiveConfig, role: ServerRole): boolean {
  const level = serverLevel(cfg, role);
  if (level.unknown) return true;
  const lv = level.value.toLowerCase();
  if (lv !== '' && lv !== 'none') return true;
  const w = cfg.setting('smtpd_tls_wrappermode', role.service);
  return w.unknown || yes(w.value);
}

/** The client may use TLS, or we cannot tell. */
export function clientTlsOn(cfg: EffectiveConfig, role: ClientRole): boolean {
  const level = clientLevel(cfg, role);
  const lv = level.value.toLowerCase();
  return level.unknown || (lv !== '' && lv !== 'none');
}

const LAYER_CACHE = new WeakMap<TlsContext, { server: boolean; client: boolean; lmtp: boolean }>();

/**
 * Whether the TLS layer a definition tunes is in use anywhere: a protocol, cipher or logging finding
 * about a layer that is off (or a service nobody outside reaches) is noise: the missing TLS is the finding.
 */
export function layerActive(ctx: TlsContext, def: ParamDef): boolean {
  const { cfg } = ctx;
  let on = LAYER_CACHE.get(ctx);
  if (!on) {
    const lmtpLevel = cfg.setting('lmtp_tls_security_level');
    on = {
      server: ctx.servers.some((r) => serverTlsOn(cfg, r)),
      client: ctx.clients.some((r) => r.program === 'smtp' && clientTlsOn(cfg, r)),
      lmtp: lmtpLevel.unknown || !['', 'none'].includes(lmtpLevel.value.toLowerCase()) || ctx.clients.some((r) => r.program === 'lmtp' && clientTlsOn(cfg, r)),
    };
    LAYER_CACHE.set(ctx, on);
  }
  const n = def.name;
  if (def.origin === 'master' && def.service) {
    const svc = def.service;
    const server = ctx.servers.find((r) => r.service === svc || r.postscreen === svc || r.listener === svc);
    if (server) return serverTlsOn(cfg, server);
    const client = ctx.clients.find((r) => r.service === svc);
    if (client) return clientTlsOn(cfg, client);
    const cmd = svc.command?.text;
    // An smtpd nobody outside reaches, or a client no mail takes: nothing to judge.
    if (cmd === 'smtpd' || cmd === 'postscreen' || cmd === 'smtp' || cmd === 'lmtp') return false;
  }
  if (/^(smtpd|postscreen|tlsproxy)_/.test(n) && !n.startsWith('tlsproxy_client')) return on.server;
  if (/^(smtp|tlsproxy_client)_/.test(n)) return on.client;
  if (n.startsWith('lmtp_')) return on.lmtp;
  return on.server || on.client || on.lmtp;
}

/**
 * Whether other mail servers deliver to this host: it is the final destination or a relay for some
 * domain (mydestination, relay_domains, virtual domains, or a transport table that may route some).
 * A relay container with all of these empty only passes on what its own networks submit.
 */
export function receivesInternetMail(cfg: EffectiveConfig, service?: ServiceEntry): boolean {
  if (onlyOwnClients(cfg, service)) return false;
  for (const n of ['mydestination', 'relay_domains', 'virtual_alias_domains', 'virtual_mailbox_domains', 'transport_maps', 'relay_recipient_maps']) {
    const s = cfg.setting(n);
    if (s.unknown || s.value !== '') return true;
  }
  return false;
}

const OWN_NAMES = new Set(['$myhostname', '${myhostname}', '$(myhostname)', 'localhost', 'localhost.$mydomain', 'localhost.${mydomain}', 'localhost.localdomain']);

/**
 * main.cf alone says nothing about master.cf: judge it as a port-25 server only when it configures one,
 * with an smtpd or postscreen setting, or domains it receives mail for beyond the host's own names.
 * A file that sets up a relayhost and nothing else is a sending host, as on macOS or a null client.
 */
function actsAsServer(cfg: EffectiveConfig): boolean {
  for (const [name, d] of cfg.mainDefs) {
    if (name.startsWith('smtpd_') || name.startsWith('postscreen_')) return true;
    if (name === 'mydestination') {
      if (d.templated || d.value.split(/[\s,]+/).some((x) => x !== '' && !OWN_NAMES.has(x.toLowerCase()))) return true;
    } else if (/^(relay_domains|virtual_alias_domains|virtual_mailbox_domains|virtual_alias_maps|virtual_mailbox_maps|relay_recipient_maps|transport_maps)$/.test(name) && (d.templated || d.value.trim() !== '')) {
      return true;
    }
  }
  return generating(cfg.main);
}

const TRUSTED_PERMITS = new Set(['permit_mynetworks', 'permit_sasl_authenticated', 'permit_tls_clientcerts', 'permit_tls_all_clientcerts']);

/**
 * smtpd_relay_restrictions (or smtpd_recipient_restrictions) that end in a bare `reject` after
 * permitting only the own networks and authenticated clients: nobody else can hand this server any
 * mail, so it is a submission relay for its own clients, not an MX.
 */
function onlyOwnClients(cfg: EffectiveConfig, service?: ServiceEntry): boolean {
  for (const n of ['smtpd_relay_restrictions', 'smtpd_recipient_restrictions']) {
    const s = cfg.setting(n, service);
    if (s.unknown || !s.explicit) continue;
    const items = s.value.split(/[\s,]+/).filter(Boolean).map((x) => x.toLowerCase());
    if (items.length >= 2 && items[items.length - 1] === 'reject' && items.slice(0, -1).every((x) => TRUSTED_PERMITS.has(x))) return true;
  }
  return false;
}
