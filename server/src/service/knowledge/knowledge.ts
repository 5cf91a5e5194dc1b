import factsFile from './parameters.json';
import postconfDefaults from './postconf-defaults.json';
import summaries from './docs/summaries.json';
import history from './history.json';
import { atLeast, compareVersions, parseVersion, Version, VersionContext } from './version';
import { valueSetOf, ValueSet } from './valueSets';

export interface ParamFacts {
  name: string;
  default: string;
  since: string | null;
  tls: boolean;
  type?: 'string' | 'boolean' | 'integer' | 'time';
  min?: number;
  max?: number;
  deprecated?: { since: string; replacement: string | null };
  experimental?: boolean;
}

/** postconf -d values that describe the machine it ran on, not Postfix. */
const HOST_SPECIFIC = new Set(['myhostname', 'mydomain', 'mynetworks', 'mail_release_date', 'mail_version', 'inet_protocols', 'config_directory']);

const FACTS = new Map<string, ParamFacts>();
for (const p of (factsFile as { parameters: ParamFacts[] }).parameters) FACTS.set(p.name, p);
const SUMMARIES = summaries as Record<string, string>;
const POSTCONF_D = postconfDefaults as { version: string; defaults: Record<string, string> };

export function facts(name: string): ParamFacts | undefined {
  return FACTS.get(name);
}

export function allFacts(): Iterable<ParamFacts> {
  return FACTS.values();
}

const REMOVED = history.removed as Record<string, string>;

/** Documented names that current Postfix no longer knows, with what became of them. */
export function removedNote(name: string): string | undefined {
  return Object.hasOwn(REMOVED, name) ? REMOVED[name] : undefined;
}

export function isBuiltin(name: string): boolean {
  return FACTS.has(name) && !(name in REMOVED);
}

/**
 * First release of a name; for names without a recorded version that Postfix 3.7
 * does not know, `approximate` says only "after 3.7" is certain.
 */
export function sinceInfo(name: string): { version: Version; approximate: boolean } | undefined {
  const f = FACTS.get(name);
  if (!f) return undefined;
  if (f.since) return { version: parseVersion(f.since)!, approximate: false };
  if (f.experimental) return { version: parseVersion('3.12')!, approximate: false };
  if (!(name in POSTCONF_D.defaults) && !(name in REMOVED) && !isTemplateName(name)) {
    const after = parseVersion(history.newerThan)!;
    return { version: [after[0], after[1] + 1, 0], approximate: true };
  }
  return undefined;
}

/** `transport_time_limit` and friends stand for any service name. */
function isTemplateName(name: string): boolean {
  return name.startsWith('transport_');
}

export function summaryOf(name: string): string | undefined {
  // Own properties only: `constructor` or `toString` is a user's name here, not Object's.
  return Object.hasOwn(SUMMARIES, name) ? SUMMARIES[name] : undefined;
}

/** valueSetOf() tries a list of patterns: asked for every definition of every validation, so remembered. */
const VALUE_SETS = new Map<string, ValueSet | null>();

export function valueSet(name: string): ValueSet | undefined {
  let v = VALUE_SETS.get(name);
  if (v === undefined) {
    v = valueSetOf(name, FACTS.get(name)?.type) ?? null;
    if (VALUE_SETS.size >= 50_000) VALUE_SETS.clear();
    VALUE_SETS.set(name, v);
  }
  return v ?? undefined;
}

export function sinceVersion(name: string): Version | undefined {
  return sinceInfo(name)?.version;
}

/** defaultValue() answers per version context (one per effective configuration): completion asks for every name. */
const DEFAULTS = new WeakMap<VersionContext, Map<string, string | null>>();

/** The documented default rendered as postconf would print it, or undefined when it depends on the build. */
export function defaultValue(name: string, ctx: VersionContext): string | undefined {
  let known = DEFAULTS.get(ctx);
  if (!known) {
    known = new Map();
    DEFAULTS.set(ctx, known);
  }
  let v = known.get(name);
  if (v === undefined) {
    v = computeDefault(name, ctx) ?? null;
    if (known.size >= 20_000) known.clear();
    known.set(name, v);
  }
  return v ?? undefined;
}

