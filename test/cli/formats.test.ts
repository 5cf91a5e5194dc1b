// postfix-lint in pipelines: --version, --format sarif (validated against the SARIF 2.1.0 JSON
// schema), --format github (workflow-command escaping), as the process dist/cli.js.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { escapeData, escapeProperty, githubAnnotations, sarifLog } from '../../server/src/cliFormats';
import type { Finding } from '../../server/src/service/findings';
import { RULES } from '../../server/src/service/rules/catalogue';
import { findProjectRoot } from '../protocol/lspClient';

const ROOT = findProjectRoot();
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

/**
 * The SARIF 2.1.0 JSON schema (draft-04), as Microsoft's SARIF team ships it in the npm package
 * @microsoft/jest-sarif (MIT); the same schema is published by OASIS with the standard.
 */
const SCHEMA = path.join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

function lint(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.MAIL_CONFIG;
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, cwd });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Findings of several severities: an error, warnings, a hint. */
const MAIN = `smtpd_tls_security_level = encrypt
foo_bar = 1
smtpd_tls_protocols = !SSLv2
smtp_tls_security_level = may
`;

function validator() {
  // unicodeRegExp off: the schema's language pattern has a stray "]" that a u-mode RegExp rejects.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile<SarifLog>(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);
}

interface SarifLog {
  version: string;
  runs: Array<{
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri?: string;
        rules: Array<{ id: string; helpUri?: string; fullDescription: { text: string }; defaultConfiguration: { level?: string; enabled?: boolean } }>;
      };
    };
    results: SarifResult[];
  }>;
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }>;
}

