// Helpers for the TLS rule, fix and certificate tests: a configuration is a pair of
// main.cf and master.cf texts, judged together through getLanguageService() exactly as
// the server does, with each finding tagged by the file it is reported in.
import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity } from '../../server/src/service/findings';
import { ConfigPair, getLanguageService, LanguageService, LanguageSettings } from '../../server/src/service/languageService';
import { RULE_IDS } from '../../server/src/service/rules/catalogue';

export type FileKind = 'main' | 'master';

export const URI: Record<FileKind, string> = {
  main: 'file:///etc/postfix/main.cf',
  master: 'file:///etc/postfix/master.cf',
};

let version = 0;

/** A fresh document; every call gets a new version so the parse cache never serves older text. */
export function doc(kind: FileKind, text: string): TextDocument {
  return TextDocument.create(URI[kind], kind === 'main' ? 'postfix-main' : 'postfix-master', ++version, text);
}

export interface Config {
  main?: string;
  master?: string;
  settings?: LanguageSettings;
}

export interface Docs {
  main?: TextDocument;
  master?: TextDocument;
}

export function docsOf(c: Config): Docs {
  return { main: c.main === undefined ? undefined : doc('main', c.main), master: c.master === undefined ? undefined : doc('master', c.master) };
}

export interface Located extends Finding {
  file: FileKind;
  /** The text the range covers. */
  text: string;
}

/** Findings of both documents of the pair, each tagged with its file. */
export function lint(c: Config, ls: LanguageService = getLanguageService()): Located[] {
  return lintDocs(docsOf(c), c.settings, ls);
}

export function lintDocs(d: Docs, settings: LanguageSettings | undefined, ls: LanguageService = getLanguageService()): Located[] {
  const pair: ConfigPair = { main: d.main, master: d.master };
  const out: Located[] = [];
  for (const kind of ['main', 'master'] as const) {
    const x = d[kind];
    if (!x) continue;
    for (const f of ls.findings(x, pair, settings)) out.push({ ...f, file: kind, text: x.getText(f.range) });
  }
  return out;
}

export function ofRule(fs: Located[], rule: string): Located[] {
  return fs.filter((f) => f.rule === rule);
}

/** Rule ids the tests asserted a positive finding for. */
export const covered = new Set<string>();
/** The severities each rule was asserted with. */
export const coveredSeverities = new Map<string, Set<Severity>>();

export interface Expect {
  severity: Severity;
  file: FileKind;
  /** Zero-based line of the range start. */
  line: number;
  /** The text the range covers (exact), when given. */
  text?: string;
  /** Fragments the message must contain. */
  message?: Array<string | RegExp>;
  /** Pick among several findings of the rule: one whose message contains this. */
  which?: string;
}

function describeAll(fs: Located[]): string {
  return fs.map((f) => `  ${f.file} ${f.rule} ${f.severity} ${f.range.start.line}:${f.range.start.character} "${f.text}" ${f.message}`).join('\n');
}

/** Exactly one finding of `rule` matches (file, line, `which`); it has the expected severity, range text and message fragments. */
export function expectFinding(fs: Located[], rule: string, e: Expect): Located {
  assert.ok(RULE_IDS.has(rule), `${rule} is not a catalogue rule id`);
  const hits = fs.filter((f) => f.rule === rule && f.file === e.file && f.range.start.line === e.line && (!e.which || f.message.includes(e.which)));
  assert.equal(hits.length, 1, `expected one ${rule} in ${e.file}.cf line ${e.line}${e.which ? ` about "${e.which}"` : ''}, got ${hits.length}; all findings:\n${describeAll(fs)}`);
  const f = hits[0];
  assert.equal(f.severity, e.severity, `${rule} severity: ${f.message}`);
  if (e.text !== undefined) assert.equal(f.text, e.text, `${rule} range text`);
  for (const m of e.message ?? []) {
    if (typeof m === 'string') assert.ok(f.message.includes(m), `${rule} message lacks "${m}": ${f.message}`);
    else assert.match(f.message, m, `${rule} message`);
  }
  covered.add(rule);
  coveredSeverities.set(rule, (coveredSeverities.get(rule) ?? new Set()).add(f.severity));
  return f;
}

export function expectNone(fs: Located[], rule: string, why = ''): void {
  assert.ok(RULE_IDS.has(rule), `${rule} is not a catalogue rule id`);
  const hits = ofRule(fs, rule);
  assert.equal(hits.length, 0, `expected no ${rule}${why ? ` (${why})` : ''}, got:\n${describeAll(hits)}`);
}

// ---------------------------------------------------------------- fixes

export interface FixResult {
  before: Located[];
  after: Located[];
  action: CodeAction;
  docs: Docs;
  texts: { main?: string; master?: string };
}

