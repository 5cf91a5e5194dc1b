import { isRawParameter } from './knowledge/rawParameters';
import type { Hover, Position } from 'vscode-languageserver-types';
import type { EffectiveConfig, Expansion, Resolved } from './config';
import type { ParamDef, ParsedConfig, ServiceEntry } from './parser/ast';
import { locate } from './locate';
import { hasMask } from './parser/logical';
import { rangeAt } from './parser/lines';
import { docFor, valueDoc, ValueSection } from './knowledge/docs';
import { defaultHistory, defaultValue, facts, isBuiltin, removedNote, summaryOf, valueSet } from './knowledge/knowledge';
import { ignoredSince } from './knowledge/ignored';
import type { ParamDoc } from './knowledge/docTypes';
import { formatCompat, formatVersion } from './knowledge/version';
import { TABLE_TYPES } from './knowledge/tableTypes';

export const MANUAL = 'https://www.postfix.org/postconf.5.html';

export function manualLink(name: string): string {
  return `${MANUAL}#${name}`;
}

function code(v: string): string {
  if (v === '') return '*(empty)*';
  const shown = v.length > 300 ? `${v.slice(0, 297)}...` : v;
  const fence = shown.includes('`') ? '``' : '`';
  return `${fence}${shown}${fence}`;
}

/** Where a value comes from, in the words the TLS findings use (EffectiveConfig.setting). */
function describeSource(cfg: EffectiveConfig, name: string, service: ServiceEntry | undefined, r: Resolved): string {
  return r.source.kind === 'unknown' ? 'not set, no known default' : cfg.setting(name, service).origin;
}

/** Most words a parameter hover shows; the rest of the story is in postconf(5). */
export const HOVER_WORD_LIMIT = 250;

