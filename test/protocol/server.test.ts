// Protocol tests: the real bundled language server (dist/server.js, built by `node esbuild.mjs`)
// runs as a child process and is driven over JSON-RPC exactly as an editor would drive it.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeAction,
  CodeActionKind,
  CodeActionRequest,
  CompletionItem,
  CompletionList,
  CompletionRequest,
  CompletionResolveRequest,
  ConfigurationRequest,
  Diagnostic,
  DiagnosticTag,
  ErrorCodes,
  Hover,
  HoverRequest,
  MarkupContent,
  Position,
  PublishDiagnosticsParams,
  RegistrationRequest,
  ResponseError,
  TextDocumentSyncKind,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from './lspClient';

const SOURCE = 'postfix-tls';
const MANUAL = 'https://www.postfix.org/postconf.5.html';

const MAIN_URI = 'file:///tmp/x/main.cf';
const MAIN_TEXT = [
  'myhostname = mail.example.com',
  'smtpd_tls_security_levl = may',
  'smtpd_use_tls = yes',
  'mydestination = $myhostname, $mydomian',
  '',
].join('\n');
const MASTER_URI = 'file:///tmp/x/master.cf';
const MASTER_TEXT = 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_levl=encrypt\n  -o smtpd_sasl_auth_enable=yes\n';

function codes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => String(d.code));
}

function only(p: PublishDiagnosticsParams, code: string): Diagnostic {
  const found = p.diagnostics.filter((d) => d.code === code);
  assert.strictEqual(found.length, 1, `expected one ${code} diagnostic, got ${JSON.stringify(p.diagnostics, null, 1)}`);
  return found[0];
}

function range(line: number, start: number, end: number) {
  return { start: { line, character: start }, end: { line, character: end } };
}

function markdown(h: Hover | null): string {
  assert.ok(h, 'expected a hover, got null');
  const c = h.contents as MarkupContent;
  assert.strictEqual(c.kind, 'markdown', `hover contents: ${JSON.stringify(h.contents)}`);
  return c.value;
}

function items(r: CompletionList | CompletionItem[] | null): CompletionItem[] {
  assert.ok(r, 'expected a completion result, got null');
  return Array.isArray(r) ? r : r.items;
}

/** Applies every edit of a code action to `doc` (only plain `changes` for doc's uri are expected). */
function applyAction(doc: TextDocument, action: CodeAction): string {
  const changes = action.edit?.changes;
  assert.ok(changes, `code action without edit.changes: ${JSON.stringify(action)}`);
  assert.deepStrictEqual(Object.keys(changes), [doc.uri]);
  return TextDocument.applyEdits(doc, changes[doc.uri]);
}

