import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat } from 'vscode-languageserver-types';
import { atLeast, Version } from '../knowledge/version';
import { ATTRIBUTES, LEVELS } from './policy';
import { attributeDoc, keyDoc, levelDoc } from './policyHover';
import { isSpace } from './source';

export interface PolicyCompletionContext {
  target: Version;
  program: 'smtp' | 'lmtp';
  relayhost?: string;
}

/**
 * The text of the logical line up to `offset`, as postmap joins it: the physical line holding the
 * cursor, and the ones above it back to the line that starts the entry (comments and blank lines
 * skipped). Undefined when the cursor is on a comment line.
 */
function logicalPrefix(text: string, offset: number): string | undefined {
  // lastIndexOf with a negative start still looks at index 0: guard the first line.
  const startOf = (end: number) => (end <= 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1);
  const lineStart = startOf(offset);
  const current = text.slice(lineStart, offset);
  if (/^\s*#/.test(current)) return undefined;
  if (current.length && !isSpace(current[0])) return current;
  const parts = [current];
  // `end` is the newline that ends the line above.
  for (let end = lineStart - 1; end >= 0; ) {
    const s = startOf(end);
    const line = text.slice(s, end);
    end = s - 1;
    if (/^\s*(#|$)/.test(line)) continue;
    parts.unshift(line);
    if (!isSpace(line[0])) return parts.join('');
  }
  // Indented text with no entry above: nothing to continue.
  return parts.join('').trim() ? undefined : '';
}

const SEP = /[,\s]/;

export function policyCompletion(text: string, offset: number, ctx: PolicyCompletionContext): CompletionList {
  const prefix = logicalPrefix(text, offset);
  const items: CompletionItem[] = [];
  if (prefix === undefined) return { isIncomplete: false, items };
  const keyEnd = prefix.search(/\s/);
  if (keyEnd < 0) {
    // Typing the key (or at the start of an empty line).
    for (const h of (ctx.relayhost ?? '').split(/[\s,]+/).filter(Boolean)) {
      items.push({ label: h, kind: CompletionItemKind.Value, detail: 'relayhost', documentation: { kind: 'markdown', value: keyDoc(h, ctx.relayhost) } });
    }
    items.push(
      { label: '[host]:port', kind: CompletionItemKind.Snippet, insertText: '[${1:relay.example.com}]:${2:587} ${3|encrypt,secure,verify,dane-only,may|}', insertTextFormat: InsertTextFormat.Snippet, documentation: { kind: 'markdown', value: keyDoc('[h]:587', undefined) } },
      { label: '.domain', kind: CompletionItemKind.Snippet, insertText: '.${1:example.com} ${2|secure,verify,encrypt,dane-only,may|}', insertTextFormat: InsertTextFormat.Snippet, documentation: { kind: 'markdown', value: keyDoc('.d', undefined) } },
    );
    return { isIncomplete: false, items };
  }
  const value = prefix.slice(keyEnd).replace(/^\s+/, '');
  const tokens = value.split(SEP);
  const partial = tokens.pop() ?? '';
  const done = tokens.filter(Boolean);
  if (done.length === 0) {
    Object.keys(LEVELS)
      .filter((l) => atLeast(ctx.target, LEVELS[l].since))
      .forEach((l) => items.push({ label: l, kind: CompletionItemKind.EnumMember, sortText: String(LEVELS[l].rank).padStart(2, '0'), documentation: { kind: 'markdown', value: levelDoc(l, ctx.target) } }));
    return { isIncomplete: false, items };
  }
  const level = done[0].toLowerCase();
  if (!Object.hasOwn(LEVELS, level) || level === 'none') return { isIncomplete: false, items };
  const eq = partial.indexOf('=');
  if (eq >= 0) {
    const name = partial.slice(0, eq).toLowerCase();
    const f = Object.hasOwn(ATTRIBUTES, name) ? ATTRIBUTES[name] : undefined;
    for (const v of f?.values ?? []) items.push({ label: v, kind: CompletionItemKind.Value, detail: `${name}=` });
    return { isIncomplete: false, items };
  }
  const used = new Set(done.slice(1).map((t) => t.split('=')[0].toLowerCase()));
  for (const [name, f] of Object.entries(ATTRIBUTES)) {
    if (!f.levels.includes(level) || !atLeast(ctx.target, f.since) || (used.has(name) && !f.repeat)) continue;
    // The TLSRPT attributes are written by MTA-STS plugins, not by hand: listed last.
    const ext = name.startsWith('policy_') || name === 'mx_host_pattern';
    items.push({
      label: `${name}=`,
      kind: CompletionItemKind.Property,
      sortText: `${ext ? 'z' : 'a'}${name}`,
      insertText: `${name}=`,
      command: f.values ? { title: 'values', command: 'editor.action.triggerSuggest' } : undefined,
      documentation: { kind: 'markdown', value: attributeDoc(name, level, ctx) },
    });
  }
  return { isIncomplete: false, items };
}
