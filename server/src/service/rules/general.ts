import type { Range } from 'vscode-languageserver-types';
import type { EffectiveConfig } from '../config';
import { finding, Finding, FixPlan } from '../findings';
import type { ParamDef, ParsedConfig } from '../parser/ast';
import { rangeAt } from '../parser/lines';
import { branchOf } from '../parser/branches';
import { hasMask } from '../parser/logical';
import { Reference, scanReferences, splitList } from '../parser/values';
import { isRawParameter } from '../knowledge/rawParameters';
import { allFacts, backportsOf, defaultValue, facts, knownIn, removedNote, sinceVersion, valueSet } from '../knowledge/knowledge';
import { compareVersions, formatVersion, parseVersion } from '../knowledge/version';
import { ENUMS, LIST_ENUMS, OTHER_ENUMS } from '../knowledge/valueSets';
import { deprecationFix } from './deprecations';
import { definitionCount } from '../setting';
import { NameIndex } from './suggest';

let builtinNames: NameIndex | undefined;
/** Every documented name, indexed once for "did you mean" (the index remembers its answers). */
function names(): NameIndex {
  return (builtinNames ??= new NameIndex([...allFacts()].map((f) => f.name)));
}

export function valueRange(def: ParamDef, start: number, end: number): Range {
  return rangeAt(def.logical, def.valueOffset + start, def.valueOffset + end);
}

function versionText(cfg: EffectiveConfig): string {
  const v = formatVersion(cfg.version.target);
  switch (cfg.version.targetSource) {
    case 'setting':
      return `Postfix ${v} (setting postfix.targetVersion)`;
    case 'installed':
      return `Postfix ${v} (the postconf installed here)`;
    case 'compatibility_level':
      return `Postfix ${v} (from compatibility_level)`;
    default:
      return `Postfix ${v} (latest stable; set postfix.targetVersion to change)`;
  }
}

/**
 * "Did you mean" costs an edit distance against every known name. A file with
 * thousands of unknown names is not a typo: past this many lookups the findings
 * come without a suggestion, so validation stays fast on junk input.
 */
const MAX_SUGGESTIONS = 500;

type Suggest = (name: string, extra?: Iterable<string>) => string | undefined;

function suggester(): Suggest {
  let left = MAX_SUGGESTIONS;
  return (name, extra) => {
    if (left <= 0) return undefined;
    left--;
    return names().nearest(name, extra);
  };
}

/** The rules that any main.cf / master.cf editor is expected to have. */
export function generalRules(doc: ParsedConfig, cfg: EffectiveConfig): Finding[] {
  const out: Finding[] = [];
  const suggest = suggester();
  for (const p of doc.problems) out.push(finding({ rule: p.code, range: p.range, message: p.message }));
  const seen = new Map<string, ParamDef>();
  for (const def of doc.defs) {
    continuations(def, cfg, out);
    if (def.templated && hasMask(def.name)) continue;
    unknown(def, cfg, out, suggest);
    duplicate(def, doc, seen, out);
    deprecated(def, cfg, out);
    versionMismatch(def, cfg, out);
    references(def, doc, cfg, out, suggest);
    if (!hasMask(def.value)) invalidValue(def, cfg, out);
    defaultRestated(def, doc, cfg, out);
  }
  return out;
}

/**
 * Defaults that depend on compatibility_level (or on the build), where a line that looks
 * like the default may keep a setting that the fallback would change.
 */
const COMPAT_SENSITIVE: ReadonlySet<string> = new Set([
  'compatibility_level', 'append_dot_mydomain', 'relay_domains', 'mynetworks_style', 'smtputf8_enable', 'smtpd_relay_restrictions',
  'smtp_tls_security_level', 'milter_default_action', 'default_database_type', 'default_cache_db_type', 'address_verify_map', 'postscreen_cache_map',
  'smtpd_tls_fingerprint_digest', 'smtp_tls_fingerprint_digest', 'lmtp_tls_fingerprint_digest',
  'smtpd_tls_protocols', 'smtpd_tls_mandatory_protocols', 'smtp_tls_protocols', 'smtp_tls_mandatory_protocols', 'lmtp_tls_protocols', 'lmtp_tls_mandatory_protocols',
]);

