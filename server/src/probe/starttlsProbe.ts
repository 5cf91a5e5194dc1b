import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { Socket, connect as netConnect } from 'node:net';
import { hostname } from 'node:os';
import { checkServerIdentity, connect as tlsConnect, DetailedPeerCertificate, rootCertificates, TLSSocket } from 'node:tls';
import { describeFsError } from '../nodeCertificates';
import type { ConfiguredCertificateFile, ConfiguredComparison, ConfiguredFile, ProbeCertificate, ProbeResult, ProbeStage } from './probeTypes';
import { formatTarget, isIP, parseTarget } from './target';

/**
 * The live STARTTLS check: connect, read the greeting, EHLO, STARTTLS (or TLS from the first byte on
 * port 465), a full handshake with node:tls, QUIT. Node only (network and files): the language
 * service stays pure, and the server or the CLI call this.
 *
 * Every way it can go wrong ends in a result with `error` in words, never a throw and never a hang:
 * each step is bounded by the read timeout and the whole check by the overall one.
 */
export interface ProbeOptions {
  /** TLS from the first byte; default: when the port is 465. */
  implicitTls?: boolean;
  /** The name sent with EHLO; default: this host's name when it has a dot, else "localhost". */
  ehloName?: string;
  /** Bounds in milliseconds: the TCP connection (DNS included), each reply or handshake, the whole check. */
  timeouts?: { connectMs?: number; readMs?: number; overallMs?: number };
  signal?: AbortSignal;
  /** PEM trust store to verify against; default: the system CA bundle, else Node's built-in roots. */
  ca?: { pem: string | string[]; name: string };
  /** The certificate files main.cf names for smtpd: the result says whether the server presents one of them. */
  configured?: ConfiguredCertificateFile[];
  now?: Date;
}

export const DEFAULT_TIMEOUTS = { connectMs: 10_000, readMs: 30_000, overallMs: 60_000 };

/** Where Debian/Ubuntu, Fedora/RHEL, the BSDs/macOS(Homebrew) and Alpine keep the system trust bundle. */
const SYSTEM_CA_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem', '/usr/local/share/certs/ca-root-nss.crt', '/etc/ssl/ca-bundle.pem'];

/** The system CA bundle when there is one (what Postfix's tls_append_default_CA and OpenSSL use), else Node's own copy of Mozilla's roots. */
export function systemTrustStore(): { pem: string | string[]; name: string } {
  for (const f of SYSTEM_CA_BUNDLES) {
    try {
      if (existsSync(f) && statSync(f).size < 8 * 1024 * 1024) return { pem: readFileSync(f, 'latin1'), name: `the system CA bundle ${f}` };
    } catch {
      // unreadable: try the next
    }
  }
  return { pem: [...rootCertificates], name: "Node's built-in root certificates (no system CA bundle found)" };
}

const MAX_LINE = 4096;
const MAX_REPLY_LINES = 200;

class ProbeFailure extends Error {
  constructor(
    readonly stage: ProbeStage,
    message: string,
  ) {
    super(message);
  }
}

interface Reply {
  code: number;
  lines: string[];
}

