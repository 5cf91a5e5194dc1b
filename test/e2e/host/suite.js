// Runs inside the VS Code extension host (see index.js): the extension's behaviour through the
// VS Code API, on a copy of test/e2e/fixtures/workspace. Waits poll with a bound; no fixed sleeps.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');

const EXTENSION_ID = 'postfix-tls.postfix-tls';

async function until(what, fn, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const codeOf = (d) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code));
const folder = () => vscode.workspace.workspaceFolders[0].uri;
const hoverText = (hovers) => hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label.label);

describe('postfix-tls in the extension host', function () {
  let main;

  before(async function () {
    // The certificate checks need a trusted folder; the runner turns Workspace Trust off for this window.
    assert.ok(vscode.workspace.isTrusted, 'the workspace is not trusted');
    // The fixture is a copy outside /etc/postfix: with the default `auto` no certificate file would
    // be read there, and the suite checks that a missing one is reported.
    await vscode.workspace.getConfiguration('postfix').update('certificateChecks', 'on', vscode.ConfigurationTarget.Global);
    main = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'main.cf'));
    await vscode.window.showTextDocument(main);
  });

  it('opens main.cf as postfix-main and activates the extension', async function () {
    assert.equal(main.languageId, 'postfix-main');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    await until('activation', () => ext.isActive);
  });

  it('publishes the TLS diagnostics of main.cf', async function () {
    const want = ['weak-protocol-ssl', 'server-tls-off', 'client-no-tls', 'unknown-parameter', 'cert-file-missing'];
    const diags = await until('the expected diagnostics', () => {
      const d = vscode.languages.getDiagnostics(main.uri);
      return want.every((w) => d.some((x) => codeOf(x) === w)) && d;
    });
    const weak = diags.find((d) => codeOf(d) === 'weak-protocol-ssl');
    assert.equal(weak.range.start.line, 9);
    assert.equal(weak.severity, vscode.DiagnosticSeverity.Error);
    assert.match(weak.message, /SSLv3/);
    assert.equal(weak.source, 'postfix-tls');
  });

  it('hovers a TLS parameter with its documentation', async function () {
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', main.uri, new vscode.Position(9, 5));
    const text = hoverText(hovers);
    assert.match(text, /smtpd_tls_protocols/);
    assert.match(text, /TLS protocol versions/);
  });

  it('completes smtpd_tls_ with TLS parameter names and offers the tls-client snippet', async function () {
    const doc = await vscode.workspace.openTextDocument({ language: 'postfix-main', content: 'smtpd_tls_' });
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 10));
    const labels = list.items.map(labelOf);
    assert.ok(labels.includes('smtpd_tls_security_level'), `no smtpd_tls_security_level in ${labels.slice(0, 10).join(', ')}`);
    const snippetDoc = await vscode.workspace.openTextDocument({ language: 'postfix-main', content: 'tls-client' });
    const snippets = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', snippetDoc.uri, new vscode.Position(0, 10));
    assert.ok(snippets.items.some((i) => labelOf(i) === 'tls-client' && i.kind === vscode.CompletionItemKind.Snippet), 'no tls-client snippet');
  });

  it('applies the quick fix for the misspelt parameter', async function () {
    const diag = vscode.languages.getDiagnostics(main.uri).find((d) => codeOf(d) === 'unknown-parameter');
    assert.ok(diag, 'no unknown-parameter diagnostic');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', main.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to "smtp_tls_security_level"');
    assert.ok(fix, `no such fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(main.lineAt(13).text, 'smtp_tls_security_level = may');
    await until('unknown-parameter to go away', () => !vscode.languages.getDiagnostics(main.uri).some((d) => codeOf(d) === 'unknown-parameter'));
  });

  it('inserts the contributed tls-client snippet', async function () {
    const doc = await vscode.workspace.openTextDocument({ language: 'postfix-main', content: '' });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'postfix-main', name: 'TLS client block' });
    await until('the snippet text', () => doc.getText().includes('smtp_tls_session_cache_database = btree:${data_directory}/smtp_scache'));
    assert.match(doc.getText(), /^smtp_tls_security_level = may$/m);
  });

  it('runs the insert-TLS-block commands', async function () {
    const doc = await vscode.workspace.openTextDocument({ language: 'postfix-main', content: '' });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('postfix.insertTlsServerBlock');
    await until('the server block', () => doc.getText().includes('smtpd_tls_auth_only = yes'));
    await vscode.commands.executeCommand('leaveSnippet');
    await vscode.commands.executeCommand('cursorBottom');
    await vscode.commands.executeCommand('postfix.insertTlsClientBlock');
    await until('the client block', () => doc.getText().includes('smtp_tls_loglevel = 1'));
  });

  it('shows the effective TLS settings of main.cf in a read-only listing', async function () {
    await vscode.window.showTextDocument(main);
    await vscode.commands.executeCommand('postfix.showEffectiveTlsSettings');
    const listing = await until('the listing editor', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'postfix-tls-settings'));
    const text = listing.getText();
    assert.match(text, /^smtpd_tls_protocols = !SSLv2 +# main\.cf line 10$/m);
    // An earlier test applied the quick fix that spells smtp_tls_security_level right: either origin is fine here.
    assert.match(text, /^smtp_tls_security_level = .*# (main\.cf line \d+|default of Postfix)/m);
    assert.match(text, /^smtp_tls_loglevel = 0 +# default of Postfix/m);
    assert.match(text, /^submission\/inet: -o smtpd_tls_security_level=may/m);
  });

  it('outlines main.cf with one symbol per parameter', async function () {
    const symbols = await until('document symbols', () => vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', main.uri));
    const names = [];
    const walk = (list) => list.forEach((s) => { names.push(s.name); walk(s.children || []); });
    walk(symbols);
    for (const n of ['myhostname', 'smtpd_tls_protocols', 'smtpd_tls_loglevel']) assert.ok(names.includes(n), `no ${n} in the outline: ${names.join(', ')}`);
  });

  it('goes from $mydomain to its definition', async function () {
    // Line 4 is "myorigin = $mydomain": the reference starts at column 11.
    const defs = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', main.uri, new vscode.Position(3, 13));
    assert.ok(defs && defs.length, 'no definition for $mydomain');
    const loc = defs[0];
    const range = loc.targetRange || loc.range;
    const uri = loc.targetUri || loc.uri;
    assert.equal(uri.toString(), main.uri.toString());
    assert.equal(range.start.line, 2, 'mydomain is defined on line 3');
  });

  it('formats a document in postconf style', async function () {
    const doc = await vscode.workspace.openTextDocument({ language: 'postfix-main', content: 'myhostname=mail.example.com   \nsmtpd_tls_security_level   =    may\n' });
    const edits = await vscode.commands.executeCommand('vscode.executeFormatDocumentProvider', doc.uri, { tabSize: 4, insertSpaces: true });
    assert.ok(edits && edits.length, 'no formatting edits');
    const edit = new vscode.WorkspaceEdit();
    edit.set(doc.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(doc.getText(), 'myhostname = mail.example.com\nsmtpd_tls_security_level = may\n');
  });

  it('reports the submission service of master.cf', async function () {
    const master = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'master.cf'));
    assert.equal(master.languageId, 'postfix-master');
    await vscode.window.showTextDocument(master);
    const d = await until('sasl-plaintext', () => vscode.languages.getDiagnostics(master.uri).find((x) => codeOf(x) === 'sasl-plaintext'));
    assert.equal(d.range.start.line, 7);
  });
});

// The TLS policy table (issue 11): test/e2e/fixtures/workspace/tls_policy, named by main.cf's
// smtp_tls_policy_maps; the server reads it beside main.cf. Runs after the suite above.
describe('postfix-tls: the TLS policy table in the extension host', function () {
  let table;

  before(async function () {
    table = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'tls_policy'));
    await vscode.window.showTextDocument(table);
  });

  it('opens tls_policy as postfix-tls-policy', function () {
    assert.equal(table.languageId, 'postfix-tls-policy');
  });

  it('reports the entry whose protocols list is split by ",", and judges "secure" with main.cf\'s trust settings', async function () {
    const diags = await until('the table diagnostics', () => {
      const d = vscode.languages.getDiagnostics(table.uri);
      return d.some((x) => codeOf(x) === 'policy-malformed-attribute') && d.some((x) => codeOf(x) === 'verify-no-trust') && d;
    });
    const bad = diags.find((d) => codeOf(d) === 'policy-malformed-attribute');
    // Line 3: "[relay.example.net]:587   encrypt protocols=!SSLv2,!SSLv3": the token after the comma.
    assert.equal(bad.range.start.line, 2);
    assert.equal(table.getText(bad.range), '!SSLv3');
    assert.equal(bad.severity, vscode.DiagnosticSeverity.Error);
    assert.match(bad.message, /write ":" between its items/);
    const trust = diags.find((d) => codeOf(d) === 'verify-no-trust');
    assert.equal(trust.range.start.line, 1);
    assert.match(trust.message, /level "secure" for example\.com/);
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', table.uri, bad.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.length, 'no quick fix for the split protocols value');
  });

  it('hovers a level with what it means', async function () {
    const at = table.lineAt(1).text.indexOf('secure');
    const text = hoverText(await until('a hover on "secure"', () => vscode.commands.executeCommand('vscode.executeHoverProvider', table.uri, new vscode.Position(1, at + 2)).then((h) => h && h.length && h)));
    assert.match(text, /\*\*secure\*\* — TLS security level/);
    assert.match(text, /certificate verification/);
    assert.match(text, /`match`/);
  });

  it('main.cf: hovering smtp_tls_policy_maps summarises the table', async function () {
    const main = vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/main.cf'));
    assert.ok(main, 'main.cf is open');
    const line = main.getText().split('\n').findIndex((t) => t.startsWith('smtp_tls_policy_maps'));
    assert.ok(line >= 0, 'main.cf sets smtp_tls_policy_maps');
    const text = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', main.uri, new vscode.Position(line, 3)));
    assert.match(text, /2 entries: 1 secure, 1 encrypt/);
  });
});

// The mail log (issue 12): test/e2e/fixtures/workspace/mail.log beside main.cf. Runs after the suite
// above, whose main.cf stays open (with its quick fix applied, unsaved): links go to that document.
describe('postfix-tls: the mail log in the extension host', function () {
  let log;

  before(async function () {
    log = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'mail.log'));
    await vscode.window.showTextDocument(log);
  });

  it('opens mail.log as postfix-log', function () {
    assert.equal(log.languageId, 'postfix-log');
  });

  it('hovers a "TLS connection established" line with what it means', async function () {
    // Line 12: "… postfix/smtpd[2310]: Anonymous TLS connection established from mail-ej1.example.net[203.0.113.45]: TLSv1.3 …"
    const at = log.lineAt(11).text.indexOf('Anonymous');
    assert.ok(at > 0, 'line 12 is the Anonymous TLS line');
    const text = hoverText(await until('a hover on the TLS line', () => vscode.commands.executeCommand('vscode.executeHoverProvider', log.uri, new vscode.Position(11, at + 3)).then((h) => h && h.length && h)));
    assert.match(text, /Anonymous TLS connection established from mail-ej1\.example\.net\[203\.0\.113\.45\]/);
    assert.match(text, /without showing a certificate/);
    assert.match(text, /`smtpd_tls_ask_ccert`/);
  });

  it('links TLS warnings to the main.cf settings they concern', async function () {
    const main = vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/main.cf'));
    assert.ok(main, 'main.cf is open');
    const links = await until('document links of mail.log', () => vscode.commands.executeCommand('vscode.executeLinkProvider', log.uri).then((l) => l && l.length >= 5 && l));
    const target = (line) => {
      const l = links.find((x) => x.range.start.line === line - 1);
      assert.ok(l, `no link on line ${line}: links on ${links.map((x) => x.range.start.line + 1).join(', ')}`);
      assert.equal(l.target.path, main.uri.path);
      return l.target.fragment;
    };
    const lineOf = (re) => {
      const i = main.getText().split('\n').findIndex((t) => re.test(t));
      return i < 0 ? '' : `L${i + 1}`;
    };
    // "error loading private keys and certificates from: /etc/ssl/private/mail.key": the setting naming that file.
    assert.equal(target(2), lineOf(/^smtpd_tls_chain_files\b/));
    assert.equal(target(2), 'L9');
    // "no shared cipher" in smtpd: main.cf sets no smtpd cipher list, so the first server setting it does set.
    assert.equal(target(20), lineOf(/^smtpd_tls_protocols\b/));
    // "TLS is required, but was not offered": smtp_tls_security_level where main.cf sets it (the quick fix above spelt it right).
    assert.equal(target(41), lineOf(/^smtp_tls_security_level\b/));
  });

  it('"TLS report for this log" opens the report view', async function () {
    await vscode.window.showTextDocument(log);
    await vscode.commands.executeCommand('postfix.tlsReport');
    const tab = await until('the report view tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'TLS report: mail.log'),
    );
    assert.match(tab.input.viewType, /postfix\.tlsReport$/);
  });
});
