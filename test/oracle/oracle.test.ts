// Oracle test: our linter and printer against the real Postfix `postconf`.
//
// INPUTS (outside this project, never copied into it):
//   - the corpus of real configurations in ../shared/corpus RELATIVE TO THE PROJECT ROOT
//     (../shared/corpus/main/* are main.cf-style files, ../shared/corpus/master/* master.cf files,
//     ../shared/corpus/MANIFEST.tsv says where each one comes from);
//   - the `postconf` binary of an installed Postfix (Debian's 3.7 in CI);
//   - the built linter bundle dist/cli.js (run `node esbuild.mjs` first).
// When the corpus directory or `postconf` is absent the tests print why and are marked pending
// (this.skip()); in CI both are present. A missing dist/cli.js is a failure, not a skip.
//
// Each corpus file is copied into a fresh directory under os.tmpdir() and removed afterwards.
// For every corpus main.cf-style file, written as DIR/main.cf beside an empty DIR/master.cf:
//   - `postconf -n -c DIR` accepts it (exit 0): `node dist/cli.js --print DIR` (main.cf and
//     master.cf read together, as postconf -c DIR reads them) must print exactly postconf's
//     stdout without its `config_directory = DIR` line; and the names postconf warns
//     "DIR/main.cf: unused parameter: NAME=..." about must be exactly the names of our
//     `unknown-parameter` findings in DIR/main.cf (`node dist/cli.js --format json DIR`);
//   - postconf dies with "line N:": `node dist/cli.js --format json DIR` must report a finding of
//     rule "syntax", severity "error", starting on line N of main.cf.
// For every corpus master.cf file, written as DIR/master.cf beside an empty DIR/main.cf, the
// names postconf warns "DIR/master.cf: unused parameter: NAME=..." about (the `-o` overrides;
// `postconf -n` reads master.cf too and warns about them) must be exactly the names of our
// `unknown-parameter` findings in DIR/master.cf; a fatal error in an entry must again be matched
// by a syntax error on that line (postconf names the line, or quotes the entry, which we locate).
//
// "undefined parameter": for every accepted file above, and for every pair of a corpus main.cf and
// the corpus master.cf of the same repository and commit (MANIFEST.tsv; only where that master.cf is
// the only one), written together as DIR/main.cf and DIR/master.cf, the names postconf warns
// "DIR/main.cf: undefined parameter: NAME" (and "DIR/master.cf: ...") about must be exactly the
// names of our `undefined-reference` findings in that file. Files the linter treats as templates
// are left out of this comparison (template branches are alternatives for us, not for postconf).
//
// Two deliberate exclusions, both counted in the summary:
//   - names that our knowledge (server/src/service/knowledge/parameters.json) dates after the
//     installed postconf's release (`since` newer, or `experimental`): that postconf does not
//     know them yet, so they are left out of the unused/unknown comparison and of the --print
//     comparison, on both sides; likewise names a release after the installed one removed
//     (knowledge removedIn(), from the recorded builds: tls_legacy_public_key_fingerprints is
//     gone in 3.11, which the linter targets by default, but 3.7 knows it);
//   - a fatal error on a line holding a template tag (`{% if %}`, `<% end %>`, `{{ x }}`) of a file
//     the linter treats as a template: the linter leaves template tags unjudged by design (see
//     server/src/service/parser/templates.ts), postconf of course cannot read them.
//
// One `it` per file, then a summary `it` that logs the agreement figures and fails listing every
// disagreeing file with a short diff.
import { allFacts, removedIn, sinceInfo } from '../../server/src/service/knowledge/knowledge';
import * as assert from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTags, isTemplate } from '../../server/src/service/parser/templates';
import { findProjectRoot } from '../projectRoot';


const ROOT = findProjectRoot(__dirname);
/** The shared corpus lives beside the project: ../shared/corpus relative to the project root. */
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
const CLI = path.join(ROOT, 'dist', 'cli.js');

type Kind = 'main' | 'master';
const KINDS: Kind[] = ['main', 'master'];
/** A corpus main.cf with the master.cf of the same repository and commit. */
interface Pair {
  main: string;
  master: string;
}
type Version = number[];

// ---------------------------------------------------------------------------------------------
// The oracle binary

function oracleEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C' };
  delete env.MAIL_CONFIG;
  return env;
}

function findPostconf(): { bin: string; version: string } | undefined {
  for (const bin of ['postconf', '/usr/sbin/postconf', '/usr/local/sbin/postconf']) {
    const r = spawnSync(bin, ['-d', '-h', 'mail_version'], { encoding: 'utf8', env: oracleEnv() });
    if (!r.error && r.status === 0 && /^\d+\.\d+/.test(r.stdout.trim())) return { bin, version: r.stdout.trim() };
  }
  return undefined;
}

function parseVersion(s: string | null | undefined): Version | undefined {
  const m = /^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(s ?? '');
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const POSTCONF = findPostconf();
/** Release (major.minor) of the installed postconf; names newer than this are compared on neither side. */
const ORACLE_RELEASE: Version = (parseVersion(POSTCONF?.version) ?? [3, 7, 0]).slice(0, 2);

/**
 * Names our knowledge dates after the oracle's release (a recorded `since`, a 3.12 snapshot name),
 * or that a later release removed (`removedIn`, from the recorded builds in data/postfix-facts).
 */
function newerThanOracle(): Set<string> {
  const out = new Set<string>();
  for (const p of allFacts()) {
    const since = sinceInfo(p.name)?.version;
    if (since && compareVersions(since.slice(0, 2), ORACLE_RELEASE) > 0) out.add(p.name);
    const removed = removedIn(p.name);
    if (removed && compareVersions(removed.slice(0, 2), ORACLE_RELEASE) > 0) out.add(p.name);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Corpus

function corpusFiles(kind: Kind): string[] {
  const dir = path.join(CORPUS, kind);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => !n.startsWith('.') && n !== 'MANIFEST.tsv' && fs.statSync(path.join(dir, n)).isFile())
    .sort();
}

/** Corpus main.cf files with the one master.cf of the same repository and commit (MANIFEST.tsv). */
function corpusPairs(): Pair[] {
  const manifest = path.join(CORPUS, 'MANIFEST.tsv');
  if (!fs.existsSync(manifest)) return [];
  const rows = fs
    .readFileSync(manifest, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c.length >= 4)
    .map(([file, repo, , commit]) => ({ file, repo, commit }));
  const pairs: Pair[] = [];
  for (const m of rows.filter((r) => r.file.startsWith('main/'))) {
    const masters = rows.filter((r) => r.file.startsWith('master/') && r.repo === m.repo && r.commit === m.commit);
    if (masters.length !== 1) continue;
    const main = m.file.slice('main/'.length);
    const master = masters[0].file.slice('master/'.length);
    if (fs.existsSync(path.join(CORPUS, 'main', main)) && fs.existsSync(path.join(CORPUS, 'master', master))) pairs.push({ main, master });
  }
  return pairs.sort((a, b) => a.main.localeCompare(b.main));
}

function missingPrerequisite(): string | undefined {
  if (!fs.existsSync(CORPUS)) return `the corpus directory ${CORPUS} (../shared/corpus relative to the project root) is absent`;
  if (!POSTCONF) return 'the postconf binary (Postfix) is not installed or not on PATH';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Running both sides

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: oracleEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs fn over items, at most `limit` at a time (postconf sleeps 1 s before a fatal exit). */
async function pool<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  rule: string;
  message: string;
}

interface FileResult {
  kind: Kind;
  file: string;
  /** postconf's exit status; 0 means it accepted the configuration. */
  postconfStatus: number | null;
  accepted: boolean;
  /** Main files postconf accepted: does --print agree? */
  print?: { agree: boolean; diff: string };
  /** postconf died on line N: do we report a syntax error there? */
  syntax?: { line: number; agree: boolean; templateLine: boolean; detail: string };
  /** Accepted configurations: unused (postconf) versus unknown-parameter (ours). */
  unknown?: { agree: boolean; onlyPostconf: string[]; onlyOurs: string[]; compared: number };
  /** Accepted configurations that are no templates: undefined parameter (postconf) versus undefined-reference (ours), per file. */
  undefined?: NameComparison;
  /** Anything else that went wrong (postconf failed without a line we can find, our CLI failed). */
  errors: string[];
}

interface NameComparison {
  agree: boolean;
  onlyPostconf: string[];
  onlyOurs: string[];
  /** Distinct names on either side, summed over the files compared. */
  compared: number;
  /** Names on both sides. */
  matched: number;
}

/** Postconf's `undefined parameter: NAME` warnings about one file. */
function undefinedWarnings(stderr: string, file: string): string[] {
  const prefix = `postconf: warning: ${file}: undefined parameter: `;
  return stderr
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .map((l) => l.slice(prefix.length).trim());
}

/** Both sides' undefined names for the given files, names newer than the oracle left out. */
function compareUndefined(stderr: string, findings: JsonFinding[], files: Array<{ target: string; lines: string[] }>, newer: Set<string>): NameComparison {
  const out: NameComparison = { agree: true, onlyPostconf: [], onlyOurs: [], compared: 0, matched: 0 };
  for (const { target, lines } of files) {
    const theirs = new Set(undefinedWarnings(stderr, target).filter((n) => !newer.has(n)));
    const ours = new Set(
      findings
        .filter((f) => f.file === target && f.rule === 'undefined-reference')
        .map((f) => findingName(f, lines))
        .filter((n) => !newer.has(n)),
    );
    const label = path.basename(target);
    out.onlyPostconf.push(...setDiff(theirs, ours).map((n) => `${n} (${label})`));
    out.onlyOurs.push(...setDiff(ours, theirs).map((n) => `${n} (${label})`));
    out.compared += new Set([...theirs, ...ours]).size;
    out.matched += [...theirs].filter((n) => ours.has(n)).length;
  }
  out.agree = out.onlyPostconf.length === 0 && out.onlyOurs.length === 0;
  return out;
}

/** Postconf's `unused parameter: NAME=value` warnings about one file. */
function unusedWarnings(stderr: string, file: string): string[] {
  const names: string[] = [];
  const prefix = `postconf: warning: ${file}: unused parameter: `;
  for (const line of stderr.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const rest = line.slice(prefix.length);
    const eq = rest.indexOf('=');
    names.push(eq < 0 ? rest : rest.slice(0, eq));
  }
  return names;
}

/**
 * The 1-based line of `file` postconf died on: "FILE, line N:" (main.cf), "file FILE: line N:"
 * (master.cf field count) or, for a bad master.cf field, the entry it quotes:
 * `invalid wakeup field "x" in "smtp inet n - n x - smtpd"`.
 */
function fatalLine(stderr: string, file: string, sourceLines: string[]): number | undefined {
  const fatal = stderr.split('\n').find((l) => l.startsWith('postconf: fatal: '));
  if (!fatal) return undefined;
  const m = /\bline (\d+):/.exec(fatal);
  if (m && fatal.includes(file)) return Number(m[1]);
  const q = /^postconf: fatal: invalid \S+ field ".*?" in "(.*)"$/.exec(fatal);
  if (!q) return undefined;
  const squash = (s: string) => s.trim().split(/\s+/).join(' ');
  const entry = squash(q[1]);
  const head = entry.split(' ').slice(0, 2).join(' ');
  let firstHead: number | undefined;
  for (let i = 0; i < sourceLines.length; i++) {
    const text = squash(sourceLines[i]);
    if (!text || /^\s/.test(sourceLines[i]) || text.startsWith('#')) continue;
    if (entry.startsWith(text) || text.startsWith(entry)) return i + 1;
    if (firstHead === undefined && `${text} `.startsWith(`${head} `)) firstHead = i + 1;
  }
  return firstHead;
}

/** Does 1-based line N hold (part of) a template tag of a file the linter treats as a template? */
function onTemplateTag(path_: string, text: string, line: number): boolean {
  if (!isTemplate(path_, text)) return false;
  let start = 0;
  for (let i = 1; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return false;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start);
  return findTags(text).some((t) => t.start < end && t.end > start);
}

/** The parameter name one of our unknown-parameter findings points at, read from the source text. */
function findingName(f: JsonFinding, sourceLines: string[]): string {
  if (f.endLine === f.line && f.endColumn > f.column) {
    const text = (sourceLines[f.line - 1] ?? '').replace(/\r$/, '').slice(f.column - 1, f.endColumn - 1);
    if (text && !/[\s=]/.test(text)) return text;
  }
  const m = /unknown parameter "([^"]+)"/.exec(f.message) ?? /^"\$([^"]+)"/.exec(f.message);
  return m ? m[1] : `<unreadable finding at ${f.line}:${f.column}>`;
}

/** Line-level difference of two sorted `name = value` listings, shortened for a message. */
function shortDiff(expected: string, actual: string, max = 8): string {
  const e = expected.split('\n').filter(Boolean);
  const a = actual.split('\n').filter(Boolean);
  const inA = new Set(a);
  const inE = new Set(e);
  const lines: string[] = [];
  for (const l of e) if (!inA.has(l)) lines.push(`    - postconf: ${clip(l)}`);
  for (const l of a) if (!inE.has(l)) lines.push(`    + ours:     ${clip(l)}`);
  if (lines.length === 0 && expected !== actual) lines.push('    (same lines, different order or trailing newline)');
  return lines.length > max ? [...lines.slice(0, max), `    ... ${lines.length - max} more`].join('\n') : lines.join('\n');
}

function clip(s: string, n = 160): string {
  return s.length > n ? `${s.slice(0, n - 3)}...` : s;
}

function setDiff(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}

/** `postconf -n` / `--print` output without config_directory and without names newer than the oracle. */
function comparablePrint(out: string, dir: string, newer: Set<string>): string {
  return out
    .split('\n')
    .filter((l) => l !== `config_directory = ${dir}` && !newer.has(l.split(' = ')[0].replace(/ =$/, '')))
    .join('\n');
}

async function check(kind: Kind, file: string, newer: Set<string>): Promise<FileResult> {
  const buf = fs.readFileSync(path.join(CORPUS, kind, file));
  const text = buf.toString('utf8');
  const sourceLines = text.split('\n');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-oracle-'));
  const result: FileResult = { kind, file, postconfStatus: null, accepted: false, errors: [] };
  try {
    const mainCf = path.join(dir, 'main.cf');
    const masterCf = path.join(dir, 'master.cf');
    const target = kind === 'main' ? mainCf : masterCf;
    fs.writeFileSync(target, buf);
    fs.writeFileSync(kind === 'main' ? masterCf : mainCf, '');
    // Postfix rereads a file changed within the last second or so (it may be mid-edit), sleeping
    // 300 ms each time: date both files an hour back so postconf reads them at once.
    const past = new Date(Date.now() - 3600_000);
    for (const f of [mainCf, masterCf]) fs.utimesSync(f, past, past);

    const [pc, lint, printed] = await Promise.all([
      run(POSTCONF!.bin, ['-n', '-c', dir]),
      run(process.execPath, [CLI, '--format', 'json', dir]),
      kind === 'main' ? run(process.execPath, [CLI, '--print', dir]) : Promise.resolve(undefined),
    ]);
    result.postconfStatus = pc.status;
    result.accepted = pc.status === 0;

    let findings: JsonFinding[] = [];
    if (lint.status === 2 || !lint.stdout.trim().startsWith('[')) {
      result.errors.push(`dist/cli.js --format json failed (exit ${lint.status}): ${clip(lint.stderr.trim())}`);
    } else {
      findings = (JSON.parse(lint.stdout) as JsonFinding[]).filter((f) => f.file === target);
    }

    if (result.accepted) {
      if (printed) {
        if (printed.status !== 0) result.errors.push(`dist/cli.js --print failed (exit ${printed.status}): ${clip(printed.stderr.trim())}`);
        const expected = comparablePrint(pc.stdout, dir, newer);
        const ours = comparablePrint(printed.stdout, dir, newer);
        const agree = ours === expected;
        result.print = { agree, diff: agree ? '' : shortDiff(expected, ours) };
      }
      const theirs = new Set(unusedWarnings(pc.stderr, target).filter((n) => !newer.has(n)));
      const ours = new Set(findings.filter((f) => f.rule === 'unknown-parameter').map((f) => findingName(f, sourceLines)).filter((n) => !newer.has(n)));
      const onlyPostconf = setDiff(theirs, ours);
      const onlyOurs = setDiff(ours, theirs);
      result.unknown = { agree: onlyPostconf.length === 0 && onlyOurs.length === 0, onlyPostconf, onlyOurs, compared: new Set([...theirs, ...ours]).size };
      if (!isTemplate(target, text)) result.undefined = compareUndefined(pc.stderr, findings, [{ target, lines: sourceLines }], newer);
    } else {
      const fatal = pc.stderr.split('\n').find((l) => l.startsWith('postconf: fatal: ')) ?? pc.stderr.trim().split('\n').pop() ?? '';
      const line = fatalLine(pc.stderr, target, sourceLines);
      if (line === undefined) {
        result.errors.push(`postconf exited ${pc.status} and we cannot tell on which line: ${clip(fatal)}`);
      } else {
        const syntax = findings.filter((f) => f.rule === 'syntax' && f.severity === 'error');
        const agree = syntax.some((f) => f.line === line);
        const templateLine = !agree && onTemplateTag(target, text, line);
        const detail = agree
          ? ''
          : `${clip(fatal.split(`${dir}/`).join(''))}\n    ours: ${syntax.length ? syntax.map((f) => `line ${f.line}: ${clip(f.message, 80)}`).slice(0, 3).join('; ') : 'no syntax error'}`;
        result.syntax = { line, agree, templateLine, detail };
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

/** A corpus main.cf and its master.cf together: undefined parameter versus undefined-reference in each. */
async function checkPair(pair: Pair, newer: Set<string>): Promise<PairResult> {
  const result: PairResult = { pair, accepted: false, skipped: undefined, errors: [] };
  const texts = { main: fs.readFileSync(path.join(CORPUS, 'main', pair.main)), master: fs.readFileSync(path.join(CORPUS, 'master', pair.master)) };
  if (isTemplate(pair.main, texts.main.toString('utf8')) || isTemplate(pair.master, texts.master.toString('utf8'))) {
    result.skipped = 'template';
    return result;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-oracle-'));
  try {
    const mainCf = path.join(dir, 'main.cf');
    const masterCf = path.join(dir, 'master.cf');
    fs.writeFileSync(mainCf, texts.main);
    fs.writeFileSync(masterCf, texts.master);
    const past = new Date(Date.now() - 3600_000);
    for (const f of [mainCf, masterCf]) fs.utimesSync(f, past, past);
    const [pc, lint] = await Promise.all([run(POSTCONF!.bin, ['-n', '-c', dir]), run(process.execPath, [CLI, '--format', 'json', dir])]);
    result.accepted = pc.status === 0;
    if (!result.accepted) return result;
    if (lint.status === 2 || !lint.stdout.trim().startsWith('[')) {
      result.errors.push(`dist/cli.js --format json failed (exit ${lint.status}): ${clip(lint.stderr.trim())}`);
      return result;
    }
    const findings = JSON.parse(lint.stdout) as JsonFinding[];
    result.undefined = compareUndefined(
      pc.stderr,
      findings,
      [
        { target: mainCf, lines: texts.main.toString('utf8').split('\n') },
        { target: masterCf, lines: texts.master.toString('utf8').split('\n') },
      ],
      newer,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

interface PairResult {
  pair: Pair;
  accepted: boolean;
  /** Why the pair is not compared (a template). */
  skipped?: string;
  undefined?: NameComparison;
  errors: string[];
}

function undefinedDisagreements(u: NameComparison | undefined): string[] {
  if (!u || u.agree) return [];
  const out: string[] = [];
  if (u.onlyPostconf.length) out.push(`postconf "undefined parameter", we say nothing: ${u.onlyPostconf.join(', ')}`);
  if (u.onlyOurs.length) out.push(`our "undefined-reference", postconf says nothing: ${u.onlyOurs.join(', ')}`);
  return out;
}

function disagreements(r: FileResult): string[] {
  const out = [...r.errors];
  if (r.print && !r.print.agree) out.push(`--print differs from postconf -n:\n${r.print.diff}`);
  if (r.syntax && !r.syntax.agree && !r.syntax.templateLine) out.push(`postconf dies on line ${r.syntax.line}, we report no syntax error there:\n    ${r.syntax.detail}`);
  if (r.unknown && !r.unknown.agree) {
    if (r.unknown.onlyPostconf.length) out.push(`postconf "unused parameter", we say nothing: ${r.unknown.onlyPostconf.join(', ')}`);
    if (r.unknown.onlyOurs.length) out.push(`our "unknown-parameter", postconf says nothing: ${r.unknown.onlyOurs.join(', ')}`);
  }
  out.push(...undefinedDisagreements(r.undefined));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The tests

const SKIP_REASON = missingPrerequisite();
const results = new Map<string, FileResult>();
const pairResults = new Map<string, PairResult>();
const PAIRS = corpusPairs();
let newerNames = new Set<string>();

describe(`oracle: postconf ${POSTCONF?.version ?? '(absent)'} on the corpus in ../shared/corpus`, function () {
  before(async function () {
    if (SKIP_REASON) {
      console.log(`oracle tests pending: ${SKIP_REASON}`);
      this.skip();
    }
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: build it with "node esbuild.mjs" before running the oracle tests`);
    this.timeout(15 * 60_000);
    newerNames = newerThanOracle();
    const jobs = KINDS.flatMap((kind) => corpusFiles(kind).map((file) => ({ kind, file })));
    await pool(jobs, Math.min(16, Math.max(4, os.cpus().length * 2)), async ({ kind, file }) => {
      results.set(`${kind}/${file}`, await check(kind, file, newerNames));
    });
    await pool(PAIRS, Math.min(16, Math.max(4, os.cpus().length * 2)), async (pair) => {
      pairResults.set(pair.main, await checkPair(pair, newerNames));
    });
  });

  for (const kind of KINDS) {
    describe(`${kind}.cf files (../shared/corpus/${kind})`, () => {
      const files = corpusFiles(kind);
      if (files.length === 0) {
        it(`corpus files in ../shared/corpus/${kind}`, function () {
          if (SKIP_REASON) this.skip();
          assert.fail(`no files in ${path.join(CORPUS, kind)}`);
        });
      }
      for (const file of files) {
        it(file, () => {
          const r = results.get(`${kind}/${file}`);
          assert.ok(r, `no result for ${kind}/${file}`);
          const problems = disagreements(r);
          assert.ok(problems.length === 0, `${kind}/${file}:\n  ${problems.join('\n  ')}`);
        });
      }
    });
  }

  describe('main.cf with its master.cf (same repository and commit): undefined parameter = undefined-reference', () => {
    for (const pair of PAIRS) {
      it(`${pair.main} + ${pair.master}`, function () {
        const r = pairResults.get(pair.main);
        assert.ok(r, `no result for ${pair.main}`);
        if (r.skipped || !r.accepted) this.skip();
        const problems = [...r.errors, ...undefinedDisagreements(r.undefined)];
        assert.ok(problems.length === 0, `${pair.main} + ${pair.master}:\n  ${problems.join('\n  ')}`);
      });
    }
  });

  describe('master.cf fixtures', () => {
    it('a pipe(8) argv with options of its own (-oi -f ${sender}): postconf -M accepts it, we report nothing', async function () {
      if (SKIP_REASON) this.skip();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-oracle-'));
      try {
        const master = 'smtp inet n - y - - smtpd\ndovecot unix - n n - - pipe\n  -o syslog_name=postfix/dovecot flags=DRhu user=vmail argv=/usr/sbin/sendmail -oi -f ${sender} -o x\n';
        fs.writeFileSync(path.join(dir, 'master.cf'), master);
        fs.writeFileSync(path.join(dir, 'main.cf'), '');
        const past = new Date(Date.now() - 3600_000);
        for (const f of ['main.cf', 'master.cf']) fs.utimesSync(path.join(dir, f), past, past);
        const [pc, params, lint] = await Promise.all([run(POSTCONF!.bin, ['-M', '-c', dir]), run(POSTCONF!.bin, ['-P', '-c', dir]), run(process.execPath, [CLI, '--format', 'json', dir])]);
        assert.equal(pc.status, 0, pc.stderr);
        assert.equal(pc.stderr, '');
        // postconf reads the one -o before the command's own arguments, as we do.
        assert.equal(params.stdout.trim(), 'dovecot/unix/syslog_name = postfix/dovecot');
        // No finding about the entries themselves (the empty main.cf draws TLS findings of its own).
        const general = new Set(['syntax', 'unknown-parameter', 'undefined-reference', 'duplicate-parameter', 'invalid-value']);
        assert.deepEqual((JSON.parse(lint.stdout) as JsonFinding[]).filter((f) => general.has(f.rule)), []);
        assert.ok(lint.status === 0 || lint.status === 1, lint.stderr);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  // Mocha runs a suite's own tests before its child suites: a suite of its own keeps this last.
  describe('summary', () => {
    it('summary: ours and postconf agree on the whole corpus', () => {
      const expected = KINDS.flatMap((kind) => corpusFiles(kind).map((f) => `${kind}/${f}`));
      const missing = expected.filter((k) => !results.has(k));
      assert.deepStrictEqual(missing, [], 'corpus files without a result');
      const all = expected.map((k) => results.get(k)!);
      const main = all.filter((r) => r.kind === 'main');
      const master = all.filter((r) => r.kind === 'master');
      const count = (rs: FileResult[], p: (r: FileResult) => boolean) => rs.filter(p).length;
      const printed = main.filter((r) => r.print);
      const fatal = main.filter((r) => r.syntax);
      const unknownMain = main.filter((r) => r.unknown);
      const unknownMaster = master.filter((r) => r.unknown);
      const masterFatal = master.filter((r) => r.syntax);
      const pairs = PAIRS.map((p) => pairResults.get(p.main)!).filter(Boolean);
      const undefinedLine = (us: Array<NameComparison | undefined>) => {
        const c = us.filter((u): u is NameComparison => !!u);
        const names = c.reduce((n, u) => n + u.compared, 0);
        const matched = c.reduce((n, u) => n + u.matched, 0);
        return `${c.filter((u) => u.agree).length} / ${c.length} agree; names ${matched} matched, ${names - matched} mismatched`;
      };
      const syntaxLine = (rs: FileResult[]) =>
        `${count(rs, (r) => r.syntax!.agree)} / ${rs.length} (${count(rs, (r) => r.syntax!.templateLine)} more on a template-tag line, not judged)`;
      const summary = [
        `oracle summary: postconf ${POSTCONF?.version}, corpus ${CORPUS}; ${newerNames.size} names newer than ${ORACLE_RELEASE.join('.')} left out`,
        `  main.cf files compared:                 ${main.length} (postconf accepts ${count(main, (r) => r.accepted)})`,
        `  --print equals postconf -n:             ${count(printed, (r) => r.print!.agree)} / ${printed.length}`,
        `  fatal in postconf, syntax error there:  ${syntaxLine(fatal)}`,
        `  unknown-parameter = unused (main.cf):   ${count(unknownMain, (r) => r.unknown!.agree)} / ${unknownMain.length} files, ${unknownMain.reduce((n, r) => n + r.unknown!.compared, 0)} names`,
        `  master.cf files compared:               ${master.length} (postconf accepts ${count(master, (r) => r.accepted)})`,
        `  fatal in postconf, syntax error there:  ${syntaxLine(masterFatal)}`,
        `  unknown-parameter = unused (master.cf): ${count(unknownMaster, (r) => r.unknown!.agree)} / ${unknownMaster.length} files, ${unknownMaster.reduce((n, r) => n + r.unknown!.compared, 0)} names`,
        `  undefined-reference = undefined (single files, no templates): ${undefinedLine(all.map((r) => r.undefined))}`,
        `  undefined-reference = undefined (main.cf + master.cf pairs): ${undefinedLine(pairs.map((r) => r.undefined))} (${pairs.length} pairs, ${pairs.filter((r) => r.skipped).length} templates left out, ${pairs.filter((r) => !r.skipped && !r.accepted).length} not accepted by postconf)`,
        `  other failures:                         ${count(all, (r) => r.errors.length > 0) + pairs.filter((r) => r.errors.length > 0).length} files`,
      ].join('\n');
      console.log(summary);
      const bad = [
        ...all.map((r) => ({ what: `${r.kind}/${r.file}`, problems: disagreements(r) })),
        ...pairs.map((r) => ({ what: `main/${r.pair.main} + master/${r.pair.master}`, problems: [...r.errors, ...undefinedDisagreements(r.undefined)] })),
      ].filter((x) => x.problems.length > 0);
      assert.ok(bad.length === 0, `${bad.length} file(s) disagree with postconf:\n${bad.map(({ what, problems }) => `${what}:\n  ${problems.join('\n  ')}`).join('\n')}\n${summary}`);
    });
  });
});