/** A printable rendering of bytes a server sent: control characters shown as \xNN, long text cut. */
function shown(text: string, max = 120): string {
  const s = text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).replace(/\r?\n/g, '\\n');
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Reads SMTP replies from a socket: lines up to CRLF, a reply ends at "ddd " or a bare "ddd". */
class ReplyReader {
  private buffer = '';
  private waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void; stage: ProbeStage; timer: NodeJS.Timeout } | undefined;
  private ended: Error | undefined;
  private readonly onData = (b: Buffer) => {
    this.buffer += b.toString('latin1');
    this.pump();
  };
  private readonly onEnd = () => this.fail(undefined);
  private readonly onError = (e: Error) => this.fail(e);

  constructor(
    private readonly socket: Socket,
    private readonly readMs: number,
    private readonly transcript: string[],
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  /** Stops reading (before the TLS handshake takes the socket over); returns bytes read past the last reply. */
  detach(): string {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    const rest = this.buffer;
    this.buffer = '';
    return rest;
  }

  read(stage: ProbeStage, what: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        const hint = this.buffer ? ` (partial: "${shown(this.buffer)}")` : stage === 'banner' ? ' (a server expecting TLS from the first byte, as on port 465, waits silently: try implicit TLS)' : '';
        reject(new ProbeFailure(stage, `no ${what} within ${seconds(this.readMs)}${hint}`));
      }, this.readMs);
      this.waiting = { resolve, reject, stage, timer };
      this.pump();
    });
  }

  private fail(e: Error | undefined): void {
    this.ended ??= e ?? new Error('closed');
    this.pump();
  }

  private pump(): void {
    const w = this.waiting;
    if (!w) return;
    const settle = (f: () => void) => {
      clearTimeout(w.timer);
      this.waiting = undefined;
      f();
    };
    const lines: string[] = [];
    let at = 0;
    for (;;) {
      const nl = this.buffer.indexOf('\n', at);
      if (nl < 0) {
        if (this.buffer.length - at > MAX_LINE) return settle(() => w.reject(notSmtp(w.stage, this.buffer.slice(at))));
        break;
      }
      const line = this.buffer.slice(at, nl).replace(/\r$/, '');
      at = nl + 1;
      const m = /^(\d{3})([ -]|$)/.exec(line);
      if (!m || line.length > MAX_LINE || (lines.length && !line.startsWith(lines[0].slice(0, 3)))) return settle(() => w.reject(notSmtp(w.stage, line)));
      lines.push(line);
      if (lines.length > MAX_REPLY_LINES) return settle(() => w.reject(new ProbeFailure(w.stage, `a reply of more than ${MAX_REPLY_LINES} lines: not an SMTP server`)));
      if (m[2] !== '-') {
        this.buffer = this.buffer.slice(at);
        for (const l of lines) this.transcript.push(`S: ${shown(l, 200)}`);
        return settle(() => w.resolve({ code: Number(m[1]), lines }));
      }
    }
    if (this.ended) {
      const e = this.ended;
      const partial = this.buffer.trim() ? ` after sending "${shown(this.buffer)}"` : '';
      settle(() => w.reject(new ProbeFailure(w.stage, e.message === 'closed' ? `the server closed the connection${partial} while the ${stageWords(w.stage)} was awaited` : socketError(e, w.stage))));
    }
  }
}

function notSmtp(stage: ProbeStage, line: string): ProbeFailure {
  const hint = /^HTTP\/|^<!DOCTYPE|^<html/i.test(line) ? ' (a web server?)' : /^\x15\x03|^\x16\x03/.test(line) ? ' (TLS from the first byte? try port 465 or --implicit-tls)' : /^\+OK|^\* OK/.test(line) ? ' (a POP3 or IMAP server?)' : /^SSH-/.test(line) ? ' (an SSH server)' : '';
  return new ProbeFailure(stage, `not an SMTP server: "${shown(line)}" is no SMTP reply${hint}`);
}

