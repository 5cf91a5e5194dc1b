// Regenerates snippets/postfix-main.json from server/src/service/knowledge/blocks.ts, the one
// source of the recommended TLS blocks (the quick fixes insert the same lines).
import * as esbuild from 'esbuild';
import { writeFileSync } from 'node:fs';

const out = await esbuild.build({ entryPoints: ['server/src/service/knowledge/blocks.ts'], bundle: true, platform: 'node', format: 'cjs', write: false });
const mod = { exports: {} };
new Function('module', 'exports', out.outputFiles[0].text)(mod, mod.exports);
const snippets = mod.exports.blockSnippets();
writeFileSync('snippets/postfix-main.json', `${JSON.stringify(snippets, null, 2)}\n`);
console.log(`snippets/postfix-main.json: ${Object.keys(snippets).length} snippets`);
