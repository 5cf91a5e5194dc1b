// Spec-style helpers for the unit tests of the pure language service.
//
// A case is written as configuration text with a `|` marking the cursor; `spec()`
// removes the marker and returns the document and the cursor position. The other
// helpers run the service the way the server does: through getLanguageService().
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, Hover, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigPair, getLanguageService, LanguageService, LanguageSettings } from '../../server/src/service/languageService';
import { ruleIds } from '../../server/src/service/rules/catalogue';

export type Kind = 'main' | 'master';

export const URIS: Record<Kind, string> = {
  main: 'file:///etc/postfix/main.cf',
  master: 'file:///etc/postfix/master.cf',
};

const LANGUAGE: Record<Kind, string> = { main: 'postfix-main', master: 'postfix-master' };

let counter = 0;

/** A document without a cursor. Each call gets a fresh version so the parse cache never serves stale text. */
export function docOf(text: string, kind: Kind = 'main', uri = URIS[kind]): TextDocument {
  return TextDocument.create(uri, LANGUAGE[kind], ++counter, text);
}

/** Text with one `|` cursor marker: the document without the marker and the marker's position. */
export function spec(textWithCursor: string, kind: Kind = 'main', uri = URIS[kind]): { doc: TextDocument; pos: Position } {
  const at = textWithCursor.indexOf('|');
  if (at < 0) throw new Error(`spec text has no "|" cursor marker: ${JSON.stringify(textWithCursor)}`);
  if (textWithCursor.indexOf('|', at + 1) >= 0) throw new Error(`spec text has more than one "|": ${JSON.stringify(textWithCursor)}`);
  const doc = docOf(textWithCursor.slice(0, at) + textWithCursor.slice(at + 1), kind, uri);
  return { doc, pos: doc.positionAt(at) };
}

/** A fresh service per call: no parse cache is shared between tests. */
export function service(): LanguageService {
  return getLanguageService();
}

export interface Options {
  kind?: Kind;
  settings?: LanguageSettings;
  /** The other file of the pair (main.cf text for a master.cf test, or the reverse). */
  other?: string;
}

function pairFor(doc: TextDocument, kind: Kind, other: string | undefined): ConfigPair {
  const pair: ConfigPair = kind === 'master' ? { master: doc } : { main: doc };
  if (other !== undefined) {
    if (kind === 'master') pair.main = docOf(other, 'main');
    else pair.master = docOf(other, 'master');
  }
  return pair;
}

/** Diagnostics of a document (no cursor marker). */
export function validate(text: string, opts: Options = {}): Diagnostic[] {
  const kind = opts.kind ?? 'main';
  const doc = docOf(text, kind);
  return service().validate(doc, pairFor(doc, kind, opts.other), opts.settings);
}

/** Diagnostics of an existing document. */
export function validateDoc(doc: TextDocument, opts: Options = {}): Diagnostic[] {
  const kind = opts.kind ?? (doc.uri.endsWith('master.cf') ? 'master' : 'main');
  return service().validate(doc, pairFor(doc, kind, opts.other), opts.settings);
}

/** Only the diagnostics of one rule. */
export function diagnosticsOf(text: string, rule: string, opts: Options = {}): Diagnostic[] {
  return validate(text, opts).filter((d) => d.code === rule);
}

/** Hover at the `|` marker. */
export function hover(textWithCursor: string, opts: Options = {}): Hover | null {
  const kind = opts.kind ?? 'main';
  const { doc, pos } = spec(textWithCursor, kind);
  return service().doHover(doc, pos, pairFor(doc, kind, opts.other), opts.settings);
}

/** The markdown text of a hover at the `|` marker, or undefined when there is none. */
export function hoverText(textWithCursor: string, opts: Options = {}): string | undefined {
  const h = hover(textWithCursor, opts);
  if (!h) return undefined;
  const c = h.contents;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n\n');
  return c.value;
}