function stageWords(stage: ProbeStage): string {
  switch (stage) {
    case 'banner':
      return 'greeting (220 banner)';
    case 'ehlo':
      return 'EHLO reply';
    case 'starttls':
      return 'STARTTLS reply';
    default:
      return `${stage} reply`;
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** A socket or TLS error in words; `stage` says when it happened. */
function socketError(e: Error, stage: ProbeStage, target?: string): string {
  const err = e as NodeJS.ErrnoException & { reason?: string; library?: string };
  const host = target?.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  switch (err.code) {
    case 'ENOTFOUND':
      return `cannot resolve ${host ?? 'the host'}: no such host name in DNS`;
    case 'EAI_AGAIN':
      return `cannot resolve ${host ?? 'the host'}: the DNS lookup failed for now (try again)`;
    case 'ECONNREFUSED':
      return `connection refused by ${target ?? 'the server'}: nothing listens on that port`;
    case 'EHOSTUNREACH':
      return `${target ?? 'the host'} is unreachable (no route to host)`;
    case 'ENETUNREACH':
      return `the network of ${target ?? 'the host'} is unreachable`;
    case 'ECONNRESET':
      return `the server reset the connection while the ${stageWords(stage)} was awaited`;
    case 'EPIPE':
      return 'the server closed the connection while we were writing';
    case 'ETIMEDOUT':
      return `the connection to ${target ?? 'the server'} timed out`;
    default:
      if (stage === 'handshake') return `the TLS handshake failed: ${err.reason ?? err.message}`;
      return `${err.code ? `${err.code}: ` : ''}${err.message}`;
  }
}

/** OpenSSL's verification codes in words (the ones a mail server meets). */
const VERIFY_ERRORS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed certificate that is not a trusted CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the issuer of the chain is not a trusted CA (or the server does not send the intermediate certificate)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the issuer of the certificate is unknown (the server may not send the intermediate certificate)',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer certificate could not be found',
  CERT_HAS_EXPIRED: 'a certificate of the chain has expired',
  CERT_NOT_YET_VALID: 'a certificate of the chain is not valid yet',
  CERT_REVOKED: 'a certificate of the chain is revoked',
  CERT_SIGNATURE_FAILURE: 'a signature of the chain does not verify',
  INVALID_CA: 'a certificate in the chain is used as a CA but is not one',
  CERT_UNTRUSTED: 'the root of the chain is not trusted for this purpose',
  CERT_REJECTED: 'the root of the chain is marked as rejected',
  INVALID_PURPOSE: 'the certificate is not meant for a TLS server',
  PATH_LENGTH_EXCEEDED: 'the chain is longer than its CA allows',
};

function certInfo(raw: Buffer, next: Buffer | undefined, now: Date): ProbeCertificate {
  const x = new X509Certificate(raw);
  const to = new Date(x.validTo);
  const n = next ? new X509Certificate(next) : undefined;
  let selfSigned = false;
  try {
    selfSigned = x.checkIssued(x) && x.verify(x.publicKey);
  } catch {
    selfSigned = false;
  }
  return {
    subject: x.subject.replace(/\n/g, ', '),
    issuer: x.issuer.replace(/\n/g, ', '),
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: to.toISOString(),
    expired: to.getTime() < now.getTime(),
    daysLeft: Math.floor((to.getTime() - now.getTime()) / 86_400_000),
    fingerprint256: x.fingerprint256,
    subjectAltName: x.subjectAltName,
    issuedByNext: n ? safe(() => x.checkIssued(n) && x.verify(n.publicKey)) : undefined,
    selfSigned,
  };
}

function safe(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}

/** The chain as getPeerCertificate(true) links it, leaf first, each certificate once. */
function peerChain(socket: TLSSocket): Buffer[] {
  const out: Buffer[] = [];
  const seen = new Set<string>();
  let c: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (c && c.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(c.raw);
    c = c.issuerCertificate;
  }
  return out;
}

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * The server certificates in the files main.cf names: in a *_cert_file the first certificate; in
 * smtpd_tls_chain_files, read as one sequence as Postfix does, the certificate after each private
 * key (or the first certificate, when no key can be read).
 */
export function readConfiguredCertificates(configured: ConfiguredCertificateFile[]): ConfiguredFile[] {
  const out = configured.map(({ setting, file }) => ({ setting, file, certificates: [] as ConfiguredFile['certificates'], blocks: readPem(file) }));
  const subjectOf = (x: X509Certificate) => ({ subject: x.subject.replace(/\n/g, ', '), fingerprint256: x.fingerprint256 });
  for (const f of out.filter((x) => !x.setting.endsWith('chain_files'))) {
    if ('error' in f.blocks) continue;
    const first = f.blocks.find((b) => b.cert);
    if (first?.cert) f.certificates.push(subjectOf(first.cert));
  }
  const chain = out.filter((x) => x.setting.endsWith('chain_files'));
  const sequence = chain.flatMap((f) => ('error' in f.blocks ? [] : f.blocks.map((b) => ({ ...b, owner: f }))));
  const leaves = sequence.flatMap((b, i) => (b.key ? sequence.slice(i + 1, i + 2).filter((n) => n.cert) : []));
  for (const l of leaves.length ? leaves : sequence.filter((b) => b.cert).slice(0, 1)) l.owner.certificates.push(subjectOf(l.cert!));
  return out.map(({ setting, file, certificates, blocks }) => {
    const error = 'error' in blocks ? blocks.error : !setting.endsWith('chain_files') && !certificates.length ? 'no certificate in the file' : undefined;
    return error ? { setting, file, certificates, error } : { setting, file, certificates };
  });
}

interface PemBlock {
  key: boolean;
  cert?: X509Certificate;
}

function readPem(file: string): PemBlock[] | { error: string } {
  try {
    const st = statSync(file);
    if (st.isDirectory()) return { error: 'a directory, not a file' };
    if (!st.isFile()) return { error: 'not a regular file' };
    if (st.size > 1024 * 1024) return { error: 'larger than 1 MB' };
    const text = readFileSync(file, 'latin1');
    return [...text.matchAll(PEM)].map((m) => ({ key: /PRIVATE KEY$/.test(m[1]), cert: m[1] === 'CERTIFICATE' || m[1] === 'TRUSTED CERTIFICATE' ? safeCert(m[0]) : undefined }));
  } catch (e) {
    return { error: describeFsError(e).error };
  }
}

function safeCert(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

export function compareConfigured(files: ConfiguredFile[], leafFingerprint: string | undefined): ConfiguredComparison {
  const readable = files.filter((f) => f.certificates.length);
  const match = readable.find((f) => f.certificates.some((c) => c.fingerprint256 === leafFingerprint));
  return { files, presented: readable.length && leafFingerprint ? !!match : undefined, matchedSetting: match?.setting };
}

function defaultEhloName(): string {
  const h = hostname();
  return h.includes('.') && /^[A-Za-z0-9.-]+$/.test(h) ? h : 'localhost';
}

/** Runs the check; resolves with the result in every case (an `error` says why it stopped short). */
export async function probeStarttls(targetText: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const started = Date.now();
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const parsed = parseTarget(targetText);
  // Every key up front, in reading order: JSON.stringify keeps this order and drops the undefined ones.
  const result: ProbeResult = {
    target: targetText.trim(),
    host: 'error' in parsed ? '' : parsed.host,
    port: 'error' in parsed ? 0 : parsed.port,
    address: undefined,
    implicitTls: false,
    tls: false,
    error: undefined,
    stage: undefined,
    banner: undefined,
    starttlsOffered: undefined,
    protocol: undefined,
    cipher: undefined,
    keyExchange: undefined,
    trust: undefined,
    verified: undefined,
    verifyError: undefined,
    trustStore: undefined,
    nameMatches: undefined,
    nameError: undefined,
    configured: undefined,
    chain: [],
    extensions: undefined,
    notes: [],
    transcript: [],
    elapsedMs: 0,
  };
  if ('error' in parsed) {
    return { ...result, error: parsed.error, stage: 'target' };
  }
  result.target = formatTarget(parsed);
  result.implicitTls = options.implicitTls ?? parsed.port === 465;
  const sockets: Socket[] = [];
  let stop: (e: ProbeFailure) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  stopped.catch(() => undefined);
  const overall = setTimeout(() => stop(new ProbeFailure('timeout', `the check did not finish within ${seconds(timeouts.overallMs)}`)), timeouts.overallMs);
  const onAbort = () => stop(new ProbeFailure('cancelled', 'cancelled before the check finished'));
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort);
  try {
    await Promise.race([stopped, dialogue(parsed.host, parsed.port, result, timeouts, options, sockets)]);
  } catch (e) {
    if (e instanceof ProbeFailure) {
      result.error = e.message;
      result.stage = e.stage;
    } else {
      result.error = `unexpected failure: ${(e as Error)?.message ?? String(e)}`;
    }
  } finally {
    clearTimeout(overall);
    options.signal?.removeEventListener('abort', onAbort);
    for (const s of sockets) s.destroy();
  }
  result.elapsedMs = Date.now() - started;
  return result;
}

async function dialogue(host: string, port: number, result: ProbeResult, timeouts: typeof DEFAULT_TIMEOUTS, options: ProbeOptions, sockets: Socket[]): Promise<void> {
  const where = formatTarget({ host, port });
  const ca = options.ca ?? systemTrustStore();
  const servername = isIP(host) ? undefined : host.replace(/\.$/, '');
  // A probe reports what the server negotiates, old protocols included, rather than refusing them.
  // Node folds the name check into `authorized`; it is kept apart here (tlsFacts) so that "does not
  // verify" and "is for another name" stay two answers, as Postfix's Trusted and Verified are.
  const tlsOptions = { rejectUnauthorized: false, ca: ca.pem, servername, minVersion: 'TLSv1' as const, ciphers: 'DEFAULT:@SECLEVEL=0', checkServerIdentity: () => undefined };
  let socket: Socket;
  if (result.implicitTls) {
    const t = tlsConnect({ host, port, ...tlsOptions });
    sockets.push(t);
    await connected(t, 'secureConnect', timeouts.connectMs + timeouts.readMs, where, 'handshake').catch((e: unknown) => {
      // OpenSSL reading "220 …" as a TLS record: a plain SMTP server on this port.
      if (e instanceof ProbeFailure && e.stage === 'handshake' && /wrong version number|packet length too long|record layer failure|unknown protocol/i.test(e.message)) {
        throw new ProbeFailure('handshake', `${e.message} (the server seems to speak plain SMTP here: try STARTTLS, without --implicit-tls)`);
      }
      throw e;
    });
    result.address = t.remoteAddress;
    tlsFacts(t, result, ca.name, host, options);
    socket = t;
  } else {
    const s = netConnect({ host, port });
    sockets.push(s);
    await connected(s, 'connect', timeouts.connectMs, where, 'connect');
    result.address = s.remoteAddress;
    socket = s;
  }
  const transcript = result.transcript;
  let reader = new ReplyReader(socket, timeouts.readMs, transcript);
  const send = (line: string) => {
    transcript.push(`C: ${line}`);
    socket.write(`${line}\r\n`);
  };
  const banner = await reader.read('banner', 'greeting (220 banner)');
  result.banner = banner.lines;
  if (banner.code !== 220) throw new ProbeFailure('banner', `the server refuses the session: ${banner.lines.join(' / ')}`);
  const ehloName = options.ehloName ?? defaultEhloName();
  send(`EHLO ${ehloName}`);
  let ehlo = await reader.read('ehlo', 'EHLO reply');
  if (ehlo.code >= 500) {
    // An SMTP (not ESMTP) server: HELO works, and there is no STARTTLS without EHLO.
    send(`HELO ${ehloName}`);
    const helo = await reader.read('ehlo', 'HELO reply');
    if (helo.code !== 250) throw new ProbeFailure('ehlo', `the server rejects EHLO and HELO: ${helo.lines.join(' / ')}`);
    ehlo = { code: 250, lines: [] };
    result.notes.push('the server rejects EHLO: it speaks SMTP without extensions');
  } else if (ehlo.code !== 250) {
    throw new ProbeFailure('ehlo', `the server rejects EHLO ${ehloName}: ${ehlo.lines.join(' / ')}`);
  }
  result.extensions = ehlo.lines.slice(1).map((l) => l.slice(4).trim());
  if (result.implicitTls) {
    await quit(send, reader, result);
    return;
  }
  result.starttlsOffered = result.extensions.some((e) => /^STARTTLS$/i.test(e));
  if (!result.starttlsOffered) {
    await quit(send, reader, result);
    throw new ProbeFailure('ehlo', 'the server does not offer STARTTLS: mail to it goes in cleartext');
  }
  send('STARTTLS');
  const go = await reader.read('starttls', 'STARTTLS reply');
  if (go.code !== 220) {
    await quit(send, reader, result);
    throw new ProbeFailure('starttls', `the server offers STARTTLS but refuses it: ${go.lines.join(' / ')}${go.code === 454 ? ' (454: usually its certificate or key cannot be loaded; see its mail log)' : ''}`);
  }
  const early = reader.detach();
  if (early) result.notes.push(`the server sent data after its STARTTLS reply, before the handshake ("${shown(early)}"): a command injection risk, ignored here`);
  const t = tlsConnect({ socket, ...tlsOptions });
  sockets.push(t);
  await connected(t, 'secureConnect', timeouts.readMs, where, 'handshake');
  tlsFacts(t, result, ca.name, host, options);
  reader = new ReplyReader(t, Math.min(timeouts.readMs, 5000), transcript);
  const sendTls = (line: string) => {
    transcript.push(`C: ${line}`);
    t.write(`${line}\r\n`);
  };
  await quit(sendTls, reader, result);
}

/** QUIT, and its reply when it comes soon; a missing reply is only a note. */
async function quit(send: (line: string) => void, reader: ReplyReader, result: ProbeResult): Promise<void> {
  try {
    send('QUIT');
    await reader.read('ehlo', 'QUIT reply');
  } catch {
    result.notes.push('the server did not answer QUIT');
  }
}

function connected(s: Socket, event: 'connect' | 'secureConnect', ms: number, where: string, stage: ProbeStage): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (f: () => void) => {
      clearTimeout(timer);
      s.off(event, ok);
      s.off('error', bad);
      s.off('close', closed);
      f();
    };
    const ok = () => done(resolve);
    const bad = (e: Error) => {
      const code = (e as NodeJS.ErrnoException).code;
      const st: ProbeStage = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'resolve' : code && /^E(CONNREFUSED|HOSTUNREACH|NETUNREACH|TIMEDOUT)$/.test(code) ? 'connect' : stage;
      done(() => reject(new ProbeFailure(st, socketError(e, st, where))));
    };
    const closed = () => done(() => reject(new ProbeFailure(stage, stage === 'handshake' ? 'the server closed the connection during the TLS handshake' : `the connection to ${where} closed before it was made`)));
    const timer = setTimeout(
      () => done(() => reject(new ProbeFailure(stage, stage === 'handshake' ? `the TLS handshake did not complete within ${seconds(ms)}` : `no connection to ${where} within ${seconds(ms)} (a firewall dropping port ${where.slice(where.lastIndexOf(':') + 1)}?)`))),
      ms,
    );
    s.once(event, ok);
    s.once('error', bad);
    s.once('close', closed);
  });
}

