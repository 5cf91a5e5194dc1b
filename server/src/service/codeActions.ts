import { CodeAction, CodeActionKind, Diagnostic, Range } from 'vscode-languageserver-types';
import { COMMANDS } from '../shared/commands';

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
