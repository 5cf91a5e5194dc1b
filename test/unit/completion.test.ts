// Completion specs: parameter names (TLS first, deprecated last, default as a
// snippet), values per parameter, $references, master.cf -o, and places where
// nothing must be offered.
import * as assert from 'node:assert/strict';
import { CompletionItemTag, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import { allFacts, facts } from '../../server/src/service/knowledge/knowledge';
import { complete, docOf, insertText, Options, r, service, sorted, sortedLabels, validate } from './spec';

function labels(src: string, opts: Options = {}): string[] {
  return sortedLabels(complete(src, opts));
}

function item(src: string, label: string, opts: Options = {}): CompletionItem {
  const found = complete(src, opts).items.find((i) => i.label === label);
  assert.ok(found, `no item ${label} for ${JSON.stringify(src)}`);
  return found;
}

/** The text a snippet produces when its placeholders are accepted as they are. */
function expandSnippet(text: string): string {
  return text.replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, (_, inner: string) => inner.replace(/\\(.)/g, '$1'));
}

describe('completion: parameter names in main.cf', () => {
  it('lists TLS names first for "smtpd_tls_"', () => {
    const items = sorted(complete('smtpd_tls_|').items);
    const tlsFlags = items.map((i) => !!facts(i.label)?.tls && !facts(i.label)?.deprecated);
    const firstNonTls = tlsFlags.indexOf(false);
    assert.ok(firstNonTls > 10, `only ${firstNonTls} TLS names before the first other one`);
    assert.ok(items.slice(0, firstNonTls).every((i) => i.label.includes('tls')));
    assert.ok(items.slice(0, firstNonTls).some((i) => i.label === 'smtpd_tls_security_level'));
  });

  it('tags deprecated names and sorts them last', () => {
    for (const word of ['smtpd_tls_', 'smtpd_', 'postscreen_']) {
      const items = sorted(complete(`${word}|`).items);
      const dep = items.map((i) => !!facts(i.label)?.deprecated);
      const first = dep.indexOf(true);
      assert.ok(first > 0, `no deprecated name for ${word}`);
      assert.ok(dep.slice(first).every(Boolean), `a non-deprecated name after a deprecated one for ${word}: ${items.slice(first).map((i) => i.label).join(', ')}`);
      for (const i of items) assert.equal(i.tags?.includes(CompletionItemTag.Deprecated) ?? false, !!facts(i.label)?.deprecated, i.label);
    }
    const use = item('smtpd_|', 'smtpd_use_tls');
    assert.match(use.detail!, /\(deprecated\)/);
  });

  it('inserts " = " and the default as a snippet placeholder', () => {
    const i = item('smtpd_tls_ciph|', 'smtpd_tls_ciphers');
    assert.equal(insertText(i), 'smtpd_tls_ciphers = ${1:medium}');
    assert.equal(i.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(r((i.textEdit as { range: import('vscode-languageserver-types').Range }).range), '0:0-0:14');
  });

  it('escapes "$" and "}" of a default inside the placeholder', () => {
    const i = item('smtp_delivery_status_fil|', 'smtp_delivery_status_filter');
    assert.equal(insertText(i), 'smtp_delivery_status_filter = ${1:\\$default_delivery_status_filter}');
    assert.equal(expandSnippet(insertText(i)), 'smtp_delivery_status_filter = $default_delivery_status_filter');
  });

  it('inserts only the name when "=" follows already, replacing the whole word', () => {
    const i = item('smtpd_tls_cert|_file = /etc/ssl/cert.pem\n', 'smtpd_tls_cert_file');
    assert.equal(insertText(i), 'smtpd_tls_cert_file');
    assert.equal(r((i.textEdit as { range: import('vscode-languageserver-types').Range }).range), '0:0-0:19');
  });

  it('matches names with capitals case-insensitively (smtpd_tls_CAfile)', () => {
    assert.ok(labels('smtpd_tls_ca|').includes('smtpd_tls_CAfile'));
    assert.ok(labels('smtpd_tls_CA|').includes('smtpd_tls_CAfile'));
    assert.equal(labels('smtpd_tls_CA|')[0], 'smtpd_tls_CAfile');
  });

  it('offers every parameter when its full name is typed', () => {
    const missing: string[] = [];
    const svc = service();
    for (const f of allFacts()) {
      const doc = docOf(f.name);
      const list = svc.doComplete(doc, { line: 0, character: f.name.length }, { main: doc });
      if (!list.items.some((i) => i.label === f.name)) missing.push(f.name);
    }
    assert.deepEqual(missing, []);
  });

  it('inserts defaults that validate without an error', () => {
    const bad: string[] = [];
    const svc = service();
    for (const f of allFacts()) {
      const doc = docOf(f.name);
      const i = svc.doComplete(doc, { line: 0, character: f.name.length }, { main: doc }).items.find((x) => x.label === f.name);
      if (!i) continue;
      const line = i.insertTextFormat === InsertTextFormat.Snippet ? expandSnippet(insertText(i)) : insertText(i);
      const errors = validate(`${line}\n`).filter((d) => d.severity === 1);
      if (errors.length) bad.push(`${line}  => ${errors.map((d) => d.message).join('; ')}`);
    }
    assert.deepEqual(bad, []);
  });

  it('offers user-defined names too', () => {
    const i = item('my_list = a\nmy_|', 'my_list');
    assert.equal(insertText(i), 'my_list = ');
  });
});

describe('completion: values', () => {
  it('offers none/may/encrypt for smtpd_tls_security_level (no dane)', () => {
    const l = labels('smtpd_tls_security_level = |');
    for (const v of ['none', 'may', 'encrypt']) assert.ok(l.includes(v), v);
    assert.ok(!l.includes('dane'));
    assert.ok(!l.includes('dane-only'));
  });

  it('offers dane and verify for smtp_tls_security_level', () => {
    const l = labels('smtp_tls_security_level = |');
    for (const v of ['none', 'may', 'encrypt', 'dane', 'dane-only', 'verify', 'secure']) assert.ok(l.includes(v), v);
  });

  it('replaces the word being typed', () => {
    const i = item('smtp_tls_security_level = da|', 'dane');
    assert.equal(r((i.textEdit as { range: import('vscode-languageserver-types').Range }).range), '0:26-0:28');
    assert.ok(i.documentation, 'values carry their explanation');
  });

  it('offers yes and no for booleans', () => {
    assert.deepEqual(labels('smtpd_tls_received_header = |'), ['no', 'yes']);
    assert.deepEqual(labels('smtpd_tls_auth_only = y|'), ['no', 'yes']);
  });

  it('offers ">=TLSv1.2" first for protocols, and exclusions', () => {
    const l = labels('smtpd_tls_protocols = |');
    assert.equal(l[0], '>=TLSv1.2');
    assert.ok(l.includes('!SSLv3'));
    assert.deepEqual(labels('smtpd_tls_mandatory_protocols = >=TLSv1.2, |')[0], '>=TLSv1.2');
  });

  it('does not offer the range form before Postfix 3.6', () => {
    const l = labels('smtpd_tls_protocols = |', { settings: { targetVersion: '3.5' } });
    assert.ok(!l.some((x) => x.startsWith('>=')), l.join(', '));
    assert.ok(l.includes('!TLSv1'));
  });

  it('offers cipher grades and table types', () => {
    assert.ok(labels('smtpd_tls_ciphers = |').includes('high'));
    const maps = labels('smtp_tls_policy_maps = |');
    assert.ok(maps.includes('hash:') && maps.includes('lmdb:') && maps.includes('proxy:'));
  });

  it('does not replace a template tag before the cursor', () => {
    const i = item('smtpd_tls_security_level = {% if x %}m|\n', 'may');
    assert.equal(r((i.textEdit as { range: import('vscode-languageserver-types').Range }).range), '0:37-0:38');
  });
});

describe('completion: $references', () => {
  it('lists defined names first, then known ones', () => {
    const l = labels('my_list = a\nmynetworks = $|');
    assert.equal(l[0], 'my_list');
    assert.ok(l.includes('myhostname'));
    assert.ok(l.includes('smtpd_tls_security_level'));
    assert.ok(!l.includes('smtpd_use_tls'), 'deprecated names are not offered as references');
  });

  it('closes ${ and $( references', () => {
    assert.equal(insertText(item('x = ${myhost|', 'myhostname')), 'myhostname}');
    assert.equal(insertText(item('x = $(myhost|', 'myhostname')), 'myhostname)');
    assert.equal(insertText(item('x = $myhost|', 'myhostname')), 'myhostname');
  });

  it('does not add a second closing bracket', () => {
    assert.equal(insertText(item('x = ${myhost|}', 'myhostname')), 'myhostname');
  });

  it('replaces the partial name', () => {
    const i = item('x = ${myhost|', 'myhostname');
    assert.equal(r((i.textEdit as { range: import('vscode-languageserver-types').Range }).range), '0:6-0:12');
  });

  it('offers main.cf names in a master.cf -o value', () => {
    const l = labels('submission inet n - y - - smtpd\n  -o smtpd_client_restrictions=$mua|', { kind: 'master', other: 'mua_client_restrictions = permit_sasl_authenticated, reject\n' });
    assert.equal(l[0], 'mua_client_restrictions');
  });
});

describe('completion: master.cf', () => {
  it('lists names after "-o " and inserts "name="', () => {
    const i = item('submission inet n - y - - smtpd\n  -o smtpd_tls_sec|', 'smtpd_tls_security_level', { kind: 'master' });
    assert.equal(insertText(i), 'smtpd_tls_security_level=');
    assert.equal(r((i.textEdit as { range: import('vscode-languageserver-types').Range }).range), '1:5-1:18');
    assert.ok(complete('submission inet n - y - - smtpd\n  -o |', { kind: 'master' }).items.length > 100);
  });

  it('inserts "name = " inside -o { ... }', () => {
    assert.equal(insertText(item('submission inet n - y - - smtpd\n  -o { smtpd_tls_sec|', 'smtpd_tls_security_level', { kind: 'master' })), 'smtpd_tls_security_level = ');
  });

  it('offers values after "-o name="', () => {
    const l = labels('submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=|', { kind: 'master' });
    assert.ok(l.includes('encrypt'));
  });

  it('offers nothing in the service fields', () => {
    assert.deepEqual(labels('subm|ission inet n - y - - smtpd\n', { kind: 'master' }), []);
  });
});

describe('completion: nothing where nothing belongs', () => {
  it('offers nothing inside a template tag', () => {
    assert.deepEqual(labels('smtpd_tls_security_level = {{ lev| }}\n'), []);
    assert.deepEqual(labels('smtpd_tls_security_level = <%= @lev| %>\n'), []);
    assert.deepEqual(labels('{% if smtpd_tls| %}\n'), []);
  });

  it('offers nothing in a comment', () => {
    assert.deepEqual(labels('# smtpd_tls_|\n'), []);
    assert.deepEqual(labels('   # smtpd_tls_security_level = |\n'), []);
  });

  it('offers nothing in a master.cf comment', () => {
    assert.deepEqual(labels('# submission inet n - y - - smtpd -o smtpd_|\n', { kind: 'master' }), []);
  });
});
