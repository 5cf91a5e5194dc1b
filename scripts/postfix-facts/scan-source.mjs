#!/usr/bin/env node
// Records, as plain facts, in which Postfix release each parameter name first appears in the
// source, and what the documentation says about first versions. Reads a git clone of Postfix
// (release tags v20010228, v1.1.0 ... v3.11.x) and the HTML postconf(5) of an installed Postfix.
// Nothing is built or copied: only names and version numbers are written.
//
//   node scripts/postfix-facts/scan-source.mjs GITDIR [POSTCONF5_HTML] [SNAPSHOT_REF]
//
// Writes data/postfix-facts/source/:
//   first-seen.tsv    name, first release whose src/ quotes the name ("name"), and the first
//                     patch release of each older series that has it (backports), or "-"
//   notes-proto.tsv   name, versions named by "This feature is available in Postfix ..." in
//                     proto/postconf.proto of SNAPSHOT_REF
//   notes-postconf5.tsv  the same sentences in the installed postconf.5.html
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [gitDir, html = '/usr/share/doc/postfix/html/postconf.5.html', snapshotRef = 'master'] = process.argv.slice(2);
if (!gitDir) {
  console.error('usage: scan-source.mjs GITDIR [POSTCONF5_HTML] [SNAPSHOT_REF]');
  process.exit(2);
}
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATA = join(ROOT, 'data', 'postfix-facts');
const OUT = join(DATA, 'source');
mkdirSync(OUT, { recursive: true });

const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

function parseV(s) {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(s);
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : [0, 0, 0];
}
const cmp = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

// Candidate names: every name a recorded build knows, and every documented name.
const names = new Set();
for (const d of readdirSync(DATA)) {
  const f = join(DATA, d, 'names.txt');
  if (existsSync(f)) for (const n of readFileSync(f, 'utf8').split('\n')) if (n) names.add(n);
}
const documented = JSON.parse(readFileSync(join(ROOT, 'server/src/service/knowledge/parameters.json'), 'utf8'));
for (const p of documented.parameters) names.add(p.name);

const tags = git('tag').split('\n').filter((t) => /^v(\d+\.\d+\.\d+|20010228)$/.test(t));
const releases = tags
  .filter((t) => t === 'v20010228' || /^v(1\.1|2\.\d+|3\.\d+)\.\d+$/.test(t))
  .map((t) => ({ tag: t, v: t === 'v20010228' ? [1, 0, 0] : parseV(t) }))
  .sort((a, b) => cmp(a.v, b.v));

function quoted(ref) {
  const out = git('grep', '-h', '-o', '-E', '"[a-z0-9][a-z0-9_]*"', ref, '--', 'postfix/src/*.h', 'postfix/src/*.c');
  return new Set(out.split('\n').map((l) => l.slice(1, -1)).filter(Boolean));
}

// First .0 release (the main line) and, per older series, the first patch release with the name.
const firstMain = new Map();
const firstPatch = new Map(); // name -> Map(series -> patch version)
for (const r of releases) {
  const isMain = r.v[2] === 0 || r.tag === 'v20010228';
  const seriesKey = `${r.v[0]}.${r.v[1]}`;
  // Patch releases before 3.0 are not scanned: the first-version question is about the main line.
  if (!isMain && r.v[0] < 3) continue;
  const have = quoted(r.tag);
  for (const n of names) {
    if (!have.has(n) || firstMain.has(n)) continue;
    if (isMain) firstMain.set(n, r.tag === 'v20010228' ? '20010228' : seriesKey);
    else {
      const m = firstPatch.get(n) ?? new Map();
      if (!m.has(seriesKey)) m.set(seriesKey, r.v.join('.'));
      firstPatch.set(n, m);
    }
  }
}
const snap = quoted(snapshotRef);
const snapName = git('log', '-1', '--format=%s', snapshotRef).trim().replace(/^postfix-/, '');
for (const n of names) if (!firstMain.has(n) && snap.has(n)) firstMain.set(n, snapName);

