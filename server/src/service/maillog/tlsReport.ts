/**
 * The TLS report of a mail log (issue 12), built line by line in one pass with bounded memory:
 *
 * - inbound sessions are smtpd `connect from` … `disconnect from` pairs per smtpd process; a session
 *   is TLS when a "TLS connection established from" line of the same process falls inside it, or
 *   its disconnect summary counts a successful `starttls=`. Connections postscreen handles alone
 *   are counted apart (they never reach smtpd).
 * - outbound deliveries are smtp/lmtp `to=<…>, relay=…, status=sent|deferred|bounced` lines (a
 *   relay of `none` never connected, so it is not a delivery); a delivery is TLS when the same
 *   process logged "TLS connection established/reused to" that relay since it last changed relay.
 * - protocols and trust levels count sessions and deliveries (each delivery over a reused
 *   connection counts); a TLS session whose only evidence is `starttls=` (smtpd_tls_loglevel = 0)
 *   counts under "unknown".
 *
 * A process is keyed by host, program and pid, so merged logs of several machines stay apart.
 * Memory stays bounded: a session leaves the table at its disconnect, and the tables of open
 * sessions and of client processes keep the newest entries only (a process whose end was never
 * logged cannot fill them); peers and failures have caps too.
 *
 * Speed: the log is read as bytes. A line costs a scan of its first fifty or so bytes and a few
 * byte comparisons; no string is made for an ordinary line (strings only for what is remembered:
 * a peer, a relay, a failure), and no regular expression runs except on a failure. The line
 * formats are those of logLine.ts, which reads single lines as strings for the editor.
 */
import { FAILURE_KINDS, FAILURE_STARTS } from './failureKinds';
import { PEER_PATTERN, TrustLevel } from './logLine';
import type { TimelineBucket, TlsReport, TlsReportResult } from './reportTypes';

export interface ReportOptions {
  /** Failures kept (the first ones); default 1000. */
  maxFailures?: number;
  /** Distinct cleartext peers kept; later ones are counted under "(other peers)". Default 50000. */
  maxPeers?: number;
  /** Open smtpd sessions and smtp/lmtp processes remembered; default 20000 each. */
  maxOpen?: number;
  /** Timeline buckets: hourly, merged into days when there are more than this many hours. Default 72. */
  maxHourBuckets?: number;
}

/** What a caller checks to stop early: a vscode-languageserver CancellationToken fits. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

/** The report plus what only the text output and the view show. */
export interface TlsReportDetails extends TlsReportResult {
  postscreen: { connections: number; passed: number };
  /** Failures found, also those beyond maxFailures. */
  failureCount: number;
  /** Failures per kind, also those beyond maxFailures. */
  failureKinds: Record<string, number>;
}

interface Session {
  peer: string;
  tls: boolean;
  protocol: string;
  trust: string;
}

interface ClientTls {
  relay: Uint8Array;
  relayText: string;
  protocol: string;
  trust: string;
}

interface Bucket {
  key: string;
  bytes: Uint8Array;
  sessions: number;
  inTls: number;
  deliveries: number;
  outTls: number;
}

const OTHER_PEERS = '(other peers)';
const MAX_LINE = 64 * 1024;
/** Lines between two looks at the cancellation token. */
const CHECK_EVERY = 8192;
/** Characters of a string turned into bytes at a time. */
const STRING_SLICE = 64 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const lit = (s: string) => encoder.encode(s);

const CONNECT = lit('connect from ');
const DISCONNECT = lit('disconnect from ');
const STARTTLS = lit(' starttls=');
const TLS_CONNECTION = lit(' TLS connection ');
const ESTABLISHED = lit('established ');
const REUSED = lit('reused ');
const FROM = lit('from ');
const TO = lit('to ');
const TO_ADDR = lit('to=<');
const RELAY = lit(', relay=');
const STATUS = lit(', status=');
const SENT = lit('sent');
const DEFERRED = lit('deferred');
const BOUNCED = lit('bounced');
const NONE = lit('none');
const PS_CONNECT = lit('CONNECT from ');
const PS_PASS = lit('PASS ');
const PS_NEW = lit('NEW ');
const PS_OLD = lit('OLD ');
const SMTPD = lit('smtpd');
const SMTP = lit('smtp');
const LMTP = lit('lmtp');
const POSTSCREEN = lit('postscreen');
const TRUST: Record<number, { name: TrustLevel; bytes: Uint8Array }> = {
  65: { name: 'Anonymous', bytes: lit('Anonymous') },
  85: { name: 'Untrusted', bytes: lit('Untrusted') },
  84: { name: 'Trusted', bytes: lit('Trusted') },
  86: { name: 'Verified', bytes: lit('Verified') },
};
const PROTOCOLS = ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3'].map((name) => ({ name, bytes: lit(name) }));
const FAILURE_START_BYTES = FAILURE_STARTS.map(lit);
const FAILURE_FIRST = new Set(FAILURE_STARTS.map((s) => s.charCodeAt(0)));

