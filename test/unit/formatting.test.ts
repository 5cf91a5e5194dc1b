// Formatting specs: postconf's style for main.cf, the stock columns for master.cf; values,
// comments, blank lines and template lines untouched; idempotent; and over the corpus,
// `postfix-lint --print` (service.print) is the same before and after.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { docOf, service } from './spec';

function formatted(text: string, kind: 'main' | 'master' = 'main', range?: Range, uri?: string): string {
  const doc = docOf(text, kind, uri);
  return TextDocument.applyEdits(doc, service().format(doc, range));
}

/** Formats, then checks that formatting the result changes nothing. */
function fmt(text: string, kind: 'main' | 'master' = 'main', uri?: string): string {
  const once = formatted(text, kind, undefined, uri);
  const doc = docOf(once, kind, uri);
  assert.deepEqual(service().format(doc), [], `not idempotent:\n${once}`);
  return once;
}

describe('formatting: main.cf', () => {
  it('writes name = value with one blank around =, and no trailing blanks', () => {
    assert.equal(fmt('myhostname=mx.example.com\nmydomain   =    example.com   \nrelayhost =\n'), 'myhostname = mx.example.com\nmydomain = example.com\nrelayhost =\n');
  });

  it('indents continuation lines by four spaces', () => {
    assert.equal(fmt('smtpd_recipient_restrictions =\n permit_mynetworks,\n\t\treject_unauth_destination\n'), 'smtpd_recipient_restrictions =\n    permit_mynetworks,\n    reject_unauth_destination\n');
  });

  it('keeps the indent most continuation lines of the file already use', () => {
    const text = 'a = x,\n  y,\n  z\nb = p,\n      q\n';
    assert.equal(fmt(text), 'a = x,\n  y,\n  z\nb = p,\n  q\n');
  });

  it('never changes a value, a comment or a blank line', () => {
    const text = '#   A comment   with  blanks\n\nsmtpd_banner=$myhostname   ESMTP  #not a comment\n\n\n  # indented comment\nb = 1\n';
    assert.equal(fmt(text), '#   A comment   with  blanks\n\nsmtpd_banner = $myhostname   ESMTP  #not a comment\n\n\n  # indented comment\nb = 1\n');
  });

  it('keeps CRLF line ends, and a tab indent the whole file uses', () => {
    assert.equal(fmt('a=1  \r\nb =\r\n\t2\r\n'), 'a = 1\r\nb =\r\n\t2\r\n');
  });

  it('leaves lines Postfix would reject as they are (apart from trailing blanks)', () => {
    assert.equal(fmt('  orphan = 1\nno equals here  \nname\n  = value\n'), '  orphan = 1\nno equals here\nname\n  = value\n');
  });

  it('leaves template lines alone', () => {
    const text = '{% if tls %}  \nsmtpd_tls_cert_file={{ cert }}  \n{% endif %}\nmyhostname=<%= @fqdn %>\nmydomain=example.com  \n';
    assert.equal(fmt(text, 'main', 'file:///srv/main.cf.j2'), '{% if tls %}  \nsmtpd_tls_cert_file={{ cert }}  \n{% endif %}\nmyhostname=<%= @fqdn %>\nmydomain = example.com\n');
  });

  it('range formatting changes only the logical lines in the range', () => {
    const text = 'a=1\nb=2\nc=x,\n  y  \nd=4\n';
    assert.equal(formatted(text, 'main', { start: { line: 1, character: 0 }, end: { line: 2, character: 1 } }), 'a=1\nb = 2\nc = x,\n  y\nd=4\n');
  });

  it('is already clean on a postconf-style file', () => {
    const text = 'myhostname = mx.example.com\nsmtpd_tls_chain_files =\n    /etc/ssl/private/mail.key,\n    /etc/ssl/certs/mail.pem\n';
    const doc = docOf(text);
    assert.deepEqual(service().format(doc), []);
  });
});

