// The engine over the shared corpus of real-world configurations: every main.cf alone and every
// master.cf alone. No exception, every range (findings and fix edits) inside its document, and a
// table of how many findings each TLS rule produced.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/service/languageService';
import { RuleId, ruleIds } from '../../server/src/service/rules/catalogue';
import { parseProtocols } from '../../server/src/service/rules/tls/protocols';
import { rangeInside } from './tlsSpec';

const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const TLS_RULES = ruleIds((r) => r.family === 'tls');
/** Rules about a TLS layer's own settings, judged only once that layer is on. */
const LAYER_RULES = new Set<string>(['weak-protocol-ssl', 'weak-protocol-tls10', 'protocol-invalid', 'protocol-gap', 'tls13-disabled', 'weak-cipher-grade', 'null-cipher', 'invalid-grade', 'exclude-syntax', 'curves-override', 'weak-fp-digest', 'verbose-loglevel', 'req-ccert-optional', 'client-sasl-cleartext'] satisfies RuleId[]);

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

  it('fix all (run by editors on save) needs no decision: no example certificate paths, port 25 stays opportunistic, nothing new of error or warning severity', () => {
    const ls = getLanguageService();
    const problems: string[] = [];
    let changed = 0;
    const dir = path.join(CORPUS, 'main');
    for (const name of fs.readdirSync(dir).sort()) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const doc = TextDocument.create(`file:///corpus/${name}`, 'postfix-main', 1, text);
      const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) };
      const before = ls.findings(doc, { main: doc });
      const all = ls.getCodeActions(doc, whole, ls.validate(doc, { main: doc }), { main: doc }, {}, ['source.fixAll']);
      const edits = all.flatMap((a) => a.edit?.changes?.[doc.uri] ?? []);
      if (!edits.length) continue;
      changed++;
      const after = TextDocument.create(doc.uri, 'postfix-main', 2, TextDocument.applyEdits(doc, edits));
      const t = after.getText();
      if (/\/etc\/ssl\/(private|certs)\/mail\.(key|pem)/.test(t) && !/\/etc\/ssl\/(private|certs)\/mail\.(key|pem)/.test(text)) problems.push(`${name}: example certificate paths inserted`);
      // Port 25 (main.cf alone) is opportunistic: fix all may drop SSL, never a TLS version the file allowed.
      const protocols = parseProtocols(ls.config({ main: after }).effective('smtpd_tls_protocols').text).allowed;
      const was = parseProtocols(ls.config({ main: doc }).effective('smtpd_tls_protocols').text).allowed;
      const lost = [...was].filter((p) => p.startsWith('TLS') && !protocols.has(p));
      if (lost.length) problems.push(`${name}: smtpd_tls_protocols no longer allows ${lost.join(', ')}`);
      // Turning TLS on makes the settings of that layer matter: findings about text that was there already
      // (its protocols, ciphers, log level) are the next step, not something the fix broke.
      const key = (f: { rule: string; message: string }) => `${f.rule}\u0000${f.message.replace(/line \d+/g, 'line N')}`;
      const old = new Set(before.map(key));
      for (const f of ls.findings(after, { main: after })) {
        if (LAYER_RULES.has(f.rule)) continue;
        if ((f.severity === 'error' || f.severity === 'warning') && !old.has(key(f))) problems.push(`${name}: new ${f.rule}: ${f.message}`);
      }
    }
    console.log(`    fix all changed ${changed} corpus main.cf files`);
    assert.ok(changed > 0);
    assert.deepEqual(problems, []);
  });
});
