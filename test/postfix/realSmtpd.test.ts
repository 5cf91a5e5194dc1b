/**
 * Proof with the real Postfix: the server block our quick fix inserts makes a
 * real smtpd offer STARTTLS with TLS 1.2 or newer, and the protocol fix makes it
 * refuse a TLS 1.1-only client. Needs root, Debian's postfix and openssl.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/service/languageService';
import { Instance, needRealPostfix, startPostfix, stop } from './postfixInstance';

/** Applies the quick fix with this title for the diagnostic with this code. */
function applyFix(doc: TextDocument, code: string, title: RegExp): TextDocument {
  const ls = getLanguageService();
  const diags = ls.validate(doc, { main: doc });
  const d = diags.find((x: Diagnostic) => x.code === code);
  assert.ok(d, `expected a ${code} finding, got: ${diags.map((x) => x.code).join(', ')}`);
  const actions = ls.getCodeActions(doc, d.range, [d], { main: doc });
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit?.changes, `no quick fix matching ${title} among: ${actions.map((a) => a.title).join(' | ')}`);
  const edits: TextEdit[] = action.edit.changes[doc.uri];
  const text = TextDocument.applyEdits(doc, edits);
  const fixed = TextDocument.create(doc.uri, doc.languageId, doc.version + 1, text);
  assert.ok(!ls.validate(fixed, { main: fixed }).some((x) => x.code === code), `${code} is still reported after the fix:\n${text}`);
  return fixed;
}

/** openssl s_client, asynchronously so the test process stays responsive; bounded at 15 s. */
function sClient(port: number, extra: string[]): Promise<{ out: string; status: number | null }> {
  return new Promise((resolve) => {
    const p = spawn('openssl', ['s_client', '-starttls', 'smtp', '-connect', `127.0.0.1:${port}`, '-brief', ...extra], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (b) => (out += b));
    p.stderr.on('data', (b) => (out += b));
    const timer = setTimeout(() => {
      out += '\n(openssl s_client timed out after 15 s)';
      p.kill('SIGKILL');
    }, 15_000);
    p.on('close', (status) => {
      clearTimeout(timer);
      resolve({ out, status });
    });
    p.stdin.end('QUIT\r\n');
  });
}

function tlsVersion(out: string): string | undefined {
  return /Protocol version: (\S+)/.exec(out)?.[1];
}

describe('real Postfix smtpd with the fixed configuration', function () {
  this.timeout(60_000);
  let root: string;
  let instance: Instance | undefined;

  before(function () {
    needRealPostfix(this, 'real-Postfix test');
    root = mkdtempSync(join(tmpdir(), 'pf-real-'));
    // The postfix user must reach data_directory and the queue below it.
    chmodSync(root, 0o755);
    const tls = join(root, 'tls');
    mkdirSync(tls);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(tls, 'key.pem'), '-out', join(tls, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    chmodSync(join(tls, 'key.pem'), 0o600);
  });

  afterEach(() => {
    stop(instance);
    instance = undefined;
  });

  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the inserted server block offers STARTTLS and negotiates TLS 1.2 or newer', async () => {
    const weak = TextDocument.create('file:///etc/postfix/main.cf', 'postfix-main', 1, 'compatibility_level = 3.6\nsmtpd_banner = $myhostname ESMTP\n');
    const fixed = applyFix(weak, 'server-tls-off', /TLS server block/);
    // The block's certificate paths are placeholders: point them at the certificate made for this test.
    const text = fixed.getText().replace('/etc/ssl/private/mail.key', join(root, 'tls', 'key.pem')).replace('/etc/ssl/certs/mail.pem', join(root, 'tls', 'cert.pem'));
    assert.match(text, /smtpd_tls_security_level = may/);
    instance = await startPostfix(join(root, 'a'), text);
    const r = await sClient(instance.port, []);
    assert.doesNotMatch(r.out, /Didn't find STARTTLS/, `STARTTLS not offered:\n${r.out}\n${instance.log()}`);
    const v = tlsVersion(r.out);
    assert.ok(v === 'TLSv1.2' || v === 'TLSv1.3', `negotiated ${v ?? 'nothing'}:\n${r.out}\n${instance.log()}`);
  });

  it('after the protocol fix a TLS 1.1-only client is refused, a TLS 1.2 client is not', async () => {
    const cert = `smtpd_tls_chain_files = ${join(root, 'tls', 'key.pem')}, ${join(root, 'tls', 'cert.pem')}`;
    // Where TLS is required the mandatory list applies, and its fix asks for TLS 1.2 (opportunistic TLS keeps older versions on purpose).
    const weak = TextDocument.create('file:///etc/postfix/main.cf', 'postfix-main', 1, `compatibility_level = 3.6\n${cert}\nsmtpd_tls_security_level = encrypt\nsmtpd_tls_mandatory_protocols = !SSLv2, !SSLv3\n`);
    const fixed = applyFix(weak, 'weak-protocol-tls10', /TLSv1\.2/);
    assert.match(fixed.getText(), /smtpd_tls_mandatory_protocols = >=TLSv1\.2/);
    instance = await startPostfix(join(root, 'b'), fixed.getText());
    const old = await sClient(instance.port, ['-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0']);
    assert.equal(tlsVersion(old.out), undefined, `a TLS 1.1 client got through:\n${old.out}`);
    assert.match(`${old.out}\n${instance.log()}`, /protocol version|unsupported protocol|no protocols available/i);
    const modern = await sClient(instance.port, ['-tls1_2']);
    assert.equal(tlsVersion(modern.out), 'TLSv1.2', `TLS 1.2 client refused:\n${modern.out}\n${instance.log()}`);
  });
});



