// Completion for a client that takes item defaults (VS Code does): a range common to every item is
// sent once, as itemDefaults.editRange, and each item carries only its text (textEditText, left out
// where it is the label).
import * as assert from 'node:assert/strict';
import { CompletionList, CompletionRequest, CompletionResolveRequest, MarkupContent, Position } from 'vscode-languageserver-protocol/node';
import { LspClient } from './lspClient';

describe('completion with completionList.itemDefaults (node dist/server.js --stdio)', function () {
  this.timeout(20_000);
  let client: LspClient;

  before(async () => {
    client = new LspClient('stdio');
    await client.initialize(undefined, {
      completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] }, completionList: { itemDefaults: ['editRange', 'data'] } },
    });
  });

  after(async () => client?.dispose());

  it('sends the common range once and the items without ranges; resolve still documents them', async () => {
    const uri = 'file:///tmp/defaults/main.cf';
    await client.open(uri, 'postfix-main', 'smtpd_tls_sec\nmyorigin = $myhost\n');
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: Position.create(0, 13) })) as CompletionList;
    assert.deepEqual(list.itemDefaults?.editRange, { start: { line: 0, character: 0 }, end: { line: 0, character: 13 } });
    const level = list.items.find((i) => i.label === 'smtpd_tls_security_level');
    assert.ok(level, 'smtpd_tls_security_level offered');
    assert.equal(level.textEdit, undefined);
    assert.ok(level.textEditText?.startsWith('smtpd_tls_security_level = '), level.textEditText);
    assert.ok(list.items.every((i) => i.textEdit === undefined));
    const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, level);
    assert.match((resolved.documentation as MarkupContent).value, /\*\*smtpd_tls_security_level\*\*/);

    const refs = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: Position.create(1, 18) })) as CompletionList;
    assert.deepEqual(refs.itemDefaults?.editRange, { start: { line: 1, character: 12 }, end: { line: 1, character: 18 } });
    // Where the text is the label, the label is what the client inserts.
    const host = refs.items.find((i) => i.label === 'myhostname');
    assert.ok(host && host.textEdit === undefined && host.textEditText === undefined, JSON.stringify(host));
  });
});
