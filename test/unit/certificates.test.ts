// The rules that read certificate and key files, with real files made by `openssl` at test time
// (a root CA, an intermediate, leaf certificates that are valid, expired, expiring, not yet valid;
// a foreign key, an encrypted key) and read by the node:crypto inspector.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { getLanguageService } from '../../server/src/service/languageService';
import { RULES, ruleIds } from '../../server/src/service/rules/catalogue';
import type { LanguageSettings } from '../../server/src/service/languageService';
import type { CertificateInspector, FileReport } from '../../server/src/service/rules/tls/certificates';
import { describeFsError, NodeCertificateInspector } from '../../server/src/nodeCertificates';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { coveredSeverities, doc, expectFinding, expectNone, lint, Located } from './tlsSpec';

/** The main.cf and master.cf rules that read files (the SNI table's are in sniTable.test.ts). */
const CERT_RULES: readonly string[] = ruleIds((r) => !!r.readsFiles && r.family !== 'table');

/** Counts every call the rules make, and forwards them to the real inspector. */
class SpyInspector implements CertificateInspector {
  calls = 0;
  constructor(private readonly real: CertificateInspector = new NodeCertificateInspector()) {}
  inspect(p: string): FileReport {
    this.calls++;
    return this.real.inspect(p);
  }
  keyMatches(c: string, k: string): boolean | undefined {
    this.calls++;
    return this.real.keyMatches(c, k);
  }
  keyMatchesCertificate(k: string, kb: number, c: string, ci: number): boolean | undefined {
    this.calls++;
    return this.real.keyMatchesCertificate(k, kb, c, ci);
  }
  issuedBy(c: string, ci: number, i: string, ii: number): boolean | undefined {
    this.calls++;
    return this.real.issuedBy(c, ci, i, ii);
  }
  now(): Date {
    this.calls++;
    return this.real.now();
  }
  /** Not counted: it looks at the configuration's directory, not at a file the configuration names. */
  runsHere(uri: string, configDirectory: string | undefined): boolean {
    return this.real.runsHere ? this.real.runsHere(uri, configDirectory) : true;
  }
}

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const CA_CNF = `[ ca ]
default_ca = CA_default
[ CA_default ]
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[ policy_any ]
commonName = supplied
[ v3_ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
[ v3_leaf ]
basicConstraints = CA:FALSE
subjectAltName = DNS:mail.example.test
`;

