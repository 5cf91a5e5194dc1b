// Malformed and hostile input to the real language server process (node dist/server.js --stdio):
// requests before initialize, positions past the end and of the wrong type, unknown URIs, changes to
// documents that are not open, a 10 MB document, rapid edits with $/cancelRequest, bytes on stdin
// that are not JSON-RPC, and documents that must not see each other. The server must answer with
// results or errors, never die, and answer a hover correctly afterwards.
import * as assert from 'node:assert/strict';
import {
  CancellationTokenSource,
  CodeActionRequest,
  CompletionItem,
  CompletionList,
  CompletionRequest,
  DidChangeConfigurationNotification,
  ErrorCodes,
  Hover,
  HoverRequest,
  LSPErrorCodes,
  MarkupContent,
  Position,
  PublishDiagnosticsParams,
  Range,
  ResponseError,
} from 'vscode-languageserver-protocol/node';
import { LspClient, withTimeout } from './lspClient';

const HEALTH_URI = 'file:///tmp/hostile-health/main.cf';
const HEALTH_TEXT = 'myhostname = mail.example.com\nmyorigin = $myhostname\n';

type Outcome<T> = { result: T } | { error: unknown };

async function outcome<T>(p: Promise<T>): Promise<Outcome<T>> {
  return p.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
}

function errorCode(o: Outcome<unknown>): number | undefined {
  return 'error' in o && o.error instanceof ResponseError ? o.error.code : undefined;
}

function items(r: CompletionList | CompletionItem[] | null): CompletionItem[] {
  return r ? (Array.isArray(r) ? r : r.items) : [];
}

function markdown(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  return (h.contents as MarkupContent).value;
}

function range(l1: number, c1: number, l2: number, c2: number): Range {
  return { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } };
}

/** Every range inside the document (its text, or its lines already split; lines and columns of the client's copy). */
function assertInside(text: string | string[], r: Range, what: string): void {
  const lines = typeof text === 'string' ? text.split(/\r\n|\r|\n/) : text;
  for (const p of [r.start, r.end]) {
    assert.ok(p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length, `${what}: ${JSON.stringify(r)} outside the document (${lines.length} lines)`);
  }
}

/** The server is alive and in step: a hover on a small document answers with the right text. */
async function assertHealthy(client: LspClient): Promise<void> {
  assert.ok(client.alive, `server died: ${client.stderrText}`);
  if (!client.documents.has(HEALTH_URI)) await client.open(HEALTH_URI, 'postfix-main', HEALTH_TEXT);
  const hover = await withTimeout(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: HEALTH_URI }, position: Position.create(1, 14) }), 10_000, 'health hover');
  assert.match(markdown(hover), /mail\.example\.com/);
}

