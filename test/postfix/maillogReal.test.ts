/**
 * The TLS report against what real Postfix logs: Debian's Postfix runs with maillog_file set
 * (postlogd writes the log), this test sends mail over loopback in clear text and with STARTTLS,
 * and Postfix's own smtp client relays it to four more smtpd listeners of the same instance: one
 * with a certificate of our own CA (verified), one self-signed (untrusted, and a `secure` policy
 * that fails on it), one without TLS (clear text, and an `encrypt` policy that finds no STARTTLS),
 * and one that stops at TLS 1.2 while the client asks for TLS 1.3 only (protocol mismatch). The
 * report of the log must count exactly what was sent. Needs root, Debian's postfix and openssl
 * (scripts/install-test-deps.sh installs them).
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, TLSSocket } from 'node:tls';
import { findProjectRoot } from '../protocol/lspClient';
import { freePort, needRealPostfix, postfixUid, privateInstanceLines, runMaster, stopMaster } from './postfixInstance';
import { tlsReportOf } from '../../server/src/service/maillog/tlsReport';
import type { TlsReport } from '../../server/src/service/maillog/reportTypes';

/** One SMTP reply (all its lines), read from a socket that may be upgraded to TLS midway. */
class Replies {
  private buf = '';
  private waiting: ((r: string) => void) | undefined;
  constructor(private sock: Socket | TLSSocket) {
    this.attach(sock);
  }
  attach(sock: Socket | TLSSocket): void {
    this.sock = sock;
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      this.buf += d;
      this.check();
    });
  }
  private check(): void {
    const m = /(^|\n)(\d{3}) [^\n]*\r?\n/.exec(this.buf);
    if (!m || !this.waiting) return;
    const reply = this.buf.slice(0, m.index + m[0].length);
    this.buf = this.buf.slice(reply.length);
    const w = this.waiting;
    this.waiting = undefined;
    w(reply);
  }
  next(): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no SMTP reply within 10 s (have: ${JSON.stringify(this.buf)})`)), 10_000);
      this.waiting = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      this.check();
    });
  }
  async send(line: string, expect: RegExp): Promise<string> {
    this.sock.write(`${line}\r\n`);
    const r = await this.next();
    assert.match(r, expect, `after ${line.split('\r')[0]}: ${r}`);
    return r;
  }
}

/** Sends one message to the listener, with STARTTLS or in clear text. */
async function sendMail(port: number, rcpt: string, starttls: boolean): Promise<void> {
  const plain = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    plain.once('connect', resolve);
    plain.once('error', reject);
  });
  const r = new Replies(plain);
  assert.match(await r.next(), /^220 /);
  await r.send('EHLO client.test', /^250[ -]/m);
  let sock: Socket | TLSSocket = plain;
  if (starttls) {
    await r.send('STARTTLS', /^220 /);
    plain.removeAllListeners('data');
    sock = tlsConnect({ socket: plain, servername: 'localhost', rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      (sock as TLSSocket).once('secureConnect', resolve);
      sock.once('error', reject);
    });
    r.attach(sock);
    await r.send('EHLO client.test', /^250[ -]/m);
  }
  await r.send('MAIL FROM:<sender@client.test>', /^250 /);
  await r.send(`RCPT TO:<${rcpt}>`, /^250 /);
  await r.send('DATA', /^354 /);
  await r.send(`Subject: report test\r\n\r\nto ${rcpt}${starttls ? ' over TLS' : ''}\r\n.`, /^250 /);
  await r.send('QUIT', /^221 /);
  sock.end();
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

describe('the TLS report of a log written by real Postfix', function () {
  this.timeout(120_000);
  let root = '';
  let master: ChildProcess | undefined;
  const ports: Record<'in' | 'untrusted' | 'verified' | 'plain' | 'old', number> = { in: 0, untrusted: 0, verified: 0, plain: 0, old: 0 };
  let logFile = '';
  const log = () => (logFile && existsSync(logFile) ? readFileSync(logFile, 'latin1') : '');

  before(async function () {
    needRealPostfix(this, 'real-Postfix report test');
    const pf = postfixUid();
    const postdrop = spawnSync('getent', ['group', 'postdrop'], { encoding: 'utf8' }).stdout.split(':')[2];
    root = mkdtempSync(join(tmpdir(), 'pf-maillog-'));
    chmodSync(root, 0o755);
    const tls = join(root, 'tls');
    mkdirSync(tls);
    // Our own CA and a server certificate for "localhost" it signs; a self-signed one nobody trusts.
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(tls, 'ca.key'), '-out', join(tls, 'ca.pem'), '-days', '2', '-subj', '/CN=Report Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(tls, 'server.key'), '-out', join(tls, 'server.csr'), '-subj', '/CN=localhost']);
    writeFileSync(join(tls, 'ext.cnf'), 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n');
    openssl(['x509', '-req', '-in', join(tls, 'server.csr'), '-CA', join(tls, 'ca.pem'), '-CAkey', join(tls, 'ca.key'), '-CAcreateserial', '-out', join(tls, 'server.pem'), '-days', '2', '-extfile', join(tls, 'ext.cnf')]);
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(tls, 'self.key'), '-out', join(tls, 'self.pem'), '-days', '2', '-subj', '/CN=untrusted.localhost']);
    for (const k of ['ca.key', 'server.key', 'self.key']) chmodSync(join(tls, k), 0o600);

    for (const k of Object.keys(ports) as Array<keyof typeof ports>) ports[k] = await freePort();
    const conf = join(root, 'conf');
    const queue = join(root, 'queue');
    mkdirSync(conf);
    // The queue as `postfix check` would create it: owned by postfix, public and maildrop by group postdrop.
    for (const d of ['incoming', 'active', 'deferred', 'bounce', 'defer', 'flush', 'hold', 'corrupt', 'trace', 'saved', 'private', 'public', 'maildrop', 'pid']) mkdirSync(join(queue, d), { recursive: true });
    for (const d of ['incoming', 'active', 'deferred', 'bounce', 'defer', 'flush', 'hold', 'corrupt', 'trace', 'saved', 'private']) {
      chownSync(join(queue, d), pf!.uid, pf!.gid);
      chmodSync(join(queue, d), 0o700);
    }
    for (const d of ['public', 'maildrop']) chownSync(join(queue, d), pf!.uid, postdrop ? Number(postdrop) : pf!.gid);
    mkdirSync(join(root, 'data'));
    chownSync(join(root, 'data'), pf!.uid, pf!.gid);
    logFile = join(root, 'maillog');
    const p = ports;
    writeFileSync(
      join(conf, 'main.cf'),
      `compatibility_level = 3.7
