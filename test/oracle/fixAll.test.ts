// Fix all, judged by the real postconf (issue 9): editors run source.fixAll on save, so its result
// must be a configuration Postfix accepts as it accepted the original, with no new warning. Every
// corpus main.cf that the installed postconf accepts (templates left out) is fixed with the target
// set to the installed release, written to a private directory and read back with `postconf -n`.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/service/languageService';
import { isTemplate } from '../../server/src/service/parser/templates';

const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/main');

function postconf(): { bin: string; version: string } | undefined {
  for (const bin of ['postconf', '/usr/sbin/postconf', '/usr/local/sbin/postconf']) {
    const r = spawnSync(bin, ['-d', '-h', 'mail_version'], { encoding: 'utf8' });
    if (!r.error && r.status === 0 && /^\d+\.\d+/.test(r.stdout.trim())) return { bin, version: r.stdout.trim() };
  }
  return undefined;
}

/** postconf -n on `text` as DIR/main.cf: exit status and its warnings, with the directory name taken out. */
function read(bin: string, dir: string, text: string): Promise<{ status: number | null; warnings: string[] }> {
  fs.writeFileSync(path.join(dir, 'main.cf'), text);
  return new Promise((resolve) => {
    // Some configurations make postconf wait for seconds (dictionary plugins it cannot load): run many at once.
    const p = spawn(bin, ['-c', dir, '-n'], { env: { ...process.env, LC_ALL: 'C', MAIL_CONFIG: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    p.on('close', (status) => resolve({ status, warnings: err.split('\n').filter((l) => /warning:/.test(l)).map((l) => l.split(dir).join('DIR').replace(/line \d+/g, 'line N')) }));
  });
}

describe('fix all, read back by the real postconf', function () {
  this.timeout(120000);
  const pc = postconf();

  before(function () {
    if (!fs.existsSync(CORPUS)) {
      console.log(`    corpus directory ${CORPUS} is absent: skipping`);
      this.skip();
    }
    if (!pc) {
      console.log('    postconf is not installed (Debian package "postfix"): skipping');
      this.skip();
    }
  });

  it('every accepted corpus main.cf stays accepted after fix all, with no new postconf warning', async () => {
    const ls = getLanguageService();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixall-'));
    const problems: string[] = [];
    let checked = 0;
    let changed = 0;
    const one = async (name: string, i: number) => {
      const text = fs.readFileSync(path.join(CORPUS, name), 'utf8');
      if (isTemplate(name, text)) return;
      const dir = path.join(root, String(i));
      fs.mkdirSync(dir);
      const before = await read(pc!.bin, dir, text);
      if (before.status !== 0) return;
      checked++;
      const doc = TextDocument.create(`file:///corpus/${name}`, 'postfix-main', 1, text);
      const settings = { targetVersion: pc!.version };
      const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) };
      const actions = ls.getCodeActions(doc, whole, ls.validate(doc, { main: doc }, settings), { main: doc }, settings, ['source.fixAll']);
      const edits = actions.flatMap((a) => a.edit?.changes?.[doc.uri] ?? []);
      if (!edits.length) return;
      changed++;
      const after = await read(pc!.bin, dir, TextDocument.applyEdits(doc, edits));
      if (after.status !== 0) problems.push(`${name}: postconf rejects the fixed file`);
      const old = new Set(before.warnings);
      for (const w of after.warnings) if (!old.has(w)) problems.push(`${name}: new postconf warning: ${w}`);
    };
    try {
      const names = fs.readdirSync(CORPUS).sort();
      let next = 0;
      await Promise.all(Array.from({ length: 16 }, async () => {
        while (next < names.length) {
          const i = next++;
          await one(names[i], i);
        }
      }));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
    console.log(`    postconf ${pc!.version}: ${checked} accepted corpus files, fix all changed ${changed}, all still accepted without new warnings: ${problems.length === 0}`);
    assert.ok(changed > 0, 'fix all changed nothing: the test would prove nothing');
    assert.deepEqual(problems, []);
  });
});
