import type * as ChildProcess from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { cacheDirectory } from './compileCache';

/**
 * `postconf -d -h mail_version` of the given program, else of postconf on the PATH or in /usr/sbin
 * (-d: the release built into the program, without reading a main.cf that may not exist).
 * Bounded (2 s) and quiet: no Postfix here simply means no installed version.
 *
 * Starting postconf costs about 25 ms of CPU, which a new language server paid before its first
 * diagnostics and postfix-lint --print on every run. The answer is kept in the cache directory
 * (postconf-version.json), keyed on the program file's path, inode, size and modification time: a
 * Postfix upgrade replaces the file, so a changed release is asked again.
 */
export function installedVersion(postconfPath?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = postconfPath ? [postconfPath] : ['postconf', '/usr/sbin/postconf', '/usr/local/sbin/postconf'];
  const dir = cacheDirectory(env);
  for (const program of candidates) {
    const key = fileKey(program, env);
    if (key && dir) {
      const hit = readCache(dir)[key];
      if (typeof hit === 'string') return hit;
    }
    // The file found on the PATH given (the same one execFile would find on this process's PATH).
    const v = ask(key ? key.slice(0, key.lastIndexOf('\n')) : program);
    if (v === undefined) continue;
    if (key && dir) writeCache(dir, key, v);
    return v;
  }
  return undefined;
}

// node:child_process (with net and stream under it) is loaded only when postconf must be asked:
// loading it cost postfix-lint about a tenth of its start-up, and the cache usually answers.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a require() call stays lazy in the bundle
const childProcess = (): typeof ChildProcess => require('node:child_process') as typeof ChildProcess;

function ask(program: string): string | undefined {
  try {
    const out = childProcess().execFileSync(program, ['-d', '-h', 'mail_version'], { timeout: 2000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return /^\d+\.\d+(\.\d+)?/.exec(out)?.[0];
  } catch {
    // not there, or not runnable: try the next one
    return undefined;
  }
}

/** The program as execFile finds it (a bare name on the PATH), with what identifies its file; undefined: not found. */
function fileKey(program: string, env: NodeJS.ProcessEnv): string | undefined {
  const paths = program.includes('/') ? [resolve(program)] : (env.PATH ?? '').split(delimiter).filter((d) => isAbsolute(d)).map((d) => join(d, program));
  for (const p of paths) {
    try {
      const st = statSync(p);
      if (st.isFile()) return `${p}\n${st.dev}:${st.ino}:${st.size}:${Math.trunc(st.mtimeMs)}`;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const CACHE_FILE = 'postconf-version.json';

function readCache(dir: string): Record<string, unknown> {
  try {
    const v = JSON.parse(readFileSync(join(dir, CACHE_FILE), 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Adds one answer (a handful of programs at most; entries of replaced files are dropped). */
function writeCache(dir: string, key: string, version: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = key.slice(0, key.lastIndexOf('\n') + 1);
    const kept = Object.entries(readCache(dir)).filter(([k, v]) => typeof v === 'string' && !k.startsWith(path)).slice(-8);
    const tmp = join(dir, `${CACHE_FILE}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(Object.fromEntries([...kept, [key, version]])), { mode: 0o600 });
    renameSync(tmp, join(dir, CACHE_FILE));
  } catch {
    // read-only home, full disk: asked again next time
  }
}
