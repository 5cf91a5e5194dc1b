import { RULES, type RuleId } from './catalogue';

/**
 * Why each rule exists and where its facts come from, in our own words: docs/rules.md is generated
 * from this (`npm run docs:rules`, a test checks it is current). Typed by RuleId, so a new rule
 * in the catalogue does not compile until it has its rationale here.
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

export const RATIONALE: Record<RuleId, Rationale> = {
  syntax: {
    why: 'postconf and every Postfix daemon read main.cf line by line and stop with a fatal error at the first line they cannot split into a name and a value; master.cf entries need their eight fields. One such line stops Postfix at its next start or reload.',
    sources: ['postconf(5), "Syntax"', 'master(5)', 'checked with postconf 3.7 (test/oracle)'],
  },
  'accidental-continuation': {
    why: 'A line that starts with white space continues the line before it. An indented `name = value` therefore becomes part of the previous value instead of a setting of its own, and Postfix says nothing about it.',
    sources: ['postconf(5), "Syntax": continuation lines'],
  },
  'unknown-parameter': {
    why: 'Postfix ignores a name it does not know (postconf only logs "unused parameter"). A typo in a TLS setting therefore leaves the default in force, often TLS off, without any error.',
    sources: ['postconf(5)', 'Postfix source: postconf_unused.c', 'checked with postconf 3.7 (test/oracle)'],
  },
  'duplicate-parameter': {
    why: 'When a name is set twice, the last definition wins. The earlier line looks like it is in force but is not, which misleads whoever reads or edits the file.',
    sources: ['postconf(5), "Syntax"'],
  },
  'invalid-value': {
    why: 'A value of the wrong type (a word where a number, a time or yes/no is expected) makes the daemon that reads it stop with a fatal error when it starts, not when the file is saved.',
    sources: ['postconf(5): each parameter\'s type and range'],
  },
  'undefined-reference': {
    why: '`$name` of a parameter that is neither built in nor defined expands to nothing. A misspelt reference silently empties the value that uses it.',
    sources: ['postconf(5), "$name" expansion', 'checked with postconf 3.7 (test/oracle)'],
  },
  'version-mismatch': {
    why: 'A parameter newer than the Postfix that will read the file is an unknown name there and is ignored, so the setting has no effect on that release.',
    sources: ['postconf(5): "This feature is available in Postfix X or later"', 'data/postfix-facts (postconf -d of each release)'],
  },
  'deprecated-parameter': {
    why: 'Deprecated names still work for a while, but postconf warns about them and later releases remove them; the replacement usually says more precisely what is meant.',
    sources: ['DEPRECATION_README', 'postconf(5)', 'Postfix source: postconf_unused.c'],
  },
  'default-value': {
    why: 'A line that repeats the default changes nothing on any build or compatibility level; it only hides which settings really differ from stock Postfix.',
    sources: ['postconf -d of the target release (data/postfix-facts)'],
  },
  'server-tls-off': {
    why: 'Without a server TLS level other mail servers cannot use STARTTLS and deliver to this host in cleartext, readable and changeable on the way. The level is empty by default.',
    sources: ['TLS_README, "Server-side TLS"', 'postconf(5): smtpd_tls_security_level', 'RFC 3207'],
  },
  'missing-server-cert': {
    why: 'A server that offers TLS needs a certificate and key. Without one smtpd logs "No server certs available" and answers STARTTLS with a temporary error, so no client gets TLS.',
    sources: ['TLS_README, "Server-side certificate and private key configuration"', 'Postfix source: smtpd.c, tls_certkey.c'],
  },
  'cert-file-missing': {
    why: 'A certificate, key or CA file that cannot be read makes the TLS setup fail when smtpd starts a session; the server then offers no TLS at all.',
    sources: ['TLS_README', 'postconf(5): smtpd_tls_chain_files, smtpd_tls_cert_file, smtpd_tls_key_file'],
  },
  'chain-order': {
    why: 'Postfix loads a chain file as a key followed by its certificate and then the issuers, each certifying the one before; other orders are refused when the file is loaded.',
    sources: ['postconf(5): smtpd_tls_chain_files', 'Postfix source: tls_certkey.c'],
  },
  'cert-chain-incomplete': {
    why: 'A leaf certificate without its intermediates cannot be verified by clients that do not already hold the intermediate: serve the leaf together with the chain up to the root.',
    sources: ['TLS_README, "Server-side certificate and private key configuration"', 'RFC 8446 §4.4.2'],
  },
  'cert-expired': {
    why: 'Clients that verify the server certificate (submission clients, DANE and policy-table peers) refuse an expired or not yet valid one; renewing a few days before the end avoids the outage.',
    sources: ['RFC 5280 §4.1.2.5'],
  },
  'cert-key-mismatch': {
    why: 'A private key that does not belong to the certificate cannot be loaded with it: the TLS setup fails and the server offers no TLS.',
    sources: ['Postfix source: tls_certkey.c'],
  },
  'key-exposed': {
    why: 'A private key readable by other local users can be copied and used to impersonate the server. Postfix cannot ask for a passphrase, so an encrypted key cannot be loaded at all.',
    sources: ['TLS_README, "Server-side certificate and private key configuration"'],
  },
  'chain-plus-legacy': {
    why: 'When smtpd_tls_chain_files is set, the older per-algorithm certificate and key settings are not used; leaving them in suggests a certificate that is not the one served.',
    sources: ['postconf(5): smtpd_tls_chain_files'],
  },
  'legacy-cert-params': {
    why: 'From Postfix 3.4, smtpd_tls_chain_files loads key and certificates from one place at once, which avoids a mismatched pair while files are being replaced.',
    sources: ['postconf(5): smtpd_tls_chain_files', 'RELEASE_NOTES-3.4'],
  },
  'certless-or-dsa': {
    why: 'Certificate-less operation (smtpd_tls_cert_file = none) does not work with TLS 1.3, and DSA certificates are obsolete and unsupported by current peers.',
    sources: ['postconf(5): smtpd_tls_cert_file, smtpd_tls_dcert_file', 'RFC 8446'],
  },
  'mx-requires-tls': {
    why: 'A public MX must not require STARTTLS: most senders deliver without verifying or even using TLS, and a required TLS level rejects their mail. Require TLS on submission instead.',
    sources: ['RFC 3207 §4', 'TLS_README, "Server-side TLS activation"'],
  },
  'server-level-invalid': {
    why: 'The server understands only none, may and encrypt. The client levels fingerprint, verify and secure are downgraded to encrypt with a warning; any other word is a fatal error.',
    sources: ['postconf(5): smtpd_tls_security_level', 'Postfix source: smtpd.c'],
  },
  'sasl-plaintext': {
    why: 'With AUTH offered while TLS is optional and plaintext mechanisms allowed, clients may send their passwords in cleartext. smtpd_tls_auth_only = yes offers AUTH only after STARTTLS.',
    sources: ['SASL_README', 'postconf(5): smtpd_tls_auth_only', 'RFC 8314'],
  },
  'submissions-no-wrapper': {
    why: 'Port 465 speaks TLS from the first byte (implicit TLS). Without smtpd_tls_wrappermode = yes the service talks plain SMTP there and clients fail.',
    sources: ['RFC 8314 §3', 'TLS_README'],
  },
  'client-wrapper-level': {
    why: 'A client in wrapper mode (implicit TLS) cannot fall back to cleartext; below the encrypt level Postfix skips such a destination.',
    sources: ['postconf(5): smtp_tls_wrappermode'],
  },
  'weak-protocol-ssl': {
    why: 'SSL 2 and SSL 3 are broken and must not be negotiated.',
    sources: ['RFC 6176', 'RFC 7568', 'RFC 9325 §3.1.1'],
  },
  'weak-protocol-tls10': {
    why: 'TLS 1.0 and 1.1 are deprecated. Where TLS is required (mandatory levels, submission) there is no reason to accept them; for opportunistic TLS a stricter list only sends old peers back to cleartext, so it is not flagged there.',
    sources: ['RFC 8996', 'RFC 8997', 'RFC 9325 §3.1.1'],
  },
  'protocol-invalid': {
    why: 'A protocol list Postfix cannot parse makes the TLS setup fail. The `>=` form exists only from Postfix 3.6 and takes no blank after the operator.',
    sources: ['postconf(5): smtpd_tls_protocols', 'Postfix source: tls_misc.c'],
  },
  'protocol-gap': {
    why: 'Excluding a middle version while keeping older ones leaves a set no one meant (OpenSSL then negotiates only up to the gap); a range says what is wanted.',
    sources: ['postconf(5): smtpd_tls_protocols'],
  },
  'protocol-legacy-syntax': {
    why: 'A list of exclusions has to grow with every new protocol; from Postfix 3.6 a range such as `>=TLSv1.2` says the same and stays right.',
    sources: ['postconf(5): smtpd_tls_protocols', 'RELEASE_NOTES-3.6'],
  },
  'tls13-disabled': {
    why: 'TLS 1.3 is what current peers prefer and is the more secure protocol; turning it off gains nothing.',
    sources: ['RFC 9325 §3.1.1', 'RFC 8446'],
  },
  'weak-cipher-grade': {
    why: 'The export and low grades enable weak cipher suites. From Postfix 3.8 they are treated as medium, so the setting only misleads.',
    sources: ['postconf(5): smtpd_tls_ciphers', 'RELEASE_NOTES-3.8'],
  },
  'null-cipher': {
    why: 'The null grade offers only suites without encryption: the session is authenticated at best, never confidential. (Over a local unix socket to LMTP it can make sense and is not flagged.)',
    sources: ['postconf(5): smtpd_tls_mandatory_ciphers, tls_null_cipherlist'],
  },
  'invalid-grade': {
    why: 'The cipher settings take a grade (high, medium, low, export, null), not an OpenSSL cipher string; anything else makes the TLS setup fail.',
    sources: ['postconf(5): smtpd_tls_ciphers'],
  },
  'high-opportunistic': {
    why: 'With opportunistic TLS a peer that cannot meet the high grade falls back to cleartext, so raising the grade lowers the protection actually achieved.',
    sources: ['TLS_README, "Server-side cipher controls"', 'postconf(5): smtpd_tls_ciphers'],
  },
  'exclude-syntax': {
    why: 'The exclusion settings take plain cipher or algorithm names; Postfix adds the `!` itself. OpenSSL operators there produce an invalid cipher string.',
    sources: ['postconf(5): smtpd_tls_exclude_ciphers'],
  },
  'cipherlist-override': {
    why: 'The built-in cipher lists follow OpenSSL and Postfix releases; the documentation advises against changing them and recommends the exclusion settings instead.',
    sources: ['postconf(5): tls_high_cipherlist, tls_medium_cipherlist'],
  },
  'dh-param-file': {
    why: 'The DH parameter file is deprecated since Postfix 3.9: with OpenSSL 3 the standard finite-field groups are chosen automatically (tls_ffdhe_auto_groups).',
    sources: ['postconf(5): smtpd_tls_dh1024_param_file', 'RELEASE_NOTES-3.9'],
  },
  'ignored-parameter': {
    why: 'Some TLS parameters have no effect on the target release (the eecdh grade and curves, dh512, old cipher lists); keeping them suggests a setting that does nothing.',
    sources: ['postconf(5)', 'RELEASE_NOTES-3.6, -3.8'],
  },
  'curves-override': {
    why: 'X25519 and prime256v1 are the groups almost every peer offers; a curve list without both breaks handshakes or loses forward secrecy with many peers.',
    sources: ['postconf(5): tls_eecdh_auto_curves', 'RFC 8446 §9.1'],
  },
  'enforce-silently-ignored': {
    why: 'At compatibility level 3.11 the client level defaults to may, and that default takes precedence over the old smtp_use_tls / smtp_enforce_tls switches, which then do nothing.',
    sources: ['postconf(5): smtp_tls_security_level', 'COMPATIBILITY_README', 'RELEASE_NOTES-3.11'],
  },
  'client-no-tls': {
    why: 'With the client level empty or none, outgoing mail goes in cleartext even to servers that offer STARTTLS. Before compatibility level 3.11 that is the default.',
    sources: ['TLS_README, "Client-side TLS"', 'postconf(5): smtp_tls_security_level'],
  },
  'client-mandatory-global': {
    why: 'A mandatory client level for every destination defers mail to the many servers that offer no usable TLS; require TLS per destination in a policy table instead.',
    sources: ['TLS_README, "Client-side TLS"', 'postconf(5): smtp_tls_policy_maps'],
  },
  'dane-no-dnssec': {
    why: 'DANE needs DNSSEC-validated lookups. Without smtp_dns_support_level = dnssec (and DNS lookups) the dane level silently degrades to may, and dane-only defers all mail.',
    sources: ['TLS_README, "Mandatory server certificate verification" and DANE', 'postconf(5): smtp_dns_support_level', 'RFC 7672'],
  },
  'dane-misplaced': {
    why: 'DANE authenticates servers from the client side; a DANE level on a server parameter is not a server level and stops smtpd.',
    sources: ['postconf(5): smtpd_tls_security_level'],
  },
  'fingerprint-empty': {
    why: 'The fingerprint level matches the peer certificate against listed fingerprints; with none listed no peer can match and delivery fails.',
    sources: ['postconf(5): smtp_tls_fingerprint_cert_match'],
  },
  'weak-fp-digest': {
    why: 'md5 and sha1 fingerprints can be forged; sha256 is the default from compatibility level 3.6.',
    sources: ['postconf(5): smtp_tls_fingerprint_digest', 'COMPATIBILITY_README'],
  },
  'verify-no-trust': {
    why: 'The verify and secure levels check the peer certificate against trusted CAs; with no CA file, CA directory or default CAs there is nothing to check against and delivery fails.',
    sources: ['TLS_README, "Client-side certificate verification"', 'postconf(5): tls_append_default_CA'],
  },
  'secure-hostname': {
    why: 'Matching the certificate against the MX host name trusts the MX lookup, which an attacker can forge without DNSSEC; nexthop and dot-nexthop match the destination itself.',
    sources: ['postconf(5): smtp_tls_secure_cert_match', 'TLS_README'],
  },
  'client-sasl-cleartext': {
    why: 'A relay password sent with client SASL below the encrypt level may cross the network in cleartext when the relay offers no TLS.',
    sources: ['SASL_README, "Enabling SASL authentication in the Postfix SMTP client"'],
  },
  'sasl-password-inline': {
    why: 'main.cf and master.cf are world-readable and postconf prints them to anyone; a password written there is no secret. Keep it in a root-only table.',
    sources: ['SASL_README', 'postconf(5): smtp_sasl_password_maps'],
  },
  'req-ccert-optional': {
    why: 'Requiring a client certificate only takes effect where TLS is enforced; at level may the setting is ignored.',
    sources: ['postconf(5): smtpd_tls_req_ccert'],
  },
  'session-cache': {
    why: 'tlsmgr keeps the TLS session cache and reads only main.cf, so -o cache settings do nothing; dbm tables cannot hold the session objects; clients without a cache repeat full handshakes; servers from 2.11 on resume with session tickets and need no cache.',
    sources: ['tlsmgr(8)', 'postconf(5): smtp_tls_session_cache_database, smtpd_tls_session_cache_database'],
  },
  'verbose-loglevel': {
    why: 'TLS log level 2 and up logs every handshake step, 4 the whole encrypted session in hex: large logs and, at 4, data that should not be kept. Level 1 records each session.',
    sources: ['postconf(5): smtpd_tls_loglevel'],
  },
  'received-header-privacy': {
    why: 'The TLS Received: header records the client certificate names in every message. That is a choice, not a mistake, so the rule is off unless asked for.',
    sources: ['postconf(5): smtpd_tls_received_header'],
  },
  'orphaned-override': {
    why: 'An indented -o line belongs to the entry above it. When that entry is commented out, the option attaches to the previous service, which is rarely what was meant.',
    sources: ['master(5)'],
  },
  'postscreen-mismatch': {
    why: 'Behind postscreen the TLS handshake of port 25 is done by postscreen and tlsproxy, not by the smtpd service the -o sits on; settings not repeated for them do not apply to clients.',
    sources: ['POSTSCREEN_README, "Postscreen TLS support"', 'postconf(5): postscreen_tls_security_level'],
  },
};

/** docs/rules.md: every rule with its default severity, when it reports, why, and the sources of its facts. */
export function rulesReference(): string {
  const out: string[] = [
    '# Rules',
    '',
    '<!-- Generated from server/src/service/rules/catalogue.ts and rationale.ts by `npm run docs:rules`; edit those, not this file. -->',
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
