import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { findProjectRoot } from '../protocol/lspClient';

/** The built linter, as `postfix-lint` runs it. */
export const CLI = path.join(findProjectRoot(), 'dist', 'cli.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node` with `args` in a child process, with `env` over this process's environment (an
 * undefined value removes the variable); MAIL_CONFIG is cleared so that the machine's own setting
 * cannot change `--check-files auto`.
 */
export function runOn(node: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const e: NodeJS.ProcessEnv = { ...process.env, MAIL_CONFIG: undefined, ...env };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  const r = spawnSync(node, args, { encoding: 'utf8', env: e, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs postfix-lint on this Node.js. */
export function lint(...args: string[]): Run {
  return runOn(process.execPath, [CLI, ...args]);
}

/** The flags (`--name=value`) that `node --v8-options` does not list: V8 would report them on stderr. */
export function unknownV8Flags(node: string, flags: string[]): string[] {
  const known = runOn(node, ['--v8-options']).stdout;
  return flags.filter((flag) => !known.includes(`  ${flag.split('=')[0]} `));
}