function normalizeValue(v: string, boolean: boolean): string {
  const t = v.replace(/\s*,\s*/g, ', ').replace(/\s+/g, ' ').trim();
  return boolean ? t.toLowerCase() : t;
}

/**
 * The default a main.cf definition restates (so removing the line changes nothing), or
 * undefined. Only the one definition of a name counts, and only defaults that are the same
 * on every build and compatibility level of the target release.
 */
export function restatedDefault(def: ParamDef, doc: ParsedConfig, cfg: EffectiveConfig): string | undefined {
  if (def.origin !== 'main' || def.templated || COMPAT_SENSITIVE.has(def.name)) return undefined;
  const f = facts(def.name);
  if (!f || f.deprecated || !cfg.isKnown(def.name) || cfg.mainDefs.get(def.name) !== def) return undefined;
  if (unstatedDefault(def.name, f.default)) return undefined;
  if (definitionCount(doc, def.name) > 1) return undefined;
  const dv = defaultValue(def.name, cfg.version);
  if (dv === undefined) return undefined;
  // Written exactly as the default (the usual case): equal however it is normalized.
  if (def.value === dv) return dv;
  const boolean = f.type === 'boolean';
  return normalizeValue(def.value, boolean) === normalizeValue(dv, boolean) ? dv : undefined;
}

/** Per name: whether the documented default is a description rather than a value (tested once, not for every definition). */
const UNSTATED = new Map<string, boolean>();

function unstatedDefault(name: string, documented: string): boolean {
  let u = UNSTATED.get(name);
  if (u === undefined) {
    u = /postconf -d|^Postfix\b|normal:|version dependent|no default/i.test(documented);
    UNSTATED.set(name, u);
  }
  return u;
}

function defaultRestated(def: ParamDef, doc: ParsedConfig, cfg: EffectiveConfig, out: Finding[]): void {
  const dv = restatedDefault(def, doc, cfg);
  if (dv === undefined) return;
  out.push(finding({
    rule: 'default-value',
    range: def.range,
    message: `same as the default: "${def.name}" is ${dv === '' ? 'empty' : `"${dv}"`} by default in Postfix ${formatVersion(cfg.version.target)}, so this line changes nothing`,
    unnecessary: true,
    fixes: [{ title: `Remove "${def.name}" (same as the default)`, edits: [{ kind: 'remove', file: 'main', range: def.range }] }],
  }));
}

function continuations(def: ParamDef, cfg: EffectiveConfig, out: Finding[]): void {
  for (const s of def.suspiciousContinuations) {
    if (!cfg.isKnown(s.name) && !s.name.includes('_')) continue;
    out.push(finding({
      rule: 'accidental-continuation',
      range: s.range,
      message: `this indented line looks like "${s.name} = ...", but a line that starts with whitespace continues the value of "${def.name}": remove the leading whitespace to make it a parameter of its own`,
      fixes: [{ title: 'Remove the leading whitespace (make it a parameter of its own)', preferred: true, fixAll: false, edits: [{ kind: 'replace', file: def.origin, range: { start: { line: s.range.start.line, character: 0 }, end: s.range.start }, text: '' }] }],
    }));
  }
}

