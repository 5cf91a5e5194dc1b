// Regenerates the rule table in README.md from server/src/service/rules/catalogue.ts, and
// docs/rules.md (each rule's rationale and sources) from catalogue.ts and knowledge/rationale.json.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

const out = await esbuild.build({ entryPoints: ['server/src/service/rules/catalogue.ts'], bundle: true, platform: 'node', format: 'cjs', write: false });
const mod = { exports: {} };
new Function('module', 'exports', out.outputFiles[0].text)(mod, mod.exports);
const table = mod.exports.rulesMarkdown();
const readme = readFileSync('README.md', 'utf8');
const re = /(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/;
if (!re.test(readme)) throw new Error('README.md has no <!-- rules:start --> ... <!-- rules:end --> markers');
writeFileSync("README.md", readme.replace(re, `$1${table}\n$2`));
console.log(`README.md: ${table.split('\n').length - 2} rows`);

const ref = await esbuild.build({ entryPoints: ['server/src/service/rules/rationale.ts'], bundle: true, platform: 'node', format: 'cjs', write: false });
const refMod = { exports: {} };
new Function('module', 'exports', ref.outputFiles[0].text)(refMod, refMod.exports);
writeFileSync('docs/rules.md', refMod.exports.rulesReference());
console.log('docs/rules.md written');
