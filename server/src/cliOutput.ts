import { writeSync } from 'node:fs';

// postfix-lint writes to file descriptors 1 and 2 directly. process.stdout and process.stderr are
// stream objects: touching them loads node:stream, and for a pipe or a terminal node:net as well,
// which cost a lint run (a pre-commit hook on every commit) several milliseconds of its start-up.
// Synchronous writes also keep the order of stdout and stderr and need no flush before exit.

/** Writes `text` to standard output. */
export function writeOut(text: string): void {
  write(1, text);
}

/** Writes `text` to standard error. */
export function writeErr(text: string): void {
  write(2, text);
}

const pause = new Int32Array(new SharedArrayBuffer(4));
/** Descriptors whose reader has gone: nothing more is written there. */
const closed = new Set<number>();

function write(fd: number, text: string): void {
  if (!text || closed.has(fd)) return;
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A non-blocking pipe that is full (a parent may hand one down): wait for the reader.
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 5);
      // `postfix-lint … | head`: the reader closed the pipe before everything was written. Not an
      // error of ours: stop writing there and end with the status of the run (1 when it found an
      // error), quietly, instead of an EPIPE stack trace.
      else if (code === 'EPIPE') {
        closed.add(fd);
        return;
      } else throw e;
    }
  }
}
