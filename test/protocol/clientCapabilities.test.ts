// LSP 3.17 conformance by client capability (issue 13, "Protocol"): what a client that is not
// VS Code (eglot, lsp-mode, Neovim) says it cannot take, it does not get.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionRequest,
  Command,
  CompletionItem,
  CompletionList,
  CompletionRequest,
  CompletionResolveRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ErrorCodes,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  MarkupContent,
  Position,
  ReferencesRequest,
  RegistrationRequest,
  ResponseError,
  ShutdownRequest,
} from 'vscode-languageserver-protocol/node';
import { findProjectRoot, LspClient, withTimeout } from './lspClient';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The capabilities of eglot / lsp-mode: no snippets, plain text only, no code action literals, no codeDescription. */
const PLAIN: Parameters<LspClient['initialize']>[1] = {
  publishDiagnostics: { versionSupport: true },
  hover: { contentFormat: ['plaintext'] },
  completion: { completionItem: { snippetSupport: false, documentationFormat: ['plaintext'] } },
  codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
};

describe('client capabilities (LSP 3.17): a plain-text client without client commands', function () {
  this.timeout(30_000);
  let client: LspClient;
  const uri = 'file:///tmp/caps-plain/main.cf';

  before(async () => {
    client = new LspClient('stdio');
    await client.initialize(undefined, PLAIN);
    await client.open(uri, 'postfix-main', 'smtpd_tls_sec\nsmtpd_tls_security_level = may\nsite_flag = yes\nvirtual_alias_maps = \n');
    await client.diagnostics(uri);
  });
  after(async () => client?.dispose());

  it('item 1: completion without snippetSupport inserts plain text, no ${1:…} or $0', async () => {
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: Position.create(0, 13) })) as CompletionList;
    const level = list.items.find((i) => i.label === 'smtpd_tls_security_level');
    assert.ok(level?.textEdit, JSON.stringify(level));
    assert.ok(level.insertTextFormat === undefined || level.insertTextFormat === 1, `insertTextFormat ${level.insertTextFormat}`);
    assert.equal(level.textEdit.newText, 'smtpd_tls_security_level = ');
    for (const i of list.items) assert.ok(!/\$\{?\d/.test(i.textEdit?.newText ?? ''), `snippet syntax in ${JSON.stringify(i)}`);
  });

  it('item 2: hover and completion documentation in plain text for plaintext-only clients', async () => {
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: Position.create(1, 3) });
    const c = h?.contents as MarkupContent;
    assert.equal(c.kind, 'plaintext');
    assert.match(c.value, /smtpd_tls_security_level/);
    assert.ok(!/\*\*|`|\]\(/.test(c.value), c.value);
    assert.match(c.value, /\(https:\/\/www\.postfix\.org\/postconf\.5\.html#smtpd_tls_security_level\)/, 'links as "text (url)"');
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: Position.create(0, 13) })) as CompletionList;
    const level = list.items.find((i) => i.label === 'smtpd_tls_security_level')!;
    const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, level);
    const d = resolved.documentation as MarkupContent;
    assert.equal(d.kind, 'plaintext');
    assert.ok(!/\*\*/.test(d.value), d.value);
  });

  it('item 3: no client-only commands; "Mark as known parameter" becomes a suppression comment edit', async () => {
    const p = await client.diagnostics(uri);
    const unknown = p.diagnostics.find((d) => d.code === 'unknown-parameter' && d.range.start.line === 2);
    assert.ok(unknown, JSON.stringify(p.diagnostics));
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: unknown.range, context: { diagnostics: [unknown] } })) as CodeAction[];
    assert.ok(actions.every((a) => a.command === undefined), JSON.stringify(actions));
    const suppress = actions.find((a) => a.title.includes('disable-next-line'));
    assert.deepEqual(suppress?.edit?.changes?.[uri], [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '# postfix-lint disable-next-line unknown-parameter\n' }]);
    const tables = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: Position.create(3, 21) })) as CompletionList;
    const hash = tables.items.find((i: CompletionItem) => i.label === 'hash:');
    assert.ok(hash, JSON.stringify(tables.items.map((i) => i.label)));
    assert.equal(hash.command, undefined);
  });

  it('item 9: no codeDescription without codeDescriptionSupport', async () => {
    const p = await client.diagnostics(uri);
    assert.ok(p.diagnostics.length > 0);
    assert.ok(p.diagnostics.every((d) => d.codeDescription === undefined), JSON.stringify(p.diagnostics[0]));
  });
});

describe('client capabilities: the VS Code client declares its commands', function () {
  this.timeout(30_000);
  let client: LspClient;
  const uri = 'file:///tmp/caps-vscode/main.cf';
  before(async () => {
    client = new LspClient('stdio');
    await client.initialize(undefined, undefined, { clientCommands: ['postfix.addKnownParameter', 'editor.action.triggerSuggest'] });
    await client.open(uri, 'postfix-main', 'site_flag = yes\nvirtual_alias_maps = \n');
  });
  after(async () => client?.dispose());

  it('item 3: gets postfix.addKnownParameter and editor.action.triggerSuggest; snippets and codeDescription stay', async () => {
    const p = await client.diagnostics(uri);
    const unknown = p.diagnostics.find((d) => d.code === 'unknown-parameter')!;
    assert.ok(unknown.codeDescription?.href, 'codeDescription with codeDescriptionSupport');
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: unknown.range, context: { diagnostics: [unknown] } })) as CodeAction[];
    assert.ok(actions.some((a) => a.command?.command === 'postfix.addKnownParameter'), JSON.stringify(actions));
    const tables = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: Position.create(1, 21) })) as CompletionList;
    assert.equal(tables.items.find((i) => i.label === 'hash:')?.command?.command, 'editor.action.triggerSuggest');
  });
});

describe('codeDescription: each rule links to its row of the README rule table', function () {
  this.timeout(30_000);
  let client: LspClient;
  const uri = 'file:///tmp/caps-codedesc/main.cf';
  before(async () => {
    client = new LspClient('stdio');
    await client.initialize();
    await client.open(uri, 'postfix-main', 'site_flag = yes\nsmtpd_use_tls = yes\n');
  });
  after(async () => client?.dispose());

  it('item 9: codeDescription.href is README.md#rule-<id>, an anchor the README has', async () => {
    const p = await client.diagnostics(uri);
    const readme = fs.readFileSync(path.join(findProjectRoot(), 'README.md'), 'utf8');
    assert.ok(p.diagnostics.length >= 2);
    for (const d of p.diagnostics) {
      const href = d.codeDescription?.href ?? '';
      assert.match(href, new RegExp(`^file://.*/README\\.md#rule-${String(d.code)}$`), JSON.stringify(d));
      assert.ok(readme.includes(`<a id="rule-${String(d.code)}"></a>`), `README has no anchor for ${String(d.code)}`);
    }
  });
});

