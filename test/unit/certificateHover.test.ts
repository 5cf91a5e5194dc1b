// Hover on a certificate, key, chain or CA file path (trusted workspaces: only when the
// service has a CertificateInspector): subject, issuer, SANs, validity, key type and size.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MarkupContent } from 'vscode-languageserver-types';
import { getLanguageService, LanguageSettings } from '../../server/src/service/languageService';
import type { CertificateInspector, FileReport } from '../../server/src/service/rules/tls/certificates';
import { NodeCertificateInspector } from '../../server/src/nodeCertificates';
import { r, spec } from './spec';

const NOW = new Date('2025-06-01T00:00:00Z');

/** An inspector with canned reports, so the text can be checked exactly. */
class FakeInspector implements CertificateInspector {
  inspected: string[] = [];
  constructor(private readonly reports: Record<string, Omit<FileReport, 'path'>>) {}
  inspect(p: string): FileReport {
    this.inspected.push(p);
    return { path: p, ...(this.reports[p] ?? { error: 'no such file', reason: 'missing' as const, blocks: [], certificates: [], issuedByNext: [] }) };
  }
  keyMatches(): boolean | undefined {
    return undefined;
  }
  keyMatchesCertificate(): boolean | undefined {
    return undefined;
  }
  issuedBy(): boolean | undefined {
    return undefined;
  }
  now(): Date {
    return NOW;
  }
}

const LEAF = {
  subject: 'CN=mail.example.com',
  issuer: 'C=US, O=Let\'s Encrypt, CN=R11',
  validFrom: new Date('2025-04-01T10:00:00Z'),
  validTo: new Date('2025-06-30T10:00:00Z'),
  selfSigned: false,
  subjectAltName: 'DNS:mail.example.com, DNS:smtp.example.com',
  keyType: 'rsa',
  keyBits: 2048,
};
const R11 = { subject: 'C=US, O=Let\'s Encrypt, CN=R11', issuer: 'C=US, O=Internet Security Research Group, CN=ISRG Root X1', validFrom: new Date('2024-03-13T00:00:00Z'), validTo: new Date('2025-03-12T23:59:59Z'), selfSigned: false, keyType: 'rsa', keyBits: 2048 };

function hoverWith(inspector: CertificateInspector | undefined, text: string, settings: LanguageSettings = {}): { value: string; range: string } | undefined {
  const { doc, pos } = spec(text);
  const h = getLanguageService({ certificates: inspector }).doHover(doc, pos, { main: doc }, settings);
  return h ? { value: (h.contents as MarkupContent).value, range: r(h.range!) } : undefined;
}

describe('hover on certificate files', () => {
  const inspector = () =>
    new FakeInspector({
      '/etc/ssl/certs/mail.pem': { blocks: [{ kind: 'certificate', cert: 0 }, { kind: 'certificate', cert: 1 }], certificates: [LEAF, R11], issuedByNext: [true] },
      '/etc/ssl/private/mail.key': { blocks: [{ kind: 'key' }], certificates: [], issuedByNext: [] },
    });

  it('shows subject, issuer, SANs, validity, key type and size of each certificate', () => {
    const h = hoverWith(inspector(), 'smtpd_tls_cert_file = /etc/ssl/certs/ma|il.pem\n');
    assert.ok(h);
    assert.equal(h.range, '0:22-0:45');
    const v = h.value;
    assert.match(v, /^\*\*`\/etc\/ssl\/certs\/mail\.pem`\*\*: 2 certificates/);
    assert.match(v, /\*\*Certificate 1 of 2\*\*/);
    assert.match(v, /- Subject: `CN=mail\.example\.com`/);
    assert.match(v, /- Issuer: `C=US, O=Let's Encrypt, CN=R11`/);
    assert.match(v, /- Alternative names: `DNS:mail\.example\.com, DNS:smtp\.example\.com`/);
    assert.match(v, /- Valid: 2025-04-01 10:00 UTC to 2025-06-30 10:00 UTC \(expires in 29 days\)/);
    assert.match(v, /- Key: RSA 2048 bits/);
    assert.match(v, /\*\*Certificate 2 of 2\*\*[\s\S]*\(\*\*expired\*\* 80 days ago\)/);
  });

  it('covers each file of smtpd_tls_chain_files, and says what a key file holds without showing it', () => {
    const text = 'smtpd_tls_chain_files = /etc/ssl/private/mail.key, /etc/ssl/certs/mail.pem\n';
    const key = hoverWith(inspector(), text.replace('mail.key', 'ma|il.key'));
    assert.ok(key);
    assert.equal(key.value, '**`/etc/ssl/private/mail.key`**: 1 private key');
    const cert = hoverWith(inspector(), text.replace('mail.pem', 'm|ail.pem'));
    assert.match(cert?.value ?? '', /2 certificates/);
  });

  it('says when the file cannot be read', () => {
    assert.equal(hoverWith(inspector(), 'smtp_tls_CAfile = /etc/ssl/nowh|ere.pem\n')?.value, '**`/etc/ssl/nowhere.pem`**: cannot be read (no such file)');
  });

  it('is the ordinary hover without an inspector (Restricted Mode, browser) or with certificateChecks off', () => {
    const fake = inspector();
    assert.doesNotMatch(hoverWith(undefined, 'smtpd_tls_cert_file = /etc/ssl/certs/ma|il.pem\n')?.value ?? '', /Certificate 1/);
    assert.doesNotMatch(hoverWith(fake, 'smtpd_tls_cert_file = /etc/ssl/certs/ma|il.pem\n', { certificateChecks: false })?.value ?? '', /Certificate 1/);
    assert.deepEqual(fake.inspected, []);
  });

  it('reads nothing for a name or for other values', () => {
    const fake = inspector();
    assert.match(hoverWith(fake, 'smtpd_tls_cert_f|ile = /etc/ssl/certs/mail.pem\n')?.value ?? '', /\*\*smtpd_tls_cert_file\*\*/);
    hoverWith(fake, 'header_checks = regexp:/etc/postfix/header_c|hecks\n');
    assert.deepEqual(fake.inspected, []);
  });

  it('reads a real certificate made by openssl', function () {
    try {
      execFileSync('openssl', ['version'], { stdio: 'pipe' });
    } catch {
      this.skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-cert-hover-'));
    try {
      const key = path.join(dir, 'k.pem');
      const cert = path.join(dir, 'c.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=hover.example.test', '-addext', 'subjectAltName=DNS:hover.example.test'], { stdio: 'pipe' });
      const h = hoverWith(new NodeCertificateInspector(), `smtpd_tls_cert_file = ${cert.replace(/c\.pem$/, 'c|.pem')}\n`);
      assert.ok(h);
      assert.match(h.value, /1 certificate/);
      assert.match(h.value, /\(self-signed\)/);
      assert.match(h.value, /Subject: `CN=hover\.example\.test`/);
      assert.match(h.value, /Alternative names: `DNS:hover\.example\.test`/);
      assert.match(h.value, /Key: RSA 2048 bits/);
      assert.match(h.value, /expires in (29|30) days/);
      assert.doesNotMatch(h.value, /BEGIN|PRIVATE/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
