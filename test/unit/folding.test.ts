// Folding specs: multi-line values, comment blocks, master.cf services.
import * as assert from 'node:assert/strict';
import type { FoldingRange } from 'vscode-languageserver-types';
import { docOf, service } from './spec';

function folds(text: string, kind: 'main' | 'master' = 'main'): string[] {
  return service().getFoldingRanges(docOf(text, kind)).map((f: FoldingRange) => `${f.startLine}-${f.endLine}${f.kind ? ` ${f.kind}` : ''}`);
}

describe('folding ranges', () => {
  it('folds a value continued over several lines, across blank and comment lines', () => {
    assert.deepEqual(folds('a = 1\nsmtpd_recipient_restrictions =\n    permit_mynetworks,\n\n    reject\nb = 2\n'), ['1-4']);
    assert.deepEqual(folds('x = a,\n# note\n    b\n'), ['0-2']);
  });

  it('folds blocks of two or more comment lines, not single comments', () => {
    assert.deepEqual(folds('# one\n# two\n# three\na = 1\n# single\nb = 2\n#x\n#y\n'), ['0-2 comment', '6-7 comment']);
  });

  it('folds master.cf services with their -o lines', () => {
    const text = 'smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_tls_security_level=encrypt\npickup unix n - y 60 1 pickup\n';
    assert.deepEqual(folds(text, 'master'), ['1-3']);
  });

  it('nests a comment block inside a folded value', () => {
    assert.deepEqual(folds('a = x,\n# c1\n# c2\n    y\n'), ['0-3', '1-2 comment']);
  });

  it('has nothing to fold in a flat file', () => {
    assert.deepEqual(folds('a = 1\nb = 2\n'), []);
    assert.deepEqual(folds(''), []);
  });
});
