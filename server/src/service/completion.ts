import { CompletionItem, CompletionItemKind, CompletionItemTag, CompletionList, InsertTextFormat, MarkupKind, Position, Range } from 'vscode-languageserver-types';
import type { EffectiveConfig } from './config';
import type { ParsedConfig } from './parser/ast';
import { locate } from './locate';
import { allFacts, defaultValue, ParamFacts, summaryOf, valueSet } from './knowledge/knowledge';
import { docFor, valueDoc, valueTokens } from './knowledge/docs';
import { ENUMS, OTHER_ENUMS, ValueSet } from './knowledge/valueSets';
import { TABLE_TYPES } from './knowledge/tableTypes';
import { parameterMarkdown } from './hover';
import { compareVersions } from './knowledge/version';
import { sinceVersion } from './knowledge/knowledge';

export interface CompletionContext {
  /** The text of the cursor's line. */
  lineText: string;
  /** Offset of the cursor within the document (to detect template tags). */
  inTemplateTag: boolean;
}

const NAME_CHARS = /[A-Za-z0-9_.-]*$/;

function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** Completion at a position of main.cf or master.cf. */
export function doComplete(doc: ParsedConfig, pos: Position, cfg: EffectiveConfig, ctx: CompletionContext): CompletionList {
  const empty: CompletionList = { isIncomplete: false, items: [] };
  if (ctx.inTemplateTag) return empty;
  const before = ctx.lineText.slice(0, pos.character);
  if (/^\s*#/.test(before)) return empty;

  // `$` / `${` references, anywhere in a value.
  const refMatch = /\$(\{|\()?([A-Za-z0-9_]*)$/.exec(before);
  if (refMatch && (doc.kind === 'master' || before.includes('=') || /^\s/.test(before))) {
    const start = pos.character - refMatch[2].length;
    return referenceItems(cfg, { start: { line: pos.line, character: start }, end: pos }, refMatch[1]);
  }

  if (doc.kind === 'master') {
    const o = /(?:^|\s)-o\s+(\{\s*)?([A-Za-z0-9_]*)$/.exec(before);
    if (o) return nameItems(cfg, pos, o[2], o[1] ? ' = ' : '=', false);
    const ov = /(?:^|\s)-o\s+\{?\s*([A-Za-z0-9_]+)\s*=\s*([^\s,]*)$/.exec(before);
    if (ov) return valueItems(ov[1], ov[2], pos);
    return empty;
  }

  // main.cf: the name position is column 0 up to `=`.
  if (!/^\s/.test(before) && !before.includes('=')) {
    const word = NAME_CHARS.exec(before)![0];
    if (word.length !== before.length) return empty;
    const rest = ctx.lineText.slice(pos.character);
    return nameItems(cfg, pos, word, /^\S*\s*=/.test(rest) ? '' : ' = ', true, rest.length - rest.replace(/^[A-Za-z0-9_.-]*/, '').length);
  }
  // Value position: the parameter is the one on this logical line.
  const at = locate(doc, { line: pos.line, character: Math.max(0, pos.character - 1) }) ?? locate(doc, pos);
  const name = at && at.kind !== 'service' ? at.def.name : /^([A-Za-z0-9_.-]+)\s*=/.exec(before)?.[1];
  if (!name) return empty;
  const token = /[^\s,]*$/.exec(before)![0];
  return valueItems(name, token, pos);
}

function nameItems(cfg: EffectiveConfig, pos: Position, word: string, suffix: string, withDefault: boolean, after = 0): CompletionList {
  const range: Range = { start: { line: pos.line, character: pos.character - word.length }, end: { line: pos.line, character: pos.character + after } };
  const items: CompletionItem[] = [];
  const lower = word.toLowerCase();
  for (const f of allFacts()) {
    if (lower && !f.name.includes(lower.replace(/[^a-z0-9_]/g, '')) && !fuzzy(lower, f.name)) continue;
    items.push(nameItem(f, cfg, range, suffix, withDefault, lower));
  }
  for (const n of cfg.mainDefs.keys()) {
    if (!items.some((i) => i.label === n) && !cfg.isKnown(n)) {
      items.push({ label: n, kind: CompletionItemKind.Variable, detail: 'user-defined parameter', textEdit: { range, newText: n + suffix }, sortText: `5${n}` });
    }
  }
  return { isIncomplete: false, items };
}

function fuzzy(word: string, name: string): boolean {
  let i = 0;
  for (const c of name) if (c === word[i]) i++;
  return i === word.length;
}

function nameItem(f: ParamFacts, cfg: EffectiveConfig, range: Range, suffix: string, withDefault: boolean, word: string): CompletionItem {
  const dv = defaultValue(f.name, cfg.version) ?? '';
  const newer = sinceVersion(f.name);
  const tooNew = newer && compareVersions(newer, cfg.version.target) > 0;
  // TLS names first where they match, deprecated and too-new ones last.
  const rank = f.deprecated ? '9' : tooNew ? '8' : f.tls && (word === '' || f.name.includes(word)) ? '0' : f.name.startsWith(word) ? '1' : '2';
  const insert = suffix.includes('=') && withDefault ? `${f.name}${suffix}\${1:${escapeSnippet(dv)}}` : f.name + suffix;
  const item: CompletionItem = {
    label: f.name,
    kind: CompletionItemKind.Property,
    detail: `${f.type ?? 'parameter'}${dv ? ` = ${dv.length > 40 ? `${dv.slice(0, 37)}...` : dv}` : ''}${f.deprecated ? ' (deprecated)' : ''}`,
    sortText: `${rank}${f.name}`,
    filterText: f.name,
    textEdit: { range, newText: insert },
    insertTextFormat: insert.includes('${1') ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    data: { name: f.name },
  };
  const summary = docFor(f.name)?.summary ?? summaryOf(f.name);
  if (summary) item.documentation = { kind: MarkupKind.Markdown, value: summary };
  if (f.deprecated) item.tags = [CompletionItemTag.Deprecated];
  return item;
}

/** Full docs are attached on resolve so the list itself stays small. */
export function resolveCompletion(item: CompletionItem, cfg: EffectiveConfig): CompletionItem {
  const name = (item.data as { name?: string } | undefined)?.name;
  if (name) item.documentation = { kind: MarkupKind.Markdown, value: parameterMarkdown(name, cfg) };
  return item;
}

function valueItems(name: string, token: string, pos: Position): CompletionList {
  const set = valueSet(name);
  const range: Range = { start: { line: pos.line, character: pos.character - token.length }, end: pos };
  const items: CompletionItem[] = [];
  const add = (label: string, docSet: ValueSet | 'tableType' | undefined, sort = label) => {
    const doc = docSet ? valueDoc(docSet, label.replace(/^(!|>=|<=)/, '')) : undefined;
    items.push({ label, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: label }, sortText: sort, documentation: doc ? { kind: MarkupKind.Markdown, value: doc } : undefined });
  };
  if (set === 'tlsProtocol') {
    add('>=TLSv1.2', 'tlsProtocol', '0');
    add('>=TLSv1.3', 'tlsProtocol', '1');
    for (const p of ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']) add(`!${p}`, 'tlsProtocol', `2${p}`);
  } else if (set) {
    const words = ENUMS[set] ?? valueTokens(set).filter((t) => t !== '');
    for (const w of words) add(w, set);
  } else if (OTHER_ENUMS[name]) {
    for (const w of OTHER_ENUMS[name]) add(w, undefined);
  }
  if (/_(maps|map|checks|database|restrictions|access|classes|domains|networks|recipients|senders)$/.test(name)) {
    for (const t of TABLE_TYPES) {
      const doc = valueDoc('tableType', t);
      items.push({ label: `${t}:`, kind: CompletionItemKind.Module, textEdit: { range, newText: `${t}:` }, sortText: `5${t}`, documentation: doc ? { kind: MarkupKind.Markdown, value: doc } : undefined, command: { title: 'suggest', command: 'editor.action.triggerSuggest' } });
    }
  }
  return { isIncomplete: false, items };
}

function referenceItems(cfg: EffectiveConfig, range: Range, bracket: string | undefined): CompletionList {
  const close = bracket === '{' ? '}' : bracket === '(' ? ')' : '';
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const n of cfg.mainDefs.keys()) {
    seen.add(n);
    const e = cfg.effective(n);
    items.push({ label: n, kind: CompletionItemKind.Variable, detail: e.text.length > 60 ? `${e.text.slice(0, 57)}...` : e.text, sortText: `0${n}`, textEdit: { range, newText: n + close } });
  }
  for (const f of allFacts()) {
    if (seen.has(f.name) || f.deprecated) continue;
    items.push({ label: f.name, kind: CompletionItemKind.Property, detail: defaultValue(f.name, cfg.version), sortText: `1${f.name}`, textEdit: { range, newText: f.name + close } });
  }
  return { isIncomplete: false, items };
}
