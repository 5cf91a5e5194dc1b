import { Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { EffectiveConfig, ServiceSettings } from './config';
import type { Origin } from './parser/ast';
import { facts } from './knowledge/knowledge';
import { serviceParameterNames } from './knowledge/dynamicNames';
import { nameAt, occurrencesOf, PairView } from './occurrences';

/**
 * Find all references of a parameter across main.cf and master.cf: `$name` uses, `-o`
 * overrides and restriction class words. The main.cf definitions are the declarations
 * (left out when the client asks without them); `-o` overrides always count as references.
 */
export function findReferences(self: Origin, pos: Position, view: PairView, cfg: EffectiveConfig, includeDeclaration: boolean): Location[] {
  const parsed = view[self]?.parsed;
  if (!parsed) return [];
  const at = nameAt(parsed, pos, cfg);
  if (!at) return [];
  return occurrencesOf(at.name, view, cfg)
    .filter((o) => includeDeclaration || o.kind !== 'definition')
    .map((o) => Location.create(o.uri, o.range));
}

export type PrepareRenameResult = { range: Range; placeholder: string } | { error: string } | null;
export type RenameResult = { edit: WorkspaceEdit } | { error: string };

/** Only names the user made up can be renamed: Postfix's own names mean something to Postfix. */
function notRenamable(name: string, cfg: EffectiveConfig, settings: ServiceSettings): string | undefined {
  if (facts(name)) return `"${name}" is a Postfix parameter: only user-defined parameters can be renamed`;
  for (const [service, command] of cfg.serviceCommands) {
    if (serviceParameterNames(service, command).includes(name)) return `"${name}" is a parameter Postfix derives from the master.cf service "${service}": only user-defined parameters can be renamed`;
  }
  if (settings.knownParameters?.includes(name)) return `"${name}" is listed in postfix.knownParameters as a Postfix parameter: only user-defined parameters can be renamed`;
  return undefined;
}

export function prepareRename(self: Origin, pos: Position, view: PairView, cfg: EffectiveConfig, settings: ServiceSettings = {}): PrepareRenameResult {
  const parsed = view[self]?.parsed;
  if (!parsed) return null;
  const at = nameAt(parsed, pos, cfg);
  if (!at) return null;
  const why = notRenamable(at.name, cfg, settings);
  return why ? { error: why } : { range: at.range, placeholder: at.name };
}

const VALID_NAME = /^[A-Za-z0-9_]+$/;

/** Renames a user-defined parameter everywhere: definitions, `-o` overrides, `$name` uses, in both files. */
export function rename(self: Origin, pos: Position, newName: string, view: PairView, cfg: EffectiveConfig, settings: ServiceSettings = {}): RenameResult {
  const parsed = view[self]?.parsed;
  const at = parsed && nameAt(parsed, pos, cfg);
  if (!at) return { error: 'there is no parameter name here to rename' };
  const why = notRenamable(at.name, cfg, settings);
  if (why) return { error: why };
  const to = newName.trim();
  if (!VALID_NAME.test(to)) return { error: `"${newName}" is not a usable parameter name: use letters, digits and "_" only, so that $${to || 'name'} can refer to it` };
  if (to === at.name) return { edit: { changes: {} } };
  if (facts(to) || cfg.isKnown(to)) return { error: `"${to}" is a Postfix parameter: choose a name of your own` };
  if (occurrencesOf(to, view, cfg).length) return { error: `"${to}" is already used in this configuration` };
  const changes: Record<string, TextEdit[]> = {};
  for (const o of occurrencesOf(at.name, view, cfg)) (changes[o.uri] ??= []).push(TextEdit.replace(o.range, to));
  return { edit: { changes } };
}
