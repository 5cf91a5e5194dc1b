/**
 * The browser build of the server (dist/web/server.js) speaks LSP over postMessage. A real
 * browser is not needed to check that: a worker thread gets the few globals a dedicated web
 * worker has (self, postMessage, onmessage) and runs the bundle unchanged.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

function root(): string {
  let d = __dirname;
  while (!existsSync(join(d, 'package.json'))) d = dirname(d);
  return d;
}

// Runs inside the worker thread: a DedicatedWorkerGlobalScope look-alike around parentPort.
const SHIM = `
const { parentPort, workerData } = require('node:worker_threads');
const scope = {
  onmessage: null,
  postMessage: (m) => parentPort.postMessage(m),
  addEventListener: () => {},
  removeEventListener: () => {},
};
parentPort.on('message', (data) => scope.onmessage && scope.onmessage({ data }));
globalThis.self = scope;
require(workerData.bundle);
`;

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: unknown;
}

describe('web build: the server bundle in a web-worker-like thread', function () {
  this.timeout(20_000);
  const bundle = join(root(), 'dist', 'web', 'server.js');
  let worker: Worker;
  const inbox: Message[] = [];
  const waiters: Array<() => void> = [];

  const next = async (pred: (m: Message) => boolean, what: string): Promise<Message> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const i = inbox.findIndex(pred);
      if (i >= 0) return inbox.splice(i, 1)[0];
      if (Date.now() > deadline) throw new Error(`no ${what} from the web server within 10 s; got ${inbox.map((m) => m.method ?? `#${m.id}`).join(', ')}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 100);
      });
    }
  };
  const send = (m: Message) => worker.postMessage({ jsonrpc: '2.0', ...m });

  before(function () {
    assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build`);
    worker = new Worker(SHIM, { eval: true, workerData: { bundle } });
    worker.on('message', (m: Message) => {
      // Answer the server's own requests (configuration, registration) so it never waits.
      if (m.method && m.id !== undefined) worker.postMessage({ jsonrpc: '2.0', id: m.id, result: m.method === 'workspace/configuration' ? [{}] : null });
      else inbox.push(m);
      waiters.splice(0).forEach((w) => w());
    });
  });

  after(async () => {
    await worker?.terminate();
  });

  it('initializes, validates main.cf and answers hover without any file access', async () => {
    send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    const init = await next((m) => m.id === 1, 'initialize result');
    const caps = (init.result as { capabilities: Record<string, unknown> }).capabilities;
    assert.ok(caps.hoverProvider && caps.completionProvider && caps.codeActionProvider, 'capabilities missing');
    send({ method: 'initialized', params: {} });
    const uri = 'vscode-vfs://github/acme/mail/main.cf';
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'postfix-main', version: 1, text: 'smtpd_tls_security_levl = may\nsmtpd_tls_chain_files = /etc/ssl/private/k.pem, /etc/ssl/certs/c.pem\n' } } });
    const diags = await next((m) => m.method === 'textDocument/publishDiagnostics', 'diagnostics');
    const codes = (diags.params as { diagnostics: Array<{ code: string }> }).diagnostics.map((d) => d.code);
    assert.ok(codes.includes('unknown-parameter'), `codes: ${codes.join(', ')}`);
    // No file system in the browser: the certificate rules stay silent rather than failing.
    assert.ok(!codes.includes('cert-file-missing'), `a certificate file was judged: ${codes.join(', ')}`);
    send({ id: 2, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 1, character: 5 } } });
    const hover = await next((m) => m.id === 2, 'hover result');
    assert.match(JSON.stringify(hover.result), /smtpd_tls_chain_files/);
  });

  it('has no STARTTLS check: postfix/probe answers that it is not available here', async () => {
    send({ id: 3, method: 'postfix/probe', params: { target: 'mx.example.com:25' } });
    const r = await next((m) => m.id === 3, 'postfix/probe answer');
    assert.match(JSON.stringify(r.error), /not available here/);
  });
});
