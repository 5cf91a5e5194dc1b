import knowledge from './policyKnowledge.json';
import { isSpace, offsetAt, parseTableSource, SourceEntry, TableSource } from './source';

/**
 * A TLS policy table value as the SMTP client reads it (tls_policy_lookup_one() in
 * src/smtp/smtp_tls_policy.c): tokens separated by spaces, tabs or commas; the first is the
 * security level, each further one `name=value` (blanks around `=` are allowed inside braces
 * only, since a blank ends a token). From Postfix 3.10 a token that starts with `{` runs to the
 * matching `}` and may then hold blanks and commas: `{ match = a, b }`.
 */

export interface LevelFacts {
  since: string;
  rank: number;
  doc: string;
}

export interface AttributeFacts {
  since: string;
  levels: string[];
  repeat: boolean;
  doc: string;
  values?: string[];
  overrides?: Record<string, string>;
  perLevel?: Record<string, string>;
}

export const LEVELS = knowledge.levels as Record<string, LevelFacts>;
export const ATTRIBUTES = knowledge.attributes as Record<string, AttributeFacts>;
export const BRACES_SINCE = knowledge.braces.since;
export const KEY_DOCS = knowledge.keys as Record<'domain' | 'subdomains' | 'host' | 'hostport' | 'domainport', string>;

/** A token of the value: offsets are offsets in the document. */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** Index range in the entry's value (absent for the key). */
  from?: number;
  to?: number;
}

export interface PolicyAttribute {
  /** The whole token as written. */
  token: Token;
  /** Lower-cased attribute name (the client compares names case-insensitively); undefined when malformed. */
  name?: string;
  nameToken?: Token;
  value?: Token;
  /** Written as `{ name = value }`. */
  braced: boolean;
  /** Why the client rejects the token itself ("missing '=' after attribute name", unbalanced brace). */
  malformed?: string;
}

export interface PolicyEntry {
  entry: SourceEntry;
  key: Token;
  level?: Token;
  attributes: PolicyAttribute[];
}

export interface PolicyTable {
  source: TableSource;
  entries: PolicyEntry[];
}

function tok(e: SourceEntry, from: number, to: number): Token {
  return { text: e.value.slice(from, to), start: offsetAt(e, from), end: from < to ? offsetAt(e, to - 1) + 1 : offsetAt(e, from), from, to };
}

/** CHARS_COMMA_SP: the separators of the value (not \v or \f, unlike isspace()). */
const SEP = (c: string) => c === ',' || c === ' ' || c === '\t' || c === '\r' || c === '\n';

/** Splits the value as mystrtok(", \t\r\n") does, or mystrtokq() with braces from 3.10. */
export function policyTokens(e: SourceEntry, braces: boolean): Array<{ from: number; to: number; unbalanced?: boolean }> {
  const v = e.value;
  const out: Array<{ from: number; to: number; unbalanced?: boolean }> = [];
  let i = 0;
  while (i < v.length) {
    while (i < v.length && SEP(v[i])) i++;
    if (i >= v.length) break;
    const from = i;
    let depth = 0;
    for (; i < v.length; i++) {
      const c = v[i];
      if (braces && c === '{') depth++;
      else if (braces && c === '}' && depth > 0) depth--;
      else if (depth === 0 && SEP(c)) break;
    }
    out.push({ from, to: i, unbalanced: depth > 0 || undefined });
  }
  return out;
}

function attribute(e: SourceEntry, from: number, to: number, braces: boolean, unbalanced: boolean | undefined): PolicyAttribute {
  const token = tok(e, from, to);
  const v = e.value;
  let a = from;
  let b = to;
  const braced = braces && v[from] === '{';
  if (braced) {
    // extpar(): the closing brace must end the token; the text inside is trimmed.
    if (unbalanced || v[to - 1] !== '}') return { token, braced, malformed: unbalanced ? 'missing \'}\'' : 'text after \'}\'' };
    a = from + 1;
    b = to - 1;
  }
  // split_nameval(): blanks before the name, around `=` and after the value are dropped.
  while (a < b && isSpace(v[a])) a++;
  if (a >= b) return { token, braced, malformed: 'missing attribute name' };
  let n = a;
  while (n < b && !isSpace(v[n]) && v[n] !== '=') n++;
  let eq = n;
  while (eq < b && isSpace(v[eq])) eq++;
  if (v[eq] !== '=' || eq >= b) return { token, braced, malformed: 'missing \'=\' after attribute name' };
  let vs = eq + 1;
  while (vs < b && isSpace(v[vs])) vs++;
  let ve = b;
  while (ve > vs && isSpace(v[ve - 1])) ve--;
  const nameToken = tok(e, a, n);
  if (a === n) return { token, braced, malformed: 'missing attribute name' };
  return { token, braced, name: nameToken.text.toLowerCase(), nameToken, value: tok(e, vs, ve) };
}

export function parsePolicyEntry(e: SourceEntry, braces: boolean): PolicyEntry {
  const key: Token = { text: e.key, start: e.keyStart, end: e.keyEnd };
  const tokens = policyTokens(e, braces);
  const [first, ...rest] = tokens;
  return {
    entry: e,
    key,
    level: first ? tok(e, first.from, first.to) : undefined,
    attributes: rest.map((t) => attribute(e, t.from, t.to, braces, t.unbalanced)),
  };
}

/** The whole table; `braces` follows the target release (3.10 and later read `{ ... }`). */
export function parsePolicyTable(text: string | TableSource, braces: boolean): PolicyTable {
  const source = typeof text === 'string' ? parseTableSource(text) : text;
  return { source, entries: source.entries.map((e) => parsePolicyEntry(e, braces)) };
}

/** The level's facts, looked up as the client does (case-insensitively). */
export function levelFacts(level: string): LevelFacts | undefined {
  const l = level.toLowerCase();
  return Object.prototype.hasOwnProperty.call(LEVELS, l) ? LEVELS[l] : undefined;
}

export function attributeFacts(name: string): AttributeFacts | undefined {
  const n = name.toLowerCase();
  return Object.prototype.hasOwnProperty.call(ATTRIBUTES, n) ? ATTRIBUTES[n] : undefined;
}

/** The shape of a key, for hover and for relayhost comparison. */
export interface KeyShape {
  kind: 'domain' | 'subdomains' | 'host' | 'hostport' | 'domainport';
  host: string;
  port?: string;
}

export function keyShape(key: string): KeyShape {
  const k = key.trim();
  const bracket = /^\[([^\]]*)\](?::(.*))?$/.exec(k);
  if (bracket) return bracket[2] !== undefined ? { kind: 'hostport', host: bracket[1], port: bracket[2] } : { kind: 'host', host: bracket[1] };
  if (k.startsWith('.')) return { kind: 'subdomains', host: k.slice(1) };
  const colon = k.lastIndexOf(':');
  if (colon > 0 && !k.slice(0, colon).includes(':')) return { kind: 'domainport', host: k.slice(0, colon), port: k.slice(colon + 1) };
  return { kind: 'domain', host: k };
}
