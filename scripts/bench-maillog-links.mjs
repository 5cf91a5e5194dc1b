#!/usr/bin/env node
// Benchmark of the mail log's document links (issue 12), part of `npm run bench`: how long the
// language service takes to find the links from TLS warnings to main.cf in a large open log. The
// log is 50 MiB by default, the most VS Code hands to an extension (bigger files are not synced),
// written by scripts/maillog-gen.mjs into a fresh directory under os.tmpdir() (removed at the end).
// Target: the links of a 50 MiB log within 1 s (VS Code asks again after edits; a log is rarely
// edited), and the work linear in the size (the 10 MiB run gives the ratio).
//
//   node scripts/bench-maillog-links.mjs [--size MB] [--runs N]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { requireBundle, ROOT } from './bundled.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : dflt;
};
const SIZE_MB = arg('--size', 50);
const RUNS = arg('--runs', 5);
const TARGET_S = 1;
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-maillog-links-bench-'));
process.on('exit', () => fs.rmSync(WORK, { recursive: true, force: true }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

// The language service bundled on the fly, as scripts/bench.mjs does (nothing written beside dist/).
const LIB = path.join(WORK, 'links-lib.cjs');
const { getLanguageService, TextDocument } = await requireBundle(
  ["export { getLanguageService } from './server/src/service/languageService';", "export { TextDocument } from 'vscode-languageserver-textdocument';"],
  LIB,
);

const MAIN = [
  'smtpd_tls_chain_files = /etc/ssl/private/mx.key, /etc/ssl/certs/mx.pem',
  'smtpd_tls_security_level = may',
  'smtpd_tls_protocols = >=TLSv1.2',
  'smtp_tls_security_level = may',
  'smtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt',
  '',
].join('\n');

function measure(sizeMb) {
  const file = path.join(WORK, `mail-${sizeMb}.log`);
  const gen = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'maillog-gen.mjs'), file, String(sizeMb)], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (gen.status !== 0) throw new Error(`maillog-gen.mjs failed (${gen.status})`);
  const text = fs.readFileSync(file, 'utf8');
  const times = [];
  let links = 0;
  for (let r = 0; r < RUNS; r++) {
    // A fresh service and document version each run: nothing cached from the run before.
    const ls = getLanguageService();
    const log = TextDocument.create('file:///var/log/mail.log', 'postfix-log', r + 1, text);
    const main = TextDocument.create('file:///etc/postfix/main.cf', 'postfix-main', r + 1, MAIN);
    const t = performance.now();
    links = ls.findDocumentLinks(log, { main }).length;
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return { sizeMb, lines: text.split('\n').length - 1, links, median: times[Math.floor(times.length / 2)], best: times[0] };
}

const small = measure(Math.max(1, Math.round(SIZE_MB / 5)));
const big = measure(SIZE_MB);
const fmt = (n, d = 3) => n.toFixed(d);
console.log(`\nMail log document links — node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
console.log('| log | lines | links | median | best | MB/s (median) |');
console.log('|---|---|---|---|---|---|');
for (const m of [small, big]) console.log(`| ${m.sizeMb} MiB | ${m.lines} | ${m.links} (cap 5000) | ${fmt(m.median)} s | ${fmt(m.best)} s | ${fmt(m.sizeMb / m.median, 0)} |`);
console.log(`\ntarget: links of a ${SIZE_MB} MiB log within ${TARGET_S} s: ${big.median <= TARGET_S ? 'met' : 'NOT met'} (${fmt(big.median)} s median of ${RUNS}); time per MiB ${fmt((1000 * small.median) / small.sizeMb, 1)} ms at ${small.sizeMb} MiB, ${fmt((1000 * big.median) / big.sizeMb, 1)} ms at ${big.sizeMb} MiB`);
console.log('in-process: findDocumentLinks of a postfix-log document with a main.cf (the language service bundled by esbuild); the log: scripts/maillog-gen.mjs.');
