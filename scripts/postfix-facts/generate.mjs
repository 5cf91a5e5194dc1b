#!/usr/bin/env node
// Generates server/src/service/knowledge/versions.json from the raw facts in data/postfix-facts/:
// per parameter, its postconf -d default per Postfix series (stored only where it changes), first
// version, backports, removal and deprecation. Deterministic: same inputs, same output.
//
//   node scripts/postfix-facts/generate.mjs [--check]
//
// Inputs (see extract.sh and scan-source.mjs, which wrote them):
//   data/postfix-facts/<version>/        one real postconf per directory; "<version>-debian" is a
//                                        distribution build, kept as an exact-release overlay
//   data/postfix-facts/source/*.tsv      first releases from the source, documentation notes,
//                                        defaults changed by patch releases
// --check: exit 1 when versions.json is not what the inputs give (for CI).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATA = join(ROOT, 'data', 'postfix-facts');
const KNOWLEDGE = join(ROOT, 'server', 'src', 'service', 'knowledge');
const OUT = join(KNOWLEDGE, 'versions.json');

function parseV(s) {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(s);
  if (!m) throw new Error(`not a version: ${s}`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}
const cmp = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const cmpS = (a, b) => cmp(parseV(a), parseV(b));
const seriesOf = (v) => parseV(v).slice(0, 2).join('.');
const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** postconf prints `name = value` or `name =`. */
function readPostconf(file) {
  const out = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const i = line.indexOf(' =');
    out.set(line.slice(0, i), line.slice(i + 2).replace(/^ /, ''));
  }
  return out;
}
const lines = (file) => readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

/** The names extract.sh set in a sample main.cf to see what postconf says about them. */
const SAMPLE = new Set(
  readFileSync(join(ROOT, 'scripts', 'postfix-facts', 'sample-deprecated.cf'), 'utf8')
    .split('\n')
    .filter((l) => /^[a-z]/.test(l))
    .map((l) => l.split(/\s*=/)[0]),
);

function readBuild(dir) {
  const path = join(DATA, dir);
  const version = readFileSync(join(path, 'mail_version'), 'utf8').trim();
  const all = readPostconf(join(path, 'postconf-d.txt'));
  const names = new Set(lines(join(path, 'names.txt')));
  const defaults = new Map([...all].filter(([n]) => names.has(n)));
  const deprecated = new Map();
  const unused = new Set();
  for (const l of lines(join(path, 'deprecated.txt'))) {
    const u = /unused parameter: ([a-z0-9_]+)=/.exec(l);
    if (u) unused.add(u[1]);
    const m = /support for parameter "([^"]+)" will be removed; instead, (.*)$/.exec(l);
    if (!m) continue;
    const spec = /^(?:specify )?"?([a-z0-9_]+)"?$/.exec(m[2]);
    deprecated.set(m[1], spec ? spec[1] : null);
  }
  // Names postconf -d does not list but accepts without "unused parameter" (legacy aliases that a
  // newer name's default consults, such as postscreen_blacklist_action): still known.
  const legacy = new Set([...SAMPLE].filter((n) => !names.has(n) && !unused.has(n)));
  return { dir, version, series: seriesOf(version), debian: dir.endsWith('-debian'), defaults, names, deprecated, legacy };
}

const builds = readdirSync(DATA)
  .filter((d) => /^\d/.test(d) && existsSync(join(DATA, d, 'postconf-d.txt')))
  .map(readBuild);
const chain = builds.filter((b) => !b.debian).sort((a, b) => cmpS(a.version, b.version));
for (let i = 1; i < chain.length; i++) if (chain[i].series === chain[i - 1].series) throw new Error(`two builds of series ${chain[i].series}`);
const oldest = chain[0];
const newest = chain[chain.length - 1];

// Documentation and source facts.
const tsv = (f) => (existsSync(join(DATA, 'source', f)) ? lines(join(DATA, 'source', f)).map((l) => l.split('\t')) : []);
const firstSeen = new Map(tsv('first-seen.tsv').map(([n, main, patches]) => [n, { main, patches: patches === '-' ? [] : patches.split(',') }]));
const protoNotes = new Map(tsv('notes-proto.tsv').map(([n, v]) => [n, v.split(',')]));
const htmlNotes = new Map(tsv('notes-postconf5.tsv').map(([n, v]) => [n, v.split(',')]));
const patchDefaults = tsv('patch-defaults.tsv').map(([name, patch, before, after]) => ({ name, patch, before, after }));
const documented = JSON.parse(readFileSync(join(KNOWLEDGE, 'parameters.json'), 'utf8')).parameters;
const docSince = new Map(documented.map((p) => [p.name, p.since]));

/** The main-line release a note names: the first version listed ("3.9, 3.8.1, 3.7.6"). */
const noteMain = (vs) => vs?.find((v) => parseV(v)[2] === 0) ?? vs?.[0];

const names = new Set(documented.map((p) => p.name));
for (const b of chain) for (const n of b.names) names.add(n);

