/**
 * The live STARTTLS check against Debian's real Postfix smtpd, side by side with Debian's
 * posttls-finger on the same server: both must see the same protocol, cipher, key exchange,
 * trust level and certificate (subject and SHA-256 fingerprint), the same EHLO extensions when
 * STARTTLS is off, and the same over TLS from the first byte (smtps). Needs root, Debian's postfix
 * (which brings posttls-finger) and openssl; scripts/install-test-deps.sh installs them.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { probeStarttls } from '../../server/src/probe/starttlsProbe';
import type { ProbeResult } from '../../server/src/probe/probeTypes';
import { getLanguageService } from '../../server/src/service/languageService';
import { configuredServerCertificates } from '../../server/src/service/serverCertificates';
import { makeTestPki, opensslFingerprint, TestPki } from '../probe/testCertificates';
import { Instance, needRealPostfix, startPostfix, stop } from './postfixInstance';

const FINGER = '/usr/sbin/posttls-finger';

/**
 * posttls-finger on the instance's configuration (MAIL_CONFIG), bounded at 20 s. It resolves names
 * through DNS only (not /etc/hosts), so it connects to [127.0.0.1] and is given localhost as the
 * name to match, where our check connects to localhost.
 */
function finger(instance: Instance, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn(FINGER, args, { env: { ...process.env, MAIL_CONFIG: join(instance.dir, 'conf') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (b) => (out += b));
    p.stderr.on('data', (b) => (out += b));
    const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
    p.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

interface FingerSession {
  trust: string;
  protocol: string;
  cipher: string;
  keyExchange?: string;
  subjectCN?: string;
  fingerprint?: string;
}

/** "Verified TLS connection established to …: TLSv1.3 with cipher … (256/256 bits) key-exchange X25519 …" and the certificate line. */
function parseFinger(out: string): FingerSession | undefined {
  const m = /(\w+) TLS connection established to \S+: (\S+) with cipher (\S+) \(\d+\/\d+ bits\)(?: key-exchange (\S+))?/.exec(out);
  if (!m) return undefined;
  const cert = /subject_CN=([^,]+), issuer_CN=[^,]*, fingerprint=([0-9A-F:]+)/.exec(out);
  return { trust: m[1], protocol: m[2], cipher: m[3], keyExchange: m[4], subjectCN: cert?.[1], fingerprint: cert?.[2] };
}

function assertAgree(ours: ProbeResult, theirs: FingerSession | undefined, fingerOut: string): void {
  assert.ok(theirs, `posttls-finger established no TLS session:\n${fingerOut}`);
  assert.equal(ours.error, undefined, ours.error);
  assert.equal(ours.trust, theirs.trust, 'trust level');
  assert.equal(ours.protocol, theirs.protocol, 'protocol');
  assert.equal(ours.cipher, theirs.cipher, 'cipher');
  if (theirs.keyExchange) assert.equal(ours.keyExchange, theirs.keyExchange, 'key exchange');
  assert.equal(ours.chain[0].subject, `CN=${theirs.subjectCN}`, 'certificate subject');
  assert.equal(ours.chain[0].fingerprint256, theirs.fingerprint, 'certificate fingerprint');
}

describe('live STARTTLS check against the real Postfix smtpd, compared with posttls-finger', function () {
  this.timeout(90_000);
  let root: string;
  let pki: TestPki;
  let instance: Instance | undefined;

  before(function () {
    needRealPostfix(this, 'real-Postfix probe test', [FINGER]);
    root = mkdtempSync(join(tmpdir(), 'pf-probe-'));
    chmodSync(root, 0o755);
    pki = makeTestPki(join(root, 'tls'));
  });

  afterEach(() => {
    stop(instance);
    instance = undefined;
  });

  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** The server's key, its certificate and the CA after it: smtpd sends the leaf and the CA. */
  const tlsMainCf = (extra = '') => `compatibility_level = 3.6
smtpd_tls_security_level = may
smtpd_tls_chain_files = ${pki.leafKey}, ${pki.leafCert}, ${pki.caFile}
${extra}`;

  it('STARTTLS: the same protocol, cipher, trust level and certificate as posttls-finger; the certificate main.cf names is the one presented', async () => {
    const mainCf = tlsMainCf();
    instance = await startPostfix(join(root, 'a'), mainCf, { wrapperMode: true });
    const doc = TextDocument.create('file:///etc/postfix/main.cf', 'postfix-main', 1, mainCf);
    const configured = configuredServerCertificates(getLanguageService().config({ main: doc }));
    assert.deepEqual(configured.map((c) => c.file), [pki.leafKey, pki.leafCert, pki.caFile]);
    const ours = await probeStarttls(`localhost:${instance.port}`, { ca: { pem: pki.caPem, name: 'the test CA' }, configured });
    const out = await finger(instance, ['-c', '-l', 'secure', '-d', 'sha256', '-F', pki.caFile, `[127.0.0.1]:${instance.port}`, 'localhost']);
    assertAgree(ours, parseFinger(out), out);
    assert.equal(ours.trust, 'Verified');
    assert.equal(ours.starttlsOffered, true);
    assert.equal(ours.chain[0].fingerprint256, opensslFingerprint(pki.leafCert));
    assert.deepEqual(ours.chain.map((c) => c.subject), ['CN=localhost', 'CN=Probe Test CA']);
    assert.equal(ours.chain[0].issuedByNext, true);
    assert.equal(ours.configured?.presented, true);
    assert.equal(ours.configured?.matchedSetting, 'smtpd_tls_chain_files');

    // Against the system CAs the test CA is unknown: Untrusted for both (posttls-finger at "may",
    // where a chain that does not verify is logged rather than fatal).
    const sys = await probeStarttls(`localhost:${instance.port}`);
    const sysOut = await finger(instance, ['-c', '-l', 'may', '-d', 'sha256', `[127.0.0.1]:${instance.port}`]);
    assertAgree(sys, parseFinger(sysOut), sysOut);
    assert.equal(sys.trust, 'Untrusted');
    assert.match(sys.verifyError ?? '', /not a trusted CA/);

    // smtps (TLS from the first byte): posttls-finger -w.
    const wrapped = await probeStarttls(`localhost:${instance.wrapperPort}`, { implicitTls: true, ca: { pem: pki.caPem, name: 'the test CA' } });
    const wOut = await finger(instance, ['-w', '-c', '-l', 'secure', '-d', 'sha256', '-F', pki.caFile, `[127.0.0.1]:${instance.wrapperPort}`, 'localhost']);
    assertAgree(wrapped, parseFinger(wOut), wOut);
    assert.deepEqual(wrapped.banner, ['220 test.localdomain ESMTP Postfix']);
  });

  it('TLS 1.2 only: the same TLS 1.2 cipher as posttls-finger; main.cf naming another certificate is told apart', async () => {
    instance = await startPostfix(join(root, 'b'), tlsMainCf('smtpd_tls_protocols = >=TLSv1, <=TLSv1.2\ntls_preempt_cipherlist = yes\n'));
    const ours = await probeStarttls(`localhost:${instance.port}`, { ca: { pem: pki.caPem, name: 'the test CA' }, configured: [{ setting: 'smtpd_tls_cert_file', file: pki.otherCert }] });
    const out = await finger(instance, ['-c', '-l', 'secure', '-d', 'sha256', '-F', pki.caFile, `[127.0.0.1]:${instance.port}`, 'localhost']);
    assertAgree(ours, parseFinger(out), out);
    assert.equal(ours.protocol, 'TLSv1.2');
    assert.equal(ours.configured?.presented, false);
  });

  it('TLS off: STARTTLS not offered, and the EHLO extensions posttls-finger sees', async () => {
    instance = await startPostfix(join(root, 'c'), 'compatibility_level = 3.6\nsmtpd_tls_security_level = none\n');
    const ours = await probeStarttls(`127.0.0.1:${instance.port}`);
    const out = await finger(instance, ['-l', 'may', `[127.0.0.1]:${instance.port}`]);
    assert.equal(ours.starttlsOffered, false);
    assert.match(ours.error ?? '', /does not offer STARTTLS/);
    assert.doesNotMatch(out, /TLS connection established/);
    const theirs = [...out.matchAll(/< 250[- ](.*)$/gm)].map((m) => m[1]).slice(1);
    assert.ok(theirs.length > 3, out);
    assert.deepEqual(ours.extensions, theirs);
  });
});
