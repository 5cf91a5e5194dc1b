// Robustness properties of the language service, shared by test/fuzz/fuzz.test.ts (a small fixed-seed
// run inside `npm test`) and scripts/fuzz.mjs (hundreds of thousands of cases, `npm run fuzz`).
//
// Inputs are random text and random mutations of the real configurations in ../shared/corpus (line
// splits, a deleted `=`, inserted `$` `{` `}` `#`, CRLF and lone CR line ends, tabs, NUL, invalid
// UTF-8, huge lines, reference cycles and fan-out). Each input goes, as main.cf and as master.cf,
// through the parser, validate() (every rule), hover, completion and code actions at positions spread
// over the document and past its end, and `--print`. Nothing may throw, every range must lie inside
// the document, and printing is stable (see checkPrint).
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, LanguageService } from '../../server/src/service/languageService';
import { scanLogicalLines } from '../../server/src/service/parser/logical';
import { parseMainCf, reparseMainCf } from '../../server/src/service/parser/mainParser';
import { findTags, isTemplate } from '../../server/src/service/parser/templates';
import { referenceScan } from './referenceScan';

export type Kind = 'main' | 'master';

export interface Corpus {
  dir: string;
  files: Array<{ name: string; kind: Kind; text: string }>;
}

/** The corpus beside the project (../shared/corpus from the project root), or undefined when it is absent. */
export function loadCorpus(projectRoot: string): Corpus | undefined {
  const dir = path.resolve(projectRoot, '..', 'shared', 'corpus');
  if (!fs.existsSync(path.join(dir, 'main')) || !fs.existsSync(path.join(dir, 'master'))) return undefined;
  const files: Corpus['files'] = [];
  for (const kind of ['main', 'master'] as const) {
    for (const name of fs.readdirSync(path.join(dir, kind)).sort()) {
      files.push({ name: `${kind}/${name}`, kind, text: fs.readFileSync(path.join(dir, kind, name), 'utf8') });
    }
  }
  return files.length ? { dir, files } : undefined;
}

/** Pieces of configuration syntax, and of what breaks it, that random text is made of. */
const TOKENS = [
  '=', ' = ', ' ', '  ', '\t', '\n', '\n', '\n', '\r\n', '\r', '#', '# c\n', '$', '$$', '${', '$(', '{', '}', '(', ')', ',', ':', '?', '!', '>=',
  'smtpd_tls_security_level', 'smtp_tls_security_level', 'myhostname', 'mydomain', 'smtpd_tls_protocols', 'TLSv1.2', 'may', 'encrypt', 'dane',
  'yes', 'no', '10s', '-1', '99999999999999999999', 'hash:/etc/postfix/x', 'smtpd_restriction_classes', 'compatibility_level', '3.7',
  '-o', ' -o ', 'inet', 'unix', 'pass', 'smtpd', 'smtp', 'postscreen', 'submission', ' n ', ' y ', ' - ', '?',
  '<%', '%>', '<%=', '{{', '}}', '{%', '%}', '{#', '#}', '%%x%%',
  '\0', '\u0001', '\u0002', '\v', '\f', '\u00a0', '\ufeff', '\u2028', '\ud800', '\udc00', '\ufffd', 'é', '日本', '\u{1f600}',
  'constructor', '__proto__', 'toString', 'hasOwnProperty',
];

/** Random text: syntax tokens, any code points, any Latin-1 characters. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...TOKENS), maxLength: 120 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 200 }) },
);

/** Text with `bytes` bytes of invalid UTF-8 at `at`, decoded the way a file is read (U+FFFD for each bad sequence). */
function invalidUtf8(text: string, at: number, bytes: number[]): string {
  const b = Buffer.from(text, 'utf8');
  const cut = Math.min(at, b.length);
  return Buffer.concat([b.subarray(0, cut), Buffer.from(bytes), b.subarray(cut)]).toString('utf8');
}

type Mutator = (text: string, at: number, n: number) => string;

const insert = (s: string): Mutator => (t, at) => t.slice(0, at) + s + t.slice(at);

