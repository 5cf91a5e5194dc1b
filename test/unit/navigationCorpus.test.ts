// The navigation and editing features over the shared corpus and over junk input: no
// exception, every range inside its document, symbol ranges nested, semantic tokens on
// one line each, and definition / references / rename answering at every name.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol, Range } from 'vscode-languageserver-types';
import { decodeSemanticTokens } from '../../server/src/service/semanticTokens';
import { assertInside, service } from './spec';

const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const ALL: Range = { start: { line: 0, character: 0 }, end: { line: 1_000_000, character: 0 } };

function checkSymbols(doc: TextDocument, syms: DocumentSymbol[], where: string): void {
  for (const s of syms) {
    assertInside(doc, s.range, `${where} symbol ${s.name}`);
    assertInside(doc, s.selectionRange, `${where} symbol ${s.name} selection`);
    assert.ok(s.name.length > 0, `${where}: empty symbol name`);
    if (s.children) checkSymbols(doc, s.children, where);
  }
}

/** Every feature on one document; returns how many names were probed. */
function exercise(doc: TextDocument, kind: 'main' | 'master', where: string): number {
  const ls = service();
  const pair = kind === 'main' ? { main: doc } : { master: doc };
  checkSymbols(doc, ls.findDocumentSymbols(doc, pair), where);
  for (const f of ls.getFoldingRanges(doc)) assert.ok(f.startLine < f.endLine && f.endLine < doc.lineCount, `${where}: folding ${f.startLine}-${f.endLine}`);
  for (const l of ls.findDocumentLinks(doc, pair)) assertInside(doc, l.range, `${where} link`);
  const lines = doc.getText().split(/\r\n|\r|\n/);
  for (const t of decodeSemanticTokens(ls.getSemanticTokens(doc, pair))) {
    assert.ok(t.length > 0 && t.character + t.length <= lines[t.line].length, `${where}: token ${JSON.stringify(t)} outside its line`);
  }
  for (const h of ls.getInlayHints(doc, ALL, pair, { inlayHints: { enabled: true } })) assertInside(doc, { start: h.position, end: h.position }, `${where} inlay hint`);
  for (const e of ls.format(doc)) assertInside(doc, e.range, `${where} format edit`);
  let probed = 0;
  for (const def of ls.parse(doc).defs.slice(0, 60)) {
    const pos = def.nameRange.start;
    probed++;
    for (const l of ls.findDefinition(doc, pos, pair) ?? []) assertInside(doc, l.targetRange, `${where} definition`);
    for (const l of ls.findReferences(doc, pos, pair)) assertInside(doc, l.range, `${where} reference`);
    const p = ls.prepareRename(doc, pos, pair);
    if (p && 'range' in p) {
      const res = ls.rename(doc, pos, 'renamed_by_test_xyz', pair);
      if ('edit' in res) for (const e of res.edit.changes?.[doc.uri] ?? []) assertInside(doc, e.range, `${where} rename edit`);
    }
  }
  return probed;
}

describe('navigation features over the corpus', function () {
  this.timeout(120_000);

  before(function () {
    if (!fs.existsSync(CORPUS)) {
      console.log(`    corpus directory ${CORPUS} is absent: skipping the navigation corpus run`);
      this.skip();
    }
  });

  it('answers on every main.cf and master.cf with ranges inside the document', () => {
    const problems: string[] = [];
    let files = 0;
    let names = 0;
    for (const kind of ['main', 'master'] as const) {
      const dir = path.join(CORPUS, kind);
      for (const name of fs.readdirSync(dir).sort()) {
        const file = path.join(dir, name);
        if (!fs.statSync(file).isFile()) continue;
        files++;
        const doc = TextDocument.create(`file://${file}`, kind === 'main' ? 'postfix-main' : 'postfix-master', 1, fs.readFileSync(file, 'utf8'));
        try {
          names += exercise(doc, kind, `${kind}/${name}`);
        } catch (e) {
          problems.push(`${kind}/${name}: ${(e as Error).message}`);
        }
      }
    }
    console.log(`    ${files} files, definition/references/rename probed at ${names} names`);
    assert.deepEqual(problems, []);
  });
});

describe('navigation features on junk input', () => {
  const JUNK: Array<[string, 'main' | 'master']> = [
    ['', 'main'],
    ['\n\n\n', 'main'],
    ['=\n= =\n$\n${\n${}\n$(\n', 'main'],
    ['a = ${b?{${c:{$d}}}}\n  \t\n b\n', 'main'],
    ['  orphan\n# c\n#\n', 'master'],
    ['x inet n - y - - smtpd -o\n  -o =\n  -o {a\n  -o { b = ${c} }\n', 'master'],
    ['\r\r\na=1\r b=$a\r', 'main'],
    ['{% if %}\n{{ x }} = {{ y }}\n<%= @a %>\n  -o {{ z }}\n', 'main'],
    [`${'a'.repeat(5000)} = ${'$b '.repeat(2000)}\n`, 'main'],
  ];
  for (const [text, kind] of JUNK) {
    it(`never throws on ${JSON.stringify(text.slice(0, 40))} (${kind})`, () => {
      const doc = TextDocument.create(kind === 'main' ? 'file:///srv/main.cf.j2' : 'file:///srv/master.cf.j2', `postfix-${kind}`, 1, text);
      exercise(doc, kind, 'junk');
      const out = TextDocument.applyEdits(doc, service().format(doc));
      assert.deepEqual(service().format(TextDocument.create(doc.uri, doc.languageId, 2, out)), [], 'formatting is idempotent');
    });
  }
});
