import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import snippets from '../../snippets/postfix-main.json';

let client: LanguageClient | undefined;

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

function start(context: vscode.ExtensionContext, trusted: boolean): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Untitled documents too: a pasted config gets checked before it is saved.
    documentSelector: [{ language: 'postfix-main' }, { language: 'postfix-master' }],
    synchronize: { configurationSection: 'postfix' },
    // In Restricted Mode the server reads no file named in the configuration.
    initializationOptions: { trusted },
  };
  return new LanguageClient('postfix', 'Postfix Language Server', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('postfix.insertTlsClientBlock', () => insertSnippet('TLS client block')),
    vscode.commands.registerCommand('postfix.insertTlsServerBlock', () => insertSnippet('TLS server block')),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      await client?.stop();
      client = start(context, true);
      await client.start();
    }),
  );
  client = start(context, vscode.workspace.isTrusted);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
