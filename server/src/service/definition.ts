import type { LocationLink, Position } from 'vscode-languageserver-types';
import type { EffectiveConfig } from './config';
import type { Origin, ParamDef } from './parser/ast';
import { nameAt, PairView } from './occurrences';

/**
 * Go to definition on a parameter name: for `$name` (and a restriction class word) the
 * definition Postfix uses there, which is the service's own `-o` in a master.cf value, else
 * the last main.cf line. On a name itself: the definition that wins (the last main.cf line,
 * or for an `-o` the main.cf line it overrides). A name left at its default has none.
 */
export function findDefinition(self: Origin, pos: Position, view: PairView, cfg: EffectiveConfig): LocationLink[] | null {
  const parsed = view[self]?.parsed;
  if (!parsed) return null;
  const at = nameAt(parsed, pos, cfg);
  if (!at) return null;
  let target: ParamDef | undefined;
  if (at.kind === 'definition' || at.kind === 'override') target = cfg.mainDefs.get(at.name) ?? at.def;
  else {
    const src = cfg.raw(at.name, at.service).source;
    target = src.kind === 'main' || src.kind === 'master' ? src.def : undefined;
  }
  if (!target) return null;
  const uri = view[target.origin]?.uri;
  if (!uri) return null;
  return [{ originSelectionRange: at.range, targetUri: uri, targetRange: target.range, targetSelectionRange: target.nameRange }];
}
