import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { EffectiveConfig } from './config';
import type { EditPlan, FileKind, FixPlan } from './findings';
import type { ParsedConfig } from './parser/ast';
import { CERT_NAMES, clientBlock, serverBlock } from './knowledge/blocks';

export interface FixTarget {
  docs: Partial<Record<FileKind, TextDocument>>;
  parsed: Partial<Record<FileKind, ParsedConfig>>;
  cfg: EffectiveConfig;
}

function endInsert(doc: TextDocument, line: number): { at: Range; prefix: string } {
  // Insert at the start of the next line; at the end of a file without final newline, add one first.
  if (line + 1 < doc.lineCount) {
    const p = { line: line + 1, character: 0 };
    return { at: { start: p, end: p }, prefix: '' };
  }
  const end = doc.positionAt(doc.getText().length);
  return { at: { start: end, end }, prefix: end.character === 0 ? '' : '\n' };
}

/** Lines of a definition, whole, so no indented remainder continues the line before. */
function wholeLines(doc: TextDocument, r: Range): Range {
  const endLine = r.end.line + 1;
  if (endLine < doc.lineCount) return { start: { line: r.start.line, character: 0 }, end: { line: endLine, character: 0 } };
  const start = r.start.line > 0 ? doc.positionAt(doc.offsetAt({ line: r.start.line, character: 0 }) - 1) : { line: 0, character: 0 };
  return { start, end: doc.positionAt(doc.getText().length) };
}

const samePos = (a: Position, b: Position) => a.line === b.line && a.character === b.character;

/**
 * The text to delete to remove the master.cf override whose `name=value` is at `r`: the "-o" before it
 * (or the "-oname=value" word) too, and the whole line when nothing else is left on it.
 */
function overrideRange(doc: TextDocument, master: ParsedConfig | undefined, r: Range): Range | undefined {
  const svc = master?.services.find((s) => s.overrides.some((o) => samePos(o.range.start, r.start)));
  if (!svc) return undefined;
  const i = svc.args.findIndex((a) => samePos(a.range.start, r.start) || (a.text.startsWith('-o') && a.range.start.line === r.start.line && a.range.start.character + 2 === r.start.character));
  if (i < 0) return undefined;
  const arg = svc.args[i];
  const start = samePos(arg.range.start, r.start) && i > 0 && svc.args[i - 1].text === '-o' ? svc.args[i - 1].range.start : arg.range.start;
  const end = r.end;
  const lineText = (line: number) => doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const before = lineText(start.line).slice(0, start.character);
  const after = lineText(end.line).slice(end.character);
  if (before.trim() === '' && after.trim() === '') return wholeLines(doc, { start, end });
  if (before.trim() === '') return { start, end: { line: end.line, character: end.character + (after.length - after.trimStart().length) } };
  return { start: { line: start.line, character: start.character - (before.length - before.trimEnd().length) }, end };
}

/** Turns planned fixes into text edits on the current documents; edits existing definitions instead of adding duplicates. */
export function planToEdit(plan: FixPlan, t: FixTarget): WorkspaceEdit | undefined {
  const changes: Record<string, TextEdit[]> = {};
  const push = (file: FileKind, e: TextEdit) => {
    const doc = t.docs[file];
    if (!doc) return false;
    // Lines we add end the way the document's lines end (CRLF files stay CRLF).
    const eol = /\r\n/.test(doc.getText({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } })) ? '\r\n' : '\n';
    (changes[doc.uri] ??= []).push(eol === '\n' ? e : { range: e.range, newText: e.newText.replace(/\r?\n/g, eol) });
    return true;
  };
  for (const e of plan.edits) if (!applyOne(e, t, push)) return undefined;
  return Object.keys(changes).length ? { changes } : undefined;
}

function applyOne(e: EditPlan, t: FixTarget, push: (f: FileKind, e: TextEdit) => boolean): boolean {
  switch (e.kind) {
    case 'replace':
      if (e.text === '' && e.file === 'master') {
        // Emptying an -o override: take its "-o" with it, or master(8) reads the next field as its name=value.
        const doc = t.docs.master;
        const r = doc && overrideRange(doc, t.parsed.master, e.range);
        if (r) return push('master', { range: r, newText: '' });
      }
      return push(e.file, { range: e.range, newText: e.text });
    case 'remove': {
      const doc = t.docs[e.file];
      if (!doc) return false;
      if (e.file === 'master') {
        // An -o may share its line with the service or with other -o: never delete whole lines blindly there.
        const r = overrideRange(doc, t.parsed.master, e.range);
        if (r) return push('master', { range: r, newText: '' });
      }
      return push(e.file, { range: wholeLines(doc, e.range), newText: '' });
    }
    case 'set':
      return e.service ? setOverride(e.name, e.value, e.service, t, push) : setMain(e.name, e.value, t, push);
    case 'insertBlock':
      return insertBlock(e.block, t, push, e.at);
  }
}