function frame(body: string | Buffer): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`, 'ascii'), b]);
}

describe('hostile input to the language server over stdio', function () {
  this.timeout(120_000);

  describe('before initialize', () => {
    let client: LspClient;
    after(async () => client?.dispose());

    it('answers requests with ServerNotInitialized, drops notifications, then works normally', async () => {
      client = new LspClient('stdio');
      const early = await outcome(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: HEALTH_URI }, position: Position.create(0, 0) }));
      assert.equal(errorCode(early), ErrorCodes.ServerNotInitialized, JSON.stringify(early));
      const early2 = await outcome(client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: HEALTH_URI }, position: Position.create(0, 0) }));
      assert.equal(errorCode(early2), ErrorCodes.ServerNotInitialized);
      // A didOpen before initialize is dropped: the document is not known afterwards.
      const uri = 'file:///tmp/hostile-early/main.cf';
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'postfix-main', version: 1, text: 'myhostname = early.example\n' } });
      await client.initialize();
      assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: Position.create(0, 2) }), null);
      assert.ok(!client.published.some((p) => p.uri === uri), 'no diagnostics for a document opened before initialize');
      await assertHealthy(client);
    });
  });

  describe('after initialize', () => {
    let client: LspClient;
    before(async () => {
      client = new LspClient('stdio');
      await client.initialize();
    });
    after(async () => client?.dispose());

    it('answers positions past the end with results inside the document, and refuses malformed positions', async () => {
      const uri = 'file:///tmp/hostile-pos/main.cf';
      const text = 'smtpd_tls_security_level = may\nsmtpd_tls_sec\nmyorigin = $myhostname';
      await client.open(uri, 'postfix-main', text);
      await client.diagnostics(uri);
      const textDocument = { uri };
      for (const position of [Position.create(1000, 0), Position.create(2, 1000), Position.create(0, 99999), Position.create(1, 13), Position.create(3, 0)]) {
        const h = await client.connection.sendRequest(HoverRequest.type, { textDocument, position });
        if (h?.range) assertInside(text, h.range, `hover at ${JSON.stringify(position)}`);
        const list = items(await client.connection.sendRequest(CompletionRequest.type, { textDocument, position }));
        for (const i of list) if (i.textEdit && 'range' in i.textEdit) assertInside(text, i.textEdit.range, `completion ${i.label} at ${JSON.stringify(position)}`);
        const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument, range: { start: position, end: Position.create(position.line + 5, 0) }, context: { diagnostics: [] } });
        for (const a of actions ?? []) for (const e of ('edit' in a ? a.edit?.changes?.[uri] : undefined) ?? []) assertInside(text, e.range, `code action ${a.title}`);
      }
      // A line past the end offers nothing to complete (an edit there would be outside the document).
      assert.deepEqual(items(await client.connection.sendRequest(CompletionRequest.type, { textDocument, position: Position.create(1000, 0) })), []);
      // Not positions at all: InvalidParams, not a crash and not a guess.
      for (const position of [{ line: -1, character: 0 }, { line: 0.5, character: 0 }, { line: '1', character: 0 }, { line: 0 }, null]) {
        const o = await outcome(client.connection.sendRequest(HoverRequest.type, { textDocument, position } as never));
        assert.equal(errorCode(o), ErrorCodes.InvalidParams, `hover at ${JSON.stringify(position)}: ${JSON.stringify(o)}`);
      }
      const noUri = await outcome(client.connection.sendRequest(HoverRequest.type, { textDocument: {}, position: Position.create(0, 0) } as never));
      assert.equal(errorCode(noUri), ErrorCodes.InvalidParams);
      await assertHealthy(client);
    });

    it('answers requests about unknown URIs with null, and ignores changes and closes of documents that are not open', async () => {
      const uri = 'file:///tmp/hostile-unknown/main.cf';
      const textDocument = { uri };
      assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument, position: Position.create(0, 0) }), null);
      assert.equal(await client.connection.sendRequest(CompletionRequest.type, { textDocument, position: Position.create(0, 0) }), null);
      assert.equal(await client.connection.sendRequest(CodeActionRequest.type, { textDocument, range: range(0, 0, 0, 0), context: { diagnostics: [] } }), null);
      for (const weird of ['', 'not a uri', 'untitled:Untitled-9', 'file:///', `file:///${'x'.repeat(10_000)}/main.cf`, 'file:///tmp/%E0%A4%A/main.cf']) {
        assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: weird }, position: Position.create(0, 0) }), null);
      }
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: range(0, 0, 0, 0), text: 'bogus = 1\n' }] });
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      // Opened later, the document is exactly what didOpen says: the earlier change left nothing behind.
      await client.open(uri, 'postfix-main', 'myhostname = late.example\n');
      const p = await client.diagnostics(uri);
      assert.ok(!p.diagnostics.some((d) => d.message.includes('bogus')), JSON.stringify(p.diagnostics));
      await assertHealthy(client);
    });

    it('drops malformed didOpen and didChange notifications and keeps the document intact', async () => {
      const uri = 'file:///tmp/hostile-changes/main.cf';
      await client.open(uri, 'postfix-main', 'typo_one = 1\n');
      await client.diagnostics(uri);
      for (const bad of [
        { textDocument: { uri, version: 2 }, contentChanges: [{ range: range(0.5 as number, 0, 0, 3), text: 'zzz' }] },
        { textDocument: { uri, version: 2 }, contentChanges: [{ range: range(-1, 0, 0, 3), text: 'zzz' }] },
        { textDocument: { uri, version: 2 }, contentChanges: [{ range: range(0, 0, 0, 3) }] },
        { textDocument: { uri, version: 2 }, contentChanges: 'zzz' },
        { textDocument: { uri }, contentChanges: [{ text: 'zzz = 1\n' }] },
        { textDocument: { uri, version: 2 }, contentChanges: [{ text: 7 }] },
      ]) {
        await client.connection.sendNotification('textDocument/didChange', bad);
      }
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///tmp/hostile-changes/master.cf', languageId: 'postfix-master', version: 1, text: null } });
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///tmp/hostile-changes/x.cf', version: 1, text: 'a = 1' } });
      // A well-formed change lands on the intact document.
      const doc = await client.change(uri, range(0, 5, 0, 8), 'two');
      assert.equal(doc.getText(), 'typo_two = 1\n');
      const p = await client.diagnostics(uri);
      const unknown = p.diagnostics.filter((d) => d.code === 'unknown-parameter');
      assert.equal(unknown.length, 1, JSON.stringify(p.diagnostics));
      assert.match(unknown[0].message, /"typo_two"/);
      assert.deepEqual(unknown[0].range, range(0, 0, 0, 8));
      await assertHealthy(client);
    });

    it('validates a 10 MB document and stays responsive', async () => {
      // About 200 000 lines: lists of 1 000 continuation lines each, with comments among them, all
      // used by relay_domains at the end, and one invalid value on the last line.
      const lines: string[] = [];
      const lists: string[] = [];
      let size = 0;
      for (let k = 0; size < 10 * 1024 * 1024; k++) {
        let line: string;
        if (k % 1000 === 0) {
          lists.push(`site_list_${k / 1000}`);
          line = `site_list_${k / 1000} =`;
        } else if (k % 7 === 0) line = `# comment ${k} ${'-'.repeat(30)}`;
        else line = `    host-${k}.example.com, mail-${k}.$mydomain,`;
        lines.push(line);
        size += line.length + 1;
      }
      lines.push(`relay_domains = ${lists.map((l) => `$${l}`).join(', ')}`);
      lines.push('disable_vrfy_command = maybe');
      const text = `${lines.join('\n')}\n`;
      const uri = 'file:///tmp/hostile-huge/main.cf';
      const t = Date.now();
      await client.open(uri, 'postfix-main', text);
      const p = await client.diagnostics(uri, (d) => d.version === 1, 90_000);
      const ms = Date.now() - t;
      assert.ok(p.diagnostics.some((d) => d.code === 'invalid-value' && d.range.start.line === lines.length - 1), `the invalid value on the last line is found: ${JSON.stringify(p.diagnostics.slice(0, 20))}`);
      const docLines = text.split('\n');
      for (const d of p.diagnostics) assertInside(docLines, d.range, `${d.code}`);
      // Requests on it and on other documents are answered.
      const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: Position.create(lines.length - 1, 3) });
      assert.match(markdown(h), /disable_vrfy_command/);
      const t2 = Date.now();
      await assertHealthy(client);
      const healthMs = Date.now() - t2;
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      client.documents.delete(uri);
      console.log(`      10 MB document (${lines.length.toLocaleString('en')} lines): ${p.diagnostics.length} diagnostics after ${ms} ms; a hover elsewhere then took ${healthMs} ms`);
    });

    it('keeps up with rapid edits whose hovers are cancelled, and ends with the diagnostics of the last version', async () => {
      const uri = 'file:///tmp/hostile-rapid/main.cf';
      const base = Array.from({ length: 2000 }, (_, k) => (k % 2 ? `site_${k} = $site_${k - 1}` : `# line ${k}`)).join('\n');
      // Some 2000 findings, and the one looked for is the last: above the default cap of 1000.
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { postfix: { maxDiagnostics: 5000 } } });
      await client.open(uri, 'postfix-main', `${base}\nlast_name = 1\n`);
      await client.diagnostics(uri);
      const pending: Array<Promise<Outcome<Hover | null>>> = [];
      const edits = 60;
      for (let k = 0; k < edits; k++) {
        // Rename last_name one character at a time: last_nameX, then back, ...
        const line = 2000;
        const doc = client.documents.get(uri)!;
        const current = doc.getText().split('\n')[line];
        const end = current.indexOf(' =');
        await client.change(uri, range(line, end, line, end), String.fromCharCode(97 + (k % 26)));
        const source = new CancellationTokenSource();
        pending.push(outcome(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: Position.create(line, 1) }, source.token)));
        if (k % 2 === 0) source.cancel();
      }
      const settled = await withTimeout(Promise.all(pending), 30_000, 'every hover answered');
      for (const o of settled) {
        if ('error' in o) assert.equal(errorCode(o), LSPErrorCodes.RequestCancelled, `a hover failed otherwise: ${String(o.error)}`);
      }
      const final = client.documents.get(uri)!;
      const p = await client.diagnostics(uri, (d) => d.version === final.version, 10_000);
      const lastName = final.getText().split('\n')[2000].split(' ')[0];
      assert.ok(p.diagnostics.some((d) => d.code === 'unknown-parameter' && d.message.includes(`"${lastName}"`)), `diagnostics of the last version (${lastName}): ${JSON.stringify(p.diagnostics.map((d) => d.message))}`);
      // No diagnostics of an older version come after those of the last one.
      const mine = client.published.filter((x) => x.uri === uri);
      assert.equal(mine[mine.length - 1].version, final.version);
      await assertHealthy(client);
    });

    it('skips bytes on stdin that are not JSON-RPC and answers the next message', async () => {
      const stdin = client.proc.stdin!;
      const write = (b: string | Buffer) => new Promise<void>((resolve, reject) => stdin.write(b, (e) => (e ? reject(e) : resolve())));
      const junk: Array<[string, string | Buffer]> = [
        ['a body that is not JSON', frame('{this is not json')],
        ['a JSON array', frame('[1, 2, 3]')],
        ['JSON null', frame('null')],
        ['a message without a method', frame('{"jsonrpc":"2.0","id":77}')],
        ['a request with an unknown method', frame('{"jsonrpc":"2.0","id":78,"method":"postfix/noSuchMethod","params":{}}')],
        ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
        ['a negative Content-Length', 'Content-Length: -10\r\n\r\n{}'],
        ['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'],
        ['a Content-Length far too large', 'Content-Length: 99999999999999\r\n\r\n{}'],
        ['a Content-Length too short for its body', 'Content-Length: 5\r\n\r\n{"jsonrpc":"2.0","method":"initialized","params":{}}'],
        ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x0d, 0x0a, 0x0d, 0x0a, 0x80, 0x81])],
        ['a line without a header end', `${'x'.repeat(20_000)}\r\n`],
      ];
      for (const [what, bytes] of junk) {
        await write(bytes);
        await assertHealthy(client).catch((e: Error) => {
          throw new Error(`after ${what}: ${e.message}`);
        });
      }
    });

    it('never shows one document anything of another', async () => {
      const docs = [
        { uri: 'file:///tmp/leak-alpha/main.cf', lang: 'postfix-main', text: 'alphaonly_param = $crossdoc_ref\nsmtpd_tls_security_level = none\n', token: 'alphaonly' },
        { uri: 'file:///tmp/leak-bravo/main.cf', lang: 'postfix-main', text: 'bravoonly_param = 1\ncrossdoc_ref = x\nmyorigin = $bravoonly_param\n', token: 'bravoonly' },
        // Two untitled documents share no directory: the master.cf one must not read the main.cf one.
        { uri: 'untitled:Untitled-1', lang: 'postfix-main', text: 'charlieonly_param = 1\nuntitled_shared = x\nsmtpd_tls_security_level = may\n', token: 'charlieonly' },
        { uri: 'untitled:Untitled-2', lang: 'postfix-master', text: 'deltaonly inet n - y - - smtpd\n  -o smtpd_tls_security_level=none\n  -o deltaonly_override=$untitled_shared\n', token: 'deltaonly' },
      ];
      for (const d of docs) {
        await client.open(d.uri, d.lang, d.text);
        await client.diagnostics(d.uri);
      }
      // Give the re-validations that an open triggers time to arrive, then look at everything published.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const published: PublishDiagnosticsParams[] = client.published.filter((p) => docs.some((d) => d.uri === p.uri));
      assert.ok(published.length >= docs.length);
      for (const p of published) {
        const own = docs.find((d) => d.uri === p.uri)!;
        const text = JSON.stringify(p.diagnostics);
        for (const other of docs) if (other !== own) assert.ok(!text.includes(other.token), `diagnostics of ${own.uri} mention ${other.token} (from ${other.uri}): ${text}`);
      }
      // alpha's $crossdoc_ref is defined only in bravo: it stays undefined for alpha.
      const alpha = published.find((p) => p.uri === docs[0].uri)!;
      assert.ok(alpha.diagnostics.some((d) => d.code === 'undefined-reference' && d.message.includes('$crossdoc_ref')), JSON.stringify(alpha.diagnostics));
      const hover = markdown(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: docs[0].uri }, position: Position.create(0, 22) }));
      assert.ok(!hover.includes('main.cf line 2'), `alpha's hover of $crossdoc_ref resolves it from bravo: ${hover}`);
      // Likewise $untitled_shared of the untitled master.cf.
      const delta = client.published.filter((p) => p.uri === docs[3].uri);
      assert.ok(delta.length && delta.every((p) => p.diagnostics.some((d) => d.code === 'undefined-reference' && d.message.includes('$untitled_shared'))), JSON.stringify(delta));
      const deltaHover = markdown(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: docs[3].uri }, position: Position.create(2, 26) }));
      assert.ok(!deltaHover.includes('main.cf line'), `the untitled master.cf resolves $untitled_shared from the untitled main.cf: ${deltaHover}`);
      await assertHealthy(client);
    });

    it('is still up and answers shutdown and exit', async () => {
      await assertHealthy(client);
      assert.equal(await client.shutdownAndExit(), 0);
    });
  });
});