const params = {};
const counts = { sinceFromBuild: 0, sinceFromNotes: 0, sinceFromDocs: 0, sinceFromSource: 0, sinceUnknown: 0, removed: 0, deprecated: 0, backported: 0, patchDefaults: 0 };
for (const name of [...names].sort(byName)) {
  const p = {};
  const known = chain.filter((b) => b.names.has(name));
  const knownAtAll = chain.filter((b) => b.names.has(name) || b.legacy.has(name));
  const fs = firstSeen.get(name);
  // First version.
  if (known.length && known[0] !== oldest) {
    const first = known[0].series;
    const main = fs && /^\d+\.\d+$/.test(fs.main) ? fs.main : undefined;
    const note = noteMain(htmlNotes.get(name)) ?? noteMain(protoNotes.get(name));
    const backports = (fs?.patches ?? []).filter((v) => cmpS(v, main ?? first) < 0);
    if (note && parseV(note)[2] > 0 && seriesOf(note) === first) {
      // Came with a patch release of its first series (3.10.5).
      p.since = note;
    } else if (main && cmpS(main, first) > 0 && backports.some((v) => seriesOf(v) === first)) {
      // A main-line feature backported to patch releases of older series.
      p.since = main;
      if (backports.length) p.backports = backports;
      counts.backported++;
    } else {
      p.since = first;
    }
    p.sinceFrom = 'build';
    counts.sinceFromBuild++;
  } else {
    // Older than the builds. The source quoting the name in the first release in the repository
    // (20010228) shows it is an original parameter: later notes describe later features of it.
    // Otherwise the documentation notes (the earliest version they name) and then the source.
    const note = noteMain(htmlNotes.get(name)) ?? noteMain(protoNotes.get(name));
    const candidates = [];
    if (note) candidates.push([note, htmlNotes.has(name) ? 'postconf.5' : 'postconf.proto']);
    const doc = docSince.get(name);
    if (doc) candidates.push([doc, 'documentation']);
    candidates.sort((a, b) => cmpS(a[0], b[0]));
    if (fs?.main === '20010228') candidates.unshift(['1.0', 'source:20010228']);
    else if (fs && /^\d+\.\d+$/.test(fs.main)) candidates.push([fs.main, 'source']);
    const [v, from] = candidates[0] ?? [null, 'unknown'];
    p.since = from === 'source:20010228' ? null : v;
    p.sinceFrom = from;
    counts[{ 'postconf.5': 'sinceFromNotes', 'postconf.proto': 'sinceFromNotes', documentation: 'sinceFromDocs', source: 'sinceFromSource' }[from] ?? 'sinceUnknown']++;
    // Known by the oldest build although a later main release introduced it: backported.
    if (p.since && known.length && cmpS(p.since, oldest.series) > 0) {
      p.backports = (fs?.patches ?? []).filter((x) => cmpS(x, p.since) < 0);
      counts.backported++;
    }
  }
  // Defaults per series, only where they change; null where the series does not know the name.
  if (known.length) {
    const d = [];
    let last;
    for (const b of chain) {
      const v = b.defaults.has(name) ? b.defaults.get(name) : null;
      if (d.length === 0 && v === null) continue;
      if (d.length === 0 || v !== last) d.push([b.series, v]);
      last = v;
    }
    p.defaults = d;
  }
  // Known only as a legacy alias (accepted, not listed by postconf -d): from which series on.
  const legacyFrom = chain.find((b) => b.legacy.has(name));
  if (legacyFrom) p.legacy = legacyFrom.series;
  // Removed: the first series after the last one that knows the name (listed or as an alias).
  if (knownAtAll.length) {
    const lastKnown = knownAtAll[knownAtAll.length - 1];
    if (lastKnown !== newest) {
      p.removed = chain[chain.indexOf(lastKnown) + 1].series;
      counts.removed++;
    }
  }
  // Deprecation: the first series whose postconf warns.
  const warns = chain.find((b) => b.deprecated.has(name));
  if (warns) {
    p.deprecated = warns.series;
    const r = warns.deprecated.get(name);
    if (r) p.replacement = r;
    counts.deprecated++;
  }
  // Defaults changed by a patch release, in series whose newest build has the new value.
  const patches = patchDefaults.filter((x) => x.name === name && chain.some((b) => b.series === seriesOf(x.patch) && b.defaults.get(name) === x.after));
  if (patches.length) {
    p.patchDefaults = patches.map((x) => [x.patch, x.before]);
    counts.patchDefaults += patches.length;
  }
  params[name] = p;
}

// Exact releases other than the newest patches (a distribution's build): what differs from the series.
const exact = {};
for (const b of builds.filter((x) => x.debian).sort((a, c) => cmpS(a.version, c.version))) {
  const base = chain.find((c) => c.series === b.series);
  if (!base) continue;
  const differs = {};
  for (const n of [...new Set([...b.names, ...base.names])].sort(byName)) {
    const mine = b.defaults.has(n) ? b.defaults.get(n) : null;
    const theirs = base.defaults.has(n) ? base.defaults.get(n) : null;
    if (mine !== theirs) differs[n] = mine;
  }
  exact[b.version] = { build: b.dir, series: base.series, differs };
}

const out = {
  note: 'GENERATED by scripts/postfix-facts/generate.mjs from data/postfix-facts (real postconf -d of each build, source and documentation notes); do not edit by hand.',
  builds: chain.map((b) => ({ series: b.series, version: b.version })),
  exact,
  params,
};
// One parameter per line: readable diffs.
const text = `{\n"note": ${JSON.stringify(out.note)},\n"builds": ${JSON.stringify(out.builds)},\n"exact": ${JSON.stringify(out.exact)},\n"params": {\n${Object.entries(params)
  .map(([n, p]) => `${JSON.stringify(n)}: ${JSON.stringify(p)}`)
  .join(',\n')}\n}\n}\n`;
JSON.parse(text);
if (process.argv.includes('--check')) {
  const old = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  if (old !== text) {
    console.error(`${OUT} is stale: run node scripts/postfix-facts/generate.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
}
console.log(`${Object.keys(params).length} parameters from ${chain.map((b) => b.version).join(', ')}${Object.keys(exact).length ? ` + exact ${Object.keys(exact).join(', ')}` : ''}`);
console.log(JSON.stringify(counts));
