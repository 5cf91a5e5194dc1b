// Starts a bundle through V8's code cache, so that a short-lived process (postfix-lint in a
// pre-commit hook) does not compile half a megabyte of JavaScript on every run. The cache is made
// once, after the first run that did the bundle's work (codeCacheMark.ts: a lint, a validation), so
// it holds every function that run compiled, and is used from then on; V8 rejects a cache that does
// not fit the source or the engine, and then it is made again. A cache made by a lesser run
// (--print) is made again after the first lint.
// Node 22 has module.enableCompileCache() for this; Node 20 does not.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { CacheWorth, worthCaching } from './codeCacheMark';

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

/**
 * The cache file of this bundle for this Node.js, made by a run of the given worth: a new build or a
 * new Node gets a new file, and a run worth more replaces it (codeCacheMark.ts).
 */
export function cacheFile(dir: string, bundle: string, size: number, mtimeMs: number, worth: CacheWorth): string {
  return join(dir, `${basename(bundle, '.js')}-${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}-w${worth}.cache`);
}

/**
 * Both bins mostly run short, cold work: a lint, or a new server's first validation. With V8's
 * default tiering, the functions such a run uses most become hot within it and go to the optimizing
 * compilers (TurboFan; Maglev on V8 13), whose jobs cost CPU on worker threads and time on the main
 * thread while the run goes on. Deferred, code is optimized once it has run for a while (typing,
 * hovers, later opens, a folder of configurations) and a short run stays in the interpreter and the
 * baseline compiler.
 *
 * - V8 11 (Node 20) counts bytecode run: `interruptBudget` replaces its 66 KB. On two busy cores
 *   the default doubled the time to a new server's first diagnostics (2 000 lines: about 100 ms
 *   against 45); 4 000 000 took postfix-lint on a 20 000-line main.cf from about 1 250M
 *   instructions (all threads) to 1 080M and left a folder of 1 000 configurations as fast.
 * - V8 12 and 13 (Node 22 and 24) count calls: `invocationScale` multiplies the calls that make a
 *   function hot for TurboFan (3 000, 800 for on-stack replacement) and Maglev (400, 100). Times 30
 *   took postfix-lint on 20 000 lines from 1 123M instructions (all threads) to 819M on Node 22 and
 *   from about 880M to 770M on Node 24 (2 000 lines: 296M to 260M), and 100 lines from 240M to 212M
 *   on Node 22. (The same flags given on the command line cost about 12M more on 100 lines than
 *   set here; not looked into further.) A scale of 1 sets nothing.
 *
 * The counts are V8's defaults of those releases; a later V8 keeps its own tiering (unknown flags
 * would be reported on stderr). Call it before runCached(): V8 keys a code cache on the flags.
 */
export function deferOptimization(tuning: Tuning): void {
  for (const flag of tieringFlags(process.versions.v8, tuning)) setFlagsFromString(flag);
}

export interface Tuning {
  interruptBudget: number;
  invocationScale: number;
}

/** The V8 flags deferOptimization() sets on this V8 release (none on a release it was not measured on). */
export function tieringFlags(v8Version: string, tuning: Tuning): string[] {
  const major = Number(v8Version.split('.')[0]);
  if (major <= 11) return [`--interrupt-budget=${tuning.interruptBudget}`];
  if (major <= 13 && tuning.invocationScale !== 1) return INVOCATION_COUNTS.map(([flag, calls]) => `--${flag}=${Math.round(calls * tuning.invocationScale)}`);
  return [];
}

/** V8 12 and 13's call counts for tiering up (the same in both; checked with `node --v8-options`). */
const INVOCATION_COUNTS: ReadonlyArray<[string, number]> = [
  ['invocation-count-for-turbofan', 3000],
  ['invocation-count-for-osr', 800],
  ['invocation-count-for-maglev', 400],
  ['invocation-count-for-maglev-osr', 100],
];

/** Runs `bundle` (CommonJS) as the main program, with the code cache when there is one. */
export function runCached(bundle: string): void {
  const source = readFileSync(bundle, 'utf8');
  const dir = cacheDirectory();
  // This build's cache file for a run of each worth (none without a directory or a bundle stamp).
  let fileOf: ((worth: CacheWorth) => string) | undefined;
  if (dir) {
    try {
      const { size, mtimeMs } = statSync(bundle);
      fileOf = (worth) => cacheFile(dir, bundle, size, mtimeMs, worth);
    } catch {
      // no bundle stamp: no cache
    }
  }
  let cachedData: Buffer | undefined;
  let worth = CacheWorth.None;
  // The most worth first: a cache a lint made serves a --print too, not the other way round.
  if (fileOf) {
    for (const w of [CacheWorth.Rules, CacheWorth.Print]) {
      try {
        cachedData = readFileSync(fileOf(w));
        worth = w;
        break;
      } catch {
        // not made yet
      }
    }
  }
  const script = new Script(wrap(source), { filename: bundle, cachedData });
  if (script.cachedDataRejected) worth = CacheWorth.None;
  if (fileOf) {
    const file = fileOf;
    process.once('exit', () => {
      const now = worthCaching();
      if (now > worth) save(script, file(now), `${basename(bundle, '.js')}-`);
    });
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
