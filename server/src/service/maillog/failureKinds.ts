/**
 * The TLS failures the report lists, as data: a phrase Postfix (or OpenSSL through Postfix) writes,
 * and the kind the report files it under. The first phrase found in a line wins, so the specific
 * reasons (no shared cipher, a protocol mismatch) come before the generic lines that carry them
 * ("TLS library problem", "SSL_accept error"). Phrases are those of Postfix 3.x's tls library,
 * smtp and smtpd (checked against the strings of Debian's 3.7 binaries).
 */
export interface FailureKind {
  /** Text that occurs in the log line (case-sensitive, as Postfix writes it). */
  phrase: string;
  /** What the report's `failures[].kind` says. */
  kind: string;
}

export const FAILURE_KINDS: readonly FailureKind[] = [
  { phrase: 'no shared cipher', kind: 'no shared cipher' },
  { phrase: 'unsupported protocol', kind: 'protocol mismatch' },
  { phrase: 'no protocols available', kind: 'protocol mismatch' },
  { phrase: 'version too low', kind: 'protocol mismatch' },
  { phrase: 'wrong version number', kind: 'protocol mismatch' },
  { phrase: 'tlsv1 alert protocol version', kind: 'protocol mismatch' },
  { phrase: 'TLS is required, but was not offered', kind: 'TLS is required, but was not offered' },
  { phrase: 'refused to start TLS', kind: 'STARTTLS refused' },
  { phrase: 'TLS is required, but our TLS engine is unavailable', kind: 'TLS engine unavailable' },
  { phrase: 'Server certificate not verified', kind: 'Server certificate not verified' },
  { phrase: 'certificate verification failed', kind: 'certificate verification failed' },
  { phrase: 'certificate verify failed', kind: 'certificate verification failed' },
  { phrase: 'Cannot start TLS: handshake failure', kind: 'handshake failure' },
  { phrase: 'certificate from file', kind: 'cannot load certificate' },
  { phrase: 'private key from file', kind: 'cannot load certificate' },
  { phrase: 'error loading certificate', kind: 'cannot load certificate' },
  { phrase: 'error loading private key', kind: 'cannot load certificate' },
  { phrase: 'error loading chain', kind: 'cannot load certificate' },
  { phrase: 'error loading private keys and certificates', kind: 'cannot load certificate' },
  { phrase: 'does not match public key', kind: 'cannot load certificate' },
  { phrase: 'cannot load Certification Authority data', kind: 'cannot load certificate' },
  { phrase: 'No server certs available', kind: 'cannot load certificate' },
  { phrase: 'TLS library problem', kind: 'TLS library problem' },
  { phrase: 'SSL_accept error', kind: 'SSL_accept error' },
  { phrase: 'SSL_connect error', kind: 'SSL_connect error' },
  { phrase: 'lost connection after STARTTLS', kind: 'lost connection after STARTTLS' },
  { phrase: 'disabling TLS support', kind: 'TLS disabled' },
];

/**
 * Message starts that may carry a failure (their first letters are listed in tlsReport.ts's
 * failureStart too) (the rest of the message is searched only then): keeps
 * the per-line cost of the report to a few startsWith calls.
 */
export const FAILURE_STARTS: readonly string[] = [
  'warning: ',
  'SSL_accept error',
  'SSL_connect error',
  'certificate verification failed',
  'server certificate verification failed',
  'client certificate verification failed',
  'lost connection after STARTTLS',
  'No server certs available',
  'error: ',
  'fatal: ',
];

/** The failure kind of a message, or undefined when it is none. */
export function failureKind(message: string): string | undefined {
  for (const f of FAILURE_KINDS) if (message.includes(f.phrase)) return f.kind;
  return undefined;
}
