import type { Position, Range } from 'vscode-languageserver-types';

/**
 * A logical line as Postfix reads it: one physical line plus the continuation
 * lines (starting with whitespace) that follow it, possibly across blank and
 * comment lines. The joined text keeps a map back to the source so every token
 * found in it gets an exact range.
 */
export interface Segment {
  /** Offset of this piece in the logical text. */
  offset: number;
  line: number;
  character: number;
  length: number;
}

export interface LogicalLine {
  text: string;
  segments: Segment[];
  /** First and last physical line. */
  startLine: number;
  endLine: number;
}

export function positionAt(ll: LogicalLine, offset: number): Position {
  const segs = ll.segments;
  // Most logical lines are one physical line: no search (this runs for every range of every finding).
  let s = segs[0];
  if (segs.length > 1) {
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    s = segs[lo];
  }
  // Offsets in the joining blank between two segments map to the end of the earlier one.
  let within = offset - s.offset;
  if (within > s.length) within = s.length;
  if (within < 0) within = 0;
  return { line: s.line, character: s.character + within };
}

export function rangeAt(ll: LogicalLine, start: number, end: number): Range {
  return { start: positionAt(ll, start), end: positionAt(ll, end) };
}

export function offsetInLogical(ll: LogicalLine, pos: Position): number | undefined {
  for (const s of ll.segments) {
    if (s.line === pos.line && pos.character >= s.character && pos.character <= s.character + s.length) {
      return s.offset + (pos.character - s.character);
    }
  }
  return undefined;
}

export type PhysicalKind = 'blank' | 'comment' | 'template' | 'continuation' | 'start';

export interface PhysicalLine {
  line: number;
  /** Text without the trailing CR and trailing whitespace (what Postfix keeps). */
  text: string;
  kind: PhysicalKind;
  /** Column where the content starts (after leading blanks or template tags). */
  contentStart: number;
}


export function trimEnd(s: string): string {
  // Postfix drops trailing whitespace (and the CR of CRLF files).
  let end = s.length;
  while (end > 0) {
    const c = s.charCodeAt(end - 1);
    if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) end--;
    else break;
  }
  return end === s.length ? s : s.slice(0, end);
}

export function isBlankChar(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\v' || c === '\f';
}

/** Offsets where each line of `text` starts (after \n, \r\n or a lone \r, as the editor counts lines). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** The zero-based line holding `offset`, by binary search in lineStarts(). */
export function lineAtOffset(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
