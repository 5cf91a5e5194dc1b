import { execFileSync } from 'node:child_process';

/**
 * `postconf -d -h mail_version` of the given program, else of postconf on the PATH or in /usr/sbin
 * (-d: the release built into the program, without reading a main.cf that may not exist).
 * Bounded (2 s) and quiet: no Postfix here simply means no installed version.
 */
export function installedVersion(postconfPath?: string): string | undefined {
  const candidates = postconfPath ? [postconfPath] : ['postconf', '/usr/sbin/postconf', '/usr/local/sbin/postconf'];
  for (const program of candidates) {
    try {
      const out = execFileSync(program, ['-d', '-h', 'mail_version'], { timeout: 2000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (/^\d+\.\d+(\.\d+)?/.test(out)) return /^\d+\.\d+(\.\d+)?/.exec(out)![0];
    } catch {
      // not there, or not runnable: try the next one
    }
  }
  return undefined;
}
