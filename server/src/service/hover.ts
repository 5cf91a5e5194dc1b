import { isRawParameter } from './knowledge/rawParameters';
import type { Hover, Position } from 'vscode-languageserver-types';
import type { EffectiveConfig, Expansion, Resolved } from './config';
import type { ParamDef, ParsedConfig, ServiceEntry } from './parser/ast';
import { locate } from './locate';
import { hasMask } from './parser/logical';
import { rangeAt } from './parser/lines';
import { docFor, valueDoc } from './knowledge/docs';
import { defaultValue, facts, isBuiltin, summaryOf, valueSet } from './knowledge/knowledge';
import { formatVersion } from './knowledge/version';
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

function describeSource(r: Resolved, e: Expansion, cfg: EffectiveConfig): string {
  const src = r.source;
  const via = e.via.length ? `, via ${[...new Set(e.via)].map((n) => `$${n}`).join(', ')}` : '';
  switch (src.kind) {
    case 'main':
      return `main.cf line ${src.def.range.start.line + 1}${via}`;
    case 'master':
      return `master.cf line ${src.def.range.start.line + 1} \`-o\` of ${src.def.service?.key}${via}`;
    case 'default':
      return `default of Postfix ${formatVersion(cfg.version.target)}${via}`;
    default:
      return 'not set, no known default';
  }
}

/** Markdown documentation of one parameter: our docs, then the facts. */
export function parameterMarkdown(name: string, cfg: EffectiveConfig, service?: ServiceEntry): string {
  const f = facts(name);
  const d = docFor(name);
  const out: string[] = [];
  const kind = f?.type ? ` · ${f.type}` : '';
  out.push(`**${name}**${kind}${f?.tls ? ' · TLS' : ''}`);
  if (!f) {
    out.push(cfg.isKnown(name) ? 'A parameter that Postfix derives from a master.cf service or a restriction class.' : 'Not a Postfix parameter: a user-defined name, usable as `$' + name + '`.');
  }
  if (d) {
    out.push(d.summary);
    if (d.body) out.push(d.body);
    if (d.values?.length) out.push(['**Values**', ...d.values.map(([v, m]) => `- \`${v}\`: ${m}`)].join('\n'));
  } else {
    const s = summaryOf(name);
    if (s) out.push(s);
  }
  const facts_: string[] = [];
  const dv = f ? defaultValue(name, cfg.version) : undefined;
  if (f) facts_.push(`**Default:** ${dv === undefined ? `${f.default.replace(/&ge;/g, '≥').replace(/&lt;/g, '<')} (depends on the build)` : code(dv)}${d?.defaultNote ? `. ${d.defaultNote}` : ''}`);
  if (f?.min !== undefined || f?.max !== undefined) facts_.push(`**Range:** ${f.min ?? '…'} to ${f.max ?? '…'}`);
  const eff = cfg.effective(name, service);
  if (eff.source.kind !== 'default' && eff.source.kind !== 'unknown') {
    const note = hostNote(eff, cfg, service);
    // A value Postfix passes on as written (mailbox_command) is shown as written.
    const shown = isRawParameter(name) ? eff.value : eff.text;
    facts_.push(`**Effective here:** ${code(shown)} (${describeSource(eff, eff, cfg)})${note ? `. ${note}` : ''}`);
  }
  else if (dv !== undefined && eff.via.length) facts_.push(`**Default expands to:** ${code(eff.text)}`);
  if (f) facts_.push(`**Since:** ${f.since ? `Postfix ${f.since}` : f.experimental ? 'Postfix 3.12 snapshot (experimental)' : 'early Postfix releases'}`);
  if (f?.deprecated) facts_.push(`**Deprecated** since Postfix ${f.deprecated.since}${f.deprecated.replacement ? `: use \`${f.deprecated.replacement}\`` : ': no replacement, remove it'}`);
  out.push(facts_.join('  \n'));
  if (d?.security) out.push(`**Security:** ${d.security}`);
  // Only names Postfix has: a stale entry in the docs must not send the reader after a parameter that does not exist.
  const related = d?.related?.filter((r) => r !== name && isBuiltin(r)) ?? [];
  if (related.length) out.push(`**Related:** ${related.map((r) => `\`${r}\``).join(', ')}`);
  if (f) out.push(`[postconf(5): ${name}](${manualLink(name)})`);
  return out.filter(Boolean).join('\n\n');
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
    const src = e.source.kind === 'unknown' && !cfg.isDefinedOrKnown(name, service) ? 'undefined: expands to nothing' : `from ${describeSource(e, e, cfg)}`;
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

function valueMarkdown(def: ParamDef, token: string): string | undefined {
  const set = valueSet(def.name);
  const table = /^([a-z][a-z0-9_]*):/.exec(token);
  if (table && TABLE_TYPES.has(table[1])) {
    const t = valueDoc('tableType', table[1]);
    return `**${table[1]}:** lookup table${t ? `\n\n${t}` : ''}\n\n[Postfix lookup table types](https://www.postfix.org/DATABASE_README.html)`;
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
    return parts.length ? `**${token}**\n\n${parts.join('\n\n')}\n\n[postconf(5): ${def.name}](${manualLink(def.name)})` : undefined;
  }
  const doc = valueDoc(set, token);
  return doc ? `**${token}** (${def.name})\n\n${doc}\n\n[postconf(5): ${def.name}](${manualLink(def.name)})` : undefined;
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
