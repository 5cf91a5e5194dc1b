// Regenerates snippets/postfix-main.json from server/src/service/knowledge/blocks.ts, the one
// source of the recommended TLS blocks (the quick fixes insert the same lines).
import { loadModule } from './bundled.mjs';
import { writeFileSync } from 'node:fs';

const snippets = (await loadModule('server/src/service/knowledge/blocks.ts')).blockSnippets();
writeFileSync('snippets/postfix-main.json', `${JSON.stringify(snippets, null, 2)}\n`);
console.log(`snippets/postfix-main.json: ${Object.keys(snippets).length} snippets`);