/** Does buf hold `s` at pos (within end)? */
function at(buf: Uint8Array, pos: number, end: number, s: Uint8Array): boolean {
  if (pos + s.length > end) return false;
  for (let i = 0; i < s.length; i++) if (buf[pos + i] !== s[i]) return false;
  return true;
}

/** Where `s` starts in buf between from and end, or -1. Lines are short: a plain scan suffices. */
function find(buf: Uint8Array, from: number, end: number, s: Uint8Array): number {
  const first = s[0];
  const last = end - s.length;
  for (let p = from; p <= last; p++) if (buf[p] === first && at(buf, p, end, s)) return p;
  return -1;
}

function findByte(buf: Uint8Array, from: number, end: number, b: number): number {
  for (let p = from; p < end; p++) if (buf[p] === b) return p;
  return -1;
}

/** The bytes as text: UTF-8 (what Postfix writes; also plain ASCII). A string of its own, not a slice of the log. */
function text(buf: Uint8Array, a: number, b: number): string {
  return decoder.decode(buf.subarray(a, b));
}

/** A copy of the bytes (the chunk they come from is reused or collected); not slice(), which a Node Buffer answers with a view. */
function copy(buf: Uint8Array, a: number, b: number): Uint8Array {
  const out = new Uint8Array(b - a);
  out.set(buf.subarray(a, b));
  return out;
}

/**
 * A Node Buffer's indexOf is memchr; a plain Uint8Array's is a slow loop. The service stays free of
 * Node imports: where Buffer exists (the CLI, the Node server) bytes are searched through it.
 */
const NodeBuffer = (globalThis as { Buffer?: { from(b: ArrayBufferLike, offset: number, length: number): Uint8Array } }).Buffer;
function fast(u: Uint8Array): Uint8Array {
  return NodeBuffer && u.constructor === Uint8Array ? NodeBuffer.from(u.buffer, u.byteOffset, u.length) : u;
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function record(map: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of [...map].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))) out[k] = v;
  return out;
}

/**
 * Streaming builder: feed() bytes or text in chunks of any size (lines may span chunks), then
 * finish(). Linear in the input.
 */
export class TlsReportBuilder {
  /** Lines read so far. */
  lines = 0;
  private rest: Uint8Array | undefined;
  private cancelled = false;
  private readonly maxFailures: number;
  private readonly maxPeers: number;
  private readonly maxOpen: number;
  private readonly maxHourBuckets: number;

  private sessions = 0;
  private inTls = 0;
  private readonly inProtocols = new Map<string, number>();
  private readonly inTrust = new Map<string, number>();
  private deliveries = 0;
  private outTls = 0;
  private readonly outProtocols = new Map<string, number>();
  private readonly outTrust = new Map<string, number>();
  private readonly cleartext = new Map<string, number>();
  private readonly failures: TlsReport['failures'] = [];
  private failureCount = 0;
  private readonly failureKinds = new Map<string, number>();
  private psConnections = 0;
  private psPassed = 0;

  /** Keyed by process: host number × 1e8 + pid (numbers: nothing of the log is kept for a key). */
  private readonly open = new Map<number, Session>();
  private readonly clients = new Map<number, ClientTls>();
  /** The peer the last failure of a client process named: the context of its next unnamed one. */
  private readonly clientPeers = new Map<number, string>();
  private readonly hosts = new Map<string, number>();
  private lastHost: Uint8Array = new Uint8Array(0);
  private lastHostId = 0;
  private readonly buckets = new Map<string, Bucket>();
  private bucket: Bucket | undefined;

  // The parts of the current line (set by line()).
  private time = 0;
  private host = 0;
  private hostEnd = 0;
  private pid = 0;