describe('formatting: master.cf', () => {
  it('aligns the eight fields in the columns of the stock master.cf and indents -o lines', () => {
    const text = 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n      -o syslog_name=postfix/submission\n\t-o smtpd_tls_security_level=encrypt   \npickup unix n - y 60 1 pickup\n';
    assert.equal(fmt(text, 'master'), [
      'smtp      inet  n       -       y       -       -       smtpd',
      'submission inet n       -       y       -       -       smtpd',
      '  -o syslog_name=postfix/submission',
      '  -o smtpd_tls_security_level=encrypt',
      'pickup    unix  n       -       y       60      1       pickup',
      '',
    ].join('\n'));
  });

  it('keeps arguments on the service line as written, and { } groups intact', () => {
    assert.equal(fmt('smtps inet n - y - - smtpd -o { smtpd_sasl_auth_enable = yes }  -o syslog_name=x\n', 'master'), 'smtps     inet  n       -       y       -       -       smtpd -o { smtpd_sasl_auth_enable = yes }  -o syslog_name=x\n');
  });

  it('leaves comments (and commented-out services) untouched', () => {
    const text = '# ==========\n#smtp inet n - y - 1 postscreen\n';
    assert.equal(fmt(text, 'master'), text);
  });
});

describe('formatting: the corpus', function () {
  this.timeout(120_000);
  const ROOT = path.resolve(__dirname, '../../..');
  const CORPUS = path.resolve(ROOT, '../shared/corpus');

  before(function () {
    if (!fs.existsSync(CORPUS)) {
      console.log(`    corpus directory ${CORPUS} is absent: skipping the formatting corpus run`);
      this.skip();
    }
  });

  for (const kind of ['main', 'master'] as const) {
    it(`every ${kind}.cf: idempotent, the same definitions, and (main.cf) the same postfix-lint --print`, () => {
      const dir = path.join(CORPUS, kind);
      const problems: string[] = [];
      let files = 0;
      let changed = 0;
      for (const name of fs.readdirSync(dir).sort()) {
        const file = path.join(dir, name);
        if (!fs.statSync(file).isFile()) continue;
        files++;
        const uri = `file://${file}`;
        const text = fs.readFileSync(file, 'utf8');
        const ls = service();
        const doc = TextDocument.create(uri, kind === 'main' ? 'postfix-main' : 'postfix-master', 1, text);
        const out = TextDocument.applyEdits(doc, ls.format(doc));
        if (out !== text) changed++;
        const after = TextDocument.create(uri, doc.languageId, 2, out);
        const again = ls.format(after);
        if (again.length) problems.push(`${kind}/${name}: not idempotent (${again.length} more edits, first on line ${again[0].range.start.line + 1})`);
        const defs = (d: TextDocument) => ls.parse(d).defs.map((x) => `${x.name}=${x.value}${x.service ? `@${x.service.key}` : ''}`);
        if (JSON.stringify(defs(doc)) !== JSON.stringify(defs(after))) problems.push(`${kind}/${name}: the definitions changed`);
        if (kind === 'master') {
          const svcs = (d: TextDocument) => ls.parse(d).services.map((s) => [s.key, ...s.fields.map((f) => f.text), s.command?.text, ...s.args.map((a) => a.text)].join(' '));
          if (JSON.stringify(svcs(doc)) !== JSON.stringify(svcs(after))) problems.push(`${kind}/${name}: the services changed`);
        } else if (ls.print(doc, { main: doc }) !== ls.print(after, { main: after })) {
          problems.push(`${kind}/${name}: postfix-lint --print differs after formatting`);
        }
        const problemsOf = (d: TextDocument) => ls.parse(d).problems.map((p) => `${p.code}:${p.message}`);
        if (JSON.stringify(problemsOf(doc)) !== JSON.stringify(problemsOf(after))) problems.push(`${kind}/${name}: the parse problems changed`);
      }
      console.log(`    formatted ${files} ${kind}.cf files, ${changed} changed`);
      assert.ok(files > 0);
      assert.deepEqual(problems, []);
    });
  }
});
