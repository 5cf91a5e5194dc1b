import { withMailLogs } from './maillog/logDocuments';
import { TableReader, withTables } from './tables/tableDocuments';
import { CodeAction, CodeActionKind, CompletionItem, CompletionList, Diagnostic, DiagnosticSeverity, DiagnosticTag, Hover, Position, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { EffectiveConfig, ServiceSettings } from './config';
import type { Finding, Severity } from './findings';
import type { ParsedConfig } from './parser/ast';
import { ConfigFileKind, kindInfo, kindOf, KIND_IDS, KindId, parseAs, ParsedOf } from './documentKinds';
import { generalRules } from './rules/general';
import { doHover } from './hover';
import { doComplete, resolveCompletion } from './completion';
import { printAll, printEffective } from './print';
import { tlsRules } from './rules/tls';
import type { CertificateInspector } from './rules/tls/certificates';
import { planToEdit } from './fixes';
import type { DocumentLink, DocumentSymbol, FoldingRange, InlayHint, LocationLink, Location, SemanticTokens, TextEdit } from 'vscode-languageserver-types';
import { LINE_BREAK } from './parser/logical';
import type { PairView } from './occurrences';
import { findDefinition as definitionOf } from './definition';
import { findReferences as referencesOf, prepareRename as prepareRenameOf, PrepareRenameResult, rename as renameOf, RenameResult } from './references';
import { fileDirectory, findDocumentLinks as documentLinksOf } from './documentLinks';
import { findDocumentSymbols as symbolsOf } from './symbols';
import { getFoldingRanges as foldingRangesOf } from './folding';
import { getSemanticTokens as semanticTokensOf } from './semanticTokens';
import { getInlayHints as inlayHintsOf } from './inlayHints';
import { format as formatOf } from './formatting';
import { certificateHover } from './certificateHover';
import { knownParameterActions } from './codeActions';
import { ruleIds } from './rules/catalogue';
import { effectiveTlsSettings } from './effectiveTls';

/** Rules that report only when postfix.rules gives them a severity. */
const OFF_BY_DEFAULT: ReadonlySet<string> = new Set(ruleIds((r) => !!r.off));

export const SOURCE = 'postfix-tls';

export interface LanguageSettings extends ServiceSettings {
  /** Severity per rule id, or "off". */
  rules?: Record<string, Severity | 'off'>;
  /**
   * `postfix.certificateChecks`: read the certificate and key files the configuration names.
   * `auto` (the default) only when the configuration runs on this machine (see certificateMode),
   * `on` always, `off` never. The former booleans still work: true is `auto`, false is `off`.
   */
  certificateChecks?: CertificateChecks | boolean;
  /** `postfix.inlayHints.enabled`: inline expanded values (off by default). */
  inlayHints?: { enabled?: boolean };
  /** `postfix.postconfPath` (machine scope): the postconf whose mail_version the server offers as the target. */
  postconfPath?: string;
  /** `postfix.maxDiagnostics`: the most diagnostics the server publishes per document (default 1000). */
  maxDiagnostics?: number;
}

export interface LanguageServiceOptions {
  /** Reads certificate files; omitted in Restricted Mode and in the browser. */
  certificates?: CertificateInspector;
  /** Reads the policy and SNI table sources main.cf names (its hover, the client rules); omitted in Restricted Mode and in the browser. */
  tables?: TableReader;
}

export type CertificateChecks = 'auto' | 'on' | 'off';

/** The setting's value as a mode: anything but on and off (or false) is auto. */
export function certificateMode(v: unknown): CertificateChecks {
  if (v === false || v === 'off') return 'off';
  if (v === 'on') return 'on';
  return 'auto';
}

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.postfix`;

/** A document's kind comes from the registry (documentKinds.ts): file name first, language id second. */
export { kindOf, type KindId } from './documentKinds';

/** The configuration a document belongs to: itself plus the related files of other kinds, when known (main.cf and master.cf side by side). */
export type ConfigPair = { [K in KindId]?: TextDocument };

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const SUPPRESS = /^\s*#\s*postfix-lint\s+disable-next-line\s+(.+)$/;

export interface LanguageService {
  parse(doc: TextDocument): ParsedConfig;
  /** Drops what is kept for a document (its parse): it was closed. */
  forget(uri: string): void;
  config(pair: ConfigPair, settings?: LanguageSettings): EffectiveConfig;
  /** Findings for one document of the pair, after settings and suppression comments. */
  findings(doc: TextDocument, pair: ConfigPair, settings?: LanguageSettings): Finding[];
  validate(doc: TextDocument, pair: ConfigPair, settings?: LanguageSettings): Diagnostic[];
  doHover(doc: TextDocument, pos: Position, pair: ConfigPair, settings?: LanguageSettings): Hover | null;
  doComplete(doc: TextDocument, pos: Position, pair: ConfigPair, settings?: LanguageSettings): CompletionList;
  resolveCompletion(item: CompletionItem, pair: ConfigPair, settings?: LanguageSettings): CompletionItem;
  /** Quick fixes for the given diagnostics, and the "fix all" source action when asked for. */
  getCodeActions(doc: TextDocument, range: Range, diagnostics: Diagnostic[], pair?: ConfigPair, settings?: LanguageSettings, only?: string[]): CodeAction[];
  /**
   * `postconf -n`: needs the master.cf beside it to know which service-derived names exist.
   * With `all`, `postconf` without -n: every parameter of the target release, defaults included.
   */
  print(doc: TextDocument, pair?: ConfigPair, settings?: LanguageSettings, all?: boolean): string;
  /** Every TLS parameter with its effective value and where it comes from (the "Show effective TLS settings" view). */
  effectiveTlsSettings(pair: ConfigPair, settings?: LanguageSettings): string;
  /** Where `$name` (or the name under the cursor) is defined, as the service at hand sees it. */
  findDefinition(doc: TextDocument, pos: Position, pair?: ConfigPair, settings?: LanguageSettings): LocationLink[] | null;
  /** `$name` uses, `-o` overrides and (with includeDeclaration) main.cf definitions, in both files. */
  findReferences(doc: TextDocument, pos: Position, pair?: ConfigPair, includeDeclaration?: boolean, settings?: LanguageSettings): Location[];
  /** The range to rename, or why the name cannot be renamed (Postfix's own names). */
  prepareRename(doc: TextDocument, pos: Position, pair?: ConfigPair, settings?: LanguageSettings): PrepareRenameResult;
  rename(doc: TextDocument, pos: Position, newName: string, pair?: ConfigPair, settings?: LanguageSettings): RenameResult;
  /**
   * Candidate links to the files values name; whether they exist is for the caller to check.
   * For a mail log: links from its TLS warnings to the settings of pair.main (maillog/logLinks.ts).
   */
  findDocumentLinks(doc: TextDocument, pair?: ConfigPair, settings?: LanguageSettings): DocumentLink[];
  findDocumentSymbols(doc: TextDocument, pair?: ConfigPair, settings?: LanguageSettings): DocumentSymbol[];
  getFoldingRanges(doc: TextDocument): FoldingRange[];
  getSemanticTokens(doc: TextDocument, pair?: ConfigPair, settings?: LanguageSettings): SemanticTokens;
  /** Empty unless settings.inlayHints.enabled. */
  getInlayHints(doc: TextDocument, range: Range, pair?: ConfigPair, settings?: LanguageSettings): InlayHint[];
  /** Document formatting, or range formatting when a range is given. */
  format(doc: TextDocument, range?: Range): TextEdit[];
}

export function getLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  // One parse per document version and kind: hover, completion and validation share it. The same
  // URI parsed as another kind is another parse.
  const cache = new Map<string, { version: number; text: string; parsed: unknown }>();
  const cacheKey = (kind: KindId, uri: string) => `${kind}\u0000${uri}`;
  const parseKind = <K extends KindId>(doc: TextDocument, kind: K): ParsedOf<K> => {
    const key = cacheKey(kind, doc.uri);
    const hit = cache.get(key) as { version: number; text: string; parsed: ParsedOf<K> } | undefined;
    const text = doc.getText();
    if (hit && hit.version === doc.version && hit.text === text) return hit.parsed;
    // After an edit, the parse of the version before serves for the unchanged lines (where the kind's parser can reuse them).
    const parsed = parseAs(doc, kind, hit && { parsed: hit.parsed, text: hit.text });
    cache.set(key, { version: doc.version, text, parsed });
    if (cache.size > 64) cache.delete(cache.keys().next().value as string);
    return parsed;
  };
  // The configuration features see main.cf and master.cf only: withTables answers for table documents.
  const configKind = (doc: TextDocument): ConfigFileKind => (kindOf(doc) === 'master' ? 'master' : 'main');
  const parse = (doc: TextDocument): ParsedConfig => parseKind(doc, configKind(doc));
  // One effective configuration per pair of parses and settings: validation, hover and completion
  // on an unchanged document share it (and the expansions it keeps) instead of rebuilding it.
  const configs = new WeakMap<ParsedConfig | typeof NO_PARSE, Array<{ master: ParsedConfig | undefined; settings: string; cfg: EffectiveConfig }>>();
  const config = (pair: ConfigPair, settings: LanguageSettings = {}): EffectiveConfig => {
    const main = pair.main && parse(pair.main);
    const master = pair.master && parse(pair.master);
    const key = settingsKey(settings);
    const list = configs.get(main ?? NO_PARSE) ?? [];
    const hit = list.find((c) => c.master === master && c.settings === key);
    if (hit) return hit.cfg;
    const cfg = new EffectiveConfig(main, master, settings);
    // A few per main.cf parse (one per sibling version or settings in use); the oldest goes first.
    list.push({ master, settings: key, cfg });
    if (list.length > 4) list.shift();
    configs.set(main ?? NO_PARSE, list);
    return cfg;
  };

  const findings = (doc: TextDocument, pair: ConfigPair, settings: LanguageSettings = {}): Finding[] => {
    const parsed = parse(doc);
    const withSelf = withDoc(doc, pair);
    const cfg = config(withSelf, settings);
    const kind = configKind(doc);
    const main = withSelf.main && parse(withSelf.main);
    const master = withSelf.master && parse(withSelf.master);
    const certs = inspectorFor(doc, withSelf, cfg, settings);
    // TLS rules judge the pair; each document shows the findings located in it.
    const reader = options.tables;
    const readTable = reader && ((path: string) => reader.read(path, withSelf.main?.uri));
    const tls = tlsRules(cfg, main, master, certs, readTable).filter((f) => f.file === kind);
    return settle([...generalRules(parsed, cfg), ...tls], doc, parsed.commentLines, settings, relabeller(withSelf));
  };

  /**
   * The inspector for a configuration, as postfix.certificateChecks says: none when off; with auto,
   * only when the configuration runs on this machine (the inspector's runsHere): elsewhere the paths
   * name the mail host's files, and a file of the same name here (or none) says nothing about them.
   */
  function inspectorFor(doc: TextDocument, pair: ConfigPair, cfg: EffectiveConfig, settings: LanguageSettings): CertificateInspector | undefined {
    const insp = options.certificates;
    const mode = certificateMode(settings.certificateChecks);
    if (!insp || mode === 'off') return undefined;
    if (mode === 'on' || !insp.runsHere) return insp;
    const set = cfg.mainDefs.has('config_directory') ? cfg.effective('config_directory').text.trim() : undefined;
    return insp.runsHere(pair.main?.uri ?? doc.uri, set || undefined) ? insp : undefined;
  }

  // Mail logs (postfix-log) share the documents but none of the configuration features; tables have features of their own.
  const tables = { parseTable: parseKind, config, inspectorFor, settle, toDiagnostic, tables: options.tables };
  return withMailLogs(withTables({
    parse,
    forget(uri) {
      for (const kind of KIND_IDS) cache.delete(cacheKey(kind, uri));
    },
    config,
    findings,
    validate(doc, pair, settings) {
      return findings(doc, pair, settings).map((f) => toDiagnostic(f, doc.uri));
    },
    doHover(doc, pos, pair, settings) {
      // A line past the end holds nothing (a character past the end of a line is dealt with by locate).
      if (pos.line >= doc.lineCount) return null;
      const p = withDoc(doc, pair);
      const certs = options.certificates && inspectorFor(doc, p, config(p, settings), settings ?? {});
      if (certs) {
        const h = certificateHover(parse(doc), pos, config(p, settings), certs, fileDirectory(p.main?.uri ?? doc.uri));
        if (h) return h;
      }
      const h = doHover(parse(doc), pos, config(pair, settings));
      const relabel = relabeller(withDoc(doc, pair));
      if (h && relabel && typeof h.contents === 'object' && 'kind' in h.contents) return { ...h, contents: { ...h.contents, value: relabel(h.contents.value) } };
      return h;
    },
    doComplete(doc, pos, pair, settings) {
      // Nothing to complete on a line past the end: edits there would reach outside the document.
      if (pos.line >= doc.lineCount) return { isIncomplete: false, items: [] };
      const offset = doc.offsetAt(pos);
      const text = doc.getText();
      const lineText = text.slice(doc.offsetAt({ line: pos.line, character: 0 }), doc.offsetAt({ line: pos.line + 1, character: 0 })).replace(/(\r\n|\r|\n)$/, '');
      return doComplete(parse(doc), pos, config(pair, settings), { lineText, inTemplateTag: insideTag(text, offset) });
    },
    resolveCompletion(item, pair, settings) {
      return resolveCompletion(item, config(pair, settings));
    },
    getCodeActions(doc, range, diagnostics, pair = {}, settings = {}, only) {
      const withSelf = withDoc(doc, pair);
      const ours = diagnostics.filter((d) => d.source === SOURCE);
      const wantQuick = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
      const wantAll = only?.some((k) => FIX_ALL_KIND.startsWith(k) || k === CodeActionKind.Source);
      const actions: CodeAction[] = [];
      const fs = findings(doc, withSelf, settings);
      const target = () => ({
        docs: { main: withSelf.main, master: withSelf.master },
        parsed: { main: withSelf.main && parse(withSelf.main), master: withSelf.master && parse(withSelf.master) },
        cfg: config(withSelf, settings),
      });
      if (wantQuick) {
        for (const f of fs) {
          if (!f.fixes?.length) continue;
          const diag = ours.find((d) => d.code === f.rule && sameRange(d.range, f.range));
          if (!diag && !overlaps(f.range, range)) continue;
          for (const plan of f.fixes) {
            const edit = planToEdit(plan, target());
            if (edit) actions.push({ title: plan.title, kind: CodeActionKind.QuickFix, diagnostics: diag ? [diag] : undefined, isPreferred: !!plan.preferred, edit });
          }
        }
        actions.push(...knownParameterActions((r) => doc.getText(r), ours));
      }
      if (wantAll) {
        const all = fixAll(fs, target);
        if (all) actions.push(all);
      }
      return actions;
    },
    print(doc, pair, settings, all) {
      const master = pair?.master && parse(pair.master);
      return all ? printAll(parse(doc), doc.getText(), master, settings) : printEffective(parse(doc), doc.getText(), master, settings);
    },
    effectiveTlsSettings(pair, settings) {
      return effectiveTlsSettings(config(pair, settings), { main: fileLabel(pair.main, 'main') ?? kindInfo('main').label, master: fileLabel(pair.master, 'master') ?? kindInfo('master').label });
    },
    findDefinition(doc, pos, pair = {}, settings) {
      const p = withDoc(doc, pair);
      return definitionOf(configKind(doc), pos, view(p), config(p, settings));
    },
    findReferences(doc, pos, pair = {}, includeDeclaration = true, settings) {
      const p = withDoc(doc, pair);
      return referencesOf(configKind(doc), pos, view(p), config(p, settings), includeDeclaration);
    },
    prepareRename(doc, pos, pair = {}, settings) {
      const p = withDoc(doc, pair);
      return prepareRenameOf(configKind(doc), pos, view(p), config(p, settings), settings);
    },
    rename(doc, pos, newName, pair = {}, settings) {
      const p = withDoc(doc, pair);
      return renameOf(configKind(doc), pos, newName, view(p), config(p, settings), settings);
    },
    findDocumentLinks(doc, pair = {}, settings) {
      const p = withDoc(doc, pair);
      return documentLinksOf(parse(doc), config(p, settings), doc.uri, p.main?.uri);
    },
    findDocumentSymbols(doc, pair = {}, settings) {
      return symbolsOf(parse(doc), doc.getText().split(LINE_BREAK), config(withDoc(doc, pair), settings));
    },
    getFoldingRanges(doc) {
      return foldingRangesOf(parse(doc));
    },
    getSemanticTokens(doc, pair = {}, settings) {
      return semanticTokensOf(doc, parse(doc), config(withDoc(doc, pair), settings));
    },
    getInlayHints(doc, range, pair = {}, settings) {
      if (settings?.inlayHints?.enabled !== true) return [];
      return inlayHintsOf(parse(doc), range, config(withDoc(doc, pair), settings));
    },
    format(doc, range) {
      return formatOf(doc.getText(), parse(doc), range);
    },
  }, tables));

  function view(pair: ConfigPair): PairView {
    return {
      main: pair.main && { uri: pair.main.uri, parsed: parse(pair.main) },
      master: pair.master && { uri: pair.master.uri, parsed: parse(pair.master) },
    };
  }
}

/**
 * The file name of a document of the pair, when it is not the plain `main.cf` / `master.cf` the
 * messages assume (the kind's label; `main.cf.erb`, `postfix_main.cf.j2`); undefined for an untitled document.
 */
function fileLabel(doc: TextDocument | undefined, kind: KindId): string | undefined {
  const plain = kindInfo(kind).label;
  if (!doc || doc.uri.startsWith('untitled:')) return undefined;
  const path = doc.uri.replace(/[?#].*$/, '');
  let base = path.slice(path.lastIndexOf('/') + 1);
  try {
    base = decodeURIComponent(base);
  } catch {
    // keep it as written
  }
  return base && base !== plain ? base : undefined;
}

/**
 * Messages locate definitions as "main.cf line 3" or "master.cf line 7": in a template or a file
 * of another name, they name that file instead. Undefined when both files have the plain names.
 */
function relabeller(pair: ConfigPair): ((message: string) => string) | undefined {
  const main = fileLabel(pair.main, 'main');
  const master = fileLabel(pair.master, 'master');
  if (!main && !master) return undefined;
  return (m) => {
    let out = m;
    if (main) out = out.replace(/\bmain\.cf line\b/g, `${main} line`).replace(/\(main\.cf\)/g, `(${main})`);
    if (master) out = out.replace(/\bmaster\.cf line\b/g, `${master} line`).replace(/\(master\.cf\)/g, `(${master})`);
    return out;
  };
}

/** The configuration with the document itself in its kind's place. */
function withDoc(doc: TextDocument, pair: ConfigPair = {}): ConfigPair {
  return { ...pair, [kindOf(doc)]: doc };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Edits collide when they share text, or insert at the same point (order would be ambiguous); touching is fine. */
function collides(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  const empty = (r: Range) => !before(r.start, r.end);
  if (empty(a) && empty(b)) return sameRange(a, b);
  if (empty(a) || empty(b)) {
    const [point, span] = empty(a) ? [a, b] : [b, a];
    return before(span.start, point.start) && before(point.start, span.end);
  }
  return before(a.start, b.end) && before(b.start, a.end);
}

/** Every preferred fix whose edits do not collide with an earlier one, as one source action. */
function fixAll(fs: Finding[], target: () => Parameters<typeof planToEdit>[1]): CodeAction | undefined {
  const changes: Record<string, import('vscode-languageserver-types').TextEdit[]> = {};
  const taken: Array<{ uri: string; range: Range }> = [];
  let count = 0;
  for (const f of fs) {
    const plan = f.fixes?.find((p) => p.preferred && p.fixAll !== false);
    if (!plan) continue;
    const edit = planToEdit(plan, target());
    if (!edit?.changes) continue;
    const edits = Object.entries(edit.changes).flatMap(([uri, es]) => es.map((e) => ({ uri, e })));
    if (edits.some(({ uri, e }) => taken.some((t) => t.uri === uri && collides(t.range, e.range)))) continue;
    for (const { uri, e } of edits) {
      (changes[uri] ??= []).push(e);
      taken.push({ uri, range: e.range });
    }
    count++;
  }
  return count ? { title: `Fix all ${count} auto-fixable Postfix findings`, kind: FIX_ALL_KIND, edit: { changes } } : undefined;
}

/** The settings that EffectiveConfig reads (ServiceSettings), as a cache key. */
function settingsKey(settings: LanguageSettings): string {
  return JSON.stringify([settings.targetVersion ?? '', settings.installedVersion ?? '', settings.knownParameters ?? []]);
}

/** Stands for "no main.cf" as a key of the configuration cache. */
const NO_PARSE = {};

/** `# postfix-lint disable-next-line rule-a, rule-b` suppresses those rules on the next line. */
function suppressions(doc: TextDocument, commentLines: readonly number[]): Map<number, Set<string>> {
  const map = new Map<number, Set<string>>();
  // Most files have no suppression comment at all: one search instead of a look at every comment line.
  if (!commentLines.length || !doc.getText().includes('postfix-lint')) return map;
  for (const line of commentLines) {
    const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    const m = SUPPRESS.exec(text.replace(/\r?\n$/, ''));
    if (m) map.set(line + 1, new Set(m[1].split(/[\s,]+/).filter(Boolean)));
  }
  return map;
}

/**
 * A document's findings as the settings want them: postfix.rules severities (or off), rules off by
 * default, suppression comments, file names relabelled; sorted by position.
 */
function settle(raw: Finding[], doc: TextDocument, commentLines: readonly number[], settings: LanguageSettings, relabel?: (message: string) => string): Finding[] {
  const suppressed = suppressions(doc, commentLines);
  const out: Finding[] = [];
  for (const f of raw) {
    // A severity the settings misspell (not checked by the caller) leaves the rule's own.
    const set = settings.rules?.[f.rule];
    const valid = set === 'off' || (typeof set === 'string' && Object.hasOwn(SEVERITY, set)) ? set : undefined;
    const level = valid ?? (OFF_BY_DEFAULT.has(f.rule) ? 'off' : undefined);
    if (level === 'off') continue;
    if (suppressed.get(f.range.start.line)?.has(f.rule) || suppressed.get(f.range.start.line)?.has('all')) continue;
    const named = relabel ? { ...f, message: relabel(f.message), related: f.related?.map((r) => ({ ...r, message: relabel(r.message) })) } : f;
    if (named.related === undefined) delete named.related;
    out.push(level ? { ...named, severity: level } : named);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function insideTag(text: string, offset: number): boolean {
  const before = text.slice(Math.max(0, offset - 2000), offset);
  const open = Math.max(before.lastIndexOf('<%'), before.lastIndexOf('{{'), before.lastIndexOf('{%'));
  if (open < 0) return false;
  const close = Math.max(before.lastIndexOf('%>'), before.lastIndexOf('}}'), before.lastIndexOf('%}'));
  return close < open;
}

export function toDiagnostic(f: Finding, uri: string): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.rule,
    source: SOURCE,
    message: f.message,
    codeDescription: { href: `https://www.postfix.org/postconf.5.html` },
  };
  if (f.data) d.data = f.data;
  const tags: DiagnosticTag[] = [];
  if (f.unnecessary) tags.push(DiagnosticTag.Unnecessary);
  if (f.deprecated) tags.push(DiagnosticTag.Deprecated);
  if (tags.length) d.tags = tags;
  if (f.related) d.relatedInformation = f.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  return d;
}
