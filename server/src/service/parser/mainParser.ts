import type { Origin, ParamDef, ParseProblem, ParsedConfig } from './ast';
import { LogicalLine, positionAt, rangeAt } from './lines';
import { hasMask, scanLines, scanLogicalLines } from './logical';

const LOOKS_LIKE_ASSIGNMENT = /^([A-Za-z0-9_.-]+)\s*=/;

const EQUALS = 61;

/** Where a definition's name ends: the first blank (isBlankChar: space, tab, CR, vertical tab, form feed) or `=`. */
const NAME_END = /[ \t\r\v\f=]/;

/** What most definitions have: no suspicious continuation (never added to; one array for all of them). */
const NO_SUSPICIOUS: ParamDef['suspiciousContinuations'] = [];

/**
 * Splits a logical line into name and value as Postfix's split_nameval() does:
 * the name runs to the first blank or `=`; only blanks may separate it from `=`.
 */
export function parseDefinition(ll: LogicalLine, origin: Origin, problems: ParseProblem[]): ParamDef | undefined {
  const t = ll.text;
  // The name runs to the first blank or `=` (NAME_END); blanks are tested inline below (this runs
  // for every definition, cold, in the interpreter, where a call per character is most of the cost).
  let i = t.search(NAME_END);
  if (i < 0) i = t.length;
  const name = t.slice(0, i);
  let j = i;
  for (let c = t.charCodeAt(j); c === 32 || c === 9 || c === 13 || c === 11 || c === 12; c = t.charCodeAt(++j));
  const templated = hasMask(t);
  if (t.charCodeAt(j) !== EQUALS) {
    // A template expression that renders a whole line (`<%= @extra %>`) is not ours to judge.
    if (!templated) {
      const shown = t.length > 80 ? `${t.slice(0, 77)}...` : t;
      problems.push({ range: rangeAt(ll, 0, t.length), code: 'syntax', message: `missing '=' after attribute name: "${shown}" (postconf stops here with a fatal error)` });
    }
    return undefined;
  }
  if (i === 0) {
    problems.push({ range: rangeAt(ll, 0, t.length), code: 'syntax', message: `missing attribute name before '=' (postconf stops here with a fatal error)` });
    return undefined;
  }
  let v = j + 1;
  for (let c = t.charCodeAt(v); c === 32 || c === 9 || c === 13 || c === 11 || c === 12; c = t.charCodeAt(++v));
  const value = t.slice(v);
  let suspicious = NO_SUSPICIOUS;
  // Most continuation lines are list items without `=`: only those with one are looked at closer.
  // Segments come in order, so the next `=` is searched for once, not per segment, and a value
  // with no `=` after its first line (most lists) is not walked at all.
  const segs = ll.segments;
  const nSegs = segs.length;
  let eq = nSegs > 1 ? t.indexOf('=', segs[1].offset) : -1;
  for (let k = 1; eq !== -1 && k < nSegs; k++) {
    const seg = segs[k];
    if (eq < seg.offset) {
      eq = t.indexOf('=', seg.offset);
      if (eq === -1) break;
    }
    if (eq >= seg.offset + seg.length) continue;
    const piece = t.slice(seg.offset, seg.offset + seg.length);
    const m = LOOKS_LIKE_ASSIGNMENT.exec(piece);
    if (m) {
      if (suspicious === NO_SUSPICIOUS) suspicious = [];
      suspicious.push({ line: seg.line, name: m[1], range: { start: { line: seg.line, character: seg.character }, end: { line: seg.line, character: seg.character + seg.length } } });
    }
  }
  // The three ranges share their ends (no range is ever changed in place): four positions, not six.
  // What positionAt() gives, known without its search: the name ends in the first segment (at the
  // first blank), the text ends at the end of the last one, and the value starts in the first one
  // unless it starts on a continuation line.
  const first = segs[0];
  const last = segs[nSegs - 1];
  // Each object on its own: V8 copies a literal nested in a literal through its slow path.
  const start = { line: first.line, character: first.character };
  const end = { line: last.line, character: last.character + last.length };
  const nameEnd = { line: first.line, character: first.character + i };
  const valueStart = v <= first.length ? { line: first.line, character: first.character + v } : positionAt(ll, v);
  const nameRange = { start, end: nameEnd };
  const valueRange = { start: valueStart, end };
  const range = { start, end };
  return {
    name,
    nameRange,
    value,
    valueOffset: v,
    valueRange,
    range,
    logical: ll,
    origin,
    templated,
    suspiciousContinuations: suspicious,
  };
}

/** What a reparse takes over from a parse: its logical lines, each with its definition (or none). */
interface Reusable {
  logical: LogicalLine[];
  defOf: Array<ParamDef | undefined>;
}

const REUSABLE = new WeakMap<ParsedConfig, Reusable>();

function orphanProblem(o: { line: number; start: number; end: number }): ParseProblem {
  return {
    range: { start: { line: o.line, character: o.start }, end: { line: o.line, character: o.end } },
    code: 'syntax',
    message: 'the first logical line must not start with whitespace: Postfix ignores this line',
  };
}

