/**
 * `postfix-lint --maillog FILE... [--format text|json]`: the TLS report of mail logs (issue 12).
 * The files are read as one log in the order given (as `cat` would join them: give rotated files
 * oldest first), in chunks, so memory does not grow with the log; `-` is standard input, and gzip
 * data (a rotated `.gz` file, or piped in) is decompressed on the way.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { once } from 'node:events';
import { writeErr, writeOut } from './cliOutput';
import type { Readable } from 'node:stream';
import { TlsReportBuilder, TlsReportDetails } from './service/maillog/tlsReport';

export const MAILLOG_USAGE = `       postfix-lint --maillog FILE... [--format text|json]
--maillog      the TLS report of Postfix mail logs (syslog, journalctl or maillog_file format;
               FILE - is standard input; gzip data is decompressed): inbound smtpd sessions and
               outbound smtp/lmtp deliveries with their TLS share, protocols, trust levels, the
               peers mail went to in clear text, and TLS failures. json: the shape in the README.`;

/** Read size: the parser copies nothing out of a chunk except what it remembers, so the buffer is reused. */
const CHUNK = 1024 * 1024;

/** gzip's magic number: logrotate's `.gz` files, `zcat`-less pipes. */
const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

const asBuffer = (c: unknown): Buffer => (typeof c === 'string' ? Buffer.from(c, 'utf8') : (c as Buffer));

/** The chunks of a stream, decompressed when it starts like gzip. */
async function* bytesOf(src: Readable): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const head = asBuffer(first.value);
  if (!isGzip(head)) {
    yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield asBuffer(r.value);
    return;
  }
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  const pump = (async () => {
    gunzip.write(head);
    for (let r = await it.next(); !r.done; r = await it.next()) if (!gunzip.write(asBuffer(r.value))) await once(gunzip, 'drain');
    gunzip.end();
  })().catch((e: Error) => gunzip.destroy(e));
  for await (const c of gunzip) yield asBuffer(c);
  await pump;
}