${privateInstanceLines(root, 'mx.test')}alias_maps =
alias_database =
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_tls_chain_files = ${join(tls, 'server.key')}, ${join(tls, 'server.pem')}
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
smtp_tls_security_level = may
smtp_tls_loglevel = 1
smtp_tls_CAfile = ${join(tls, 'ca.pem')}
smtp_tls_session_cache_database =
smtp_host_lookup = native
smtp_connection_cache_on_demand = no
smtp_helo_name = relay.mx.test
in_flow_delay = 0
transport_maps = inline:{ verified.test=smtp:[127.0.0.1]:${p.verified}, untrusted.test=smtp:[127.0.0.1]:${p.untrusted}, verifyfail.test=smtp:[localhost]:${p.untrusted}, plain.test=smtp:[127.0.0.1]:${p.plain}, required.test=smtp:[localhost]:${p.plain}, old.test=smtp:[127.0.0.1]:${p.old} }
smtp_tls_policy_maps = inline:{ { [127.0.0.1]:${p.verified} = secure match=localhost }, { [localhost]:${p.untrusted} = secure match=localhost }, { [localhost]:${p.plain} = encrypt }, { [127.0.0.1]:${p.old} = encrypt protocols=!SSLv2:!SSLv3:!TLSv1:!TLSv1.1:!TLSv1.2 } }
`,
    );
    // The four receiving listeners throw the mail away (discard), so nothing is relayed twice.
    const sink = '-o content_filter=discard: -o receive_override_options=no_address_mappings';
    writeFileSync(
      join(conf, 'master.cf'),
      `127.0.0.1:${p.in} inet n - n - - smtpd
