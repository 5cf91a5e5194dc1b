// postfix-lint and the language server start through V8's code cache (server/src/compileCache.ts):
// made once after a run in the user's cache directory, used from then on, made again when it does
// not fit; a missing, broken or unwritable cache never changes what postfix-lint prints.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDirectory, tieringFlags } from '../../server/src/compileCache';
import { findProjectRoot } from '../protocol/lspClient';
import { CLI, runOn, unknownV8Flags } from './runCli';

const ROOT = findProjectRoot();

describe('postfix-lint start-up through the V8 code cache', () => {
  let tmp = '';
  let config = '';
  const lint = (env: NodeJS.ProcessEnv) => runOn(process.execPath, [CLI, config], env);
  /** postfix-lint with `args`, its code cache in `dir`. */
  const cachedIn = (dir: string) => (...args: string[]) => runOn(process.execPath, [CLI, ...args], { POSTFIX_TLS_CODE_CACHE: dir });
  const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cache')) : []);

  before(() => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-code-cache-'));
    config = path.join(tmp, 'main.cf');
    fs.writeFileSync(config, 'foo_bar = 1\nsmtpd_tls_security_level = encrypt\n');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('the cache directory: $POSTFIX_TLS_CODE_CACHE (empty: none), else $XDG_CACHE_HOME/postfix-tls, else ~/.cache/postfix-tls', () => {
    assert.equal(cacheDirectory({ POSTFIX_TLS_CODE_CACHE: '/x', XDG_CACHE_HOME: '/y', HOME: '/h' }), '/x');
    assert.equal(cacheDirectory({ POSTFIX_TLS_CODE_CACHE: '', HOME: '/h' }), undefined);
    assert.equal(cacheDirectory({ XDG_CACHE_HOME: '/y', HOME: '/h' }), path.join('/y', 'postfix-tls'));
    assert.equal(cacheDirectory({ HOME: '/h' }), path.join('/h', '.cache', 'postfix-tls'));
    assert.equal(cacheDirectory({}), undefined);
  });

  it('the first run writes one cache file, the next runs use it unchanged and print the same', () => {
    const dir = path.join(tmp, 'first', 'postfix-tls');
    const plain = lint({ POSTFIX_TLS_CODE_CACHE: '' });
    assert.equal(plain.status, 1, plain.stderr);
    assert.match(plain.stdout, /\[unknown-parameter\]/);

    assert.deepEqual(lint({ POSTFIX_TLS_CODE_CACHE: dir }), plain);
    const files = cacheFiles(dir);
    assert.equal(files.length, 1, files.join(', '));
    assert.match(files[0], new RegExp(`^postfix-lint-${process.version.replace(/\./g, '\\.')}-${process.arch}-\\d+-\\d+-w2\\.cache$`));
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    const first = fs.statSync(path.join(dir, files[0]));
    assert.ok(first.size > 10_000, `a cache of ${first.size} bytes`);

    // V8 accepted it: a rejected cache would be written again.
    assert.deepEqual(lint({ POSTFIX_TLS_CODE_CACHE: dir }), plain);
    const again = fs.statSync(path.join(dir, files[0]));
    assert.equal(again.mtimeMs, first.mtimeMs);
    assert.equal(again.ino, first.ino);
  });

  it('a broken cache is ignored and made again; a cache of another build is removed', () => {
    const dir = path.join(tmp, 'broken');
    const plain = lint({ POSTFIX_TLS_CODE_CACHE: '' });
    lint({ POSTFIX_TLS_CODE_CACHE: dir });
    const [name] = cacheFiles(dir);
    fs.writeFileSync(path.join(dir, name), 'not a V8 code cache');
    const stale = `postfix-lint-v0.0.1-${process.arch}-1-1.cache`;
    fs.writeFileSync(path.join(dir, stale), 'an old build');
    fs.writeFileSync(path.join(dir, 'other-tool.cache'), 'not ours');
    assert.deepEqual(lint({ POSTFIX_TLS_CODE_CACHE: dir }), plain);
    assert.notEqual(fs.readFileSync(path.join(dir, name), 'utf8'), 'not a V8 code cache');
    assert.deepEqual(cacheFiles(dir).sort(), [name, 'other-tool.cache'].sort());
  });

  it('no cache directory, or one that cannot be made: postfix-lint works the same and writes nothing', () => {
    const plain = lint({ POSTFIX_TLS_CODE_CACHE: '' });
    const home = path.join(tmp, 'home');
    fs.mkdirSync(home);
    assert.deepEqual(lint({ POSTFIX_TLS_CODE_CACHE: '', HOME: home, XDG_CACHE_HOME: undefined }), plain);
    assert.deepEqual(fs.readdirSync(home), []);
    // A file where the directory should be.
    const blocked = path.join(tmp, 'blocked');
    fs.writeFileSync(blocked, '');
    assert.deepEqual(lint({ POSTFIX_TLS_CODE_CACHE: path.join(blocked, 'postfix-tls') }), plain);
    assert.deepEqual(lint({ POSTFIX_TLS_CODE_CACHE: undefined, XDG_CACHE_HOME: undefined, HOME: home }), plain);
    assert.equal(cacheFiles(path.join(home, '.cache', 'postfix-tls')).length, 1);
  });

  it('a run that lints nothing (--version, --help, a usage error) writes no cache; the first lint after it does', () => {
    const dir = path.join(tmp, 'version-first');
    const run = cachedIn(dir);
    assert.equal(run('--version').status, 0);
    assert.equal(run('--help').status, 0);
    assert.equal(run('--no-such-option').status, 2);
    assert.deepEqual(cacheFiles(dir), []);
    assert.equal(run(config).status, 1);
    assert.equal(cacheFiles(dir).length, 1);
  });

  it('a cache made by --print (no rules run) is made again after the first lint, and a --print after that keeps it', () => {
    const dir = path.join(tmp, 'print-first');
    const run = cachedIn(dir);
    const print = run('--print', '--postfix-version', '3.7', tmp);
    assert.equal(print.status, 0, print.stderr);
    const [byPrint] = cacheFiles(dir);
    assert.match(byPrint, /-w1\.cache$/);
    assert.equal(run(config).status, 1);
    const [byLint] = cacheFiles(dir);
    assert.deepEqual(cacheFiles(dir), [byPrint.replace(/-w1\.cache$/, '-w2.cache')]);
    const made = fs.statSync(path.join(dir, byLint)).mtimeMs;
    assert.deepEqual(run('--print', '--postfix-version', '3.7', tmp), print);
    assert.deepEqual(cacheFiles(dir), [byLint]);
    assert.equal(fs.statSync(path.join(dir, byLint)).mtimeMs, made);
  });

  it('the language server (dist/server.js) makes its own cache when it exits after shutdown, once it has validated a document', async function () {
    this.timeout(30_000);
    const session = async (dir: string, open: boolean) => {
      const server = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], { env: { ...process.env, POSTFIX_TLS_CODE_CACHE: dir }, stdio: ['pipe', 'pipe', 'inherit'] });
      const send = (m: object) => {
        const body = JSON.stringify({ jsonrpc: '2.0', ...m });
        server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    let out = '';
    const answered = (id: number) =>
      new Promise<void>((resolve) => {
        const look = () => (out.includes(`"id":${id}`) ? resolve() : undefined);
        server.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          look();
        });
        look();
      });
    send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    await answered(1);
    if (open) {
      send({ method: 'initialized', params: {} });
      send({ method: 'textDocument/didOpen', params: { textDocument: { uri: pathToFileURL(config).href, languageId: 'postfix-main', version: 1, text: fs.readFileSync(config, 'utf8') } } });
      await new Promise<void>((resolve) => {
        const look = () => (out.includes('"method":"textDocument/publishDiagnostics"') ? resolve() : undefined);
        server.stdout.on('data', look);
        look();
      });
    }
    send({ id: 2, method: 'shutdown' });
    await answered(2);
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    send({ method: 'exit' });
    assert.equal(await exited, 0);
    return cacheFiles(dir);
    };
    // Started and stopped without a document: nothing compiled worth keeping.
    assert.deepEqual(await session(path.join(tmp, 'server-idle'), false), []);
    const files = await session(path.join(tmp, 'server'), true);
    assert.equal(files.length, 1, files.join(', '));
    assert.match(files[0], /^postfix-language-server-v\d+/);
  });
});

