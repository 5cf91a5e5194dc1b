// The document-kind registry: for each kind of file (main.cf, master.cf, and the lookup tables to
// come), how it is recognised and found (shared/documentKinds.ts, shared with the client) and how
// it is parsed. The facade (languageService.ts), the server's pairing, the linter and the client
// all ask here instead of deciding on their own. A new kind: see docs/ARCHITECTURE.md, "add a file kind".
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DOCUMENT_KINDS, KindId, SharedKind } from '../shared/documentKinds';
import type { ParsedConfig } from './parser/ast';
import type { EffectiveConfig } from './config';
import { parseMainCf, reparseMainCf } from './parser/mainParser';
import { parseMasterCf } from './parser/masterParser';
import { isTemplate } from './parser/templates';
import { parseTableSource, TableSource } from './tables/source';

export { DIRECTORY_FILES, DOCUMENT_KINDS, kindInfo, kindOf, KIND_IDS, LANGUAGE_IDS, type ConfigFileKind, type KindId } from '../shared/documentKinds';

/** What a parser gets: the text, whether it is a template, and the previous parse of the same document (to reuse unchanged lines). */
export interface ParseInput<P> {
  doc: TextDocument;
  text: string;
  template: boolean;
  previous?: { parsed: P; text: string };
}

export interface DocumentKind<P> extends SharedKind {
  readonly id: KindId;
  parse(input: ParseInput<P>): P;
}

const PARSERS = {
  main: (i: ParseInput<ParsedConfig>): ParsedConfig =>
    // After an edit, the parse of the version before serves for the unchanged lines.
    i.previous
      ? reparseMainCf(i.previous.parsed, i.previous.text, i.text, i.template, (o) => i.doc.positionAt(o).line, (l) => i.doc.offsetAt({ line: l, character: 0 }))
      : parseMainCf(i.text, i.template),
  master: (i: ParseInput<ParsedConfig>): ParsedConfig => parseMasterCf(i.text, i.template),
  // Tables: the source as postmap reads it; the value syntax of each kind is read by its rules (service/tables/).
  'tls-policy': (i: ParseInput<TableSource>): TableSource => parseTableSource(i.text),
  sni: (i: ParseInput<TableSource>): TableSource => parseTableSource(i.text),
} satisfies Record<KindId, (i: ParseInput<never>) => unknown>;

/** What parsing a document of kind K gives. */
export type ParsedOf<K extends KindId> = ReturnType<(typeof PARSERS)[K]>;

export const KINDS: { readonly [K in KindId]: DocumentKind<ParsedOf<K>> } = Object.fromEntries(
  DOCUMENT_KINDS.map((k) => [k.id, { ...k, parse: PARSERS[k.id] }]),
) as unknown as { [K in KindId]: DocumentKind<ParsedOf<K>> };

/** Parses a document as the given kind. */
export function parseAs<K extends KindId>(doc: TextDocument, kind: K, previous?: { parsed: ParsedOf<K>; text: string }): ParsedOf<K> {
  const text = doc.getText();
  const spec = KINDS[kind] as DocumentKind<ParsedOf<K>>;
  return spec.parse({ doc, text, template: isTemplate(doc.uri, text), previous });
}

/**
 * The files of the kinds found by reference (shared/documentKinds.ts `related.by === 'reference'`)
 * that this configuration names: each such kind's parameters, as their effective values say.
 */
export function referencedFiles(cfg: EffectiveConfig): Array<{ kind: KindId; parameter: string; type: string; path: string }> {
  const out: Array<{ kind: KindId; parameter: string; type: string; path: string }> = [];
  for (const k of DOCUMENT_KINDS as readonly SharedKind[]) {
    if (k.related.by !== 'reference') continue;
    const values = k.related.parameters.map((parameter) => ({ parameter, value: cfg.setting(parameter).value }));
    for (const r of referencedSources(values)) out.push({ kind: k.id as KindId, ...r });
  }
  return out;
}

/**
 * The lookup tables main.cf names in the given parameters, as the files that hold their source:
 * `hash:/etc/postfix/tls_policy` (also lmdb:, cdb:, btree:, dbm:, sdbm:, texthash:, and behind
 * `proxy:`) is the file /etc/postfix/tls_policy, which postmap(1) turns into the database. Tables
 * without a source file of their own (inline:, static:, ldap:, mysql: ...) are not listed.
 */
export function referencedSources(values: ReadonlyArray<{ parameter: string; value: string }>): Array<{ parameter: string; type: string; path: string }> {
  const out: Array<{ parameter: string; type: string; path: string }> = [];
  for (const { parameter, value } of values) {
    for (const item of tableItems(value)) {
      const m = /^(?:proxy:)?(hash|lmdb|cdb|btree|dbm|sdbm|texthash):(\S+)$/i.exec(item);
      if (m && m[2].startsWith('/')) out.push({ parameter, type: m[1].toLowerCase(), path: m[2] });
    }
  }
  return out;
}

/** The items of a table list: blanks and commas separate them, but not inside `inline:{ ... }`. */
export function tableItems(value: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of value) {
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[\s,]/.test(c)) {
      if (cur) items.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) items.push(cur);
  return items;
}
