import type { Range } from 'vscode-languageserver-types';
import type { FindingData } from '../findings';
import type { ParamDef } from '../parser/ast';
import { isBlankChar, offsetInLogical, rangeAt } from '../parser/lines';

/**
 * How to move off a deprecated name. Most are renames; the old yes/no TLS
 * switches map to a security level, and a few have no replacement at all.
 */
export function deprecationFix(def: ParamDef, replacement: string | null): { data: FindingData; note?: string } | undefined {
  const v = def.value.trim().toLowerCase();
  if (!replacement) return { data: { replaceDefinition: '', definitionRange: removalRange(def), preferred: true }, note: def.origin === 'master' ? 'remove the -o override' : 'remove the line' };
  const m = /^(smtpd|smtp|lmtp|postscreen|tlsproxy|tlsproxy_client)_(use|enforce)_tls$/.exec(def.name);
  if (m) {
    // `*_use_tls = yes` meant opportunistic TLS, `*_enforce_tls = yes` mandatory TLS.
    if (v !== 'yes' && v !== 'no') return undefined;
    const level = v === 'no' ? (m[2] === 'use' ? 'none' : 'may') : m[2] === 'use' ? 'may' : 'encrypt';
    return {
      data: { replaceDefinition: assignment(def, replacement, level), definitionRange: def.range, preferred: false },
      note: `${def.name} = ${v} corresponds to ${replacement} = ${level}; check it does not conflict with other TLS switches`,
    };
  }
  if (def.name === 'disable_dns_lookups') {
    if (v !== 'yes' && v !== 'no') return undefined;
    return {
      data: v === 'yes'
        ? { replaceDefinition: assignment(def, replacement, 'disabled'), definitionRange: def.range, preferred: true }
        : { replaceDefinition: '', definitionRange: removalRange(def), preferred: true },
      note: v === 'yes' ? `${replacement} = disabled` : 'the default already looks up DNS',
    };
  }
  if (/_tls_per_site$|^tlsproxy_client_per_site$/.test(def.name)) {
    // The per-site table uses NONE/MAY/MUST actions, not policy-map levels: a rename alone is not enough.
    return { data: { rename: replacement, preferred: false }, note: `the ${replacement} table uses security levels (may, encrypt, verify ...) instead of NONE/MAY/MUST_NOPEERMATCH/MUST: convert the table too` };
  }
  if (/_tls_enforce_peername$/.test(def.name)) return undefined;
  return { data: { rename: replacement, preferred: true } };
}

/**
 * The replacement definition in the syntax of the definition's file: main.cf
 * takes `name = value`; a master.cf `-o` takes `name=value` (blanks would split
 * the argument) or `{ name = value }` where the override used that form.
 */
function assignment(def: ParamDef, name: string, value: string): string {
  if (def.origin !== 'master') return `${name} = ${value}`;
  const at = offsetInLogical(def.logical, def.range.start);
  return at !== undefined && def.logical.text[at] === '{' ? `{ ${name} = ${value} }` : `${name}=${value}`;
}

/**
 * What to delete to drop a definition. The quick fix deletes whole lines when the
 * range starts at column 0, else exactly the range. A main.cf definition is its
 * lines; a master.cf override is `-o name=value`: its own line(s) when nothing
 * else is on them, else only the option and the blanks before it, so the
 * service entry on the same line survives.
 */
function removalRange(def: ParamDef): Range {
  if (def.origin !== 'master') return { start: { line: def.range.start.line, character: 0 }, end: def.range.end };
  const ll = def.logical;
  const tokenStart = offsetInLogical(ll, def.range.start);
  const tokenEnd = offsetInLogical(ll, def.range.end);
  if (tokenStart === undefined || tokenEnd === undefined) return def.range;
  const t = ll.text;
  // `-o name=value` or `-oname=value`: step back over the blanks to the option.
  let start = tokenStart;
  if (t.slice(start - 2, start) === '-o') start -= 2;
  else {
    let k = start;
    while (k > 0 && isBlankChar(t[k - 1])) k--;
    if (t.slice(k - 2, k) === '-o' && (k - 2 === 0 || isBlankChar(t[k - 3]))) start = k - 2;
  }
  const first = ll.segments.find((s) => s.offset <= start && start <= s.offset + s.length);
  const last = ll.segments.find((s) => s.offset <= tokenEnd && tokenEnd <= s.offset + s.length);
  const ownLines = first && last && first !== ll.segments[0] && first.offset === start && last.offset + last.length === tokenEnd;
  if (ownLines) return { start: { line: first.line, character: 0 }, end: rangeAt(ll, start, tokenEnd).end };
  let from = start;
  while (from > 0 && isBlankChar(t[from - 1])) from--;
  return rangeAt(ll, from, tokenEnd);
}
