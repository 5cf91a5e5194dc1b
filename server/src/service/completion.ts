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
import { TRIGGER_SUGGEST_COMMAND } from '../shared/commands';

export interface CompletionContext {
  /** The text of the cursor's line. */
  lineText: string;
  /** Offset of the cursor within the document (to detect template tags). */
  inTemplateTag: boolean;
}

const ESSENTIAL_TLS = /^(smtpd?|lmtp)_tls_(security_level|chain_files|cert_file|key_file|protocols|mandatory_protocols|loglevel|auth_only|CAfile|session_cache_database|policy_maps)$/;

const NAME_CHARS = /[A-Za-z0-9_.-]*$/;

function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** Completion at a position of main.cf or master.cf. */
export function doComplete(doc: ParsedConfig, requested: Position, cfg: EffectiveConfig, ctx: CompletionContext): CompletionList {
  const empty: CompletionList = { isIncomplete: false, items: [] };
  if (ctx.inTemplateTag) return empty;
  // LSP: a character past the end of the line means the end of the line; edits must not reach beyond it.
  const pos: Position = requested.character > ctx.lineText.length ? { line: requested.line, character: ctx.lineText.length } : requested;
  const before = ctx.lineText.slice(0, pos.character);
  if (/^\s*#/.test(before)) return empty;

  // `$` / `${` references, anywhere in a value.
  const refMatch = /\$(\{|\()?([A-Za-z0-9_]*)$/.exec(before);
  if (refMatch && (doc.kind === 'master' || before.includes('=') || /^\s/.test(before))) {
    const start = pos.character - refMatch[2].length;
    // `${my|}`: the closing bracket is there already, so the item must not add another.
    const closed = refMatch[1] !== undefined && ctx.lineText.slice(pos.character).replace(/^[A-Za-z0-9_]*/, '').startsWith(refMatch[1] === '{' ? '}' : ')');
    return referenceItems(cfg, { start: { line: pos.line, character: start }, end: pos }, closed ? undefined : refMatch[1]);
  }

  if (doc.kind === 'master') {
    const o = /(?:^|\s)-o\s+(\{\s*)?([A-Za-z0-9_]*)$/.exec(before);
    if (o) return nameItems(cfg, pos, o[2], o[1] ? ' = ' : '=', false);
    const ov = /(?:^|\s)-o\s+\{?\s*([A-Za-z0-9_]+)\s*=\s*([^\s,]*)$/.exec(before);
    if (ov) return valueItems(ov[1], ov[2], pos, cfg);
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
  // The word being typed; a template tag just before it (`{% if x %}`) is not part of it and must not be replaced.
  const token = /[^\s,]*$/.exec(before)![0].replace(/^.*(%>|%\}|\}\})/, '');
  return valueItems(name, token, pos, cfg);
}

function nameItems(cfg: EffectiveConfig, pos: Position, word: string, suffix: string, withDefault: boolean, after = 0): CompletionList {
  const range: Range = { start: { line: pos.line, character: pos.character - word.length }, end: { line: pos.line, character: pos.character + after } };
  const items: CompletionItem[] = [];
  const lower = word.toLowerCase();
  const plain = lower.replace(/[^a-z0-9_]/g, '');
  for (const [f, name] of lowerCaseFacts()) {
    // Names such as smtpd_tls_CAfile have capitals: match case-insensitively.
    if (lower && !name.includes(plain) && !fuzzy(lower, name)) continue;
    items.push(nameItem(f, cfg, range, suffix, withDefault, lower));
  }
  // A Set, not items.some(): a main.cf with many thousands of names must not make this quadratic.
  const labels = new Set(items.map((i) => i.label));
  for (const n of cfg.mainDefs.keys()) {
    if (!labels.has(n) && !cfg.isKnown(n)) {
      items.push({ label: n, kind: CompletionItemKind.Variable, detail: 'user-defined parameter', textEdit: { range, newText: n + suffix }, sortText: `5${n}` });
    }
  }
  return { isIncomplete: false, items };
}

let lowered: Array<[ParamFacts, string]> | undefined;
/** Every documented name with its lower-case form, made once: completion runs on every keystroke. */
function lowerCaseFacts(): Array<[ParamFacts, string]> {
  return (lowered ??= [...allFacts()].map((f) => [f, f.name.toLowerCase()]));
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
  const lname = f.name.toLowerCase();
  const tlsMatch = f.tls && (word === '' || lname.includes(word));
  // Among TLS names, the handful every TLS setup needs come before the long tail.
  const rank = f.deprecated ? '9' : tooNew ? '8' : tlsMatch ? (ESSENTIAL_TLS.test(f.name) ? '0' : '1') : lname.startsWith(word) ? '2' : '3';
  const insert = suffix.includes('=') && withDefault ? `${f.name}${suffix}\${1:${escapeSnippet(dv)}}` : f.name + suffix;
  const item: CompletionItem = {
    label: f.name,
    kind: CompletionItemKind.Property,
    detail: `${f.type ?? 'parameter'}${dv ? ` = ${dv.length > 40 ? `${dv.slice(0, 37)}...` : dv}` : ''}${f.deprecated ? ' (deprecated)' : ''}`,
    sortText: `${rank}${f.name}`,
    // No filterText (it defaults to the label) and no plain-text insertTextFormat (the default):
    // a list of a thousand names is sent on every completion request.
    textEdit: { range, newText: insert },
    data: { name: f.name },
  };
  if (insert.includes('${1')) item.insertTextFormat = InsertTextFormat.Snippet;
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

function valueItems(name: string, token: string, pos: Position, cfg: EffectiveConfig): CompletionList {
  const set = valueSet(name);
  const range: Range = { start: { line: pos.line, character: pos.character - token.length }, end: pos };
  const items: CompletionItem[] = [];
  const add = (label: string, docSet: ValueSet | 'tableType' | undefined, sort = label) => {
    const doc = docSet ? valueDoc(docSet, label.replace(/^(!|>=|<=)/, '')) : undefined;
    items.push({ label, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: label }, sortText: sort, documentation: doc ? { kind: MarkupKind.Markdown, value: doc } : undefined });
  };
  if (set === 'tlsProtocol') {
    // The range form is Postfix 3.6+: before that, offering it would only earn a version-mismatch finding.
    if (compareVersions(cfg.version.target, [3, 6]) >= 0) {
      add('>=TLSv1.2', 'tlsProtocol', '0');
      add('>=TLSv1.3', 'tlsProtocol', '1');
    }
    for (const p of ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']) add(`!${p}`, 'tlsProtocol', `2${p}`);
  } else if (set) {
    const words = ENUMS[set] ?? valueTokens(set).filter((t) => t !== '');
    for (const w of words) add(w, set);
  } else if (Object.hasOwn(OTHER_ENUMS, name)) {
    for (const w of OTHER_ENUMS[name]) add(w, undefined);
  }
  if (/_(maps|map|checks|database|restrictions|access|classes|domains|networks|recipients|senders)$/.test(name)) {
    for (const t of TABLE_TYPES) {
      const doc = valueDoc('tableType', t);
      items.push({ label: `${t}:`, kind: CompletionItemKind.Module, textEdit: { range, newText: `${t}:` }, sortText: `5${t}`, documentation: doc ? { kind: MarkupKind.Markdown, value: doc } : undefined, command: { title: 'suggest', command: TRIGGER_SUGGEST_COMMAND } });
    }
  }
  return { isIncomplete: false, items };
}

function referenceItems(cfg: EffectiveConfig, range: Range, bracket: string | undefined): CompletionList {
  const close = bracket === '{' ? '}' : bracket === '(' ? ')' : '';
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const [n, def] of cfg.mainDefs) {
    seen.add(n);
    // The value as written: expanding every name here would cost a full expansion per item.
    const v = def.value;
    items.push({ label: n, kind: CompletionItemKind.Variable, detail: v.length > 60 ? `${v.slice(0, 57)}...` : v, sortText: `0${n}`, textEdit: { range, newText: n + close } });
  }
  for (const f of allFacts()) {
    if (seen.has(f.name) || f.deprecated) continue;
    const dv = defaultValue(f.name, cfg.version);
    // No sortText: by label the known names sort after the defined ones (whose sortText starts with 0).
    items.push({ label: f.name, kind: CompletionItemKind.Property, detail: dv && dv.length > 60 ? `${dv.slice(0, 57)}...` : dv, textEdit: { range, newText: f.name + close } });
  }
  return { isIncomplete: false, items };
}
