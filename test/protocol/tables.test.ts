// Protocol test: a TLS policy table through the real server process (dist/server.js): the main.cf
// beside it on disk is read as its configuration (trusted), its diagnostics, hover, completion and
// quick fix; main.cf's hover of smtp_tls_policy_maps summarises the table read from disk.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, CompletionList, CompletionRequest, Hover, HoverRequest, MarkupContent, Position } from 'vscode-languageserver-protocol/node';
import { LspClient } from './lspClient';

describe('language server: TLS policy tables', function () {
  this.timeout(60_000);
  let client: LspClient;
  let dir = '';
  let mainUri = '';
  let tableUri = '';
  const TABLE = 'example.org dane-only\n[relay.example.net]:587 secuer\n';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-tables-'));
    fs.writeFileSync(path.join(dir, 'main.cf'), 'compatibility_level = 3.11\nsmtp_tls_security_level = may\nsmtp_tls_policy_maps = hash:/etc/postfix/tls_policy, proxy:lmdb:/etc/postfix/relay_rules\ntls_server_sni_maps = cdb:/srv/postfix/certs_by_name\n');
    fs.writeFileSync(path.join(dir, 'tls_policy'), TABLE);
    mainUri = pathToFileURL(path.join(dir, 'main.cf')).toString();
    tableUri = pathToFileURL(path.join(dir, 'tls_policy')).toString();
    client = new LspClient('stdio');
    await client.initialize();
  });
  after(async () => {
    await client?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('diagnostics of the table, judged with the main.cf on disk beside it', async () => {
    await client.open(tableUri, 'postfix-tls-policy', TABLE);
    const p = await client.diagnostics(tableUri);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range.start.line]), [['dane-no-dnssec', 0], ['policy-unknown-level', 1]]);
    const fix = p.diagnostics[1];
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: tableUri }, range: fix.range, context: { diagnostics: [fix] } })) ?? [];
    assert.deepEqual(actions.map((a) => ('title' in a ? a.title : '')), ['Change to "secure"']);
  });

  it('hover on a level and completion of attributes', async () => {
    const h = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: tableUri }, position: Position.create(0, 15) })) as Hover;
    assert.match((h.contents as MarkupContent).value, /^\*\*dane-only\*\*/);
    await client.open(`${tableUri}-new`, 'postfix-tls-policy', 'example.com secure \n');
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: `${tableUri}-new` }, position: Position.create(0, 19) })) as CompletionList;
    assert.ok(list.items.some((i) => i.label === 'match='), JSON.stringify(list.items.map((i) => i.label)));
  });

  it('main.cf: hovering smtp_tls_policy_maps summarises the table beside it', async () => {
    await client.open(mainUri, 'postfix-main', fs.readFileSync(path.join(dir, 'main.cf'), 'utf8'));
    const h = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: mainUri }, position: Position.create(2, 4) })) as Hover;
    assert.match((h.contents as MarkupContent).value, /\*\*\/etc\/postfix\/tls_policy\*\*: 2 entries: 1 dane-only, 1 with an unknown level/);
  });

  it('postfix/tableKind: a file main.cf names as a table, whatever its name (by path, or by file name beside main.cf)', async () => {
    const kind = (name: string) => client.connection.sendRequest('postfix/tableKind', { uri: pathToFileURL(path.join(dir, name)).toString() });
    assert.equal(await kind('relay_rules'), 'tls-policy');
    assert.equal(await kind('certs_by_name'), 'sni');
    assert.equal(await kind('virtual'), null);
  });
});
