import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { ParamDef, ParsedConfig, ServiceEntry } from './parser/ast';
import { lineAtOffset, lineStarts, type LogicalLine } from './parser/lines';
import { hasMask, LINE_BREAK } from './parser/logical';
import { findTags } from './parser/templates';

/** Where the stock master.cf starts each of the eight fields. */
export const MASTER_COLUMNS = [0, 10, 16, 24, 32, 40, 48, 56] as const;
const DEFAULT_INDENT = { main: '    ', master: '  ' } as const;
const TRAILING = /[ \t\v\f]+$/;

/**
 * Formatting in postconf's style. main.cf: `name = value`, one blank around `=`,
 * continuation lines indented like the rest of the file (else four spaces). master.cf: the
 * eight fields in the columns of the stock file, continuation (`-o`) lines indented (two
 * spaces unless the file has its own habit). Everywhere: no trailing blanks. Comments, blank
 * lines, values, lines with template tags and lines Postfix would reject keep their text.
 */
export function format(text: string, parsed: ParsedConfig, range?: Range): TextEdit[] {
  const lines = text.split(LINE_BREAK);
  const out = lines.slice();
  const frozen = templateLines(text, parsed);
  const units: Array<{ start: number; end: number }> = [];
  const indent = detectIndent(parsed, lines, frozen);
  const untouchable = (ll: LogicalLine) => {
    for (let l = ll.startLine; l <= ll.endLine; l++) if (frozen.has(l)) return true;
    return hasMask(ll.text) || ll.segments[0].character !== 0;
  };
  const continuations = (ll: LogicalLine) => {
    for (const seg of ll.segments.slice(1)) out[seg.line] = indent + lines[seg.line].slice(seg.character).replace(TRAILING, '');
  };
  if (parsed.kind === 'main') {
    for (const def of parsed.defs) {
      const ll = def.logical;
      units.push({ start: ll.startLine, end: ll.endLine });
      if (def.templated || untouchable(ll)) continue;
      const first = firstLine(def);
      if (first === undefined) continue;
      out[ll.startLine] = first;
      continuations(ll);
    }
  } else {
    for (const s of parsed.services) {
      const ll = s.logical;
      units.push({ start: ll.startLine, end: ll.endLine });
      if (untouchable(ll)) continue;
      const first = serviceLine(s, lines[ll.startLine]);
      if (first === undefined) continue;
      out[ll.startLine] = first;
      continuations(ll);
    }
  }
  for (let l = 0; l < out.length; l++) if (!frozen.has(l)) out[l] = out[l].replace(TRAILING, '');

  // Range formatting takes whole logical lines: a value is formatted as one.
  let from = 0;
  let to = lines.length - 1;
  if (range) {
    from = range.start.line;
    to = range.end.line > range.start.line && range.end.character === 0 ? range.end.line - 1 : range.end.line;
    for (const u of units) {
      if (u.end >= from && u.start <= to) {
        from = Math.min(from, u.start);
        to = Math.max(to, u.end);
      }
    }
  }
  const edits: TextEdit[] = [];
  for (let l = Math.max(0, from); l <= Math.min(to, lines.length - 1); l++) {
    if (out[l] !== lines[l]) edits.push({ range: { start: { line: l, character: 0 }, end: { line: l, character: lines[l].length } }, newText: out[l] });
  }
  return edits;
}

/** `name = value` for the first line of a definition; undefined when `=` is not on that line. */
function firstLine(def: ParamDef): string | undefined {
  const ll = def.logical;
  const firstLength = ll.segments[0].length;
  const eq = ll.text.indexOf('=', def.name.length);
  if (eq < 0 || eq >= firstLength) return undefined;
  const value = def.valueOffset < firstLength ? ll.text.slice(def.valueOffset, firstLength) : '';
  return value ? `${def.name} = ${value}` : `${def.name} =`;
}

/** The eight fields in their columns (one blank at least), then the rest of the line as written. */
function serviceLine(s: ServiceEntry, line: string): string | undefined {
  const fields = [...s.fields, s.command];
  if (fields.length !== 8 || fields.some((f) => !f || f.range.start.line !== s.logical.startLine || f.range.end.line !== s.logical.startLine)) return undefined;
  let out = '';
  fields.forEach((f, k) => {
    if (k > 0) out += ' '.repeat(Math.max(1, MASTER_COLUMNS[k] - out.length));
    out += f!.text;
  });
  const rest = line.slice(s.command!.range.end.character).trim();
  return rest ? `${out} ${rest}` : out;
}

/** Lines that hold template tags (or lie inside one): left exactly as they are. */
function templateLines(text: string, parsed: ParsedConfig): Set<number> {
  const out = new Set<number>(parsed.templateLines);
  if (!parsed.template) return out;
  const starts = lineStarts(text);
  const lineOf = (offset: number) => lineAtOffset(starts, offset);
  for (const t of findTags(text)) for (let l = lineOf(t.start); l <= lineOf(Math.max(t.start, t.end - 1)); l++) out.add(l);
  return out;
}

/** The indent most continuation lines of the file use; the default when there is no clear habit. */
function detectIndent(parsed: ParsedConfig, lines: string[], frozen: Set<number>): string {
  const counts = new Map<string, number>();
  const logical = parsed.kind === 'master' ? parsed.services.map((s) => s.logical) : parsed.defs.map((d) => d.logical);
  for (const ll of logical) {
    for (const seg of ll.segments.slice(1)) {
      if (frozen.has(seg.line)) continue;
      const lead = lines[seg.line].slice(0, seg.character);
      if (/^[ \t]+$/.test(lead)) counts.set(lead, (counts.get(lead) ?? 0) + 1);
    }
  }
  // The file's own habit when more than half of its continuation lines share it; else the default.
  let total = 0;
  for (const n of counts.values()) total += n;
  for (const [lead, n] of counts) if (n * 2 > total) return lead;
  return DEFAULT_INDENT[parsed.kind];
}
