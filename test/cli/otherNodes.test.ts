// postfix-lint and the language server say "Node.js 20 or later", and compileCache.ts gives V8 other
// flags on Node 22 and 24 than on 20. On those releases (fetched by scripts/install-other-nodes.sh,
// which `npm test` runs) they must print and publish exactly what they do on the Node.js that runs
// the suites, stderr included (an unknown V8 flag is reported there).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tieringFlags } from '../../server/src/compileCache';
import { findProjectRoot, LspClient } from '../protocol/lspClient';
import { CLI, Run, runOn, unknownV8Flags } from './runCli';

const ROOT = findProjectRoot();
const REAL_WORLD = path.join(ROOT, 'test', 'fixtures', 'real-world');

/** `node` with `args`, no code cache (a test must not leave one behind). */
function run(node: string, args: string[]): Run {
  return runOn(node, args, { POSTFIX_TLS_CODE_CACHE: '' });
}

/** The diagnostics the server on `node` publishes for the fixture's main.cf (its master.cf beside it). */
async function published(node: string, dir: string): Promise<unknown> {
  const client = new LspClient('stdio', node);
  try {
    await client.initialize();
    const file = path.join(dir, 'main.cf');
    const uri = pathToFileURL(file).href;
    await client.open(uri, 'postfix-main', fs.readFileSync(file, 'utf8'));
    const { diagnostics } = await client.diagnostics(uri);
    assert.equal(await client.shutdownAndExit(), 0);
    return diagnostics;
  } finally {
    await client.dispose();
  }
}

for (const major of [22, 24]) {
  describe(`postfix-lint and the language server on Node ${major}`, function () {
    this.timeout(120_000);
    const node = path.join(ROOT, '.vscode-test', `node-${major}`, 'bin', 'node');
    const dirs = fs.readdirSync(REAL_WORLD, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(REAL_WORLD, d.name));
    // Every file (main.cf, master.cf and their .j2 and .erb templates), each linted with its siblings.
    const files = dirs.flatMap((d) => fs.readdirSync(d).map((f) => path.join(d, f)));

    before(() => {
      assert.ok(fs.existsSync(node), `${node} is missing: run bash scripts/install-other-nodes.sh (npm test does)`);
      assert.equal(run(node, ['-p', 'process.versions.node.split(".")[0]']).stdout.trim(), String(major));
    });

    it(`the V8 flags postfix-lint sets there are ones its V8 knows (${major === 22 ? 'V8 12' : 'V8 13'})`, () => {
      const v8 = run(node, ['-p', 'process.versions.v8']).stdout.trim();
      const flags = tieringFlags(v8, { interruptBudget: 4_000_000, invocationScale: 30 });
      assert.equal(flags.length, 4, `V8 ${v8}: ${flags.join(' ')}`);
      assert.deepEqual(unknownV8Flags(node, flags), [], `not in node --v8-options of V8 ${v8}`);
    });

    it(`postfix-lint prints the same as on Node ${process.versions.node.split('.')[0]}, byte for byte, for the ${files.length} files of the real-world configurations (text and json), stderr included`, () => {
      for (const format of ['text', 'json']) {
        const here = run(process.execPath, [CLI, '--format', format, ...files]);
        const there = run(node, [CLI, '--format', format, ...files]);
        // stderr holds the summary line; an unknown V8 flag would be reported there too.
        assert.equal(there.stderr, here.stderr);
        assert.equal(there.status, here.status);
        assert.ok(here.stdout.length > 10_000, `${here.stdout.length} bytes of ${format}`);
        assert.equal(there.stdout, here.stdout);
      }
    });

    it('the language server publishes the same diagnostics for a didOpen', async () => {
      const dir = dirs.find((d) => fs.existsSync(path.join(d, 'main.cf')));
      assert.ok(dir);
      const there = await published(node, dir);
      assert.ok(Array.isArray(there) && there.length > 0, JSON.stringify(there));
      assert.deepEqual(there, await published(process.execPath, dir));
    });
  });
}
