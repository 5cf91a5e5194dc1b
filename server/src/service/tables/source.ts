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
  /** offsets[i] is the text offset of value[i]; offsets[value.length] is just after the last character. */
  offsets: number[];
  /** Offset of the first and just after the last character of the logical line. */
  start: number;
  end: number;
  /** Physical line of the key (0-based). */
  line: number;
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
  const lines = physicalLines(text);
  // Characters of the logical line being collected, with their offsets.
  let chars: string[] = [];
  let offs: number[] = [];
  let first: Physical | undefined;
  let last: Physical | undefined;
  const flush = () => {
    if (first && last) finish(chars, offs, first, last, entries, problems);
    chars = [];
    offs = [];
    first = last = undefined;
  };
  for (const l of lines) {
    let i = l.start;
    while (i < l.end && isSpace(text[i])) i++;
    if (i === l.end || text[i] === '#') {
      if (i < l.end) comments.push({ start: l.start, end: l.end });
      continue;
    }
    if (!isSpace(text[l.start])) flush();
    if (!first) first = l;
    last = l;
    for (let k = l.start; k < l.end; k++) {
      chars.push(text[k]);
      offs.push(k);
    }
  }
  flush();
  return { entries, problems, comments };
}

function finish(chars: string[], offs: number[], first: Physical, last: Physical, entries: SourceEntry[], problems: SourceProblem[]): void {
  const start = offs[0];
  const end = offs[offs.length - 1] + 1;
  if (isSpace(chars[0])) {
    problems.push({ kind: 'leading-whitespace', start, end, line: first.line, message: 'a line that starts with whitespace continues the entry above it, and there is none: postmap drops this text ("logical line must not start with whitespace")' });
    return;
  }
  let i = 0;
  let quoted = false;
  for (; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\\') {
      if (++i >= chars.length) break;
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
  const keyEnd = Math.min(i, chars.length);
  let v = keyEnd;
  while (v < chars.length && isSpace(chars[v])) v++;
  let e = chars.length;
  while (e > v && isSpace(chars[e - 1])) e--;
  const key = chars.slice(0, keyEnd).join('');
  if (v >= e) {
    problems.push({ kind: 'no-value', start, end: offs[keyEnd - 1] + 1, line: first.line, message: `"${key}" has no value: postmap expects "key whitespace value" and ignores this line` });
    return;
  }
  const offsets = offs.slice(v, e);
  offsets.push(offs[e - 1] + 1);
  entries.push({ key, keyStart: start, keyEnd: offs[keyEnd - 1] + 1, value: chars.slice(v, e).join(''), offsets, start, end: Math.max(end, last.start), line: first.line });
}

/** The lookup key postmap stores: folded to lower case (postmap's default, -f turns it off). */
export function foldKey(key: string): string {
  return key.toLowerCase();
}
