import { Transform, TransformCallback } from 'node:stream';

/** Larger bodies are refused rather than buffered (a 10 MB document is about 10 MB of JSON). */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;
/** A header block is a line or two; this much without the blank line that ends it is not a header. */
const MAX_HEADER_BYTES = 8 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
const HEADER_LINE = /^[A-Za-z0-9-]+:[ \t]*[^\r\n]*$/;

/**
 * Re-frames the stdin byte stream of the base protocol (`Content-Length: N` header, blank line,
 * N bytes of body) before vscode-jsonrpc reads it. Well-formed messages pass unchanged. A
 * malformed header (no or a non-numeric Content-Length, a length over MAX_BODY_BYTES, bytes that
 * are no header at all) would leave vscode-jsonrpc's reader out of step for good, deaf to every
 * later message: here it is reported and skipped up to the next `Content-Length:`, so the next
 * well-formed message is read again. A body that is not JSON passes through; vscode-jsonrpc
 * reports it and goes on.
 */
export class StdioFraming extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  /** Chunks of a body still arriving, not yet joined to `buffer` (joining each would be quadratic). */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  /** Length of the body being read, after its header. */
  private need: number | undefined;

  constructor(private readonly report: (problem: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.need !== undefined && this.buffer.length + this.waitingBytes + chunk.length < this.need) {
      this.waiting.push(chunk);
      this.waitingBytes += chunk.length;
      done();
      return;
    }
    this.buffer = this.buffer.length || this.waiting.length ? Buffer.concat([this.buffer, ...this.waiting, chunk]) : chunk;
    this.waiting = [];
    this.waitingBytes = 0;
    try {
      this.drain();
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  private drain(): void {
    for (;;) {
      if (this.need === undefined) {
        const end = this.buffer.indexOf(HEADER_END);
        if (end < 0) {
          if (this.buffer.length > MAX_HEADER_BYTES) this.skip(`no header end in ${this.buffer.length} bytes`);
          return;
        }
        const length = this.contentLength(this.buffer.subarray(0, end).toString('latin1'));
        if (typeof length === 'string') {
          this.skip(length);
          continue;
        }
        this.buffer = this.buffer.subarray(end + HEADER_END.length);
        this.need = length;
      }
      if (this.buffer.length < this.need) return;
      const body = this.buffer.subarray(0, this.need);
      this.buffer = this.buffer.subarray(this.need);
      this.need = undefined;
      this.push(Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'));
      this.push(body);
    }
  }

  /** The Content-Length of a header block, or what is wrong with it. */
  private contentLength(header: string): number | string {
    let length: number | string = 'no Content-Length header';
    for (const line of header.split('\r\n')) {
      if (!HEADER_LINE.test(line)) return `not a header line: ${JSON.stringify(line.slice(0, 80))}`;
      const colon = line.indexOf(':');
      if (line.slice(0, colon).toLowerCase() !== 'content-length') continue;
      const value = line.slice(colon + 1).trim();
      if (!/^\d+$/.test(value)) return `Content-Length is not a number: ${JSON.stringify(value.slice(0, 40))}`;
      const n = Number(value);
      if (n > MAX_BODY_BYTES) return `Content-Length ${value} is over the limit of ${MAX_BODY_BYTES} bytes`;
      length = n;
    }
    return length;
  }

  /** Reports a framing problem and drops input up to the next `Content-Length:` after the start. */
  private skip(problem: string): void {
    this.report(`postfix: malformed message header on stdin (${problem}): skipped to the next Content-Length header`);
    const text = this.buffer.toString('latin1').toLowerCase();
    const next = text.indexOf('content-length:', 1);
    // Keep a tail that may be the start of a header still arriving.
    this.buffer = next >= 0 ? this.buffer.subarray(next) : this.buffer.subarray(Math.max(1, this.buffer.length - 'content-length:'.length));
  }
}