describe('client capabilities: no codeActionLiteralSupport', function () {
  this.timeout(30_000);
  let client: LspClient;
  const uri = 'file:///tmp/caps-commands/main.cf';
  before(async () => {
    client = new LspClient('stdio');
    await client.initialize(undefined, { codeAction: {} }, { clientCommands: ['postfix.addKnownParameter'] });
    await client.open(uri, 'postfix-main', 'site_flag = yes\nsmtpd_use_tls = yes\n');
  });
  after(async () => client?.dispose());

  it('item 4: answers Command literals only (edits need CodeAction literals, so they are left out)', async () => {
    const p = await client.diagnostics(uri);
    const all = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, context: { diagnostics: p.diagnostics } })) as Array<Command | CodeAction>;
    assert.ok(all.length > 0, 'the client command comes as a Command');
    for (const a of all) {
      assert.equal(typeof a.command, 'string', JSON.stringify(a));
      assert.ok(!('edit' in a) && !('kind' in a) && !('diagnostics' in a), JSON.stringify(a));
    }
    assert.deepEqual(all[0], { title: all[0].title, command: 'postfix.addKnownParameter', arguments: ['site_flag'] });
  });
});

describe('settings of the wrong type (workspace/configuration)', function () {
  this.timeout(30_000);
  let client: LspClient;
  const logs: string[] = [];
  let settings: unknown = { knownParameters: 5, rules: { 'unknown-parameter': 'loud' }, inlayHints: { enabled: 'yes' }, certificateChecks: 7, targetVersion: 3, postconfPath: [] };
  before(async () => {
    client = new LspClient('stdio');
    client.connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => settings));
    client.connection.onNotification(LogMessageNotification.type, (m) => logs.push(m.message));
    await client.initialize({ configuration: true });
  });
  after(async () => client?.dispose());

  it('item 5/9: ignores the bad fields with one warning each; validation, hover and severities still work', async () => {
    const uri = 'file:///tmp/caps-settings/main.cf';
    await client.open(uri, 'postfix-main', 'site_flag = yes\nmyhostname = mail.example.com\n');
    const p = await client.diagnostics(uri);
    const unknown = p.diagnostics.find((d) => d.code === 'unknown-parameter');
    assert.ok(unknown, JSON.stringify(p.diagnostics));
    assert.equal(typeof unknown.severity, 'number', 'an unknown severity in postfix.rules leaves the default');
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: Position.create(1, 2) });
    assert.match((h?.contents as MarkupContent).value, /myhostname/);
    const uri2 = 'file:///tmp/caps-settings2/main.cf';
    await client.open(uri2, 'postfix-main', 'myhostname = x\n');
    await client.diagnostics(uri2);
    await sleep(200);
    for (const field of ['knownParameters', 'rules["unknown-parameter"]', 'inlayHints.enabled', 'certificateChecks', 'targetVersion', 'postconfPath']) {
      const hits = logs.filter((l) => l.includes(`postfix.${field}`));
      assert.equal(hits.length, 1, `one warning for ${field}: ${JSON.stringify(logs)}`);
    }
    assert.ok(client.alive);
  });

  it('item 5: didChangeConfiguration with bad fields is checked the same way', async () => {
    settings = { maxDiagnostics: 'many' };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { postfix: settings } });
    await withTimeout((async () => { while (!logs.some((l) => l.includes('postfix.maxDiagnostics'))) await sleep(50); })(), 5_000, 'warning for maxDiagnostics');
  });
});

