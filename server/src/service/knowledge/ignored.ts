import { atLeast, Version } from './version';

/**
 * Parameters that later releases still accept but no longer act on, with the release from which
 * they are ignored (RELEASE_NOTES and HISTORY of each release; the removal itself is in the builds' data).
 */
const IGNORED: ReadonlyArray<[RegExp, string]> = [
  [/^(smtpd|postscreen|tlsproxy)_tls_eecdh_grade$/, '3.6'],
  [/^tls_eecdh_(strong|ultra)_curve$/, '3.6'],
  [/^(smtpd|postscreen|tlsproxy)_tls_dh512_param_file$/, '3.6'],
  [/^(smtpd|smtp|lmtp)_tls_cipherlist$/, '2.3'],
  [/^tls_(low|export)_cipherlist$/, '3.8'],
  [/^tls_legacy_public_key_fingerprints$/, '3.9'],
];

/** The release from which Postfix ignores `name`, if it does. */
export function ignoredSince(name: string): string | undefined {
  for (const [re, v] of IGNORED) if (re.test(name)) return v;
  return undefined;
}

/** "Postfix 3.6 and later" when the target release ignores the name. */
export function ignoredOn(name: string, target: Version): string | undefined {
  const v = ignoredSince(name);
  return v && atLeast(target, v) ? `Postfix ${v} and later` : undefined;
}