function setMain(name: string, value: string, t: FixTarget, push: (f: FileKind, e: TextEdit) => boolean): boolean {
  const doc = t.docs.main;
  if (!doc) return false;
  const def = t.cfg.mainDefs.get(name);
  if (def) {
    const needsBlank = def.value === '' && !/\s$/.test(doc.getText({ start: def.nameRange.start, end: def.valueRange.start }));
    return push('main', { range: def.valueRange, newText: (needsBlank ? ' ' : '') + value });
  }
  const anchorDef = [...t.cfg.mainDefs.values()].filter((d) => d.name.startsWith(familyOf(name))).sort((a, b) => a.range.end.line - b.range.end.line).pop();
  const { at, prefix } = endInsert(doc, anchorDef ? anchorDef.range.end.line : doc.lineCount - 1);
  return push('main', { range: at, newText: `${prefix}${name} = ${value}\n` });
}

function familyOf(name: string): string {
  const m = /^([a-z]+_tls_|[a-z]+_)/.exec(name);
  return m ? m[1] : name;
}

function setOverride(name: string, value: string, serviceKey: string, t: FixTarget, push: (f: FileKind, e: TextEdit) => boolean): boolean {
  const doc = t.docs.master;
  const svc = t.parsed.master?.services.find((s) => s.key === serviceKey);
  if (!doc || !svc) return false;
  const existing = [...svc.overrides].reverse().find((o) => o.name === name);
  if (existing) return push('master', { range: existing.valueRange, newText: value });
  const { at, prefix } = endInsert(doc, svc.logical.endLine);
  return push('master', { range: at, newText: `${prefix}  -o ${name}=${value}\n` });
}

function insertBlock(block: 'client' | 'server', t: FixTarget, push: (f: FileKind, e: TextEdit) => boolean, place?: { line: number; before?: boolean }): boolean {
  const doc = t.docs.main;
  if (!doc) return false;
  const { heading, lines } = block === 'server' ? serverBlock(t.cfg.version.target) : clientBlock();
  const haveCert = CERT_NAMES.some((n) => (t.cfg.mainDefs.get(n)?.value ?? '') !== '');
  const fresh: string[] = [];
  for (const { name, value } of lines) {
    const def = t.cfg.mainDefs.get(name);
    if (CERT_NAMES.includes(name) && haveCert) continue;
    if (def) {
      // An existing level that leaves TLS off is the reason for the fix: raise it. Other settings stay as the admin wrote them.
      if (/_security_level$/.test(name) && /^(none)?$/i.test(def.value.trim())) setMain(name, value, t, push);
      continue;
    }
    fresh.push(`${name} = ${value}`);
  }
  if (!fresh.length) return true;
  const prefix = block === 'server' ? 'smtpd_tls_' : 'smtp_tls_';
  const last = [...t.cfg.mainDefs.values()].filter((d) => d.name.startsWith(prefix)).sort((a, b) => a.range.end.line - b.range.end.line).pop();
  // Where the finding was shown (the line the admin is looking at), unless the block's own family is already there.
  if (!last && place && place.line < doc.lineCount) {
    if (place.before) {
      const p = { line: place.line, character: 0 };
      return push('main', { range: { start: p, end: p }, newText: `${heading}\n${fresh.join('\n')}\n\n` });
    }
    const { at, prefix: nl } = endInsert(doc, place.line);
    return push('main', { range: at, newText: `${nl}\n${heading}\n${fresh.join('\n')}\n` });
  }
  const { at, prefix: nl } = endInsert(doc, last ? last.range.end.line : doc.lineCount - 1);
  const sep = last || doc.getText().trim() === '' ? '' : '\n';
  return push('main', { range: at, newText: `${nl}${sep}${heading}\n${fresh.join('\n')}\n` });
}
