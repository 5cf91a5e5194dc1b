// The engine over the shared corpus of real-world configurations: every main.cf alone and every
// master.cf alone. No exception, every range (findings and fix edits) inside its document, and a
// table of how many findings each TLS rule produced.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/service/languageService';
import { RULES } from '../../server/src/service/rules/catalogue';
import { rangeInside } from './tlsSpec';

const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const GENERAL = new Set(['syntax', 'accidental-continuation', 'unknown-parameter', 'duplicate-parameter', 'invalid-value', 'undefined-reference', 'version-mismatch', 'deprecated-parameter', 'default-value']);
const TLS_RULES = RULES.map((r) => r.id).filter((id) => !GENERAL.has(id));

describe('TLS rules over the corpus', function () {
  this.timeout(120000);

  before(function () {
    if (!fs.existsSync(CORPUS)) {
      console.log(`    corpus directory ${CORPUS} is absent: skipping the corpus run`);
      this.skip();
    }
  });

  it('runs on every main.cf and master.cf alone, with every range inside its document', () => {
    const ls = getLanguageService();
    const counts = new Map<string, { main: number; master: number; files: Set<string> }>();
    for (const id of TLS_RULES) counts.set(id, { main: 0, master: 0, files: new Set() });
    const problems: string[] = [];
    let files = 0;
    for (const kind of ['main', 'master'] as const) {
      const dir = path.join(CORPUS, kind);
      if (!fs.existsSync(dir)) continue;
      for (const name of fs.readdirSync(dir).sort()) {
        const file = path.join(dir, name);
        if (!fs.statSync(file).isFile()) continue;
        files++;
        const text = fs.readFileSync(file, 'utf8');
        const doc = TextDocument.create(`file://${file}`, kind === 'main' ? 'postfix-main' : 'postfix-master', 1, text);
        const pair = kind === 'main' ? { main: doc } : { master: doc };
        try {
          const found = ls.findings(doc, pair);
          for (const f of found) {
            if (!rangeInside(doc, f.range)) problems.push(`${kind}/${name}: ${f.rule} range ${JSON.stringify(f.range)} outside the document`);
            const c = counts.get(f.rule);
            if (c) {
              c[kind]++;
              c.files.add(`${kind}/${name}`);
            }
          }
          // The fixes must land inside the document too.
          const diags = ls.validate(doc, pair);
          const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) };
          const actions: CodeAction[] = ls.getCodeActions(doc, whole, diags, pair, {}, undefined);
          actions.push(...ls.getCodeActions(doc, whole, diags, pair, {}, ['source.fixAll']));
          for (const a of actions) {
            for (const [uri, edits] of Object.entries(a.edit?.changes ?? {})) {
              if (uri !== doc.uri) {
                problems.push(`${kind}/${name}: "${a.title}" edits ${uri}, which is not open`);
                continue;
              }
              for (const e of edits) if (!rangeInside(doc, e.range)) problems.push(`${kind}/${name}: "${a.title}" edit ${JSON.stringify(e.range)} outside the document`);
            }
          }
        } catch (e) {
          problems.push(`${kind}/${name}: ${(e as Error).stack ?? String(e)}`);
        }
      }
    }
    const rows = [...counts.entries()].filter(([, c]) => c.main + c.master > 0).sort((a, b) => b[1].main + b[1].master - (a[1].main + a[1].master) || a[0].localeCompare(b[0]));
    const w = Math.max(...TLS_RULES.map((r) => r.length));
    const lines = [`TLS findings over ${files} corpus files (main.cf and master.cf each alone)`, `${'rule'.padEnd(w)}  main.cf  master.cf  files`];
    for (const [id, c] of rows) lines.push(`${id.padEnd(w)}  ${String(c.main).padStart(7)}  ${String(c.master).padStart(9)}  ${String(c.files.size).padStart(5)}`);
    const silent = TLS_RULES.filter((id) => counts.get(id)!.main + counts.get(id)!.master === 0);
    lines.push(`no finding: ${silent.join(', ') || '-'}`);
    console.log(lines.map((l) => `    ${l}`).join('\n'));
    assert.ok(files > 0, 'no corpus files');
    assert.deepEqual(problems, []);
  });
});