/** The mutations, each given a position in the text and a free number. */
export const MUTATIONS: Record<string, Mutator> = {
  splitLine: insert('\n'),
  splitLineIndented: insert('\n  '),
  deleteEquals: (t, at) => {
    const eq = t.indexOf('=', at) >= 0 ? t.indexOf('=', at) : t.lastIndexOf('=');
    return eq < 0 ? t : t.slice(0, eq) + t.slice(eq + 1);
  },
  insertDollar: insert('$'),
  insertOpen: insert('{'),
  insertClose: insert('}'),
  insertHash: insert('#'),
  insertDollarBrace: insert('${'),
  crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
  loneCr: (t, at) => t.slice(0, at) + t.slice(at).replace(/\n/, '\r'),
  tabs: (t, at) => t.slice(0, at) + t.slice(at).replace(/ +/, '\t'),
  insertTab: insert('\t'),
  nul: insert('\0'),
  invalidUtf8: (t, at, n) => invalidUtf8(t, at, [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]][n % 5]),
  loneSurrogate: insert('\ud83d'),
  deleteRange: (t, at, n) => t.slice(0, at) + t.slice(at + (n % 200)),
  duplicateLine: (t, at) => {
    const start = t.lastIndexOf('\n', at - 1) + 1;
    const end = t.indexOf('\n', at);
    return t + '\n' + t.slice(start, end < 0 ? t.length : end) + '\n';
  },
  hugeLine: (t, at, n) => {
    const size = 5_000 + (n % 4) * 15_000;
    const lines = [`huge_${n % 7} = ${'x'.repeat(size)}`, `list_${n % 7} = ${Array.from({ length: size / 10 }, (_, k) => `$v${k % 50}`).join(', ')}`, `${'y'.repeat(size)}`, `deep_${n % 7} = ${'${a?'.repeat(size / 100)}${'}'.repeat(size / 100)}`];
    return insert(`\n${lines[n % lines.length]}\n`)(t, at, n);
  },
  referenceCycle: (t, _at, n) => `${t}\ncyc_a${n % 3} = $cyc_b${n % 3}\ncyc_b${n % 3} = \${cyc_a${n % 3}}\n`,
  fanOut: (t, _at, n) => {
    const depth = 10 + (n % 30);
    const lines = ['fan0 = xxxxxxxxxx'];
    for (let k = 1; k <= depth; k++) lines.push(`fan${k} = $fan${k - 1} $fan${k - 1}`);
    return `${t}\n${lines.join('\n')}\nsmtpd_banner = $fan${depth}\n`;
  },
  deepChain: (t, _at, n) => {
    const depth = 90 + (n % 30);
    const lines = ['chain0 = end'];
    for (let k = 1; k <= depth; k++) lines.push(`chain${k} = $chain${k - 1}`);
    return `${t}\n${lines.join('\n')}\nmyorigin = $chain${depth}\n`;
  },
  template: (t, at) => insert('{% if x %}\n')(t, at, 0) + '\n{% endif %}\n',
  objectNames: (t, at, n) => insert(`\n${['constructor', '__proto__', 'toString', 'valueOf'][n % 4]} = $${['hasOwnProperty', 'constructor'][n % 2]}\n`)(t, at, n),
};

export interface Input {
  text: string;
  kind: Kind;
  /** File name: `main.cf`, `master.cf` or a template name (`main.cf.j2`). */
  name: string;
  /** Where to ask for hover, completion and code actions: fractions of the document, some past its end. */
  probes: Array<{ line: number; character: number }>;
  /** An edit of the text (at a fraction of it: delete, then insert) for the reparse check. */
  edit: { at: number; del: number; insert: string };
  origin: string;
}

const probes = fc.array(fc.record({ line: fc.double({ min: 0, max: 1.2, noNaN: true }), character: fc.integer({ min: 0, max: 200 }) }), { minLength: 1, maxLength: 6 });
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat(40), insert: fc.string({ unit: fc.constantFrom(...TOKENS), maxLength: 4 }) });
const kindAndName = fc.constantFrom<[Kind, string]>(['main', 'main.cf'], ['master', 'master.cf'], ['main', 'main.cf.j2'], ['master', 'master.cf.erb']);

/** Random text as main.cf or master.cf (or a template of one). */
export function randomInputs(): fc.Arbitrary<Input> {
  return fc.tuple(randomText, kindAndName, probes, edit).map(([text, [kind, name], p, e]) => ({ text, kind, name, probes: p, edit: e, origin: 'random text' }));
}

