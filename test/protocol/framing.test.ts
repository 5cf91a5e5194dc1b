// The stdin re-framer of the language server (server/src/stdioFraming.ts) on its own: well-formed
// messages pass unchanged however the bytes are cut into chunks; a malformed header is reported and
// skipped up to the next Content-Length, so the messages after it still arrive.
import * as assert from 'node:assert/strict';
import { MAX_BODY_BYTES, StdioFraming } from '../../server/src/stdioFraming';

function frame(body: string): Buffer {
  const b = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`, 'ascii'), b]);
}

/** Feeds the bytes in chunks of the given sizes (cycling), returns the bodies that come out and the problems reported. */
async function run(input: Buffer, chunkSizes: number[] = [input.length]): Promise<{ bodies: string[]; problems: string[] }> {
  const problems: string[] = [];
  const framing = new StdioFraming((p) => problems.push(p));
  const out: Buffer[] = [];
  framing.on('data', (b: Buffer) => out.push(b));
  const ended = new Promise((resolve) => framing.on('end', resolve));
  for (let at = 0, k = 0; at < input.length; k++) {
    const size = Math.max(1, chunkSizes[k % chunkSizes.length]);
    framing.write(input.subarray(at, at + size));
    at += size;
  }
  framing.end();
  await ended;
  const all = Buffer.concat(out);
  const bodies: string[] = [];
  for (let at = 0; at < all.length; ) {
    const end = all.indexOf('\r\n\r\n', at);
    const m = /^Content-Length: (\d+)$/.exec(all.subarray(at, end).toString('ascii'));
    assert.ok(m, `output is not re-framed: ${JSON.stringify(all.subarray(at, at + 80).toString())}`);
    bodies.push(all.subarray(end + 4, end + 4 + Number(m[1])).toString('utf8'));
    at = end + 4 + Number(m[1]);
  }
  return { bodies, problems };
}

describe('stdio framing (server/src/stdioFraming.ts)', () => {
  const messages = ['{"jsonrpc":"2.0","id":1,"method":"a"}', '{"jsonrpc":"2.0","method":"b","params":{"text":"ünïcödé ✓ \\r\\n"}}', '{"jsonrpc":"2.0","id":2,"method":"c","params":{}}'];
  const wellFormed = Buffer.concat(messages.map(frame));

  it('passes well-formed messages unchanged, whatever the chunking', async () => {
    for (const sizes of [[wellFormed.length], [1], [2, 3, 5], [7], [64, 1]]) {
      const { bodies, problems } = await run(wellFormed, sizes);
      assert.deepEqual(bodies, messages, `chunks ${JSON.stringify(sizes)}`);
      assert.deepEqual(problems, []);
    }
  });

  it('keeps other headers out and reads the Content-Length case-insensitively', async () => {
    const body = '{"jsonrpc":"2.0","id":3,"method":"d"}';
    const input = Buffer.from(`content-type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
    assert.deepEqual((await run(input, [3])).bodies, [body]);
  });

  it('skips a malformed header to the next Content-Length and reports it', async () => {
    const cases: Array<[string, string | Buffer]> = [
      ['non-numeric length', 'Content-Length: abc\r\n\r\n{}'],
      ['negative length', 'Content-Length: -1\r\n\r\n{}'],
      ['missing length', 'X-Other: 1\r\n\r\n{}'],
      ['length over the limit', `Content-Length: ${MAX_BODY_BYTES + 1}\r\n\r\n{}`],
      ['garbage bytes', Buffer.from([0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a])],
      ['a short length', 'Content-Length: 3\r\n\r\n{"jsonrpc":"2.0"}'],
      ['a very long line', 'y'.repeat(50_000)],
    ];
    for (const [what, junk] of cases) {
      const input = Buffer.concat([frame(messages[0]), Buffer.from(junk), frame(messages[1]), frame(messages[2])]);
      for (const sizes of [[input.length], [1], [1000]]) {
        const { bodies, problems } = await run(input, sizes);
        // A short length lets its first bytes through as a (non-JSON) body: the JSON-RPC reader reports those.
        assert.deepEqual(bodies.filter((b) => b.startsWith('{"jsonrpc":"2.0",')), messages, `${what}, chunks ${sizes}`);
        assert.ok(problems.length >= 1 && problems.every((p) => /malformed message header/.test(p)), `${what}: ${JSON.stringify(problems)}`);
      }
    }
  });

  it('joins a large body from many chunks without copying it over and over', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'big', params: { text: 'x'.repeat(8 * 1024 * 1024) } });
    const t = Date.now();
    const { bodies } = await run(frame(body), [65_536]);
    assert.equal(bodies[0].length, body.length);
    assert.ok(Date.now() - t < 5_000, `8 MB in 64 KiB chunks took ${Date.now() - t} ms`);
  });
});