describe('postfix-lint in pipelines: --version, --format sarif and github', () => {
  let dir = '';

  before(() => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-cli-formats-'));
    fs.mkdirSync(path.join(dir, 'etc', 'post fix'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'etc', 'post fix', 'main.cf'), MAIN);
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--version prints the package.json version and exits 0, also without a PATH', () => {
    const r = lint(dir, '--version');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${PKG.version}\n`);
    assert.match(lint(dir, '--help').stdout, /--format text\|json\|sarif\|github/);
  });

  it('--format sarif validates against the SARIF 2.1.0 schema, with catalogue rules, levels and relative 1-based locations', () => {
    const r = lint(dir, '--format', 'sarif', path.join('etc', 'post fix'));
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout) as SarifLog;
    const validate = validator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    const driver = run.tool.driver;
    assert.equal(driver.name, 'postfix-lint');
    assert.equal(driver.version, PKG.version);
    assert.deepEqual(driver.rules.map((x) => x.id), RULES.map((x) => x.id));
    const rule = (id: string) => driver.rules.find((x) => x.id === id)!;
    assert.equal(rule('syntax').defaultConfiguration.level, 'error');
    assert.equal(rule('default-value').defaultConfiguration.level, 'note');
    assert.equal(rule('received-header-privacy').defaultConfiguration.enabled, false);
    assert.equal(rule('unknown-parameter').fullDescription.text, RULES.find((x) => x.id === 'unknown-parameter')!.when);

    const results = run.results;
    const by = (id: string) => results.find((x) => x.ruleId === id)!;
    assert.equal(by('mx-requires-tls').level, 'error');
    assert.equal(by('unknown-parameter').level, 'warning');
    assert.equal(by('protocol-legacy-syntax').level, 'note'); // hint
    for (const x of results) {
      assert.equal(driver.rules[x.ruleIndex!].id, x.ruleId);
      assert.equal(x.locations[0].physicalLocation.artifactLocation.uri, 'etc/post%20fix/main.cf');
    }
    // foo_bar on line 2, columns 1..7: the end column is the one after the last character.
    assert.deepEqual(by('unknown-parameter').locations[0].physicalLocation.region, { startLine: 2, startColumn: 1, endLine: 2, endColumn: 8 });
  });

  it('--format sarif with no findings and with a file outside the current directory is still a valid log', () => {
    const validate = validator();
    const clean = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-cli-clean-'));
    try {
      fs.writeFileSync(path.join(clean, 'main.cf'), 'smtp_tls_security_level = may\n');
      const none = lint(dir, '--format=sarif', '--rule', 'session-cache=off', path.join(clean, 'main.cf'));
      assert.equal(none.status, 0, none.stderr);
      const log = JSON.parse(none.stdout) as SarifLog;
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      assert.deepEqual(log.runs[0].results, []);
      const outside = lint(clean, '--format=sarif', path.join(dir, 'etc', 'post fix'));
      const log2 = JSON.parse(outside.stdout) as SarifLog;
      assert.ok(validate(log2), JSON.stringify(validate.errors, null, 2));
      assert.match(log2.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, /^file:\/\/\/.*\/etc\/post%20fix\/main\.cf$/);
    } finally {
      fs.rmSync(clean, { recursive: true, force: true });
    }
  });

  it('--format github prints one annotation per finding: ::error/::warning/::notice with file, line, col, endLine, endColumn, title', () => {
    const r = lint(dir, '--format', 'github', path.join('etc', 'post fix', 'main.cf'));
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.length >= 3, r.stdout);
    for (const l of lines) assert.match(l, /^::(error|warning|notice) file=etc\/post fix\/main\.cf,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z0-9-]+::\S/);
    assert.ok(lines.some((l) => l.startsWith('::warning file=etc/post fix/main.cf,line=2,col=1,endLine=2,endColumn=8,title=unknown-parameter::')), r.stdout);
    assert.ok(lines.some((l) => l.startsWith('::notice ') && l.includes('title=protocol-legacy-syntax::')), r.stdout);
    assert.ok(lines.some((l) => l.startsWith('::error ') && l.includes('title=mx-requires-tls::')), r.stdout);
  });

  it('--format github escapes as GitHub documents: % \\r \\n in the message; also : and , in properties', () => {
    assert.equal(escapeData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
    assert.equal(escapeProperty('C:\\dir,x%\n'), 'C%3A\\dir%2Cx%25%0A');
    const finding: Finding = {
      rule: 'syntax',
      severity: 'hint',
      range: { start: { line: 0, character: 0 }, end: { line: 1, character: 2 } },
      message: 'two\nlines: 50%, done',
    };
    const cwd = path.join(path.sep, 'repo');
    assert.equal(
      githubAnnotations([{ file: path.join(cwd, 'a:b,c', 'main.cf'), f: finding }], cwd),
      '::notice file=a%3Ab%2Cc/main.cf,line=1,col=1,endLine=2,endColumn=3,title=syntax::two%0Alines: 50%25, done\n',
    );
    // The same finding as SARIF: a valid log, hint is a note.
    const log = sarifLog([{ file: path.join(cwd, 'a:b,c', 'main.cf'), f: finding }], { version: '1.2.3', informationUri: 'https://example.org/postfix-tls' }, cwd);
    const validate = validator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.equal(log.runs[0].results[0].level, 'note');
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'a%3Ab%2Cc/main.cf');
  });

  it('--format sarif links the tool to its homepage and each rule to its row of the README rule table', () => {
    const finding: Finding = { rule: 'syntax', severity: 'error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x' };
    const log = sarifLog([{ file: 'main.cf', f: finding }], { version: '1.2.3', informationUri: 'https://example.org/postfix-tls#readme' }, ROOT);
    const validate = validator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.informationUri, 'https://example.org/postfix-tls#readme');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const rule of driver.rules) {
      assert.equal(rule.helpUri, `https://example.org/postfix-tls#rule-${rule.id}`);
      assert.ok(readme.includes(`<a id="rule-${rule.id}"></a>`), `README has no anchor for ${rule.id}`);
    }
    // No homepage or repository: no link is made up.
    const bare = sarifLog([{ file: 'main.cf', f: finding }], { version: '1.2.3' }, ROOT).runs[0].tool.driver;
    assert.ok(!('informationUri' in bare), JSON.stringify(bare.informationUri));
    assert.ok(bare.rules.every((r) => !('helpUri' in r)));
  });

  it('an unknown format is a usage error naming the formats', () => {
    const r = lint(dir, '--format', 'xml', path.join('etc', 'post fix'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown format "xml" \(text, json, sarif or github\)/);
  });
});
