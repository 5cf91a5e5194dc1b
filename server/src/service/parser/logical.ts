import { findTags, TagSpan } from './templates';
import { isBlankChar, LogicalLine, Segment, trimEnd } from './lines';

/**
 * Template tags are masked with placeholders of the same length so offsets stay
 * exact: control tags (`{% if %}`, `<% end %>`) are layout, output tags
 * (`{{ name }}`, `<%= @v %>`) stand for text and can be a name or a field.
 */
export const TAG_MASK = '\u0001';
export const OUTPUT_MASK = '\u0002';

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
  const lines = masked.split(LINE_BREAK);
  const logical: LogicalLine[] = [];
  const orphanContinuations: LogicalScan['orphanContinuations'] = [];
  const templateLines: number[] = [];
  const commentLines: number[] = [];
  let current: { parts: string[]; segments: Segment[]; length: number; startLine: number; endLine: number } | undefined;

  const flush = () => {
    if (current) {
      logical.push({ text: current.parts.join(''), segments: current.segments, startLine: current.startLine, endLine: current.endLine });
      current = undefined;
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const line = trimEnd(lines[i]);
    let first = 0;
    while (first < line.length && isBlankChar(line[first])) first++;
    if (first === line.length) continue; // blank
    if (line[first] === '#') {
      commentLines.push(i);
      continue;
    }
    let content = first;
    if (line[first] === TAG_MASK || line[first] === OUTPUT_MASK) {
      let rest = first;
      while (rest < line.length && (line[rest] === TAG_MASK || line[rest] === OUTPUT_MASK || isBlankChar(line[rest]))) rest++;
      if (rest === line.length) {
        templateLines.push(i);
        continue;
      }
      // Leading control tags are layout; an output tag is part of the content (a templated name).
      while (content < line.length && (line[content] === TAG_MASK || isBlankChar(line[content]))) content++;
    }
    // A line that a control tag opens continues the previous one when the rendered text starts with a blank.
    let lead = 0;
    while (lead < line.length && line[lead] === TAG_MASK) lead++;
    const continuation = isBlankChar(line[lead]);
    if (continuation) {
      if (!current) {
        orphanContinuations.push({ line: i, start: first, end: line.length });
        continue;
      }
      current.parts.push(' ');
      current.length += 1;
      const piece = line.slice(content);
      current.segments.push({ offset: current.length, line: i, character: content, length: piece.length });
      current.parts.push(piece);
      current.length += piece.length;
      current.endLine = i;
    } else {
      flush();
      const piece = line.slice(content);
      current = { parts: [piece], segments: [{ offset: 0, line: i, character: content, length: piece.length }], length: piece.length, startLine: i, endLine: i };
    }
  }
  flush();
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
  return { logical, orphanContinuations, templateLines, commentLines, controlLines, lineCount: lines.length };
}

/** The original (unmasked) text of a logical line's slice, for display. */
export function hasMask(s: string): boolean {
  return s.includes(TAG_MASK) || s.includes(OUTPUT_MASK);
}
