import type { ParsedConfig } from './parser/ast';

/**
 * `postconf -n` for one main.cf: the explicitly set names, sorted, each with
 * its last value, continuation lines joined and blank runs folded.
 */
export function printEffective(main: ParsedConfig, originalText?: string): string {
  const last = new Map<string, string>();
  const lines = originalText?.split('\n');
  for (const d of main.defs) {
    // Template tags were masked for parsing; print what the file really says.
    let value = d.value;
    if (d.templated && lines) value = d.logical.segments.map((s) => lines[s.line].slice(s.character, s.character + s.length)).join(' ').slice(d.valueOffset);
    last.set(d.name, value);
  }
  const names = [...last.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((n) => {
    const v = last.get(n)!.replace(/[ \t\v\f\r]+/g, ' ').trim();
    return v ? `${n} = ${v}` : `${n} =`;
  }).join('\n') + (names.length ? '\n' : '');
}
