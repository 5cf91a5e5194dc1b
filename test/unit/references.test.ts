// Find references and rename specs: `$name` uses and -o overrides across main.cf and master.cf;
// rename only of user-defined names, with every reference in both files updated.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location, WorkspaceEdit } from 'vscode-languageserver-types';
import type { ConfigPair, LanguageSettings } from '../../server/src/service/languageService';
import { docOf, r, service, spec, URIS } from './spec';

const MAIN = [
  'my_nets = 10.0.0.0/8',
  'mynetworks = 127.0.0.0/8, $my_nets',
  'smtpd_client_restrictions = permit_mynetworks, ${my_nets?reject}',
  'mua_restrictions = permit_sasl_authenticated, reject',
  '',
].join('\n');
const MASTER = [
  'submission inet n - y - - smtpd',
  '  -o smtpd_client_restrictions=$mua_restrictions',
  '  -o my_nets=192.168.0.0/16',
  'smtps inet n - y - - smtpd -o smtpd_client_restrictions=$mua_restrictions',
  '',
].join('\n');

/** The cursor document and the other file, as a pair. */
function setup(text: string, kind: 'main' | 'master', other: string): { doc: TextDocument; pos: { line: number; character: number }; pair: ConfigPair; otherDoc: TextDocument } {
  const { doc, pos } = spec(text, kind);
  const otherDoc = docOf(other, kind === 'main' ? 'master' : 'main');
  return { doc, pos, otherDoc, pair: kind === 'main' ? { main: doc, master: otherDoc } : { master: doc, main: otherDoc } };
}

function where(locs: Location[]): string[] {
  return locs.map((l) => `${l.uri === URIS.main ? 'main' : 'master'} ${r(l.range)}`).sort();
}

function refs(text: string, kind: 'main' | 'master', other: string, includeDeclaration = true): string[] {
  const { doc, pos, pair } = setup(text, kind, other);
  return where(service().findReferences(doc, pos, pair, includeDeclaration));
}

function applyAll(edit: WorkspaceEdit, docs: TextDocument[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of docs) out[d.uri === URIS.main ? 'main' : 'master'] = TextDocument.applyEdits(d, edit.changes?.[d.uri] ?? []);
  return out;
}

describe('references', () => {
  const expected = ['main 0:0-0:7', 'main 1:27-1:34', 'main 2:49-2:56', 'master 2:5-2:12'];

  it('finds the definition, the $name and ${name?..} uses and the -o override, in both files', () => {
    assert.deepEqual(refs(MAIN.replace('$my_nets', '$my_|nets'), 'main', MASTER), expected);
  });

  it('gives the same answer from the definition, a use and the -o override', () => {
    assert.deepEqual(refs(MAIN.replace('my_nets =', 'my_n|ets ='), 'main', MASTER), expected);
    assert.deepEqual(refs(MASTER.replace('-o my_nets', '-o my_n|ets'), 'master', MAIN), expected);
  });

  it('leaves the main.cf definitions out when asked without declarations (-o overrides stay)', () => {
    assert.deepEqual(refs(MAIN.replace('$my_nets', '$my_|nets'), 'main', MASTER, false), ['main 1:27-1:34', 'main 2:49-2:56', 'master 2:5-2:12']);
  });

  it('finds the uses of a main.cf name in master.cf -o values (several services, -o on the service line)', () => {
    assert.deepEqual(refs(MAIN.replace('mua_restrictions =', 'mua_restri|ctions ='), 'main', MASTER), ['main 3:0-3:16', 'master 1:32-1:48', 'master 3:57-3:73']);
  });

  it('works for a built-in name too', () => {
    const main = 'myhostname = mx.example.com\nmyorigin = $myhostname\n';
    assert.deepEqual(refs('a = $myhost|name\n' + main.replace(/^/, ''), 'main', 'smtp inet n - y - - smtpd -o smtpd_banner=$myhostname\n').length, 4);
  });

  it('finds restriction classes written as bare words', () => {
    const main = 'smtpd_restriction_classes = strict\nstrict = reject_unknown_sender_domain\nsmtpd_recipient_restrictions = permit_mynetworks, st|rict\n';
    assert.deepEqual(refs(main, 'main', ''), ['main 0:28-0:34', 'main 1:0-1:6', 'main 2:50-2:56']);
  });

  it('has none outside a name', () => {
    assert.deepEqual(refs('a = plain te|xt\n', 'main', ''), []);
  });
});

