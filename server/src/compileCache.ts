// Starts a bundle through V8's code cache, so that a short-lived process (postfix-lint in a
// pre-commit hook) does not compile half a megabyte of JavaScript on every run. The cache is made
// once, after a run, so it holds every function that run compiled, and is used from then on; V8
// rejects a cache that does not fit the source or the engine, and then it is made again.
// Node 22 has module.enableCompileCache() for this; Node 20 does not.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/**
 * Where the cache lives: $POSTFIX_TLS_CODE_CACHE (empty: no cache), else $XDG_CACHE_HOME/postfix-tls,
 * else ~/.cache/postfix-tls. A directory of the user's own, never a shared one such as /tmp: a
 * cache is code that runs.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.POSTFIX_TLS_CODE_CACHE !== undefined) return env.POSTFIX_TLS_CODE_CACHE || undefined;
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return base ? join(base, 'postfix-tls') : undefined;
}

/** The cache file of this bundle for this Node.js: a new build or a new Node gets a new file. */
export function cacheFile(dir: string, bundle: string, size: number, mtimeMs: number): string {
  return join(dir, `${basename(bundle, '.js')}-${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}.cache`);
}

/**
 * Both bins mostly run short, cold work: a lint, or a new server's first validation. With V8's
 * default interrupt budget (66 KB of bytecode run) the functions such a run uses most become hot
 * within it and go to the optimizing compiler (TurboFan), whose jobs cost about 60 ms of CPU on
 * worker threads and several ms on the main thread while the run goes on; on two busy cores that
 * doubled the time to a new server's first diagnostics (2 000 lines: about 100 ms against 45).
 * With a larger budget, code is optimized once it has run for a while (typing, hovers, later opens,
 * a folder of configurations) and a short run stays in the interpreter and the baseline compiler.
 * The server takes 1 000 000 (its edits, hovers and completions in the bench did not get slower);
 * postfix-lint 4 000 000, which took a 20 000-line main.cf from about 1 250M instructions to 1 080M
 * (all threads) and left a folder of 1 000 configurations as fast. Measured on Node 20 (V8 11);
 * later V8 releases (Node 22, VS Code's Electron) tier up differently (invocation counts, Maglev in
 * between) and were not measured, so the flag is set for V8 11 and older only. Call it before
 * runCached(): V8 keys a code cache on the flags.
 */
export function deferOptimization(budget: number): void {
  if (Number(process.versions.v8.split('.')[0]) <= 11) setFlagsFromString(`--interrupt-budget=${budget}`);
}

/** Runs `bundle` (CommonJS) as the main program, with the code cache when there is one. */
export function runCached(bundle: string): void {
  const source = readFileSync(bundle, 'utf8');
  const dir = cacheDirectory();
  let file: string | undefined;
  let cachedData: Buffer | undefined;
  if (dir) {
    try {
      const st = statSync(bundle);
      file = cacheFile(dir, bundle, st.size, st.mtimeMs);
      cachedData = readFileSync(file);
    } catch {
      // no cache yet (or no bundle stamp): made after this run
    }
  }
  const script = new Script(wrap(source), { filename: bundle, cachedData });
  if (file && (!cachedData || script.cachedDataRejected)) {
    const target = file;
    process.once('exit', () => save(script, target, `${basename(bundle, '.js')}-`));
  }
  const fn = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  const module = { exports: {}, filename: bundle, id: '.', loaded: false };
  fn.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

/** Writes the cache beside older ones of the same bundle, which it replaces; any failure only costs speed. */
function save(script: Script, file: string, prefix: string): void {
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // A temporary name, then rename: a concurrent run reads the old file or the new one, never half of one.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, file);
    for (const old of readdirSync(dir)) {
      if (old !== basename(file) && old.startsWith(prefix) && /^v\d/.test(old.slice(prefix.length)) && old.endsWith('.cache')) unlinkSync(join(dir, old));
    }
  } catch {
    // read-only home, full disk: the next run compiles again
  }
}
