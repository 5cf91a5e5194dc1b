/**
 * Where the parts of one syslog-style mail log line are, without copying them: the formats Postfix
 * logs end up in. All share "TIMESTAMP HOST PROGRAM[PID]: MESSAGE" and differ in the timestamp:
 *   RFC 3164 (rsyslog's default, journalctl's short output): `Dec  1 14:00:01 host postfix/smtpd[123]: …`
 *   Postfix's own maillog_file (postlogd):                    `Dec 01 14:00:01 host postfix/smtpd[123]: …`
 *   ISO 8601 (rsyslog high precision, journalctl short-iso):  `2026-12-01T14:00:01.123456+00:00 host postfix/smtpd[123]: …`
 *   journalctl short-precise:                                 `Dec 01 14:00:01.123456 host postfix/smtpd[123]: …`
 * An optional `<PRI>` in front (a raw syslog packet) is skipped.
 */
export interface LineParts {
  /** Start of the timestamp. */
  time: number;
  /** Start and end of the host name. */
  host: number;
  hostEnd: number;
  /** Start and end of the service: `smtpd` of `postfix/smtpd[123]` (the last `/`-part of the program). */
  service: number;
  serviceEnd: number;
  /** Index of `]` closing the process id; the program with its pid is host..pidEnd+1. */
  pidEnd: number;
  /** Start of the message (after `]: `). */
  message: number;
}

/** Fills `out` with the parts of `line` and returns true, or returns false for a line of another shape. */
export function splitLine(line: string, out: LineParts): boolean {
  let a = 0;
  if (line.charCodeAt(0) === 60 /* < */) {
    const gt = line.indexOf('>');
    if (gt < 0 || gt > 5) return false;
    a = gt + 1;
  }
  out.time = a;
  const c = line.charCodeAt(a);
  let p: number;
  if (c >= 48 && c <= 57) {
    p = line.indexOf(' ', a);
  } else {
    // "Mmm dd hh:mm:ss" is 15 characters; a fraction of a second may follow.
    p = a + 15;
    if (line.charCodeAt(p) !== 32) p = line.indexOf(' ', p);
  }
  if (p < 0) return false;
  const host = p + 1;
  const hostEnd = line.indexOf(' ', host);
  if (hostEnd < 0) return false;
  const tagEnd = line.indexOf(']: ', hostEnd);
  if (tagEnd < 0) return false;
  // The program is the token after the host: `postfix/smtpd[123]`, `postfix-out/submission/smtpd[9]`.
  let bracket = tagEnd - 1;
  while (bracket > hostEnd && line.charCodeAt(bracket) !== 91 /* [ */) bracket--;
  if (bracket <= hostEnd + 1) return false;
  let svc = bracket - 1;
  while (svc > hostEnd && line.charCodeAt(svc) !== 47 /* / */ && line.charCodeAt(svc) !== 32) svc--;
  if (line.charCodeAt(svc) === 32 && svc !== hostEnd) return false;
  out.host = host;
  out.hostEnd = hostEnd;
  out.service = svc + 1;
  out.serviceEnd = bracket;
  out.pidEnd = tagEnd;
  out.message = tagEnd + 3;
  return true;
}

export function newLineParts(): LineParts {
  return { time: 0, host: 0, hostEnd: 0, service: 0, serviceEnd: 0, pidEnd: 0, message: 0 };
}

/** The four trust levels of Postfix's "… TLS connection established" lines, weakest first. */
export const TRUST_LEVELS = ['Anonymous', 'Untrusted', 'Trusted', 'Verified'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

export interface Established {
  trust: TrustLevel;
  /** true: "established"; false: "reused" (an SMTP client's cached connection). */
  established: boolean;
  /** true: "from" (a server: smtpd, tlsproxy); false: "to" (a client: smtp, lmtp). */
  inbound: boolean;
  peer: string;
  protocol: string;
  /** The cipher name; "" when the line stops before it. */
  cipher: string;
}

/** Where the parts of an "established" line are (see scanEstablished); reused between lines. */
export interface EstablishedParts {
  trust: TrustLevel;
  established: boolean;
  inbound: boolean;
  peer: number;
  peerEnd: number;
  protocol: number;
  protocolEnd: number;
}

export function newEstablishedParts(): EstablishedParts {
  return { trust: 'Anonymous', established: true, inbound: true, peer: 0, peerEnd: 0, protocol: 0, protocolEnd: 0 };
}

/**
 * Reads `Trusted TLS connection established to mx.example.com[192.0.2.1]:25: TLSv1.2 with cipher
 * ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits)` starting at `m` into `out`, without making strings;
 * false for any other message.
 */
export function scanEstablished(line: string, m: number, out: EstablishedParts): boolean {
  let trust: TrustLevel;
  switch (line.charCodeAt(m)) {
    case 65:
      trust = 'Anonymous';
      break;
    case 85:
      trust = 'Untrusted';
      break;
    case 84:
      trust = 'Trusted';
      break;
    case 86:
      trust = 'Verified';
      break;
    default:
      return false;
  }
  if (!line.startsWith(trust, m) || !line.startsWith(' TLS connection ', m + trust.length)) return false;
  let p = m + trust.length + 16;
  if (line.startsWith('established ', p)) {
    out.established = true;
    p += 12;
  } else if (line.startsWith('reused ', p)) {
    out.established = false;
    p += 7;
  } else return false;
  if (line.startsWith('from ', p)) {
    out.inbound = true;
    p += 5;
  } else if (line.startsWith('to ', p)) {
    out.inbound = false;
    p += 3;
  } else return false;
  const close = line.indexOf(']', p);
  if (close < 0) return false;
  const colon = line.indexOf(': ', close);
  if (colon < 0) return false;
  const protoEnd = line.indexOf(' ', colon + 2);
  out.trust = trust;
  out.peer = p;
  out.peerEnd = colon;
  out.protocol = colon + 2;
  out.protocolEnd = protoEnd < 0 ? line.length : protoEnd;
  return true;
}

/** The same as strings, with the cipher (hover, tests); undefined for any other message. */
export function parseEstablished(line: string, m: number): Established | undefined {
  const e = newEstablishedParts();
  if (!scanEstablished(line, m, e)) return undefined;
  let cipher = '';
  if (line.startsWith(' with cipher ', e.protocolEnd)) {
    const c = e.protocolEnd + 13;
    const end = line.indexOf(' ', c);
    cipher = line.slice(c, end < 0 ? line.length : end);
  }
  return { trust: e.trust, established: e.established, inbound: e.inbound, peer: line.slice(e.peer, e.peerEnd), protocol: line.slice(e.protocol, e.protocolEnd), cipher };
}

/** A `name[address]` or `name[address]:port` in a message: the peer a failure line names. */
export const PEER_PATTERN = /([A-Za-z0-9._-]+\[[0-9A-Fa-f.:]+\](?::\d+)?)/;
