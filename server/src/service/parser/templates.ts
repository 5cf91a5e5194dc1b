/**
 * Template tags of the configuration-management tools that render main.cf
 * (ERB for Chef/Puppet, Jinja for Ansible/Salt). They are opaque to us: never
 * parsed as Postfix syntax, never reported.
 */
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
  return /<%|\{%|\{\{\s*[\w@.]|%%[A-Za-z][\w: .-]*%%/.test(text);
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
