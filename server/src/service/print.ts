import { EffectiveConfig, ServiceSettings } from './config';
import { serviceParameterBase, serviceParameterNames } from './knowledge/dynamicNames';
import { postconfDefaults } from './knowledge/knowledge';
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

export function printEffective(main: ParsedConfig, originalText?: string, master?: ParsedConfig, settings?: ServiceSettings): string {
  // The target release decides which names Postfix knows, so which lines postconf -n keeps.
  return format(explicitValues(new EffectiveConfig(main, master, settings), main, originalText));
}

/**
 * `postconf` without -n for the target release (settings.targetVersion, else as EffectiveConfig
 * decides): every parameter Postfix knows with its built-in default as `postconf -d` prints it
 * ($name unexpanded), the service-derived names of master.cf, and main.cf's values over them.
 */
export function printAll(main: ParsedConfig, originalText?: string, master?: ParsedConfig, settings?: ServiceSettings): string {
  const cfg = new EffectiveConfig(main, master, settings);
  const out = new Map<string, string>(postconfDefaults(cfg.version));
  for (const [svc, cmd] of cfg.serviceCommands) {
    for (const n of serviceParameterNames(svc, cmd)) {
      if (out.has(n)) continue;
      const base = serviceParameterBase(n, cfg.serviceCommands);
      if (base) out.set(n, `$${base}`);
    }
  }
  for (const [n, v] of explicitValues(cfg, main, originalText)) out.set(n, v);
  return format(out);
}

/** The explicitly set names postconf -n prints, with their last values. */
function explicitValues(cfg: EffectiveConfig, main: ParsedConfig, originalText?: string): Map<string, string> {
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
  const out = new Map<string, string>();
  for (const [n, { def, value }] of last) {
    if (READ_ONLY.has(n) || !cfg.isUsed(n, def)) continue;
    out.set(n, value.replace(/[ \t\v\f\r]+/g, ' ').trim());
  }
  return out;
}

function format(values: Map<string, string>): string {
  const names = [...values.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((n) => {
    const v = values.get(n)!;
    return v ? `${n} = ${v}` : `${n} =`;
  }).join('\n') + (names.length ? '\n' : '');
}
