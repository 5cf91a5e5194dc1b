/**
 * Tokens inside a parameter value: `$name` references (all of Postfix's forms),
 * list items separated by commas or blanks, and `type:name` lookup tables.
 * Offsets are relative to the value string.
 */
export interface Reference {
  name: string;
  /** The whole reference, `$` to closing bracket. */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  /** `${name?text}` / `${name:text}`: expansion depends on whether name is non-empty. */
  operator?: '?' | ':';
}

export interface ValueProblem {
  start: number;
  end: number;
  message: string;
}

export interface ListItem {
  text: string;
  start: number;
  end: number;
}

export interface TableRef {
  type: string;
  /** Outermost item, e.g. `proxy:mysql:/etc/postfix/x.cf`. */
  start: number;
  end: number;
  typeEnd: number;
  name: string;
}

const NAME_CHAR = /[A-Za-z0-9_]/;

function matchBrace(s: string, open: number, openCh: string, closeCh: string): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === openCh) depth++;
    else if (c === closeCh) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Scans references the way mac_parse() does; bounded by the value's length. */
export function scanReferences(value: string, base = 0, out: Reference[] = [], problems: ValueProblem[] = [], depth = 0): { refs: Reference[]; problems: ValueProblem[] } {
  const s = value;
  let i = 0;
  while (i < s.length) {
    const d = s.indexOf('$', i);
    if (d < 0) break;
    const c = s[d + 1];
    if (c === '$') {
      i = d + 2;
      continue;
    }
    if (c === '{' || c === '(') {
      const close = c === '{' ? '}' : ')';
      const end = matchBrace(s, d + 1, c, close);
      if (end < 0) {
        problems.push({ start: base + d, end: base + s.length, message: `truncated macro reference: "${s.slice(d, d + 40)}" (no closing "${close}")` });
        break;
      }
      const inner = s.slice(d + 2, end);
      let n = 0;
      while (n < inner.length && NAME_CHAR.test(inner[n])) n++;
      if (n > 0) {
        const op = inner[n];
        const ref: Reference = { name: inner.slice(0, n), start: base + d, end: base + end + 1, nameStart: base + d + 2, nameEnd: base + d + 2 + n };
        if (op === '?' || op === ':') ref.operator = op;
        out.push(ref);
        if (n < inner.length && depth < 16) scanReferences(inner.slice(n + 1), base + d + 3 + n, out, problems, depth + 1);
      } else if (depth < 16) {
        // `${{$a} == {b} ? {x} : {y}}` (Postfix 3.9 relational form): look inside the operands.
        scanReferences(inner, base + d + 2, out, problems, depth + 1);
      }
      i = end + 1;
      continue;
    }
    let n = d + 1;
    while (n < s.length && NAME_CHAR.test(s[n])) n++;
    if (n > d + 1) out.push({ name: s.slice(d + 1, n), start: base + d, end: base + n, nameStart: base + d + 1, nameEnd: base + n });
    i = Math.max(n, d + 1);
  }
  return { refs: out, problems };
}

/** Splits a list value at commas and blanks that are outside `{...}` and `$(...)`. */
export function splitList(value: string): ListItem[] {
  const items: ListItem[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i <= value.length; i++) {
    const c = value[i];
    const sep = c === undefined || (depth === 0 && (c === ',' || c === ' ' || c === '\t'));
    if (sep) {
      if (start >= 0) items.push({ text: value.slice(start, i), start, end: i });
      start = -1;
      continue;
    }
    if (c === '{' || c === '(') depth++;
    else if ((c === '}' || c === ')') && depth > 0) depth--;
    if (start < 0) start = i;
  }
  return items;
}

const TABLE = /^([a-z][a-z0-9_]*):(?=[^\s])/;

/** `type:name` lookup tables among the list items (`proxy:` wrappers keep the outer type). */
export function findTables(value: string, knownTypes: ReadonlySet<string>): TableRef[] {
  const out: TableRef[] = [];
  for (const item of splitList(value)) {
    const m = TABLE.exec(item.text);
    if (!m || !knownTypes.has(m[1])) continue;
    out.push({ type: m[1], start: item.start, end: item.end, typeEnd: item.start + m[1].length, name: item.text.slice(m[0].length) });
  }
  return out;
}
