/**
 * A lookup-table source file (the input of postmap(1)) read exactly as postmap reads it:
 *
 * - a logical line starts with a non-whitespace character; every following physical line that
 *   starts with whitespace is appended to it as written (only the newline is dropped);
 * - a line whose first non-whitespace character is `#`, an empty line and an all-whitespace line
 *   are dropped, and do not end a logical line: a continuation after them still continues;
 * - a logical line that starts with whitespace (at the top of the file) is dropped with a warning;
 * - the key ends at the first whitespace outside double quotes (`\` escapes one character, and
 *   the quotes stay part of the key); the value is the rest without leading and trailing whitespace;
 * - a line without a value, or with an unbalanced `"`, is dropped with a warning.
 *
 * Every character of key and value keeps its offset in the text, so each token has a range even
 * when a value spans several physical lines.
 *
 * Not parser/logical.ts: that scanner serves main.cf and master.cf, whose values postconf
 * normalises (one blank where lines join, a lone CR as a line break, template tags masked);
 * postmap stores a value byte for byte, and test/oracle/tables.test.ts holds us to that.
 */

/** C isspace() in the C locale. */
export function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

export interface SourceEntry {
  /** The key as postmap stores it before case folding (quotes and backslashes kept). */
  key: string;
  keyStart: number;
  keyEnd: number;
  /** The value as postmap stores it: continuation lines joined, trimmed. */
  value: string;
  /**
   * Where each physical line's part of the value starts: value[index] is at text offset `offset`,
   * and the characters after it follow on (up to the next part). See offsetAt().
   */
  parts: Array<{ index: number; offset: number }>;
  /** Offset of the first and just after the last character of the logical line. */
  start: number;
  end: number;
  /** Physical line of the key (0-based). */
  line: number;
}

/** The text offset of character i of a string made of parts (each part runs on to the next). */
function offsetIn(parts: ReadonlyArray<{ index: number; offset: number }>, i: number): number {
  let p = parts[0];
  for (const q of parts) {
    if (q.index > i) break;
    p = q;
  }
  return p.offset + (i - p.index);
}

/** The text offset of value[i] (i = value.length: just after the last character). */
export function offsetAt(e: SourceEntry, i: number): number {
  return i >= e.value.length ? offsetIn(e.parts, e.value.length - 1) + 1 : offsetIn(e.parts, i);
}

export interface SourceProblem {
  kind: 'no-value' | 'leading-whitespace' | 'unbalanced-quote';
  start: number;
  end: number;
  line: number;
  message: string;
}

export interface TableSource {
  entries: SourceEntry[];
  problems: SourceProblem[];
  /** Comment lines (the whole physical line), for folding and highlighting. */
  comments: Array<{ start: number; end: number }>;
}

interface Physical {
  start: number;
  end: number;
  line: number;
}

function physicalLines(text: string): Physical[] {
  const out: Physical[] = [];
  let start = 0;
  let line = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    out.push({ start, end, line });
    start = end + 1;
    line++;
  }
  return out;
}

export function parseTableSource(text: string): TableSource {
  const entries: SourceEntry[] = [];
  const problems: SourceProblem[] = [];
  const comments: TableSource['comments'] = [];
  // The physical lines of the logical line being collected.
  let group: Physical[] = [];
  const flush = () => {
    if (group.length) finish(text, group, entries, problems);
    group = [];
  };
  for (const l of physicalLines(text)) {
    let i = l.start;
    while (i < l.end && isSpace(text[i])) i++;
    if (i === l.end || text[i] === '#') {
      if (i < l.end) comments.push({ start: l.start, end: l.end });
      continue;
    }
    if (!isSpace(text[l.start])) flush();
    group.push(l);
  }
  flush();
  return { entries, problems, comments };
}

function finish(text: string, group: Physical[], entries: SourceEntry[], problems: SourceProblem[]): void {
  // The logical line as postmap joins it, and where each physical line's text begins in it.
  const joined = group.length === 1 ? text.slice(group[0].start, group[0].end) : group.map((l) => text.slice(l.start, l.end)).join('');
  const starts: Array<{ index: number; offset: number }> = [];
  let n = 0;
  for (const l of group) {
    starts.push({ index: n, offset: l.start });
    n += l.end - l.start;
  }
  const at = (i: number) => offsetIn(starts, i);
  const first = group[0];
  const start = first.start;
  const end = at(joined.length - 1) + 1;
  if (isSpace(joined[0])) {
    problems.push({ kind: 'leading-whitespace', start, end, line: first.line, message: 'a line that starts with whitespace continues the entry above it, and there is none: postmap drops this text ("logical line must not start with whitespace")' });
    return;
  }
  let i = 0;
  let quoted = false;
  for (; i < joined.length; i++) {
    const c = joined[i];
    if (c === '\\') {
      if (++i >= joined.length) break;
    } else if (isSpace(c)) {
      if (!quoted) break;
    } else if (c === '"') {
      quoted = !quoted;
    }
  }
  if (quoted) {
    problems.push({ kind: 'unbalanced-quote', start, end, line: first.line, message: 'unbalanced \'"\' in this entry: postmap ignores the whole line' });
    return;
  }
  const keyEnd = Math.min(i, joined.length);
  let v = keyEnd;
  while (v < joined.length && isSpace(joined[v])) v++;
  let e = joined.length;
  while (e > v && isSpace(joined[e - 1])) e--;
  const key = joined.slice(0, keyEnd);
  if (v >= e) {
    problems.push({ kind: 'no-value', start, end: at(keyEnd - 1) + 1, line: first.line, message: `"${key}" has no value: postmap expects "key whitespace value" and ignores this line` });
    return;
  }
  // The parts of the value: the first from its first character, then each later physical line.
  const parts = [{ index: 0, offset: at(v) }];
  for (const q of starts) if (q.index > v && q.index < e) parts.push({ index: q.index - v, offset: q.offset });
  entries.push({ key, keyStart: start, keyEnd: at(keyEnd - 1) + 1, value: joined.slice(v, e), parts, start, end, line: first.line });
}

/** The lookup key postmap stores: folded to lower case (postmap's default, -f turns it off). */
export function foldKey(key: string): string {
  return key.toLowerCase();
}
