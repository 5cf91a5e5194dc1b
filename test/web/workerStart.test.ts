// The browser client starts its server worker from the extension's URL, and from a Blob of the
// fetched script where the workbench refuses remote worker URLs (code-server, Codespaces).
import * as assert from 'node:assert/strict';
import { startWorker, WorkerHost } from '../../client/src/workerStart';

function host(refuse: (url: string) => boolean, script = 'self.onmessage = () => {}', fetchFails = false): WorkerHost<{ url: string }> & { created: string[]; fetched: string[] } {
  const created: string[] = [];
  const fetched: string[] = [];
  return {
    created,
    fetched,
    createWorker(url) {
      created.push(url);
      if (refuse(url)) throw new Error('Creating workers from remote extensions is currently not supported');
      return { url };
    },
    async fetchText(url) {
      fetched.push(url);
      if (fetchFails) throw new Error('HTTP 404');
      return script;
    },
    blobUrl: (s) => `blob:${s.length}`,
  };
}

describe('web client: starting the server worker', () => {
  const url = 'vscode-remote://localhost:8080/ext/dist/web/server.js';

  it('uses the extension URL directly where the browser allows it', async () => {
    const h = host(() => false);
    assert.deepEqual(await startWorker(url, h), { url });
    assert.deepEqual(h.fetched, []);
  });

  it('falls back to a Blob of the fetched script when the worker URL is refused', async () => {
    const h = host((u) => u.startsWith('vscode-remote:'), 'x'.repeat(42));
    assert.deepEqual(await startWorker(url, h), { url: 'blob:42' });
    assert.deepEqual(h.fetched, [url]);
    assert.deepEqual(h.created, [url, 'blob:42']);
  });

  it('says both reasons when neither way works', async () => {
    await assert.rejects(startWorker(url, host(() => true, '', true)), /currently not supported.*fetching the script failed too: HTTP 404/);
  });
});