const rows = [...names].sort().map((n) => {
  const main = firstMain.get(n) ?? '-';
  const patches = [...(firstPatch.get(n)?.values() ?? [])];
  return `${n}\t${main}\t${patches.length ? patches.join(',') : '-'}`;
});
writeFileSync(join(OUT, 'first-seen.tsv'), `# name\tfirst release quoting it in src/\tfirst patch release per older series\n${rows.join('\n')}\n`);

/** "This feature is available in Postfix 3.9, 3.8.1 and later" -> versions named in the sentence. */
function notes(text, paramRe) {
  const out = new Map();
  const parts = text.split(paramRe);
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    const body = parts[i + 1] ?? '';
    const vs = [];
    for (const s of body.matchAll(/This (?:feature|parameter) (?:is|was) (?:available|introduced) (?:in|with)\s+Postfix[^<]*?(?=<\/p>|\.\s|\.$)/gis)) {
      for (const v of s[0].replace(/&ge;|≥/g, '').matchAll(/\b(\d+\.\d+(?:\.\d+)?)\b/g)) vs.push(v[1]);
    }
    if (vs.length) out.set(name, [...new Set(vs)]);
  }
  return out;
}
const proto = git('show', `${snapshotRef}:postfix/proto/postconf.proto`);
const protoNotes = notes(proto, /^%PARAM\s+(\S+).*$/m);
writeFileSync(join(OUT, 'notes-proto.tsv'), `# name\tversions in "This feature is available in Postfix ..." (proto/postconf.proto of ${snapName})\n${[...protoNotes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, v]) => `${n}\t${v.join(',')}`).join('\n')}\n`);
if (existsSync(html)) {
  const h = readFileSync(html, 'utf8');
  const htmlNotes = notes(h, /<DT><b><a name="([a-z0-9_]+)">/);
  writeFileSync(join(OUT, 'notes-postconf5.tsv'), `# name\tversions in "This feature is available in Postfix ..." (${html})\n${[...htmlNotes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, v]) => `${n}\t${v.join(',')}`).join('\n')}\n`);
}
// Defaults changed by a patch release: in src/global/mail_params.h of consecutive patch releases
// of one series, a `#define DEF_X "..."` (a single string literal) whose VAR_X names a parameter.
function defaultsAt(ref) {
  const text = git('show', `${ref}:postfix/src/global/mail_params.h`);
  const vars = new Map();
  const defs = new Map();
  for (const m of text.matchAll(/^#define\s+VAR_(\w+)\s+"([a-z0-9_]+)"\s*$/gm)) vars.set(m[1], m[2]);
  for (const m of text.matchAll(/^#define\s+DEF_(\w+)\s+"((?:[^"\\]|\\.)*)"\s*$/gm)) defs.set(m[1], m[2]);
  const out = new Map();
  for (const [k, name] of vars) if (defs.has(k)) out.set(name, defs.get(k));
  return out;
}
const patchRows = [];
const bySeries = new Map();
for (const r of releases) {
  if (r.v[0] !== 3 || r.v[1] < 2) continue;
  const k = `${r.v[0]}.${r.v[1]}`;
  bySeries.set(k, [...(bySeries.get(k) ?? []), r]);
}
for (const [, rs] of bySeries) {
  let prev;
  for (const r of rs) {
    const cur = defaultsAt(r.tag);
    if (prev) for (const [n, v] of cur) if (prev.has(n) && prev.get(n) !== v) patchRows.push(`${n}\t${r.v.join('.')}\t${prev.get(n)}\t${v}`);
    prev = cur;
  }
}
writeFileSync(join(OUT, 'patch-defaults.tsv'), `# name\tpatch release that changed the default\tbefore\tafter (string-literal DEF_ values of src/global/mail_params.h)\n${patchRows.join('\n')}\n`);

console.log(`${rows.length} names; ${firstMain.size} found in the source; ${protoNotes.size} proto notes`);
