/**
 * The result of a live STARTTLS check (`postfix-lint --probe`, the `postfix/probe` request and the
 * "Check STARTTLS of a server…" command): plain JSON, dates as ISO strings, so that it crosses the
 * LSP connection and prints as `--format json` unchanged.
 */
export interface ProbeResult {
  /** What was asked for, e.g. "mx.example.com:25". */
  target: string;
  host: string;
  port: number;
  /** The address connected to, when the connection was made. */
  address?: string;
  /** TLS from the first byte (port 465, or asked for) instead of STARTTLS. */
  implicitTls: boolean;
  /** A TLS session was established (the handshake completed). */
  tls: boolean;
  /** Why the check stopped short of a TLS session, in words; absent when it did not. */
  error?: string;
  /** The step the error happened at. */
  stage?: ProbeStage;
  /** The server's greeting, each line as sent. */
  banner?: string[];
  /** The EHLO reply's extension keywords (before TLS). */
  extensions?: string[];
  /** Whether the EHLO reply offered STARTTLS; absent when the dialogue stopped before knowing, or with implicit TLS. */
  starttlsOffered?: boolean;
  /** The negotiated protocol and cipher, as OpenSSL names them (posttls-finger prints the same names). */
  protocol?: string;
  cipher?: string;
  /** The key exchange group or type, e.g. X25519 (posttls-finger's "key-exchange"). */
  keyExchange?: string;
  /**
   * The trust level Postfix's SMTP client would log for this session when it checks the name
   * ("verify"/"secure" levels): Anonymous (no certificate), Untrusted (the chain does not verify),
   * Trusted (it verifies, the name does not match), Verified (both).
   */
  trust?: 'Anonymous' | 'Untrusted' | 'Trusted' | 'Verified';
  /**
   * The certificate chain, leaf first: as the server sent it, or, when it verifies, as OpenSSL
   * built it (then the last one may be the root from the trust store rather than from the server).
   */
  chain: ProbeCertificate[];
  /** The chain verifies against the trust store named by `trustStore`. */
  verified?: boolean;
  /** Why it does not verify, in words. */
  verifyError?: string;
  trustStore?: string;
  /** The leaf certificate names the host asked for (DNS name or IP address); absent without a certificate. */
  nameMatches?: boolean;
  nameError?: string;
  /** The comparison with the certificate files the workspace's main.cf names, when it names any. */
  configured?: ConfiguredComparison;
  /** Things worth knowing that are not failures (e.g. the QUIT reply never came). */
  notes: string[];
  /** The SMTP dialogue, "C: …" and "S: …" lines, without anything after STARTTLS's handshake. */
  transcript: string[];
  elapsedMs: number;
}

export type ProbeStage = 'target' | 'resolve' | 'connect' | 'banner' | 'ehlo' | 'starttls' | 'handshake' | 'cancelled' | 'timeout';

export interface ProbeCertificate {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  expired: boolean;
  /** Days until validTo (negative once past). */
  daysLeft: number;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as openssl x509 -fingerprint prints it). */
  fingerprint256: string;
  subjectAltName?: string;
  /** Signed by the next certificate in the chain (false: the chain is out of order or incomplete); absent for the last one. */
  issuedByNext?: boolean;
  selfSigned: boolean;
}

export interface ConfiguredComparison {
  /** The server presents one of the configured certificates. Absent when none of the files could be read. */
  presented?: boolean;
  /** Which setting names the certificate it presents. */
  matchedSetting?: string;
  files: ConfiguredFile[];
}

export interface ConfiguredFile {
  setting: string;
  file: string;
  /** The server certificates in the file (the leaf of each key/certificate pair). */
  certificates: Array<{ subject: string; fingerprint256: string }>;
  error?: string;
}

/** A certificate file a main.cf names for the SMTP server, found by the pure service (serverCertificates.ts). */
export interface ConfiguredCertificateFile {
  setting: string;
  file: string;
}

/** Parameters of the `postfix/probe` request: the server to check, and the main.cf to compare with. */
export interface ProbeParams {
  target: string;
  /** A main.cf (open or on disk); its smtpd certificate files are compared with what the server presents. */
  mainCf?: string;
}
