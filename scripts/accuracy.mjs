// Accuracy of the linter on the held-out real-world set (test/fixtures/real-world).
// Runs the built linter (dist/cli.js, run `npm run build` first) on every fixture directory, joins
// its findings with the hand classification (classification.json) on (dir, file, rule, line) and
// prints, per rule, how many findings are true / false / debatable / unclassified, separately for
// error+warning and for info, with precision = true / (true + false + debatable).
//
//   node scripts/accuracy.mjs              plain-text tables
//   node scripts/accuracy.mjs --markdown   Markdown tables (docs/accuracy.md)
//   node scripts/accuracy.mjs --list       also list every false, debatable and unclassified finding
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'test/fixtures/real-world');
const CLI = join(ROOT, 'dist/cli.js');
const markdown = process.argv.includes('--markdown');
const list = process.argv.includes('--list');

if (!existsSync(CLI)) {
  console.error(`${CLI} is missing: run "npm run build" first`);
  process.exit(2);
}

/** The configuration files of one fixture directory: everything but the bookkeeping files. */
export function fixtureFiles(dir) {
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isFile())
    .sort();
}

const classification = JSON.parse(readFileSync(join(FIXTURES, 'classification.json'), 'utf8'));
const byKey = new Map();
for (const c of classification) {
  const k = `${c.dir}\u0000${c.file}\u0000${c.rule}\u0000${c.line}`;
  if (!byKey.has(k)) byKey.set(k, []);
  byKey.get(k).push(c);
}

/**
 * The classification of one finding: joined on (dir, file, rule, line); when several findings share
 * that key (one rule reporting two parameters on one line, or an info and a warning on line 1), the
 * severity and then the entry's "match" (a text of the message) tell them apart, and each
 * classification entry is used at most once.
 */
function classify(dir, file, f, used) {
  const cands = (byKey.get(`${dir}\u0000${file}\u0000${f.rule}\u0000${f.line}`) ?? []).filter((c) => !used.has(c));
  const sameSeverity = cands.filter((c) => c.severity === f.severity);
  const pool = sameSeverity.length ? sameSeverity : cands;
  return pool.find((c) => c.match && f.message.includes(c.match)) ?? pool.find((c) => !c.match) ?? pool[0];
}

const dirs = readdirSync(FIXTURES)
  .filter((n) => statSync(join(FIXTURES, n)).isDirectory())
  .sort();
const rows = []; // { dir, file, f, verdict, reason }
const seen = new Set();
// One linter run over every fixture file: the linter reads the files of one directory together.
const args = dirs.flatMap((dir) => fixtureFiles(join(FIXTURES, dir)).map((n) => join(FIXTURES, dir, n)));
const run = spawnSync(process.execPath, [CLI, '--format', 'json', ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
if (run.status !== 0 && run.status !== 1) {
  console.error(`postfix-lint exited ${run.status}: ${run.stderr}`);
  process.exit(2);
}
for (const f of JSON.parse(run.stdout)) {
  if (f.severity === 'hint') continue;
  const parts = f.file.split(/[\\/]/);
  const file = parts.pop();
  const dir = parts.pop();
  const c = classify(dir, file, f, seen);
  if (c) seen.add(c);
  rows.push({ dir, file, f, verdict: c ? c.verdict : 'unclassified', reason: c?.reason });
}
const gone = classification.filter((c) => !seen.has(c));

function table(selected, title) {
  const perRule = new Map();
  for (const r of selected) {
    const t = perRule.get(r.f.rule) ?? { true: 0, false: 0, debatable: 0, unclassified: 0 };
    t[r.verdict]++;
    perRule.set(r.f.rule, t);
  }
  const total = { true: 0, false: 0, debatable: 0, unclassified: 0 };
  const body = [...perRule.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([rule, t]) => {
      for (const k of Object.keys(total)) total[k] += t[k];
      return [rule, t];
    });
  body.push(['**total**', total]);
  const precision = (t) => {
    const n = t.true + t.false + t.debatable;
    return n ? `${Math.round((100 * t.true) / n)}%` : '-';
  };
  const head = ['rule', 'true', 'false', 'debatable', 'unclassified', 'precision'];
  const lines = body.map(([rule, t]) => [markdown ? (rule.startsWith('**') ? rule : `\`${rule}\``) : rule.replace(/\*/g, ''), t.true, t.false, t.debatable, t.unclassified, precision(t)].map(String));
  const out = [];
  if (markdown) {
    out.push(`**${title}**`, '', `| ${head.join(' | ')} |`, `|${head.map((h, i) => (i ? ' ---: ' : ' --- ')).join('|')}|`);
    for (const l of lines) out.push(`| ${l.join(' | ')} |`);
  } else {
    const w = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    out.push(title, head.map((h, i) => (i ? h.padStart(w[i]) : h.padEnd(w[i]))).join('  '));
    for (const l of lines) out.push(l.map((c, i) => (i ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  '));
  }
  return out.join('\n');
}

const ew = rows.filter((r) => r.f.severity === 'error' || r.f.severity === 'warning');
const info = rows.filter((r) => r.f.severity === 'info');
const configs = dirs.length;
const nfiles = dirs.reduce((n, d) => n + fixtureFiles(join(FIXTURES, d)).length, 0);
console.log(`${configs} configurations, ${nfiles} files, ${ew.length} error/warning and ${info.length} info findings (hints not judged)\n`);
console.log(table(ew, 'Errors and warnings'));
console.log('');
console.log(table(info, 'Info'));
const goneBy = (v) => gone.filter((c) => c.verdict === v).length;
console.log(`\nclassified findings no longer produced: ${goneBy('true')} true (regressions), ${goneBy('false')} false, ${goneBy('debatable')} debatable`);
if (list) {
  console.log('');
  for (const r of rows.filter((r) => r.verdict !== 'true')) console.log(`${r.verdict.padEnd(12)} ${r.dir}/${r.file}:${r.f.line} ${r.f.severity} [${r.f.rule}] ${r.reason ?? r.f.message}`);
  for (const c of gone.filter((c) => c.verdict === 'true')) console.log(`gone-true    ${c.dir}/${c.file}:${c.line} [${c.rule}] ${c.reason}`);
}