  constructor(options: ReportOptions = {}) {
    this.maxFailures = options.maxFailures ?? 1000;
    this.maxPeers = options.maxPeers ?? 50_000;
    this.maxOpen = options.maxOpen ?? 20_000;
    this.maxHourBuckets = options.maxHourBuckets ?? 72;
  }

  /**
   * Reads the complete lines of `chunk` (the last, unterminated one waits for the next chunk).
   * Bytes are UTF-8 (or ASCII, as Postfix writes); a string is turned into such bytes a slice at
   * a time. Returns false, and reads nothing more ever, once `token` asks to stop.
   */
  feed(chunk: string | Uint8Array, token?: Cancellation): boolean {
    if (typeof chunk !== 'string') return this.feedBytes(fast(chunk), token);
    for (let i = 0; i < chunk.length; ) {
      // Cut after a newline where there is one, so that no character is split in two.
      let end = Math.min(chunk.length, i + STRING_SLICE);
      if (end < chunk.length) {
        const nl = chunk.lastIndexOf('\n', end - 1);
        if (nl >= i) end = nl + 1;
      }
      if (!this.feedBytes(fast(encoder.encode(chunk.slice(i, end))), token)) return false;
      i = end;
    }
    return !this.cancelled;
  }

  private feedBytes(buf: Uint8Array, token?: Cancellation): boolean {
    if (this.cancelled) return false;
    let pos = 0;
    const len = buf.length;
    if (this.rest) {
      const nl = buf.indexOf(10);
      if (nl < 0) {
        if (this.rest.length < MAX_LINE) this.rest = concat(this.rest, buf.subarray(0, MAX_LINE - this.rest.length));
        return true;
      }
      const joined = fast(concat(this.rest, buf.subarray(0, Math.min(nl, Math.max(0, MAX_LINE - this.rest.length)))));
      this.rest = undefined;
      this.lineAt(joined, 0, joined.length);
      pos = nl + 1;
    }
    for (;;) {
      const nl = buf.indexOf(10, pos);
      if (nl < 0) break;
      this.lineAt(buf, pos, nl - pos > MAX_LINE ? pos + MAX_LINE : nl);
      pos = nl + 1;
      if (token && this.lines % CHECK_EVERY === 0 && token.isCancellationRequested) {
        this.cancelled = true;
        return false;
      }
    }
    if (pos < len) this.rest = copy(buf, pos, Math.min(len, pos + MAX_LINE));
    return true;
  }

  /** Reads the last line (if it had no newline) and returns the report. */
  finish(): TlsReportDetails {
    if (this.rest && !this.cancelled) this.lineAt(fast(this.rest), 0, this.rest.length);
    this.rest = undefined;
    const report: TlsReport = {
      inbound: { sessions: this.sessions, tls: this.inTls, protocols: record(this.inProtocols), trust: record(this.inTrust) },
      outbound: {
        deliveries: this.deliveries,
        tls: this.outTls,
        protocols: record(this.outProtocols),
        trust: record(this.outTrust),
        cleartextPeers: [...this.cleartext]
          .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
          .map(([peer, deliveries]) => ({ peer, deliveries })),
      },
      failures: this.failures.slice(),
    };
    return {
      report,
      timeline: this.timeline(),
      lines: this.lines,
      complete: !this.cancelled,
      postscreen: { connections: this.psConnections, passed: this.psPassed },
      failureCount: this.failureCount,
      failureKinds: record(this.failureKinds),
    };
  }

