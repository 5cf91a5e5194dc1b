import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { findProjectRoot } from '../protocol/lspClient';

/** The built linter, as `postfix-lint` runs it. */
export const CLI = path.join(findProjectRoot(), 'dist', 'cli.js');

/** Runs postfix-lint in a child process; MAIL_CONFIG is cleared so that the machine's own setting cannot change `--check-files auto`. */
export function lint(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.MAIL_CONFIG;
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
