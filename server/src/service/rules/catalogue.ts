import type { Severity } from '../findings';

export interface RuleInfo {
  id: string;
  /**
   * The severity a finding gets unless the rule gives another case by case (noted in `when`);
   * 'mixed': no default, every finding names its own.
   */
  severity: Severity | 'mixed';
  /** Reported only when postfix.rules gives the rule a severity: advice an admin must ask for. */
  off?: true;
  /** Which engine emits it: rules/general.ts (any main.cf/master.cf editor), rules/tls/ (the TLS model) or tables/ (a policy or SNI table source file). */
  family: 'general' | 'tls' | 'table';
  group: 'General' | 'Server certificates' | 'Where TLS is required' | 'Protocols' | 'Ciphers and key exchange' | 'Client, DANE, verification' | 'Operation and logging' | 'Policy and SNI tables';
  when: string;
  fixable: boolean;
  /** Reads files named in the configuration (not in Restricted Mode). */
  readsFiles?: boolean;
}

/**
 * The rule catalogue: the runtime registry of rules. Findings take their default severity from
 * here (findings.ts `finding()`), the README table and the SARIF rule list are generated from it,
 * and `RuleId` makes every rule id in code a checked one.
 */
const CATALOGUE = [
  { id: 'syntax', family: 'general', severity: 'error', group: 'General', when: 'what makes postconf stop: a line without "=", "=" without a name, an indented first line, a truncated ${', fixable: false },
  { id: 'accidental-continuation', family: 'general', severity: 'warning', group: 'General', when: 'an indented line that looks like name = value: Postfix appends it to the previous value', fixable: true },
  { id: 'unknown-parameter', family: 'general', severity: 'warning', group: 'General', when: 'a name Postfix does not know and nothing references, with "did you mean"', fixable: true },
  { id: 'duplicate-parameter', family: 'general', severity: 'warning', group: 'General', when: 'a name defined twice: the last one wins', fixable: false },
  { id: 'invalid-value', family: 'general', severity: 'error', group: 'General', when: 'a value that is not of the parameter\'s type (boolean, integer and range, time, enumeration)', fixable: false },
  { id: 'undefined-reference', family: 'general', severity: 'warning', group: 'General', when: '$name that is neither known nor defined', fixable: true },
  { id: 'version-mismatch', family: 'general', severity: 'warning', group: 'General', when: 'a parameter newer than the target Postfix version', fixable: false },
  { id: 'deprecated-parameter', family: 'general', severity: 'warning', group: 'General', when: 'a name postconf reports as deprecated (hint when the target predates the deprecation)', fixable: true },
  { id: 'default-value', family: 'general', severity: 'hint', group: 'General', when: 'a main.cf line that sets a parameter to its default (same on every build and compatibility level): the line changes nothing', fixable: true },
  { id: 'server-tls-off', family: 'tls', severity: 'warning', group: 'Server certificates', when: 'the port-25 server has no TLS (level empty or none)', fixable: true },
  { id: 'missing-server-cert', family: 'tls', severity: 'error', group: 'Server certificates', when: 'the server offers TLS but no certificate is configured', fixable: true },
  { id: 'cert-file-missing', family: 'tls', severity: 'error', group: 'Server certificates', when: 'a configured certificate, key or CA file does not exist or is unusable (a warning while TLS is off; a file only root may read is not judged), or a key file holds no key; see postfix.certificateChecks for where files are read', fixable: false, readsFiles: true },
  { id: 'chain-order', family: 'tls', severity: 'error', group: 'Server certificates', when: 'chain file not key, certificate, issuers; bundle not leaf first', fixable: false, readsFiles: true },
  { id: 'cert-chain-incomplete', family: 'tls', severity: 'warning', group: 'Server certificates', when: 'a lone leaf certificate that is not self-signed', fixable: false, readsFiles: true },
  { id: 'cert-expired', family: 'tls', severity: 'mixed', group: 'Server certificates', when: 'certificate expired or not yet valid (error), expiring within 14 days (warning)', fixable: false, readsFiles: true },
  { id: 'cert-key-mismatch', family: 'tls', severity: 'error', group: 'Server certificates', when: 'the private key does not match the certificate', fixable: false, readsFiles: true },
  { id: 'key-exposed', family: 'tls', severity: 'warning', group: 'Server certificates', when: 'key file readable by group or others, or protected by a passphrase', fixable: false, readsFiles: true },
  { id: 'chain-plus-legacy', family: 'tls', severity: 'warning', group: 'Server certificates', when: 'smtpd_tls_chain_files and a legacy *_cert_file both set', fixable: true },
  { id: 'legacy-cert-params', family: 'tls', severity: 'hint', group: 'Server certificates', when: 'only legacy cert/key parameters on Postfix 3.4 or later', fixable: false },
  { id: 'certless-or-dsa', family: 'tls', severity: 'warning', group: 'Server certificates', when: 'smtpd_tls_cert_file = none, or a DSA certificate', fixable: false },
  { id: 'mx-requires-tls', family: 'tls', severity: 'error', group: 'Where TLS is required', when: 'port 25 requires TLS (encrypt, enforce, wrappermode)', fixable: true },
  { id: 'server-level-invalid', family: 'tls', severity: 'mixed', group: 'Where TLS is required', when: 'server level fingerprint/verify/secure (warning) or unknown (error)', fixable: false },
  { id: 'sasl-plaintext', family: 'tls', severity: 'mixed', group: 'Where TLS is required', when: 'AUTH offered to other hosts while TLS is optional, smtpd_tls_auth_only = no and smtpd_sasl_security_options allows plaintext (error on 587)', fixable: true },
  { id: 'submissions-no-wrapper', family: 'tls', severity: 'error', group: 'Where TLS is required', when: 'a 465 service without smtpd_tls_wrappermode = yes', fixable: true },
  { id: 'client-wrapper-level', family: 'tls', severity: 'error', group: 'Where TLS is required', when: 'client wrappermode with a level below encrypt', fixable: true },
  { id: 'weak-protocol-ssl', family: 'tls', severity: 'error', group: 'Protocols', when: 'an effective protocol set allows SSLv2 or SSLv3', fixable: true },
  { id: 'weak-protocol-tls10', family: 'tls', severity: 'warning', group: 'Protocols', when: 'TLSv1 or TLSv1.1 allowed where TLS is mandatory or on submission (opportunistic TLS keeps them: the hover explains why)', fixable: true },
  { id: 'protocol-invalid', family: 'tls', severity: 'error', group: 'Protocols', when: 'unknown protocol, ">=" before 3.6, a space after ">=", ">=SSLv2"', fixable: true },
  { id: 'protocol-gap', family: 'tls', severity: 'error', group: 'Protocols', when: 'exclusions leave a hole in the protocol range', fixable: true },
  { id: 'protocol-legacy-syntax', family: 'tls', severity: 'hint', group: 'Protocols', when: 'only "!" exclusions where ">=" is available', fixable: true },
  { id: 'tls13-disabled', family: 'tls', severity: 'warning', group: 'Protocols', when: '!TLSv1.3 or <=TLSv1.2', fixable: false },
  { id: 'weak-cipher-grade', family: 'tls', severity: 'mixed', group: 'Ciphers and key exchange', when: 'grade export or low (error before 3.8, warning after)', fixable: true },
  { id: 'null-cipher', family: 'tls', severity: 'error', group: 'Ciphers and key exchange', when: 'grade null', fixable: true },
  { id: 'invalid-grade', family: 'tls', severity: 'error', group: 'Ciphers and key exchange', when: 'an unknown cipher grade', fixable: true },
  { id: 'high-opportunistic', family: 'tls', severity: 'hint', group: 'Ciphers and key exchange', when: 'grade high for opportunistic TLS', fixable: true },
  { id: 'exclude-syntax', family: 'tls', severity: 'error', group: 'Ciphers and key exchange', when: 'an exclusion starting with ! + - @', fixable: false },
  { id: 'cipherlist-override', family: 'tls', severity: 'hint', group: 'Ciphers and key exchange', when: 'tls_high/medium/null_cipherlist changed', fixable: true },
  { id: 'dh-param-file', family: 'tls', severity: 'warning', group: 'Ciphers and key exchange', when: 'smtpd_tls_dh1024_param_file set', fixable: true },
  { id: 'ignored-parameter', family: 'tls', severity: 'hint', group: 'Ciphers and key exchange', when: 'a parameter the target version ignores (eecdh grade and curves, dh512, old cipherlists)', fixable: true },
  { id: 'curves-override', family: 'tls', severity: 'warning', group: 'Ciphers and key exchange', when: 'tls_eecdh_auto_curves without X25519 or prime256v1', fixable: true },
  { id: 'enforce-silently-ignored', family: 'tls', severity: 'error', group: 'Client, DANE, verification', when: 'smtp_use_tls/smtp_enforce_tls without smtp_tls_security_level at compatibility level 3.11', fixable: true },
  { id: 'client-no-tls', family: 'tls', severity: 'warning', group: 'Client, DANE, verification', when: 'outgoing TLS off (level empty or none), unless a readable smtp_tls_policy_maps gives the relayhost a TLS level', fixable: true },
  { id: 'client-mandatory-global', family: 'tls', severity: 'warning', group: 'Client, DANE, verification', when: 'a mandatory client level for every destination without a relayhost', fixable: true },
  { id: 'dane-no-dnssec', family: 'tls', severity: 'error', group: 'Client, DANE, verification', when: 'dane/dane-only without smtp_dns_support_level = dnssec', fixable: true },
  { id: 'dane-misplaced', family: 'tls', severity: 'error', group: 'Client, DANE, verification', when: 'a DANE level on a server parameter', fixable: false },
  { id: 'fingerprint-empty', family: 'tls', severity: 'error', group: 'Client, DANE, verification', when: 'fingerprint level with no fingerprints', fixable: false },
  { id: 'weak-fp-digest', family: 'tls', severity: 'warning', group: 'Client, DANE, verification', when: 'fingerprint digest md5 or sha1', fixable: true },
  { id: 'verify-no-trust', family: 'tls', severity: 'warning', group: 'Client, DANE, verification', when: 'verify/secure with no CA to verify against', fixable: true },
  { id: 'secure-hostname', family: 'tls', severity: 'warning', group: 'Client, DANE, verification', when: 'smtp_tls_secure_cert_match contains hostname', fixable: true },
  { id: 'client-sasl-cleartext', family: 'tls', severity: 'warning', group: 'Client, DANE, verification', when: 'client SASL with a level below encrypt while smtp_sasl_security_options allows plaintext mechanisms, and no policy table is set, or the tables (read where they can be) require no TLS for the relayhost', fixable: false },
  { id: 'sasl-password-inline', family: 'tls', severity: 'warning', group: 'Client, DANE, verification', when: 'a relay password written into main.cf or master.cf (static: or inline: in *_sasl_password_maps)', fixable: false },
  { id: 'req-ccert-optional', family: 'tls', severity: 'warning', group: 'Operation and logging', when: 'smtpd_tls_req_ccert = yes at level may', fixable: false },
  { id: 'session-cache', family: 'tls', severity: 'mixed', group: 'Operation and logging', when: 'dbm: cache (error), no client cache (hint), server cache where tickets suffice (hint), -o cache settings (warning)', fixable: true },
  { id: 'verbose-loglevel', family: 'tls', severity: 'warning', group: 'Operation and logging', when: 'TLS log level 2 or more', fixable: true },
  { id: 'received-header-privacy', family: 'tls', severity: 'info', off: true, group: 'Operation and logging', when: 'smtpd_tls_received_header = yes (off unless enabled in postfix.rules: a choice, not a mistake)', fixable: false },
  { id: 'orphaned-override', family: 'tls', severity: 'warning', group: 'General', when: 'an indented -o under a commented-out master.cf service: Postfix applies it to the service above', fixable: false },
  { id: 'postscreen-mismatch', family: 'tls', severity: 'warning', group: 'Operation and logging', when: '-o smtpd_tls_* behind postscreen not repeated for postscreen/tlsproxy', fixable: false },
  { id: 'table-syntax', family: 'table', severity: 'error', group: 'Policy and SNI tables', when: 'a table source line postmap drops: no value, an indented first line, an unbalanced quote', fixable: false },
  { id: 'table-duplicate-key', family: 'table', severity: 'warning', group: 'Policy and SNI tables', when: 'a key listed twice (compared without case): postmap keeps the first', fixable: false },
  { id: 'policy-unknown-level', family: 'table', severity: 'error', group: 'Policy and SNI tables', when: 'a policy entry whose level is not a TLS security level: mail to that destination is deferred', fixable: true },
  { id: 'policy-version', family: 'table', severity: 'error', group: 'Policy and SNI tables', when: 'a level or attribute newer than the target Postfix version', fixable: false },
  { id: 'policy-attribute-level', family: 'table', severity: 'mixed', group: 'Policy and SNI tables', when: 'an attribute the level does not take: match outside fingerprint/verify/secure, tafile outside verify/secure (error: the entry is invalid); anything after none (warning: ignored)', fixable: true },
  { id: 'policy-unknown-attribute', family: 'table', severity: 'error', group: 'Policy and SNI tables', when: 'an attribute name the SMTP client does not know, with "did you mean"', fixable: true },
  { id: 'policy-malformed-attribute', family: 'table', severity: 'error', group: 'Policy and SNI tables', when: 'a token without "=" (protocols=!SSLv2,!SSLv3), an empty or invalid value, a single attribute given twice', fixable: true },
  { id: 'policy-wildcard-key', family: 'table', severity: 'warning', group: 'Policy and SNI tables', when: 'a key with "*": the policy lookup has no wildcard, so the entry never applies (the default is smtp_tls_security_level)', fixable: false },
  { id: 'policy-relayhost-key', family: 'table', severity: 'warning', group: 'Policy and SNI tables', when: 'an entry for the relayhost spelt differently from relayhost ([relay]:587 vs [relay]:submission): the lookup never finds it', fixable: true },
  { id: 'policy-match-impossible', family: 'table', severity: 'error', group: 'Policy and SNI tables', when: 'a match= that can never match: a fingerprint that is not hex or has the wrong length for the digest, "|" between names', fixable: true },
  { id: 'sni-name-mismatch', family: 'table', severity: 'warning', group: 'Policy and SNI tables', when: 'an SNI table entry whose certificate does not cover the name it is served for', fixable: false, readsFiles: true },
] as const satisfies readonly RuleInfo[];