function words(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

/** "Postfix 3.11, compatibility level 0": the release and level the shown default is for. */
export function versionLabel(cfg: EffectiveConfig): string {
  const level = cfg.version.compatUnknown ? 'not known' : formatCompat(cfg.version.compat);
  return `Postfix ${formatVersion(cfg.version.target)}${cfg.version.targetSource === 'installed' ? ' (installed here)' : ''}, compatibility level ${level}`;
}

/** "3.6: `>=TLSv1`; 2.6: `!SSLv2, !SSLv3`", newest first; undefined when the default never changed. */
function historyLine(name: string, cfg: EffectiveConfig): string | undefined {
  const h = defaultHistory(name, cfg.version);
  if (h.length < 2) return undefined;
  return [...h].reverse().map((e) => `${e.since}: ${code(e.value)}`).join('; ');
}

/**
 * Markdown documentation of one parameter. Layout: the name, one summary line,
 * the facts (Default for the version in use, History, Effective here, Since),
 * then as much of the detail as fits in HOVER_WORD_LIMIT words.
 */
export function parameterMarkdown(name: string, cfg: EffectiveConfig, service?: ServiceEntry): string {
  const f = facts(name);
  const d = docFor(name);
  const head: string[] = [];
  const kind = f?.type ? ` · ${f.type}` : '';
  head.push(`**${name}**${kind}${f?.tls ? ' · TLS' : ''}`);
  if (!f) {
    head.push(cfg.isKnown(name) ? 'A parameter that Postfix derives from a master.cf service or a restriction class.' : 'Not a Postfix parameter: a user-defined name, usable as `$' + name + '`.');
  }
  const summary = d?.summary ?? summaryOf(name);
  if (summary) head.push(summary);
  const facts_: string[] = [];
  const dv = f ? defaultValue(name, cfg.version) : undefined;
  if (f) facts_.push(`**Default (${versionLabel(cfg)}):** ${dv === undefined ? `${f.default.replace(/&ge;/g, '≥').replace(/&lt;/g, '<')} (depends on the build)` : code(dv)}`);
  const history = f ? historyLine(name, cfg) : undefined;
  if (history) facts_.push(`**History:** ${history}`);
  if (f?.min !== undefined || f?.max !== undefined) facts_.push(`**Range:** ${f.min ?? '…'} to ${f.max ?? '…'}`);
  const eff = cfg.effective(name, service);
  if (eff.source.kind !== 'default' && eff.source.kind !== 'unknown') {
    const note = hostNote(eff, cfg, service);
    // A value Postfix passes on as written (mailbox_command) is shown as written.
    const shown = isRawParameter(name) ? eff.value : eff.text;
    facts_.push(`**Effective here:** ${code(shown)} (${describeSource(cfg, name, service, eff)})${note ? `. ${note}` : ''}`);
  }
  else if (dv !== undefined && eff.via.length) facts_.push(`**Default expands to:** ${code(eff.text)}`);
  if (f) facts_.push(`**Since:** ${f.since ? `Postfix ${f.since}` : f.experimental ? 'Postfix 3.12 snapshot (experimental)' : 'early Postfix releases'}`);
  const gone = f ? removedNote(name) : undefined;
  const ignored = f ? ignoredSince(name) : undefined;
  if (gone || ignored) facts_.push(`**Status:** ${[ignored ? `no effect since Postfix ${ignored}` : '', gone ?? ''].filter(Boolean).join('; ')}`);
  if (f?.deprecated) facts_.push(`**Deprecated** since Postfix ${f.deprecated.since}${f.deprecated.replacement ? `: use \`${f.deprecated.replacement}\`` : ': no replacement, remove it'}`);
  if (facts_.length) head.push(facts_.join('  \n'));

  const detail = d ? detailBlocks(name, d) : [];
  const link = f ? `[postconf(5): ${name}](${manualLink(name)})` : '';
  const more = f ? `More in ${link}` : '';
  // A block with a short form: where the reader can hover each value for its meaning, the short
  // form goes in first and the full form replaces it only after the blocks of the next priority
  // (a values list must not crowd out the security advice); otherwise the full form comes first
  // and the short one is only the fallback.
  const steps = detail.flatMap((b) =>
    b.short === undefined
      ? [{ b, text: b.text, priority: b.priority }]
      : b.upgradeLater
        ? [{ b, text: b.short, priority: b.priority }, { b, text: b.text, priority: b.priority + 1.5 }]
        : [{ b, text: b.text, priority: b.priority }, { b, text: b.short, priority: b.priority + 0.01 }],
  );
  let budget = HOVER_WORD_LIMIT - words(head.join(' ')) - words(more);
  const chosen = new Map<DetailBlock, string>();
  for (const step of steps.sort((a, c) => a.priority - c.priority)) {
    const now = chosen.get(step.b);
    // Only ever grow a block from its short to its full form.
    if (now !== undefined && (now === step.b.text || step.text !== step.b.text)) continue;
    if (now === undefined && step.b.upgradeLater && step.text === step.b.text) continue;
    const cost = words(step.text) - words(now ?? '');
    if (cost > budget) continue;
    chosen.set(step.b, step.text);
    budget -= cost;
  }
  const kept = detail.filter((b) => chosen.has(b));
  const cut = kept.length < detail.length || kept.some((b) => chosen.get(b) !== b.text);
  return [...head, ...kept.map((b) => chosen.get(b)!), cut ? more : link].filter(Boolean).join('\n\n');
}

interface DetailBlock {
  text: string;
  /** A shorter form used when the full text does not fit. */
  short?: string;
  /** Start with the short form and grow it late (each value has a hover of its own). */
  upgradeLater?: boolean;
  /** Lower goes in first when the word budget is short. */
  priority: number;
  /** Position in the hover. */
  order: number;
}

/** `none`, `may`, ...: each single word of the values list once ("fingerprint, verify, secure" is three). */
function shortValues(values: Array<[string, string]>): string {
  const all = values.map(([v]) => v);
  const words_ = [...new Set(all.flatMap((v) => v.split(/,\s*/)).filter((v) => /^\S+$/.test(v)))];
  return (words_.length ? words_ : all).map((v) => `\`${v}\``).join(', ');
}

