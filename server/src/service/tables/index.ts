import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, CompletionList, Diagnostic, Hover, Position } from 'vscode-languageserver-types';
import { EffectiveConfig, resolveVersion, ServiceSettings } from '../config';
import type { Version } from '../knowledge/version';
import type { CertificateInspector } from '../rules/tls/certificates';
import type { TableFinding, TableFix } from './findings';
import { LEVELS, levelFacts, parsePolicyTable, BRACES_SINCE, PolicyTable } from './policy';
import { policyCompletion } from './policyCompletion';
import { policyHover } from './policyHover';
import { policyFindings } from './policyRules';
import type { TableKind } from './referenced';
import { parseSniTable, sniFindings } from './sni';
import { atLeast } from '../knowledge/version';

export type { TableKind } from './referenced';
export type { TableFinding } from './findings';

export const TABLE_LANGUAGES: Readonly<Record<TableKind, string>> = { 'tls-policy': 'postfix-tls-policy', sni: 'postfix-sni' };

/**
 * A table kind by language id first (the user chose it), then by the file's name: `tls_policy`,
 * `*tls_policy*` (tls_policy_maps, smtp_tls_policy, lmtp-tls_policy.txt) for policy tables,
 * `sni`, `*_sni`, `*-sni`, `sni_*`, `sni-*` (sni_maps, tls_server_sni) for SNI tables.
 */
export function tableKindOf(doc: { uri: string; languageId?: string }): TableKind | undefined {
  for (const [kind, id] of Object.entries(TABLE_LANGUAGES) as Array<[TableKind, string]>) if (doc.languageId === id) return kind;
  let path = doc.uri.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it as written
  }
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  // A built table (tls_policy.db, .lmdb, .cdb) is binary: not ours.
  if (/\.(db|lmdb|cdb|dir|pag)$/.test(name)) return undefined;
  // The same names package.json gives the languages.
  if (/tls[_-]policy/.test(name)) return 'tls-policy';
  if (name === 'sni' || /[_-]sni$/.test(name) || /^sni[_-]/.test(name)) return 'sni';
  return undefined;
}

export interface TableContext {
  kind: TableKind;
  /** The configuration that references the table, when known: main.cf facts and the target release. */
  cfg?: EffectiveConfig;
  /** Which client reads a policy table (smtp_tls_policy_maps or lmtp_tls_policy_maps). */
  program?: 'smtp' | 'lmtp';
  /** For the target release when no configuration is known. */
  settings?: ServiceSettings;
  /** Reads certificate files for SNI tables; already decided by postfix.certificateChecks. */
  certificates?: CertificateInspector;
}

function targetOf(ctx: TableContext): Version {
  return ctx.cfg?.version.target ?? resolveVersion(ctx.settings ?? {}, undefined).target;
}

function relayhostOf(ctx: TableContext): string | undefined {
  if (!ctx.cfg) return undefined;
  const s = ctx.cfg.setting('relayhost');
  return s.unknown || !s.value ? undefined : s.value;
}

const policyCache = new WeakMap<TextDocument, { version: number; braces: boolean; table: PolicyTable }>();

/** The policy table of a document, parsed once per version (braces depend on the target release). */
export function policyTableOf(doc: TextDocument, target: Version): PolicyTable {
  const braces = atLeast(target, BRACES_SINCE);
  const hit = policyCache.get(doc);
  if (hit && hit.version === doc.version && hit.braces === braces) return hit.table;
  const table = parsePolicyTable(doc.getText(), braces);
  policyCache.set(doc, { version: doc.version, braces, table });
  return table;
}

export function tableFindings(doc: TextDocument, ctx: TableContext): TableFinding[] {
  if (ctx.kind === 'sni') return sniFindings(parseSniTable(doc.getText()), doc, ctx.certificates);
  const target = targetOf(ctx);
  return policyFindings(policyTableOf(doc, target), doc, { target, program: ctx.program ?? 'smtp', cfg: ctx.cfg });
}

export function tableHover(doc: TextDocument, pos: Position, ctx: TableContext): Hover | null {
  if (ctx.kind !== 'tls-policy') return null;
  const target = targetOf(ctx);
  return policyHover(policyTableOf(doc, target), doc, doc.offsetAt(pos), { target, program: ctx.program ?? 'smtp', relayhost: relayhostOf(ctx) });
}

export function tableCompletion(doc: TextDocument, pos: Position, ctx: TableContext): CompletionList {
  if (ctx.kind !== 'tls-policy') return { isIncomplete: false, items: [] };
  return policyCompletion(doc.getText(), doc.offsetAt(pos), { target: targetOf(ctx), program: ctx.program ?? 'smtp', relayhost: relayhostOf(ctx) });
}

/** The fixes travel with the diagnostic, so that code actions need no second validation. */
export interface TableDiagnosticData {
  tableFixes: TableFix[];
}

export function tableFixesOf(d: Diagnostic): TableFix[] {
  const data = d.data as Partial<TableDiagnosticData> | undefined;
  return Array.isArray(data?.tableFixes) ? data.tableFixes : [];
}

export function tableCodeActions(doc: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    for (const fix of tableFixesOf(d)) {
      out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.preferred, edit: { changes: { [doc.uri]: fix.edits } } });
    }
  }
  return out;
}

/** For the hover of smtp_tls_policy_maps in main.cf: how many entries at each level. */
export function policySummary(text: string, target: Version): string {
  const table = parsePolicyTable(text, atLeast(target, BRACES_SINCE));
  const counts = new Map<string, number>();
  let invalid = 0;
  for (const e of table.entries) {
    const l = e.level?.text.toLowerCase();
    if (l && levelFacts(l)) counts.set(l, (counts.get(l) ?? 0) + 1);
    else invalid++;
  }
  const order = Object.keys(LEVELS).sort((a, b) => LEVELS[b].rank - LEVELS[a].rank);
  const parts = order.filter((l) => counts.has(l)).map((l) => `${counts.get(l)} ${l}`);
  if (invalid) parts.push(`${invalid} with an unknown level`);
  const n = table.entries.length;
  return `${n} ${n === 1 ? 'entry' : 'entries'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
