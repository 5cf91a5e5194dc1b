// Protocol tests for the editing-comfort features (issue 6): the real bundled server
// (dist/server.js) answers definition, references, rename, document links, symbols, folding,
// semantic tokens, inlay hints, formatting, the "mark as known" action and the certificate hover.
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionRequest,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DocumentFormattingRequest,
  DocumentLinkRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbol,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  InlayHintRequest,
  Location,
  MarkupContent,
  Position,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  SemanticTokensRequest,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, withTimeout } from './lspClient';

const MAIN_TEXT = [
  '# Network',
  'my_nets = 10.0.0.0/8',
  'mynetworks = 127.0.0.0/8, $my_nets',
  '',
  '# TLS',
  'smtpd_tls_cert_file=CERT',
  'smtp_tls_policy_maps = hash:POLICY',
  'smtpd_tls_CAfile = MISSING',
  'smtpd_tls_loglevel = 0',
  'site_flag = 1',
  'smtpd_client_restrictions =',
  '    permit_mynetworks,',
  '    reject',
  '',
].join('\n');
const MASTER_TEXT = 'submission inet n - y - - smtpd\n  -o smtpd_client_restrictions=$my_nets\n';

/** Initialize with our own options (the helper's initialize has none), then `initialized`. */
async function init(client: LspClient, trusted: boolean): Promise<InitializeResult> {
  const result = await withTimeout(
    client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      initializationOptions: { trusted, clientCommands: ['postfix.addKnownParameter'] },
      capabilities: { textDocument: { hover: { contentFormat: ['markdown'] }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } }, rename: { prepareSupport: true }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
    }),
    10_000,
    'initialize',
  );
  await client.connection.sendNotification(InitializedNotification.type, {});
  return result;
}

