// postfix-lint in a shell pipeline whose reader stops early (`postfix-lint DIR | head -1`): the
// closed pipe is not an error of the linter. It ends quietly with the status of its run, without
// an unhandled EPIPE and a stack trace on stderr.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findProjectRoot } from '../projectRoot';

const CLI = path.join(findProjectRoot(__dirname), 'dist', 'cli.js');

/**
 * Runs `node dist/cli.js ARGS | head -n 1` in bash: the linter's status (PIPESTATUS), its stderr,
 * and what head read.
 */
function intoHead(args: string[]): { status: number; stderr: string; head: string } {
  const script = `"$0" "$@" 2>"$ERR_FILE" | head -n 1; echo "status=\${PIPESTATUS[0]}"`;
  const errFile = path.join(os.tmpdir(), `postfix-pipe-${process.pid}.err`);
  const r = spawnSync('bash', ['-c', script, process.execPath, CLI, ...args], { encoding: 'utf8', env: { ...process.env, ERR_FILE: errFile } });
  const stderr = fs.readFileSync(errFile, 'utf8');
  fs.rmSync(errFile, { force: true });
  const m = /status=(\d+)\n$/.exec(r.stdout);
  assert.ok(m, `no status line in ${JSON.stringify(r.stdout.slice(-200))}`);
  return { status: Number(m[1]), stderr, head: r.stdout.slice(0, m.index) };
}

describe('postfix-lint (the CLI process) into a reader that closes early', () => {
  let dir = '';

  before(() => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-pipe-'));
    // Several hundred kilobytes of findings (one unknown-parameter warning per line), far more than
    // a pipe holds: the linter is still writing when head exits.
    const lines = Array.from({ length: 6000 }, (_, k) => `site_unused_setting_${k} = value-${k}`);
    fs.writeFileSync(path.join(dir, 'main.cf'), `compatibility_level = 3.7\n${lines.join('\n')}\n`);
    fs.writeFileSync(path.join(dir, 'master.cf'), '');
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('text findings | head -n 1: one finding read, status 0 (warnings only), nothing about EPIPE', () => {
    const r = intoHead([dir]);
    assert.match(r.head, /^\S*main\.cf:\d+:\d+: warning \[[a-z-]+\] /);
    assert.equal(r.head.split('\n').length, 2);
    assert.doesNotMatch(r.stderr, /EPIPE|Error|at /);
    assert.equal(r.status, 0, r.stderr);
  });

  it('the exit status is still the run\'s: an error finding (a line without "=") gives 1', () => {
    fs.appendFileSync(path.join(dir, 'main.cf'), 'not a setting\n');
    try {
      const r = intoHead([dir]);
      assert.doesNotMatch(r.stderr, /EPIPE|Error|at /);
      assert.equal(r.status, 1, r.stderr);
    } finally {
      fs.writeFileSync(path.join(dir, 'main.cf'), fs.readFileSync(path.join(dir, 'main.cf'), 'utf8').replace('not a setting\n', ''));
    }
  });

  it('--format json and --print | head -n 1: one line read, status 0, stderr empty', () => {
    for (const args of [['--format', 'json', dir], ['--print', dir]]) {
      const r = intoHead(args);
      assert.equal(r.head.split('\n').length, 2, args.join(' '));
      assert.equal(r.stderr, '', args.join(' '));
      assert.equal(r.status, 0, args.join(' '));
    }
  });
});
