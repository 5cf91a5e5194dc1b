// Parser specs: logical lines, names and values with exact ranges, references,
// lists and tables, master.cf entries and template tags, as Postfix reads them.
import * as assert from 'node:assert/strict';
import { findTables, scanReferences, splitList } from '../../server/src/service/parser/values';
import { TABLE_TYPES } from '../../server/src/service/knowledge/tableTypes';
import type { ParsedConfig } from '../../server/src/service/parser/ast';
import { diagnosticsOf, docOf, general, Kind, listDiags, r, service, validate } from './spec';

function parse(text: string, kind: Kind = 'main'): ParsedConfig {
  return service().parse(docOf(text, kind));
}

function defsOf(text: string, kind: Kind = 'main'): Array<[string, string]> {
  return parse(text, kind).defs.map((d) => [d.name, d.value]);
}

function effective(text: string, name: string) {
  return service().config({ main: docOf(text) }).effective(name);
}

describe('parser: main.cf logical lines', () => {
  it('treats "#" as a comment only as the first non-blank character', () => {
    assert.deepEqual(defsOf('# comment\nmyhostname = a # in value\n   # indented comment\nmydomain = b#c\n'), [
      ['myhostname', 'a # in value'],
      ['mydomain', 'b#c'],
    ]);
  });

  it('records comment lines', () => {
    assert.deepEqual(parse('# one\nmyhostname = a\n  # two\n').commentLines, [0, 2]);
  });

  it('continues a value across blank and comment lines', () => {
    const text = 'myhostname = a\n\n# comment\n  b.example\n\n\t c\nmydomain = x\n';
    assert.deepEqual(defsOf(text), [
      ['myhostname', 'a b.example c'],
      ['mydomain', 'x'],
    ]);
  });

  it('drops trailing whitespace and the CR of a CRLF file', () => {
    const text = 'myhostname = mail.example.com \t\r\n  second  \r\nmydomain = example.com\r\n';
    const p = parse(text);
    assert.deepEqual(p.defs.map((d) => [d.name, d.value]), [
      ['myhostname', 'mail.example.com second'],
      ['mydomain', 'example.com'],
    ]);
    assert.equal(r(p.defs[0].valueRange), '0:13-1:8');
    assert.equal(r(p.defs[1].valueRange), '2:11-2:22');
    assert.deepEqual(general(validate(text)), [], 'a CRLF file is clean');
  });

  it('allows no blanks or only blanks around "="', () => {
    assert.deepEqual(defsOf('myhostname=a\nmydomain   =   b\nmyorigin =\n'), [
      ['myhostname', 'a'],
      ['mydomain', 'b'],
      ['myorigin', ''],
    ]);
  });

  it('gives exact ranges for the name, the value and the definition', () => {
    const [d] = parse('myhostname   =   mail.example.com\n').defs;
    assert.equal(r(d.nameRange), '0:0-0:10');
    assert.equal(r(d.valueRange), '0:17-0:33');
    assert.equal(r(d.range), '0:0-0:33');
  });

  it('gives exact ranges for a value on continuation lines', () => {
    const text = 'smtpd_recipient_restrictions =\n    permit_mynetworks,\n\n    reject_unauth_destination\n';
    const [d] = parse(text).defs;
    assert.equal(d.value, 'permit_mynetworks, reject_unauth_destination');
    assert.equal(r(d.nameRange), '0:0-0:28');
    assert.equal(r(d.valueRange), '1:4-3:29');
    assert.equal(r(d.range), '0:0-3:29');
    assert.equal(d.logical.startLine, 0);
    assert.equal(d.logical.endLine, 3);
  });

  it('maps an item of a continued value to its own line', () => {
    const text = 'smtpd_tls_received_header =\n  maybe\n';
    const [bad] = diagnosticsOf(text, 'invalid-value');
    assert.ok(bad, listDiags(validate(text)));
    assert.equal(r(bad.range), '1:2-1:7');
  });

  it('reports a missing "=" and a missing name as syntax errors', () => {
    const text = 'myhostname mail.example.com\n= value\n';
    const diags = diagnosticsOf(text, 'syntax');
    assert.equal(diags.length, 2, listDiags(diags));
    assert.match(diags[0].message, /missing '=' after attribute name/);
    assert.equal(r(diags[0].range), '0:0-0:27');
    assert.match(diags[1].message, /missing attribute name before '='/);
    assert.equal(r(diags[1].range), '1:0-1:7');
  });

  it('reports an indented first line: it continues nothing', () => {
    const diags = diagnosticsOf('  myhostname = a\n', 'syntax');
    assert.equal(diags.length, 1);
    assert.equal(r(diags[0].range), '0:2-0:16');
    assert.match(diags[0].message, /must not start with whitespace/);
  });
});

