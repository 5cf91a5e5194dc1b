import { RULES, type RuleId } from './catalogue';
import rationale from '../knowledge/rationale.json';

/**
 * Why each rule exists and where its facts come from, in our own words, as data
 * (knowledge/rationale.json, one entry per rule id: test/unit/catalogue.test.ts fails for a rule
 * without one): docs/rules.md is generated from it (`npm run docs:rules`, a test checks it is current).
 *
 * Source names: postconf(5) and the READMEs are the Postfix documentation of the release
 * (/usr/share/doc/postfix/html, postfix.org); "Postfix source" means the named file of the
 * Postfix distribution, read to confirm behaviour the documentation leaves open; the behaviour was
 * also checked with the real postconf and smtpd where the tests say so (test/oracle, test/postfix).
 */
export interface Rationale {
  why: string;
  sources: readonly string[];
}

export const RATIONALE = rationale as Record<RuleId, Rationale>;

/** docs/rules.md: every rule with its default severity, when it reports, why, and the sources of its facts. */
export function rulesReference(): string {
  const out: string[] = [
    '# Rules',
    '',
    '<!-- Generated from server/src/service/rules/catalogue.ts and knowledge/rationale.json by `npm run docs:rules`; edit those, not this file. -->',
    '',
    'Each rule of postfix-lint and the language server: its id (the diagnostic code, and the key in',
    '`postfix.rules` and `--rule`), its default severity, when it reports, why it matters, and where',
    'the facts behind it come from. The short table is in the README.',
  ];
  let group = '';
  for (const r of RULES) {
    if (r.group !== group) {
      group = r.group;
      out.push('', `## ${group}`);
    }
    const why = RATIONALE[r.id];
    const notes = [r.fixable ? 'quick fix' : '', r.readsFiles ? 'reads files (trusted workspaces)' : ''].filter(Boolean).join(', ');
    out.push('', `### ${r.id}`, '', `**${r.off ? 'off by default' : r.severity}**${notes ? ` · ${notes}` : ''}. ${r.when[0].toUpperCase()}${r.when.slice(1)}.`, '', why.why, '', `Sources: ${why.sources.join('; ')}.`);
  }
  return `${out.join('\n')}\n`;
}