/** A corpus file with one to six mutations, read as its own kind or the other. */
export function mutatedInputs(corpus: Corpus): fc.Arbitrary<Input> {
  const names = Object.keys(MUTATIONS);
  const op = fc.tuple(fc.constantFrom(...names), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(1_000_000));
  return fc
    .tuple(fc.nat(corpus.files.length - 1), fc.array(op, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.boolean(), probes, edit)
    .map(([index, ops, otherKind, asTemplate, p, e]) => {
      const file = corpus.files[index];
      let text = file.text;
      for (const [name, where, n] of ops) text = MUTATIONS[name](text, Math.floor(where * text.length), n);
      const kind: Kind = otherKind ? (file.kind === 'main' ? 'master' : 'main') : file.kind;
      const name = `${kind}.cf${asTemplate ? '.j2' : ''}`;
      return { text, kind, name, probes: p, edit: e, origin: `${file.name} with ${ops.map((o) => o[0]).join(', ')}` };
    });
}

export class PropertyError extends Error {}

function fail(message: string): never {
  throw new PropertyError(message);
}

function inside(doc: TextDocument, r: Range | undefined, what: string): void {
  if (!r || typeof r !== 'object') return fail(`${what}: not a range: ${JSON.stringify(r)}`);
  const ok = (p: Position) => Number.isInteger(p?.line) && Number.isInteger(p?.character) && p.line >= 0 && p.character >= 0 && p.line < doc.lineCount && p.character <= lineLength(doc, p.line);
  if (!ok(r.start) || !ok(r.end)) fail(`${what}: range ${JSON.stringify(r)} is outside the document (${doc.lineCount} lines)`);
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) fail(`${what}: range ${JSON.stringify(r)} ends before it starts`);
}

function lineLength(doc: TextDocument, line: number): number {
  const start = doc.offsetAt({ line, character: 0 });
  const end = line + 1 < doc.lineCount ? doc.offsetAt({ line: line + 1, character: 0 }) : doc.getText().length;
  return doc.getText().slice(start, end).replace(/(\r\n|\r|\n)$/, '').length;
}

function editsInside(doc: TextDocument, edits: TextEdit[] | undefined, what: string): void {
  for (const e of edits ?? []) inside(doc, e.range, what);
}

/** Counts of what the checks looked at. */
export interface Counts {
  cases: number;
  validations: number;
  diagnostics: number;
  hovers: number;
  completions: number;
  codeActions: number;
  prints: number;
}

export function newCounts(): Counts {
  return { cases: 0, validations: 0, diagnostics: 0, hovers: 0, completions: 0, codeActions: 0, prints: 0 };
}

/** The positions to probe: the input's fractions of the document (line 1.2 is past the end). */
function positionsOf(doc: TextDocument, input: Input): Position[] {
  const out = input.probes.map((p) => ({ line: Math.floor(p.line * doc.lineCount), character: p.character }));
  out.push(doc.positionAt(doc.getText().length));
  return out;
}

/**
 * `--print`, printed again: every line printed the second time was printed the first time, and
 * only user-defined names may drop out. (Exact equality cannot hold, for postconf -n either: a name
 * used only by an unused name is printed, `foo = $bar`, `bar = 1` gives `bar = 1`, and printed again
 * nothing uses bar.)
 *
 * Not when the output holds template tags: for a templated value --print shows the template's own
 * text, which is no Postfix value, and a tag that a line break cut in two (`{{` at the end of one
 * line, `domain }}` on the next) makes the second print read a different template. The template
 * inputs still go through the first print and everything else.
 */
function checkPrint(svc: LanguageService, doc: TextDocument, counts: Counts): void {
  const first = svc.print(doc, { main: doc });
  counts.prints++;
  if (isTemplate('main.cf', first) || findTags(first).length) return;
  const again = TextDocument.create(doc.uri.replace(/[^/]*$/, 'printed/main.cf'), 'postfix-main', 1, first);
  const second = svc.print(again, { main: again });
  if (second === first) return;
  const lines1 = new Set(first.split('\n'));
  const cfg = svc.config({ main: again });
  for (const line of second.split('\n')) if (!lines1.has(line)) fail(`print is not stable: "${line}" appears only when the printed output is printed again`);
  const lines2 = new Set(second.split('\n'));
  for (const line of first.split('\n')) {
    const name = line.split(' ')[0];
    if (line && !lines2.has(line) && cfg.isKnown(name)) fail(`print is not stable: "${line}" (a Postfix parameter) is lost when the printed output is printed again`);
  }
}

