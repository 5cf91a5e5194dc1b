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
  // The logical line being built, in plain variables rather than an object (this loop sees every
  // line of the file, and runs cold in the interpreter: no call, no object it can do without).
  // `parts` is made only when a continuation comes; a single line's text is its one piece.
  let piece0 = '';
  let parts: string[] | undefined;
  let segments: Segment[] | undefined;
  let length = 0;
  let startLine = 0;
  let lastLine = 0;

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
    // One physical line: from `at` up to `stop` (columns are offsets from `at`), looked at as
    // character codes rather than one-character strings. Blanks (isBlankCode) are tested inline.
    const at = pos;
    let stop: number;
    if (nextLF === -1 && nextCR === -1) {
      stop = n;
      pos = -1;
    } else if (nextCR === -1 || (nextLF !== -1 && nextLF < nextCR)) {
      stop = nextLF;
      pos = nextLF + 1;
    } else {
      stop = nextCR;
      pos = src.charCodeAt(nextCR + 1) === 10 ? nextCR + 2 : nextCR + 1;
    }
    let f = at;
    let c0 = src.charCodeAt(f);
    // (The `<= 32` first: most characters tested are not blanks.)
    while (f < stop && c0 <= 32 && (c0 === 32 || c0 === 9 || c0 === 13 || c0 === 11 || c0 === 12)) c0 = src.charCodeAt(++f);
    if (f === stop) continue; // blank
    if (c0 === HASH) {
      commentLines.push(i);
      continue;
    }
    // Postfix drops trailing whitespace (and the CR of CRLF files).
    let e = stop;
    for (let c = src.charCodeAt(e - 1); c <= 32 && (c === 32 || c === 9 || c === 13 || c === 11 || c === 12); c = src.charCodeAt(--e - 1));
    let content = f;
    // Whether the rendered line starts with a blank (a continuation): what follows the leading control tags.
    let continuation = f > at;
    if (c0 === TAG_CODE || c0 === OUTPUT_CODE) {
      let rest = f;
      for (let c = c0; rest < e && (c === TAG_CODE || c === OUTPUT_CODE || isBlankCode(c)); c = src.charCodeAt(++rest));
      if (rest === e) {
        templateLines.push(i);
        continue;
      }
      // Leading control tags are layout; an output tag is part of the content (a templated name).
      for (let c = c0; content < e && (c === TAG_CODE || isBlankCode(c)); c = src.charCodeAt(++content));
    }
    if (f === at && c0 === TAG_CODE) {
      // A line that a control tag opens continues the previous one when the rendered text starts with a blank.
      let lead = at;
      while (lead < e && src.charCodeAt(lead) === TAG_CODE) lead++;
      continuation = lead < e && isBlankCode(src.charCodeAt(lead));
    }
    const piece = src.slice(content, e);
    if (continuation) {
      if (segments === undefined) {
        orphanContinuations.push({ line: i, start: f - at, end: e - at });
        continue;
      }
      length += 1;
      segments.push({ offset: length, line: i, character: content - at, length: piece.length });
      if (parts === undefined) parts = [piece0, piece];
      else parts.push(piece);
      length += piece.length;
      lastLine = i;
    } else {
      if (segments !== undefined) {
        // The pieces of a logical line are joined with one blank each (what Postfix puts for the line break and indent).
        logical.push({ text: parts === undefined ? piece0 : parts.join(' '), segments, startLine, endLine: lastLine });
      }
      piece0 = piece;
      parts = undefined;
      const seg = { offset: 0, line: i, character: content - at, length: piece.length };
      segments = [seg]; // (not one literal in another: V8 copies nested literals through its slow path)
      length = piece.length;
      startLine = i;
      lastLine = i;
    }
  }

  if (segments !== undefined) logical.push({ text: parts === undefined ? piece0 : parts.join(' '), segments, startLine, endLine: lastLine });
  return { logical, orphanContinuations, templateLines, commentLines, nextLine: i };
}