  /**
   * One line, buf[a, e). "TIMESTAMP HOST PROGRAM[PID]: MESSAGE" with the timestamps of logLine.ts
   * (RFC 3164, maillog_file, ISO 8601, journalctl short-precise, an optional <PRI>).
   */
  private lineAt(buf: Uint8Array, a: number, e: number): void {
    this.lines++;
    if (e > a && buf[e - 1] === 13) e--; // CRLF
    if (buf[a] === 60 /* < */) {
      const gt = findByte(buf, a, Math.min(e, a + 6), 62);
      if (gt < 0) return;
      a = gt + 1;
    }
    this.time = a;
    const c = buf[a];
    let p: number;
    if (c >= 48 && c <= 57) p = findByte(buf, a, e, 32);
    else {
      // "Mmm dd hh:mm:ss" is 15 bytes; a fraction of a second may follow.
      p = a + 15;
      if (buf[p] !== 32) p = findByte(buf, p, e, 32);
    }
    if (p < 0) return;
    const host = p + 1;
    const hostEnd = findByte(buf, host, e, 32);
    if (hostEnd < 0) return;
    // The program token ends in "]:" and a space: postfix/smtpd[123]:
    const sp = findByte(buf, hostEnd + 1, e, 32);
    if (sp < 0 || buf[sp - 1] !== 58 || buf[sp - 2] !== 93) return;
    const close = sp - 2;
    let bracket = close - 1;
    let pid = 0;
    let scale = 1;
    while (bracket > hostEnd && buf[bracket] !== 91) {
      const d = buf[bracket] - 48;
      if (d >= 0 && d <= 9) {
        pid += d * scale;
        scale *= 10;
      }
      bracket--;
    }
    if (bracket <= hostEnd + 1) return;
    let svc = bracket - 1;
    while (svc > hostEnd && buf[svc] !== 47) svc--;
    svc++;
    this.host = host;
    this.hostEnd = hostEnd;
    this.pid = pid % 1e8;
    const m = sp + 1;
    const n = bracket - svc;
    if (n === 5 && at(buf, svc, bracket, SMTPD)) this.smtpd(buf, m, e);
    else if (n === 4 && (at(buf, svc, bracket, SMTP) || at(buf, svc, bracket, LMTP))) this.client(buf, m, e);
    else if (n === 10 && at(buf, svc, bracket, POSTSCREEN)) this.postscreen(buf, m, e);
    else this.maybeFailure(buf, m, e, undefined);
  }

  /** The process of the current line: its host (numbered in order of appearance) and pid. */
  private key(buf: Uint8Array): number {
    const h = this.lastHost;
    const a = this.host;
    const n = this.hostEnd - a;
    let same = h.length === n;
    for (let i = 0; same && i < n; i++) same = buf[a + i] === h[i];
    if (!same) {
      const name = text(buf, a, this.hostEnd);
      let id = this.hosts.get(name);
      if (id === undefined) {
        // Beyond this many host names (not a real merged log) all share one number.
        id = this.hosts.size < 10_000 ? this.hosts.size : 0;
        this.hosts.set(name, id);
      }
      this.lastHost = copy(buf, a, this.hostEnd);
      this.lastHostId = id;
    }
    return this.lastHostId * 1e8 + this.pid;
  }

  /**
   * "Trusted TLS connection established to mx[192.0.2.1]:25: TLSv1.2 with cipher …" at m: calls
   * `then` with trust, direction, peer and protocol positions; false for any other message.
   */
  private established(buf: Uint8Array, m: number, e: number, then: (trust: TrustLevel, inbound: boolean, peer: number, peerEnd: number, proto: string) => void): boolean {
    const t = TRUST[buf[m]];
    if (!t || !at(buf, m, e, t.bytes) || !at(buf, m + t.bytes.length, e, TLS_CONNECTION)) return false;
    let p = m + t.bytes.length + TLS_CONNECTION.length;
    if (at(buf, p, e, ESTABLISHED)) p += ESTABLISHED.length;
    else if (at(buf, p, e, REUSED)) p += REUSED.length;
    else return false;
    let inbound: boolean;
    if (at(buf, p, e, FROM)) {
      inbound = true;
      p += FROM.length;
    } else if (at(buf, p, e, TO)) {
      inbound = false;
      p += TO.length;
    } else return false;
    const close = findByte(buf, p, e, 93);
    if (close < 0) return false;
    let colon = -1;
    for (let i = close; i < e - 1; i++) {
      if (buf[i] === 58 && buf[i + 1] === 32) {
        colon = i;
        break;
      }
    }
    if (colon < 0) return false;
    const ps = colon + 2;
    let pe = findByte(buf, ps, e, 32);
    if (pe < 0) pe = e;
    let proto: string | undefined;
    for (const k of PROTOCOLS) {
      if (k.bytes.length === pe - ps && at(buf, ps, pe, k.bytes)) {
        proto = k.name;
        break;
      }
    }
    then(t.name, inbound, p, colon, proto ?? text(buf, ps, pe));
    return true;
  }

