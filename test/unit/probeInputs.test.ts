// What the live STARTTLS check takes in: the target as an admin types it, and the certificate files
// a main.cf gives smtpd (compared with what the server presents).
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatProbe } from '../../server/src/probe/probeReport';
import { parseTarget } from '../../server/src/probe/target';
import { getLanguageService } from '../../server/src/service/languageService';
import { configuredServerCertificates } from '../../server/src/service/serverCertificates';

describe('probe target', () => {
  const cases: Array<[string, ReturnType<typeof parseTarget>]> = [
    ['mx.example.com', { host: 'mx.example.com', port: 25 }],
    ['  mx.example.com:587 ', { host: 'mx.example.com', port: 587 }],
    ['mx.example.com:smtps', { host: 'mx.example.com', port: 465 }],
    ['[mx.example.com]:submission', { host: 'mx.example.com', port: 587 }],
    ['192.0.2.1:2525', { host: '192.0.2.1', port: 2525 }],
    ['[2001:db8::1]:25', { host: '2001:db8::1', port: 25 }],
    ['2001:db8::1', { host: '2001:db8::1', port: 25 }],
    ['', { error: 'no host given' }],
    ['mx.example.com:0', { error: '"0" is not a port (1-65535, smtp, submission or smtps)' }],
    ['mx.example.com:70000', { error: '"70000" is not a port (1-65535, smtp, submission or smtps)' }],
    ['mx example.com', { error: '"mx example.com" is not a host name or IP address' }],
    ['2001:db8::1:25x', { error: '"2001:db8::1:25x": write an IPv6 address with a port as [address]:port' }],
    ['[mx.example.com:25', { error: '"[mx.example.com:25" has an unmatched bracket' }],
    ['mx.example.com;rm -rf /', { error: '"mx.example.com;rm -rf /" is not a host name or IP address' }],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} -> ${JSON.stringify(expected)}`, () => assert.deepEqual(parseTarget(text), expected));
  }
});

describe('certificate files main.cf gives smtpd', () => {
  const files = (text: string) => {
    const doc = TextDocument.create('file:///etc/postfix/main.cf', 'postfix-main', 1, text);
    return configuredServerCertificates(getLanguageService().config({ main: doc }));
  };

  it('smtpd_tls_chain_files, each file in order', () => {
    assert.deepEqual(files('smtpd_tls_chain_files = /etc/ssl/rsa.key, /etc/ssl/rsa.pem,\n  /etc/ssl/ec.key /etc/ssl/ec.pem\n'), [
      { setting: 'smtpd_tls_chain_files', file: '/etc/ssl/rsa.key' },
      { setting: 'smtpd_tls_chain_files', file: '/etc/ssl/rsa.pem' },
      { setting: 'smtpd_tls_chain_files', file: '/etc/ssl/ec.key' },
      { setting: 'smtpd_tls_chain_files', file: '/etc/ssl/ec.pem' },
    ]);
  });

  it('the legacy cert files when chain_files is empty, through $references', () => {
    assert.deepEqual(files('certs = /etc/ssl/mail\nsmtpd_tls_cert_file = ${certs}/rsa.pem\nsmtpd_tls_eccert_file = $certs/ec.pem\n'), [
      { setting: 'smtpd_tls_cert_file', file: '/etc/ssl/mail/rsa.pem' },
      { setting: 'smtpd_tls_eccert_file', file: '/etc/ssl/mail/ec.pem' },
    ]);
  });

  it('chain_files wins over the legacy settings, as in Postfix', () => {
    assert.deepEqual(files('smtpd_tls_cert_file = /a.pem\nsmtpd_tls_chain_files = /b.pem\n'), [{ setting: 'smtpd_tls_chain_files', file: '/b.pem' }]);
  });

  it('nothing for relative paths, unknown names and no certificate at all', () => {
    assert.deepEqual(files('smtpd_tls_cert_file = cert.pem\n'), []);
    assert.deepEqual(files('smtpd_tls_cert_file = $nowhere/cert.pem\n'), []);
    assert.deepEqual(files('smtpd_tls_security_level = may\n'), []);
  });
});

describe('probe report text', () => {
  it('a failed check says where and why, without a TLS section', () => {
    const text = formatProbe({ target: 'mx.example.com:25', host: 'mx.example.com', port: 25, implicitTls: false, tls: false, error: 'connection refused by mx.example.com:25: nothing listens on that port', stage: 'connect', chain: [], notes: [], transcript: [], elapsedMs: 12 });
    assert.equal(text, 'STARTTLS check of mx.example.com:25\n  result:       FAILED at connect: connection refused by mx.example.com:25: nothing listens on that port\n  (12 ms)\n');
  });

  it('an expired, out-of-order chain and a different configured certificate are spelt out', () => {
    const cert = { issuer: 'CN=R3', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2026-03-01T00:00:00.000Z', expired: true, daysLeft: -10, fingerprint256: 'AA:BB', selfSigned: false };
    const text = formatProbe({
      target: 'mx.example.com:25', host: 'mx.example.com', port: 25, address: '192.0.2.1', implicitTls: false, tls: true, starttlsOffered: true, protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-GCM-SHA384', trust: 'Untrusted',
      verified: false, verifyError: 'a certificate of the chain has expired', trustStore: 'the test store', nameMatches: true,
      configured: { presented: false, files: [{ setting: 'smtpd_tls_cert_file', file: '/etc/ssl/new.pem', certificates: [{ subject: 'CN=mx.example.com', fingerprint256: 'CC:DD' }] }] },
      chain: [{ ...cert, subject: 'CN=mx.example.com', issuedByNext: false }, { ...cert, subject: 'CN=Other' }], notes: [], transcript: [], elapsedMs: 80,
    });
    assert.match(text, /^STARTTLS check of mx\.example\.com:25 \(192\.0\.2\.1\)\n/);
    assert.match(text, /\n {2}TLS: {10}Untrusted TLS, TLSv1\.2 with cipher ECDHE-RSA-AES256-GCM-SHA384\n/);
    assert.match(text, /\n {2}verified: {5}NO: a certificate of the chain has expired \(against the test store\)\n/);
    assert.match(text, /\n {2}main\.cf: {6}the server does NOT present the certificate smtpd_tls_cert_file names\n {16}\/etc\/ssl\/new\.pem: CN=mx\.example\.com, SHA-256 CC:DD\n/);
    assert.match(text, /valid {4}2026-01-01 to 2026-03-01 \(EXPIRED 10 day\(s\) ago\)/);
    assert.match(text, /order {4}NOT signed by the next certificate/);
  });
});
