/**
 * Starting the language server's web worker. A web extension installed on the remote side of a
 * code-server or Codespaces workbench gets `vscode-remote:`/`https:` URLs the browser refuses for
 * `new Worker` ("Creating workers from remote extensions is currently not supported"); the script
 * itself can still be fetched, and a worker started from a Blob of it runs the same code.
 */
export interface WorkerHost<W> {
  createWorker(url: string): W;
  fetchText(url: string): Promise<string>;
  blobUrl(script: string): string;
}

export async function startWorker<W>(url: string, host: WorkerHost<W>): Promise<W> {
  try {
    return host.createWorker(url);
  } catch (first) {
    let script: string;
    try {
      script = await host.fetchText(url);
    } catch (e) {
      throw new Error(`cannot start the Postfix language server worker from ${url}: ${(first as Error)?.message ?? first}; fetching the script failed too: ${(e as Error)?.message ?? e}`);
    }
    return host.createWorker(host.blobUrl(script));
  }
}
