import type { ParamDef, ParsedConfig } from './ast';
import { branchAt } from './templates';

/**
 * One model of template conditionals for every rule: two definitions of the same name are
 * alternatives when they stand in different arms of the template's conditionals (or one of them
 * inside a conditional the other is outside of: the template sets it only sometimes). Then which
 * value Postfix gets is decided when the template is rendered, and neither replaces the other
 * here. Two definitions in the same arm (or both outside any conditional) are rendered together:
 * the later one wins, as in any main.cf.
 */
export function branchOf(doc: ParsedConfig, def: ParamDef): string {
  if (!doc.template || !doc.branches?.length) return '';
  return branchAt(doc.branches, def.range.start);
}

const SPREAD = new WeakMap<ParsedConfig, Map<string, boolean>>();

/** Does the name have definitions in more than one branch of the template (main.cf, or one service's `-o`)? */
export function inAlternatives(doc: ParsedConfig | undefined, defs: readonly ParamDef[], key: string): boolean {
  if (!doc?.template || defs.length < 2) return false;
  let m = SPREAD.get(doc);
  if (!m) {
    m = new Map();
    SPREAD.set(doc, m);
  }
  let v = m.get(key);
  if (v === undefined) {
    const first = branchOf(doc, defs[0]);
    v = defs.some((d) => branchOf(doc, d) !== first);
    m.set(key, v);
  }
  return v;
}