describe('parser: effective configuration', () => {
  it('lets the last definition win', () => {
    const e = effective('myhostname = first\nmydomain = x\nmyhostname = second\n', 'myhostname');
    assert.equal(e.text, 'second');
    assert.equal(e.source.kind, 'main');
    assert.ok(e.source.kind === 'main' && e.source.def.range.start.line === 2);
  });

  it('expands $name, ${name} and $(name)', () => {
    const text = 'a = x\nb = $a-${a}-$(a)\n';
    assert.equal(effective(text, 'b').text, 'x-x-x');
    assert.deepEqual(effective(text, 'b').via, ['a', 'a', 'a']);
  });

  it('expands ${a?x}, ${a:x} and ${a?{x}:{y}} by whether a is empty', () => {
    const text = 'full = 1\nempty =\nq1 = ${full?yes}\nq2 = ${empty?yes}\nc1 = ${full:no}\nc2 = ${empty:no}\nt1 = ${full?{y}:{n}}\nt2 = ${empty?{y}:{n}}\n';
    assert.equal(effective(text, 'q1').text, 'yes');
    assert.equal(effective(text, 'q2').text, '');
    assert.equal(effective(text, 'c1').text, '');
    assert.equal(effective(text, 'c2').text, 'no');
    assert.equal(effective(text, 't1').text, 'y');
    assert.equal(effective(text, 't2').text, 'n');
  });

  it('turns $$ into a literal $ and does not expand it', () => {
    const text = 'a = x\nb = $$a cost\n';
    assert.equal(effective(text, 'b').text, '$a cost');
    assert.deepEqual(effective(text, 'b').via, []);
  });

  it('falls back to the documented default', () => {
    const e = effective('myhostname = x\n', 'smtpd_tls_ciphers');
    assert.equal(e.source.kind, 'default');
    assert.equal(e.text, 'medium');
  });
});

describe('parser: references', () => {
  const refs = (v: string) => scanReferences(v).refs.map((x) => [x.name, x.start, x.end, x.nameStart, x.nameEnd, x.operator ?? '']);

  it('finds $a, ${a} and $(a) with exact offsets', () => {
    assert.deepEqual(refs('$a x'), [['a', 0, 2, 1, 2, '']]);
    assert.deepEqual(refs('x ${abc}'), [['abc', 2, 8, 4, 7, '']]);
    assert.deepEqual(refs('$(abc)'), [['abc', 0, 6, 2, 5, '']]);
  });

  it('finds the conditional forms and references inside them', () => {
    assert.deepEqual(refs('${a?x}'), [['a', 0, 6, 2, 3, '?']]);
    assert.deepEqual(refs('${a:x}'), [['a', 0, 6, 2, 3, ':']]);
    assert.deepEqual(refs('${a?{x}:{y}}'), [['a', 0, 12, 2, 3, '?']]);
    assert.deepEqual(refs('${a?{$b}:{$c}}'), [
      ['a', 0, 14, 2, 3, '?'],
      ['b', 5, 7, 6, 7, ''],
      ['c', 10, 12, 11, 12, ''],
    ]);
  });

  it('skips the $$ escape', () => {
    assert.deepEqual(refs('$$a $b'), [['b', 4, 6, 5, 6, '']]);
    assert.deepEqual(refs('$$'), []);
  });

  it('reports an unterminated ${ as a problem', () => {
    const { refs: found, problems } = scanReferences('x ${myorigin');
    assert.deepEqual(found, []);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].start, 2);
    assert.equal(problems[0].end, 12);
    assert.match(problems[0].message, /no closing "}"/);
  });

  it('gives an unterminated ${ in main.cf a syntax error on the reference', () => {
    const diags = diagnosticsOf('myorigin = ${mydomain\n', 'syntax');
    assert.equal(diags.length, 1, listDiags(diags));
    assert.equal(r(diags[0].range), '0:11-0:21');
    assert.equal(diags[0].severity, 1);
    assert.match(diags[0].message, /truncated macro reference/);
    const paren = diagnosticsOf('myorigin = $(mydomain\n', 'syntax');
    assert.match(paren[0].message, /no closing "\)"/);
  });
});

