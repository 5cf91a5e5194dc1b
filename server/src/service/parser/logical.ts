import { BranchMark, branchMarks, findTags, TagSpan } from './templates';
import type { LogicalLine, Segment } from './lines';

/**
 * Template tags are masked with placeholders of the same length so offsets stay
 * exact: control tags (`{% if %}`, `<% end %>`) are layout, output tags
 * (`{{ name }}`, `<%= @v %>`) stand for text and can be a name or a field.
 */
export const TAG_MASK = '\u0001';
export const OUTPUT_MASK = '\u0002';
const TAG_CODE = 1;
const OUTPUT_CODE = 2;
const HASH = 35;

/** The blanks Postfix skips: space, tab, CR, vertical tab, form feed (see isBlankChar). */
function isBlankCode(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12;
}

/** Editor line breaks: a lone CR ends a line for the editor, so positions must follow it too. */
export const LINE_BREAK = /\r\n|\r|\n/;

export interface LogicalScan {
  logical: LogicalLine[];
  /** Lines starting with whitespace before any logical line (Postfix ignores them). */
  orphanContinuations: Array<{ line: number; start: number; end: number }>;
  templateLines: number[];
  commentLines: number[];
  /** Template control tags in source order, as physical line numbers. */
  controlLines: number[];
  /** Templates: where each conditional's arms begin and end (see BranchMark). */
  branches?: BranchMark[];
  lineCount: number;
}

export function maskTemplates(text: string, tags: TagSpan[]): string {
  if (tags.length === 0) return text;
  const out: string[] = [];
  let pos = 0;
  for (const t of tags) {
    out.push(text.slice(pos, t.start));
    out.push(text.slice(t.start, t.end).replace(/[^\r\n]/g, t.control || t.comment ? TAG_MASK : OUTPUT_MASK));
    pos = t.end;
  }
  out.push(text.slice(pos));
  return out.join('');
}

/**
 * Groups physical lines into logical lines exactly as Postfix's readlline():
 * a comment is a line whose first non-blank character is `#`; blank and comment
 * lines do not end a logical line; a line starting with whitespace continues it.
 */
export function scanLogicalLines(text: string, template: boolean): LogicalScan {
  const tags = template ? findTags(text) : [];
  const masked = maskTemplates(text, tags);
  const { logical, orphanContinuations, templateLines, commentLines, nextLine } = scanLines(masked, 0, 0, Infinity);
  const controlLines: number[] = [];
  if (tags.length) {
    const breaks = /\r\n|\r|\n/g;
    let line = 0;
    let m: RegExpExecArray | null;
    for (const t of tags) {
      if (!t.control) continue;
      // Count the line breaks before this tag (the scan continues where the last one stopped).
      while ((m = breaks.exec(text)) !== null) {
        if (m.index >= t.start) {
          breaks.lastIndex = m.index;
          break;
        }
        line++;
      }
      controlLines.push(line);
    }
  }
  return { logical, orphanContinuations, templateLines, commentLines, controlLines, branches: tags.length ? branchMarks(text, tags) : undefined, lineCount: nextLine };
}

/** The original (unmasked) text of a logical line's slice, for display. */
export function hasMask(s: string): boolean {
  return s.includes(TAG_MASK) || s.includes(OUTPUT_MASK);
}

/**
 * The grouping of scanLogicalLines for the physical lines from `firstLine` (which starts at
 * `offset` of `src`, template tags masked) up to but not including `endLine`. Reparsing starts
 * and ends a range at lines that begin logical lines (see mainParser's reparseMainCf).
 */
export function scanLines(src: string, offset: number, firstLine: number, endLine: number): Omit<LogicalScan, 'controlLines' | 'lineCount' | 'branches'> & { nextLine: number } {
  const logical: LogicalLine[] = [];
  const orphanContinuations: LogicalScan['orphanContinuations'] = [];
  const templateLines: number[] = [];
  const commentLines: number[] = [];
  let current: { parts: string[]; segments: Segment[]; length: number; startLine: number; endLine: number } | undefined;

  const flush = () => {
    if (current) {
      // The pieces of a logical line are joined with one blank each (what Postfix puts for the line break and indent).
      logical.push({ text: current.parts.length === 1 ? current.parts[0] : current.parts.join(' '), segments: current.segments, startLine: current.startLine, endLine: current.endLine });
      current = undefined;
    }
  };

  // Lines are walked as offsets into the text, the way split(LINE_BREAK) would cut them, without
  // making a string of each: only the content of definition lines is ever copied out.
  const n = src.length;
  let nextLF = src.indexOf('\n', offset);
  let nextCR = src.indexOf('\r', offset);
  // The line number; after the loop, the line after the last one scanned (the number of lines at the end of the text).
  let i = firstLine;
  for (let pos = offset; pos !== -1 && i < endLine; i++) {
    if (nextLF !== -1 && nextLF < pos) nextLF = src.indexOf('\n', pos);
    if (nextCR !== -1 && nextCR < pos) nextCR = src.indexOf('\r', pos);
    let len: number;
    let next: number;
    if (nextLF === -1 && nextCR === -1) {
      len = n - pos;
      next = -1;
    } else if (nextCR === -1 || (nextLF !== -1 && nextLF < nextCR)) {
      len = nextLF - pos;
      next = nextLF + 1;
    } else {
      len = nextCR - pos;
      next = src.charCodeAt(nextCR + 1) === 10 ? nextCR + 2 : nextCR + 1;
    }
    // One physical line: `len` characters at offset `at` (columns are offsets from `at`), looked at
    // as character codes rather than one-character strings: this sees every line of the file.
    const at = pos;
    pos = next;
    let first = 0;
    while (first < len && isBlankCode(src.charCodeAt(at + first))) first++;
    if (first === len) continue; // blank
    const c0 = src.charCodeAt(at + first);
    if (c0 === HASH) {
      commentLines.push(i);
      continue;
    }
    // Postfix drops trailing whitespace (and the CR of CRLF files).
    let end = len;
    while (end > first && isBlankCode(src.charCodeAt(at + end - 1))) end--;
    let content = first;
    if (c0 === TAG_CODE || c0 === OUTPUT_CODE) {
      let rest = first;
      for (let c = src.charCodeAt(at + rest); rest < end && (c === TAG_CODE || c === OUTPUT_CODE || isBlankCode(c)); c = src.charCodeAt(at + ++rest));
      if (rest === end) {
        templateLines.push(i);
        continue;
      }
      // Leading control tags are layout; an output tag is part of the content (a templated name).
      for (let c = src.charCodeAt(at + content); content < end && (c === TAG_CODE || isBlankCode(c)); c = src.charCodeAt(at + ++content));
    }
    // A line that a control tag opens continues the previous one when the rendered text starts with a blank.
    let lead = 0;
    while (lead < end && src.charCodeAt(at + lead) === TAG_CODE) lead++;
    const continuation = lead < end && isBlankCode(src.charCodeAt(at + lead));
    const piece = src.slice(at + content, at + end);
    if (continuation) {
      if (!current) {
        orphanContinuations.push({ line: i, start: first, end });
        continue;
      }
      current.length += 1;
      current.segments.push({ offset: current.length, line: i, character: content, length: piece.length });
      current.parts.push(piece);
      current.length += piece.length;
      current.endLine = i;
    } else {
      flush();
      current = { parts: [piece], segments: [{ offset: 0, line: i, character: content, length: piece.length }], length: piece.length, startLine: i, endLine: i };
    }
  }

  flush();
  return { logical, orphanContinuations, templateLines, commentLines, nextLine: i };
}
