#!/usr/bin/env node
// Benchmark of the mail log TLS report (issue 12), part of `npm run bench`: MB/s and peak RSS of
// `postfix-lint --maillog` on a generated log of 1 GiB, side by side with Debian's pflogsumm on
// the same file. Targets: >= 150 MB/s, <= 120 MB peak RSS.
//
//   node scripts/bench-maillog.mjs [--size MB] [--runs N] [--keep]
//     --size  size of the generated log in MiB (default 1024)
//     --runs  runs of postfix-lint (default 3; the table shows the median and the best)
//     --keep  leave the generated log in place and print where it is
//
// The log is written by scripts/maillog-gen.mjs into a fresh directory under os.tmpdir() and
// removed at the end. Each tool runs as a child process under /usr/bin/time (GNU time: wall
// clock, user and system CPU, maximum resident set size); without it the figures come from
// polling /proc/PID (peak RSS from VmHWM). pflogsumm is optional (`apt-get install pflogsumm`,
// scripts/install-test-deps.sh installs it); without it its row says so. On a machine that other
// work shares, wall-clock MB/s falls with the load: the CPU-time column and the load average
// printed with the table tell how much.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : dflt;
};
const SIZE_MB = arg('--size', 1024);
const RUNS = arg('--runs', 3);
const KEEP = process.argv.includes('--keep');
const CLI_JS = path.join(ROOT, 'dist', 'cli.js');
const TARGET_MBS = 150;
const TARGET_RSS_MB = 120;

if (!fs.existsSync(CLI_JS)) {
  console.error('bench-maillog: dist/cli.js is missing: run `node esbuild.mjs` first (or `npm run bench`)');
  process.exit(2);
}
const progress = (m) => process.stderr.write(`bench-maillog: ${m}\n`);
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-maillog-bench-'));
const LOG = path.join(WORK, 'mail.log');
process.on('exit', () => {
  if (!KEEP) fs.rmSync(WORK, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

const TIME = ['/usr/bin/time'].find((p) => fs.existsSync(p) && spawnSync(p, ['-f', '%e', 'true']).status === 0);
const PFLOGSUMM = ['/usr/sbin/pflogsumm', '/usr/bin/pflogsumm'].find((p) => fs.existsSync(p));

/** Runs cmd with its output discarded; returns wall and CPU seconds and peak RSS in MiB. */
function measure(cmd, args) {
  return new Promise((resolve, reject) => {
    const out = path.join(WORK, 'time.txt');
    const started = process.hrtime.bigint();
    const argv = TIME ? ['-f', '%e %U %S %M', '-o', out, cmd, ...args] : args;
    const child = spawn(TIME ?? cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Without GNU time: the kernel's peak RSS and CPU ticks of the child, read until it ends.
    let hwm = 0;
    let ticks = 0;
    const tick = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
    const poll = TIME
      ? undefined
      : setInterval(() => {
          try {
            const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
            hwm = Math.max(hwm, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
            const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
            ticks = Number(stat[11]) + Number(stat[12]);
          } catch {
            // ended between two looks
          }
        }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`${cmd} exited with ${code}: ${stderr.slice(0, 2000)}`));
      if (TIME) {
        const [e, u, s, m] = fs.readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        resolve({ wall: e || wall, cpu: u + s, rssMb: m / 1024 });
      } else resolve({ wall, cpu: ticks / tick, rssMb: hwm / 1024 });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

progress(`generating a ${SIZE_MB} MiB log in ${WORK}`);
const genStart = Date.now();
const gen = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'maillog-gen.mjs'), LOG, String(SIZE_MB)], { stdio: 'inherit' });
if (gen.status !== 0) process.exit(1);
const bytes = fs.statSync(LOG).size;
const mb = bytes / (1024 * 1024);
progress(`generated ${mb.toFixed(0)} MiB in ${((Date.now() - genStart) / 1000).toFixed(1)} s`);
// Both tools read the file from the page cache: a first read warms it.
spawnSync('cat', [LOG], { stdio: ['ignore', 'ignore', 'ignore'] });

const rows = [];
const runs = [];
for (let i = 0; i < RUNS; i++) {
  progress(`postfix-lint --maillog, run ${i + 1}/${RUNS}`);
  runs.push(await measure(process.execPath, [CLI_JS, '--maillog', LOG, '--format', 'json']));
}
const walls = runs.map((r) => r.wall);
const lint = {
  tool: 'postfix-lint --maillog',
  wall: median(walls),
  best: Math.min(...walls),
  cpu: median(runs.map((r) => r.cpu)),
  rssMb: Math.max(...runs.map((r) => r.rssMb)),
};
rows.push(lint);
let pfl;
if (PFLOGSUMM) {
  progress('pflogsumm (one run: it is slow)');
  try {
    const r = await measure(PFLOGSUMM, [LOG]);
    pfl = { tool: 'pflogsumm 1.1.5', wall: r.wall, best: r.wall, cpu: r.cpu, rssMb: r.rssMb };
    rows.push(pfl);
  } catch (e) {
    rows.push({ tool: 'pflogsumm', note: `failed: ${e.message.split('\n')[0]}` });
  }
} else {
  rows.push({ tool: 'pflogsumm', note: 'not installed (apt-get install pflogsumm)' });
}

const fmt = (n, d = 1) => (n === undefined ? '' : n.toFixed(d));
const header = ['tool', 'input', 'wall s (median)', 'MB/s (median)', 'MB/s (best)', 'CPU s', 'MB/s of CPU', 'peak RSS MB', 'notes'];
const body = rows.map((r) =>
  r.note
    ? [r.tool, `${mb.toFixed(0)} MiB`, '', '', '', '', '', '', r.note]
    : [r.tool, `${mb.toFixed(0)} MiB`, fmt(r.wall, 2), fmt(mb / r.wall), fmt(mb / r.best), fmt(r.cpu, 2), fmt(mb / r.cpu), fmt(r.rssMb), r === lint ? `${RUNS} runs` : '1 run'],
);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`\nMail log TLS report benchmark — node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, load average ${load}\n`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const b of body) console.log(line(b));
const mbsMet = mb / lint.wall >= TARGET_MBS;
const rssMet = lint.rssMb <= TARGET_RSS_MB;
console.log(`\ntargets: >= ${TARGET_MBS} MB/s: ${mbsMet ? 'met' : 'NOT met'} (${fmt(mb / lint.wall)} MB/s median wall clock, ${fmt(mb / lint.cpu)} MB/s of CPU time); <= ${TARGET_RSS_MB} MB peak RSS: ${rssMet ? 'met' : 'NOT met'} (${fmt(lint.rssMb)} MB)`);
if (pfl) console.log(`postfix-lint --maillog is ${fmt(pfl.wall / lint.wall)}× as fast as pflogsumm on the same file (pflogsumm has no TLS figures).`);
console.log(`measured with ${TIME ? 'GNU time (/usr/bin/time)' : '/proc polling (no /usr/bin/time)'}; MB = MiB; the log: scripts/maillog-gen.mjs, ${(bytes / 1e9).toFixed(2)} GB.`);
if (KEEP) console.log(`kept: ${LOG}`);
