// Regenerates the rule table in README.md from server/src/service/rules/catalogue.ts, and
// docs/rules.md (each rule's rationale and sources) from catalogue.ts and knowledge/rationale.json.
import { loadModule } from './bundled.mjs';
import { readFileSync, writeFileSync } from 'node:fs';

const table = (await loadModule('server/src/service/rules/catalogue.ts')).rulesMarkdown();
const readme = readFileSync('README.md', 'utf8');
const re = /(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/;
if (!re.test(readme)) throw new Error('README.md has no <!-- rules:start --> ... <!-- rules:end --> markers');
writeFileSync("README.md", readme.replace(re, `$1${table}\n$2`));
console.log(`README.md: ${table.split('\n').length - 2} rows`);

writeFileSync('docs/rules.md', (await loadModule('server/src/service/rules/rationale.ts')).rulesReference());
console.log('docs/rules.md written');
