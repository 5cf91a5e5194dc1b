// Outline specs: main.cf parameters grouped by comment headings (or by family), master.cf
// services with their -o overrides; ranges contain their selection ranges and children.
import * as assert from 'node:assert/strict';
import { DocumentSymbol, SymbolKind, SymbolTag } from 'vscode-languageserver-types';
import { docOf, r, service } from './spec';

function symbols(text: string, kind: 'main' | 'master' = 'main', other?: string): DocumentSymbol[] {
  const doc = docOf(text, kind);
  const pair = kind === 'main' ? { main: doc, master: other === undefined ? undefined : docOf(other, 'master') } : { master: doc };
  const syms = service().findDocumentSymbols(doc, pair);
  checkRanges(syms);
  return syms;
}

const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
const inside = (inner: DocumentSymbol['range'], outer: DocumentSymbol['range']) => before(outer.start, inner.start) && before(inner.end, outer.end);

/** selectionRange inside range, children inside their parent, siblings in order without overlap. */
function checkRanges(syms: DocumentSymbol[], parent?: DocumentSymbol): void {
  syms.forEach((s, i) => {
    assert.ok(inside(s.selectionRange, s.range), `${s.name}: selectionRange ${r(s.selectionRange)} outside range ${r(s.range)}`);
    if (parent) assert.ok(inside(s.range, parent.range), `${s.name} ${r(s.range)} outside its parent ${parent.name} ${r(parent.range)}`);
    if (i > 0) assert.ok(before(syms[i - 1].range.end, s.range.start), `${syms[i - 1].name} and ${s.name} overlap`);
    if (s.children) checkRanges(s.children, s);
  });
}

/** `name` or `name[child, child]`. */
function tree(syms: DocumentSymbol[]): string[] {
  return syms.map((s) => (s.children?.length ? `${s.name}[${s.children.map((c) => c.name).join(', ')}]` : s.name));
}

describe('document symbols: main.cf', () => {
  it('groups the parameters under the comment headings above them', () => {
    const text = [
      '# Identity',
      'myhostname = mx.example.com',
      'mydomain = example.com',
      '',
      '# ===== TLS parameters =====',
      'smtpd_tls_cert_file=/etc/ssl/certs/mail.pem',
      'smtpd_tls_key_file=/etc/ssl/private/mail.key',
      '',
      'smtp_tls_security_level = may',
      '',
      '',
      'relayhost = [smtp.example.net]:587',
      '',
    ].join('\n');
    const syms = symbols(text);
    assert.deepEqual(tree(syms), ['Identity[myhostname, mydomain]', 'TLS parameters[smtpd_tls_cert_file, smtpd_tls_key_file, smtp_tls_security_level]', 'relayhost']);
    const tls = syms[1];
    assert.equal(tls.kind, SymbolKind.Namespace);
    assert.equal(r(tls.range), '4:0-8:29');
    assert.equal(r(tls.selectionRange), '4:0-4:28');
    const cert = tls.children![0];
    assert.equal(cert.kind, SymbolKind.Property);
    assert.equal(r(cert.range), '5:0-5:43');
    assert.equal(r(cert.selectionRange), '5:0-5:19');
    assert.equal(cert.detail, '/etc/ssl/certs/mail.pem');
  });

  it('a paragraph that documents the parameter below it and commented-out settings are no headings (then families group)', () => {
    const text = [
      '# The myhostname parameter specifies the internet hostname of this',
      '# mail system. $myhostname is used as a default for many others.',
      '# See postconf(5).',
      'myhostname = mx.example.com',
      '',
      '#myorigin = $mydomain',
      'myorigin = example.com',
      '',
    ].join('\n');
    assert.deepEqual(tree(symbols(text)), ['Identity and network[myhostname, myorigin]']);
  });

  it('a one-line comment naming the one parameter below it is no section', () => {
    const text = '# Identity\nmyhostname = mx\n\n# relayhost: the smarthost\nrelayhost = [smtp.example.net]\n# TLS\nsmtp_tls_security_level = may\nsmtp_tls_loglevel = 1\n';
    assert.deepEqual(tree(symbols(text)), ['Identity[myhostname]', 'relayhost', 'TLS[smtp_tls_security_level, smtp_tls_loglevel]']);
  });

  it('without headings, groups runs of one family (TLS server, TLS client, ...)', () => {
    const text = [
      'smtpd_tls_cert_file = /etc/ssl/certs/mail.pem',
      'smtpd_tls_key_file = /etc/ssl/private/mail.key',
      'smtpd_tls_security_level = may',
      'smtp_tls_security_level = may',
      'smtp_tls_loglevel = 1',
      'myhostname = mx.example.com',
      '',
    ].join('\n');
    const syms = symbols(text);
    assert.deepEqual(tree(syms), ['TLS server[smtpd_tls_cert_file, smtpd_tls_key_file, smtpd_tls_security_level]', 'TLS client[smtp_tls_security_level, smtp_tls_loglevel]', 'myhostname']);
    assert.equal(r(syms[0].range), '0:0-2:30');
    assert.equal(r(syms[0].selectionRange), '0:0-0:19');
  });

  it('a multi-line value is one symbol whose range spans its lines', () => {
    const syms = symbols('smtpd_recipient_restrictions =\n    permit_mynetworks,\n    reject_unauth_destination\n');
    assert.equal(syms.length, 1);
    assert.equal(r(syms[0].range), '0:0-2:29');
    assert.equal(syms[0].detail, 'permit_mynetworks, reject_unauth_destination');
  });

  it('marks deprecated names and tells user-defined names by their kind', () => {
    const syms = symbols('smtpd_use_tls = yes\nmy_nets = 10.0.0.0/8\nmynetworks = $my_nets\n');
    const flat = syms.flatMap((s) => s.children ?? [s]);
    const by = (n: string) => flat.find((s) => s.name === n)!;
    assert.deepEqual(by('smtpd_use_tls').tags, [SymbolTag.Deprecated]);
    assert.equal(by('my_nets').kind, SymbolKind.Variable);
    assert.equal(by('mynetworks').kind, SymbolKind.Property);
  });

  it('an empty file has no symbols', () => {
    assert.deepEqual(symbols(''), []);
    assert.deepEqual(symbols('# only a comment\n'), []);
  });
});

