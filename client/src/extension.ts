import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { clientOptions, registerCommands } from './common';

let client: LanguageClient | undefined;

function start(context: vscode.ExtensionContext, trusted: boolean): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  return new LanguageClient('postfix', 'Postfix Language Server', serverOptions, clientOptions(trusted));
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  registerCommands(context, () => client, true);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      // The server reads files only when trusted: restart it with the new trust.
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
