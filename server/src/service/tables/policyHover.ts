import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { atLeast, formatVersion, Version } from '../knowledge/version';
import { parseProtocols, PROTOCOLS } from '../rules/tls/protocols';
import { rangeOf, Positions } from './findings';
import { ATTRIBUTES, attributeFacts, KEY_DOCS, keyShape, LEVELS, levelFacts, PolicyAttribute, PolicyTable, Token } from './policy';

export interface PolicyHoverContext {
  target: Version;
  program: 'smtp' | 'lmtp';
  /** relayhost as main.cf sets it, when known: a key equal to it is the relay's entry. */
  relayhost?: string;
}

const inside = (t: Token | undefined, offset: number): t is Token => !!t && offset >= t.start && offset <= t.end;

function md(value: string): MarkupContent {
  return { kind: 'markdown', value };
}

function sinceLine(since: string, target: Version): string {
  return atLeast(target, since) ? `Postfix ${since} and later.` : `Postfix ${since} and later: **not available** on the target, Postfix ${formatVersion(target)}.`;
}

/** Which main.cf parameter an attribute overrides at a level, in the client's own names. */
export function overrideAt(name: string, level: string, program: 'smtp' | 'lmtp'): string | undefined {
  const o = ATTRIBUTES[name]?.overrides;
  if (!o) return undefined;
  const text = level === 'may' ? o.may : level === 'dane' ? o.dane : o.mandatory;
  return text?.replace(/smtp_/g, `${program}_`);
}

export function levelDoc(level: string, target: Version): string {
  const f = LEVELS[level];
  const attrs = Object.keys(ATTRIBUTES).filter((a) => ATTRIBUTES[a].levels.includes(level) && atLeast(target, ATTRIBUTES[a].since));
  return [`**${level}** — TLS security level`, '', f.doc, '', attrs.length ? `Attributes: ${attrs.map((a) => `\`${a}\``).join(', ')}.` : 'No attributes.', '', sinceLine(f.since, target)].join('\n');
}

export function attributeDoc(name: string, level: string | undefined, ctx: { target: Version; program: 'smtp' | 'lmtp' }): string {
  const f = ATTRIBUTES[name];
  const lines = [`**${name}=** — TLS policy attribute${level ? ` at level \`${level}\`` : ''}`, '', f.doc];
  const per = level && f.perLevel?.[level];
  if (per) lines.push('', per.replace(/smtp_/g, `${ctx.program}_`));
  const over = level && overrideAt(name, level, ctx.program);
  if (over) lines.push('', `Overrides ${over} for this destination.`);
  if (level && !f.levels.includes(level)) lines.push('', `Not accepted at level \`${level}\` (only ${f.levels.map((l) => `\`${l}\``).join(', ')}): the entry is invalid and mail is deferred.`);
  lines.push('', sinceLine(f.since, ctx.target));
  return lines.join('\n');
}

export function keyDoc(key: string, relayhost: string | undefined): string {
  const shape = keyShape(key);
  const lines = [`**${key}** — lookup key`, '', KEY_DOCS[shape.kind]];
  if (relayhost && relayhost.split(/[\s,]+/).some((h) => h.toLowerCase() === key.toLowerCase())) lines.push('', 'This is the relayhost of main.cf: mail sent through the relay uses this entry.');
  return lines.join('\n');
}

function protocolValueDoc(v: string): string | undefined {
  const set = parseProtocols(v);
  if (set.tokens.some((t) => t.problem)) return undefined;
  const allowed = PROTOCOLS.filter((p) => set.allowed.has(p));
  return `Allows ${allowed.length ? allowed.join(', ') : 'no protocol at all'}.`;
}

export function policyHover(table: PolicyTable, doc: Positions, offset: number, ctx: PolicyHoverContext): Hover | null {
  for (const e of table.entries) {
    if (offset < e.entry.start || offset > e.entry.end) continue;
    if (inside(e.key, offset)) return { contents: md(keyDoc(e.key.text, ctx.relayhost)), range: rangeOf(doc, e.key.start, e.key.end) };
    const level = e.level && levelFacts(e.level.text) ? e.level.text.toLowerCase() : undefined;
    if (inside(e.level, offset)) {
      if (!level) return null;
      return { contents: md(levelDoc(level, ctx.target)), range: rangeOf(doc, e.level.start, e.level.end) };
    }
    for (const a of e.attributes) {
      if (!inside(a.token, offset)) continue;
      return attributeHover(a, level, doc, offset, ctx);
    }
  }
  return null;
}

function attributeHover(a: PolicyAttribute, level: string | undefined, doc: Positions, offset: number, ctx: PolicyHoverContext): Hover | null {
  if (!a.name || !attributeFacts(a.name)) return null;
  if (a.name === 'protocols' && inside(a.value, offset)) {
    const d = protocolValueDoc(a.value.text);
    if (d) return { contents: md(`**protocols=${a.value.text}**\n\n${d}`), range: rangeOf(doc, a.value.start, a.value.end) };
  }
  const at = a.nameToken ?? a.token;
  return { contents: md(attributeDoc(a.name, level, ctx)), range: rangeOf(doc, at.start, a.value?.end ?? at.end) };
}