127.0.0.1:${p.verified} inet n - n - - smtpd ${sink}
127.0.0.1:${p.untrusted} inet n - n - - smtpd ${sink} -o smtpd_tls_chain_files=${join(tls, 'self.key')},${join(tls, 'self.pem')}
127.0.0.1:${p.plain} inet n - n - - smtpd ${sink} -o smtpd_tls_security_level=none
127.0.0.1:${p.old} inet n - n - - smtpd ${sink} -o smtpd_tls_protocols=!TLSv1.3 -o smtpd_tls_mandatory_protocols=!TLSv1.3
postlog unix-dgram n - n - 1 postlogd
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
tlsmgr unix - - n 1000? 1 tlsmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
smtp unix - - n - - smtp
relay unix - - n - - smtp
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
`,
    );
    const check = spawnSync('postconf', ['-c', conf, '-n'], { encoding: 'utf8' });
    assert.equal(check.status, 0, `postconf rejects the test configuration: ${check.stderr}`);
    master = await runMaster(conf, Object.values(ports), log, 15_000);
  });

  after(() => {
    stopMaster(master);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** Waits until the log has `n` lines matching `re` (Postfix works on after our QUIT). */
  async function waitFor(re: RegExp, n: number, what: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while ((log().match(re) ?? []).length < n) {
      if (Date.now() > deadline) throw new Error(`waited 60 s for ${n} × ${what}; the log:\n${log()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('counts the sessions, deliveries, protocols, trust levels, clear-text peers and failures that happened', async () => {
    // Two messages per destination, one in clear text and one with STARTTLS, all through the inbound listener.
    const domains = ['verified.test', 'untrusted.test', 'verifyfail.test', 'plain.test', 'required.test', 'old.test'];
    try {
      for (const d of domains) {
        await sendMail(ports.in, `user@${d}`, false);
        await sendMail(ports.in, `user@${d}`, true);
      }
    } catch (e) {
      throw new Error(`${(e as Error).message}\nthe log:\n${log()}`);
    }
    // Every message is delivered or deferred once; every connection the smtp client made ends.
    await waitFor(/postfix\/smtp\[\d+\]: \w+: to=<[^>]+>, relay=[^,]+, .*status=(sent|deferred|bounced)/g, 12, 'smtp delivery status');
    // Our 12 sessions, the smtp client's 12, and the one probe per listener that waited for it to listen.
    const probes = Object.keys(ports).length;
    const smtpdSessions = 12 + 12 + probes;
    await waitFor(/postfix\/smtpd\[\d+\]: disconnect from /g, smtpdSessions, 'smtpd disconnect');

    const text = log();
    const d = tlsReportOf(text);
    const r: TlsReport = d.report;
    const peer = (port: number, name = '127.0.0.1') => `${name}[127.0.0.1]:${port}`;
    const context = `\nreport: ${JSON.stringify(r, null, 1)}\nlog:\n${text}`;

    // Inbound: the probes (connect, no command), our 12 sessions (6 with STARTTLS) and the smtp client's 12 connections to the four
    // listeners: TLS to the verified one (2) and to the self-signed one (2 may + 2 secure: the
    // handshake completes before the client rejects the certificate); none to the listener without
    // TLS; the TLS 1.2-only listener sees a failed handshake (starttls=0/1).
    assert.deepEqual(r.inbound, { sessions: smtpdSessions, tls: 12, protocols: { 'TLSv1.3': 12 }, trust: { Anonymous: 12 } }, context);

    // Outbound: 12 delivery attempts: sent over verified TLS (2), over untrusted TLS (2), in clear
    // text (2); deferred: certificate not verified (2, over untrusted TLS), TLS required but not
    // offered (2, clear text), protocol mismatch (2, clear text).
    assert.equal(r.outbound.deliveries, 12, context);
    assert.equal(r.outbound.tls, 6, context);
    assert.deepEqual(r.outbound.protocols, { 'TLSv1.3': 6 }, context);
    assert.deepEqual(r.outbound.trust, { Untrusted: 4, Verified: 2 }, context);
    assert.deepEqual(
      [...r.outbound.cleartextPeers].sort((a, b) => (a.peer < b.peer ? -1 : 1)),
      [
        { peer: peer(ports.plain), deliveries: 2 },
        { peer: peer(ports.old), deliveries: 2 },
        { peer: peer(ports.plain, 'localhost'), deliveries: 2 },
      ].sort((a, b) => (a.peer < b.peer ? -1 : 1)),
      context,
    );

    // Failures: each kind where it happened, with the line it is on.
    const lines = text.split('\n');
    for (const f of r.failures) assert.ok(f.line >= 1 && f.line <= lines.length, `line ${f.line} out of range`);
    const kinds = (kind: string) => r.failures.filter((f) => f.kind === kind);
    assert.equal(kinds('TLS is required, but was not offered').length, 2, context);
    for (const f of kinds('TLS is required, but was not offered')) assert.equal(f.peer, 'localhost[127.0.0.1]', context);
    assert.equal(kinds('Server certificate not verified').length, 2, context);
    for (const f of kinds('Server certificate not verified')) assert.equal(f.peer, peer(ports.untrusted, 'localhost'), context);
    assert.equal(kinds('protocol mismatch').length, 4, `protocol mismatch on both sides${context}`);
    for (const f of kinds('protocol mismatch')) assert.match(f.peer, /^(localhost\[127\.0\.0\.1\]|127\.0\.0\.1\[127\.0\.0\.1\]:\d+)$/, context);
    assert.equal(kinds('handshake failure').length, 2, context);
    assert.ok(kinds('SSL_accept error').length >= 2, context);
    for (const f of kinds('SSL_accept error')) assert.match(f.peer, /\[127\.0\.0\.1\]$/, context);
    for (const f of r.failures) assert.ok(lines[f.line - 1].length > 0, `failure line ${f.line} is empty`);

    // The CLI prints the same report as JSON.
    const cli = spawnSync(process.execPath, [join(findProjectRoot(), 'dist', 'cli.js'), '--maillog', logFile, '--format', 'json'], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout), r);
  });
});
