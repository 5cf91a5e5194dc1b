import { CodeAction, CompletionItem, CompletionList, Diagnostic, DiagnosticSeverity, DiagnosticTag, Hover, Position, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { EffectiveConfig, ServiceSettings } from './config';
import type { Finding, Severity } from './findings';
import type { ParsedConfig } from './parser/ast';
import { parseMainCf } from './parser/mainParser';
import { parseMasterCf } from './parser/masterParser';
import { isTemplate } from './parser/templates';
import { generalRules } from './rules/general';
import { doHover } from './hover';
import { doComplete, resolveCompletion } from './completion';
import { quickFixes } from './codeActions';
import { printEffective } from './print';

export const SOURCE = 'postfix-tls';

export interface LanguageSettings extends ServiceSettings {
  /** Severity per rule id, or "off". */
  rules?: Record<string, Severity | 'off'>;
}

export type ConfigKind = 'main' | 'master';

/** A document is a master.cf by its language id, else by its file name. */
export function kindOf(doc: { uri: string; languageId?: string }): ConfigKind {
  if (doc.languageId === 'postfix-master') return 'master';
  if (doc.languageId === 'postfix-main') return 'main';
  return /(^|[/\\])master\.cf[^/\\]*$/.test(decodeURIComponent(doc.uri)) ? 'master' : 'main';
}

/** The configuration a document belongs to: itself plus the other file of the pair, when known. */
export interface ConfigPair {
  main?: TextDocument;
  master?: TextDocument;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const SUPPRESS = /^\s*#\s*postfix-lint\s+disable-next-line\s+(.+)$/;

export interface LanguageService {
  parse(doc: TextDocument): ParsedConfig;
  config(pair: ConfigPair, settings?: LanguageSettings): EffectiveConfig;
  /** Findings for one document of the pair, after settings and suppression comments. */
  findings(doc: TextDocument, pair: ConfigPair, settings?: LanguageSettings): Finding[];
  validate(doc: TextDocument, pair: ConfigPair, settings?: LanguageSettings): Diagnostic[];
  doHover(doc: TextDocument, pos: Position, pair: ConfigPair, settings?: LanguageSettings): Hover | null;
  doComplete(doc: TextDocument, pos: Position, pair: ConfigPair, settings?: LanguageSettings): CompletionList;
  resolveCompletion(item: CompletionItem, pair: ConfigPair, settings?: LanguageSettings): CompletionItem;
  getCodeActions(doc: TextDocument, range: Range, diagnostics: Diagnostic[]): CodeAction[];
  print(doc: TextDocument): string;
}

export function getLanguageService(): LanguageService {
  // One parse per document version: hover, completion and validation share it.
  const cache = new Map<string, { version: number; text: string; parsed: ParsedConfig }>();
  const parse = (doc: TextDocument): ParsedConfig => {
    const hit = cache.get(doc.uri);
    if (hit && hit.version === doc.version && hit.text.length === doc.getText().length) return hit.parsed;
    const text = doc.getText();
    const template = isTemplate(doc.uri, text);
    const parsed = kindOf(doc) === 'master' ? parseMasterCf(text, template) : parseMainCf(text, template);
    cache.set(doc.uri, { version: doc.version, text, parsed });
    if (cache.size > 64) cache.delete(cache.keys().next().value as string);
    return parsed;
  };
  const config = (pair: ConfigPair, settings: LanguageSettings = {}) =>
    new EffectiveConfig(pair.main && parse(pair.main), pair.master && parse(pair.master), settings);

  const findings = (doc: TextDocument, pair: ConfigPair, settings: LanguageSettings = {}): Finding[] => {
    const parsed = parse(doc);
    const withSelf: ConfigPair = kindOf(doc) === 'master' ? { ...pair, master: doc } : { ...pair, main: doc };
    const cfg = config(withSelf, settings);
    const raw = generalRules(parsed, cfg);
    const suppressed = suppressions(doc, parsed);
    const out: Finding[] = [];
    for (const f of raw) {
      const level = settings.rules?.[f.rule];
      if (level === 'off') continue;
      if (suppressed.get(f.range.start.line)?.has(f.rule) || suppressed.get(f.range.start.line)?.has('all')) continue;
      out.push(level ? { ...f, severity: level } : f);
    }
    return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  };

  return {
    parse,
    config,
    findings,
    validate(doc, pair, settings) {
      return findings(doc, pair, settings).map((f) => toDiagnostic(f, doc.uri));
    },
    doHover(doc, pos, pair, settings) {
      return doHover(parse(doc), pos, config(pair, settings));
    },
    doComplete(doc, pos, pair, settings) {
      const offset = doc.offsetAt(pos);
      const text = doc.getText();
      const lineText = text.slice(doc.offsetAt({ line: pos.line, character: 0 }), doc.offsetAt({ line: pos.line + 1, character: 0 })).replace(/\r?\n$/, '');
      return doComplete(parse(doc), pos, config(pair, settings), { lineText, inTemplateTag: insideTag(text, offset) });
    },
    resolveCompletion(item, pair, settings) {
      return resolveCompletion(item, config(pair, settings));
    },
    getCodeActions(doc, _range, diagnostics) {
      return quickFixes(doc.uri, diagnostics.filter((d) => d.source === SOURCE));
    },
    print(doc) {
      return printEffective(parse(doc), doc.getText());
    },
  };
}

/** `# postfix-lint disable-next-line rule-a, rule-b` suppresses those rules on the next line. */
function suppressions(doc: TextDocument, parsed: ParsedConfig): Map<number, Set<string>> {
  const map = new Map<number, Set<string>>();
  for (const line of parsed.commentLines) {
    const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    const m = SUPPRESS.exec(text.replace(/\r?\n$/, ''));
    if (m) map.set(line + 1, new Set(m[1].split(/[\s,]+/).filter(Boolean)));
  }
  return map;
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
