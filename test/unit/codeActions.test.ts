// Code action specs: each quick fix is applied with TextDocument.applyEdits and
// the result validated again: the finding is gone and no new error appears.
import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applyAction, docOf, fixesFor, Kind, listDiags, Options, validateDoc } from './spec';

interface Fixed {
  action: CodeAction;
  before: Diagnostic[];
  after: Diagnostic[];
  doc: TextDocument;
  text: string;
}

/** Applies the one quick fix of `rule` (the one titled like `title`, if given) and validates again. */
function fix(text: string, rule: string, opts: Options & { title?: RegExp } = {}): Fixed {
  const kind: Kind = opts.kind ?? 'main';
  const doc = docOf(text, kind);
  const before = validateDoc(doc, opts);
  const actions = fixesFor(doc, before, rule, opts).filter((a) => !opts.title || opts.title.test(a.title));
  assert.equal(actions.length, 1, `expected one ${rule} fix, got: ${actions.map((a) => a.title).join(' | ') || '(none)'}\n${listDiags(before)}`);
  const fixed = applyAction(doc, actions[0]);
  return { action: actions[0], before, after: validateDoc(fixed, opts), doc: fixed, text: fixed.getText() };
}

/** The rule's finding is gone and no error appeared that was not there before. */
function assertClean(f: Fixed, rule: string, name?: string): void {
  const left = f.after.filter((d) => d.code === rule && (!name || d.message.includes(`"${name}"`)));
  assert.deepEqual(left.map((d) => d.message), [], `the ${rule} finding is still there after "${f.action.title}"`);
  // By rule and line: a message may quote the definition, which the fix just rewrote.
  const key = (d: Diagnostic) => `${d.code}|${d.range.start.line}`;
  const old = new Set(f.before.filter((d) => d.severity === 1).map(key));
  const fresh = f.after.filter((d) => d.severity === 1 && !old.has(key(d)));
  assert.deepEqual(fresh.map((d) => `${d.code}: ${d.message}`), [], `"${f.action.title}" introduced errors:\n${f.text}`);
}

