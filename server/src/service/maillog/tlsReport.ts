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
 */
import { FAILURE_KINDS, FAILURE_STARTS } from './failureKinds';
import { LineParts, newLineParts, parseEstablished, PEER_PATTERN, splitLine } from './logLine';
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
  relay: string;
  protocol: string;
  trust: string;
}

interface Bucket {
  key: string;
  sessions: number;
  inTls: number;
  deliveries: number;
  outTls: number;
}

const OTHER_PEERS = '(other peers)';
const MAX_LINE = 64 * 1024;
/** Lines between two looks at the cancellation token. */
const CHECK_EVERY = 8192;

/**
 * A copy of `s` that does not keep the chunk it was sliced from alive: V8's slices point into their
 * parent, and one remembered peer name would otherwise pin a whole chunk of the log in memory.
 */
export function own(s: string): string {
  return (s + ' ').slice(0, -1);
}

const KNOWN_PROTOCOLS = ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3'];

/** The protocol name as a string of its own (the usual ones are shared constants). */
function protocolName(p: string): string {
  for (const k of KNOWN_PROTOCOLS) if (p === k) return k;
  return own(p);
}

/** Does the message at m start like one that may report a failure? (First the first character: most lines stop there.) */
function failureStart(line: string, m: number): boolean {
  const c = line.charCodeAt(m);
  if (c !== 119 /* w */ && c !== 83 /* S */ && c !== 99 /* c */ && c !== 115 /* s */ && c !== 108 /* l */ && c !== 78 /* N */ && c !== 101 /* e */ && c !== 102 /* f */) return false;
  for (const s of FAILURE_STARTS) if (line.startsWith(s, m)) return true;
  return false;
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
 * Streaming builder: feed() text in chunks of any size (lines may span chunks), then finish().
 * Linear in the input; no regular expression runs on an ordinary line.
 */
export class TlsReportBuilder {
  /** Lines read so far. */
  lines = 0;
  private rest = '';
  private cancelled = false;
  private readonly parts: LineParts = newLineParts();
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

  /** Keyed by process: host number × 1e8 + pid (numbers: no string of the log is kept for a key). */
  private readonly open = new Map<number, Session>();
  private readonly clients = new Map<number, ClientTls>();
  /** The peer the last failure of a client process named: the context of its next unnamed one. */
  private readonly clientPeers = new Map<number, string>();
  private readonly hosts = new Map<string, number>();
  private lastHost = '';
  private lastHostId = 0;
  private readonly buckets = new Map<string, Bucket>();
  private bucket: Bucket | undefined;

  constructor(options: ReportOptions = {}) {
    this.maxFailures = options.maxFailures ?? 1000;
    this.maxPeers = options.maxPeers ?? 50_000;
    this.maxOpen = options.maxOpen ?? 20_000;
    this.maxHourBuckets = options.maxHourBuckets ?? 72;
  }

  /**
   * Reads the complete lines of `chunk` (the last, unterminated one waits for the next chunk).
   * Returns false, and reads nothing more ever, once `token` asks to stop.
   */
  feed(chunk: string, token?: Cancellation): boolean {
    if (this.cancelled) return false;
    let pos = 0;
    if (this.rest) {
      const nl = chunk.indexOf('\n');
      if (nl < 0) {
        if (this.rest.length < MAX_LINE) this.rest += chunk.slice(0, MAX_LINE);
        return true;
      }
      const line = (this.rest + chunk.slice(0, Math.min(nl, MAX_LINE))).replace(/\r$/, '');
      this.rest = '';
      this.line(line);
      pos = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf('\n', pos);
      if (nl < 0) break;
      // CRLF logs (copied from Windows) end their lines like any other.
      const end = chunk.charCodeAt(nl - 1) === 13 && nl > pos ? nl - 1 : nl;
      this.line(chunk.slice(pos, end - pos > MAX_LINE ? pos + MAX_LINE : end));
      pos = nl + 1;
      if (token && this.lines % CHECK_EVERY === 0 && token.isCancellationRequested) {
        this.cancelled = true;
        return false;
      }
    }
    // A copy, so that the chunk itself can be collected.
    if (pos < chunk.length) this.rest = chunk.length - pos > MAX_LINE ? chunk.slice(pos, pos + MAX_LINE) : (' ' + chunk.slice(pos)).slice(1);
    return true;
  }

  /** Reads the last line (if it had no newline) and returns the report. */
  finish(): TlsReportDetails {
    if (this.rest && !this.cancelled) this.line(this.rest);
    this.rest = '';
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

  private line(line: string): void {
    this.lines++;
    const p = this.parts;
    if (!splitLine(line, p)) return;
    const len = p.serviceEnd - p.service;
    const m = p.message;
    if (len === 5 && line.startsWith('smtpd', p.service)) this.smtpd(line, m);
    else if (len === 4 && (line.startsWith('smtp', p.service) || line.startsWith('lmtp', p.service))) this.client(line, m);
    else if (len === 10 && line.startsWith('postscreen', p.service)) this.postscreen(line, m);
    else this.maybeFailure(line, m, undefined);
  }

  /** The process of this line: its host (numbered in order of appearance) and pid. */
  private key(line: string): number {
    const p = this.parts;
    let pid = 0;
    for (let i = p.serviceEnd + 1; i < p.pidEnd; i++) {
      const d = line.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      pid = pid * 10 + d;
    }
    const hostLen = p.hostEnd - p.host;
    if (!(this.lastHost.length === hostLen && line.startsWith(this.lastHost, p.host))) {
      const h = own(line.slice(p.host, p.hostEnd));
      let id = this.hosts.get(h);
      if (id === undefined) {
        // Beyond this many host names (not a real merged log) all share one number.
        id = this.hosts.size < 10_000 ? this.hosts.size : 0;
        this.hosts.set(h, id);
      }
      this.lastHost = h;
      this.lastHostId = id;
    }
    return this.lastHostId * 1e8 + (pid % 1e8);
  }

  private smtpd(line: string, m: number): void {
    const c = line.charCodeAt(m);
    if (c === 99 /* c */ && line.startsWith('connect from ', m)) {
      const key = this.key(line);
      // A connect without the disconnect of the one before: that one is not a pair, and is dropped.
      this.open.delete(key);
      this.open.set(key, { peer: own(line.slice(m + 13)), tls: false, protocol: '', trust: '' });
      if (this.open.size > this.maxOpen) this.open.delete(this.open.keys().next().value!);
      return;
    }
    if (c === 100 /* d */ && line.startsWith('disconnect from ', m)) {
      const key = this.key(line);
      const s = this.open.get(key);
      if (!s) return;
      this.open.delete(key);
      let tls = s.tls;
      if (!tls) {
        // `starttls=1` counts a success; `starttls=0/1` an attempt that failed.
        const i = line.indexOf(' starttls=', m);
        if (i >= 0) {
          const d = line.charCodeAt(i + 10);
          tls = d >= 49 && d <= 57;
          if (tls) {
            s.protocol = 'unknown';
            s.trust = 'unknown';
          }
        }
      }
      this.sessions++;
      const b = this.bucketOf(line);
      b.sessions++;
      if (tls) {
        this.inTls++;
        b.inTls++;
        bump(this.inProtocols, s.protocol);
        bump(this.inTrust, s.trust);
      }
      return;
    }
    if (c === 65 || c === 85 || c === 84 || c === 86) {
      const e = parseEstablished(line, m);
      if (e) {
        const s = this.open.get(this.key(line));
        if (s && e.inbound) {
          s.tls = true;
          s.protocol = protocolName(e.protocol);
          s.trust = e.trust;
        }
        return;
      }
    }
    this.maybeFailure(line, m, () => this.open.get(this.key(line))?.peer ?? '');
  }

  private client(line: string, m: number): void {
    const c = line.charCodeAt(m);
    if (c === 65 || c === 85 || c === 84 || c === 86) {
      const e = parseEstablished(line, m);
      if (e) {
        if (!e.inbound) {
          const key = this.key(line);
          this.clients.delete(key);
          this.clients.set(key, { relay: own(e.peer), protocol: protocolName(e.protocol), trust: e.trust });
          if (this.clients.size > this.maxOpen) this.clients.delete(this.clients.keys().next().value!);
        }
        return;
      }
    }
    // QUEUEID: to=<…>, [orig_to=<…>, ]relay=…, delay=…, delays=…, dsn=…, status=…
    const colon = line.indexOf(': ', m);
    if (colon > m && colon - m <= 20 && line.startsWith('to=<', colon + 2)) {
      const r = line.indexOf(', relay=', colon);
      const st = r < 0 ? -1 : line.indexOf(', status=', r);
      if (st >= 0) {
        const status = st + 9;
        const sent = line.startsWith('sent', status);
        if (sent || line.startsWith('deferred', status) || line.startsWith('bounced', status)) {
          const relayStart = r + 8;
          let relayEnd = line.indexOf(',', relayStart);
          if (relayEnd < 0) relayEnd = line.length;
          if (!(relayEnd - relayStart === 4 && line.startsWith('none', relayStart))) this.delivery(line, relayStart, relayEnd);
          if (!sent) this.maybeFailure(line, status, () => own(line.slice(relayStart, relayEnd)), true);
        }
        return;
      }
    }
    const peer = this.maybeFailure(line, m, () => {
      const key = this.key(line);
      return this.clients.get(key)?.relay ?? this.clientPeers.get(key) ?? '';
    });
    if (peer) {
      const key = this.key(line);
      this.clientPeers.delete(key);
      this.clientPeers.set(key, peer);
      if (this.clientPeers.size > this.maxOpen) this.clientPeers.delete(this.clientPeers.keys().next().value!);
    }
  }

  private delivery(line: string, relayStart: number, relayEnd: number): void {
    const key = this.key(line);
    const t = this.clients.get(key);
    let tls = false;
    if (t) {
      if (t.relay.length === relayEnd - relayStart && line.startsWith(t.relay, relayStart)) tls = true;
      // Another relay: the TLS seen before belongs to a connection this process has left.
      else this.clients.delete(key);
    }
    this.deliveries++;
    const b = this.bucketOf(line);
    b.deliveries++;
    if (tls) {
      this.outTls++;
      b.outTls++;
      bump(this.outProtocols, t!.protocol);
      bump(this.outTrust, t!.trust);
      return;
    }
    const relay = line.slice(relayStart, relayEnd);
    const n = this.cleartext.get(relay);
    if (n !== undefined) this.cleartext.set(relay, n + 1);
    else if (this.cleartext.size < this.maxPeers) this.cleartext.set(own(relay), 1);
    else bump(this.cleartext, OTHER_PEERS);
  }

  private postscreen(line: string, m: number): void {
    if (line.startsWith('CONNECT from ', m)) this.psConnections++;
    else if (line.startsWith('PASS NEW ', m) || line.startsWith('PASS OLD ', m)) this.psPassed++;
    else this.maybeFailure(line, m, undefined);
  }

  /**
   * Files the line as a failure when it is one. `anywhere`: the text at m is a delivery's status,
   * where any listed phrase may occur; else only messages that start like a failure are searched.
   * The peer is the one the message names, else the one `context` gives (asked only for a failure).
   * Returns the peer when the message named it.
   */
  private maybeFailure(line: string, m: number, context: (() => string) | undefined, anywhere = false): string | undefined {
    if (!anywhere && !failureStart(line, m)) return undefined;
    let kind: string | undefined;
    for (const f of FAILURE_KINDS) {
      if (line.indexOf(f.phrase, m) >= 0) {
        kind = f.kind;
        break;
      }
    }
    if (!kind) return undefined;
    this.failureCount++;
    bump(this.failureKinds, kind);
    const named = PEER_PATTERN.exec(line.slice(m));
    const peer = named ? own(named[1]) : (context?.() ?? '');
    if (this.failures.length < this.maxFailures) this.failures.push({ line: this.lines, kind, peer });
    return named ? peer : undefined;
  }

  /** The hour of this line: `Dec  1 14` or `2026-12-01T14`. Lines of one hour follow each other, so the last bucket is nearly always it. */
  private bucketOf(line: string): Bucket {
    const t = this.parts.time;
    const c = line.charCodeAt(t);
    const end = c >= 48 && c <= 57 ? t + 13 : t + 9;
    const b = this.bucket;
    if (b && line.startsWith(b.key, t) && b.key.length === end - t) return b;
    const key = own(line.slice(t, end));
    let found = this.buckets.get(key);
    if (!found) {
      found = { key, sessions: 0, inTls: 0, deliveries: 0, outTls: 0 };
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

/** The report of a whole text (tests, small documents). */
export function tlsReportOf(text: string, options?: ReportOptions): TlsReportDetails {
  const b = new TlsReportBuilder(options);
  b.feed(text);
  return b.finish();
}