function detailBlocks(name: string, d: ParamDoc): DetailBlock[] {
  const blocks: Omit<DetailBlock, 'order'>[] = [];
  if (d.defaultNote) blocks.push({ text: `**About the default:** ${d.defaultNote}`, priority: 2 });
  const paragraphs = d.body?.split(/\n\n+/).filter((p) => p.trim()) ?? [];
  // Later paragraphs before a full values list: the short list already names every value.
  paragraphs.forEach((p, i) => blocks.push({ text: p, priority: i === 0 ? 1 : 4 + i / 10 }));
  if (d.values?.length) {
    blocks.push({
      text: ['**Values**', ...d.values.map(([v, m]) => `- \`${v}\`: ${m}`)].join('\n'),
      short: `**Values:** ${shortValues(d.values)}${valueSet(name) ? ' (hover a value in the file for its meaning)' : ''}`,
      upgradeLater: valueSet(name) !== undefined,
      priority: 3,
    });
  }
  if (d.security) blocks.push({ text: `**Security:** ${d.security}`, priority: 4 });
  // Only names Postfix has: a stale entry in the docs must not send the reader after a parameter that does not exist.
  const related = d.related?.filter((r) => r !== name && isBuiltin(r)) ?? [];
  if (related.length) blocks.push({ text: `**Related:** ${related.map((r) => `\`${r}\``).join(', ')}`, priority: 50 });
  return blocks.map((b, order) => ({ ...b, order }));
}

/**
 * Names whose value we cannot know: known to Postfix, not set, and with a default
 * that `postconf -d` computes on the host (myhostname, mydomain, ...).
 */
function hostDependent(name: string, cfg: EffectiveConfig, service?: ServiceEntry): boolean {
  return cfg.isKnown(name) && cfg.raw(name, service).source.kind === 'unknown';
}

/** A note when the expansion went through such names: they are shown empty, which they are not on the host. */
function hostNote(e: Expansion, cfg: EffectiveConfig, service?: ServiceEntry): string | undefined {
  const names = [...new Set(e.via)].filter((n) => hostDependent(n, cfg, service));
  if (!names.length) return undefined;
  return `${names.map((n) => `\`$${n}\``).join(', ')} ${names.length > 1 ? 'depend' : 'depends'} on the host (see \`postconf -d\`) and ${names.length > 1 ? 'are' : 'is'} left empty here.`;
}

function referenceMarkdown(name: string, cfg: EffectiveConfig, service?: ServiceEntry): string {
  const e = cfg.effective(name, service);
  let lines: string[];
  if (hostDependent(name, cfg, service)) {
    // Not "= (empty)": the value exists, we just cannot know it without the host.
    lines = [`**$${name}**: not set here; the default depends on the host (see \`postconf -d ${name}\`)`];
  } else {
    const src = e.source.kind === 'unknown' && !cfg.isDefinedOrKnown(name, service) ? 'undefined: expands to nothing' : `from ${describeSource(cfg, name, service, e)}`;
    lines = [`**$${name}** = ${code(e.text)}`, `${src}${e.problem ? ` (stopped: ${e.problem})` : ''}`];
    const note = hostNote(e, cfg, service);
    if (note) lines.push(note);
  }
  if (e.value !== e.text) lines.push(`raw value: ${code(e.value)}`);
  const s = docFor(name)?.summary ?? summaryOf(name);
  if (s) lines.push(s);
  if (facts(name)) lines.push(`[postconf(5): ${name}](${manualLink(name)})`);
  return lines.join('\n\n');
}

const OPERATORS: Record<string, string> = { '!': '!', '>=': '>=', '<=': '<=' };

/** Word lists that only the hover explains (they are not closed sets that validation checks). */
const HOVER_SECTIONS: Array<[RegExp, ValueSection]> = [
  [/_tls_eecdh_grade$/, 'eecdhGrade'],
  [/^tls_ssl_options$/, 'sslOptions'],
  [/_tls_(mandatory_)?exclude_ciphers$|^tlsproxy_client_(mandatory_)?exclude_ciphers$/, 'cipherExclusion'],
];

function valueMarkdown(def: ParamDef, token: string): string | undefined {
  const set = valueSet(def.name);
  const manual = `[postconf(5): ${def.name}](${manualLink(def.name)})`;
  const table = /^([a-z][a-z0-9_]*):/.exec(token);
  if (table && TABLE_TYPES.has(table[1])) {
    // A session cache is a file tlsmgr(8) keeps itself: the postmap advice of an ordinary table is wrong there.
    if (/_tls_session_cache_database$/.test(def.name)) {
      const t = valueDoc('sessionCacheType', table[1]) ?? valueDoc('sessionCacheType', '*');
      return `**${table[1]}:** TLS session cache (${def.name})\n\n${t}\n\n${manual}`;
    }
    const t = valueDoc('tableType', table[1]);
    return `**${table[1]}:** lookup table${t ? `\n\n${t}` : ''}\n\n[Postfix lookup table types](https://www.postfix.org/DATABASE_README.html)`;
  }
  const section = HOVER_SECTIONS.find(([re]) => re.test(def.name))?.[1];
  if (section) {
    // `kEDH+aRSA` excludes what matches all parts: explain each part.
    const parts = section === 'cipherExclusion' ? token.split('+') : [token];
    const docs = parts.map((p) => [p, valueDoc(section, p)] as const).filter(([, d]) => d);
    if (!docs.length) return undefined;
    const text = docs.length === 1 && parts.length === 1 ? docs[0][1]! : docs.map(([p, d]) => `- \`${p}\`: ${d}`).join('\n');
    const combined = parts.length > 1 ? 'Excludes only the suites that match every `+`-joined part.\n\n' : '';
    return `**${token}** (${def.name})\n\n${combined}${text}\n\n${manual}`;
  }
  if (!set) return undefined;
  if (set === 'tlsProtocol') {
    const m = /^(!|>=|<=)?(.+)$/.exec(token)!;
    const parts: string[] = [];
    const p = valueDoc('tlsProtocol', m[2]);
    if (m[1]) {
      const op = valueDoc('tlsProtocol', OPERATORS[m[1]]);
      if (op) parts.push(op);
    }
    if (p) parts.push(p);
    return parts.length ? `**${token}**\n\n${parts.join('\n\n')}\n\n${manual}` : undefined;
  }
  const doc = valueDoc(set, token);
  return doc ? `**${token}** (${def.name})\n\n${doc}\n\n${manual}` : undefined;
}

export function doHover(doc: ParsedConfig, pos: Position, cfg: EffectiveConfig): Hover | null {
  const at = locate(doc, pos);
  if (!at) return null;
  switch (at.kind) {
    case 'name':
      if (at.def.templated && hasMask(at.def.name)) return null;
      return { contents: { kind: 'markdown', value: parameterMarkdown(at.def.name, cfg, at.def.service) }, range: at.def.nameRange };
    case 'reference':
      return {
        contents: { kind: 'markdown', value: referenceMarkdown(at.ref.name, cfg, at.def.service) },
        range: rangeAt(at.def.logical, at.def.valueOffset + at.ref.start, at.def.valueOffset + at.ref.end),
      };
    case 'value': {
      const md = valueMarkdown(at.def, at.item.text);
      return md ? { contents: { kind: 'markdown', value: md }, range: rangeAt(at.def.logical, at.def.valueOffset + at.item.start, at.def.valueOffset + at.item.end) } : null;
    }
    case 'service':
      return serviceHover(at.service, at.field);
  }
}

const FIELD_DOCS = [
  'service name (or `address:port` for inet services)',
  'transport type: `inet`, `unix`, `unix-dgram`, `fifo` or `pass`',
  'private: `y` (default) limits access to the Postfix mail system',
  'unpriv: `y` (default) runs the service as the mail_owner user',
  'chroot: `y` runs the service chrooted to the queue directory (default `n` from Postfix 3.0)',
  'wakeup: send a wake-up request every N seconds (`?` only when used); `0` or `-` never',
  'maxproc: process limit (`-` means $default_process_limit, `0` no limit)',
  'command: the daemon program, with its arguments and `-o name=value` overrides',
];

function serviceHover(s: ServiceEntry, field: number): Hover {
  const f = field === 7 ? s.command! : s.fields[field];
  return { contents: { kind: 'markdown', value: `**${f.text}**: master.cf ${FIELD_DOCS[field]}\n\n[master(5)](https://www.postfix.org/master.5.html)` }, range: f.range };
}