function computeDefault(name: string, ctx: VersionContext): string | undefined {
  if (HOST_SPECIFIC.has(name)) return undefined;
  const special = versionedDefault(name, ctx);
  if (special !== undefined) return special;
  const f = FACTS.get(name);
  if (!f) return undefined;
  const d = decode(f.default);
  // A deprecated alias that postconf does not define has no default of its own: its replacement's default asks whether it is set.
  if (f.deprecated && !(name in POSTCONF_D.defaults)) return '';
  // "normal: 300s, overload: 10s" describes ${stress?...}; the real default is postconf's.
  if (/^see ["']?postconf -d/.test(d) || /\b(normal|overload):/.test(d)) return POSTCONF_D.defaults[name];
  if (d === 'version dependent' || d === 'no default') return POSTCONF_D.defaults[name];
  if (d === 'empty') return '';
  if (d.startsWith('Postfix ')) return conditionalDefault(d, ctx.target) ?? POSTCONF_D.defaults[name];
  return d;
}

function decode(s: string): string {
  return s.replace(/&ge;/g, '≥').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** "Postfix ≥ 3.11: a; Postfix < 3.11: b" and "Postfix ≥ 3.11: no, Postfix 3.10: yes". */
function conditionalDefault(d: string, target: Version): string | undefined {
  for (const part of d.split(/[;,]\s*(?=Postfix)/)) {
    const m = /^Postfix\s*(≥|<|>=)?\s*([\d.]+):\s*(.*)$/.exec(part.trim());
    if (!m) continue;
    const v = parseVersion(m[2])!;
    const c = compareVersions(target, v);
    const ok = m[1] === '<' ? c < 0 : m[1] ? c >= 0 : c === 0 || c > 0;
    if (ok) return m[3] === 'empty' ? '' : m[3];
  }
  return undefined;
}

/** TLS defaults that depend on the release and the compatibility level (postconf.proto, RELEASE_NOTES). */
function versionedDefault(name: string, ctx: VersionContext): string | undefined {
  if (/^(smtpd?|lmtp)_tls_(mandatory_)?protocols$/.test(name)) {
    if (atLeast(ctx.target, '3.6')) return '>=TLSv1';
    return name.includes('mandatory') ? '!SSLv2, !SSLv3' : '!SSLv2, !SSLv3';
  }
  if (/^(smtpd?|lmtp)_tls_fingerprint_digest$/.test(name)) return atLeast(ctx.compat, '3.6') && atLeast(ctx.target, '3.6') ? 'sha256' : 'md5';
  if (name === 'smtp_tls_security_level') return atLeast(ctx.target, '3.11') && atLeast(ctx.compat, '3.11') ? 'may' : '';
  return undefined;
}

export function defaultsBuild(): string {
  return POSTCONF_D.version;
}

/**
 * How the default of a parameter changed across releases at the compatibility
 * level of `ctx`: oldest first, one entry per change; the first entry's `since`
 * may read "before X". (For now evaluated from defaultValue(); to be replaced by
 * data from real builds.)
 */
export function defaultHistory(name: string, ctx: VersionContext): { since: string; value: string }[] {
  const releases = ['2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '3.0', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11', '3.12'];
  const first = sinceVersion(name);
  const out: { since: string; value: string }[] = [];
  for (const release of releases) {
    const target = parseVersion(release)!;
    if (first && compareVersions(target, [first[0], first[1], 0]) < 0) continue;
    const value = defaultValue(name, { target, targetSource: 'setting', compat: ctx.compat });
    if (value === undefined) continue;
    if (out.length && out[out.length - 1].value === value) continue;
    out.push({ since: release, value });
  }
  if (out.length > 1 && !facts(name)?.since && out[0].since === releases[0]) out[0].since = `before ${out[1].since}`;
  return out;
}