function tlsFacts(t: TLSSocket, result: ProbeResult, trustStore: string, host: string, options: ProbeOptions): void {
  result.tls = true;
  result.protocol = t.getProtocol() ?? undefined;
  result.cipher = t.getCipher().name;
  const kx = t.getEphemeralKeyInfo();
  if (kx && 'name' in kx && kx.name) result.keyExchange = kx.name;
  else if (kx && 'type' in kx && kx.type) result.keyExchange = kx.type;
  const now = options.now ?? new Date();
  const raws = peerChain(t);
  result.chain = raws.map((r, i) => certInfo(r, raws[i + 1], now));
  result.trustStore = trustStore;
  if (raws.length) {
    result.verified = t.authorized;
    if (!t.authorized) {
      const code = String(t.authorizationError ?? 'unknown');
      result.verifyError = VERIFY_ERRORS[code] ?? code.toLowerCase().replace(/_/g, ' ');
    }
    const leaf = t.getPeerCertificate();
    const problem = checkServerIdentity(host.replace(/\.$/, ''), leaf);
    result.nameMatches = !problem;
    if (problem) {
      const leafInfo = result.chain[0];
      const names = leafInfo?.subjectAltName ? `its names are ${leafInfo.subjectAltName}` : `it names only ${leafInfo?.subject || 'no subject'}`;
      result.nameError = `the certificate is not for ${host}: ${names}`;
    }
    // As Postfix's SMTP client logs it at the "verify"/"secure" levels (and posttls-finger -l secure).
    result.trust = !t.authorized ? 'Untrusted' : result.nameMatches ? 'Verified' : 'Trusted';
  } else {
    result.trust = 'Anonymous';
    result.notes.push('the server presented no certificate (an anonymous cipher)');
  }
  if (options.configured?.length) result.configured = compareConfigured(readConfiguredCertificates(options.configured), result.chain[0]?.fingerprint256);
}
