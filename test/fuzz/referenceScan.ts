// The logical-line scanner as first written (split into lines, then trimmed copies of each line):
// slow but plain. The fuzz tests check that the fast scanner in server/src/service/parser/logical.ts
// groups every input exactly like it.
import { findTags } from '../../server/src/service/parser/templates';
import { isBlankChar, LogicalLine, Segment, trimEnd } from '../../server/src/service/parser/lines';
import { LINE_BREAK, LogicalScan, maskTemplates, OUTPUT_MASK, TAG_MASK } from '../../server/src/service/parser/logical';

export function referenceScan(text: string, template: boolean): Omit<LogicalScan, 'controlLines'> {
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
    if (first === line.length) continue;
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
      while (content < line.length && (line[content] === TAG_MASK || isBlankChar(line[content]))) content++;
    }
    let lead = 0;
    while (lead < line.length && line[lead] === TAG_MASK) lead++;
    if (isBlankChar(line[lead])) {
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
  return { logical, orphanContinuations, templateLines, commentLines, lineCount: lines.length };
}