describe('after shutdown', function () {
  this.timeout(30_000);
  let client: LspClient;
  after(async () => client?.dispose());

  it('item 6: a second initialize fails; after shutdown requests fail with InvalidRequest and changes are not processed', async () => {
    client = new LspClient('stdio');
    await client.initialize();
    const second = await client.connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null }).then(
      () => undefined,
      (e: ResponseError<unknown>) => e,
    );
    assert.equal(second?.code, ErrorCodes.InvalidRequest);
    const uri = 'file:///tmp/caps-shutdown/main.cf';
    await client.open(uri, 'postfix-main', 'myhostname = x\n');
    await client.diagnostics(uri);
    await client.connection.sendRequest(ShutdownRequest.type);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: Position.create(0, 1) }).then(
      () => undefined,
      (e: ResponseError<unknown>) => e,
    );
    assert.equal(hover?.code, ErrorCodes.InvalidRequest);
    const before = client.published.length;
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'smtpd_use_tls = yes\n' }] });
    await sleep(500);
    assert.equal(client.published.length, before, 'no diagnostics after shutdown');
  });
});

describe('file kind decided by the file name first', function () {
  this.timeout(30_000);
  let client: LspClient;
  before(async () => {
    client = new LspClient('stdio');
    await client.initialize();
  });
  after(async () => client?.dispose());

  it('item 8: a master.cf opened as postfix-main gets master.cf diagnostics, the same after an unchanged edit', async () => {
    const uri = 'file:///tmp/caps-kind/master.cf';
    const text = 'smtp inet n - y - - smtpd\n  -o smtpd_tls_security_levl=encrypt\n';
    await client.open(uri, 'postfix-main', text, 0);
    const first = await client.diagnostics(uri);
    assert.ok(first.diagnostics.some((d) => d.code === 'unknown-parameter' && d.range.start.line === 1), JSON.stringify(first.diagnostics));
    await client.change(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '');
    const second = await client.diagnostics(uri);
    assert.deepEqual(second.diagnostics, first.diagnostics);
  });
});

describe('sibling files spelt as the client spells them', function () {
  this.timeout(30_000);
  let client: LspClient;
  let dir = '';
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix caps+@'));
    fs.writeFileSync(path.join(dir, 'master.cf'), 'submission inet n - y - - smtpd\n  -o smtpd_client_restrictions=$my_nets\n');
    client = new LspClient('stdio');
    await client.initialize();
  });
  after(async () => {
    await client?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('item 10: locations in master.cf read from disk use the open main.cf\'s directory spelling', async () => {
    // VS Code's spelling: `+` and `@` percent-encoded, as Node's pathToFileURL does not.
    const encodedDir = `file://${dir.split('/').map((s) => encodeURIComponent(s)).join('/')}/`;
    const uri = `${encodedDir}main.cf`;
    await client.open(uri, 'postfix-main', 'my_nets = permit_mynetworks\n');
    await client.diagnostics(uri);
    const refs = await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: Position.create(0, 2), context: { includeDeclaration: true } });
    const master = refs?.find((l) => l.uri.endsWith('master.cf'));
    assert.ok(master, JSON.stringify(refs));
    assert.equal(master.uri, `${encodedDir}master.cf`);
  });
});

