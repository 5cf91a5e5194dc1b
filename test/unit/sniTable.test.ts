// tls_server_sni_maps source files: each entry's chain files read like smtpd_tls_chain_files, with
// real keys and certificates made by `openssl` at test time (scripts/install-test-deps.sh installs
// it) and read by the node:crypto inspector; a clock moved forward stands in for an expired one.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NodeCertificateInspector } from '../../server/src/nodeCertificates';
import { tableFindings } from '../../server/src/service/tables';
import { parseSniTable } from '../../server/src/service/tables/sni';

class LaterInspector extends NodeCertificateInspector {
  constructor(private readonly days: number) {
    super();
  }
  now(): Date {
    return new Date(Date.now() + this.days * 86_400_000);
  }
}

describe('SNI table', function () {
  this.timeout(60_000);
  let dir = '';
  const file = (name: string) => path.join(dir, name);
  const lint = (text: string, insp = new NodeCertificateInspector()) => tableFindings(TextDocument.create('file:///etc/postfix/sni', 'postfix-sni', 1, text), { kind: 'sni', certificates: insp });
  const rules = (text: string, insp?: NodeCertificateInspector) => lint(text, insp).map((f) => `${f.rule}@${f.range.start.line}:${f.range.start.character}`);

  before(function () {
    try {
      execFileSync('openssl', ['version'], { stdio: 'pipe' });
    } catch {
      console.log('    openssl not found (scripts/install-test-deps.sh installs it): skipped');
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-sni-'));
    const cert = (name: string, san: string) => {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`), '-days', '30', '-subj', `/CN=${san.split(',')[0].replace('DNS:', '')}`, '-addext', `subjectAltName=${san}`], { stdio: 'pipe' });
      fs.chmodSync(file(`${name}.key`), 0o600);
      fs.writeFileSync(file(`${name}.pem`), fs.readFileSync(file(`${name}.key`), 'utf8') + fs.readFileSync(file(`${name}.crt`), 'utf8'), { mode: 0o600 });
      fs.writeFileSync(file(`${name}.wrong.pem`), fs.readFileSync(file(`${name}.crt`), 'utf8') + fs.readFileSync(file(`${name}.key`), 'utf8'), { mode: 0o600 });
    };
    cert('com', 'DNS:example.com,DNS:www.example.com');
    cert('net', 'DNS:example.net,DNS:*.example.net');
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the value is a list of files, split at blanks and commas, over continuation lines', () => {
    const t = parseSniTable('example.com /a/rsa.pem,\n            /a/ec.pem\n');
    assert.deepEqual(t.entries[0].files.map((f) => f.path), ['/a/rsa.pem', '/a/ec.pem']);
  });

  it('key then certificate, for the name: nothing to say (also for .domain with a wildcard, and key and certificate in two files)', () => {
    assert.deepEqual(rules(`example.com ${file('com.pem')}\n.example.net ${file('net.pem')}\nwww.example.com ${file('com.key')}, ${file('com.crt')}\n`), []);
  });

  it('chain-order: the certificate before the key', () => {
    assert.deepEqual(rules(`example.com ${file('com.wrong.pem')}\n`), ['chain-order@0:12']);
    assert.deepEqual(rules(`example.com ${file('com.crt')} ${file('com.key')}\n`), ['chain-order@0:12']);
  });

  it('cert-key-mismatch: the key of another certificate', () => {
    assert.deepEqual(rules(`example.com ${file('net.key')} ${file('com.crt')}\n`).sort(), [`cert-key-mismatch@0:${13 + file('net.key').length}`].sort());
  });

  it('sni-name-mismatch: a certificate that does not cover the name; a wildcard covers one level only', () => {
    const fs1 = lint(`example.org ${file('com.pem')}\n`);
    assert.deepEqual(fs1.map((f) => [f.rule, f.severity]), [['sni-name-mismatch', 'warning']]);
    assert.match(fs1[0].message, /example\.com, www\.example\.com/);
    assert.deepEqual(rules(`a.b.example.net ${file('net.pem')}\nmx.example.net ${file('net.pem')}\n`), ['sni-name-mismatch@0:0']);
  });

  it('cert-file-missing: a chain file that does not exist', () => {
    const f = lint(`example.com ${file('nope.pem')}\n`);
    assert.deepEqual(f.map((x) => x.rule), ['cert-file-missing']);
    assert.match(f[0].message, /postmap -F cannot build the table/);
  });

  it('cert-expired: the same files 40 days later; a warning within 14 days', () => {
    assert.deepEqual(lint(`example.com ${file('com.pem')}\n`, new LaterInspector(40)).map((f) => [f.rule, f.severity]), [['cert-expired', 'error']]);
    assert.deepEqual(lint(`example.com ${file('com.pem')}\n`, new LaterInspector(20)).map((f) => [f.rule, f.severity]), [['cert-expired', 'warning']]);
  });

  it('key-exposed: a key file others may read', () => {
    fs.copyFileSync(file('com.pem'), file('open.pem'));
    fs.chmodSync(file('open.pem'), 0o644);
    assert.deepEqual(rules(`example.com ${file('open.pem')}\n`), ['key-exposed@0:12']);
  });

  it('without an inspector (certificate checks off, Restricted Mode) only the text is judged', () => {
    const text = `example.com ${file('nope.pem')}\nEXAMPLE.com ${file('com.pem')}\n`;
    assert.deepEqual(tableFindings(TextDocument.create('file:///etc/postfix/sni', 'postfix-sni', 1, text), { kind: 'sni' }).map((f) => f.rule), ['table-duplicate-key']);
  });
});
