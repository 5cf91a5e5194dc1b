// Bad input specs: junk, huge and pathological files. validate, hover and
// complete must return (never throw, never hang), give a clear diagnostic where
// one applies, and keep every range inside the document.
import * as assert from 'node:assert/strict';
import type { Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { assertInside, docOf, Kind, listDiags, service } from './spec';
import type { Diagnostic } from 'vscode-languageserver-types';

interface Outcome {
  doc: TextDocument;
  diags: Diagnostic[];
  ms: { validate: number; hover: number; complete: number };
}

/** Cursor positions to probe: starts, middles, ends and past the end of the first and last lines, and the document's end. */
function probes(doc: TextDocument, maxLines: number): Position[] {
  const out: Position[] = [];
  const lines = new Set<number>();
  for (let k = 0; k < Math.min(doc.lineCount, maxLines); k++) lines.add(k);
  for (let k = Math.max(0, doc.lineCount - 3); k < doc.lineCount; k++) lines.add(k);
  for (const line of lines) {
    const len = doc.offsetAt({ line: line + 1, character: 0 }) - doc.offsetAt({ line, character: 0 });
    for (const character of [0, 1, Math.floor(len / 2), Math.max(0, len - 1), len, len + 50]) out.push({ line, character });
  }
  out.push(doc.positionAt(doc.getText().length));
  return out;
}

/** Runs validate, then hover and completion at the probes; checks every range. */
function exercise(text: string, kind: Kind = 'main', maxLines = 40): Outcome {
  const svc = service();
  const doc = docOf(text, kind);
  const pair = kind === 'master' ? { master: doc } : { main: doc };
  let t = Date.now();
  const diags = svc.validate(doc, pair);
  const validate = Date.now() - t;
  assert.ok(Array.isArray(diags));
  for (const d of diags) assertInside(doc, d.range, `${d.code} diagnostic`);
  for (const d of diags) for (const rel of d.relatedInformation ?? []) assertInside(doc, rel.location.range, `${d.code} related`);
  const at = probes(doc, maxLines);
  t = Date.now();
  for (const p of at) {
    const h = svc.doHover(doc, p, pair);
    if (h?.range) assertInside(doc, h.range, 'hover');
  }
  const hover = Date.now() - t;
  t = Date.now();
  for (const p of at) {
    const list = svc.doComplete(doc, p, pair);
    assert.ok(Array.isArray(list.items));
    for (const i of list.items) if (i.textEdit && 'range' in i.textEdit) assertInside(doc, i.textEdit.range, `completion ${i.label}`);
  }
  const complete = Date.now() - t;
  return { doc, diags, ms: { validate, hover, complete } };
}

/** Deterministic bytes 0-255 (a linear congruential generator). */
function junkBytes(n: number, seed = 12345): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe('bad input: junk', () => {
  it('survives binary junk (latin1) and reports syntax errors', () => {
    const { diags } = exercise(junkBytes(8192).toString('latin1'));
    assert.ok(diags.some((d) => d.code === 'syntax'), listDiags(diags));
  });

  it('survives binary junk decoded as UTF-8', () => {
    exercise(junkBytes(8192, 99).toString('utf8'));
  });

  it('survives NUL bytes and names them in a diagnostic', () => {
    const { diags } = exercise('myhostname = a\0b\n\0\0\0 = x\nfoo\0 = 1\n');
    assert.ok(diags.some((d) => d.range.start.line === 1 && (d.code === 'syntax' || d.code === 'unknown-parameter')), listDiags(diags));
    assert.ok(diags.some((d) => d.range.start.line === 2 && d.code === 'unknown-parameter'), listDiags(diags));
  });

  it('survives invalid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('myhostname = '), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x80, 0x81]), Buffer.from(' = 1\nsmtpd_tls_security_level = \xe2\x82\n', 'latin1')]);
    const { diags } = exercise(bytes.toString('utf8'));
    assert.ok(diags.some((d) => d.range.start.line === 1 && d.code === 'unknown-parameter'), listDiags(diags));
  });

  it('survives only line breaks, CRs and blanks', () => {
    exercise('\r\n\r\n\r');
    exercise('\n\n\n   \n\t\n');
    exercise('');
  });

  it('keeps ranges inside the document when a line ends in a lone CR', () => {
    // The editor ends a line at "\r" as well as "\n"; Postfix does not. Ranges must still fit the editor's lines.
    exercise('smtpd_tls_received_header = maybe\rx\nfoo = 1\rbar = 2\n');
  });

  it('survives template tags that never close', () => {
    exercise('smtpd_tls_security_level = {{ unclosed\nmyhostname = <% if\n{% for x in y\nmydomain = b\n');
  });
});

