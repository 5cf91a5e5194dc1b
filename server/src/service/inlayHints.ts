import type { InlayHint, Range } from 'vscode-languageserver-types';
import type { EffectiveConfig } from './config';
import type { ParamDef, ParsedConfig } from './parser/ast';
import { hasMask } from './parser/logical';
import { scanReferences } from './parser/values';
import { isRawParameter } from './knowledge/rawParameters';
import { formatVersion } from './knowledge/version';
import { restatedDefault } from './rules/general';

const MAX_LABEL = 60;

function shorten(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  if (t === '') return '(empty)';
  return t.length > MAX_LABEL ? `${t.slice(0, MAX_LABEL - 1)}…` : t;
}

function fence(s: string): string {
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

function intersects(def: ParamDef, range: Range): boolean {
  return def.range.end.line >= range.start.line && def.range.start.line <= range.end.line;
}

/**
 * Inline values (setting `postfix.inlayHints.enabled`): at the end of a definition that
 * references other parameters, its value after `$` expansion; after one that restates
 * the default, that it is the default.
 */
export function getInlayHints(parsed: ParsedConfig, range: Range, cfg: EffectiveConfig): InlayHint[] {
  const out: InlayHint[] = [];
  for (const def of parsed.defs) {
    if (!intersects(def, range) || hasMask(def.name) || hasMask(def.value)) continue;
    // mailbox_command, smtpd_reject_footer, ...: Postfix passes the value on unexpanded.
    if (!isRawParameter(def.name) && scanReferences(def.value).refs.length) {
      const e = cfg.expand(def.value, def.service, def.name);
      if (e.problem || e.text === def.value) continue;
      const host = [...new Set(e.via)].filter((n) => cfg.isKnown(n) && cfg.raw(n, def.service).source.kind === 'unknown');
      const notes = [`**${def.name}** expands to ${e.text.trim() ? fence(e.text.length > 2000 ? `${e.text.slice(0, 2000)}…` : e.text) : '*(empty)*'}`];
      if (host.length) notes.push(`${host.map((n) => `\`$${n}\``).join(', ')} ${host.length > 1 ? 'depend' : 'depends'} on the host (see \`postconf -d\`) and ${host.length > 1 ? 'are' : 'is'} shown empty.`);
      out.push({ position: def.range.end, label: `⇒ ${shorten(e.text)}`, paddingLeft: true, tooltip: { kind: 'markdown', value: notes.join('\n\n') } });
      continue;
    }
    const d = restatedDefault(def, parsed, cfg);
    if (d !== undefined) {
      out.push({
        position: def.range.end,
        label: '(default)',
        paddingLeft: true,
        tooltip: { kind: 'markdown', value: `Same as the default of Postfix ${formatVersion(cfg.version.target)}: ${d === '' ? '*(empty)*' : fence(d)}. The line can go.` },
      });
    }
  }
  return out;
}