/** Runs one input through every entry point; throws PropertyError (or whatever the service threw) on a violation. */
export function check(input: Input, counts: Counts, svc: LanguageService = getLanguageService()): void {
  counts.cases++;
  const uri = `file:///fuzz/${counts.cases}/${input.name}`;
  const doc = TextDocument.create(uri, input.kind === 'main' ? 'postfix-main' : 'postfix-master', 1, input.text);
  const pair = input.kind === 'main' ? { main: doc } : { master: doc };

  // The fast logical-line scanner groups lines exactly like the plain reference one.
  for (const template of [false, true]) {
    const fast: Partial<ReturnType<typeof scanLogicalLines>> = { ...scanLogicalLines(input.text, template) };
    delete fast.controlLines;
    delete fast.branches;
    if (JSON.stringify(fast) !== JSON.stringify(referenceScan(input.text, template))) fail(`scanLogicalLines (template ${template}) differs from the reference scanner`);
  }

  // Reparsing after an edit gives what a full parse of the edited text gives.
  {
    const at = Math.floor(input.edit.at * input.text.length);
    const edited = input.text.slice(0, at) + input.edit.insert + input.text.slice(at + input.edit.del);
    const after = TextDocument.create(uri, 'postfix-main', 2, edited);
    const full = parseMainCf(edited, false);
    const again = reparseMainCf(parseMainCf(input.text, false), input.text, edited, false, (o) => after.positionAt(o).line, (l) => after.offsetAt({ line: l, character: 0 }));
    if (JSON.stringify(again) !== JSON.stringify(full)) fail(`reparseMainCf after the edit ${JSON.stringify(input.edit)} differs from parseMainCf`);
  }

  svc.parse(doc);
  const diagnostics = svc.validate(doc, pair);
  counts.validations++;
  counts.diagnostics += diagnostics.length;
  for (const d of diagnostics) {
    inside(doc, d.range, `${d.code} diagnostic`);
    for (const r of d.relatedInformation ?? []) if (r.location.uri === uri) inside(doc, r.location.range, `${d.code} related information`);
    if (typeof d.message !== 'string' || !d.message) fail(`${d.code} diagnostic without a message`);
  }

  for (const pos of positionsOf(doc, input)) {
    const hover = svc.doHover(doc, pos, pair);
    counts.hovers++;
    if (hover?.range) inside(doc, hover.range, `hover at ${JSON.stringify(pos)}`);

    const list = svc.doComplete(doc, pos, pair);
    counts.completions++;
    for (const item of list.items) {
      const te = item.textEdit;
      if (te && 'range' in te) inside(doc, te.range, `completion ${item.label}`);
      if (te && 'insert' in te) {
        inside(doc, te.insert, `completion ${item.label} (insert)`);
        inside(doc, te.replace, `completion ${item.label} (replace)`);
      }
      editsInside(doc, item.additionalTextEdits, `completion ${item.label} additional edit`);
    }

    const line = Math.min(pos.line, doc.lineCount - 1);
    const range = { start: { line, character: 0 }, end: { line, character: Math.min(pos.character, lineLength(doc, line)) } };
    const near = diagnostics.filter((d) => d.range.start.line <= line && d.range.end.line >= line);
    const actions: CodeAction[] = svc.getCodeActions(doc, range, near, pair, {}, undefined);
    counts.codeActions++;
    for (const a of actions) {
      if (typeof a.title !== 'string') fail('code action without a title');
      editsInside(doc, a.edit?.changes?.[uri], `code action "${a.title}"`);
      for (const dc of a.edit?.documentChanges ?? []) if ('textDocument' in dc && dc.textDocument.uri === uri) editsInside(doc, dc.edits as TextEdit[], `code action "${a.title}"`);
    }
  }
  // The fix-all source action too.
  const all = svc.getCodeActions(doc, { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, diagnostics, pair, {}, ['source']);
  for (const a of all) editsInside(doc, a.edit?.changes?.[uri], `code action "${a.title}"`);

  if (input.kind === 'main') checkPrint(svc, doc, counts);
}
