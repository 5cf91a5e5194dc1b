import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Untitled documents too: a pasted config gets checked before it is saved.
    documentSelector: [{ language: 'postfix-main' }, { language: 'postfix-master' }],
    synchronize: { configurationSection: 'postfix' },
    initializationOptions: { trusted: vscode.workspace.isTrusted },
  };
  client = new LanguageClient('postfix', 'Postfix Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      // The server reads sibling files only when trusted: restart it with the new trust.
      await client?.stop();
      client = new LanguageClient('postfix', 'Postfix Language Server', serverOptions, { ...clientOptions, initializationOptions: { trusted: true } });
      await client.start();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
