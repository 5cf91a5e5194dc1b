import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import type { ParsedConfig } from './parser/ast';

/**
 * Folding: a value continued over several lines (main.cf) or a master.cf service with its
 * `-o` lines, and each block of two or more consecutive comment lines.
 */
export function getFoldingRanges(parsed: ParsedConfig): FoldingRange[] {
  const out: FoldingRange[] = [];
  const logical = parsed.kind === 'master' ? parsed.services.map((s) => s.logical) : parsed.defs.map((d) => d.logical);
  for (const ll of logical) if (ll.endLine > ll.startLine) out.push({ startLine: ll.startLine, endLine: ll.endLine });
  const comments = parsed.commentLines;
  for (let i = 0; i < comments.length; ) {
    let j = i;
    while (j + 1 < comments.length && comments[j + 1] === comments[j] + 1) j++;
    if (j > i) out.push({ startLine: comments[i], endLine: comments[j], kind: FoldingRangeKind.Comment });
    i = j + 1;
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
