import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, CompletionList, Diagnostic, Hover, Position, Range } from 'vscode-languageserver-types';
import { EffectiveConfig, resolveVersion, ServiceSettings } from '../config';
import { atLeast, Version } from '../knowledge/version';
import type { CertificateInspector } from '../rules/tls/certificates';
import type { KindId } from '../../shared/documentKinds';
import type { TableFinding } from './findings';
import { BRACES_SINCE, LEVELS, levelFacts, parsePolicyTable, PolicyTable } from './policy';
import { policyCompletion } from './policyCompletion';
import { policyHover } from './policyHover';
import { policyFindings } from './policyRules';
import { parseSniTable, sniFindings } from './sni';
import type { TableSource } from './source';

export type { TableFinding } from './findings';

/** The document kinds that are lookup-table sources (shared/documentKinds.ts). */
export type TableKind = Extract<KindId, 'tls-policy' | 'sni'>;

export function isTableKind(kind: KindId): kind is TableKind {
  return kind === 'tls-policy' || kind === 'sni';
}

export interface TableContext {
  kind: TableKind;
  /** The configuration that references the table, when known: main.cf facts and the target release. */
  cfg?: EffectiveConfig;
  /** Which client reads a policy table (smtp_tls_policy_maps or lmtp_tls_policy_maps). */
  program?: 'smtp' | 'lmtp';
  /** For the target release when no configuration is known. */
  settings?: ServiceSettings;
  /** Reads the files a table names (SNI chains, tafile=); already decided by postfix.certificateChecks. */
  certificates?: CertificateInspector;
  /** The document's source as postmap reads it, when the caller keeps it (the facade's parse cache). */
  source?: TableSource;
}

function targetOf(ctx: TableContext): Version {
  return ctx.cfg?.version.target ?? resolveVersion(ctx.settings ?? {}, undefined).target;
}

function relayhostOf(ctx: TableContext): string | undefined {
  if (!ctx.cfg) return undefined;
  const s = ctx.cfg.setting('relayhost');
  return s.unknown || !s.value ? undefined : s.value;
}

const policyCache = new WeakMap<TextDocument | TableSource, { version: number; braces: boolean; table: PolicyTable }>();

/** The policy table of a document, its values read once per version (braces depend on the target release). */
export function policyTableOf(doc: TextDocument, target: Version, source?: TableSource): PolicyTable {
  const braces = atLeast(target, BRACES_SINCE);
  const key = source ?? doc;
  const hit = policyCache.get(key);
  if (hit && hit.version === doc.version && hit.braces === braces) return hit.table;
  const table = parsePolicyTable(source ?? doc.getText(), braces);
  policyCache.set(key, { version: doc.version, braces, table });
  return table;
}

export function tableFindings(doc: TextDocument, ctx: TableContext): TableFinding[] {
  if (ctx.kind === 'sni') return sniFindings(parseSniTable(ctx.source ?? doc.getText()), doc, ctx.certificates);
  const target = targetOf(ctx);
  return policyFindings(policyTableOf(doc, target, ctx.source), doc, { target, program: ctx.program ?? 'smtp', cfg: ctx.cfg, files: ctx.certificates });
}

export function tableHover(doc: TextDocument, pos: Position, ctx: TableContext): Hover | null {
  if (ctx.kind !== 'tls-policy') return null;
  const target = targetOf(ctx);
  return policyHover(policyTableOf(doc, target, ctx.source), doc, doc.offsetAt(pos), { target, program: ctx.program ?? 'smtp', relayhost: relayhostOf(ctx) });
}

export function tableCompletion(doc: TextDocument, pos: Position, ctx: TableContext): CompletionList {
  if (ctx.kind !== 'tls-policy') return { isIncomplete: false, items: [] };
  return policyCompletion(doc.getText(), doc.offsetAt(pos), { target: targetOf(ctx), program: ctx.program ?? 'smtp', relayhost: relayhostOf(ctx) });
}

/** Quick fixes of table findings: those of the diagnostics given, or of findings in the range. */
export function tableCodeActions(doc: TextDocument, findings: TableFinding[], diagnostics: Diagnostic[], range: Range): CodeAction[] {
  const out: CodeAction[] = [];
  const same = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
  const touches = (a: Range) => !(a.end.line < range.start.line || (a.end.line === range.start.line && a.end.character < range.start.character) || a.start.line > range.end.line || (a.start.line === range.end.line && a.start.character > range.end.character));
  for (const f of findings) {
    if (!f.edits?.length) continue;
    const diag = diagnostics.find((d) => d.code === f.rule && same(d.range, f.range));
    if (!diag && !touches(f.range)) continue;
    for (const fix of f.edits) out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: diag ? [diag] : undefined, isPreferred: !!fix.preferred, edit: { changes: { [doc.uri]: fix.edits } } });
  }
  return out;
}

/** For the hover of smtp_tls_policy_maps in main.cf: how many entries at each level. */
export function policySummary(text: string | TableSource, target: Version): string {
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