  private smtpd(buf: Uint8Array, m: number, e: number): void {
    const c = buf[m];
    if (c === 99 /* c */ && at(buf, m, e, CONNECT)) {
      const key = this.key(buf);
      // A connect without the disconnect of the one before: that one is not a pair, and is dropped.
      this.open.delete(key);
      this.open.set(key, { peer: text(buf, m + CONNECT.length, e), tls: false, protocol: '', trust: '' });
      if (this.open.size > this.maxOpen) this.open.delete(this.open.keys().next().value!);
      return;
    }
    if (c === 100 /* d */ && at(buf, m, e, DISCONNECT)) {
      const key = this.key(buf);
      const s = this.open.get(key);
      if (!s) return;
      this.open.delete(key);
      let tls = s.tls;
      if (!tls) {
        // `starttls=1` counts a success; `starttls=0/1` an attempt that failed.
        const i = find(buf, m + DISCONNECT.length, e, STARTTLS);
        if (i >= 0) {
          const d = buf[i + STARTTLS.length];
          tls = d >= 49 && d <= 57;
          if (tls) {
            s.protocol = 'unknown';
            s.trust = 'unknown';
          }
        }
      }
      this.sessions++;
      const b = this.bucketOf(buf);
      b.sessions++;
      if (tls) {
        this.inTls++;
        b.inTls++;
        bump(this.inProtocols, s.protocol);
        bump(this.inTrust, s.trust);
      }
      return;
    }
    if (TRUST[c] && this.established(buf, m, e, (trust, inbound, _p, _pe, proto) => {
      const s = this.open.get(this.key(buf));
      if (s && inbound) {
        s.tls = true;
        s.protocol = proto;
        s.trust = trust;
      }
    })) return;
    this.maybeFailure(buf, m, e, () => this.open.get(this.key(buf))?.peer ?? '');
  }

  private client(buf: Uint8Array, m: number, e: number): void {
    if (TRUST[buf[m]] && this.established(buf, m, e, (trust, inbound, peer, peerEnd, proto) => {
      if (inbound) return;
      const key = this.key(buf);
      this.clients.delete(key);
      this.clientPeers.delete(key);
      this.clients.set(key, { relay: copy(buf, peer, peerEnd), relayText: text(buf, peer, peerEnd), protocol: proto, trust });
      if (this.clients.size > this.maxOpen) this.clients.delete(this.clients.keys().next().value!);
    })) return;
    // QUEUEID: to=<…>, [orig_to=<…>, ]relay=…, delay=…, delays=…, dsn=…, status=…
    const colon = findByte(buf, m, Math.min(e, m + 21), 58);
    if (colon > m && buf[colon + 1] === 32 && at(buf, colon + 2, e, TO_ADDR)) {
      const r = find(buf, colon, e, RELAY);
      const st = r < 0 ? -1 : find(buf, r, e, STATUS);
      if (st >= 0) {
        const status = st + STATUS.length;
        const sent = at(buf, status, e, SENT);
        if (sent || at(buf, status, e, DEFERRED) || at(buf, status, e, BOUNCED)) {
          const relayStart = r + RELAY.length;
          let relayEnd = findByte(buf, relayStart, e, 44);
          if (relayEnd < 0) relayEnd = e;
          if (!(relayEnd - relayStart === NONE.length && at(buf, relayStart, relayEnd, NONE))) this.delivery(buf, relayStart, relayEnd);
          if (!sent) this.maybeFailure(buf, status, e, () => text(buf, relayStart, relayEnd), true);
        }
        return;
      }
    }
    const peer = this.maybeFailure(buf, m, e, () => {
      const key = this.key(buf);
      return this.clients.get(key)?.relayText ?? this.clientPeers.get(key) ?? '';
    });
    if (peer) {
      const key = this.key(buf);
      // A failure with another peer: the process has left the connection its TLS line was about,
      // and its next unnamed warning is about this peer.
      if (this.clients.get(key)?.relayText !== peer) this.clients.delete(key);
      this.clientPeers.delete(key);
      this.clientPeers.set(key, peer);
      if (this.clientPeers.size > this.maxOpen) this.clientPeers.delete(this.clientPeers.keys().next().value!);
    }
  }

