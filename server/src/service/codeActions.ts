import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import type { FindingData } from './findings';
import { COMMANDS } from '../shared/commands';

/** Removing a definition takes its whole lines, so no blank indented remainder continues the previous value. */
function deleteLines(range: Range): Range {
  return { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } };
}

/** Quick fixes carried by the diagnostics' data (the rules know the fix, this only shapes the edit). */
export function quickFixes(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    const data = d.data as FindingData | undefined;
    if (!data) continue;
    const edit = (edits: TextEdit[], title: string, preferred = data.preferred ?? false) =>
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: preferred, edit: { changes: { [uri]: edits } } });
    if (data.rename) {
      const what = d.code === 'undefined-reference' ? `$${data.rename}` : data.rename;
      edit([TextEdit.replace(d.range, data.rename)], `Change to "${what}"`, data.preferred ?? d.code === 'deprecated-parameter');
    } else if (data.replaceDefinition !== undefined && data.definitionRange) {
      // From column 0 the definition owns its lines; otherwise (a master.cf `-o` beside other text) only the range goes.
      if (data.replaceDefinition === '') {
        const r = data.definitionRange;
        edit([TextEdit.del(r.start.character === 0 ? deleteLines(r) : r)], r.start.character === 0 ? 'Remove this line' : 'Remove this override');
      }
      else edit([TextEdit.replace(data.definitionRange, data.replaceDefinition)], `Replace with "${data.replaceDefinition}"`);
    } else if (d.code === 'accidental-continuation' && data.definitionRange) {
      const r = data.definitionRange;
      edit([TextEdit.del({ start: { line: r.start.line, character: 0 }, end: r.start })], 'Remove the leading whitespace (make it a parameter of its own)', true);
    }
  }
  return actions;
}


/**
 * "Mark as known parameter" for unknown-parameter: a command, not an edit, because the
 * setting lives in the editor (the client adds the name to the workspace or user settings).
 */
export function knownParameterActions(nameAt: (range: Range) => string, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.code !== 'unknown-parameter') continue;
    const name = nameAt(d.range).trim();
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) continue;
    const title = `Mark "${name}" as a known parameter (postfix.knownParameters)`;
    actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: false, command: { title, command: COMMANDS.addKnownParameter, arguments: [name] } });
  }
  return actions;
}
