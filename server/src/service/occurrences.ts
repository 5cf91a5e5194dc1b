import type { Position, Range } from 'vscode-languageserver-types';
import type { EffectiveConfig } from './config';
import type { Origin, ParamDef, ParsedConfig, ServiceEntry } from './parser/ast';
import { rangeAt } from './parser/lines';
import { hasMask } from './parser/logical';
import { Reference, scanReferences, splitList } from './parser/values';
import { isRawParameter } from './knowledge/rawParameters';
import { locate } from './locate';

/**
 * Where a parameter name occurs: shared by go to definition, find references,
 * rename and the semantic tokens.
 *
 * - `definition`: the name of a main.cf line;
 * - `override`: the name of a master.cf `-o name=value`;
 * - `reference`: the name inside `$name`, `${name}`, `$(name)`, `${name?text}`;
 * - `class`: a restriction class written as a bare word in smtpd_restriction_classes or a
 *   `*_restrictions` list (Postfix looks it up by name like a parameter).
 */
export type OccurrenceKind = 'definition' | 'override' | 'reference' | 'class';

export interface Occurrence {
  name: string;
  kind: OccurrenceKind;
  file: Origin;
  /** The name only (not the `$` or the braces). */
  range: Range;
  /** The definition the occurrence is part of (its own for definitions and overrides). */
  def: ParamDef;
  ref?: Reference;
}

/** Parameters whose list items name restriction classes. */
export function listsRestrictionClasses(name: string): boolean {
  return name === 'smtpd_restriction_classes' || /_restrictions$/.test(name);
}

/** Every occurrence of every name in one file, in source order. */
export function occurrences(parsed: ParsedConfig, classes: ReadonlySet<string> = new Set()): Occurrence[] {
  const out: Occurrence[] = [];
  for (const def of parsed.defs) {
    const file = def.origin;
    if (!hasMask(def.name)) out.push({ name: def.name, kind: file === 'main' ? 'definition' : 'override', file, range: def.nameRange, def });
    // `$EXTENSION` in mailbox_command is the delivery agent's macro, not a parameter reference.
    if (!isRawParameter(def.name)) for (const ref of scanReferences(def.value).refs) {
      out.push({ name: ref.name, kind: 'reference', file, range: rangeAt(def.logical, def.valueOffset + ref.nameStart, def.valueOffset + ref.nameEnd), def, ref });
    }
    if (classes.size && listsRestrictionClasses(def.name)) {
      for (const item of splitList(def.value)) {
        if (classes.has(item.text)) out.push({ name: item.text, kind: 'class', file, range: rangeAt(def.logical, def.valueOffset + item.start, def.valueOffset + item.end), def });
      }
    }
  }
  return out;
}

export interface NameAt {
  name: string;
  /** The text under the cursor that stands for the name. */
  range: Range;
  kind: OccurrenceKind;
  def: ParamDef;
  /** The master.cf service whose view of the configuration applies (for `-o` values). */
  service?: ServiceEntry;
}

/** The parameter name under the cursor: a definition's name, a `$name`, or a restriction class word. */
export function nameAt(parsed: ParsedConfig, pos: Position, cfg: EffectiveConfig): NameAt | undefined {
  const at = locate(parsed, pos);
  if (!at) return undefined;
  switch (at.kind) {
    case 'name':
      if (hasMask(at.def.name)) return undefined;
      return { name: at.def.name, range: at.def.nameRange, kind: at.def.origin === 'main' ? 'definition' : 'override', def: at.def, service: at.def.service };
    case 'reference': {
      const { def, ref } = at;
      return { name: ref.name, range: rangeAt(def.logical, def.valueOffset + ref.nameStart, def.valueOffset + ref.nameEnd), kind: 'reference', def, service: def.service };
    }
    case 'value':
      if (listsRestrictionClasses(at.def.name) && cfg.restrictionClasses.has(at.item.text)) {
        const { def, item } = at;
        return { name: item.text, range: rangeAt(def.logical, def.valueOffset + item.start, def.valueOffset + item.end), kind: 'class', def, service: def.service };
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The parsed files of a configuration with their URIs, as the navigation features see them. */
export type PairView = Partial<Record<Origin, { uri: string; parsed: ParsedConfig }>>;

/** Every occurrence of `name` in the files of the pair (main.cf first). */
export function occurrencesOf(name: string, view: PairView, cfg: EffectiveConfig): Array<Occurrence & { uri: string }> {
  const out: Array<Occurrence & { uri: string }> = [];
  for (const file of ['main', 'master'] as const) {
    const v = view[file];
    if (!v) continue;
    for (const o of occurrences(v.parsed, cfg.restrictionClasses)) if (o.name === name) out.push({ ...o, uri: v.uri });
  }
  return out;
}