export type RuleId = (typeof CATALOGUE)[number]['id'];
/** Rules that read the files the configuration names (certificates, keys). */
export type FileRuleId = Extract<(typeof CATALOGUE)[number], { readsFiles: true }>['id'];
/** Rules of the policy and SNI table sources (service/tables/). */
export type TableRuleId = Extract<(typeof CATALOGUE)[number], { family: 'table' }>['id'];
/** Rules without a default severity: each finding says which. */
export type MixedRuleId = Extract<(typeof CATALOGUE)[number], { severity: 'mixed' }>['id'];

export interface Rule extends RuleInfo {
  id: RuleId;
}

export const RULES: readonly Rule[] = CATALOGUE;

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

export function isRuleId(id: string): id is RuleId {
  return BY_ID.has(id);
}

export function ruleInfo(id: RuleId): Rule {
  return BY_ID.get(id)!;
}

/** The ids of the rules that satisfy `pred`, in catalogue order. */
export function ruleIds(pred: (r: Rule) => boolean): RuleId[] {
  return RULES.filter(pred).map((r) => r.id);
}

/** The README anchor of a rule's row in the rule table. */
export function ruleAnchor(id: string): string {
  return `rule-${id}`;
}

/** The README's rule table, generated from this data (scripts/readme-rules.mjs writes it, a test checks it). */
export function rulesMarkdown(): string {
  const rows: string[] = [];
  let group = '';
  for (const r of RULES) {
    if (r.group !== group) {
      group = r.group;
      rows.push(`| **${group}** | | | |`);
    }
    const notes = [r.fixable ? 'quick fix' : '', r.readsFiles ? 'reads files (trusted workspaces)' : ''].filter(Boolean).join(', ');
    // The anchor is where a diagnostic's codeDescription points (README.md#rule-<id>).
    rows.push(`| <a id="${ruleAnchor(r.id)}"></a>\`${r.id}\` | ${r.off ? 'off' : r.severity} | ${r.when.replace(/\|/g, '\\|')} | ${notes} |`);
  }
  return ['| rule | severity | when | |', '|---|---|---|---|', ...rows].join('\n');
}
