// Go to definition specs: `$name` and `${name}` jump to the definition Postfix uses there
// (main.cf, or the service's own -o in master.cf); a name at its default has none, and the
// hover says so instead.
import * as assert from 'node:assert/strict';
import type { LocationLink } from 'vscode-languageserver-types';
import { docOf, hoverText, r, service, spec, URIS } from './spec';

function definition(text: string, opts: { kind?: 'main' | 'master'; other?: string } = {}): LocationLink[] | null {
  const kind = opts.kind ?? 'main';
  const { doc, pos } = spec(text, kind);
  const pair = kind === 'main' ? { main: doc, master: opts.other !== undefined ? docOf(opts.other, 'master') : undefined } : { master: doc, main: opts.other !== undefined ? docOf(opts.other, 'main') : undefined };
  return service().findDefinition(doc, pos, pair);
}

function one(links: LocationLink[] | null): LocationLink {
  assert.ok(links, 'no definition');
  assert.equal(links.length, 1, JSON.stringify(links));
  return links[0];
}

describe('definition: $name in main.cf', () => {
  it('jumps from $name to the main.cf line that defines it', () => {
    const l = one(definition('my_nets = 10.0.0.0/8\nmynetworks = $my_n|ets\n'));
    assert.equal(l.targetUri, URIS.main);
    assert.equal(r(l.targetSelectionRange), '0:0-0:7');
    assert.equal(r(l.targetRange), '0:0-0:20');
    assert.equal(r(l.originSelectionRange!), '1:14-1:21');
  });

  it('works on ${name} and ${name?text}, and on the $ itself', () => {
    assert.equal(r(one(definition('a = 1\nb = ${|a}\n')).targetSelectionRange), '0:0-0:1');
    assert.equal(r(one(definition('a = 1\nb = ${a|?x}\n')).targetSelectionRange), '0:0-0:1');
    assert.equal(r(one(definition('a = 1\nb = |$a\n')).targetSelectionRange), '0:0-0:1');
  });

  it('goes to the last definition, the one that wins', () => {
    const l = one(definition('a = 1\na = 2\nb = $|a\n'));
    assert.equal(r(l.targetSelectionRange), '1:0-1:1');
  });

  it('jumps across a continuation line', () => {
    const l = one(definition('relay = mx.example.com\nrelayhost =\n    [$re|lay]:587\n'));
    assert.equal(r(l.targetSelectionRange), '0:0-0:5');
    assert.equal(r(l.originSelectionRange!), '2:6-2:11');
  });

  it('has no definition for a parameter left at its default, and the hover says so', () => {
    assert.equal(definition('myorigin = $mydom|ain\n'), null);
    assert.equal(definition('smtpd_banner = $mail_n|ame ready\n'), null);
    const t = hoverText('smtpd_banner = $mail_n|ame ready\n');
    assert.ok(t, 'hover');
    assert.match(t, /from default of Postfix/);
  });

  it('has no definition for an undefined name, nor outside a name', () => {
    assert.equal(definition('a = $nowhere_defin|ed\n'), null);
    assert.equal(definition('a = some te|xt\n'), null);
    assert.equal(definition('# a |comment\n'), null);
  });

  it('on a main.cf name itself: that definition (the last one when repeated)', () => {
    assert.equal(r(one(definition('a| = 1\n')).targetSelectionRange), '0:0-0:1');
    assert.equal(r(one(definition('a| = 1\na = 2\n')).targetSelectionRange), '1:0-1:1');
  });
});

describe('definition: master.cf', () => {
  const MAIN = 'mua_restrictions = permit_sasl_authenticated, reject\nsmtpd_tls_security_level = may\n';

  it('jumps from a $name in an -o value to main.cf', () => {
    const l = one(definition('submission inet n - y - - smtpd\n  -o smtpd_client_restrictions=$mua_re|strictions\n', { kind: 'master', other: MAIN }));
    assert.equal(l.targetUri, URIS.main);
    assert.equal(r(l.targetSelectionRange), '0:0-0:16');
  });

  it('prefers the -o of the same service that overrides the name', () => {
    const text = 'submission inet n - y - - smtpd\n  -o mua_restrictions=reject\n  -o smtpd_client_restrictions=$mua_re|strictions\n';
    const l = one(definition(text, { kind: 'master', other: MAIN }));
    assert.equal(l.targetUri, URIS.master);
    assert.equal(r(l.targetSelectionRange), '1:5-1:21');
  });

  it('does not take the -o of another service', () => {
    const text = 'smtp inet n - y - - smtpd\n  -o mua_restrictions=reject\nsubmission inet n - y - - smtpd\n  -o smtpd_client_restrictions=$mua_re|strictions\n';
    assert.equal(one(definition(text, { kind: 'master', other: MAIN })).targetUri, URIS.main);
  });

  it('from an -o name to the main.cf line it overrides', () => {
    const l = one(definition('submission inet n - y - - smtpd\n  -o smtpd_tls_secu|rity_level=encrypt\n', { kind: 'master', other: MAIN }));
    assert.equal(l.targetUri, URIS.main);
    assert.equal(r(l.targetSelectionRange), '1:0-1:24');
  });

  it('from main.cf to a name only master.cf defines: none (main.cf does not see -o values)', () => {
    assert.equal(definition('a = $mua_only|_name\n', { other: 'submission inet n - y - - smtpd\n  -o mua_only_name=x\n' }), null);
  });

  it('without the main.cf at hand there is nothing to jump to', () => {
    assert.equal(definition('submission inet n - y - - smtpd\n  -o smtpd_client_restrictions=$mua_re|strictions\n', { kind: 'master' }), null);
  });
});