export function parseMainCf(text: string, template: boolean): ParsedConfig {
  const scan = scanLogicalLines(text, template);
  const problems: ParseProblem[] = scan.orphanContinuations.map(orphanProblem);
  const defs: ParamDef[] = [];
  const defOf: Array<ParamDef | undefined> = [];
  for (const ll of scan.logical) {
    const def = parseDefinition(ll, 'main', problems);
    defOf.push(def);
    if (def) defs.push(def);
  }
  const parsed: ParsedConfig = {
    kind: 'main',
    defs,
    services: [],
    problems,
    templateLines: scan.templateLines,
    controlLines: scan.controlLines,
    ...(scan.branches ? { branches: scan.branches } : {}),
    commentLines: scan.commentLines,
    template,
    lineCount: scan.lineCount,
  };
  if (!template) REUSABLE.set(parsed, { logical: scan.logical, defOf });
  return parsed;
}

/** Index of the last item whose startLine is below `line` (-1: none), in a list sorted by startLine. */
function lastStartingBefore(logical: LogicalLine[], line: number): number {
  let lo = 0;
  let hi = logical.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (logical[mid].startLine < line) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Length of the common prefix of two strings: compared a block at a time, then character by character. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  const BLOCK = 512;
  let i = 0;
  while (i + BLOCK <= n && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix, not reaching into the first `limit` characters of either. */
function commonSuffix(a: string, b: string, limit: number): number {
  const n = Math.min(a.length, b.length) - limit;
  const BLOCK = 512;
  let k = 0;
  while (k + BLOCK <= n && a.slice(a.length - k - BLOCK, a.length - k) === b.slice(b.length - k - BLOCK, b.length - k)) k += BLOCK;
  while (k < n && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}

/**
 * parseMainCf(text), given the parse of an earlier version of the same file. Typing changes a line
 * or two: when the edit keeps the number of lines and neither version is a template, the logical
 * lines before and after the edited ones are taken over as they are (the same objects, so every
 * cache keyed on their strings still hits), and only the logical lines around the edit are scanned
 * and parsed again. Otherwise, a full parse. Gives exactly what parseMainCf(text) gives (the fuzz
 * tests compare the two). `lineAt(offset)` is the line of an offset in `text` (the editor's
 * document knows its line offsets); `lineStart(line)` the offset where a line starts.
 */
export function reparseMainCf(prev: ParsedConfig, prevText: string, text: string, template: boolean, lineAt: (offset: number) => number, lineStart: (line: number) => number): ParsedConfig {
  const reusable = REUSABLE.get(prev);
  if (template || !reusable || prev.kind !== 'main') return parseMainCf(text, template);
  if (text === prevText) return prev;
  const p = commonPrefix(prevText, text);
  const q = commonSuffix(prevText, text, p);
  // The edited lines, widened by one on each side (a CR LF pair cut by the edit, a line break typed).
  const first = Math.max(0, lineAt(p) - 1);
  const last = lineAt(text.length - q) + 1;
  const lineCount = lineAt(text.length) + 1;
  if (lineCount !== prev.lineCount) return parseMainCf(text, template);
  // From the start of the logical line before the edit (its continuation lines may come loose or
  // be joined) to the start of the first logical line after it: a line that starts a logical line
  // and is not edited starts one in both versions, so everything outside the range is unchanged.
  const { logical, defOf } = reusable;
  const before = lastStartingBefore(logical, first);
  const from = before >= 0 ? logical[before].startLine : 0;
  const after = lastStartingBefore(logical, last + 1) + 1;
  const to = after < logical.length ? logical[after].startLine : lineCount;
  const keepBefore = Math.max(0, before);
  const scan = scanLines(text, lineStart(from), from, to);

  const problems: ParseProblem[] = [];
  for (const pr of prev.problems) if (pr.range.start.line < from) problems.push(pr);
  if (from === 0) for (const o of scan.orphanContinuations) problems.push(orphanProblem(o));
  const newLogical: LogicalLine[] = logical.slice(0, keepBefore);
  const newDefOf: Array<ParamDef | undefined> = defOf.slice(0, keepBefore);
  for (const ll of scan.logical) {
    newLogical.push(ll);
    newDefOf.push(parseDefinition(ll, 'main', problems));
  }
  for (const pr of prev.problems) if (pr.range.start.line >= to) problems.push(pr);
  for (let k = after; k < logical.length; k++) {
    newLogical.push(logical[k]);
    newDefOf.push(defOf[k]);
  }
  // Line lists: the kept ones before and after the range, the range's own in between.
  const splice = (old: number[], mid: number[]) => [...old.filter((l) => l < from), ...mid, ...old.filter((l) => l >= to)];
  const parsed: ParsedConfig = {
    kind: 'main',
    defs: newDefOf.filter((d): d is ParamDef => d !== undefined),
    services: [],
    problems,
    // (A file that is no template can still hold the mask characters themselves.)
    templateLines: splice(prev.templateLines, scan.templateLines),
    controlLines: [],
    commentLines: splice(prev.commentLines, scan.commentLines),
    template,
    lineCount,
  };
  REUSABLE.set(parsed, { logical: newLogical, defOf: newDefOf });
  return parsed;
}