describe('parser: lists and tables', () => {
  it('splits list items on commas and whitespace', () => {
    assert.deepEqual(splitList('a, b\tc,d  e').map((i) => i.text), ['a', 'b', 'c', 'd', 'e']);
  });

  it('keeps {...} and $(...) together with exact offsets', () => {
    assert.deepEqual(splitList('a, {x y, z},  $(p q), d').map((i) => [i.text, i.start, i.end]), [
      ['a', 0, 1],
      ['{x y, z}', 3, 11],
      ['$(p q)', 14, 20],
      ['d', 22, 23],
    ]);
  });

  it('finds type:name tables, keeping proxy: wrappers as the outer type', () => {
    const t = findTables('hash:/etc/x, proxy:mysql:/etc/y permit_mynetworks inline:{a=b, c=d}', TABLE_TYPES);
    assert.deepEqual(t.map((x) => [x.type, x.name, x.start, x.end, x.typeEnd]), [
      ['hash', '/etc/x', 0, 11, 4],
      ['proxy', 'mysql:/etc/y', 13, 31, 18],
      ['inline', '{a=b, c=d}', 50, 67, 56],
    ]);
  });

  it('does not take an unknown prefix or a bare word for a table', () => {
    assert.deepEqual(findTables('nosuchtype:/x reject hash:', TABLE_TYPES), []);
  });
});

describe('parser: master.cf', () => {
  it('reads the 8 fields, the command arguments and -o overrides', () => {
    const p = parse('smtp      inet  n       -       y       -       -       smtpd\n  -o smtpd_tls_security_level=may\n', 'master');
    assert.equal(p.services.length, 1);
    const s = p.services[0];
    assert.equal(s.key, 'smtp/inet');
    assert.deepEqual(s.fields.map((f) => f.text), ['smtp', 'inet', 'n', '-', 'y', '-', '-']);
    assert.equal(s.command?.text, 'smtpd');
    assert.deepEqual(s.args.map((a) => a.text), ['-o', 'smtpd_tls_security_level=may']);
    assert.equal(r(s.name.range), '0:0-0:4');
    assert.equal(r(s.command!.range), '0:56-0:61');
    assert.deepEqual(p.problems, []);
  });

  it('joins continuation lines (across blank and comment lines) into the entry', () => {
    const p = parse('submission inet n - y - - smtpd\n  -o syslog_name=postfix/submission\n\n# the level\n  -o smtpd_tls_security_level=encrypt\nsmtp unix - - y - - smtp\n', 'master');
    assert.deepEqual(p.services.map((s) => s.key), ['submission/inet', 'smtp/unix']);
    assert.deepEqual(p.services[0].overrides.map((o) => [o.name, o.value]), [
      ['syslog_name', 'postfix/submission'],
      ['smtpd_tls_security_level', 'encrypt'],
    ]);
    assert.equal(p.services[1].overrides.length, 0);
  });

  it('gives an -o name=value override exact ranges and its service', () => {
    const [d] = parse('submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n', 'master').defs;
    assert.equal(d.origin, 'master');
    assert.equal(d.service?.key, 'submission/inet');
    assert.equal(r(d.nameRange), '1:5-1:29');
    assert.equal(r(d.valueRange), '1:30-1:37');
    assert.equal(r(d.range), '1:5-1:37');
  });

  it('reads -o { name = value } with blanks inside the braces (Postfix 3.0+)', () => {
    const [d] = parse('smtp unix - - y - - smtp\n  -o { smtp_helo_name = mail example }\n', 'master').defs;
    assert.equal(d.name, 'smtp_helo_name');
    assert.equal(d.value, 'mail example');
    assert.equal(r(d.nameRange), '1:7-1:21');
    assert.equal(r(d.valueRange), '1:24-1:36');
  });

  it('reads -oname=value without a blank', () => {
    const [d] = parse('smtp unix - - y - - smtp -osmtp_helo_name=x\n', 'master').defs;
    assert.deepEqual([d.name, d.value, r(d.nameRange)], ['smtp_helo_name', 'x', '0:27-0:41']);
  });

  it('reads master(8) options only up to the first daemon argument: a pipe argv keeps its own -oi', () => {
    const text = 'dovecot unix - n n - - pipe\n  -o syslog_name=postfix/dovecot flags=DRhu user=vmail argv=/usr/sbin/sendmail -oi -f ${sender} -o x\n';
    const p = parse(text, 'master');
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.defs.map((d) => [d.name, d.value]), [['syslog_name', 'postfix/dovecot']]);
    assert.deepEqual(p.services[0].args.map((a) => a.text).slice(2), ['flags=DRhu', 'user=vmail', 'argv=/usr/sbin/sendmail', '-oi', '-f', '${sender}', '-o', 'x']);
    assert.deepEqual(validate(text, { kind: 'master', other: '' }).map((d) => `${d.code} ${d.message}`), []);
  });

  it('reads flags before -o and -o glued to a flag (-v -o a=b, -vo a=b), as postconf does', () => {
    const p = parse('smtp inet n - y - - smtpd -v -o smtpd_helo_required=yes -vo smtpd_delay_reject=no -D -osmtpd_banner=x -- -o not_an_override=1\n', 'master');
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.defs.map((d) => [d.name, d.value]), [['smtpd_helo_required', 'yes'], ['smtpd_delay_reject', 'no'], ['smtpd_banner', 'x']]);
  });

  it('reports a wrong field count', () => {
    const text = 'smtp inet n - y -\n';
    const diags = diagnosticsOf(text, 'syntax', { kind: 'master' });
    assert.equal(diags.length, 1, listDiags(diags));
    assert.equal(r(diags[0].range), '0:0-0:17');
    assert.match(diags[0].message, /wrong field count: 6 of the 8 master\.cf fields/);
    assert.equal(parse(text, 'master').services.length, 0);
  });

  it('reports -o without an argument, an argument without "=" and an unknown service type', () => {
    const diags = diagnosticsOf('a inet n - y - - smtpd -o noequals\nb blah n - y - - smtpd\nc inet n - y - - smtpd -o\n', 'syntax', { kind: 'master' });
    assert.deepEqual(diags.map((d) => r(d.range)), ['0:26-0:34', '1:2-1:6', '2:23-2:25']);
    assert.match(diags[0].message, /missing '='/);
    assert.match(diags[1].message, /unknown service type "blah"/);
    assert.match(diags[2].message, /"-o" without name=value/);
  });
});

