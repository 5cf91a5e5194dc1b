// The postfix/tlsReport request of the real server process (dist/server.js over stdio): a log on
// disk is streamed (plain and .gz), an unsaved document is read from its text, a cancelled request
// answers early with complete: false, and bad input gets an error, not a crash.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { LspClient } from './lspClient';
import type { TlsReportResult } from '../../server/src/service/maillog/reportTypes';

const LOG = [
  'Dec  1 14:00:01 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]',
  'Dec  1 14:00:01 mx postfix/smtpd[100]: Anonymous TLS connection established from a.example[192.0.2.1]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
  'Dec  1 14:00:02 mx postfix/smtpd[100]: disconnect from a.example[192.0.2.1] ehlo=2 starttls=1 quit=1 commands=4',
  'Dec  1 14:00:04 mx postfix/smtp[300]: 4ABCDE1234: to=<u@dest.example>, relay=mx.dest.example[198.51.100.1]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 ok)',
  '',
].join('\n');

const EXPECTED: TlsReportResult = {
  report: {
    inbound: { sessions: 1, tls: 1, protocols: { 'TLSv1.3': 1 }, trust: { Anonymous: 1 } },
    outbound: { deliveries: 1, tls: 0, protocols: {}, trust: {}, cleartextPeers: [{ peer: 'mx.dest.example[198.51.100.1]:25', deliveries: 1 }] },
    failures: [],
  },
  timeline: [{ label: 'Dec  1 14:00', inbound: { sessions: 1, tls: 1 }, outbound: { deliveries: 1, tls: 0 } }],
  lines: 4,
  complete: true,
};

describe('postfix/tlsReport (the language server process)', function () {
  this.timeout(60_000);
  let client: LspClient;
  let dir = '';
  const request = (uri: string, token?: CancellationTokenSource['token']) =>
    token ? client.connection.sendRequest<TlsReportResult>('postfix/tlsReport', { uri }, token) : client.connection.sendRequest<TlsReportResult>('postfix/tlsReport', { uri });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsreport-'));
    client = new LspClient('stdio');
    await client.initialize();
  });
  after(async () => {
    await client?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a file on disk, read by the server (not open in the editor)', async () => {
    const file = path.join(dir, 'mail.log');
    fs.writeFileSync(file, LOG);
    assert.deepEqual(await request(pathToFileURL(file).toString()), EXPECTED);
  });

  it('a .gz file is decompressed', async () => {
    const file = path.join(dir, 'mail.log.2.gz');
    fs.writeFileSync(file, gzipSync(LOG));
    assert.deepEqual(await request(pathToFileURL(file).toString()), EXPECTED);
  });

  it('an unsaved document: its text', async () => {
    await client.open('untitled:Untitled-1', 'postfix-log', LOG);
    assert.deepEqual(await request('untitled:Untitled-1'), EXPECTED);
  });

  it('the open log gets no configuration diagnostics, and hover explains its lines', async () => {
    const uri = pathToFileURL(path.join(dir, 'open', 'mail.log')).toString();
    await client.open(uri, 'postfix-log', LOG);
    assert.deepEqual((await client.diagnostics(uri)).diagnostics, []);
    const h = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 45 } });
    assert.match((h?.contents as MarkupContent).value, /Anonymous TLS connection established from a\.example/);
  });

  it('a missing file and a missing parameter are errors, and the server lives on', async () => {
    await assert.rejects(request(pathToFileURL(path.join(dir, 'nope.log')).toString()), /no such file/);
    await assert.rejects(client.connection.sendRequest('postfix/tlsReport', {}), /needs \{uri\}/);
    await assert.rejects(request('untitled:not-open'), /not an open document/);
    assert.ok(client.alive);
  });

  it('cancelled: answers early with what it read, complete: false', async () => {
    // About 80 MB: far more than is read before the cancellation arrives.
    const file = path.join(dir, 'big.log');
    const block = Buffer.from(LOG.repeat(2000));
    const fd = fs.openSync(file, 'w');
    for (let i = 0; i < 80 * 1024 * 1024; i += block.length) fs.writeSync(fd, block);
    fs.closeSync(fd);
    const source = new CancellationTokenSource();
    const pending = request(pathToFileURL(file).toString(), source.token);
    setTimeout(() => source.cancel(), 20);
    const r = await pending;
    assert.equal(r.complete, false);
    assert.ok(r.lines < (fs.statSync(file).size / LOG.length) * 4, `read ${r.lines} lines: all of them`);
    fs.rmSync(file);
  });
});
