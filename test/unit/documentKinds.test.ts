// The document-kind registry (server/src/service/documentKinds.ts and shared/documentKinds.ts):
// how a file is recognised, parsed (cached per kind) and found, and that package.json, the
// client's document selector and the server agree on one list.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DIRECTORY_FILES, DOCUMENT_KINDS, kindOf, LANGUAGE_IDS, referencedSources } from '../../server/src/service/documentKinds';
import { getLanguageService } from '../../server/src/service/languageService';

const ROOT = path.resolve(__dirname, '../../..');

describe('document kinds: recognition', () => {
  const cases: Array<[string, string | undefined, string]> = [
    ['file:///etc/postfix/main.cf', undefined, 'main'],
    ['file:///etc/postfix/master.cf', 'postfix-main', 'master'],
    ['file:///repo/templates/master.cf.j2', undefined, 'master'],
    ['file:///repo/templates/main.cf.erb', 'postfix-master', 'main'],
    ['file:///repo/a%20b/master.cf', undefined, 'master'],
    ['file:///repo/postfix_master.j2', 'postfix-master', 'master'],
    ['untitled:Untitled-1', 'postfix-master', 'master'],
    ['untitled:Untitled-1', 'plaintext', 'main'],
    ['file:///repo/centos.main.cf.j2', undefined, 'main'],
  ];
  for (const [uri, languageId, kind] of cases) {
    it(`${uri}${languageId ? ` as ${languageId}` : ''} is ${kind}`, () => assert.equal(kindOf({ uri, languageId }), kind));
  }
});

describe('document kinds: one list for package.json, the client and the server', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { languages: Array<{ id: string; filenames?: string[] }> };
    activationEvents: string[];
  };

  it('every kind has its language in package.json, with an activation event', () => {
    for (const id of LANGUAGE_IDS) {
      assert.ok(pkg.contributes.languages.some((l) => l.id === id), `package.json lacks language ${id}`);
      assert.ok(pkg.activationEvents.includes(`onLanguage:${id}`), `package.json lacks onLanguage:${id}`);
    }
  });

  it('every file name package.json gives a language is recognised as that kind by name alone', () => {
    for (const k of DOCUMENT_KINDS) {
      const lang = pkg.contributes.languages.find((l) => l.id === k.languageId)!;
      for (const name of lang.filenames ?? []) assert.equal(kindOf({ uri: `file:///x/${name}`, languageId: 'plaintext' }), k.id, name);
    }
  });

  it('main.cf and master.cf are found by directory, under their own names', () => {
    assert.deepEqual(DIRECTORY_FILES, [{ id: 'main', fileName: 'main.cf' }, { id: 'master', fileName: 'master.cf' }]);
  });
});

describe('document kinds: parsing', () => {
  it('one parse per document version and kind: the same URI under another language is parsed anew as that kind', () => {
    const ls = getLanguageService();
    const text = 'smtp inet n - y - - smtpd\n';
    const asMaster = TextDocument.create('untitled:Untitled-1', 'postfix-master', 1, text);
    const first = ls.parse(asMaster);
    assert.equal(first.kind, 'master');
    assert.equal(ls.parse(asMaster), first);
    const asMain = TextDocument.create('untitled:Untitled-1', 'postfix-main', 1, text);
    assert.equal(ls.parse(asMain).kind, 'main');
    assert.equal(ls.parse(asMaster), first, 'the master.cf parse is kept beside the main.cf one');
    ls.forget('untitled:Untitled-1');
    assert.notEqual(ls.parse(asMaster), first);
  });
});

describe('document kinds: tables found through main.cf values', () => {
  it('the source file of each indexed table, behind proxy: too; no file for inline:, static: or a relative path', () => {
    const found = referencedSources([
      { parameter: 'smtp_tls_policy_maps', value: 'hash:/etc/postfix/tls_policy, proxy:lmdb:/etc/postfix/tls_policy2' },
      { parameter: 'lmtp_tls_policy_maps', value: 'inline:{ [lmtp.example.com] = encrypt, x = may } texthash:/etc/postfix/lmtp_policy' },
      { parameter: 'tls_server_sni_maps', value: 'static:/etc/x hash:relative/path cdb:/etc/postfix/sni' },
    ]);
    assert.deepEqual(found, [
      { parameter: 'smtp_tls_policy_maps', type: 'hash', path: '/etc/postfix/tls_policy' },
      { parameter: 'smtp_tls_policy_maps', type: 'lmdb', path: '/etc/postfix/tls_policy2' },
      { parameter: 'lmtp_tls_policy_maps', type: 'texthash', path: '/etc/postfix/lmtp_policy' },
      { parameter: 'tls_server_sni_maps', type: 'cdb', path: '/etc/postfix/sni' },
    ]);
  });
});
