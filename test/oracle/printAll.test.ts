// Oracle test: `postfix-lint --print --all DIR` against the real `postconf -c DIR` (no -n: every
// parameter, defaults included), on the TLS lines.
//
// INPUTS (outside this project): the corpus ../shared/corpus/main (relative to the project root),
// the installed `postconf` (Debian's 3.7 in CI) and the built dist/cli.js. Without the corpus or
// postconf the tests are pending (this.skip()).
//
// Each corpus main.cf-style file is written as DIR/main.cf beside an empty DIR/master.cf in a
// fresh directory under os.tmpdir(). Files postconf rejects (non-zero exit) are skipped and
// counted. For the others, the lines of `postconf -c DIR` whose name contains "tls" must equal
// those of `node dist/cli.js --print --all --postfix-version V DIR`, where V is the installed
// postconf's own mail_version (3.7.11: the knowledge has that exact release from the Debian build
// in data/postfix-facts; "3.7" would mean the newest 3.7 patch release, whose
// smtp_tls_dane_insecure_mx_policy and tlsproxy_client_* defaults differ from 3.7.11's).
// Host-specific names (knowledge isHostSpecific()) are left out on both sides.
import * as assert from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isHostSpecific } from '../../server/src/service/knowledge/knowledge';
import { findProjectRoot } from '../projectRoot';


const ROOT = findProjectRoot(__dirname);
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus', 'main');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C' };
  delete e.MAIL_CONFIG;
  return e;
}

function findPostconf(): { bin: string; version: string } | undefined {
  for (const bin of ['postconf', '/usr/sbin/postconf', '/usr/local/sbin/postconf']) {
    const r = spawnSync(bin, ['-d', '-h', 'mail_version'], { encoding: 'utf8', env: env() });
    if (!r.error && r.status === 0 && /^\d+\.\d+\.\d+$/.test(r.stdout.trim())) return { bin, version: r.stdout.trim() };
  }
  return undefined;
}

function run(cmd: string, args: string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: env(), stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

const POSTCONF = findPostconf();
const files = fs.existsSync(CORPUS)
  ? fs.readdirSync(CORPUS).filter((n) => !n.startsWith('.') && n !== 'MANIFEST.tsv' && fs.statSync(path.join(CORPUS, n)).isFile()).sort()
  : [];

function tlsLines(out: string): string[] {
  return out.split('\n').filter((l) => {
    const name = l.split(' =')[0];
    return l && name.includes('tls') && !isHostSpecific(name);
  });
}

interface Result {
  skipped?: string;
  theirs?: string[];
  ours?: string[];
}

describe(`oracle: postfix-lint --print --all against postconf ${POSTCONF?.version ?? '(absent)'} -c DIR (TLS lines)`, function () {
  const results = new Map<string, Result>();
  before(async function () {
    if (!POSTCONF || files.length === 0) {
      console.log(`print --all oracle pending: ${!POSTCONF ? 'postconf is not installed' : `no corpus in ${CORPUS}`}`);
      this.skip();
    }
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: build it with "node esbuild.mjs" first`);
    this.timeout(10 * 60_000);
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const file = files[next++];
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-printall-'));
        try {
          fs.copyFileSync(path.join(CORPUS, file), path.join(dir, 'main.cf'));
          fs.writeFileSync(path.join(dir, 'master.cf'), '');
          const past = new Date(Date.now() - 3600_000);
          for (const f of ['main.cf', 'master.cf']) fs.utimesSync(path.join(dir, f), past, past);
          const [pc, ours] = await Promise.all([
            run(POSTCONF!.bin, ['-c', dir]),
            run(process.execPath, [CLI, '--print', '--all', '--postfix-version', POSTCONF!.version, dir]),
          ]);
          if (pc.status !== 0) results.set(file, { skipped: `postconf exit ${pc.status}` });
          else results.set(file, { theirs: tlsLines(pc.stdout), ours: ours.status === 0 ? tlsLines(ours.stdout) : [`postfix-lint exit ${ours.status}`] });
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
  });

  for (const file of files) {
    it(file, function () {
      const r = results.get(file);
      assert.ok(r, `no result for ${file}`);
      if (r.skipped) this.skip();
      assert.deepStrictEqual(r.ours, r.theirs);
    });
  }

  it('summary', () => {
    const all = [...results.values()];
    const compared = all.filter((r) => !r.skipped);
    const agree = compared.filter((r) => JSON.stringify(r.ours) === JSON.stringify(r.theirs));
    console.log(`print --all oracle: ${files.length} corpus main files, postconf rejects ${all.length - compared.length}, TLS lines agree on ${agree.length} / ${compared.length}`);
    assert.ok(compared.length > 0, 'no corpus file postconf accepts');
    assert.equal(agree.length, compared.length);
  });
});