describe('document symbols: master.cf', () => {
  it('one symbol per service, its -o overrides as children', () => {
    const text = [
      '# service type  private unpriv  chroot  wakeup  maxproc command + args',
      'smtp      inet  n       -       y       -       -       smtpd',
      'submission inet n       -       y       -       -       smtpd',
      '  -o syslog_name=postfix/submission',
      '  -o smtpd_tls_security_level=encrypt',
      'pickup    unix  n       -       y       60      1       pickup',
      '',
    ].join('\n');
    const syms = symbols(text, 'master');
    assert.deepEqual(tree(syms), ['smtp/inet', 'submission/inet[syslog_name, smtpd_tls_security_level]', 'pickup/unix']);
    const sub = syms[1];
    assert.equal(sub.kind, SymbolKind.Module);
    assert.equal(sub.detail, 'smtpd');
    assert.equal(r(sub.range), '2:0-4:37');
    assert.equal(r(sub.selectionRange), '2:0-2:10');
    assert.equal(r(sub.children![1].selectionRange), '4:5-4:29');
    assert.equal(sub.children![1].detail, 'encrypt');
  });

  it('shows the command arguments other than -o as the detail', () => {
    const syms = symbols('dovecot unix - n n - - pipe\n  flags=DRhu user=vmail argv=/usr/lib/dovecot/deliver -d ${recipient}\n', 'master');
    assert.equal(syms[0].detail, 'pipe flags=DRhu user=vmail argv=/usr/lib/dovecot/deliver -d ${recipient}');
    assert.equal(syms[0].children?.length, 0);
  });

  it('keeps the daemon\'s own -o options (pipe argv) in the detail, and lists only the real overrides', () => {
    const syms = symbols('dovecot unix - n n - - pipe\n  -o syslog_name=postfix/dovecot flags=DRhu argv=/usr/sbin/sendmail -oi -f ${sender}\n', 'master');
    assert.equal(syms[0].detail, 'pipe flags=DRhu argv=/usr/sbin/sendmail -oi -f ${sender}');
    assert.deepEqual(syms[0].children?.map((c) => c.name), ['syslog_name']);
  });
});
