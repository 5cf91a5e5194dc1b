import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { clientOptions, registerCommands } from './common';
import { startWorker } from './workerStart';

// The browser's Worker, fetch, Blob and URL (this project compiles without the DOM library).
type ServerWorker = ConstructorParameters<typeof LanguageClient>[3];
declare const Worker: new (scriptURL: string) => ServerWorker;
declare function fetch(url: string): Promise<{ ok: boolean; status: number; text(): Promise<string> }>;
declare const Blob: new (parts: string[], options: { type: string }) => object;
declare const URL: { createObjectURL(blob: object): string };

let client: LanguageClient | undefined;

/** Browser entry (vscode.dev): the server runs in a web worker; there is no file system to trust. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // false: no STARTTLS check here (a web worker cannot open TCP connections).
  registerCommands(context, () => client, false);
  const worker = await startWorker<ServerWorker>(vscode.Uri.joinPath(context.extensionUri, 'dist/web/server.js').toString(true), {
    createWorker: (url) => new Worker(url),
    fetchText: async (url) => {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.text();
    },
    blobUrl: (script) => URL.createObjectURL(new Blob([script], { type: 'application/javascript' })),
  });
  client = new LanguageClient('postfix', 'Postfix Language Server', clientOptions(false), worker);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