describe('language server over stdio (node dist/server.js --stdio)', function () {
  this.timeout(20_000);
  let client: LspClient;
  let init: Awaited<ReturnType<LspClient['initialize']>>;
  let mainOpened: Promise<PublishDiagnosticsParams> | undefined;

  /** Opens the main.cf once; later tests that need it call this too, so each can run alone. */
  const openMain = (): Promise<PublishDiagnosticsParams> =>
    (mainOpened ??= client.open(MAIN_URI, 'postfix-main', MAIN_TEXT).then(() => client.diagnostics(MAIN_URI, (p) => p.version === 1)));

  before(async () => {
    client = new LspClient('stdio');
    init = await client.initialize();
  });

  after(async () => {
    await client?.dispose();
  });

  it('initialize returns the capabilities and serverInfo; initialized is accepted', async () => {
    const caps = init.capabilities;
    assert.ok(caps.textDocumentSync && typeof caps.textDocumentSync === 'object', `textDocumentSync: ${JSON.stringify(caps.textDocumentSync)}`);
    assert.strictEqual(caps.textDocumentSync.change, TextDocumentSyncKind.Incremental);
    assert.strictEqual(caps.textDocumentSync.openClose, true);
    assert.strictEqual(caps.hoverProvider, true);
    assert.strictEqual(caps.completionProvider?.resolveProvider, true);
    assert.ok(caps.completionProvider?.triggerCharacters?.includes('$'), 'completion triggers on $');
    assert.ok(caps.codeActionProvider && typeof caps.codeActionProvider === 'object', `codeActionProvider: ${JSON.stringify(caps.codeActionProvider)}`);
    assert.ok(caps.codeActionProvider.codeActionKinds?.includes(CodeActionKind.QuickFix), `codeActionKinds: ${JSON.stringify(caps.codeActionProvider.codeActionKinds)}`);
    assert.strictEqual(init.serverInfo?.name, 'postfix-language-server');
    assert.match(init.serverInfo?.version ?? '', /^\d+\.\d+\.\d+/);
    // `initialized` was sent by the helper: the server is still there and answers.
    assert.ok(client.alive, `server exited after initialized: ${client.stderrText}`);
    assert.strictEqual(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///tmp/none/main.cf' }, position: Position.create(0, 0) }), null);
  });

  it('publishes unknown-parameter, undefined-reference and deprecated-parameter on didOpen of main.cf', async () => {
    const p = await openMain();
    assert.strictEqual(p.uri, MAIN_URI);
    assert.strictEqual(p.version, 1);
    for (const d of p.diagnostics) assert.strictEqual(d.source, SOURCE, `source of ${JSON.stringify(d)}`);
    const c = codes(p);
    for (const code of ['unknown-parameter', 'undefined-reference', 'deprecated-parameter']) assert.ok(c.includes(code), `missing ${code} in ${JSON.stringify(c)}`);

    const unknown = only(p, 'unknown-parameter');
    assert.deepStrictEqual(unknown.range, range(1, 0, 'smtpd_tls_security_levl'.length));
    assert.match(unknown.message, /smtpd_tls_security_levl/);
    assert.match(unknown.message, /did you mean "smtpd_tls_security_level"/);

    const undef = only(p, 'undefined-reference');
    const col = MAIN_TEXT.split('\n')[3].indexOf('$mydomian') + 1; // the name after `$`
    assert.deepStrictEqual(undef.range, range(3, col, col + 'mydomian'.length));
    assert.match(undef.message, /\$mydomian/);

    const deprecated = only(p, 'deprecated-parameter');
    assert.deepStrictEqual(deprecated.range, range(2, 0, 'smtpd_use_tls'.length));
    assert.ok(deprecated.tags?.includes(DiagnosticTag.Deprecated), 'deprecated tag');
    assert.match(deprecated.message, /smtpd_tls_security_level/);

    // $myhostname is defined: no diagnostic on it.
    assert.ok(!p.diagnostics.some((d) => d.range.start.line === 3 && d.range.start.character < col - 1), 'nothing on $myhostname');
  });

  it('re-validates after an incremental didChange that fixes the typo', async () => {
    await openMain();
    const doc = await client.change(MAIN_URI, range(1, 'smtpd_tls_security_lev'.length, 'smtpd_tls_security_levl'.length), 'el');
    assert.strictEqual(doc.getText().split('\n')[1], 'smtpd_tls_security_level = may');
    const p = await client.diagnostics(MAIN_URI, (d) => d.version === doc.version);
    const c = codes(p);
    assert.ok(!c.includes('unknown-parameter'), `unknown-parameter still reported: ${JSON.stringify(p.diagnostics, null, 1)}`);
    assert.ok(c.includes('undefined-reference'), `undefined-reference gone: ${JSON.stringify(c)}`);
    assert.ok(c.includes('deprecated-parameter'), `deprecated-parameter gone: ${JSON.stringify(c)}`);
    assert.deepStrictEqual(only(p, 'undefined-reference').range.start.line, 3);
  });

  it('hovers a parameter name with markdown docs and the postconf(5) link, and a $reference with its value', async () => {
    const uri = 'file:///tmp/hover/main.cf';
    await client.open(uri, 'postfix-main', 'myhostname = mail.example.com\nsmtpd_tls_security_level = may\nmyorigin = $myhostname\n');
    const name = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: Position.create(1, 5) });
    const md = markdown(name);
    assert.match(md, /\*\*smtpd_tls_security_level\*\*/);
    assert.ok(md.includes(`${MANUAL}#smtpd_tls_security_level`), `no manual link in ${md}`);
    assert.match(md, /Effective here:\*\* `may`/);
    assert.deepStrictEqual(name?.range, range(1, 0, 'smtpd_tls_security_level'.length));

    const ref = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: Position.create(2, 14) });
    const rmd = markdown(ref);
    assert.ok(rmd.includes('$myhostname'), rmd);
    assert.ok(rmd.includes('mail.example.com'), `value of $myhostname missing in ${rmd}`);
    assert.match(rmd, /main\.cf line 1/);
    assert.deepStrictEqual(ref?.range, range(2, 'myorigin = '.length, 'myorigin = $myhostname'.length));
  });

  it('completes parameter names and values, and resolve adds the full documentation', async () => {
    const uri = 'file:///tmp/complete/main.cf';
    await client.open(uri, 'postfix-main', 'smtpd_tls_sec\nsmtpd_tls_security_level = \n');

    const names = items(await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: Position.create(0, 13) }));
    const level = names.find((i) => i.label === 'smtpd_tls_security_level');
    assert.ok(level, `no smtpd_tls_security_level among ${names.length} items: ${names.slice(0, 10).map((i) => i.label).join(', ')}`);
    assert.ok(level.textEdit && 'range' in level.textEdit, `textEdit: ${JSON.stringify(level.textEdit)}`);
    assert.deepStrictEqual(level.textEdit.range, range(0, 0, 13));
    assert.ok(level.textEdit.newText.startsWith('smtpd_tls_security_level = '), level.textEdit.newText);
    assert.ok(!names.some((i) => !i.label.includes('_')), 'only matching names');

    const values = items(await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: Position.create(1, 'smtpd_tls_security_level = '.length) })).map((i) => i.label);
    for (const v of ['none', 'may', 'encrypt']) assert.ok(values.includes(v), `missing ${v} in ${JSON.stringify(values)}`);
    assert.ok(!values.includes('dane'), `dane is a client level, offered for the server: ${JSON.stringify(values)}`);
    assert.ok(!values.includes('dane-only'), `dane-only offered for the server: ${JSON.stringify(values)}`);

    const before = (level.documentation as MarkupContent | undefined)?.value ?? '';
    assert.ok(!before.includes(`${MANUAL}#`), 'the list itself carries only a summary');
    const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, level);
    const doc = resolved.documentation as MarkupContent;
    assert.strictEqual(doc?.kind, 'markdown', JSON.stringify(resolved.documentation));
    assert.match(doc.value, /\*\*smtpd_tls_security_level\*\*/);
    assert.ok(doc.value.includes(`${MANUAL}#smtpd_tls_security_level`), doc.value);
    assert.ok(doc.value.length > before.length, 'resolve adds to the documentation');
    assert.strictEqual(resolved.label, level.label);
  });

  it('resolves completion documentation for the configuration of the document (its compatibility_level)', async () => {
    // With compatibility_level = 3.11, smtp_tls_security_level defaults to `may` (empty before).
    const uri = 'file:///tmp/compat/main.cf';
    // The target release is set: otherwise a Postfix installed on the test machine would decide it.
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { postfix: { targetVersion: '3.11' } } });
    await client.open(uri, 'postfix-main', 'compatibility_level = 3.11\nsmtp_tls_securi\n');
    const list = items(await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: Position.create(1, 15) }));
    const item = list.find((i) => i.label === 'smtp_tls_security_level');
    assert.ok(item, 'smtp_tls_security_level offered');
    assert.match(item.detail ?? '', /= may$/);
    const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, item);
    const value = (resolved.documentation as MarkupContent).value;
    assert.ok(value.includes('**Default (Postfix 3.11, compatibility level 3.11):** `may`'), `resolve documents another default than the list: ${value}`);
    const hover = markdown(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: Position.create(0, 3) }));
    assert.match(hover, /compatibility_level/);
  });

  it('offers a quick fix for deprecated-parameter whose edit rewrites the line', async () => {
    await openMain();
    const current = client.documents.get(MAIN_URI)!;
    const p = await client.diagnostics(MAIN_URI);
    const deprecated = only(p, 'deprecated-parameter');
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: MAIN_URI },
      range: deprecated.range,
      context: { diagnostics: [deprecated], only: [CodeActionKind.QuickFix] },
    })) as CodeAction[] | null;
    assert.ok(actions && actions.length > 0, `no code actions: ${JSON.stringify(actions)}`);
    const fix = actions.find((a) => a.kind === CodeActionKind.QuickFix && a.diagnostics?.some((d) => d.code === 'deprecated-parameter'));
    assert.ok(fix, `no quick fix for deprecated-parameter in ${JSON.stringify(actions, null, 1)}`);
    assert.match(fix.title, /smtpd_tls_security_level/);

    const after = applyAction(current, fix);
    assert.notStrictEqual(after, current.getText());
    const lines = after.split('\n');
    assert.strictEqual(lines[2], 'smtpd_tls_security_level = may');
    assert.ok(!after.includes('smtpd_use_tls'), after);
    assert.deepStrictEqual([lines[0], lines[3]], [current.getText().split('\n')[0], current.getText().split('\n')[3]], 'other lines untouched');

    // Send the fix to the server as the editor would: the deprecation is gone.
    const edits = fix.edit!.changes![MAIN_URI] as TextEdit[];
    assert.strictEqual(edits.length, 1);
    const doc = await client.change(MAIN_URI, edits[0].range, edits[0].newText);
    assert.strictEqual(doc.getText(), after);
    const next = await client.diagnostics(MAIN_URI, (d) => d.version === doc.version);
    assert.ok(!codes(next).includes('deprecated-parameter'), JSON.stringify(next.diagnostics, null, 1));
  });

  it('validates master.cf -o overrides and hovers their names', async () => {
    await client.open(MASTER_URI, 'postfix-master', MASTER_TEXT);
    const p = await client.diagnostics(MASTER_URI, (d) => d.version === 1);
    const unknown = only(p, 'unknown-parameter');
    assert.strictEqual(unknown.source, SOURCE);
    const col = MASTER_TEXT.split('\n')[1].indexOf('smtpd_tls_security_levl');
    assert.deepStrictEqual(unknown.range, range(1, col, col + 'smtpd_tls_security_levl'.length));
    assert.match(unknown.message, /submission/);
    assert.ok(!p.diagnostics.some((d) => d.range.start.line === 2 && d.code === 'unknown-parameter'), 'smtpd_sasl_auth_enable is known');

    const typo = markdown(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: MASTER_URI }, position: Position.create(1, col + 3) }));
    assert.match(typo, /\*\*smtpd_tls_security_levl\*\*/);
    assert.match(typo, /`encrypt`/);

    const known = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: MASTER_URI }, position: Position.create(2, 8) });
    const md = markdown(known);
    assert.match(md, /\*\*smtpd_sasl_auth_enable\*\*/);
    assert.ok(md.includes(`${MANUAL}#smtpd_sasl_auth_enable`), md);
    assert.deepStrictEqual(known?.range, range(2, 5, 5 + 'smtpd_sasl_auth_enable'.length));
  });

  it('without postfix.targetVersion the installed postconf decides the target (postfix.postconfPath), and the hover says so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postconf-'));
    const fake = path.join(dir, 'postconf');
    fs.writeFileSync(fake, '#!/bin/sh\n[ "$*" = "-d -h mail_version" ] && echo 3.8.4 && exit 0\nexit 1\n', { mode: 0o755 });
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { postfix: { postconfPath: fake } } });
    const uri = 'file:///tmp/installed/main.cf';
    await client.open(uri, 'postfix-main', 'smtpd_tls_security_level = may\n');
    const md = markdown(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: Position.create(0, 3) }));
    assert.match(md, /\*\*Default \(Postfix 3\.8\.4 \(installed here\), compatibility level 0\):\*\*/);
    // The setting wins over the installed release.
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { postfix: { postconfPath: fake, targetVersion: '3.10' } } });
    const md2 = markdown(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: Position.create(0, 3) }));
    assert.match(md2, /\*\*Default \(Postfix 3\.10, compatibility level 0\):\*\*/);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { postfix: {} } });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('postfix/effectiveTlsSettings lists every TLS parameter with its value and origin, master.cf overrides after', async () => {
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { postfix: { targetVersion: '3.11' } } });
    const uri = 'file:///tmp/effective/main.cf';
    await client.open(uri, 'postfix-main', 'compatibility_level = 3.11\nsmtpd_tls_security_level = may\n');
    await client.open('file:///tmp/effective/master.cf', 'postfix-master', 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n');
    const text: string = await client.connection.sendRequest('postfix/effectiveTlsSettings', { uri });
    assert.match(text, /^smtpd_tls_security_level = may +# main\.cf line 2$/m);
    assert.match(text, /^smtp_tls_security_level = may +# default of Postfix 3\.11 at compatibility level 3\.11$/m);
    assert.match(text, /^tls_high_cipherlist = aNULL:-aNULL:HIGH:!SEED/m, 'the 3.8+ default, from the real builds');
    assert.match(text, /^submission\/inet: -o smtpd_tls_security_level=encrypt +# master\.cf line 2$/m);
    assert.doesNotMatch(text, /^myhostname/m, 'TLS names only');
    await assert.rejects(client.connection.sendRequest('postfix/effectiveTlsSettings', { uri: 'file:///tmp/never/main.cf' }), (e: unknown) => e instanceof ResponseError);
  });

  it('answers requests about unknown documents without crashing', async () => {
    const uri = 'file:///tmp/never-opened/main.cf';
    const textDocument = { uri };
    const position = Position.create(0, 3);
    const outcome = async (p: Promise<unknown>) => p.then((r) => ({ result: r }), (e: unknown) => ({ error: e }));
    for (const r of [
      await outcome(client.connection.sendRequest(HoverRequest.type, { textDocument, position })),
      await outcome(client.connection.sendRequest(CompletionRequest.type, { textDocument, position })),
      await outcome(client.connection.sendRequest(CodeActionRequest.type, { textDocument, range: range(0, 0, 1), context: { diagnostics: [] } })),
    ]) {
      if ('error' in r) assert.ok(r.error instanceof ResponseError, `not a JSON-RPC error response: ${r.error}`);
      else assert.strictEqual(r.result, null);
    }
    // A change to a document that was never opened is ignored.
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: range(0, 0, 0), text: 'x' }] });
    // An unknown method is an error response.
    await assert.rejects(client.connection.sendRequest('postfix/noSuchMethod', {}), (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.MethodNotFound);

    assert.ok(client.alive, `server died: ${client.stderrText}`);
    const md = markdown(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: MASTER_URI }, position: Position.create(2, 8) }));
    assert.match(md, /smtpd_sasl_auth_enable/);
  });

  it('shutdown then exit ends the process with code 0', async () => {
    assert.ok(client.alive, 'server alive before shutdown');
    assert.strictEqual(await client.shutdownAndExit(), 0);
    assert.ok(!client.alive);
  });
});