describe('deferred optimization: the V8 flags each release gets', () => {
  const tuning = { interruptBudget: 4_000_000, invocationScale: 30 };

  it('V8 11 (Node 20): the interrupt budget', () => {
    assert.deepEqual(tieringFlags('11.3.244.8-node.33', tuning), ['--interrupt-budget=4000000']);
  });

  it('V8 12 and 13 (Node 22 and 24): the tier-up call counts, scaled', () => {
    const scaled = ['--invocation-count-for-turbofan=90000', '--invocation-count-for-osr=24000', '--invocation-count-for-maglev=12000', '--invocation-count-for-maglev-osr=3000'];
    assert.deepEqual(tieringFlags('12.4.254.21-node.57', tuning), scaled);
    assert.deepEqual(tieringFlags('13.6.233.17-node.63', tuning), scaled);
  });

  it('a scale of 1 on V8 12 and 13: nothing, V8 keeps its own counts', () => {
    assert.deepEqual(tieringFlags('13.6.233.17-node.63', { interruptBudget: 1_000_000, invocationScale: 1 }), []);
    assert.deepEqual(tieringFlags('11.3.244.8-node.33', { interruptBudget: 1_000_000, invocationScale: 1 }), ['--interrupt-budget=1000000']);
  });

  it('a later V8, not measured: nothing (its flags may have other names)', () => {
    assert.deepEqual(tieringFlags('14.1.1', tuning), []);
  });

  it('every flag given for the running Node is one its V8 knows, and a lint writes nothing to stderr', () => {
    const flags = tieringFlags(process.versions.v8, tuning);
    assert.ok(flags.length > 0, `no flags for V8 ${process.versions.v8}`);
    assert.deepEqual(unknownV8Flags(process.execPath, flags), [], 'not in node --v8-options');
    const r = runOn(process.execPath, [CLI, '--version'], { POSTFIX_TLS_CODE_CACHE: '' });
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
  });
});