describe('parser: templates (ERB, Jinja)', () => {
  it('does not take a <% if %> line for a syntax error', () => {
    const text = '<% if @tls -%>\nsmtpd_tls_security_level = may\n<% else -%>\nsmtpd_tls_security_level = none\n<% end -%>\n';
    assert.deepEqual(general(validate(text)), []);
    const p = parse(text);
    assert.deepEqual(p.defs.map((d) => d.value), ['may', 'none']);
    assert.deepEqual(p.templateLines, [0, 2, 4]);
  });

  it('does not take {% if %} ... {% else %} branches for duplicates', () => {
    const text = '{% if relay %}\nrelayhost = [relay.example]:587\n{% else %}\nrelayhost =\n{% endif %}\n';
    assert.deepEqual(diagnosticsOf(text, 'duplicate-parameter'), []);
  });

  it('does not validate a value that is a template tag', () => {
    const text = 'smtpd_tls_security_level = {{ postfix_tls_level }}\nsmtpd_tls_received_header = <%= @header %>\nsmtpd_timeout = {{ t }}s\n';
    assert.deepEqual(general(validate(text)), []);
  });

  it('marks a definition holding a tag as templated and keeps its ranges', () => {
    const [d] = parse('smtpd_tls_cert_file = {{ cert }}\n').defs;
    assert.equal(d.templated, true);
    assert.equal(d.name, 'smtpd_tls_cert_file');
    assert.equal(r(d.valueRange), '0:22-0:32');
  });

  it('does not report a tag in the name position (unknown parameter or syntax)', () => {
    const text = '{{ extra_name }} = foo\n<%= @param %> = 1\nsmtpd_{{ kind }}_limit = 3\n';
    const diags = general(validate(text));
    assert.deepEqual(diags.filter((d) => d.code === 'unknown-parameter'), [], listDiags(diags));
    assert.deepEqual(diags, [], listDiags(diags));
  });

  it('does not report a line that is only a template expression', () => {
    assert.deepEqual(general(validate('{{ postfix_extra_lines }}\n<%= @more %>\nmyhostname = a\n')), []);
  });

  it('treats tags in master.cf as opaque', () => {
    const text = '{% for s in services %}\n{{ s.name }} unix - - y - - smtp\n  -o smtp_tls_security_level={{ s.level }}\n{% endfor %}\n';
    const diags = general(validate(text, { kind: 'master' }));
    assert.deepEqual(diags, [], listDiags(diags));
  });
});
