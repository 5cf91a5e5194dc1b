import * as vscode from 'vscode';
import type { LanguageClientOptions } from 'vscode-languageclient';
import snippets from '../../snippets/postfix-main.json';

/** What the desktop and the browser client share: the documents, the settings, the commands. */
export function clientOptions(trusted: boolean): LanguageClientOptions {
  return {
    // Untitled documents too: a pasted config gets checked before it is saved.
    documentSelector: [{ language: 'postfix-main' }, { language: 'postfix-master' }],
    synchronize: { configurationSection: 'postfix' },
    // In Restricted Mode (and in the browser) the server reads no file named in the configuration.
    initializationOptions: { trusted },
  };
}

/** The insert-block commands reuse the snippets, so the tab stops for the certificate paths come along. */
function insertSnippet(name: keyof typeof snippets): void {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('Open a Postfix main.cf to insert the block.');
    return;
  }
  const pos = editor.selection.active;
  const atLineStart = pos.character === 0;
  const body = snippets[name].body.join('\n');
  void editor.insertSnippet(new vscode.SnippetString(`${atLineStart ? '' : '\n'}${body}`), atLineStart ? pos : editor.document.lineAt(pos.line).range.end);
}

/**
 * The "Mark as known parameter" quick fix: adds the name to postfix.knownParameters, in the
 * workspace settings when a folder is open, else in the user settings. The server picks the
 * change up through the configuration it watches and stops reporting the name.
 */
async function addKnownParameter(name: unknown): Promise<void> {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name)) return;
  const config = vscode.workspace.getConfiguration('postfix');
  const inWorkspace = !!vscode.workspace.workspaceFolders?.length;
  const target = inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const inspected = config.inspect<string[]>('knownParameters');
  const current = (inWorkspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
  if (current.includes(name)) return;
  await config.update('knownParameters', [...current, name], target);
}

export function registerCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('postfix.insertTlsClientBlock', () => insertSnippet('TLS client block')),
    vscode.commands.registerCommand('postfix.insertTlsServerBlock', () => insertSnippet('TLS server block')),
    vscode.commands.registerCommand('postfix.addKnownParameter', addKnownParameter),
  );
}
