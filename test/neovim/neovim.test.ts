// Neovim as a client of the real language server: a headless Neovim runs the configuration that
// README.md documents for Neovim 0.7+ (test/neovim/init.lua, which must match the README's snippet
// line for line), opens a fixture main.cf, and reports what it received (check.lua): the
// diagnostics and a hover from postfix-language-server. `postfix-language-server` on PATH is a
// shim that runs `node dist/server.js "$@"`, so the configuration runs exactly as documented.
//
// Needs `nvim` (Debian's `neovim` package; .ci/run installs it) and dist/server.js (`node esbuild.mjs`).
// Without nvim the test says so and is marked pending.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findProjectRoot, SERVER_JS } from '../protocol/lspClient';

const ROOT = findProjectRoot(__dirname);
const HERE = path.join(ROOT, 'test', 'neovim');

interface Report {
  filetype: string;
  clients: string[];
  diagnostics: Array<{ lnum: number; col: number; end_lnum: number; end_col: number; message: string; source: string; code: string; severity: number }>;
  hover: { contents: { kind: string; value: string }; range?: unknown } | null;
  errors: string[];
}

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

/** The lines of init.lua after its leading comment: the configuration itself. */
function configLines(): string[] {
  const lines = fs.readFileSync(path.join(HERE, 'init.lua'), 'utf8').trimEnd().split('\n');
  return lines.slice(lines.findIndex((l) => !l.startsWith('--')));
}

describe('Neovim (headless) with the README configuration', function () {
  this.timeout(90_000);
  let work: string;

  before(function () {
    const version = nvimVersion();
    if (!version) {
      console.log('    nvim is not installed (Debian package "neovim"): Neovim test skipped');
      this.skip();
    }
    console.log(`    ${version}`);
    assert.ok(fs.existsSync(SERVER_JS), `${SERVER_JS} is missing: run \`node esbuild.mjs\` first`);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-nvim-'));
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('README.md documents exactly the configuration that is tested', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Other editors'), readme.indexOf('\n## ', readme.indexOf('## Other editors') + 1));
    const config = configLines().join('\n');
    assert.ok(section.includes(`\`\`\`lua\n${config}\n\`\`\``), `the "Other editors" section of README.md does not show test/neovim/init.lua:\n${config}`);
  });

  it('receives diagnostics and a hover from postfix-language-server for a main.cf', async () => {
    // The fixture in a directory of its own (no master.cf beside it), and a shim on PATH.
    const dir = path.join(work, 'etc-postfix');
    fs.mkdirSync(dir);
    const main = path.join(dir, 'main.cf');
    fs.copyFileSync(path.join(HERE, 'fixture', 'main.cf'), main);
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin);
    const shim = path.join(bin, 'postfix-language-server');
    fs.writeFileSync(shim, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(SERVER_JS)} "$@"\n`, { mode: 0o755 });
    const out = path.join(work, 'report.json');
    const hoverLine = fs.readFileSync(main, 'utf8').split('\n').findIndex((l) => l.startsWith('smtpd_tls_protocols'));

    const env = {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      POSTFIX_NVIM_OUT: out,
      POSTFIX_NVIM_HOVER_LINE: String(hoverLine),
      // Nothing of the user's own Neovim setup.
      XDG_CONFIG_HOME: path.join(work, 'config'),
      XDG_DATA_HOME: path.join(work, 'data'),
      XDG_STATE_HOME: path.join(work, 'state'),
      XDG_CACHE_HOME: path.join(work, 'cache'),
    };
    const nvim = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', path.join(HERE, 'init.lua'), '-c', `luafile ${path.join(HERE, 'check.lua')}`, main], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    nvim.stdout.on('data', (b: Buffer) => (output += b.toString()));
    nvim.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => nvim.kill('SIGKILL'), 75_000);
      nvim.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.ok(fs.existsSync(out), `Neovim wrote no report (exit ${code}): ${output}`);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
    assert.deepEqual(report.errors, [], `errors in Neovim: ${JSON.stringify(report.errors)}; output: ${output}`);
    assert.equal(report.filetype, 'pfmain');
    assert.deepEqual(report.clients, ['postfix']);

    const unknown = report.diagnostics.find((d) => d.code === 'unknown-parameter');
    assert.ok(unknown, `no unknown-parameter diagnostic among ${JSON.stringify(report.diagnostics, null, 1)}`);
    assert.equal(unknown.source, 'postfix-tls');
    assert.equal(unknown.lnum, 2);
    assert.deepEqual([unknown.col, unknown.end_col], [0, 'smtpd_tls_loglevl'.length]);
    assert.match(unknown.message, /did you mean "smtpd_tls_loglevel"/);
    assert.ok(report.diagnostics.some((d) => d.lnum === 3 && /SSLv3|TLSv1/.test(d.message)), `no finding on the weak smtpd_tls_protocols: ${JSON.stringify(report.diagnostics, null, 1)}`);

    assert.ok(report.hover, 'no hover result');
    assert.equal(report.hover.contents.kind, 'markdown');
    assert.match(report.hover.contents.value, /\*\*smtpd_tls_protocols\*\*/);
    assert.match(report.hover.contents.value, /postconf\.5\.html#smtpd_tls_protocols/);
    assert.equal(code, 0, `nvim exited with ${code}: ${output}`);
  });
});
