/**
 * Template tags of the configuration-management tools that render main.cf
 * (ERB for Chef/Puppet, Jinja for Ansible/Salt). They are opaque to us: never
 * parsed as Postfix syntax, never reported.
 */
import { lineAtOffset, lineStarts } from './lines';
export interface TagSpan {
  start: number;
  end: number;
  /** Control tags (`<% if %>`, `{% for %}`) can make two definitions alternatives. */
  control: boolean;
  /** Template comments (`<%# %>`, `{# #}`) render to nothing. */
  comment: boolean;
}

const TEMPLATE_NAME = /\.(erb|j2|jinja2?|tmpl|tpl|proto|template|mustache|hbs|ep|tt|epp|in)$/i;
const TAG = /%%[A-Za-z][^%\r\n]*%%|<%[\s\S]*?(?:%>|$)|\{\{[\s\S]*?(?:\}\}|$)|\{%[\s\S]*?(?:%\}|$)|\{#[\s\S]*?(?:#\}|$)/g;

export function isTemplate(uriOrPath: string, text: string): boolean {
  if (TEMPLATE_NAME.test(uriOrPath)) return true;
  // A file named plain main.cf can still be a template (sed placeholders aside):
  // ERB and Jinja statement tags never occur in real Postfix syntax.
  // The same test as /<%|\{%|\{\{\s*[\w@.]|%%[A-Za-z][\w: .-]*%%/, found by indexOf first: the
  // alternation tried at every offset of a large file costs more than the whole line scan.
  if (text.includes('<%') || text.includes('{%')) return true;
  return startsAnywhere(text, '{{', OUTPUT_TAG) || startsAnywhere(text, '%%', SED_PLACEHOLDER);
}

const OUTPUT_TAG = /\{\{\s*[\w@.]/y;
const SED_PLACEHOLDER = /%%[A-Za-z][\w: .-]*%%/y;

/** Does `sticky` match at some occurrence of `literal` (its first characters)? */
function startsAnywhere(text: string, literal: string, sticky: RegExp): boolean {
  for (let i = text.indexOf(literal); i >= 0; i = text.indexOf(literal, i + 1)) {
    sticky.lastIndex = i;
    if (sticky.test(text)) return true;
  }
  return false;
}

export function findTags(text: string): TagSpan[] {
  const spans: TagSpan[] = [];
  TAG.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TAG.exec(text)) !== null) {
    if (m[0].length === 0) {
      TAG.lastIndex++;
      continue;
    }
    const t = m[0];
    // Zimbra's `%%uncomment VAR:x%%` decides whether the line exists, like a control tag; `%%name%%` is a value.
    const control = (t.startsWith('<%') && !t.startsWith('<%=') && !t.startsWith('<%#')) || t.startsWith('{%') || /^%%(un)?comment\b/.test(t);
    const comment = t.startsWith('<%#') || t.startsWith('{#');
    spans.push({ start: m.index, end: m.index + t.length, control, comment });
  }
  return spans;
}

/**
 * Where the text after a control tag stands in the template's conditionals: `path` names the arm of
 * every enclosing `if`/`case`/`for` (`"3.1/5.0"`: the second arm of conditional 3, inside the first
 * arm of conditional 5); '' outside any. Two definitions with the same path are rendered together
 * (or not at all); two with different paths are alternatives (or one conditionally replaces the other).
 */
export interface BranchMark {
  line: number;
  character: number;
  path: string;
}

type ControlKind = 'open' | 'middle' | 'close' | 'line' | 'none';

/** What a control tag does to the nesting of conditionals (ERB, Jinja, Zimbra's %%uncomment%%). */
function controlKind(tag: string): ControlKind {
  if (tag.startsWith('%%')) return /^%%(un)?comment\b/.test(tag) ? 'line' : 'none';
  let code: string;
  if (tag.startsWith('<%')) code = tag.replace(/^<%-?/, '').replace(/-?%>$/, '').trim();
  else if (tag.startsWith('{%')) code = tag.replace(/^\{%[-+]?/, '').replace(/[-+]?%\}$/, '').trim();
  else return 'none';
  if (tag.startsWith('<%')) {
    if (/^end\b/.test(code) || /^\}/.test(code)) return 'close';
    if (/^(elsif|else|when|in)\b/.test(code)) return 'middle';
    if (/^(if|unless|case|while|until|for|begin)\b/.test(code) || /\bdo\s*(\|[^|]*\|)?$/.test(code) || /\{\s*(\|[^|]*\|)?$/.test(code)) return 'open';
    return 'none';
  }
  if (/^end\w*\b/.test(code)) return 'close';
  if (/^(elif|else)\b/.test(code)) return 'middle';
  if (/^(if|for|macro|call|filter|block|with|autoescape|raw)\b/.test(code)) return 'open';
  // `{% set x %}...{% endset %}` is a block; `{% set x = 1 %}` is not.
  if (/^set\b/.test(code) && !code.includes('=')) return 'open';
  return 'none';
}

/** The branch marks of a template's text, in source order (see BranchMark). */
export function branchMarks(text: string, tags: TagSpan[] = findTags(text)): BranchMark[] {
  const marks: BranchMark[] = [];
  const stack: Array<{ id: number; arm: number }> = [];
  let next = 0;
  const path = () => stack.map((f) => `${f.id}.${f.arm}`).join('/');
  const starts = lineStarts(text);
  const position = (offset: number) => {
    const line = lineAtOffset(starts, offset);
    return { line, character: offset - starts[line] };
  };
  for (const t of tags) {
    if (!t.control) continue;
    const kind = controlKind(text.slice(t.start, t.end));
    if (kind === 'none') continue;
    const at = position(t.end);
    if (kind === 'line') {
      // Decides whether the rest of its line is there: that line alone is a branch of its own.
      marks.push({ ...at, path: `${path()}${stack.length ? '/' : ''}${next++}.0` });
      marks.push({ line: at.line + 1, character: 0, path: path() });
      continue;
    }
    if (kind === 'open') stack.push({ id: next++, arm: 0 });
    else if (kind === 'middle' && stack.length) stack[stack.length - 1].arm++;
    else if (kind === 'close') stack.pop();
    marks.push({ ...at, path: path() });
  }
  return marks.sort((a, b) => a.line - b.line || a.character - b.character);
}

/** The branch path at a position (marks in source order). */
export function branchAt(marks: readonly BranchMark[], pos: { line: number; character: number }): string {
  let lo = 0;
  let hi = marks.length;
  // The last mark at or before pos.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = marks[mid];
    if (m.line < pos.line || (m.line === pos.line && m.character <= pos.character)) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? '' : marks[lo - 1].path;
}