describe('code actions: deprecated-parameter', () => {
  it('renames postscreen_dnsbl_ttl to postscreen_dnsbl_max_ttl', () => {
    const f = fix('postscreen_dnsbl_ttl = 1h\nmyhostname = mail.example.com\n', 'deprecated-parameter');
    assert.equal(f.action.title, 'Change to "postscreen_dnsbl_max_ttl"');
    assert.equal(f.action.isPreferred, true);
    assert.equal(f.text, 'postscreen_dnsbl_max_ttl = 1h\nmyhostname = mail.example.com\n');
    assertClean(f, 'deprecated-parameter');
  });

  it('renames a whitelist name to its allowlist successor', () => {
    const f = fix('postscreen_whitelist_interfaces = !192.0.2.1, static:all\n', 'deprecated-parameter');
    assert.equal(f.text, 'postscreen_allowlist_interfaces = !192.0.2.1, static:all\n');
    assertClean(f, 'deprecated-parameter');
  });

  it('turns smtpd_use_tls = yes into smtpd_tls_security_level = may', () => {
    const f = fix('smtpd_use_tls = yes\nmyhostname = mail.example.com\n', 'deprecated-parameter');
    assert.equal(f.action.title, 'Replace with "smtpd_tls_security_level = may"');
    assert.equal(f.text, 'smtpd_tls_security_level = may\nmyhostname = mail.example.com\n');
    assertClean(f, 'deprecated-parameter');
  });

  it('turns smtpd_enforce_tls = yes into smtpd_tls_security_level = encrypt', () => {
    const f = fix('smtpd_enforce_tls = yes\n', 'deprecated-parameter');
    assert.equal(f.text, 'smtpd_tls_security_level = encrypt\n');
    assertClean(f, 'deprecated-parameter');
  });

  it('turns disable_dns_lookups = yes into smtp_dns_support_level = disabled', () => {
    const f = fix('disable_dns_lookups = yes\n', 'deprecated-parameter');
    assert.equal(f.text, 'smtp_dns_support_level = disabled\n');
    assertClean(f, 'deprecated-parameter');
  });

  it('removes the whole lines of a parameter without replacement', () => {
    const f = fix('myhostname = a\nsmtp_cname_overrides_servername =\n    yes\nmydomain = b\n', 'deprecated-parameter');
    assert.equal(f.text, 'myhostname = a\nmydomain = b\n');
    assertClean(f, 'deprecated-parameter');
  });

  it('writes name=value in a master.cf -o (blanks would split the argument)', () => {
    const f = fix('submission inet n - y - - smtpd\n  -o smtpd_use_tls=yes\n', 'deprecated-parameter', { kind: 'master' });
    assert.equal(f.text, 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=may\n');
    assertClean(f, 'deprecated-parameter');
  });

  it('keeps the braces of a master.cf -o { name = value }', () => {
    const f = fix('submission inet n - y - - smtpd\n  -o { smtpd_use_tls = yes }\n', 'deprecated-parameter', { kind: 'master' });
    assert.equal(f.text, 'submission inet n - y - - smtpd\n  -o { smtpd_tls_security_level = may }\n');
    assertClean(f, 'deprecated-parameter');
  });

  it('renames a master.cf -o name in place', () => {
    const f = fix('smtp inet n - y - 1 postscreen\n  -o postscreen_dnsbl_ttl=1h\n', 'deprecated-parameter', { kind: 'master' });
    assert.equal(f.text, 'smtp inet n - y - 1 postscreen\n  -o postscreen_dnsbl_max_ttl=1h\n');
    assertClean(f, 'deprecated-parameter');
  });

  it('removes a master.cf -o on its own line, keeping the service', () => {
    const f = fix('relay unix - - y - - smtp\n  -o smtp_cname_overrides_servername=yes\n  -o smtp_helo_timeout=5s\n', 'deprecated-parameter', { kind: 'master' });
    assert.equal(f.text, 'relay unix - - y - - smtp\n  -o smtp_helo_timeout=5s\n');
    assertClean(f, 'deprecated-parameter');
  });

  it('removes only "-o name=value" when it shares the service line', () => {
    const f = fix('relay unix - - y - - smtp -o smtp_cname_overrides_servername=yes -o smtp_helo_timeout=5s\n', 'deprecated-parameter', { kind: 'master' });
    assert.equal(f.text, 'relay unix - - y - - smtp -o smtp_helo_timeout=5s\n');
    assertClean(f, 'deprecated-parameter');
  });

  it('offers no guess when the old switch has no yes/no value', () => {
    const doc = docOf('smtpd_use_tls = $x\nx = yes\n');
    assert.deepEqual(fixesFor(doc, validateDoc(doc), 'deprecated-parameter'), []);
  });
});

describe('code actions: unknown-parameter and undefined-reference', () => {
  it('applies "did you mean" to an unknown name', () => {
    const f = fix('smtpd_tls_cert_fil = /etc/ssl/certs/mail.pem\n', 'unknown-parameter', { title: /^Change to/ });
    assert.equal(f.action.title, 'Change to "smtpd_tls_cert_file"');
    assert.equal(f.text, 'smtpd_tls_cert_file = /etc/ssl/certs/mail.pem\n');
    assertClean(f, 'unknown-parameter');
  });

  it('applies "did you mean" to an unknown -o name in master.cf', () => {
    const f = fix('submission inet n - y - - smtpd\n  -o smtpd_tls_securty_level=encrypt\n', 'unknown-parameter', { kind: 'master', title: /^Change to/ });
    assert.equal(f.text, 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n');
    assertClean(f, 'unknown-parameter');
  });

  it('applies "did you mean" to an undefined reference', () => {
    const f = fix('myorigin = $mydomian\n', 'undefined-reference');
    assert.equal(f.action.title, 'Change to "$mydomain"');
    assert.equal(f.text, 'myorigin = $mydomain\n');
    assertClean(f, 'undefined-reference');
  });

  it('offers no rename without a close name', () => {
    const doc = docOf('completely_unrelated_thing = 1\n');
    assert.deepEqual(fixesFor(doc, validateDoc(doc), 'unknown-parameter').filter((a) => a.edit), []);
  });
});

describe('code actions: mark as known parameter', () => {
  it('offers a command that adds the name to postfix.knownParameters (the client runs it)', () => {
    const doc = docOf('completely_unrelated_thing = 1\n');
    const actions = fixesFor(doc, validateDoc(doc), 'unknown-parameter');
    assert.equal(actions.length, 1);
    const a = actions[0];
    assert.equal(a.title, 'Mark "completely_unrelated_thing" as a known parameter (postfix.knownParameters)');
    assert.equal(a.kind, 'quickfix');
    assert.equal(a.edit, undefined);
    assert.deepEqual(a.command, { title: a.title, command: 'postfix.addKnownParameter', arguments: ['completely_unrelated_thing'] });
    assert.equal(a.isPreferred, false);
  });

  it('comes after the "did you mean" rename, which stays preferred where it was', () => {
    const doc = docOf('smtpd_tls_cert_fil = /etc/ssl/certs/mail.pem\n');
    const titles = fixesFor(doc, validateDoc(doc), 'unknown-parameter').map((a) => a.title);
    assert.deepEqual(titles, ['Change to "smtpd_tls_cert_file"', 'Mark "smtpd_tls_cert_fil" as a known parameter (postfix.knownParameters)']);
  });

  it('works for an -o name in master.cf', () => {
    const doc = docOf('submission inet n - y - - smtpd\n  -o site_flag=1\n', 'master');
    const a = fixesFor(doc, validateDoc(doc), 'unknown-parameter', { kind: 'master' });
    assert.deepEqual(a.map((x) => x.command?.arguments), [['site_flag']]);
  });

  it('once the name is in postfix.knownParameters, the finding and the action are gone', () => {
    const doc = docOf('site_flag = 1\n');
    const settings = { knownParameters: ['site_flag'] };
    const diags = validateDoc(doc, { settings });
    assert.deepEqual(diags.filter((d) => d.code === 'unknown-parameter'), []);
    assert.deepEqual(fixesFor(doc, diags, 'unknown-parameter', { settings }), []);
  });

  it('is not offered for other rules', () => {
    const doc = docOf('myorigin = $mydomian\n');
    assert.ok(fixesFor(doc, validateDoc(doc), 'undefined-reference').every((a) => !a.command));
  });
});

describe('code actions: accidental-continuation', () => {
  it('removes the leading whitespace so the line defines its own parameter', () => {
    const f = fix('myhostname = mail.example.com\n  mydomain = example.com\n', 'accidental-continuation');
    assert.equal(f.action.isPreferred, true);
    assert.equal(f.text, 'myhostname = mail.example.com\nmydomain = example.com\n');
    assertClean(f, 'accidental-continuation');
    const defs = f.after.filter((d) => d.code === 'syntax');
    assert.deepEqual(defs, []);
  });

  it('works with tabs and in a CRLF file', () => {
    const f = fix('myhostname = a\r\n\t mydomain = b\r\n', 'accidental-continuation');
    assert.equal(f.text, 'myhostname = a\r\nmydomain = b\r\n');
    assertClean(f, 'accidental-continuation');
  });
});

describe('code actions: only for our diagnostics', () => {
  it('ignores diagnostics of another source', () => {
    const doc = docOf('smtpd_tls_cert_fil = x\n');
    const foreign = validateDoc(doc).map((d) => ({ ...d, source: 'someone-else' }));
    assert.deepEqual(fixesFor(doc, foreign, 'unknown-parameter'), []);
  });
});
