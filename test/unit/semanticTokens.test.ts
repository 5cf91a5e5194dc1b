// Semantic token specs: known, user-defined, unknown and deprecated names, references and
// template tags, decoded back from the LSP encoding.
import * as assert from 'node:assert/strict';
import { decodeSemanticTokens, SEMANTIC_TOKENS_LEGEND } from '../../server/src/service/semanticTokens';
import { docOf, service } from './spec';

function tokens(text: string, opts: { kind?: 'main' | 'master'; other?: string; uri?: string; knownParameters?: string[] } = {}): string[] {
  const kind = opts.kind ?? 'main';
  const doc = docOf(text, kind, opts.uri);
  const other = opts.other === undefined ? undefined : docOf(opts.other, kind === 'main' ? 'master' : 'main');
  const pair = kind === 'main' ? { main: doc, master: other } : { master: doc, main: other };
  const t = service().getSemanticTokens(doc, pair, { knownParameters: opts.knownParameters });
  return decodeSemanticTokens(t).map((x) => {
    const covered = doc.getText({ start: { line: x.line, character: x.character }, end: { line: x.line, character: x.character + x.length } });
    return `${covered} ${x.type}${x.modifiers.length ? `.${x.modifiers.join('.')}` : ''}`;
  });
}

describe('semantic tokens', () => {
  it('declares a legend with the standard and our own types and the deprecated modifier', () => {
    assert.deepEqual(SEMANTIC_TOKENS_LEGEND.tokenTypes, ['property', 'variable', 'unknownParameter', 'macro']);
    assert.ok(SEMANTIC_TOKENS_LEGEND.tokenModifiers.includes('deprecated'));
    assert.ok(SEMANTIC_TOKENS_LEGEND.tokenModifiers.includes('declaration'));
  });

  it('tells known, user-defined and unknown names apart', () => {
    assert.deepEqual(tokens('myhostname = mx\nmy_nets = 10.0.0.0/8\nmynetworks = $my_nets\nsmtpd_tls_securty_level = may\n'), [
      'myhostname property.declaration.defaultLibrary',
      'my_nets variable.declaration',
      'mynetworks property.declaration.defaultLibrary',
      '$my_nets variable',
      'smtpd_tls_securty_level unknownParameter.declaration',
    ]);
  });

  it('marks deprecated names, at the definition and in references', () => {
    assert.deepEqual(tokens('smtpd_use_tls = yes\nx = ${smtpd_use_tls}\n'), [
      'smtpd_use_tls property.declaration.deprecated.defaultLibrary',
      'x unknownParameter.declaration',
      '${smtpd_use_tls property.deprecated.defaultLibrary',
    ]);
  });

  it('references: built-in, undefined, and the ${name?text} form', () => {
    assert.deepEqual(tokens('myorigin = $mydomain\nmydestination = ${nowhere?x}\n').slice(1), [
      '$mydomain property.defaultLibrary',
      'mydestination property.declaration.defaultLibrary',
      '${nowhere unknownParameter',
    ]);
  });

  it('a main.cf reference to a name only a master.cf service sets is user-defined (no undefined-reference either)', () => {
    assert.deepEqual(tokens('smtpd_banner = $site_banner\n', { other: 'smtp inet n - y - - smtpd -o site_banner=mail\n' }), ['smtpd_banner property.declaration.defaultLibrary', '$site_banner variable']);
  });

  it('no reference tokens in a value Postfix never expands: $EXTENSION is the delivery agent\'s macro', () => {
    assert.deepEqual(tokens('mailbox_command = /usr/bin/procmail -a "$EXTENSION"\n'), ['mailbox_command property.declaration.defaultLibrary']);
  });

  it('names listed in postfix.knownParameters are known', () => {
    assert.deepEqual(tokens('site_special = 1\n', { knownParameters: ['site_special'] }), ['site_special property.declaration']);
  });

  it('master.cf -o names, and their references to main.cf', () => {
    assert.deepEqual(tokens('submission inet n - y - - smtpd\n  -o smtpd_client_restrictions=$mua_restrictions\n  -o local_thing=1\n', { kind: 'master', other: 'mua_restrictions = reject\n' }), [
      'smtpd_client_restrictions property.declaration.defaultLibrary',
      '$mua_restrictions variable',
      'local_thing unknownParameter.declaration',
    ]);
  });

  it('restriction classes are user-defined names', () => {
    assert.deepEqual(tokens('smtpd_restriction_classes = strict\nstrict = reject\nsmtpd_recipient_restrictions = strict\n'), [
      'smtpd_restriction_classes property.declaration.defaultLibrary',
      'strict variable',
      'strict variable.declaration',
      'smtpd_recipient_restrictions property.declaration.defaultLibrary',
      'strict variable',
    ]);
  });

  it('template tags: their delimiters are macros, the names around them are left alone', () => {
    assert.deepEqual(tokens('{% if tls %}\nsmtpd_tls_cert_file = {{ cert }}\n{% endif %}\nmyhostname = <%= @fqdn %>\n', { uri: 'file:///srv/main.cf.j2' }), [
      '{% macro',
      '%} macro',
      'smtpd_tls_cert_file property.declaration.defaultLibrary',
      '{{ macro',
      '}} macro',
      '{% macro',
      '%} macro',
      'myhostname property.declaration.defaultLibrary',
      '<%= macro',
      '%> macro',
    ]);
  });

  it('never emits a token across lines, and encodes relative positions', () => {
    const doc = docOf('a = ${b?{x,\n    y}}\nb = 1\n');
    const t = service().getSemanticTokens(doc, { main: doc });
    assert.equal(t.data.length % 5, 0);
    for (const x of decodeSemanticTokens(t)) assert.ok(x.character + x.length <= doc.getText().split('\n')[x.line].length);
  });
});