/** Applies a workspace edit to the pair: each document gets its own edits (cross-file fixes touch both). */
export function applyEdit(d: Docs, action: CodeAction): Docs {
  const changes = action.edit?.changes ?? {};
  const out: Docs = { ...d };
  for (const [uri, edits] of Object.entries(changes)) {
    const kind = (Object.keys(URI) as FileKind[]).find((k) => URI[k] === uri);
    assert.ok(kind && d[kind], `edit for an unknown document ${uri}`);
    out[kind] = doc(kind, TextDocument.applyEdits(d[kind]!, edits as TextEdit[]));
  }
  return out;
}

export function diagnosticsOf(d: Docs, kind: FileKind, settings?: LanguageSettings, ls: LanguageService = getLanguageService()): Diagnostic[] {
  return ls.validate(d[kind]!, { main: d.main, master: d.master }, settings);
}

/** The code actions offered for one diagnostic, asked for the way an editor asks: its range and itself. */
export function actionsFor(d: Docs, kind: FileKind, diag: Diagnostic, settings?: LanguageSettings, ls: LanguageService = getLanguageService()): CodeAction[] {
  return ls.getCodeActions(d[kind]!, diag.range, [diag], { main: d.main, master: d.master }, settings).filter((a) => a.diagnostics?.includes(diag));
}

/**
 * Finds the diagnostic of `rule` (optionally the one whose message contains `which`) through validate(),
 * takes its quick fix (the one titled like `title`, else the only or the preferred one), applies it and lints again.
 */
export function fix(c: Config, rule: string, opts: { file?: FileKind; which?: string; title?: string | RegExp } = {}): FixResult {
  const ls = getLanguageService();
  const docs = docsOf(c);
  const before = lintDocs(docs, c.settings, ls);
  const kinds = opts.file ? [opts.file] : (['main', 'master'] as const).filter((k) => docs[k]);
  for (const kind of kinds) {
    const diag = diagnosticsOf(docs, kind, c.settings, ls).find((x) => x.code === rule && (!opts.which || x.message.includes(opts.which)));
    if (!diag) continue;
    const actions = actionsFor(docs, kind, diag, c.settings, ls);
    assert.ok(actions.length > 0, `no quick fix for ${rule}: ${diag.message}`);
    const t = opts.title;
    const action = t ? actions.find((a) => (typeof t === 'string' ? a.title.includes(t) : t.test(a.title))) : actions.length === 1 ? actions[0] : actions.find((a) => a.isPreferred);
    assert.ok(action, `no fix titled ${String(t ?? 'preferred')} among: ${actions.map((a) => a.title).join(' | ')}`);
    const after = applyEdit(docs, action);
    return { before, after: lintDocs(after, c.settings, ls), action, docs: after, texts: { main: after.main?.getText(), master: after.master?.getText() } };
  }
  assert.fail(`no ${rule} diagnostic${opts.which ? ` about "${opts.which}"` : ''}; findings:\n${describeAll(before)}`);
}

/** Error findings after the fix that were not there before (by rule, file and the text they are reported on, which line shifts do not change). */
export function newErrors(r: { before: Located[]; after: Located[] }): Located[] {
  const key = (f: Located) => `${f.rule}|${f.file}|${f.text}`;
  const had = new Map<string, number>();
  for (const f of r.before) if (f.severity === 'error') had.set(key(f), (had.get(key(f)) ?? 0) + 1);
  const out: Located[] = [];
  for (const f of r.after) {
    if (f.severity !== 'error') continue;
    const n = had.get(key(f)) ?? 0;
    if (n > 0) had.set(key(f), n - 1);
    else out.push(f);
  }
  return out;
}

export function assertFixed(r: FixResult, rule: string, file?: FileKind): void {
  const left = r.after.filter((f) => f.rule === rule && (!file || f.file === file));
  const was = r.before.filter((f) => f.rule === rule && (!file || f.file === file));
  assert.ok(left.length < was.length, `${rule} still reported after "${r.action.title}":\n${describeAll(left)}\n--- main.cf\n${r.texts.main ?? ''}--- master.cf\n${r.texts.master ?? ''}`);
  const errs = newErrors(r);
  assert.deepEqual(errs.map((f) => `${f.rule}: ${f.message}`), [], `new errors after "${r.action.title}"`);
}

/** The range lies within the document as an editor sees it (a line ends at CR LF, LF or a lone CR). */
export function rangeInside(d: TextDocument, range: Range): boolean {
  const lineLength = (line: number) => d.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/(\r\n|\n|\r)$/, '').length;
  const ok = (p: { line: number; character: number }) => p.line >= 0 && p.line < d.lineCount && p.character >= 0 && p.character <= lineLength(p.line);
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  return ok(range.start) && ok(range.end) && ordered;
}

/** Typical master.cf lines. */
export const SMTPD = 'smtp      inet  n       -       y       -       -       smtpd\n';
export const POSTSCREEN = 'smtp      inet  n       -       y       -       1       postscreen\nsmtpd     pass  -       -       y       -       -       smtpd\n';
export const SUBMISSION = 'submission inet n       -       y       -       -       smtpd\n';
export const SMTPS = 'smtps     inet  n       -       y       -       -       smtpd\n';
export const PICKUP = 'pickup    unix  n       -       y       60      1       pickup\n';
