import { DocumentSymbol, Range, SymbolKind, SymbolTag } from 'vscode-languageserver-types';
import type { EffectiveConfig } from './config';
import type { ParamDef, ParsedConfig, ServiceEntry } from './parser/ast';
import { hasMask } from './parser/logical';
import { facts } from './knowledge/knowledge';

/** Families for files without comment headings, first match wins. */
const FAMILIES: ReadonlyArray<[RegExp, string]> = [
  [/^(smtpd|postscreen|tlsproxy)_tls_|^smtpd_(use|enforce)_tls$|^smtpd_starttls_/, 'TLS server'],
  [/^(smtp|lmtp|tlsproxy_client)_tls_|^(smtp|lmtp)_(use|enforce)_tls$|^(smtp|lmtp)_sni_/, 'TLS client'],
  [/^tls_|^tlsmgr_|^tlsproxy_/, 'TLS (global)'],
  [/^smtpd_sasl_|^cyrus_sasl_|^broken_sasl_/, 'SASL (server)'],
  [/^(smtp|lmtp)_sasl_/, 'SASL (client)'],
  [/_restrictions$|^smtpd_restriction_classes$/, 'Restrictions'],
  [/^postscreen_|^dnsblog_/, 'postscreen'],
  [/milter/, 'Milters'],
  [/^smtpd_/, 'SMTP server'],
  [/^smtp_/, 'SMTP client'],
  [/^lmtp_/, 'LMTP client'],
  [/^virtual_/, 'Virtual delivery'],
  [/^(my[a-z_]+|inet_[a-z_]+|relayhost|relay_domains|proxy_interfaces|masquerade_[a-z_]+|append_[a-z_]+|myorigin)$/, 'Identity and network'],
  [/^(alias_[a-z_]+|local_[a-z_]+|mailbox_[a-z_]+|home_mailbox|forward_path|recipient_delimiter|luser_relay)$/, 'Local delivery'],
  [/(_maps|_checks)$/, 'Lookup tables'],
];

export function familyOf(name: string, cfg: EffectiveConfig): string {
  for (const [re, family] of FAMILIES) if (re.test(name)) return family;
  return cfg.isKnown(name) ? 'Other' : 'User-defined';
}

function shorten(s: string, max = 80): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

