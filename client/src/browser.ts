import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { clientOptions, registerCommands } from './common';

// The browser's Worker (this project compiles without the DOM library).
declare const Worker: new (scriptURL: string) => ConstructorParameters<typeof LanguageClient>[3];

let client: LanguageClient | undefined;

/** Browser entry (vscode.dev): the server runs in a web worker; there is no file system to trust. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  registerCommands(context, () => client);
  const worker = new Worker(vscode.Uri.joinPath(context.extensionUri, 'dist/web/server.js').toString(true));
  client = new LanguageClient('postfix', 'Postfix Language Server', clientOptions(false), worker);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
