import type { ParamDef, ParseProblem, ParsedConfig } from './ast';
import { isBlankChar, LogicalLine, rangeAt } from './lines';
import { hasMask, scanLogicalLines } from './logical';

const LOOKS_LIKE_ASSIGNMENT = /^([A-Za-z0-9_.-]+)\s*=/;

/**
 * Splits a logical line into name and value as Postfix's split_nameval() does:
 * the name runs to the first blank or `=`; only blanks may separate it from `=`.
 */
export function parseDefinition(ll: LogicalLine, origin: 'main' | 'master', problems: ParseProblem[]): ParamDef | undefined {
  const t = ll.text;
  let i = 0;
  while (i < t.length && !isBlankChar(t[i]) && t[i] !== '=') i++;
  const name = t.slice(0, i);
  let j = i;
  while (j < t.length && isBlankChar(t[j])) j++;
  const templated = hasMask(t);
  if (t[j] !== '=') {
    // A template expression that renders a whole line (`<%= @extra %>`) is not ours to judge.
    if (!templated) {
      const shown = t.length > 80 ? `${t.slice(0, 77)}...` : t;
      problems.push({ range: rangeAt(ll, 0, t.length), code: 'syntax', severity: 'error', message: `missing '=' after attribute name: "${shown}" (postconf stops here with a fatal error)` });
    }
    return undefined;
  }
  if (i === 0) {
    problems.push({ range: rangeAt(ll, 0, t.length), code: 'syntax', severity: 'error', message: `missing attribute name before '=' (postconf stops here with a fatal error)` });
    return undefined;
  }
  let v = j + 1;
  while (v < t.length && isBlankChar(t[v])) v++;
  const value = t.slice(v);
  const suspicious: ParamDef['suspiciousContinuations'] = [];
  // Most continuation lines are list items without `=`: only those with one are looked at closer.
  // Segments come in order, so the next `=` is searched for once, not per segment.
  let eq = -1;
  for (let k = 1; k < ll.segments.length; k++) {
    const seg = ll.segments[k];
    if (eq !== Infinity && eq < seg.offset) {
      eq = t.indexOf('=', seg.offset);
      if (eq < 0) eq = Infinity;
    }
    if (eq >= seg.offset + seg.length) continue;
    const piece = t.slice(seg.offset, seg.offset + seg.length);
    const m = LOOKS_LIKE_ASSIGNMENT.exec(piece);
    if (m) {
      suspicious.push({ line: seg.line, name: m[1], range: { start: { line: seg.line, character: seg.character }, end: { line: seg.line, character: seg.character + seg.length } } });
    }
  }
  return {
    name,
    nameRange: rangeAt(ll, 0, i),
    value,
    valueOffset: v,
    valueRange: rangeAt(ll, v, t.length),
    range: rangeAt(ll, 0, t.length),
    logical: ll,
    origin,
    templated,
    suspiciousContinuations: suspicious,
  };
}

export function parseMainCf(text: string, template: boolean): ParsedConfig {
  const scan = scanLogicalLines(text, template);
  const problems: ParseProblem[] = [];
  const defs: ParamDef[] = [];
  for (const o of scan.orphanContinuations) {
    problems.push({
      range: { start: { line: o.line, character: o.start }, end: { line: o.line, character: o.end } },
      code: 'syntax',
      severity: 'error',
      message: 'the first logical line must not start with whitespace: Postfix ignores this line',
    });
  }
  for (const ll of scan.logical) {
    const def = parseDefinition(ll, 'main', problems);
    if (def) defs.push(def);
  }
  return {
    kind: 'main',
    defs,
    services: [],
    problems,
    templateLines: scan.templateLines,
    controlLines: scan.controlLines,
    commentLines: scan.commentLines,
    template,
    lineCount: scan.lineCount,
  };
}
