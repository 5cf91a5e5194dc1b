// Inlay hint specs (postfix.inlayHints.enabled): the expanded value after a line that
// references other parameters, "(default)" after one that restates the default; and the
// default-value hint diagnostic with its quick fix.
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag, InlayHint, MarkupContent } from 'vscode-languageserver-types';
import { applyAction, diagnosticsOf, docOf, fixesFor, service, validateDoc } from './spec';

const ON = { inlayHints: { enabled: true } };
const ALL = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

function hints(text: string, opts: { kind?: 'main' | 'master'; other?: string; settings?: object } = {}): InlayHint[] {
  const kind = opts.kind ?? 'main';
  const doc = docOf(text, kind);
  const other = opts.other === undefined ? undefined : docOf(opts.other, kind === 'main' ? 'master' : 'main');
  const pair = kind === 'main' ? { main: doc, master: other } : { master: doc, main: other };
  return service().getInlayHints(doc, ALL, pair, opts.settings ?? ON);
}

function shown(h: InlayHint[]): string[] {
  return h.map((x) => `${x.position.line}:${x.position.character} ${x.label as string}`);
}

describe('inlay hints', () => {
  it('show no expansion for a value Postfix passes on unexpanded (mailbox_command)', () => {
    assert.deepEqual(shown(hints('mailbox_command = /usr/bin/procmail -a "$EXTENSION"\n')), []);
  });

  it('are off unless postfix.inlayHints.enabled', () => {
    assert.deepEqual(hints('a = 1\nb = $a\n', { settings: {} }), []);
    assert.deepEqual(hints('a = 1\nb = $a\n', { settings: { inlayHints: { enabled: false } } }), []);
  });

  it('show the value after $ expansion at the end of a line that references others', () => {
    const h = hints('relay = mx.example.com\nrelayhost = [$relay]:587\nmyorigin = example.com\n');
    assert.deepEqual(shown(h), ['1:24 ⇒ [mx.example.com]:587']);
    assert.equal(h[0].paddingLeft, true);
    assert.match((h[0].tooltip as MarkupContent).value, /\*\*relayhost\*\* expands to `\[mx\.example\.com\]:587`/);
  });

  it('at the end of the last line of a multi-line value; nested references expanded', () => {
    assert.deepEqual(shown(hints('a = x\nb = $a y\nc = $b,\n    $a\n')), ['1:8 ⇒ x y', '3:6 ⇒ x y, x']);
  });

  it('say when host-dependent names are left empty', () => {
    const h = hints('myorigin = $mydomain\n');
    assert.deepEqual(shown(h), ['0:20 ⇒ (empty)']);
    assert.match((h[0].tooltip as MarkupContent).value, /`\$mydomain` depends on the host/);
  });

  it('use the service view for master.cf -o values', () => {
    const h = hints('submission inet n - y - - smtpd\n  -o my_level=encrypt\n  -o smtpd_tls_security_level=$my_level\n', { kind: 'master', other: 'my_level = may\n' });
    assert.deepEqual(shown(h), ['2:39 ⇒ encrypt']);
  });

  it('no hint for a reference cycle, or in the requested range only', () => {
    assert.deepEqual(hints('a = $b\nb = $a\n'), []);
    const doc = docOf('a = 1\nb = $a\nc = $a\n');
    const h = service().getInlayHints(doc, { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } }, { main: doc }, ON);
    assert.deepEqual(shown(h), ['2:6 ⇒ 1']);
  });

  it('show (default) after a line that restates the default', () => {
    const h = hints('smtpd_tls_loglevel = 0\nsmtpd_tls_loglevel_x = 0\nmailbox_size_limit = 51200000\nbiff = no\n');
    assert.deepEqual(shown(h), ['0:22 (default)', '2:29 (default)']);
    assert.match((h[0].tooltip as MarkupContent).value, /Same as the default of Postfix 3\.\d+: `0`/);
  });
});

describe('default-value diagnostic', () => {
  it('is a hint, greyed out, on a line that restates the default', () => {
    const d = diagnosticsOf('smtpd_tls_loglevel = 0\ninet_interfaces = all\n', 'default-value');
    assert.equal(d.length, 2);
    assert.equal(d[0].severity, DiagnosticSeverity.Hint);
    assert.deepEqual(d[0].tags, [DiagnosticTag.Unnecessary]);
    assert.match(d[0].message, /^same as the default: "smtpd_tls_loglevel" is "0" by default in Postfix/);
    assert.deepEqual(d[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 22 } });
  });

  it('compares values the way Postfix reads them: blanks, commas, yes/no case', () => {
    assert.equal(diagnosticsOf('smtpd_tls_received_header = NO\n', 'default-value').length, 1);
    assert.equal(diagnosticsOf('mydestination = $myhostname,localhost.$mydomain,\n    localhost\n', 'default-value').length, 1);
    assert.equal(diagnosticsOf('smtpd_tls_security_level =\n', 'default-value').length, 1);
  });

  it('stays quiet on a different value, a repeated name, compatibility-dependent and build-dependent defaults, -o overrides', () => {
    const none = (text: string, opts = {}) => assert.deepEqual(diagnosticsOf(text, 'default-value', opts), [], text);
    none('smtpd_tls_loglevel = 1\n');
    none('smtpd_tls_loglevel = 1\nsmtpd_tls_loglevel = 0\n');
    none('append_dot_mydomain = no\n');
    none('relay_domains =\n');
    none('smtp_tls_security_level = may\ncompatibility_level = 3.11\n');
    none('alias_maps = hash:/etc/aliases, nis:mail.aliases\n');
    none('myhostname = localhost\n');
    none('submission inet n - y - - smtpd\n  -o smtpd_tls_loglevel=0\n', { kind: 'master' });
    none('my_own = 0\n');
  });

  it('offers a quick fix that removes the line', () => {
    const doc = docOf('myhostname = mx.example.com\nsmtpd_tls_loglevel = 0\nmyorigin = example.com\n');
    const fixes = fixesFor(doc, validateDoc(doc), 'default-value');
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0].title, 'Remove "smtpd_tls_loglevel" (same as the default)');
    assert.equal(fixes[0].isPreferred, false);
    const after = applyAction(doc, fixes[0]);
    assert.equal(after.getText(), 'myhostname = mx.example.com\nmyorigin = example.com\n');
    assert.deepEqual(validateDoc(after).filter((d) => d.code === 'default-value'), []);
  });

  it('can be turned off like any rule', () => {
    assert.deepEqual(diagnosticsOf('smtpd_tls_loglevel = 0\n', 'default-value', { settings: { rules: { 'default-value': 'off' } } }), []);
  });
});