describe('bad input: size', () => {
  it('handles a 10 MB main.cf', function () {
    this.timeout(120_000);
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const l = `param_${i} = value_${i} $myhostname, hash:/etc/postfix/x_${i}\n  continued ${i}\n# comment ${i}\n`;
      parts.push(l);
      size += l.length;
    }
    const { diags, ms } = exercise(parts.join(''), 'main', 3);
    assert.ok(diags.some((d) => d.code === 'unknown-parameter'));
    assert.ok(ms.validate < 20_000, `validate took ${ms.validate} ms`);
    assert.ok(ms.complete < 20_000, `completion took ${ms.complete} ms`);
  });

  it('handles a 100 000-character value', () => {
    const { diags } = exercise(`myhostname = ${'a'.repeat(100_000)}\n`);
    assert.deepEqual(diags.filter((d) => d.severity === 1), []);
  });

  it('handles a 100 000-character line without "=" and keeps the message short', () => {
    const { diags } = exercise(`${'x'.repeat(100_000)}\n`);
    const syntax = diags.filter((d) => d.code === 'syntax');
    assert.equal(syntax.length, 1);
    assert.match(syntax[0].message, /missing '='/);
    assert.ok(syntax[0].message.length < 300, `message of ${syntax[0].message.length} characters`);
  });

  it('handles a 100 000-character line of references and braces', () => {
    exercise(`mynetworks = ${'${a '.repeat(25_000)}\n`);
    exercise(`myhostname = ${'{'.repeat(100_000)}\n`);
    exercise(`myhostname = ${'${a?'.repeat(5_000)}x${'}'.repeat(5_000)}\n`);
  });

  it('handles a master.cf service with 20 000 -o overrides in linear time', function () {
    this.timeout(60_000);
    const { diags, ms } = exercise(`smtp inet n - y - - smtpd ${'-o smtpd_helo_required=yes '.repeat(20_000)}\n`, 'master', 2);
    assert.ok(diags.some((d) => d.code === 'duplicate-parameter'));
    assert.ok(ms.validate < 3_000, `validate took ${ms.validate} ms`);
  });
});

describe('bad input: references', () => {
  it('reports an unterminated ${ clearly', () => {
    const { diags } = exercise('myorigin = ${mydomain\nmydomain = $(myhostname\nmyhostname = ${\n');
    const syntax = diags.filter((d) => d.code === 'syntax');
    assert.deepEqual(syntax.map((d) => d.range.start.line), [0, 1, 2], listDiags(diags));
    for (const d of syntax) assert.match(d.message, /truncated macro reference/);
  });

  it('survives a reference chain of 200 parameters and reports where it gets too deep', function () {
    this.timeout(30_000);
    const lines = ['p0 = base'];
    for (let k = 1; k < 200; k++) lines.push(`p${k} = $p${k - 1}`);
    lines.push('myorigin = $p199');
    const { diags, ms } = exercise(lines.join('\n') + '\n', 'main', 12);
    const last = diags.filter((d) => d.range.start.line === 200 && d.code === 'invalid-value');
    assert.equal(last.length, 1, listDiags(diags.slice(0, 10)));
    assert.match(last[0].message, /cannot expand the value of "myorigin": reference chain deeper than/);
    assert.deepEqual(diags.filter((d) => d.range.start.line === 10 && d.code === 'invalid-value'), [], 'p10 is fine');
    assert.ok(ms.validate < 5_000, `validate took ${ms.validate} ms`);
  });

  it('survives an exponential fan-out (a1 = $a0 $a0 ... a40) without blowing up', function () {
    this.timeout(60_000);
    const lines = ['a0 = x'];
    for (let k = 1; k <= 40; k++) lines.push(`a${k} = $a${k - 1} $a${k - 1}`);
    lines.push('myorigin = $a40');
    const { diags, ms } = exercise(lines.join('\n') + '\n', 'main', 12);
    const last = diags.filter((d) => d.range.start.line === 41 && d.code === 'invalid-value');
    assert.equal(last.length, 1, listDiags(diags));
    assert.match(last[0].message, /cannot expand the value of "myorigin"/);
    assert.deepEqual(diags.filter((d) => d.range.start.line <= 10 && d.code === 'invalid-value'), [], 'small expansions are fine');
    assert.ok(ms.validate < 5_000, `validate took ${ms.validate} ms`);
    const svc = service();
    const doc = docOf(lines.join('\n') + '\nx = $a40\n');
    const h = svc.doHover(doc, { line: 42, character: 6 }, { main: doc });
    assert.ok(h, 'hover on $a40 returns');
  });

  it('survives reference cycles of every shape', () => {
    exercise('a = $b\nb = $a\nc = ${a?{$c}:{$b}}\nd = $d$d$d\nmyorigin = $(myorigin)\n');
  });
});

describe('bad input: master.cf', () => {
  it('reports a wrong field count and survives', () => {
    const { diags } = exercise('smtp inet n - y\n  -o smtpd_tls_security_level=may\nsubmission inet n - y - - smtpd -o\n', 'master');
    const syntax = diags.filter((d) => d.code === 'syntax');
    // The indented -o line continues the entry: 7 fields in all.
    assert.ok(syntax.some((d) => d.range.start.line === 0 && /wrong field count: 7 of the 8/.test(d.message)), listDiags(diags));
    assert.ok(syntax.some((d) => d.range.start.line === 2 && /"-o" without name=value/.test(d.message)), listDiags(diags));
  });

  it('survives junk as master.cf', () => {
    exercise(junkBytes(8192, 7).toString('latin1'), 'master');
    exercise('-o\n-o -o -o\n{ { { {\n} } }\n  -o x=y\n', 'master');
  });

  it('survives unbalanced braces in -o { ... }', () => {
    const { diags } = exercise('smtp inet n - y - - smtpd -o { smtpd_helo_required = yes\n', 'master');
    assert.ok(diags.some((d) => d.code === 'syntax'), listDiags(diags));
  });
});
