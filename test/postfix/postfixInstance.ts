/**
 * A private Postfix instance on a loopback port, run by Debian's master(8) in the foreground: what the
 * real-smtpd tests (realSmtpd.test.ts, starttlsProbe.test.ts) start their server with. Needs root
 * and the postfix user.
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

export const MASTER = '/usr/lib/postfix/sbin/master';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function postfixUid(): { uid: number; gid: number } | undefined {
  try {
    return { uid: Number(execFileSync('id', ['-u', 'postfix']).toString()), gid: Number(execFileSync('id', ['-g', 'postfix']).toString()) };
  } catch {
    return undefined;
  }
}

/**
 * Skips the calling suite (its `before`) where a real Postfix cannot run: it needs root, Debian's
 * postfix (master(8), the postfix user), openssl and the `extra` programs. Says why on the console.
 */
export function needRealPostfix(suite: Mocha.Context, what: string, extra: string[] = []): void {
  const missing = [MASTER, ...extra, '/usr/bin/openssl'].filter((p) => !existsSync(p));
  const why = missing.length ? missing.join(', ') : process.getuid?.() !== 0 ? 'root' : !postfixUid() ? 'postfix user' : undefined;
  if (why === undefined) return;
  console.log(`    ${what} not run here: needs root, Debian's postfix and openssl (missing: ${why}); scripts/install-test-deps.sh installs them`);
  suite.skip();
}

/**
 * The main.cf lines of a private instance in `root`: its own queue and data directories, loopback
 * only, no local delivery, and the log written by postlogd to root/maillog.
 */
export function privateInstanceLines(root: string, hostname: string): string {
  return `queue_directory = ${join(root, 'queue')}
data_directory = ${join(root, 'data')}
mail_owner = postfix
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = ${hostname}
mydestination =
maillog_file = ${join(root, 'maillog')}
maillog_file_prefixes = ${root}
`;
}

export interface Instance {
  dir: string;
  port: number;
  /** The smtps listener (smtpd_tls_wrappermode=yes: TLS from the first byte), when asked for. */
  wrapperPort?: number;
  master: ChildProcess;
  log: () => string;
}

export async function startPostfix(root: string, userMainCf: string, options: { wrapperMode?: boolean } = {}): Promise<Instance> {
  const port = await freePort();
  const wrapperPort = options.wrapperMode ? await freePort() : undefined;
  const conf = join(root, 'conf');
  const queue = join(root, 'queue');
  for (const d of [conf, queue, join(queue, 'pid'), join(queue, 'public'), join(queue, 'private'), join(root, 'data')]) mkdirSync(d, { recursive: true });
  const ids = postfixUid()!;
  for (const d of [join(queue, 'public'), join(queue, 'private'), join(root, 'data')]) chownSync(d, ids.uid, ids.gid);
  // The user's main.cf, then what a private loopback instance needs (later lines win).
  writeFileSync(join(conf, 'main.cf'), `${userMainCf}
${privateInstanceLines(root, 'test.localdomain')}`);
  writeFileSync(join(conf, 'master.cf'), `127.0.0.1:${port} inet n - n - - smtpd
postlog unix-dgram n - n - 1 postlogd
proxymap unix - - n - - proxymap
anvil unix - - n - 1 anvil
rewrite unix - - n - - trivial-rewrite
tlsmgr unix - - n 1000? 1 tlsmgr
cleanup unix n - n - 0 cleanup
${wrapperPort ? `127.0.0.1:${wrapperPort} inet n - n - - smtpd -o smtpd_tls_wrappermode=yes\n` : ''}`);
  const check = spawnSync('postconf', ['-c', conf, '-n'], { encoding: 'utf8' });
  assert.equal(check.status, 0, `postconf rejects the fixed configuration: ${check.stderr}`);
  // Logs go to a file: a pipe that nobody drains would block postlogd, then every daemon that logs.
  const logFile = join(root, 'maillog');
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no log yet)');
  const master = await runMaster(conf, [port], log, 10_000);
  return { dir: root, port, wrapperPort, master, log };
}

/**
 * Starts master(8) in the foreground on the configuration directory `conf` and waits until every
 * port listens on 127.0.0.1 (one deadline for all); `log` is shown when it fails.
 */
export async function runMaster(conf: string, ports: number[], log: () => string, timeoutMs: number): Promise<ChildProcess> {
  // Its own process group, so stopping it by its PID also ends the daemons it started.
  const master = spawn(MASTER, ['-c', conf, '-d'], { cwd: '/', detached: true, stdio: 'ignore' });
  const deadline = Date.now() + timeoutMs;
  for (const port of ports) {
    while (!(await listening(port))) {
      if (master.exitCode !== null) throw new Error(`master exited with ${master.exitCode}: ${log()}`);
      if (Date.now() > deadline) throw new Error(`master did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s: ${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return master;
}

/** Ends a master(8) started by runMaster, with the daemons of its process group. */
export function stopMaster(master: ChildProcess | undefined): void {
  if (!master?.pid || master.exitCode !== null) return;
  try {
    process.kill(-master.pid, 'SIGTERM');
  } catch {
    master.kill('SIGTERM');
  }
}

export function stop(i: Instance | undefined): void {
  stopMaster(i?.master);
}

export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

