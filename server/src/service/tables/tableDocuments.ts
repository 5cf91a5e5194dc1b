/**
 * Policy and SNI table sources among the documents: the facade's features for a table document
 * come from here (findings, hover, completion, quick fixes, outline, folding); the configuration
 * features (rename, formatting, tokens…) have nothing to say about a table. For main.cf, the hover
 * of a parameter that names tables gains a summary of the table it reads.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DocumentSymbol, FoldingRange, Hover, SymbolKind } from 'vscode-languageserver-types';
import type { EffectiveConfig } from '../config';
import type { Finding } from '../findings';
import type { ConfigPair, LanguageService, LanguageSettings } from '../languageService';
import { kindInfo, kindOf, referencedFiles } from '../documentKinds';
import type { CertificateInspector } from '../rules/tls/certificates';
import { isTableKind, policySummary, tableCodeActions, tableCompletion, TableContext, tableFindings, tableHover, TableKind } from './index';
import type { TableSource } from './source';

/** Reads a table source file a configuration names; absent in the browser and in Restricted Mode. */
export interface TableReader {
  /** The text of the file at `path` (as main.cf names it), or undefined when it cannot be read; `mainUri` is the main.cf that names it. */
  read(path: string, mainUri: string | undefined): string | undefined;
}

/** What the facade lends the wrapper: its parse cache, configurations, settings and inspector. */
export interface TableDeps {
  parseTable(doc: TextDocument, kind: TableKind): TableSource;
  config(pair: ConfigPair, settings?: LanguageSettings): EffectiveConfig;
  inspectorFor(doc: TextDocument, pair: ConfigPair, cfg: EffectiveConfig, settings: LanguageSettings): CertificateInspector | undefined;
  /** Applies postfix.rules and suppression comments, as for main.cf (comment lines given). */
  settle(raw: Finding[], doc: TextDocument, commentLines: number[], settings: LanguageSettings): Finding[];
  toDiagnostic(f: Finding, uri: string): Diagnostic;
  tables?: TableReader;
}

const fileName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

