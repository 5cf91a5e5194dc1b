// postfix/probe on the real server process (dist/server.js): the STARTTLS check runs there on the
// client's request, compares with the main.cf named (read from disk when not open), stops when the
// client cancels, and refuses in Restricted Mode.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TLSSocket } from 'node:tls';
import { CancellationTokenSource, ResponseError } from 'vscode-languageserver-protocol/node';
import type { ProbeResult } from '../../server/src/probe/probeTypes';
import { makeTestPki, TestPki } from '../probe/testCertificates';
import { LspClient } from './lspClient';

/** Offers STARTTLS and completes it with the given certificate; without one it says nothing at all. */
function smtpServer(tls: { key: string; cert: string } | undefined): Promise<{ port: number; close: () => void }> {
  const sockets = new Set<Socket>();
  const s: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => undefined);
    if (!tls) return;
    sock.write('220 fake.example ESMTP\r\n');
    sock.on('data', function onData(b) {
      const line = b.toString('latin1').trim().toUpperCase();
      if (line.startsWith('EHLO')) sock.write('250-fake.example\r\n250 STARTTLS\r\n');
      else if (line === 'STARTTLS') {
        sock.write('220 go ahead\r\n');
        sock.off('data', onData);
        const t = new TLSSocket(sock, { isServer: true, key: fs.readFileSync(tls.key), cert: fs.readFileSync(tls.cert) });
        t.on('error', () => undefined);
        t.on('data', () => t.end('221 Bye\r\n'));
      }
    });
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve({ port: (s.address() as { port: number }).port, close: () => (sockets.forEach((x) => x.destroy()), s.close()) })));
}

describe('postfix/probe (server process)', function () {
  this.timeout(30_000);
  let dir = '';
  let pki: TestPki;
  let client: LspClient | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-lsp-'));
    pki = makeTestPki(path.join(dir, 'tls'));
    fs.writeFileSync(path.join(dir, 'main.cf'), `smtpd_tls_chain_files = ${pki.leafKey}, ${pki.leafCert}\n`);
  });
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('checks the server and compares with the main.cf on disk', async () => {
    const s = await smtpServer({ key: pki.leafKey, cert: pki.leafCert });
    try {
      client = new LspClient('stdio');
      await client.initialize(undefined, undefined, { trusted: true });
      const r: ProbeResult = await client.connection.sendRequest('postfix/probe', { target: `localhost:${s.port}`, mainCf: pathToFileURL(path.join(dir, 'main.cf')).toString() });
      assert.equal(r.error, undefined);
      assert.equal(r.tls, true);
      assert.equal(r.nameMatches, true);
      assert.equal(r.configured?.presented, true);
      assert.deepEqual(r.configured?.files.map((f) => f.file), [pki.leafKey, pki.leafCert]);
    } finally {
      s.close();
    }
  });

  it('a cancelled request ends the check at once', async () => {
    const s = await smtpServer(undefined);
    try {
      client = new LspClient('stdio');
      await client.initialize(undefined, undefined, { trusted: true });
      const source = new CancellationTokenSource();
      const started = Date.now();
      setTimeout(() => source.cancel(), 200);
      const outcome = await client.connection.sendRequest<ProbeResult>('postfix/probe', { target: `127.0.0.1:${s.port}` }, source.token).then(
        (r) => r.stage,
        (e: unknown) => (e instanceof ResponseError ? `error ${e.code}` : String(e)),
      );
      assert.ok(outcome === 'cancelled' || outcome === 'error -32800', outcome);
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms (the read timeout is 30 s)`);
    } finally {
      s.close();
    }
  });

  it('refuses in Restricted Mode, without connecting', async () => {
    let connected = false;
    const s = createServer((sock) => {
      connected = true;
      sock.destroy();
    });
    const port = await new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)));
    try {
      client = new LspClient('stdio');
      await client.initialize(undefined, undefined, { trusted: false });
      await assert.rejects(client.connection.sendRequest('postfix/probe', { target: `127.0.0.1:${port}` }), (e: unknown) => e instanceof ResponseError && /trusted workspace/.test(e.message));
      assert.equal(connected, false);
    } finally {
      s.close();
    }
  });
});