  private delivery(buf: Uint8Array, relayStart: number, relayEnd: number): void {
    const key = this.key(buf);
    const t = this.clients.get(key);
    let tls = false;
    if (t) {
      if (t.relay.length === relayEnd - relayStart && at(buf, relayStart, relayEnd, t.relay)) tls = true;
      // Another relay: the TLS seen before belongs to a connection this process has left.
      else this.clients.delete(key);
    }
    this.deliveries++;
    const b = this.bucketOf(buf);
    b.deliveries++;
    if (tls) {
      this.outTls++;
      b.outTls++;
      bump(this.outProtocols, t!.protocol);
      bump(this.outTrust, t!.trust);
      return;
    }
    const relay = text(buf, relayStart, relayEnd);
    const n = this.cleartext.get(relay);
    if (n !== undefined) this.cleartext.set(relay, n + 1);
    else if (this.cleartext.size < this.maxPeers) this.cleartext.set(relay, 1);
    else bump(this.cleartext, OTHER_PEERS);
  }

  private postscreen(buf: Uint8Array, m: number, e: number): void {
    if (at(buf, m, e, PS_CONNECT)) this.psConnections++;
    else if (at(buf, m, e, PS_PASS) && (at(buf, m + 5, e, PS_NEW) || at(buf, m + 5, e, PS_OLD))) this.psPassed++;
    else this.maybeFailure(buf, m, e, undefined);
  }

  /**
   * Files the line as a failure when it is one. `anywhere`: the text at m is a delivery's status,
   * where any listed phrase may occur; else only messages that start like a failure are searched.
   * The peer is the one the message names, else the one `context` gives (asked only for a failure).
   * Returns the peer when the message named it.
   */
  private maybeFailure(buf: Uint8Array, m: number, e: number, context: (() => string) | undefined, anywhere = false): string | undefined {
    if (!anywhere) {
      if (!FAILURE_FIRST.has(buf[m])) return undefined;
      let candidate = false;
      for (const s of FAILURE_START_BYTES) {
        if (at(buf, m, e, s)) {
          candidate = true;
          break;
        }
      }
      if (!candidate) return undefined;
    }
    const message = text(buf, m, e);
    let kind: string | undefined;
    for (const f of FAILURE_KINDS) {
      if (message.includes(f.phrase)) {
        kind = f.kind;
        break;
      }
    }
    if (!kind) return undefined;
    this.failureCount++;
    bump(this.failureKinds, kind);
    const named = PEER_PATTERN.exec(message);
    const peer = named ? named[1] : (context?.() ?? '');
    if (this.failures.length < this.maxFailures) this.failures.push({ line: this.lines, kind, peer });
    return named ? peer : undefined;
  }

  /** The hour of this line: `Dec  1 14` or `2026-12-01T14`. Lines of one hour follow each other, so the last bucket is nearly always it. */
  private bucketOf(buf: Uint8Array): Bucket {
    const t = this.time;
    const c = buf[t];
    const end = c >= 48 && c <= 57 ? t + 13 : t + 9;
    const b = this.bucket;
    if (b && b.bytes.length === end - t && at(buf, t, end, b.bytes)) return b;
    const key = text(buf, t, end);
    let found = this.buckets.get(key);
    if (!found) {
      found = { key, bytes: copy(buf, t, end), sessions: 0, inTls: 0, deliveries: 0, outTls: 0 };
      this.buckets.set(key, found);
    }
    this.bucket = found;
    return found;
  }

  private timeline(): TimelineBucket[] {
    const hours = [...this.buckets.values()].map((b) => ({ ...b, label: `${b.key}:00` }));
    let rows = hours;
    if (hours.length > this.maxHourBuckets) {
      // Days: `Dec  1` or `2026-12-01`; consecutive hours of one day merge.
      rows = [];
      for (const h of hours) {
        const day = /^\d/.test(h.key) ? h.key.slice(0, 10) : h.key.slice(0, 6);
        const last = rows[rows.length - 1];
        if (last && last.label === day) {
          last.sessions += h.sessions;
          last.inTls += h.inTls;
          last.deliveries += h.deliveries;
          last.outTls += h.outTls;
        } else rows.push({ ...h, label: day });
      }
    }
    return rows.map((b) => ({ label: b.label, inbound: { sessions: b.sessions, tls: b.inTls }, outbound: { deliveries: b.deliveries, tls: b.outTls } }));
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The report of a whole text (tests, small documents). */
export function tlsReportOf(text: string | Uint8Array, options?: ReportOptions): TlsReportDetails {
  const b = new TlsReportBuilder(options);
  b.feed(text);
  return b.finish();
}
