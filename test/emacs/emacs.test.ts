// Emacs as a client of the real language server, once with eglot and once with lsp-mode: a batch
// Emacs (`emacs --batch -Q`) loads the configuration that README.md documents (test/emacs/eglot.el
// or lsp-mode.el, which must match the README's snippets line for line), opens a fixture main.cf
// and master.cf, and reports what it saw (check.el): the diagnostics of both files with the text
// they cover, a hover, the line a chosen completion leaves, and the line after a quick fix. The
// misspelt `$mydomian` follows an emoji (two UTF-16 code units, one Emacs character), so a range
// only lands on it when the client converts LSP's UTF-16 columns. `postfix-language-server` on
// PATH is a shim that runs `node dist/server.js "$@"`, so the configuration runs as documented.
//
// Needs `emacs` with eglot and lsp-mode (Debian's `emacs-nox elpa-eglot elpa-lsp-mode`;
// scripts/install-test-deps.sh installs them) and dist/server.js (`node esbuild.mjs`). Without
// them the tests say so and are marked pending.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findProjectRoot, SERVER_JS } from '../protocol/lspClient';

const ROOT = findProjectRoot(__dirname);
const HERE = path.join(ROOT, 'test', 'emacs');
/** Emacs is killed (with the language server it started) after this long. */
const EMACS_TIMEOUT_MS = 60_000;

type Client = 'eglot' | 'lsp-mode';

interface Diagnostic {
  line: number; // 1-based
  column: number; // 0-based, in Emacs characters
  text: string; // the buffer text the diagnostic covers
  message: string;
}

interface Report {
  version: string;
  modes: string[];
  main: Diagnostic[];
  master: Diagnostic[];
  hover: string | null;
  completed: string;
  fixed: string;
  errors: string[];
}