/** Completion at the `|` marker. */
export function complete(textWithCursor: string, opts: Options = {}): CompletionList {
  const kind = opts.kind ?? 'main';
  const { doc, pos } = spec(textWithCursor, kind);
  return service().doComplete(doc, pos, pairFor(doc, kind, opts.other), opts.settings);
}

/** Completion labels in the order an editor shows them (by sortText, then label). */
export function sortedLabels(list: CompletionList): string[] {
  return sorted(list.items).map((i) => i.label);
}

export function sorted(items: CompletionItem[]): CompletionItem[] {
  const key = (i: CompletionItem) => i.sortText ?? i.label;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** The text a completion item inserts (its textEdit, else insertText, else label). */
export function insertText(item: CompletionItem): string {
  const te = item.textEdit;
  if (te && 'newText' in te) return te.newText;
  return item.insertText ?? item.label;
}

/** Code actions for all diagnostics of a document. */
export function codeActions(doc: TextDocument, diagnostics: Diagnostic[], opts: Options = {}): CodeAction[] {
  const kind = opts.kind ?? (doc.uri.endsWith('master.cf') ? 'master' : 'main');
  const whole: Range = { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) };
  return service().getCodeActions(doc, whole, diagnostics, pairFor(doc, kind, opts.other), opts.settings);
}

/** The quick fixes attached to diagnostics of one rule. */
export function fixesFor(doc: TextDocument, diagnostics: Diagnostic[], rule: string, opts: Options = {}): CodeAction[] {
  return codeActions(doc, diagnostics, opts).filter((a) => a.diagnostics?.some((d) => d.code === rule));
}

/** Applies a code action's edits for this document and returns the new document (a new version). */
export function applyAction(doc: TextDocument, action: CodeAction): TextDocument {
  const edits: TextEdit[] = action.edit?.changes?.[doc.uri] ?? [];
  if (edits.length === 0) throw new Error(`code action "${action.title}" has no edits for ${doc.uri}`);
  const text = TextDocument.applyEdits(doc, edits);
  return TextDocument.create(doc.uri, doc.languageId, doc.version + 1000 + ++counter, text);
}

/** A range as `line:char-line:char` for readable assertions. */
export function r(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** The text a range covers. */
export function textAt(doc: TextDocument, range: Range): string {
  return doc.getText(range);
}

const lineLengths = new WeakMap<TextDocument, number[]>();

/** Line lengths as the editor counts them: `\r\n`, `\r` and `\n` all end a line. */
function linesOf(doc: TextDocument): number[] {
  let l = lineLengths.get(doc);
  if (!l) {
    l = doc.getText().split(/\r\n|\r|\n/).map((x) => x.length);
    lineLengths.set(doc, l);
  }
  return l;
}

/** Every range lies within the document: lines exist and characters do not pass the line's end. */
export function assertInside(doc: TextDocument, range: Range, what = 'range'): void {
  const lines = linesOf(doc);
  for (const p of [range.start, range.end]) {
    if (p.line < 0 || p.line >= lines.length) throw new Error(`${what} ${r(range)}: line ${p.line} outside 0..${lines.length - 1}`);
    if (p.character < 0 || p.character > lines[p.line]) throw new Error(`${what} ${r(range)}: character ${p.character} outside line ${p.line} (length ${lines[p.line]})`);
  }
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) {
    throw new Error(`${what} ${r(range)}: start after end`);
  }
}

/** The rule ids of rules/general.ts; other rule families (TLS) may report on the same text. */
export const GENERAL_RULES: readonly string[] = ruleIds((r) => r.family === 'general');

/** Only the findings of the general rules. */
export function general(diags: Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => GENERAL_RULES.includes(String(d.code)));
}

/** `code severity range` lines, for messages of failed assertions. */
export function listDiags(diags: Diagnostic[]): string {
  return diags.map((d) => `${d.code} ${d.severity} ${r(d.range)} ${d.message}`).join('\n') || '(none)';
}
