// The linter as a process (dist/cli.js, built by `npm run build`): exit status and output for a
// configuration that names certificate files of another machine, as CI lints a repository.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, lint } from './runCli';


/** A clean main.cf whose certificates live on the mail host (Let's Encrypt), not here. */
const MAIN = `compatibility_level = 3.7
smtpd_tls_security_level = may
smtpd_tls_chain_files = /etc/letsencrypt/live/mail.example.org/privkey.pem, /etc/letsencrypt/live/mail.example.org/fullchain.pem
smtpd_tls_protocols = >=TLSv1.2
smtp_tls_security_level = may
smtp_tls_protocols = >=TLSv1.2
smtp_tls_session_cache_database = btree:\${data_directory}/smtp_scache
`;

describe('postfix-lint (the CLI process): certificate files on another machine', () => {
  let dir = '';

  before(function () {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-cli-'));
    fs.writeFileSync(path.join(dir, 'main.cf'), MAIN);
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 with no certificate finding for a clean configuration away from the mail host (--check-files auto, the default)', () => {
    const r = lint('--format', 'json', dir);
    const findings = JSON.parse(r.stdout) as Array<{ rule: string; severity: string; message: string }>;
    assert.deepEqual(findings.filter((f) => f.severity === 'error' || f.severity === 'warning'), []);
    assert.deepEqual(findings.filter((f) => f.rule === 'cert-file-missing'), []);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(lint('--check-files', 'auto', dir).status, 0);
  });

  it('--check-files on: the missing files are errors, in words, and the exit status is 1', () => {
    const r = lint('--check-files', 'on', dir);
    assert.equal(r.status, 1, r.stdout);
    const missing = r.stdout.split('\n').filter((l) => l.includes('[cert-file-missing]'));
    assert.equal(missing.length, 2, r.stdout);
    for (const l of missing) {
      assert.match(l, /: error \[cert-file-missing\] \/etc\/letsencrypt\/live\/mail\.example\.org\/(privkey|fullchain)\.pem \(smtpd_tls_chain_files, main\.cf line 3\): no such file\. /);
      assert.doesNotMatch(l, /ENOENT|EACCES/);
    }
  });

  it('on the mail host (main.cf in its config_directory) auto reads the files too', () => {
    const host = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-cli-host-'));
    try {
      fs.writeFileSync(path.join(host, 'main.cf'), `${MAIN}config_directory = ${host}\n`);
      const r = lint(host);
      assert.equal(r.status, 1, r.stdout);
      assert.equal(r.stdout.split('\n').filter((l) => l.includes('error [cert-file-missing]')).length, 2, r.stdout);
    } finally {
      fs.rmSync(host, { recursive: true, force: true });
    }
  });

  it('--check-files off reads nothing; a bad mode is a usage error; a missing PATH is said in words', () => {
    assert.equal(lint('--check-files=off', dir).status, 0);
    const bad = lint('--check-files', 'sometimes', dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--check-files expects auto, on or off/);
    const gone = lint(path.join(dir, 'nothing-here'));
    assert.equal(gone.status, 2);
    assert.match(gone.stderr, /nothing-here: no such file/);
    assert.doesNotMatch(gone.stderr, /ENOENT/);
  });

  it('--help describes --check-files', () => {
    const r = lint('--help');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--check-files auto\|on\|off/);
    assert.match(r.stdout, /auto \(default\)/);
  });
});
