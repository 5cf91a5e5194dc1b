import { EffectiveConfig } from './config';
import { LINE_BREAK } from './parser/logical';
import type { ParamDef, ParsedConfig } from './parser/ast';

/**
 * `postconf -n` for one main.cf: the explicitly set names, sorted, each with
 * its last value, continuation lines joined and blank runs folded.
 *
 * Like postconf, names Postfix does not use are left out: a name that is neither
 * known (built in, derived from a master.cf service, a restriction class) nor
 * referenced as `$name` is only warned about ("unused parameter"), never printed.
 * Whether a service-derived name such as `dovecot_destination_recipient_limit`
 * exists depends on master.cf: pass it when known, else the stock master.cf is assumed.
 */
/**
 * Parameters Postfix sets itself for each process (postconf(5) calls them read-only): postconf
 * warns "read-only parameter assignment" about a main.cf line setting one and leaves it out of -n.
 */
const READ_ONLY: ReadonlySet<string> = new Set(['process_id', 'process_name', 'service_name']);

export function printEffective(main: ParsedConfig, originalText?: string, master?: ParsedConfig): string {
  const cfg = new EffectiveConfig(main, master);
  const last = new Map<string, { def: ParamDef; value: string }>();
  // Split only when a value holds a template tag (a 20 000-line file need not be split for nothing).
  let lines: string[] | undefined;
  for (const d of main.defs) {
    // Template tags were masked for parsing; print what the file really says.
    let value = d.value;
    if (d.templated && originalText !== undefined) {
      const all = (lines ??= originalText.split(LINE_BREAK));
      value = d.logical.segments.map((s) => all[s.line].slice(s.character, s.character + s.length)).join(' ').slice(d.valueOffset);
    }
    last.set(d.name, { def: d, value });
  }
  const names = [...last.keys()].filter((n) => !READ_ONLY.has(n) && cfg.isUsed(n, last.get(n)!.def)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((n) => {
    const v = last.get(n)!.value.replace(/[ \t\v\f\r]+/g, ' ').trim();
    return v ? `${n} = ${v}` : `${n} =`;
  }).join('\n') + (names.length ? '\n' : '');
}
