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

/** [A-Za-z0-9_], by character code (a regular expression per character is slow on long values). */
export function isNameCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function matchBrace(s: string, open: number, openCh: string, closeCh: string): number {
  const openCode = openCh.charCodeAt(0);
  const closeCode = closeCh.charCodeAt(0);
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === openCode) depth++;
    else if (c === closeCode) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export interface ScannedReferences {
  readonly refs: readonly Reference[];
  readonly problems: readonly ValueProblem[];
}

/**
 * Answers of scanReferences(value) for whole values: the same value is scanned by the effective
 * configuration, by several rules and by hover, and again after every edit elsewhere in the file.
 * Shared between callers, so read-only. Bounded: emptied when full.
 */
const SCANNED = new Map<string, ScannedReferences>();
const SCANNED_MAX = 50_000;
const NO_REFERENCES: ScannedReferences = Object.freeze({ refs: Object.freeze([]) as readonly Reference[], problems: Object.freeze([]) as readonly ValueProblem[] });

/** Scans references the way mac_parse() does; bounded by the value's length. Offsets are relative to `value`. */
export function scanReferences(value: string): ScannedReferences {
  if (!value.includes('$')) return NO_REFERENCES;
  let hit = SCANNED.get(value);
  if (!hit) {
    hit = scan(value, 0, [], [], 0);
    if (SCANNED.size >= SCANNED_MAX) SCANNED.clear();
    SCANNED.set(value, hit);
  }
  return hit;
}

function scan(value: string, base: number, out: Reference[], problems: ValueProblem[], depth: number): { refs: Reference[]; problems: ValueProblem[] } {
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
      // isNameCode() inline: a call per character costs more than the test in the interpreter.
      for (let k = inner.charCodeAt(0); (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95; k = inner.charCodeAt(++n));
      if (n > 0) {
        const op = inner[n];
        const ref: Reference = { name: inner.slice(0, n), start: base + d, end: base + end + 1, nameStart: base + d + 2, nameEnd: base + d + 2 + n };
        if (op === '?' || op === ':') ref.operator = op;
        out.push(ref);
        if (n < inner.length && depth < 16) scan(inner.slice(n + 1), base + d + 3 + n, out, problems, depth + 1);
      } else if (depth < 16) {
        // `${{$a} == {b} ? {x} : {y}}` (Postfix 3.9 relational form): look inside the operands.
        scan(inner, base + d + 2, out, problems, depth + 1);
      }
      i = end + 1;
      continue;
    }
    let n = d + 1;
    for (let k = s.charCodeAt(n); (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95; k = s.charCodeAt(++n));
    if (n > d + 1) out.push({ name: s.slice(d + 1, n), start: base + d, end: base + n, nameStart: base + d + 1, nameEnd: base + n });
    i = n; // never below d + 1
  }
  return { refs: out, problems };
}

/** Splits a list value at commas and blanks that are outside `{...}` and `$(...)`. */
export function splitList(value: string): ListItem[] {
  const items: ListItem[] = [];
  let depth = 0;
  let start = -1;
  // Character codes, not one-character strings: this sees every character of every list value.
  for (let i = 0; i <= value.length; i++) {
    const c = value.charCodeAt(i);
    const sep = i === value.length || (depth === 0 && (c === 44 || c === 32 || c === 9)); // , space tab
    if (sep) {
      if (start >= 0) items.push({ text: value.slice(start, i), start, end: i });
      start = -1;
      continue;
    }
    if (c === 123 || c === 40) depth++; // { (
    else if ((c === 125 || c === 41) && depth > 0) depth--; // } )
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
