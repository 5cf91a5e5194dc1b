// The recommended TLS blocks have one source (server/src/service/knowledge/blocks.ts): the quick
// fixes insert its lines, and snippets/postfix-main.json (the snippets and the insert commands of
// the VS Code client) is generated from it by `npm run snippets`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { snippetToPlain } from '../../server/src/clientAdapt';
import { blockSnippets, clientBlock, serverBlock } from '../../server/src/service/knowledge/blocks';
import { parseVersion } from '../../server/src/service/knowledge/version';

const ROOT = path.resolve(__dirname, '../../..');

describe('TLS blocks: one source for quick fixes and snippets', () => {
  it('snippets/postfix-main.json is what blocks.ts generates (run `npm run snippets` after changing a block)', () => {
    const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'snippets/postfix-main.json'), 'utf8')) as unknown;
    assert.deepEqual(file, blockSnippets());
  });

  it('each snippet, with its placeholders at their defaults, is the block the quick fix inserts', () => {
    const plain = (name: string) => snippetToPlain(blockSnippets()[name].body.join('\n')).trimEnd().split('\n');
    const text = (b: { heading: string; lines: Array<{ name: string; value: string }> }) => [b.heading, ...b.lines.map((l) => `${l.name} = ${l.value}`)];
    assert.deepEqual(plain('TLS client block'), text(clientBlock()));
    assert.deepEqual(plain('TLS server block'), text(serverBlock(parseVersion('3.11')!)));
    assert.deepEqual(plain('TLS server block (cert + key files)'), text(serverBlock(parseVersion('3.3')!)));
  });
});