const ASSIGNMENT = /^[A-Za-z0-9_.-]+\s*=/;
const DECORATION = /^[-=*#_~+\s]*$/;
const SUPPRESS = /^postfix-lint\s/;
const MAX_HEADING_LINES = 2;

/** The text of a heading comment block: its first line of words (not a commented-out assignment). */
function headingOf(lines: string[], from: number, to: number): { line: number; text: string; textLines: number } | undefined {
  let found: { line: number; text: string } | undefined;
  let textLines = 0;
  for (let l = from; l <= to; l++) {
    const t = (lines[l] ?? '').replace(/^\s*#+/, '').trim();
    if (!t || DECORATION.test(t) || ASSIGNMENT.test(t) || SUPPRESS.test(t)) continue;
    textLines++;
    if (!found) found = { line: l, text: t.replace(/^[-=*#_~\s]+|[-=*#_~:\s]+$/g, '') || t };
  }
  return found && { ...found, text: shorten(found.text), textLines };
}

function nameText(def: ParamDef, lines: string[]): string {
  if (!hasMask(def.name)) return def.name;
  const r = def.nameRange;
  return (lines[r.start.line] ?? '').slice(r.start.character, r.end.line === r.start.line ? r.end.character : undefined).trim() || '(template)';
}

function parameterSymbol(def: ParamDef, lines: string[], cfg: EffectiveConfig): DocumentSymbol {
  const name = nameText(def, lines);
  const s: DocumentSymbol = {
    name,
    detail: shorten(def.value) || '(empty)',
    kind: cfg.isKnown(def.name) || hasMask(def.name) ? SymbolKind.Property : SymbolKind.Variable,
    range: def.range,
    selectionRange: def.nameRange,
  };
  if (facts(def.name)?.deprecated) s.tags = [SymbolTag.Deprecated];
  return s;
}

function group(name: string, range: Range, selectionRange: Range, children: DocumentSymbol[]): DocumentSymbol {
  return { name, kind: SymbolKind.Namespace, range, selectionRange, children, detail: `${children.length} parameter${children.length === 1 ? '' : 's'}` };
}

interface Section {
  name: string;
  start: number;
  heading: Range;
  textLines: number;
  members: DocumentSymbol[];
  defs: ParamDef[];
}

/**
 * main.cf: one symbol per definition. Grouped under the comment headings when the file has
 * them (a short comment block right above a definition opens a section; the next heading, a
 * longer comment paragraph above a definition or two blank lines close it), else by family
 * in runs of consecutive parameters.
 */
function mainSymbols(parsed: ParsedConfig, lines: string[], cfg: EffectiveConfig): DocumentSymbol[] {
  const comments = new Set(parsed.commentLines);
  const blank = (l: number) => !comments.has(l) && (lines[l] ?? '').trim() === '';
  const out: Array<DocumentSymbol | Section> = [];
  let section: Section | undefined;
  let prevEnd = -1;
  for (const def of parsed.defs) {
    const start = def.range.start.line;
    let headingBlock: { from: number; to: number } | undefined;
    if (comments.has(start - 1)) {
      let from = start - 1;
      while (comments.has(from - 1)) from--;
      headingBlock = { from, to: start - 1 };
    }
    // A heading is short; a longer paragraph documents the parameter below it and ends the section.
    const block = headingBlock && headingOf(lines, headingBlock.from, headingBlock.to);
    const heading = block && block.textLines <= MAX_HEADING_LINES ? block : undefined;
    // Two blank lines in a row between the previous definition and this one close the section.
    const gapEnd = headingBlock ? headingBlock.from : start;
    let closes = false;
    for (let l = prevEnd + 1; l + 1 < gapEnd; l++) if (blank(l) && blank(l + 1)) closes = true;
    if (heading && headingBlock) {
      section = { name: heading.text, start: headingBlock.from, heading: lineRange(lines, heading.line), textLines: heading.textLines, members: [], defs: [] };
      out.push(section);
    } else if (closes || block) {
      section = undefined;
    }
    const sym = parameterSymbol(def, lines, cfg);
    if (section) {
      section.members.push(sym);
      section.defs.push(def);
    } else out.push(sym);
    prevEnd = def.range.end.line;
  }
  const sections = out.filter((x): x is Section => 'members' in x && 'defs' in x);
  if (sections.length === 0) return familySymbols(out as DocumentSymbol[], parsed.defs, cfg);
  return out.flatMap((x) => {
    if (!('defs' in x)) return [x];
    // A comment that documents the one parameter below it is no section heading.
    if (x.members.length === 1 && x.name.includes(x.defs[0].name)) return x.members;
    const last = x.defs[x.defs.length - 1];
    return [group(x.name, { start: { line: x.start, character: 0 }, end: last.range.end }, x.heading, x.members)];
  });
}

function lineRange(lines: string[], line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: (lines[line] ?? '').length } };
}

function familySymbols(symbols: DocumentSymbol[], defs: ParamDef[], cfg: EffectiveConfig): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  let run: { family: string; syms: DocumentSymbol[]; defs: ParamDef[] } | undefined;
  const flush = () => {
    if (!run) return;
    if (run.syms.length === 1) out.push(run.syms[0]);
    else out.push(group(run.family, { start: run.defs[0].range.start, end: run.defs[run.defs.length - 1].range.end }, run.defs[0].nameRange, run.syms));
    run = undefined;
  };
  defs.forEach((def, i) => {
    const family = hasMask(def.name) ? 'Templated' : familyOf(def.name, cfg);
    if (run?.family !== family) flush();
    run ??= { family, syms: [], defs: [] };
    run.syms.push(symbols[i]);
    run.defs.push(def);
  });
  flush();
  return out;
}

function serviceSymbol(s: ServiceEntry, cfg: EffectiveConfig, lines: string[]): DocumentSymbol {
  // The arguments without the `-o` overrides (children below); from the first argument of the
  // daemon on, `-o...` is the daemon's own (pipe's `argv=/usr/sbin/sendmail -oi`), and kept.
  const args: string[] = [];
  let options = true;
  for (let i = 0; i < s.args.length; i++) {
    const a = s.args[i].text;
    if (options && ((!a.startsWith('-') && !hasMask(a)) || a === '--')) options = false;
    if (!options) args.push(a);
    else if (/^-[^o]*o$/.test(a)) i++;
    else if (!/^-[^o]*o/.test(a)) args.push(a);
  }
  return {
    name: hasMask(s.key) ? `${nameTextOf(s.name.range, lines)}/${nameTextOf(s.type.range, lines)}` : s.key,
    detail: shorten([s.command?.text ?? '', ...args].join(' ')),
    kind: SymbolKind.Module,
    range: s.range,
    selectionRange: s.name.range,
    children: s.overrides.map((o) => parameterSymbol(o, lines, cfg)),
  };
}

function nameTextOf(r: Range, lines: string[]): string {
  return (lines[r.start.line] ?? '').slice(r.start.character, r.end.line === r.start.line ? r.end.character : undefined) || '?';
}

/** The outline: main.cf parameters in sections, master.cf services with their `-o` overrides. */
export function findDocumentSymbols(parsed: ParsedConfig, lines: string[], cfg: EffectiveConfig): DocumentSymbol[] {
  if (parsed.kind === 'master') return parsed.services.map((s) => serviceSymbol(s, cfg, lines));
  return mainSymbols(parsed, lines, cfg);
}
