/**
 * Which closed set of values a parameter takes. Keys name sections of
 * docs/values.json; the matching is by name pattern because the same setting
 * exists for smtpd, postscreen, tlsproxy, smtp, lmtp and tlsproxy_client.
 */
export type ValueSet =
  | 'serverSecurityLevel'
  | 'clientSecurityLevel'
  | 'tlsProtocol'
  | 'cipherGrade'
  | 'dnsSupportLevel'
  | 'fingerprintDigest'
  | 'tlsLogLevel'
  | 'secureCertMatch'
  | 'boolean';

const RULES: Array<[RegExp, ValueSet]> = [
  [/^(smtpd|postscreen|tlsproxy)_tls_security_level$/, 'serverSecurityLevel'],
  [/^((smtp|lmtp)_tls|tlsproxy_client)_security_level$|^tlsproxy_client_level$/, 'clientSecurityLevel'],
  [/_tls_(mandatory_)?protocols$/, 'tlsProtocol'],
  [/_tls_(mandatory_)?ciphers$/, 'cipherGrade'],
  [/^(smtp|lmtp)_dns_support_level$/, 'dnsSupportLevel'],
  [/(_tls|^tlsproxy_client)_fingerprint_digest$/, 'fingerprintDigest'],
  [/(_tls|^tlsproxy_client)_loglevel$/, 'tlsLogLevel'],
  [/_tls_(secure|verify)_cert_match$/, 'secureCertMatch'],
];

export function valueSetOf(name: string, type: string | undefined): ValueSet | undefined {
  // Every pattern above but the DNS one needs "tls" in the name: most names need not try them
  // (a pattern tried at every offset of every name of a large main.cf adds up). Keep in step with RULES.
  if (name.includes('tls') || name.endsWith('_dns_support_level')) for (const [re, set] of RULES) if (re.test(name)) return set;
  return type === 'boolean' ? 'boolean' : undefined;
}

/** Values each closed set accepts (lower case; protocols are matched case-insensitively). */
export const ENUMS: Partial<Record<ValueSet, readonly string[]>> = {
  serverSecurityLevel: ['none', 'may', 'encrypt'],
  clientSecurityLevel: ['none', 'may', 'encrypt', 'dane', 'dane-only', 'fingerprint', 'verify', 'secure'],
  cipherGrade: ['high', 'medium', 'low', 'export', 'null'],
  dnsSupportLevel: ['disabled', 'enabled', 'dnssec'],
  tlsLogLevel: ['0', '1', '2', '3', '4'],
  boolean: ['yes', 'no'],
};

export const TLS_PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;

/** Enumerations of non-TLS parameters that are worth checking. */
export const OTHER_ENUMS: Record<string, readonly string[]> = {
  milter_default_action: ['accept', 'reject', 'tempfail', 'quarantine', 'shutdown'],
  mynetworks_style: ['class', 'subnet', 'host'],
};

/** List parameters whose every item comes from a closed set. */
export const LIST_ENUMS: Record<string, readonly string[]> = {
  inet_protocols: ['all', 'ipv4', 'ipv6'],
};