function emacsVersion(): string | undefined {
  const r = spawnSync('emacs', ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

/** Why eglot and lsp-mode cannot be loaded, or undefined when they can. */
function missingPackages(): string | undefined {
  const r = spawnSync('emacs', ['--batch', '-Q', '-l', path.join(HERE, 'packages.el'), '--eval', "(progn (require 'eglot) (require 'lsp-mode))"], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, POSTFIX_EMACS_DIR: os.tmpdir() },
  });
  return r.status === 0 ? undefined : (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(-3).join('\n');
}

/** The lines of a configuration file after its leading comment: the configuration itself. */
function configLines(client: Client): string[] {
  const lines = fs.readFileSync(path.join(HERE, `${client}.el`), 'utf8').trimEnd().split('\n');
  return lines.slice(lines.findIndex((l) => !l.startsWith(';')));
}

/** Runs Emacs with `client`'s configuration on a fresh copy of the fixture; resolves with its report. */
async function runEmacs(work: string, client: Client): Promise<{ report: Report; output: string; ms: number }> {
  const base = path.join(work, client);
  const dir = path.join(base, 'etc-postfix');
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['main.cf', 'master.cf']) fs.copyFileSync(path.join(HERE, 'fixture', f), path.join(dir, f));
  const bin = path.join(base, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'postfix-language-server'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(SERVER_JS)} "$@"\n`, { mode: 0o755 });
  const out = path.join(base, 'report.json');
  const env = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    POSTFIX_EMACS_CLIENT: client,
    POSTFIX_EMACS_DIR: dir,
    POSTFIX_EMACS_OUT: out,
    // Nothing of the user's own Emacs setup (-Q skips init files; lsp-mode keeps state in HOME).
    HOME: path.join(base, 'home'),
    XDG_CONFIG_HOME: path.join(base, 'config'),
  };
  const args = ['--batch', '-Q', '-l', path.join(HERE, 'packages.el'), '-l', path.join(HERE, `${client}.el`), '-l', path.join(HERE, 'check.el')];
  const started = Date.now();
  // A process group of its own, so that a timeout kills the language server Emacs started too.
  const emacs = spawn('emacs', args, { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  emacs.stdout.on('data', (b: Buffer) => (output += b.toString()));
  emacs.stderr.on('data', (b: Buffer) => (output += b.toString()));
  let timedOut = false;
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-emacs.pid!, 'SIGKILL');
      } catch {
        emacs.kill('SIGKILL');
      }
    }, EMACS_TIMEOUT_MS);
    emacs.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  const ms = Date.now() - started;
  assert.ok(!timedOut, `Emacs (${client}) killed after ${EMACS_TIMEOUT_MS} ms: ${output}`);
  assert.ok(fs.existsSync(out), `Emacs (${client}) wrote no report (exit ${code}): ${output}`);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
  assert.deepEqual(report.errors, [], `errors in Emacs (${client}): ${JSON.stringify(report.errors)}; output: ${output}`);
  assert.equal(code, 0, `Emacs (${client}) exited with ${code}: ${output}`);
  return { report, output, ms };
}

function find(diagnostics: Diagnostic[], message: RegExp): Diagnostic {
  const d = diagnostics.find((x) => message.test(x.message));
  assert.ok(d, `no diagnostic matching ${message} among ${JSON.stringify(diagnostics, null, 1)}`);
  return d;
}

/**
 * What eglot and lsp-mode must both show: both modes, the misspelt names in main.cf and master.cf at
 * their exact places, our hover, and a completion that leaves plain text (no ${1:…}) in the buffer.
 */
function bothClients(report: Report): void {
  assert.deepEqual(report.modes, ['postfix-main-mode', 'postfix-master-mode']);
  const unknown = find(report.main, /unknown parameter "smtpd_tls_loglevl"/);
  assert.deepEqual([unknown.line, unknown.column, unknown.text], [4, 0, 'smtpd_tls_loglevl']);
  assert.match(unknown.message, /did you mean "smtpd_tls_loglevel"/);
  const override = find(report.master, /unknown parameter "smtpd_tls_securty_level"/);
  assert.deepEqual([override.line, override.column, override.text], [4, 5, 'smtpd_tls_securty_level']);
  assert.match(override.message, /-o override of submission\/inet/);
  assert.ok(report.hover, 'no hover');
  assert.match(report.hover, /\*\*smtpd_tls_security_level\*\*/);
  assert.match(report.hover, /postconf\.5\.html#smtpd_tls_security_level/);
  assert.equal(report.completed, 'smtpd_tls_mandatory_ciphers = medium');
}

describe('Emacs (batch) with the README configurations', function () {
  this.timeout(EMACS_TIMEOUT_MS + 30_000);
  let work: string;

  before(function () {
    const version = emacsVersion();
    if (!version) {
      console.log('    emacs is not installed (Debian package "emacs-nox"): Emacs tests skipped');
      this.skip();
    }
    const missing = missingPackages();
    if (missing) {
      console.log(`    eglot or lsp-mode cannot be loaded (Debian packages "elpa-eglot", "elpa-lsp-mode"): Emacs tests skipped\n    ${missing}`);
      this.skip();
    }
    console.log(`    ${version}`);
    assert.ok(fs.existsSync(SERVER_JS), `${SERVER_JS} is missing: run \`node esbuild.mjs\` first`);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-emacs-'));
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  for (const client of ['eglot', 'lsp-mode'] as const) {
    it(`README.md documents exactly the ${client} configuration that is tested`, () => {
      const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
      const start = readme.indexOf('## Other editors');
      const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
      const config = configLines(client).join('\n');
      assert.ok(section.includes(`\`\`\`elisp\n${config}\n\`\`\``), `the "Other editors" section of README.md does not show test/emacs/${client}.el:\n${config}`);
    });
  }

  it('eglot: diagnostics on main.cf and master.cf (UTF-16 columns converted), hover, plain-text completion, quick fix', async () => {
    const { report, ms } = await runEmacs(work, 'eglot');
    console.log(`    eglot ${report.version}: ${ms} ms`);
    // No yasnippet, so eglot declares no snippetSupport: plain text, no ${1:…} (checked in bothClients).
    bothClients(report);
    // After the emoji: exactly the misspelt name, at character 14 (UTF-16 column 15).
    const undef = find(report.main, /"\$mydomian" refers to a parameter/);
    assert.deepEqual([undef.line, undef.column, undef.text], [3, 14, 'mydomian']);
    assert.equal(report.fixed, 'myorigin = 🙂 $mydomain');
  });

  it('lsp-mode: diagnostics on main.cf and master.cf, hover, plain-text completion, quick fix', async () => {
    const { report, ms } = await runEmacs(work, 'lsp-mode');
    console.log(`    lsp-mode ${report.version}: ${ms} ms`);
    // lsp-enable-snippet is nil: plain text, no ${1:…} left in the buffer (checked in bothClients).
    bothClients(report);
    const undef = find(report.main, /"\$mydomian" refers to a parameter/);

    if (/^([0-8]|9\.0)\./.test(report.version)) {
      // lsp-mode up to 9.0 (8.0.0 in Debian 12) takes LSP columns as Emacs characters, not UTF-16 code units
      // (emacs-lsp/lsp-mode#2080): after the emoji every range is one character to the right.
      // Pinned here so that the README's warning stays true; a newer lsp-mode must convert.
      assert.deepEqual([undef.line, undef.column, undef.text], [3, 15, 'ydomian']);
      assert.equal(report.fixed, 'myorigin = 🙂 $mmydomain');
    } else {
      assert.deepEqual([undef.line, undef.column, undef.text], [3, 14, 'mydomian']);
      assert.equal(report.fixed, 'myorigin = 🙂 $mydomain');
    }
  });
});