describe('navigation and editing features over stdio', function () {
  this.timeout(30_000);
  let dir = '';
  let client: LspClient;
  let init_: InitializeResult;
  let mainUri = '';
  let masterUri = '';
  let certPath = '';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-nav-'));
    certPath = path.join(dir, 'mail.pem');
    fs.writeFileSync(path.join(dir, 'tls_policy'), '[mx.example.net]:25 secure\n');
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'mail.key'), '-out', certPath, '-days', '30', '-subj', '/CN=nav.example.test'], { stdio: 'pipe' });
    } catch {
      certPath = '';
      fs.writeFileSync(path.join(dir, 'mail.pem'), 'not a certificate\n');
    }
    const text = MAIN_TEXT.replace('CERT', path.join(dir, 'mail.pem')).replace('POLICY', path.join(dir, 'tls_policy')).replace('MISSING', path.join(dir, 'missing.pem'));
    fs.writeFileSync(path.join(dir, 'main.cf'), text);
    fs.writeFileSync(path.join(dir, 'master.cf'), MASTER_TEXT);
    mainUri = pathToFileURL(path.join(dir, 'main.cf')).toString();
    masterUri = pathToFileURL(path.join(dir, 'master.cf')).toString();
    client = new LspClient('stdio');
    init_ = await init(client, true);
    // Only main.cf is open: master.cf comes from disk, as the sibling.
    await client.open(mainUri, 'postfix-main', text);
    await client.diagnostics(mainUri);
  });

  after(async () => {
    await client?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const doc = () => client.documents.get(mainUri)!;
  const at = (line: number, needle: string, delta = 1): Position => Position.create(line, doc().getText().split('\n')[line].indexOf(needle) + delta);

  it('declares the capabilities and the semantic token legend', () => {
    const c = init_.capabilities;
    assert.strictEqual(c.definitionProvider, true);
    assert.strictEqual(c.referencesProvider, true);
    assert.deepStrictEqual(c.renameProvider, { prepareProvider: true });
    assert.ok(c.documentLinkProvider);
    assert.ok(c.documentSymbolProvider);
    assert.strictEqual(c.foldingRangeProvider, true);
    assert.strictEqual(c.inlayHintProvider, true);
    assert.strictEqual(c.documentFormattingProvider, true);
    assert.strictEqual(c.documentRangeFormattingProvider, true);
    const st = c.semanticTokensProvider;
    assert.ok(st && 'legend' in st);
    assert.ok(st.legend.tokenModifiers.includes('deprecated'));
    assert.strictEqual(st.full, true);
  });

  it('goes to the definition of $my_nets (a Location for a client without link support)', async () => {
    const r = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: mainUri }, position: at(2, '$my_nets', 2) })) as Location[];
    assert.deepStrictEqual(r, [{ uri: mainUri, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } } }]);
  });

  it('finds the references in main.cf and in master.cf read from disk', async () => {
    const r = await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: mainUri }, position: at(1, 'my_nets', 0), context: { includeDeclaration: true } });
    assert.ok(r);
    assert.deepStrictEqual(r.map((l) => `${l.uri === mainUri ? 'main' : l.uri === masterUri ? 'master' : l.uri} ${l.range.start.line}:${l.range.start.character}`).sort(), ['main 1:0', 'main 2:27', 'master 1:32']);
  });

  it('refuses to rename a built-in name and renames a user-defined one in both files', async () => {
    await assert.rejects(
      client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: mainUri }, position: at(2, 'mynetworks') }),
      (e: unknown) => e instanceof ResponseError && /Postfix parameter/.test(e.message),
    );
    const prep = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: mainUri }, position: at(2, '$my_nets', 2) });
    assert.deepStrictEqual(prep, { range: { start: { line: 2, character: 27 }, end: { line: 2, character: 34 } }, placeholder: 'my_nets' });
    const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: mainUri }, position: at(2, '$my_nets', 2), newName: 'trusted_nets' });
    assert.ok(edit?.changes);
    assert.deepStrictEqual(Object.keys(edit.changes).sort(), [mainUri, masterUri].sort());
    const master = TextDocument.create(masterUri, 'postfix-master', 0, MASTER_TEXT);
    assert.strictEqual(TextDocument.applyEdits(master, edit.changes[masterUri]), MASTER_TEXT.replace('$my_nets', '$trusted_nets'));
    assert.strictEqual(TextDocument.applyEdits(doc(), edit.changes[mainUri]), doc().getText().replace(/my_nets/g, 'trusted_nets'));
  });

  it('links only the files that exist (trusted workspace)', async () => {
    const links = await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: mainUri } });
    assert.ok(links);
    assert.deepStrictEqual(links.map((l) => l.target).sort(), [pathToFileURL(path.join(dir, 'mail.pem')).toString(), pathToFileURL(path.join(dir, 'tls_policy')).toString()].sort());
  });

  it('gives the outline, grouped by the comment headings', async () => {
    const syms = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: mainUri } })) as DocumentSymbol[];
    assert.deepStrictEqual(syms.map((s) => `${s.name}[${(s.children ?? []).map((c) => c.name).join(',')}]`), [
      'Network[my_nets,mynetworks]',
      'TLS[smtpd_tls_cert_file,smtp_tls_policy_maps,smtpd_tls_CAfile,smtpd_tls_loglevel,site_flag,smtpd_client_restrictions]',
    ]);
  });

  it('gives folding ranges for the multi-line value', async () => {
    const f = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: mainUri } });
    assert.deepStrictEqual(f?.map((x) => [x.startLine, x.endLine]), [[10, 12]]);
  });

  it('gives semantic tokens', async () => {
    const t = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: mainUri } });
    assert.ok(t && t.data.length > 0 && t.data.length % 5 === 0);
    // The first token is my_nets on line 1: a user-defined name (variable) with the declaration modifier.
    const legend = init_.capabilities.semanticTokensProvider!.legend;
    assert.deepStrictEqual([t.data[0], t.data[1], t.data[2], legend.tokenTypes[t.data[3]]], [1, 0, 7, 'variable']);
  });

  it('gives inlay hints once postfix.inlayHints.enabled is set', async () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
    assert.deepStrictEqual(await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: mainUri }, range }), []);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { postfix: { inlayHints: { enabled: true } } } });
    const hints = await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: mainUri }, range });
    assert.deepStrictEqual(hints?.map((h) => `${h.position.line} ${h.label as string}`), ['2 ⇒ 127.0.0.0/8, 10.0.0.0/8', '8 (default)']);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { postfix: {} } });
  });

  it('formats the document and a range', async () => {
    const options = { tabSize: 4, insertSpaces: true };
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: mainUri }, options });
    assert.ok(edits);
    const out = TextDocument.applyEdits(doc(), edits).split('\n');
    assert.strictEqual(out[5], `smtpd_tls_cert_file = ${path.join(dir, 'mail.pem')}`);
    const none = await client.connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri: mainUri }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }, options });
    assert.deepStrictEqual(none, []);
    const one = await client.connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri: mainUri }, range: { start: { line: 5, character: 0 }, end: { line: 5, character: 3 } }, options });
    assert.strictEqual(one?.length, 1);
  });

  it('offers "Mark as known parameter" as a command for unknown-parameter', async () => {
    const p = await client.diagnostics(mainUri);
    const unknown = p.diagnostics.find((d) => d.code === 'unknown-parameter');
    assert.ok(unknown, JSON.stringify(p.diagnostics));
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: mainUri }, range: unknown.range, context: { diagnostics: [unknown] } })) as CodeAction[];
    const mark = actions.find((a) => a.command?.command === 'postfix.addKnownParameter');
    assert.ok(mark, JSON.stringify(actions));
    assert.deepStrictEqual(mark.command?.arguments, ['site_flag']);
    assert.ok(p.diagnostics.some((d) => d.code === 'default-value' && d.range.start.line === 8), 'default-value hint on smtpd_tls_loglevel = 0');
  });

  it('hovers a certificate path with its subject and key (trusted)', async function () {
    if (!certPath) this.skip();
    // A temporary directory is no mail host: with the default `auto` the file is not read.
    const away = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: mainUri }, position: at(5, 'mail.pem') });
    assert.doesNotMatch((away?.contents as MarkupContent | undefined)?.value ?? '', /Subject:/);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { postfix: { certificateChecks: 'on' } } });
    try {
      const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: mainUri }, position: at(5, 'mail.pem') });
      const md = (h?.contents as MarkupContent).value;
      assert.match(md, /Subject: `CN=nav\.example\.test`/);
      assert.match(md, /Key: RSA 2048 bits/);
    } finally {
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { postfix: {} } });
    }
  });
});

describe('navigation features in Restricted Mode', function () {
  this.timeout(30_000);
  let client: LspClient;
  let dir = '';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-nav-untrusted-'));
    client = new LspClient('stdio');
    await init(client, false);
  });

  after(async () => {
    await client?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('returns every candidate link without looking at the disk, and reads no certificate', async () => {
    fs.writeFileSync(path.join(dir, 'mail.pem'), 'not a certificate\n');
    const uri = pathToFileURL(path.join(dir, 'main.cf')).toString();
    const text = `smtpd_tls_cert_file = ${path.join(dir, 'mail.pem')}\nsmtpd_tls_CAfile = ${path.join(dir, 'missing.pem')}\n`;
    await client.open(uri, 'postfix-main', text);
    const links = await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } });
    assert.strictEqual(links?.length, 2);
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: Position.create(0, 30) });
    assert.doesNotMatch((h?.contents as MarkupContent | undefined)?.value ?? '', /certificate|cannot be read/);
  });
});
