// Templates (ERB, Jinja, Zimbra): one model of their conditionals for every rule, and messages
// that name the template file rather than "main.cf".
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/service/languageService';
import { branchAt, branchMarks } from '../../server/src/service/parser/templates';
import type { Finding } from '../../server/src/service/findings';

let version = 0;
const MAIN_ERB = 'file:///srv/chef/cookbooks/postfix/templates/main.cf.erb';
const MASTER_J2 = 'file:///srv/ansible/roles/postfix/templates/master.cf.j2';

function findings(text: string, uri = MAIN_ERB, master?: { uri: string; text: string }): Finding[] {
  const main = TextDocument.create(uri, 'postfix-main', ++version, text);
  const m = master && TextDocument.create(master.uri, 'postfix-master', ++version, master.text);
  return getLanguageService().findings(main, { main, master: m });
}

function masterFindings(text: string, uri = MASTER_J2, main?: { uri: string; text: string }): Finding[] {
  const master = TextDocument.create(uri, 'postfix-master', ++version, text);
  const m = main && TextDocument.create(main.uri, 'postfix-main', ++version, main.text);
  return getLanguageService().findings(master, { main: m, master });
}

const rules = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);
const lines = (fs: Finding[]) => fs.map((f) => f.range.start.line);

describe('templates: branches of conditionals', () => {
  it('marks the arms of ERB and Jinja conditionals, nested, and a Zimbra %%uncomment%% line', () => {
    const erb = 'a = 1\n<% if @x -%>\nb = 1\n<% if @y -%>\nc = 1\n<% end -%>\n<% else -%>\nb = 2\n<% end -%>\nd = 1\n';
    const marks = branchMarks(erb);
    const at = (line: number) => branchAt(marks, { line, character: 0 });
    assert.deepEqual([0, 2, 4, 7, 9].map(at), ['', '0.0', '0.0/1.0', '0.1', '']);
    const j2 = '{% for k in keys %}\n{% if k %}\nx = 1\n{% elif j %}\nx = 2\n{% endif %}\n{% endfor %}\ny = 1\n';
    const jm = branchMarks(j2);
    assert.deepEqual([2, 4, 7].map((l) => branchAt(jm, { line: l, character: 0 })), ['0.0/1.0', '0.0/1.1', '']);
    const z = '%%uncomment VAR:zimbraMtaTlsAuthOnly%%smtpd_tls_auth_only = yes\nsmtpd_tls_auth_only = no\n';
    const zm = branchMarks(z);
    assert.notEqual(branchAt(zm, { line: 0, character: 40 }), branchAt(zm, { line: 1, character: 0 }));
    // `<% x = 1 %>` and `{% set a = 1 %}` open nothing.
    assert.deepEqual(branchMarks('<% x = 1 %>\n{% set a = 1 %}\n'), []);
  });

  it('duplicate-parameter: not for definitions in different branches, nor for a conditional override', () => {
    assert.deepEqual(rules(findings('<% if @relay -%>\nrelayhost = [relay.example]:587\n<% else -%>\nrelayhost =\n<% end -%>\n'), 'duplicate-parameter'), []);
    assert.deepEqual(rules(findings('relayhost =\n<% if @relay -%>\nrelayhost = [relay.example]:587\n<% end -%>\n'), 'duplicate-parameter'), []);
  });

  it('duplicate-parameter: still for two definitions outside any branch, or in the same branch, of a template', () => {
    const text = 'myhostname = a.example\n<% if @x -%>\nrelayhost = [r1]\nrelayhost = [r2]\n<% end -%>\n<%= @extra %>\nmyhostname = b.example\n';
    const dups = rules(findings(text), 'duplicate-parameter');
    assert.deepEqual(lines(dups), [3, 6]);
    assert.match(dups[1].message, /"myhostname" is already set on line 1: this later definition wins/);
  });

  it('TLS rules follow the same model: the later of two unconditional definitions is judged, alternatives are not', () => {
    const twice = findings('compatibility_level = 3.7\nsmtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.2\nsmtpd_tls_protocols = !SSLv2\n<%= @extra %>\n');
    assert.deepEqual(lines(rules(twice, 'duplicate-parameter')), [3]);
    assert.deepEqual(lines(rules(twice, 'weak-protocol-ssl')), [3]);
    const branches = findings('compatibility_level = 3.7\nsmtpd_tls_security_level = may\n<% if @legacy -%>\nsmtpd_tls_protocols = !SSLv2\n<% else -%>\nsmtpd_tls_protocols = >=TLSv1.2\n<% end -%>\n');
    assert.deepEqual(rules(branches, 'duplicate-parameter'), []);
    assert.deepEqual(rules(branches, 'weak-protocol-ssl'), []);
  });

  it('master.cf template: -o in different branches of one service are alternatives, twice in one branch a duplicate', () => {
    const alt = 'submission inet n - y - - smtpd\n{% if strict %}\n  -o smtpd_tls_security_level=encrypt\n{% else %}\n  -o smtpd_tls_security_level=may\n{% endif %}\n';
    assert.deepEqual(rules(masterFindings(alt), 'duplicate-parameter'), []);
    const dup = 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=may\n  -o smtpd_tls_security_level=encrypt\n{# a comment #}\n';
    assert.deepEqual(lines(rules(masterFindings(dup), 'duplicate-parameter')), [2]);
  });

  it('undefined-reference: an earlier definition in another branch is still read (it may be the one rendered)', () => {
    const text = '<% if @a -%>\nmyorigin = $first_typo\n<% else -%>\nmyorigin = $second_typo\n<% end -%>\n';
    assert.deepEqual(lines(rules(findings(text), 'undefined-reference')), [1, 3]);
    const same = 'myorigin = $first_typo\nmyorigin = $second_typo\n<%= @extra %>\n';
    assert.deepEqual(lines(rules(findings(same), 'undefined-reference')), [1]);
  });
});

describe('templates: messages name the file', () => {
  it('a main.cf.erb finding says "main.cf.erb line N", not "main.cf line N"', () => {
    const fs = findings('compatibility_level = 3.7\nsmtpd_tls_security_level = may\nsmtpd_tls_protocols = !SSLv2\n');
    const weak = rules(fs, 'weak-protocol-ssl');
    assert.equal(weak.length, 1);
    assert.match(weak[0].message, /\(main\.cf\.erb line 3\)/);
    for (const f of fs) assert.doesNotMatch(f.message, /\bmain\.cf line/, f.message);
  });

  it('a file of another name (postfix_main.cf.j2) and its master.cf.j2: each named as it is', () => {
    const main = { uri: 'file:///srv/ansible/roles/mail/templates/postfix_main.cf.j2', text: 'compatibility_level = 3.7\nsmtpd_tls_security_level = none\n' };
    const fs = masterFindings('submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=may\n  -o smtpd_tls_protocols=!SSLv2\n', MASTER_J2, main);
    const all = fs.map((f) => f.message).join('\n');
    assert.match(all, /master\.cf\.j2 line 3/);
    assert.doesNotMatch(all, /\bmaster\.cf line|\bmain\.cf line/);
  });

  it('near miss: plain main.cf and master.cf keep their names; an untitled document says main.cf', () => {
    const plain = findings('compatibility_level = 3.7\nsmtpd_tls_security_level = may\nsmtpd_tls_protocols = !SSLv2\n', 'file:///etc/postfix/main.cf');
    assert.match(rules(plain, 'weak-protocol-ssl')[0].message, /\(main\.cf line 3\)/);
    const untitled = findings('compatibility_level = 3.7\nsmtpd_tls_security_level = may\nsmtpd_tls_protocols = !SSLv2\n', 'untitled:Untitled-1');
    assert.match(rules(untitled, 'weak-protocol-ssl')[0].message, /\(main\.cf line 3\)/);
  });

  it('hover names the template file too', () => {
    const doc = TextDocument.create(MAIN_ERB, 'postfix-main', ++version, 'my_level = may\nsmtpd_tls_security_level = $my_level\n');
    const h = getLanguageService().doHover(doc, { line: 1, character: 3 }, { main: doc });
    const value = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(value, /\(main\.cf\.erb line 2, via \$my_level\)/);
    assert.doesNotMatch(value, /\bmain\.cf line/);
  });
});