describe('certificate rules with openssl-made files', function () {
  let dir = '';
  const f = (name: string) => path.join(dir, name);
  const read = (name: string) => fs.readFileSync(f(name), 'latin1');
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ecKey = (name: string) => ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', f(name));
  const sign = (csr: string, out: string, issuer: string, ext: string, dates: string[]) =>
    ssl('ca', '-config', f('ca.cnf'), '-batch', '-notext', '-cert', f(`${issuer}.pem`), '-keyfile', f(`${issuer}.key`), '-in', f(csr), '-out', f(out), '-extensions', ext, ...dates);
  const write = (name: string, parts: string[], mode = 0o600) => {
    fs.writeFileSync(f(name), parts.map(read).join(''));
    fs.chmodSync(f(name), mode);
    return f(name);
  };

  /** Every finding of a certificate rule for a main.cf that offers TLS with the given lines, read by `inspector`. */
  /** With certificateChecks on: the test documents are /etc/postfix/main.cf, which may or may not be this machine's configuration. */
  const check = (lines: string, inspector: CertificateInspector = new NodeCertificateInspector(), settings: LanguageSettings = { certificateChecks: 'on' }): Located[] => {
    const main = `compatibility_level = 3.11\nsmtpd_tls_security_level = may\n${lines}`;
    return lint({ main, settings }, getLanguageService({ certificates: inspector })).filter((x) => CERT_RULES.includes(x.rule));
  };
  const all: Located[] = [];
  const collect = (fs_: Located[]) => {
    all.push(...fs_);
    return fs_;
  };

  before(function () {
    if (!hasOpenssl()) {
      console.log('    openssl is not installed: skipping the certificate tests');
      this.skip();
    }
    this.timeout(60000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-tls-certs-'));
    fs.writeFileSync(f('ca.cnf'), CA_CNF);
    fs.writeFileSync(f('index.txt'), '');
    fs.writeFileSync(f('serial'), '01\n');
    ecKey('root.key');
    ssl('req', '-x509', '-new', '-key', f('root.key'), '-out', f('root.pem'), '-days', '3650', '-subj', '/CN=Test Root CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    ecKey('int.key');
    ssl('req', '-new', '-key', f('int.key'), '-out', f('int.csr'), '-subj', '/CN=Test Intermediate CA');
    sign('int.csr', 'int.pem', 'root', 'v3_ca', ['-days', '3000']);
    ecKey('leaf.key');
    ssl('req', '-new', '-key', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/CN=mail.example.test');
    sign('leaf.csr', 'leaf.pem', 'int', 'v3_leaf', ['-days', '365']);
    // Past and future validity with explicit dates: no faketime needed.
    sign('leaf.csr', 'expired.pem', 'int', 'v3_leaf', ['-startdate', '20200101000000Z', '-enddate', '20200201000000Z']);
    sign('leaf.csr', 'future.pem', 'int', 'v3_leaf', ['-startdate', '20990101000000Z', '-enddate', '21000101000000Z']);
    sign('leaf.csr', 'soon.pem', 'int', 'v3_leaf', ['-days', '5']);
    ssl('req', '-x509', '-new', '-key', f('leaf.key'), '-out', f('selfsigned.pem'), '-days', '365', '-subj', '/CN=selfsigned.example.test');
    ecKey('other.key');
    ssl('pkey', '-in', f('leaf.key'), '-out', f('encrypted.key'), '-aes256', '-passout', 'pass:secret');
    fs.chmodSync(f('leaf.key'), 0o600);
    fs.chmodSync(f('other.key'), 0o600);
    fs.chmodSync(f('encrypted.key'), 0o600);
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a proper key + leaf + intermediate chain file (mode 0600) gives no finding', () => {
    const chain = write('good-chain.pem', ['leaf.key', 'leaf.pem', 'int.pem']);
    assert.deepEqual(collect(check(`smtpd_tls_chain_files = ${chain}\n`)).map((x) => x.message), []);
    // The same as separate files, in order, and the legacy pair with a full bundle.
    const bundle = write('fullchain.pem', ['leaf.pem', 'int.pem'], 0o644);
    assert.deepEqual(collect(check(`smtpd_tls_chain_files = ${f('leaf.key')}, ${f('leaf.pem')}, ${f('int.pem')}\n`)).map((x) => x.message), []);
    assert.deepEqual(collect(check(`smtpd_tls_cert_file = ${bundle}\nsmtpd_tls_key_file = ${f('leaf.key')}\n`)).map((x) => x.message), []);
  });

  it('cert-file-missing: a path that does not exist, and a key left at its cert-file default', () => {
    const missing = f('nope/mail.pem');
    let fs_ = collect(check(`smtpd_tls_chain_files = ${f('leaf.key')}, ${missing}\n`));
    expectFinding(fs_, 'cert-file-missing', { severity: 'error', file: 'main', line: 2, text: missing, message: [missing, 'no such file', 'smtpd_tls_chain_files, main.cf line 3', 'runs without TLS'] });
    assert.doesNotMatch(fs_.find((x) => x.rule === 'cert-file-missing')!.message, /ENOENT|TLS is disabled/);
    const bundle = write('fullchain2.pem', ['leaf.pem', 'int.pem'], 0o644);
    fs_ = collect(check(`smtpd_tls_cert_file = ${bundle}\n`));
    expectFinding(fs_, 'cert-file-missing', { severity: 'error', file: 'main', line: 2, text: bundle, message: [`no private key in ${bundle}`, 'left at its default $smtpd_tls_cert_file, main.cf line 3'] });
  });

  it('cert-file-missing near miss: the key in the cert file itself is found', () => {
    const combined = write('combined.pem', ['leaf.pem', 'int.pem', 'leaf.key']);
    expectNone(collect(check(`smtpd_tls_cert_file = ${combined}\n`)), 'cert-file-missing');
  });

  it('chain-order: certificate before the key in one chain file, and across chain files', () => {
    const bad = write('bad-order.pem', ['leaf.pem', 'leaf.key', 'int.pem']);
    let fs_ = collect(check(`smtpd_tls_chain_files = ${bad}\n`));
    expectFinding(fs_, 'chain-order', { severity: 'error', file: 'main', line: 2, text: bad, message: ['smtpd_tls_chain_files (main.cf line 3)', 'key not first'] });
    fs_ = collect(check(`smtpd_tls_chain_files = ${f('leaf.pem')}, ${f('leaf.key')}\n`));
    expectFinding(fs_, 'chain-order', { severity: 'error', file: 'main', line: 2, text: f('leaf.pem'), message: [`before the private key in ${f('leaf.key')}`] });
  });

  it('chain-order: issuers in the wrong order in a legacy bundle and in a chain file', () => {
    const reversed = write('reversed.pem', ['int.pem', 'leaf.pem'], 0o644);
    let fs_ = collect(check(`smtpd_tls_cert_file = ${reversed}\nsmtpd_tls_key_file = ${f('leaf.key')}\n`));
    expectFinding(fs_, 'chain-order', { severity: 'error', file: 'main', line: 2, text: reversed, message: ['smtpd_tls_cert_file, main.cf line 3', 'leaf first'] });
    const wrongIssuer = write('wrong-issuer.pem', ['leaf.key', 'leaf.pem', 'root.pem']);
    fs_ = collect(check(`smtpd_tls_chain_files = ${wrongIssuer}\n`));
    expectFinding(fs_, 'chain-order', { severity: 'error', file: 'main', line: 2, message: ['CN=Test Root CA', 'did not issue'] });
  });

  it('cert-chain-incomplete: a lone leaf that is not self-signed', () => {
    const fs_ = collect(check(`smtpd_tls_chain_files = ${f('leaf.key')}, ${f('leaf.pem')}\n`));
    expectFinding(fs_, 'cert-chain-incomplete', { severity: 'warning', file: 'main', line: 2, text: f('leaf.pem'), message: ['CN=mail.example.test', 'issued by CN=Test Intermediate CA'] });
  });

  it('cert-chain-incomplete near miss: a self-signed certificate, and a leaf with its intermediate', () => {
    expectNone(collect(check(`smtpd_tls_chain_files = ${f('leaf.key')}, ${f('selfsigned.pem')}\n`)), 'cert-chain-incomplete');
    expectNone(collect(check(`smtpd_tls_chain_files = ${f('leaf.key')}, ${f('leaf.pem')}, ${f('int.pem')}\n`)), 'cert-chain-incomplete');
  });

  it('cert-expired: expired and not yet valid (error), expiring within 14 days (warning)', () => {
    let fs_ = collect(check(`smtpd_tls_chain_files = ${f('leaf.key')}, ${f('expired.pem')}, ${f('int.pem')}\n`));
    expectFinding(fs_, 'cert-expired', { severity: 'error', file: 'main', line: 2, text: f('expired.pem'), message: ['expired on 2020-02-01', 'smtpd_tls_chain_files, main.cf line 3'] });
    fs_ = collect(check(`smtpd_tls_chain_files = ${f('leaf.key')}, ${f('future.pem')}, ${f('int.pem')}\n`));
    expectFinding(fs_, 'cert-expired', { severity: 'error', file: 'main', line: 2, message: ['not valid before 2099-01-01'] });
    fs_ = collect(check(`smtpd_tls_cert_file = ${write('soon-bundle.pem', ['soon.pem', 'int.pem'], 0o644)}\nsmtpd_tls_key_file = ${f('leaf.key')}\n`));
    expectFinding(fs_, 'cert-expired', { severity: 'warning', file: 'main', line: 2, message: [/expires in [45] day\(s\)/, 'smtpd_tls_cert_file, main.cf line 3'] });
  });

  it('cert-expired near miss: a certificate valid for a year', () => {
    expectNone(collect(check(`smtpd_tls_chain_files = ${f('leaf.key')}, ${f('leaf.pem')}, ${f('int.pem')}\n`)), 'cert-expired');
  });

  it('cert-key-mismatch: a foreign key, in a chain list and as a legacy pair', () => {
    let fs_ = collect(check(`smtpd_tls_chain_files = ${f('other.key')}, ${f('leaf.pem')}, ${f('int.pem')}\n`));
    expectFinding(fs_, 'cert-key-mismatch', { severity: 'error', file: 'main', line: 2, text: f('leaf.pem'), message: [`private key before it in ${f('other.key')}`] });
    const bundle = write('fullchain3.pem', ['leaf.pem', 'int.pem'], 0o644);
    fs_ = collect(check(`smtpd_tls_cert_file = ${bundle}\nsmtpd_tls_key_file = ${f('other.key')}\n`));
    expectFinding(fs_, 'cert-key-mismatch', { severity: 'error', file: 'main', line: 3, text: f('other.key'), message: [`the private key in ${f('other.key')} (smtpd_tls_key_file, main.cf line 4)`, bundle] });
    const inFile = write('mismatch-in-file.pem', ['other.key', 'leaf.pem', 'int.pem']);
    expectFinding(collect(check(`smtpd_tls_chain_files = ${inFile}\n`)), 'cert-key-mismatch', { severity: 'error', file: 'main', line: 2, text: inFile });
  });

  it('key-exposed: a key readable by others, and a key with a passphrase', () => {
    const open = write('open.key', ['leaf.key'], 0o644);
    let fs_ = collect(check(`smtpd_tls_cert_file = ${write('fc4.pem', ['leaf.pem', 'int.pem'], 0o644)}\nsmtpd_tls_key_file = ${open}\n`));
    expectFinding(fs_, 'key-exposed', { severity: 'warning', file: 'main', line: 3, text: open, message: ['mode 644', 'chmod 600', 'smtpd_tls_key_file, main.cf line 4'] });
    const group = write('group-chain.pem', ['leaf.key', 'leaf.pem', 'int.pem'], 0o640);
    fs_ = collect(check(`smtpd_tls_chain_files = ${group}\n`));
    expectFinding(fs_, 'key-exposed', { severity: 'warning', file: 'main', line: 2, message: ['its group', 'mode 640'] });
    fs_ = collect(check(`smtpd_tls_chain_files = ${f('encrypted.key')}, ${f('leaf.pem')}, ${f('int.pem')}\n`));
    expectFinding(fs_, 'key-exposed', { severity: 'warning', file: 'main', line: 2, text: f('encrypted.key'), message: ['passphrase'] });
  });

  it('key-exposed near miss: mode 0600; and chmod 600 clears the warning for the same inspector', () => {
    const insp = new NodeCertificateInspector();
    const key = write('toggle.key', ['leaf.key'], 0o644);
    const lines = `smtpd_tls_chain_files = ${key}, ${f('leaf.pem')}, ${f('int.pem')}\n`;
    expectFinding(collect(check(lines, insp)), 'key-exposed', { severity: 'warning', file: 'main', line: 2 });
    fs.chmodSync(key, 0o600);
    expectNone(check(lines, insp), 'key-exposed', 'after chmod 600 (cached report must not survive)');
    // Certificates alone may be world-readable.
    expectNone(collect(check(`smtpd_tls_chain_files = ${f('leaf.key')}, ${write('pub.pem', ['leaf.pem', 'int.pem'], 0o644)}\n`)), 'key-exposed');
  });

  it('no message shows key material', () => {
    assert.ok(all.length >= 10, `the cases above collected ${all.length} findings`);
    const secrets: string[] = [];
    for (const k of ['leaf.key', 'other.key', 'encrypted.key', 'root.key', 'int.key']) {
      for (const line of read(k).split('\n')) if (line.length >= 16 && !line.startsWith('-----')) secrets.push(line.trim());
    }
    assert.ok(secrets.length > 0);
    for (const x of all) {
      assert.ok(!x.message.includes('PRIVATE KEY'), x.message);
      assert.ok(!x.message.includes('-----BEGIN'), x.message);
      for (const s of secrets) assert.ok(!x.message.includes(s) && !x.message.includes(s.slice(0, 16)), `key material in: ${x.message}`);
      // No long base64 run at all (certificate or key).
      assert.doesNotMatch(x.message, /[A-Za-z0-9+/]{40,}={0,2}/, x.message);
    }
  });

  it('certificateChecks: false reads no file even with an inspector', () => {
    const spy = new SpyInspector();
    const bad = write('bad-order2.pem', ['leaf.pem', 'leaf.key'], 0o644);
    const lines = `smtpd_tls_chain_files = ${bad}\nsmtp_tls_CAfile = ${f('missing-ca.pem')}\n`;
    assert.deepEqual(check(lines, spy, { certificateChecks: false }), []);
    assert.equal(spy.calls, 0, 'the inspector was called');
    // The same configuration with the checks on does read the files.
    assert.ok(check(lines, spy).length > 0);
    assert.ok(spy.calls > 0);
  });

  it('cert-file-missing while TLS is off: a warning that says so, not "runs without TLS"', () => {
    const missing = f('nope/off.pem');
    const fs_ = lint({ main: `compatibility_level = 3.11\nsmtpd_tls_security_level = none\nsmtpd_tls_cert_file = ${missing}\nsmtpd_tls_key_file = ${f('leaf.key')}\n` }, getLanguageService({ certificates: new NodeCertificateInspector() }));
    expectFinding(fs_, 'cert-file-missing', { severity: 'warning', file: 'main', line: 2, text: missing, message: ['no such file', 'TLS is not turned on for the SMTP server (smtpd_tls_security_level = none)'] });
    assert.doesNotMatch(fs_.find((x) => x.rule === 'cert-file-missing')!.message, /without TLS|disabled/);
  });

  it('a file this user may not read is "permission denied" (reason denied, no errno name), and cert-file-missing says nothing about it', () => {
    for (const code of ['EACCES', 'EPERM']) {
      assert.deepEqual(describeFsError(Object.assign(new Error(code), { code })), { error: 'permission denied', reason: 'denied' });
    }
    // Root reads any file, so only another user can see the real denial; the mapping above holds for everyone.
    if (process.getuid?.() !== 0) {
      const locked = write('locked.pem', ['leaf.pem', 'int.pem'], 0o000);
      assert.equal(new NodeCertificateInspector().inspect(locked).reason, 'denied');
      expectNone(check(`smtpd_tls_cert_file = ${locked}\nsmtpd_tls_key_file = ${f('leaf.key')}\n`), 'cert-file-missing');
    }
  });

  it('cert-file-missing near miss: a file only root may read (any user) is how a key should be: no finding at all', () => {
    const denied = new (class extends SpyInspector {
      inspect(p: string): FileReport {
        return { path: p, error: 'permission denied', reason: 'denied', blocks: [], certificates: [], issuedByNext: [] };
      }
    })();
    const fs_ = check('smtpd_tls_chain_files = /etc/ssl/private/mail.pem\n', denied);
    assert.deepEqual(fs_.filter((x) => x.rule === 'cert-file-missing'), []);
  });

  it('the inspector words every file error: no errno name reaches a message', () => {
    const insp = new NodeCertificateInspector();
    assert.deepEqual([insp.inspect(f('nope/x.pem')).error, insp.inspect(f('nope/x.pem')).reason], ['no such file', 'missing']);
    assert.deepEqual([insp.inspect(f('ca.cnf/x.pem')).error, insp.inspect(f('ca.cnf/x.pem')).reason], ['no such file (a part of the path is not a directory)', 'missing']);
    assert.deepEqual([insp.inspect(dir).error, insp.inspect(dir).reason], ['a directory, not a file', 'unusable']);
    assert.deepEqual([insp.inspect(f('ca.cnf')).error, insp.inspect(f('ca.cnf')).reason], ['no PEM data', 'unusable']);
  });

  describe('postfix.certificateChecks: auto | on | off', () => {
    const missing = () => `smtpd_tls_chain_files = ${f('nope/key.pem')}, ${f('nope/fullchain.pem')}\n`;
    const at = (uri: string, lines: string, settings: LanguageSettings, insp: CertificateInspector = new NodeCertificateInspector()) => {
      const main = TextDocument.create(uri, 'postfix-main', 1, `compatibility_level = 3.11\nsmtpd_tls_security_level = may\n${lines}`);
      return getLanguageService({ certificates: insp }).findings(main, { main }, settings).filter((x) => CERT_RULES.includes(x.rule));
    };
    const elsewhere = () => pathToFileURL(path.join(dir, 'repo', 'main.cf')).toString();

    it('auto (the default), away from the mail host: reads no file, reports nothing', () => {
      const spy = new SpyInspector();
      assert.deepEqual(at(elsewhere(), missing(), {}, spy), []);
      assert.deepEqual(at(elsewhere(), missing(), { certificateChecks: 'auto' }, spy), []);
      assert.deepEqual(at(elsewhere(), missing(), { certificateChecks: true }, spy), [], 'the former true means auto');
      assert.equal(spy.calls, 0);
    });

    it('auto on the mail host (main.cf in its config_directory): a missing file is an error', () => {
      fs.mkdirSync(f('etc-postfix'), { recursive: true });
      const uri = pathToFileURL(f('etc-postfix/main.cf')).toString();
      const found = at(uri, `config_directory = ${f('etc-postfix')}\n${missing()}`, {});
      assert.deepEqual(found.map((x) => `${x.rule} ${x.severity}`), ['cert-file-missing error', 'cert-file-missing error']);
      // The same file elsewhere, naming that directory: away.
      assert.deepEqual(at(elsewhere(), `config_directory = ${f('etc-postfix')}\n${missing()}`, {}), []);
    });

    it('on: reports a missing file wherever the configuration is; off (or false) reads nothing', () => {
      assert.deepEqual(at(elsewhere(), missing(), { certificateChecks: 'on' }).map((x) => `${x.rule} ${x.severity}`), ['cert-file-missing error', 'cert-file-missing error']);
      const spy = new SpyInspector();
      assert.deepEqual(at(elsewhere(), missing(), { certificateChecks: 'off' }, spy), []);
      assert.deepEqual(at(elsewhere(), missing(), { certificateChecks: false }, spy), []);
      assert.equal(spy.calls, 0);
    });

    it('runsHere: the config_directory main.cf sets, $MAIL_CONFIG, symbolic links resolved; not an untitled document', () => {
      const insp = new NodeCertificateInspector();
      fs.mkdirSync(f('conf-a'), { recursive: true });
      fs.symlinkSync(f('conf-a'), f('conf-link'));
      const uri = pathToFileURL(f('conf-a/main.cf')).toString();
      assert.equal(insp.runsHere(uri, f('conf-a')), true);
      assert.equal(insp.runsHere(uri, f('conf-link')), true);
      assert.equal(insp.runsHere(uri, undefined), false);
      assert.equal(insp.runsHere(uri, 'relative/dir'), false);
      assert.equal(insp.runsHere('untitled:Untitled-1', f('conf-a')), false);
      const saved = process.env.MAIL_CONFIG;
      try {
        process.env.MAIL_CONFIG = f('conf-link');
        assert.equal(insp.runsHere(uri, undefined), true);
      } finally {
        if (saved === undefined) delete process.env.MAIL_CONFIG;
        else process.env.MAIL_CONFIG = saved;
      }
      assert.equal(insp.runsHere('file:///etc/postfix/main.cf', undefined), fs.existsSync('/etc/postfix'));
    });
  });

  it('without an inspector (Restricted Mode) no file is touched', () => {
    const bad = write('bad-order3.pem', ['leaf.pem', 'leaf.key'], 0o644);
    const main = `compatibility_level = 3.11\nsmtpd_tls_security_level = may\nsmtpd_tls_chain_files = ${bad}\nsmtpd_tls_CAfile = ${f('nope.pem')}\n`;
    const ls = getLanguageService();
    ls.validate(doc('main', 'compatibility_level = 3.11\n'), {}); // warm up lazy loading
    // Count every file system call while the engine runs (on the real module object, which every import shares).
    const countFsCalls = (run: () => void): number => {
      const mod = createRequire(__filename)('node:fs') as Record<string, unknown>;
      const names = ['readFileSync', 'statSync', 'lstatSync', 'openSync', 'existsSync', 'accessSync', 'readdirSync', 'readFile', 'stat', 'open'];
      const saved = new Map<string, unknown>();
      let n = 0;
      for (const name of names) {
        saved.set(name, mod[name]);
        const orig = mod[name] as (...a: unknown[]) => unknown;
        mod[name] = (...a: unknown[]) => {
          n++;
          return orig.apply(mod, a);
        };
      }
      try {
        run();
      } finally {
        for (const [name, v] of saved) mod[name] = v;
      }
      return n;
    };
    let found: Located[] = [];
    const calls = countFsCalls(() => {
      found = lint({ main }, ls);
    });
    // The counter works: the same configuration with the node inspector does read files.
    assert.ok(countFsCalls(() => lint({ main, settings: { certificateChecks: 'on' } }, getLanguageService({ certificates: new NodeCertificateInspector() }))) > 0);
    assert.equal(calls, 0, 'file system calls without an inspector');
    assert.deepEqual(found.filter((x) => CERT_RULES.includes(x.rule)).map((x) => x.rule), []);
  });

  it('the rule catalogue agrees: each rule that reads files was asserted above with its catalogue severity (none offers a fix, as the catalogue says)', () => {
    for (const rule of CERT_RULES) {
      const info = RULES.find((r) => r.id === rule)!;
      assert.equal(info.fixable, false, rule);
      if (info.severity !== 'mixed') assert.ok(coveredSeverities.get(rule)?.has(info.severity), `${rule} was never asserted with its catalogue severity ${info.severity}`);
      else assert.ok(coveredSeverities.get(rule)?.size, `${rule} was never asserted`);
    }
    assert.deepEqual(all.filter((x) => CERT_RULES.includes(x.rule) && x.fixes?.length).map((x) => x.rule), []);
  });
});
