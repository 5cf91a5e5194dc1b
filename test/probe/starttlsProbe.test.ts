/**
 * The live STARTTLS check against servers written here, one per way a check can go: each must end
 * with a clear message, within its timeouts, never a hang. (The real Postfix smtpd is in
 * test/postfix/starttlsProbe.test.ts.) Needs openssl for the test certificates.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, TLSSocket } from 'node:tls';
import { probeStarttls, ProbeOptions } from '../../server/src/probe/starttlsProbe';
import type { ProbeResult } from '../../server/src/probe/probeTypes';
import { makeTestPki, opensslFingerprint, TestPki } from './testCertificates';

/** One SMTP conversation, scripted: each client line gets the reply the script gives (or nothing). */
interface Conversation {
  send(text: string): void;
  socket: Socket;
}
type Script = {
  greet?: (c: Conversation) => void;
  /** The reply to a line; undefined: say nothing. */
  reply?: (line: string, c: Conversation) => string | undefined;
};

const servers: Server[] = [];
const open = new Set<Socket>();

function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (s: Socket) => {
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

/** Line-by-line dialogue on a socket (plain or TLS). */
function converse(socket: Socket, script: Script): void {
  const c: Conversation = { send: (t) => socket.write(t), socket };
  let buffer = '';
  socket.on('data', (b) => {
    buffer += b.toString('latin1');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      const r = script.reply?.(line, c);
      if (r !== undefined) socket.write(r);
      if (/^QUIT/i.test(line)) socket.end();
    }
  });
  (script.greet ?? ((x) => x.send('220 fake.example ESMTP\r\n')))(c);
}

function fakeSmtp(script: Script): Promise<number> {
  return listen(createServer((s) => converse(s, script)));
}

const ehloWith = (...ext: string[]) => ['250-fake.example', ...ext.slice(0, -1).map((e) => `250-${e}`), `250 ${ext[ext.length - 1]}`].join('\r\n') + '\r\n';

/** An ESMTP server offering STARTTLS that answers it with a real handshake using this key and certificate. */
function starttlsServer(key: string, cert: string): Promise<number> {
  return fakeSmtp({
    reply: (line, c) => {
      if (/^EHLO/i.test(line)) return ehloWith('PIPELINING', 'STARTTLS', '8BITMIME');
      if (/^STARTTLS/i.test(line)) {
        c.socket.write('220 2.0.0 Ready to start TLS\r\n');
        c.socket.removeAllListeners('data');
        const t = new TLSSocket(c.socket, { isServer: true, key: readFileSync(key), cert: readFileSync(cert) });
        t.on('error', () => undefined);
        converse(t, { greet: () => undefined, reply: (l) => (/^QUIT/i.test(l) ? '221 2.0.0 Bye\r\n' : '250 ok\r\n') });
        return undefined;
      }
      if (/^QUIT/i.test(line)) return '221 2.0.0 Bye\r\n';
      return '502 5.5.2 Error: command not recognized\r\n';
    },
  });
}

const quick: ProbeOptions['timeouts'] = { connectMs: 2000, readMs: 2000, overallMs: 5000 };

async function probe(port: number, extra: ProbeOptions = {}): Promise<ProbeResult> {
  return probeStarttls(`127.0.0.1:${port}`, { timeouts: quick, ehloName: 'probe.test', ...extra });
}

