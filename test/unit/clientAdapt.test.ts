// The shaping of answers to client capabilities (server/src/clientAdapt.ts), without a server.
import * as assert from 'node:assert/strict';
import { capDiagnostics, checkSettings, markdownToPlain, shapeCodeActions, snippetToPlain } from '../../server/src/clientAdapt';

describe('clientAdapt', () => {
  it('turns snippets into the text they insert', () => {
    assert.equal(snippetToPlain('smtpd_tls_security_level = ${1:}'), 'smtpd_tls_security_level = ');
    assert.equal(snippetToPlain('a = ${1:\\$myhostname}$0'), 'a = $myhostname');
    assert.equal(snippetToPlain('level = ${1|may,dane,encrypt|}$0'), 'level = may');
    assert.equal(snippetToPlain('x = ${1:a${2:b}c} $3 \\} \\\\'), 'x = abc  } \\');
    assert.equal(snippetToPlain('plain $name'), 'plain $name');
  });

  it('renders markdown as plain text', () => {
    assert.equal(markdownToPlain('**smtpd_tls_security_level** · `string`'), 'smtpd_tls_security_level · string');
    assert.equal(markdownToPlain('[postconf(5)](https://www.postfix.org/postconf.5.html#x)'), 'postconf(5) (https://www.postfix.org/postconf.5.html#x)');
    assert.equal(markdownToPlain('the *_use_tls booleans'), 'the *_use_tls booleans');
    assert.equal(markdownToPlain('### Heading\n\\$name'), 'Heading\n$name');
  });

  it('keeps the good settings and names each bad field once', () => {
    const { settings, problems } = checkSettings({ knownParameters: 5, rules: { a: 'loud', b: 'off' }, targetVersion: '3.7', certificateChecks: true, inlayHints: { enabled: 1 }, maxDiagnostics: 0 });
    assert.deepEqual(settings, { targetVersion: '3.7', certificateChecks: true, rules: { b: 'off' } });
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.deepEqual(checkSettings(null), { settings: {}, problems: [] });
    assert.equal(checkSettings('x').problems.length, 1);
  });

  it('caps diagnostics with a summary', () => {
    const d = (line: number) => ({ range: { start: { line, character: 0 }, end: { line, character: 1 } }, message: `m${line}` });
    const all = Array.from({ length: 25 }, (_, i) => d(i));
    const capped = capDiagnostics(all, 10, 'postfix-tls');
    assert.equal(capped.length, 10);
    assert.match(capped[9].message, /^16 more diagnostics/);
    assert.equal(capDiagnostics(all, 25, 'x'), all);
  });

  it('sends Command literals only without codeActionLiteralSupport, and only declared commands', () => {
    const diag = { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } }, message: 'u', code: 'unknown-parameter' };
    const mark = { title: 'Mark', kind: 'quickfix', diagnostics: [diag], command: { title: 'Mark', command: 'postfix.addKnownParameter', arguments: ['x'] } };
    const fix = { title: 'Fix', kind: 'quickfix', edit: { changes: {} } };
    assert.deepEqual(shapeCodeActions([mark, fix], 'u', new Set(['postfix.addKnownParameter']), false), [{ title: 'Mark', command: 'postfix.addKnownParameter', arguments: ['x'] }]);
    assert.deepEqual(shapeCodeActions([mark, fix], 'u', new Set(), false), []);
    const shaped = shapeCodeActions([mark], 'u', new Set(), true);
    assert.equal(shaped.length, 1);
    assert.deepEqual((shaped[0] as { edit?: unknown }).edit, { changes: { u: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '# postfix-lint disable-next-line unknown-parameter\n' }] } });
  });
});