describe('rename', () => {
  it('prepareRename gives the name range and the name', () => {
    const { doc, pos, pair } = setup(MAIN.replace('$my_nets', '$my_n|ets'), 'main', MASTER);
    const p = service().prepareRename(doc, pos, pair);
    assert.ok(p && 'range' in p, JSON.stringify(p));
    assert.equal(r(p.range), '1:27-1:34');
    assert.equal(p.placeholder, 'my_nets');
  });

  it('prepareRename refuses built-in names, service-derived names and postfix.knownParameters', () => {
    const refuse = (text: string, kind: 'main' | 'master' = 'main', other = '', settings: LanguageSettings = {}) => {
      const { doc, pos, pair } = setup(text, kind, other);
      const p = service().prepareRename(doc, pos, pair, settings);
      assert.ok(p && 'error' in p, `expected a refusal, got ${JSON.stringify(p)}`);
      return p.error;
    };
    assert.match(refuse('myorigin = $myhost|name\n'), /"myhostname" is a Postfix parameter/);
    assert.match(refuse('mynet|works = 10.0.0.0/8\n'), /Postfix parameter/);
    assert.match(refuse('submission inet n - y - - smtpd\n  -o smtpd_tls_secu|rity_level=encrypt\n', 'master'), /Postfix parameter/);
    assert.match(refuse('dovecot_destination_recipient_lim|it = 1\n', 'main', 'dovecot unix - n n - - pipe\n  flags=DRhu user=vmail argv=/usr/lib/dovecot/deliver\n'), /derives from the master.cf service "dovecot"/);
    assert.match(refuse('site_spec|ial = 1\n', 'main', '', { knownParameters: ['site_special'] }), /postfix.knownParameters/);
  });

  it('prepareRename outside a name gives nothing', () => {
    const { doc, pos, pair } = setup('a = plain te|xt\n', 'main', '');
    assert.equal(service().prepareRename(doc, pos, pair), null);
  });

  it('renames a user-defined name in both files, with a WorkspaceEdit that names both URIs', () => {
    const { doc, pos, pair, otherDoc } = setup(MAIN.replace('$my_nets', '$my_n|ets'), 'main', MASTER);
    const res = service().rename(doc, pos, 'trusted_nets', pair);
    assert.ok('edit' in res, JSON.stringify(res));
    assert.deepEqual(Object.keys(res.edit.changes!).sort(), [URIS.main, URIS.master].sort());
    const after = applyAll(res.edit, [doc, otherDoc]);
    assert.equal(after.main, MAIN.replace(/my_nets/g, 'trusted_nets'));
    assert.equal(after.master, MASTER.replace('my_nets', 'trusted_nets'));
    // Nothing else changed: validation finds the same rules as before.
    const codes = (d: TextDocument, p: ConfigPair) => service().validate(d, p).map((x) => `${x.code}@${x.range.start.line}`).sort();
    const mainAfter = docOf(after.main, 'main');
    const masterAfter = docOf(after.master, 'master');
    assert.deepEqual(codes(mainAfter, { main: mainAfter, master: masterAfter }), codes(doc, pair));
  });

  it('renames from master.cf, and a name only used in -o values', () => {
    const { doc, pos, pair, otherDoc } = setup(MASTER.replace('$mua_restrictions\n  -o my', '$mua_re|strictions\n  -o my'), 'master', MAIN);
    const res = service().rename(doc, pos, 'submission_client_checks', pair);
    assert.ok('edit' in res, JSON.stringify(res));
    const after = applyAll(res.edit, [otherDoc, doc]);
    assert.equal(after.main, MAIN.replace('mua_restrictions', 'submission_client_checks'));
    assert.equal(after.master, MASTER.replace(/mua_restrictions/g, 'submission_client_checks'));
  });

  it('renames a restriction class everywhere it is named', () => {
    const main = 'smtpd_restriction_classes = strict\nstr|ict = reject_unknown_sender_domain\nsmtpd_recipient_restrictions = permit_mynetworks, strict\n';
    const { doc, pos, pair } = setup(main, 'main', '');
    const res = service().rename(doc, pos, 'picky', pair);
    assert.ok('edit' in res, JSON.stringify(res));
    assert.equal(TextDocument.applyEdits(doc, res.edit.changes![URIS.main]), main.replace('|', '').replace(/\bstrict\b/g, 'picky'));
  });

  it('refuses a new name that is invalid, built in or already used', () => {
    const { doc, pos, pair } = setup(MAIN.replace('$my_nets', '$my_n|ets'), 'main', MASTER);
    const err = (name: string) => {
      const res = service().rename(doc, pos, name, pair);
      assert.ok('error' in res, `expected an error for ${name}`);
      return res.error;
    };
    assert.match(err('my-nets'), /not a usable parameter name/);
    assert.match(err(''), /not a usable parameter name/);
    assert.match(err('mynetworks'), /is a Postfix parameter/);
    assert.match(err('mua_restrictions'), /already used/);
  });

  it('refuses to rename a built-in name', () => {
    const { doc, pos, pair } = setup('myorigin = $myhost|name\n', 'main', '');
    const res = service().rename(doc, pos, 'x', pair);
    assert.ok('error' in res);
  });
});