function describe(file: string, e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const name = file === '-' ? 'standard input' : file;
  if (err.code === 'ENOENT') return `${name}: no such file`;
  if (err.code === 'EACCES' || err.code === 'EPERM') return `${name}: permission denied`;
  if (err.code === 'EISDIR') return `${name}: is a directory`;
  if (err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR' || err.code === 'Z_NEED_DICT') return `${name}: not a valid gzip file (${err.message})`;
  return `${name}: ${err.message ?? String(e)}`;
}

/**
 * Feeds every file to the builder, in order; gzip data (by its magic number, whatever the name)
 * is decompressed. Throws a message naming the file that failed.
 */
export async function readLogs(files: string[], builder: TlsReportBuilder): Promise<void> {
  const buf = Buffer.allocUnsafe(CHUNK);
  for (const file of files) {
    let last = 10;
    const feed = (b: Buffer) => {
      if (b.length === 0) return;
      builder.feed(b);
      last = b[b.length - 1];
    };
    try {
      if (file === '-') {
        for await (const chunk of bytesOf(process.stdin)) feed(chunk);
      } else {
        // A plain file is read synchronously: no stream machinery between the disk and the parser.
        const fd = openSync(file, 'r');
        let gzip = false;
        try {
          for (let n, first = true; (n = readSync(fd, buf, 0, CHUNK, null)) > 0; first = false) {
            if (first && isGzip(buf.subarray(0, n))) {
              gzip = true;
              break;
            }
            feed(buf.subarray(0, n));
          }
        } finally {
          closeSync(fd);
        }
        if (gzip) for await (const chunk of bytesOf(createReadStream(file, { highWaterMark: 64 * 1024 }))) feed(chunk);
      }
    } catch (e) {
      throw new Error(describe(file, e));
    }
    // A file that does not end in a newline still ends its last line.
    if (last !== 10) builder.feed('\n');
  }
}

const pct = (n: number, of: number) => (of === 0 ? '-' : `${((100 * n) / of).toFixed(1)}%`);

function counts(r: Record<string, number>, of: number): string {
  const e = Object.entries(r);
  return e.length ? e.map(([k, v]) => `${k} ${v} (${pct(v, of)})`).join(', ') : '-';
}

/** The readable report: shares first, then who got mail in clear text, then what failed and where. */
export function reportText(d: TlsReportDetails, topPeers = 10, topFailures = 20): string {
  const { inbound, outbound, failures } = d.report;
  const out: string[] = [];
  out.push(`TLS report of ${d.lines} log lines${d.complete ? '' : ' (stopped early: incomplete)'}`);
  out.push('');
  out.push(`Inbound: ${inbound.sessions} smtpd sessions, ${inbound.tls} with TLS (${pct(inbound.tls, inbound.sessions)})`);
  out.push(`  protocols: ${counts(inbound.protocols, inbound.tls)}`);
  out.push(`  trust:     ${counts(inbound.trust, inbound.tls)}`);
  if (d.postscreen.connections) {
    const alone = Math.max(0, d.postscreen.connections - d.postscreen.passed);
    out.push(`  postscreen: ${d.postscreen.connections} connections, ${alone} ended in postscreen (not counted above)`);
  }
  out.push('');
  out.push(`Outbound: ${outbound.deliveries} smtp/lmtp deliveries, ${outbound.tls} over TLS (${pct(outbound.tls, outbound.deliveries)})`);
  out.push(`  protocols: ${counts(outbound.protocols, outbound.tls)}`);
  out.push(`  trust:     ${counts(outbound.trust, outbound.tls)}`);
  if (outbound.cleartextPeers.length) {
    out.push(`  in clear text to (${outbound.cleartextPeers.length} peer${outbound.cleartextPeers.length === 1 ? '' : 's'}${outbound.cleartextPeers.length > topPeers ? `, top ${topPeers}` : ''}):`);
    const shown = outbound.cleartextPeers.slice(0, topPeers);
    const width = String(shown[0]?.deliveries ?? 0).length;
    for (const p of shown) out.push(`    ${String(p.deliveries).padStart(width)}  ${p.peer}`);
  }
  out.push('');
  out.push(`TLS failures: ${d.failureCount}${d.failureCount ? `: ${Object.entries(d.failureKinds).map(([k, v]) => `${k} ${v}`).join(', ')}` : ''}`);
  for (const f of failures.slice(0, topFailures)) out.push(`  line ${f.line}: ${f.kind}${f.peer ? ` (${f.peer})` : ''}`);
  if (d.failureCount > Math.min(failures.length, topFailures)) out.push(`  … ${d.failureCount - Math.min(failures.length, topFailures)} more${failures.length > topFailures ? ' (--format json lists the first ' + failures.length + ')' : ''}`);
  return `${out.join('\n')}\n`;
}

/** Runs `--maillog`: returns the exit status (0 report printed, 2 usage error or unreadable input). */
export async function maillogMain(argv: string[], usage: string): Promise<number> {
  let format: 'text' | 'json' = 'text';
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--maillog') continue;
    if (a === '--format' || a.startsWith('--format=')) {
      const f = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (f !== 'text' && f !== 'json') {
        writeErr(`postfix-lint: --maillog prints text or json, not "${f ?? ''}"\n${usage}\n`);
        return 2;
      }
      format = f;
    } else if (a.startsWith('-') && a !== '-') {
      writeErr(`postfix-lint: ${a} does not go with --maillog\n${usage}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    writeErr(`postfix-lint: --maillog needs a FILE (or - for standard input)\n${usage}\n`);
    return 2;
  }
  const builder = new TlsReportBuilder();
  try {
    await readLogs(files, builder);
  } catch (e) {
    writeErr(`postfix-lint: ${(e as Error).message}\n`);
    return 2;
  }
  const d = builder.finish();
  writeOut(format === 'json' ? `${JSON.stringify(d.report, null, 2)}\n` : reportText(d));
  return 0;
}
