// postfix-lint (dist/cli.js, built by `npm run build`) and the policy and SNI tables: a directory's
// main.cf brings the tables it names (found beside it, as a configuration repository keeps them),
// findings name the table's own file; `--kind` lints one table alone.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, lint } from './runCli';


const MAIN = `compatibility_level = 3.11
smtp_tls_security_level = may
smtp_tls_session_cache_database = btree:\${data_directory}/smtp_scache
relayhost = [relay.example.net]:submission
smtp_tls_policy_maps = hash:/etc/postfix/tls_policy
`;

interface Json {
  file: string;
  line: number;
  rule: string;
  severity: string;
}

describe('postfix-lint (the CLI process): policy tables', () => {
  let dir = '';
  before(() => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-cli-tables-'));
    fs.writeFileSync(path.join(dir, 'main.cf'), MAIN);
    fs.writeFileSync(path.join(dir, 'tls_policy'), '[relay.example.net]:587 encrypt protocols=!SSLv2,!SSLv3\nexample.org dane-only\n');
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('DIR: the table main.cf names is linted with main.cf, from beside it, under its own file name', () => {
    const r = lint('--format', 'json', dir);
    const found = (JSON.parse(r.stdout) as Json[]).map((f) => [path.basename(f.file), f.line, f.rule]);
    assert.deepEqual(found, [
      ['tls_policy', 1, 'policy-relayhost-key'],
      ['tls_policy', 1, 'policy-malformed-attribute'],
      ['tls_policy', 2, 'dane-no-dnssec'],
    ]);
    assert.equal(r.status, 1);
  });

  it('--kind tls-policy FILE: the table alone (no main.cf: no relayhost or DNSSEC findings)', () => {
    const r = lint('--format', 'json', '--kind', 'tls-policy', path.join(dir, 'tls_policy'));
    assert.deepEqual((JSON.parse(r.stdout) as Json[]).map((f) => f.rule), ['policy-malformed-attribute']);
    assert.equal(r.status, 1);
  });

  it('--rule applies to table rules too', () => {
    const r = lint('--format', 'json', '--rule', 'policy-malformed-attribute=off', '--kind', 'tls-policy', path.join(dir, 'tls_policy'));
    assert.deepEqual(JSON.parse(r.stdout), []);
    assert.equal(r.status, 0);
  });

  it('--kind takes tls-policy or sni only, and not with --print', () => {
    assert.equal(lint('--kind', 'policy', 'x').status, 2);
    const r = lint('--kind', 'sni', '--print', 'x');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--kind and --print/);
  });

  it('--kind sni FILE: an SNI table whose chain file is missing, with --check-files on', () => {
    const sni = path.join(dir, 'sni');
    fs.writeFileSync(sni, `example.com ${path.join(dir, 'missing.pem')}\n`);
    const r = lint('--format', 'json', '--check-files', 'on', '--kind', 'sni', sni);
    assert.deepEqual((JSON.parse(r.stdout) as Json[]).map((f) => [path.basename(f.file), f.rule]), [['sni', 'cert-file-missing']]);
  });
});