describe('live STARTTLS check against scripted servers', function () {
  this.timeout(30_000);
  let dir: string;
  let pki: TestPki;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'probe-'));
    pki = makeTestPki(dir);
  });
  afterEach(() => {
    for (const s of open) s.destroy();
    for (const s of servers.splice(0)) s.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a server offering STARTTLS: protocol, cipher, the chain, verified against the CA and the name localhost', async () => {
    const port = await starttlsServer(pki.leafKey, pki.leafCert);
    const r = await probeStarttls(`localhost:${port}`, { timeouts: quick, ca: { pem: pki.caPem, name: 'the test CA' } });
    assert.equal(r.error, undefined);
    assert.equal(r.starttlsOffered, true);
    assert.equal(r.tls, true);
    assert.match(r.protocol ?? '', /^TLSv1\.[23]$/);
    assert.ok(r.cipher, 'a cipher name');
    assert.equal(r.verified, true);
    assert.equal(r.nameMatches, true);
    assert.equal(r.trust, 'Verified');
    assert.equal(r.chain[0].subject, 'CN=localhost');
    assert.equal(r.chain[0].issuer, 'CN=Probe Test CA');
    assert.equal(r.chain[0].fingerprint256, opensslFingerprint(pki.leafCert));
    assert.deepEqual(r.transcript.filter((l) => l.startsWith('C:')).map((l) => l.split(' ')[1]), ['EHLO', 'STARTTLS', 'QUIT']);
  });

  it('the same server against the system CAs: does not verify, the issuer is unknown; the name still matches', async () => {
    const port = await starttlsServer(pki.leafKey, pki.leafCert);
    const r = await probeStarttls(`localhost:${port}`, { timeouts: quick });
    assert.equal(r.tls, true);
    assert.equal(r.verified, false);
    assert.match(r.verifyError ?? '', /issuer/);
    assert.equal(r.nameMatches, true);
    assert.equal(r.trust, 'Untrusted');
  });

  it('a certificate for another name: the name does not match, and says which names it has', async () => {
    const port = await starttlsServer(pki.otherKey, pki.otherCert);
    const r = await probe(port, { ca: { pem: readFileSync(pki.otherCert, 'utf8'), name: 'that certificate' } });
    assert.equal(r.verified, true);
    assert.equal(r.nameMatches, false);
    assert.equal(r.trust, 'Trusted');
    assert.match(r.nameError ?? '', /not for 127\.0\.0\.1: it names only CN=other\.example/);
  });

  it('main.cf names the certificate the server presents, or another one', async () => {
    const port = await starttlsServer(pki.leafKey, pki.leafCert);
    const same = await probe(port, { configured: [{ setting: 'smtpd_tls_chain_files', file: pki.leafKey }, { setting: 'smtpd_tls_chain_files', file: pki.leafCert }] });
    assert.deepEqual(same.configured?.presented, true);
    assert.equal(same.configured?.matchedSetting, 'smtpd_tls_chain_files');
    const other = await probe(port, { configured: [{ setting: 'smtpd_tls_cert_file', file: pki.otherCert }] });
    assert.equal(other.configured?.presented, false);
    assert.deepEqual(other.configured?.files[0].certificates.map((c) => c.subject), ['CN=other.example']);
    const missing = await probe(port, { configured: [{ setting: 'smtpd_tls_cert_file', file: join(dir, 'nope.pem') }] });
    assert.equal(missing.configured?.presented, undefined);
    assert.equal(missing.configured?.files[0].error, 'no such file');
  });

  it('no STARTTLS in the EHLO reply: says mail goes in cleartext, and still says QUIT', async () => {
    const port = await fakeSmtp({ reply: (l) => (/^EHLO/i.test(l) ? ehloWith('PIPELINING', 'SIZE 1000') : /^QUIT/i.test(l) ? '221 Bye\r\n' : '502 no\r\n') });
    const r = await probe(port);
    assert.equal(r.tls, false);
    assert.equal(r.starttlsOffered, false);
    assert.equal(r.stage, 'ehlo');
    assert.match(r.error ?? '', /does not offer STARTTLS/);
    assert.deepEqual(r.extensions, ['PIPELINING', 'SIZE 1000']);
    assert.ok(r.transcript.includes('C: QUIT'));
  });

  it('STARTTLS answered 454: offered but refused, with the usual cause', async () => {
    const port = await fakeSmtp({ reply: (l) => (/^EHLO/i.test(l) ? ehloWith('STARTTLS') : /^STARTTLS/i.test(l) ? '454 4.7.0 TLS not available due to local problem\r\n' : '221 Bye\r\n') });
    const r = await probe(port);
    assert.equal(r.tls, false);
    assert.equal(r.starttlsOffered, true);
    assert.equal(r.stage, 'starttls');
    assert.match(r.error ?? '', /offers STARTTLS but refuses it: 454 4\.7\.0 TLS not available due to local problem.*certificate or key/);
  });

  it('a server that closes after its banner', async () => {
    const port = await fakeSmtp({ greet: (c) => c.socket.end('220 fake.example ESMTP\r\n') });
    const r = await probe(port);
    assert.equal(r.stage, 'ehlo');
    assert.match(r.error ?? '', /closed the connection while the EHLO reply was awaited/);
    assert.deepEqual(r.banner, ['220 fake.example ESMTP']);
  });

  it('a silent server: no banner within the read timeout', async () => {
    const port = await fakeSmtp({ greet: () => undefined });
    const r = await probe(port, { timeouts: { connectMs: 2000, readMs: 300, overallMs: 5000 } });
    assert.equal(r.stage, 'banner');
    assert.equal(r.error, 'no greeting (220 banner) within 0.3 s (a server expecting TLS from the first byte, as on port 465, waits silently: try implicit TLS)');
    assert.ok(r.elapsedMs < 2000, `took ${r.elapsedMs} ms`);
  });

  it('a server that dribbles a never-ending banner: the overall timeout ends the check', async () => {
    const port = await fakeSmtp({
      greet: (c) => {
        const t = setInterval(() => (c.socket.writable ? c.send('220-still here\r\n') : clearInterval(t)), 50);
        c.socket.on('close', () => clearInterval(t));
      },
    });
    const r = await probe(port, { timeouts: { connectMs: 2000, readMs: 2000, overallMs: 500 } });
    assert.equal(r.stage, 'timeout');
    assert.equal(r.error, 'the check did not finish within 0.5 s');
    assert.ok(r.elapsedMs < 1500, `took ${r.elapsedMs} ms`);
  });

  it('a multi-line banner is read whole', async () => {
    const port = await fakeSmtp({
      greet: (c) => c.send('220-fake.example ESMTP\r\n220-no UCE\r\n220 welcome\r\n'),
      reply: (l) => (/^EHLO/i.test(l) ? ehloWith('PIPELINING') : '221 Bye\r\n'),
    });
    const r = await probe(port);
    assert.deepEqual(r.banner, ['220-fake.example ESMTP', '220-no UCE', '220 welcome']);
    assert.equal(r.starttlsOffered, false);
  });

  it('a 554 banner: the server refuses the session', async () => {
    const port = await fakeSmtp({ greet: (c) => c.send('554 5.7.1 no service for you\r\n'), reply: () => '221 Bye\r\n' });
    const r = await probe(port);
    assert.equal(r.stage, 'banner');
    assert.equal(r.error, 'the server refuses the session: 554 5.7.1 no service for you');
  });

  it('EHLO rejected: HELO works, so the server speaks SMTP without STARTTLS', async () => {
    const port = await fakeSmtp({ reply: (l) => (/^EHLO/i.test(l) ? '502 5.5.1 EHLO not implemented\r\n' : /^HELO/i.test(l) ? '250 fake.example\r\n' : '221 Bye\r\n') });
    const r = await probe(port);
    assert.equal(r.starttlsOffered, false);
    assert.match(r.error ?? '', /does not offer STARTTLS/);
    assert.ok(r.notes.some((n) => /rejects EHLO/.test(n)));
  });

  it('EHLO answered 421: the temporary refusal is quoted', async () => {
    const port = await fakeSmtp({ reply: () => '421 4.3.2 Service shutting down\r\n' });
    const r = await probe(port);
    assert.equal(r.stage, 'ehlo');
    assert.equal(r.error, 'the server rejects EHLO probe.test: 421 4.3.2 Service shutting down');
  });

  it('a web server on the port: not SMTP, and says so', async () => {
    const port = await fakeSmtp({ greet: (c) => c.send('HTTP/1.1 400 Bad Request\r\n\r\n') });
    const r = await probe(port);
    assert.equal(r.stage, 'banner');
    assert.match(r.error ?? '', /^not an SMTP server: "HTTP\/1\.1 400 Bad Request" is no SMTP reply \(a web server\?\)$/);
  });

  it('binary garbage: not SMTP, control bytes shown escaped', async () => {
    const port = await fakeSmtp({ greet: (c) => c.socket.write(Buffer.from([0x00, 0x01, 0xff, 0x41, 0x0d, 0x0a])) });
    const r = await probe(port);
    assert.match(r.error ?? '', /^not an SMTP server: "\\x00\\x01.A" is no SMTP reply$/);
  });

  it('an endless line without a newline: not SMTP, without reading forever', async () => {
    const port = await fakeSmtp({ greet: (c) => c.send('220 '.padEnd(10_000, 'x')) });
    const r = await probe(port);
    assert.match(r.error ?? '', /^not an SMTP server: "220 x+…" is no SMTP reply$/);
  });

  it('the TLS handshake fails (the server answers the ClientHello with text)', async () => {
    const port = await fakeSmtp({
      reply: (l, c) => {
        if (/^EHLO/i.test(l)) return ehloWith('STARTTLS');
        if (/^STARTTLS/i.test(l)) {
          c.send('220 go ahead\r\n');
          c.socket.removeAllListeners('data');
          c.socket.once('data', () => c.socket.end('500 what is this\r\n'));
        }
        return undefined;
      },
    });
    const r = await probe(port);
    assert.equal(r.tls, false);
    assert.equal(r.stage, 'handshake');
    assert.match(r.error ?? '', /^the TLS handshake failed: (wrong version number|packet length too long|.*record)/);
  });

  it('TLS from the first byte (as on port 465): banner and EHLO inside TLS', async () => {
    const port = await listen(
      createTlsServer({ key: readFileSync(pki.leafKey), cert: readFileSync(pki.leafCert) }, (t) => {
        t.on('error', () => undefined);
        converse(t, { reply: (l) => (/^EHLO/i.test(l) ? ehloWith('PIPELINING', 'AUTH PLAIN') : '221 Bye\r\n') });
      }),
    );
    const r = await probe(port, { implicitTls: true, ca: { pem: pki.caPem, name: 'the test CA' } });
    assert.equal(r.error, undefined);
    assert.equal(r.implicitTls, true);
    assert.equal(r.tls, true);
    assert.equal(r.starttlsOffered, undefined);
    assert.deepEqual(r.banner, ['220 fake.example ESMTP']);
    assert.deepEqual(r.extensions, ['PIPELINING', 'AUTH PLAIN']);
    assert.equal(r.trust, 'Verified');
  });

  it('TLS from the first byte asked of a plain SMTP server: the handshake fails and says why', async () => {
    const port = await fakeSmtp({ reply: () => '221 Bye\r\n' });
    const r = await probe(port, { implicitTls: true });
    assert.equal(r.stage, 'handshake');
    assert.match(r.error ?? '', /^the TLS handshake failed: .* \(the server seems to speak plain SMTP here: try STARTTLS, without --implicit-tls\)$/);
  });

  it('nothing listens: connection refused', async () => {
    const port = await listen(createServer());
    servers.pop()!.close();
    await new Promise((res) => setTimeout(res, 50));
    const r = await probe(port);
    assert.equal(r.stage, 'connect');
    assert.equal(r.error, `connection refused by 127.0.0.1:${port}: nothing listens on that port`);
  });

  it('a name that does not resolve', async () => {
    const r = await probeStarttls('no-such-host.invalid', { timeouts: quick });
    assert.equal(r.stage, 'resolve');
    assert.match(r.error ?? '', /^cannot resolve no-such-host\.invalid: /);
  });

  it('a target that is not one: no connection is tried', async () => {
    const r = await probeStarttls('mx.example.com:http-alt', { timeouts: quick });
    assert.equal(r.stage, 'target');
    assert.equal(r.error, '"http-alt" is not a port (1-65535, smtp, submission or smtps)');
  });

  it('cancelled by the caller', async () => {
    const port = await fakeSmtp({ greet: () => undefined });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await probe(port, { signal: controller.signal });
    assert.equal(r.stage, 'cancelled');
    assert.ok(r.elapsedMs < 1500);
  });
});