function pathOf(uri: string): string {
  try {
    return decodeURIComponent(uri.replace(/^file:\/\//, '').replace(/[?#].*$/, ''));
  } catch {
    return uri;
  }
}

/**
 * The main.cf reference to the table at `uri` (of `kind`, or of any table kind), if main.cf names
 * it: the same path, or (a configuration repository keeps its tables beside main.cf) the same file
 * name in main.cf's directory.
 */
export function referenceTo(uri: string, kind: TableKind | undefined, cfg: EffectiveConfig, mainUri: string | undefined): { parameter: string; kind: TableKind } | undefined {
  const here = pathOf(uri);
  const refs = referencedFiles(cfg).flatMap((r) => (isTableKind(r.kind) && (!kind || r.kind === kind) ? [{ ...r, kind: r.kind }] : []));
  const dir = mainUri ? pathOf(mainUri).replace(/[^/]*$/, '') : undefined;
  return refs.find((r) => r.path === here) ?? refs.find((r) => dir !== undefined && here === dir + fileName(r.path));
}

export function withTables(s: LanguageService, deps: TableDeps): LanguageService {
  const tableKind = (doc: TextDocument): TableKind | undefined => {
    const k = kindOf(doc);
    return isTableKind(k) ? k : undefined;
  };
  const context = (doc: TextDocument, kind: TableKind, pair: ConfigPair = {}, settings: LanguageSettings = {}): TableContext => {
    const withSelf: ConfigPair = { ...pair, [kind]: doc };
    // main.cf judges the table only when it names it (a table beside an unrelated main.cf is read alone).
    const cfg = pair.main ? deps.config(withSelf, settings) : undefined;
    const ref = cfg && referenceTo(doc.uri, kind, cfg, pair.main?.uri);
    const used = ref ? cfg : undefined;
    return {
      kind,
      cfg: used,
      program: ref?.parameter.startsWith('lmtp_') ? 'lmtp' : 'smtp',
      settings,
      source: deps.parseTable(doc, kind),
      certificates: deps.inspectorFor(doc, withSelf, used ?? deps.config({}, settings), settings),
    };
  };
  const findings = (doc: TextDocument, kind: TableKind, pair: ConfigPair, settings: LanguageSettings = {}): Finding[] => {
    const ctx = context(doc, kind, pair, settings);
    const comments = ctx.source!.comments.map((c) => doc.positionAt(c.start).line);
    return deps.settle(tableFindings(doc, ctx), doc, comments, settings);
  };
  const none = <T>(doc: TextDocument, value: T, other: () => T): T => (tableKind(doc) ? value : other());
  return {
    ...s,
    findings: (doc, pair, settings) => {
      const k = tableKind(doc);
      return k ? findings(doc, k, pair, settings) : s.findings(doc, pair, settings);
    },
    validate: (doc, pair, settings) => {
      const k = tableKind(doc);
      return k ? findings(doc, k, pair, settings).map((f) => deps.toDiagnostic(f, doc.uri)) : s.validate(doc, pair, settings);
    },
    doHover: (doc, pos, pair, settings) => {
      const k = tableKind(doc);
      if (k) return pos.line >= doc.lineCount ? null : tableHover(doc, pos, context(doc, k, pair, settings));
      return withSummary(s.doHover(doc, pos, pair, settings), doc, pos, pair, settings);
    },
    doComplete: (doc, pos, pair, settings) => {
      const k = tableKind(doc);
      if (!k) return s.doComplete(doc, pos, pair, settings);
      return pos.line >= doc.lineCount ? { isIncomplete: false, items: [] } : tableCompletion(doc, pos, context(doc, k, pair, settings));
    },
    getCodeActions: (doc, range, diagnostics, pair, settings, only) => {
      const k = tableKind(doc);
      if (!k) return s.getCodeActions(doc, range, diagnostics, pair, settings, only);
      if (only && !only.some((o) => 'quickfix'.startsWith(o))) return [];
      const ctx = context(doc, k, pair, settings);
      return tableCodeActions(doc, tableFindings(doc, ctx), diagnostics, range);
    },
    findDefinition: (doc, ...rest) => none(doc, null, () => s.findDefinition(doc, ...rest)),
    findReferences: (doc, ...rest) => none(doc, [], () => s.findReferences(doc, ...rest)),
    prepareRename: (doc, ...rest) => none(doc, null, () => s.prepareRename(doc, ...rest)),
    rename: (doc, ...rest) => none(doc, { error: 'A table has no parameter to rename.' }, () => s.rename(doc, ...rest)),
    findDocumentLinks: (doc, ...rest) => none(doc, [], () => s.findDocumentLinks(doc, ...rest)),
    findDocumentSymbols: (doc, ...rest) => {
      const k = tableKind(doc);
      return k ? tableSymbols(doc, deps.parseTable(doc, k)) : s.findDocumentSymbols(doc, ...rest);
    },
    getFoldingRanges: (doc) => {
      const k = tableKind(doc);
      return k ? tableFolding(doc, deps.parseTable(doc, k)) : s.getFoldingRanges(doc);
    },
    getSemanticTokens: (doc, ...rest) => none(doc, { data: [] }, () => s.getSemanticTokens(doc, ...rest)),
    getInlayHints: (doc, ...rest) => none(doc, [], () => s.getInlayHints(doc, ...rest)),
    format: (doc, range) => none(doc, [], () => s.format(doc, range)),
  };

  /** main.cf: the hover of smtp_tls_policy_maps (and its kin) says what the table holds, when it can be read. */
  function withSummary(h: Hover | null, doc: TextDocument, pos: { line: number; character: number }, pair: ConfigPair | undefined, settings: LanguageSettings | undefined): Hover | null {
    if (!h || !deps.tables || kindOf(doc) !== 'main' || typeof h.contents !== 'object' || !('kind' in h.contents)) return h;
    const line = doc.getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } });
    const name = /^\s*([A-Za-z0-9_]+)\s*=/.exec(line)?.[1];
    const params = kindInfo('tls-policy').related;
    if (!name || params.by !== 'reference' || !params.parameters.includes(name)) return h;
    const cfg = deps.config({ ...pair, main: doc }, settings);
    const lines: string[] = [];
    for (const r of referencedFiles(cfg)) {
      if (r.parameter !== name) continue;
      const text = deps.tables.read(r.path, doc.uri);
      if (text !== undefined) lines.push(`**${r.path}**: ${policySummary(text, cfg.version.target)}`);
    }
    if (!lines.length) return h;
    return { ...h, contents: { ...h.contents, value: `${h.contents.value}\n\n---\n\n${lines.join('\n\n')}` } };
  }
}

/** One symbol per entry: the key, with its value as detail. */
function tableSymbols(doc: TextDocument, source: TableSource): DocumentSymbol[] {
  return source.entries.map((e) => {
    const range = { start: doc.positionAt(e.start), end: doc.positionAt(e.end) };
    const selectionRange = { start: doc.positionAt(e.keyStart), end: doc.positionAt(e.keyEnd) };
    return { name: e.key, detail: e.value.replace(/\s+/g, ' ').slice(0, 80), kind: SymbolKind.Key, range, selectionRange };
  });
}

/** Entries over several lines, and runs of comment lines. */
function tableFolding(doc: TextDocument, source: TableSource): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const e of source.entries) {
    const end = doc.positionAt(e.end).line;
    if (end > e.line) out.push({ startLine: e.line, endLine: end });
  }
  let run: number[] = [];
  const flush = () => {
    if (run.length > 1) out.push({ startLine: run[0], endLine: run[run.length - 1], kind: 'comment' });
    run = [];
  };
  for (const c of source.comments) {
    const line = doc.positionAt(c.start).line;
    if (run.length && line !== run[run.length - 1] + 1) flush();
    run.push(line);
  }
  flush();
  return out.sort((a, b) => a.startLine - b.startLine);
}