describe('bounded diagnostics', function () {
  this.timeout(60_000);
  let client: LspClient;
  let settings: unknown = {};
  before(async () => {
    client = new LspClient('stdio');
    client.connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => settings));
    await client.initialize({ configuration: true });
  });
  after(async () => client?.dispose());

  it('item 11: publishes at most postfix.maxDiagnostics (default 1000), the last a summary of the rest', async () => {
    const uri = 'file:///tmp/caps-bounded/main.cf';
    await client.open(uri, 'postfix-main', 'smtpd_use_tls = yes\n'.repeat(3000));
    const p = await client.diagnostics(uri, undefined, 30_000);
    assert.equal(p.diagnostics.length, 1000);
    const last = p.diagnostics[999];
    assert.equal(last.code, 'too-many-diagnostics');
    assert.match(last.message, /^\d+ more diagnostics/);
    settings = { maxDiagnostics: 10 };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const q = await client.diagnostics(uri, (x) => x.diagnostics.length === 10, 30_000);
    assert.equal(q.diagnostics[9].code, 'too-many-diagnostics');
  });
});

describe('workspace/didChangeWatchedFiles', function () {
  this.timeout(30_000);
  let client: LspClient;
  let dir = '';
  const registered: string[] = [];
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-watch-'));
    fs.writeFileSync(path.join(dir, 'master.cf'), 'submission inet n - y - - smtpd\n');
    client = new LspClient('stdio');
    client.connection.onRequest(RegistrationRequest.type, (p) => {
      for (const r of p.registrations) registered.push(`${r.method} ${JSON.stringify(r.registerOptions)}`);
    });
    await client.initialize({ didChangeWatchedFiles: { dynamicRegistration: true } });
  });
  after(async () => {
    await client?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('item 7: watches main.cf/master.cf and judges the open sibling again when one changes on disk', async () => {
    const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
    await client.open(uri, 'postfix-main', 'my_nets = permit_mynetworks\n');
    const first = await client.diagnostics(uri);
    assert.ok(first.diagnostics.some((d) => d.code === 'unknown-parameter'), JSON.stringify(first.diagnostics));
    assert.ok(registered.some((r) => r.startsWith('workspace/didChangeWatchedFiles') && r.includes('master')), JSON.stringify(registered));
    fs.writeFileSync(path.join(dir, 'master.cf'), 'submission inet n - y - - smtpd\n  -o smtpd_client_restrictions=$my_nets\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(path.join(dir, 'master.cf')).toString(), type: FileChangeType.Changed }] });
    const second = await client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'unknown-parameter'));
    assert.equal(second.version, 1);
  });
});

describe('general.positionEncodings (LSP 3.17): positions are UTF-16, said so', function () {
  this.timeout(30_000);
  const clients: LspClient[] = [];
  after(async () => Promise.all(clients.map((c) => c.dispose())));

  /** Initializes a fresh server with these offered encodings (undefined: the client says nothing). */
  const start = async (positionEncodings: string[] | undefined) => {
    const client = new LspClient('stdio');
    clients.push(client);
    const init = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: { general: positionEncodings ? { positionEncodings } : undefined, textDocument: { publishDiagnostics: {} } },
      workspaceFolders: null,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return { client, init };
  };

  // The emoji is 1 code point, 2 UTF-16 code units and 4 UTF-8 bytes: the name after the $ starts at 17 only in UTF-16.
  const line = 'myhostname = 😀 $nowhere_defined\n';
  for (const offered of [['utf-8', 'utf-16'], ['utf-32', 'utf-16', 'utf-8'], undefined]) {
    it(`offered ${JSON.stringify(offered)}: announces utf-16 and counts in UTF-16 code units`, async () => {
      const { client, init } = await start(offered);
      assert.equal(init.capabilities.positionEncoding, 'utf-16');
      const uri = `file:///tmp/caps-encoding-${clients.length}/main.cf`;
      await client.open(uri, 'postfix-main', line);
      const p = await client.diagnostics(uri);
      const ref = p.diagnostics.find((d) => d.code === 'undefined-reference');
      assert.deepEqual(ref?.range, { start: { line: 0, character: 17 }, end: { line: 0, character: 32 } }, JSON.stringify(p.diagnostics));
    });
  }

  it('offered only utf-8: still utf-16, the encoding every client must support (the server has no other)', async () => {
    const { init } = await start(['utf-8']);
    assert.equal(init.capabilities.positionEncoding, 'utf-16');
  });
});