function unknown(def: ParamDef, cfg: EffectiveConfig, out: Finding[], suggest: Suggest): void {
  if (cfg.isUsed(def.name)) return;
  const where = def.origin === 'master' ? ` (-o override of ${def.service?.key})` : '';
  const gone = removedNote(def.name);
  if (gone) {
    out.push(finding({
      rule: 'unknown-parameter',
      range: def.nameRange,
      message: `"${def.name}"${where} is not known to Postfix ${formatVersion(cfg.version.target)}: ${gone}; postconf reports it as an unused parameter and the line has no effect`,
    }));
    return;
  }
  const suggestion = suggest(def.name);
  out.push(finding({
    rule: 'unknown-parameter',
    range: def.nameRange,
    message: `unknown parameter "${def.name}"${where}: Postfix does not know it and no $${def.name} uses it (postconf: "unused parameter")${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
    ...(suggestion ? { data: { suggestion }, fixes: [renameTo(def, def.nameRange, suggestion, suggestion)] } : {}),
  }));
}

function duplicate(def: ParamDef, doc: ParsedConfig, seen: Map<string, ParamDef>, out: Finding[]): void {
  // Overrides only collide within the same service; in a template, only within the same branch
  // (definitions in different branches are alternatives, see parser/branches.ts).
  // (A main.cf that is no template has one branch, and only main.cf definitions: the name is the key.)
  const key = def.origin === 'main' && !doc.template ? def.name : `${def.origin === 'master' ? `${def.service?.key}\u0000${def.name}` : def.name}\u0000${branchOf(doc, def)}`;
  const prev = seen.get(key);
  seen.set(key, def);
  if (!prev) return;
  out.push(finding({
    rule: 'duplicate-parameter',
    range: def.nameRange,
    message: `"${def.name}" is already set on line ${prev.range.start.line + 1}: this later definition wins and the earlier one is ignored`,
    related: [{ range: prev.range, message: `earlier definition of ${def.name} (ignored)` }],
  }));
}


/** Deprecated names that a TLS rule reports with a sharper message (dh-param-file, ignored-parameter). */
const COVERED_BY_TLS_RULES = new Set(['smtpd_tls_dh1024_param_file', 'smtpd_tls_eecdh_grade']);

function deprecated(def: ParamDef, cfg: EffectiveConfig, out: Finding[]): void {
  const f = facts(def.name);
  if (!f?.deprecated || COVERED_BY_TLS_RULES.has(def.name)) return;
  const since = parseVersion(f.deprecated.since)!;
  const effective = compareVersions(cfg.version.target, since) >= 0;
  const fix = deprecationFix(def, f.deprecated.replacement);
  const instead = f.deprecated.replacement ? `use "${f.deprecated.replacement}" instead` : 'it has no replacement: remove it';
  out.push(finding({
    rule: 'deprecated-parameter',
    severity: effective ? 'warning' : 'hint',
    range: def.nameRange,
    message: `"${def.name}" is deprecated since Postfix ${f.deprecated.since}${effective ? '' : ` (the target is ${formatVersion(cfg.version.target)}, so it still works there)`}: ${instead}${fix?.note ? ` (${fix.note})` : ''}`,
    deprecated: true,
    fixes: fix && [fix.fix],
  }));
}

/** sinceVersion() by name: it parses the version text at every call, and is asked for every definition. */
const SINCE = new Map<string, ReturnType<typeof sinceVersion> | null>();

function versionMismatch(def: ParamDef, cfg: EffectiveConfig, out: Finding[]): void {
  let since = SINCE.get(def.name);
  if (since === undefined) {
    since = sinceVersion(def.name) ?? null;
    if (SINCE.size >= 50_000) SINCE.clear();
    SINCE.set(def.name, since);
  }
  // A name backported to the target's series (tls_config_name: 3.9, and 3.7.6) exists there.
  if (since && compareVersions(since, cfg.version.target) > 0 && !knownIn(def.name, cfg.version.target)) {
    const f = facts(def.name);
    const backport = backportsOf(def.name).find((b) => compareVersions(parseVersion(b)!.slice(0, 2), cfg.version.target.slice(0, 2)) === 0);
    out.push(finding({
      rule: 'version-mismatch',
      range: def.nameRange,
      message: `"${def.name}" ${f?.experimental ? 'exists only in the Postfix 3.12 snapshot' : `needs Postfix ${formatVersion(since)} or later${backport ? ` (or ${backport})` : ''}`}; the target is ${versionText(cfg)}`,
    }));
  }
}

/**
 * `$name` references postconf warns "undefined parameter" about, and only those (measured with
 * postconf 3.7): in the value that counts (the last definition of the name in main.cf, or in the
 * service's `-o`), not in a value Postfix never expands (rawParameters.ts), and only for a name
 * that nothing defines. A main.cf value sees main.cf and the `-o` of every service (each service
 * runs with its own); an `-o` value sees its own service's `-o` and main.cf.
 */
function references(def: ParamDef, doc: ParsedConfig, cfg: EffectiveConfig, out: Finding[], suggest: Suggest): void {
  // The value is taken as written: `$` means nothing there, not even a truncated `${`.
  if (isRawParameter(def.name)) return;
  const { refs, problems } = scanReferences(def.value);
  for (const p of problems) {
    out.push(finding({ rule: 'syntax', range: valueRange(def, p.start, p.end), message: p.message }));
  }
  if (refs.length === 0 || superseded(def, doc)) return;
  for (const r of refs) {
    if (!wellFormed(def.value, r)) continue;
    if (cfg.isDefinedOrKnown(r.name, def.service)) continue;
    if (def.origin === 'main' && definedInSomeService(cfg, r.name)) continue;
    // Postfix names are lower case: `$RELAY_HOST` is almost always a placeholder that an entrypoint
    // (envsubst, sed) replaces before Postfix reads the file. postconf still warns, so it stays a finding, but a quiet one.
    const placeholder = /[A-Z]/.test(r.name) && !/[a-z]/.test(r.name);
    const suggestion = placeholder ? undefined : suggest(r.name, cfg.mainDefs.keys());
    out.push(finding({
      rule: 'undefined-reference',
      severity: placeholder ? 'hint' : 'warning',
      range: valueRange(def, r.nameStart, r.nameEnd),
      message: placeholder
        ? `"$${r.name}" is defined nowhere, so Postfix would expand it to nothing (postconf: "undefined parameter"); an upper-case name like this is usually a placeholder that a start-up script (envsubst, sed) fills in before Postfix reads the file`
        : `"$${r.name}" refers to a parameter that is neither built in nor defined: it expands to nothing (postconf: "undefined parameter")${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      ...(suggestion ? { data: { suggestion }, fixes: [renameTo(def, valueRange(def, r.nameStart, r.nameEnd), suggestion, `$${suggestion}`)] } : {}),
    }));
  }
}

/** "Did you mean": the misspelt name (or `$name`) replaced by the suggestion; not for "fix all", the guess is the admin's to accept. */
function renameTo(def: ParamDef, range: Range, name: string, shown: string): FixPlan {
  return { title: `Change to "${shown}"`, fixAll: false, edits: [{ kind: 'replace', file: def.origin, range, text: name }] };
}

/**
 * `${name}`, `${name?x}`, `${name:x}` (and the same with parentheses): postconf takes anything
 * else after the name (`${a == b ...}`) for a syntax error, not for a reference to `a`.
 */
function wellFormed(value: string, r: Reference): boolean {
  const open = value[r.start + 1];
  if (open !== '{' && open !== '(') return true;
  const next = value[r.nameEnd];
  return next === '?' || next === ':' || next === (open === '{' ? '}' : ')');
}

const SERVICE_NAMES = new WeakMap<EffectiveConfig, Set<string>>();

/** A name some master.cf service sets with `-o`: postconf counts it as defined for main.cf values. */
export function definedInSomeService(cfg: EffectiveConfig, name: string): boolean {
  let names = SERVICE_NAMES.get(cfg);
  if (!names) {
    names = new Set();
    for (const s of cfg.services) for (const o of s.overrides) names.add(o.name);
    SERVICE_NAMES.set(cfg, names);
  }
  return names.has(name);
}

/**
 * A definition a later one of the same name replaces (main.cf, or the same service's `-o`): Postfix
 * never reads its value. In a template, definitions in different branches are alternatives, so
 * none replaces another.
 */
function superseded(def: ParamDef, doc: ParsedConfig): boolean {
  // A plain main.cf: replaced unless it is the last definition of its name.
  if (!doc.template && def.origin === 'main') {
    const last = lastOfName(doc).get(def.name);
    return last !== undefined && last !== def;
  }
  const same = sameScope(doc).get(scopeKey(def)) ?? [];
  const at = same.indexOf(def);
  // (Not found: every definition of the scope counts as later, as slice(0) would give.)
  if (!doc.template) return at + 1 < same.length;
  const branch = branchOf(doc, def);
  for (let k = at + 1; k < same.length; k++) if (branchOf(doc, same[k]) === branch) return true;
  return false;
}

/** A name in main.cf, or a name in one service's `-o`. */
function scopeKey(def: ParamDef): string {
  return def.origin === 'master' ? `${def.service?.key}@${def.service?.range.start.line}\u0000${def.name}` : def.name;
}

const LAST_OF_NAME = new WeakMap<ParsedConfig, Map<string, ParamDef>>();

/** The last definition of each name in a file (one map per parse, no list per name). */
function lastOfName(doc: ParsedConfig): Map<string, ParamDef> {
  let m = LAST_OF_NAME.get(doc);
  if (!m) {
    m = new Map();
    for (const d of doc.defs) m.set(d.name, d);
    LAST_OF_NAME.set(doc, m);
  }
  return m;
}

const SAME_SCOPE = new WeakMap<ParsedConfig, Map<string, ParamDef[]>>();

/** The definitions of each name in each scope, in source order: built once per parse. */
function sameScope(doc: ParsedConfig): Map<string, ParamDef[]> {
  let m = SAME_SCOPE.get(doc);
  if (!m) {
    m = new Map();
    for (const d of doc.defs) {
      const k = scopeKey(d);
      const list = m.get(k);
      if (list) list.push(d);
      else m.set(k, [d]);
    }
    SAME_SCOPE.set(doc, m);
  }
  return m;
}

const INTEGER = /^-?\d+$/;
/** The words of Postfix's tls_log_table (tls_misc.c). */
const TLS_LOG_WORDS: ReadonlySet<string> = new Set([
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'none', 'routine', 'debug', 'ssl-expert', 'ssl-developer',
  'summary', 'untrusted', 'peercert', 'certmatch', 'verbose', 'cache', 'dane', 'ssl-debug',
  'ssl-handshake-packet-dump', 'ssl-session-packet-dump',
]);
const TIME = /^(\d+)([smhdw]?)$/i;
const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * OTHER_ENUMS and LIST_ENUMS as maps: looked up for every definition, with names from the file. A
 * map neither finds Object's own `constructor` or `toString` nor interns each name it is asked for.
 */
const OTHER_ENUM_MAP: ReadonlyMap<string, readonly string[]> = new Map(Object.entries(OTHER_ENUMS));
const LIST_ENUM_MAP: ReadonlyMap<string, readonly string[]> = new Map(Object.entries(LIST_ENUMS));

/** Whether invalidValue() has a check for the name's value: a value set, an enumeration, or a boolean, integer or time type. */
function judged(name: string, type: string | undefined): boolean {
  const set = valueSet(name);
  if (set === 'serverSecurityLevel' || set === 'cipherGrade' || set === 'tlsProtocol') return false;
  if (set === 'tlsLogLevel' || set === 'boolean') return true;
  if ((set && ENUMS[set]) || OTHER_ENUM_MAP.has(name) || LIST_ENUM_MAP.has(name)) return true;
  return type === 'boolean' || type === 'integer' || type === 'time';
}

function invalidValue(def: ParamDef, cfg: EffectiveConfig, out: Finding[]): void {
  const f = facts(def.name);
  const raw = def.value.trim();
  if (raw === '') return;
  // Judge what Postfix will see: a value built from references is checked once expanded.
  let value = raw;
  const range = def.valueRange;
  let via = '';
  if (raw.includes('$')) {
    const refs = scanReferences(raw).refs;
    if (refs.some((r) => !cfg.isDefinedOrKnown(r.name, def.service))) return;
    const e = cfg.expandDefinition(def);
    if (e.problem) {
      out.push(finding({ rule: 'invalid-value', range, message: `cannot expand the value of "${def.name}": ${e.problem}` }));
      return;
    }
    // Nothing below judges this name (most user-defined names): the expanded text is not needed.
    if (!judged(def.name, f?.type)) return;
    value = e.text.trim();
    via = ` (after expanding ${raw})`;
    if (value === '' || value.includes('$')) return;
  }
  const bad = (message: string, r: Range = range) => out.push(finding({ rule: 'invalid-value', range: r, message }));
  const set = valueSet(def.name);
  // Server levels, cipher grades and protocol lists have TLS rules of their own with sharper messages.
  if (set === 'serverSecurityLevel' || set === 'cipherGrade' || set === 'tlsProtocol') return;
  // An item's own range when the value was not expanded (then offsets in `value` are offsets in def.value).
  const itemRange = (item: { start: number; end: number }) => (via ? range : valueRange(def, item.start, item.end));
  if (set === 'tlsLogLevel') {
    // tls_log_mask(): a list of levels 0-9 ("5" to "9" mean 4) and names, case-insensitive.
    for (const item of splitList(value)) {
      if (!TLS_LOG_WORDS.has(item.text.toLowerCase())) {
        bad(`"${item.text}"${via} is not a TLS log level of ${def.name}: expected 0 to 4 (higher numbers mean 4) or a name such as summary, untrusted, peercert, certmatch, verbose, cache, dane, ssl-debug`, itemRange(item));
      }
    }
    return;
  }
  const allowed = (set && ENUMS[set]) ?? OTHER_ENUM_MAP.get(def.name);
  if (allowed && set !== 'boolean') {
    if (!allowed.includes(value.toLowerCase())) {
      bad(`"${value}"${via} is not a valid value for ${def.name}: expected one of ${allowed.join(', ')}`);
    }
    return;
  }
  const listAllowed = LIST_ENUM_MAP.get(def.name);
  if (listAllowed) {
    for (const item of splitList(value)) {
      if (!listAllowed.includes(item.text.toLowerCase())) bad(`"${item.text}"${via} is not a valid item of ${def.name}: expected ${listAllowed.join(', ')}`, itemRange(item));
    }
    return;
  }
  if (!f?.type) return;
  switch (f.type) {
    case 'boolean':
      if (!/^(yes|no)$/i.test(value)) bad(`"${value}"${via} is not a boolean: ${def.name} takes "yes" or "no"`);
      return;
    case 'integer': {
      if (!INTEGER.test(value)) {
        bad(`"${value}"${via} is not an integer, which ${def.name} requires`);
        return;
      }
      rangeCheck(Number(value), f.min, f.max, def.name, value + via, bad);
      return;
    }
    case 'time': {
      const m = TIME.exec(value);
      if (!m) {
        bad(`"${value}"${via} is not a time: ${def.name} takes a number with an optional unit s, m, h, d or w (e.g. 3600s, 5d)`);
        return;
      }
      rangeCheck(Number(m[1]) * (m[2] ? UNIT[m[2].toLowerCase()] : 1), f.min, f.max, def.name, value + via, bad, 's');
      return;
    }
    default:
      return;
  }
}

function rangeCheck(n: number, min: number | undefined, max: number | undefined, name: string, shown: string, bad: (m: string) => void, unit = ''): void {
  if (min !== undefined && n < min) bad(`${shown} is below the minimum of ${name} (${min}${unit})`);
  else if (max !== undefined && n > max) bad(`${shown} is above the maximum of ${name} (${max}${unit})`);
}