describe('language server over Node IPC (node dist/server.js --node-ipc)', function () {
  this.timeout(20_000);
  let client: LspClient;

  before(() => {
    client = new LspClient('node-ipc');
  });

  after(async () => {
    await client?.dispose();
  });

  it('initializes, validates, hovers and exits with code 0', async () => {
    const init = await client.initialize();
    assert.strictEqual(init.serverInfo?.name, 'postfix-language-server');
    await client.open(MAIN_URI, 'postfix-main', MAIN_TEXT);
    const p = await client.diagnostics(MAIN_URI);
    assert.deepStrictEqual(only(p, 'unknown-parameter').range, range(1, 0, 'smtpd_tls_security_levl'.length));
    const md = markdown(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: MAIN_URI }, position: Position.create(0, 2) }));
    assert.ok(md.includes(`${MANUAL}#myhostname`), md);
    assert.strictEqual(await client.shutdownAndExit(), 0);
  });
});

describe('language server with pulled configuration (workspace/configuration)', function () {
  this.timeout(20_000);
  let client: LspClient;
  const configRequests: string[] = [];
  let unknownParameter = 'off';

  before(async () => {
    client = new LspClient('stdio');
    client.connection.onRequest(ConfigurationRequest.type, (p) => {
      for (const i of p.items) configRequests.push(`${i.section}@${i.scopeUri}`);
      return p.items.map(() => ({ rules: { 'unknown-parameter': unknownParameter } }));
    });
    // A client that cannot register dynamically answers with an error: the server must survive it.
    client.connection.onRequest(RegistrationRequest.type, () => new ResponseError(ErrorCodes.MethodNotFound, 'no dynamic registration here'));
    await client.initialize({ configuration: true, didChangeConfiguration: { dynamicRegistration: true } });
  });

  after(async () => {
    await client?.dispose();
  });

  it('applies the settings it pulls and survives a refused registration', async () => {
    const uri = 'file:///tmp/pull/main.cf';
    await client.open(uri, 'postfix-main', MAIN_TEXT);
    const p = await client.diagnostics(uri);
    const c = codes(p);
    assert.ok(!c.includes('unknown-parameter'), `rule turned off by settings still reported: ${JSON.stringify(c)}`);
    assert.ok(c.includes('deprecated-parameter'), JSON.stringify(c));
    assert.deepStrictEqual(configRequests, [`postfix@${uri}`]);
    assert.ok(client.alive, `server died: ${client.stderrText}`);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: Position.create(0, 2) });
    assert.match(markdown(hover), /myhostname/);
  });

  it('didChangeConfiguration: judged again only when the settings pulled for the document differ', async () => {
    // VS Code sends one as soon as the server registers for it, right after the first diagnostics.
    const uri = 'file:///tmp/pull-again/main.cf';
    await client.open(uri, 'postfix-main', MAIN_TEXT);
    await client.diagnostics(uri);
    const count = () => client.published.filter((p) => p.uri === uri).length;
    assert.strictEqual(count(), 1);
    const asked = configRequests.length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await new Promise((r) => setTimeout(r, 600));
    assert.ok(configRequests.length > asked, 'the settings were asked again');
    assert.strictEqual(count(), 1, 'the same settings: no second validation');
    unknownParameter = 'warning';
    try {
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const p = await client.diagnostics(uri, (d) => d.diagnostics.some((x) => x.code === 'unknown-parameter'));
      assert.ok(codes(p).includes('unknown-parameter'), JSON.stringify(codes(p)));
      assert.strictEqual(count(), 2);
    } finally {
      unknownParameter = 'off';
    }
  });
});
