import * as assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RULES, rulesMarkdown } from '../../server/src/service/rules/catalogue';
import { rulesReference } from '../../server/src/service/rules/rationale';

function root(): string {
  let d = __dirname;
  while (!existsSync(join(d, 'package.json'))) d = dirname(d);
  return d;
}

describe('README', () => {
  const readme = readFileSync(join(root(), 'README.md'), 'utf8');

  it('shows the rule table generated from the rule data (npm run docs:rules)', () => {
    const m = /<!-- rules:start -->\n([\s\S]*?)\n<!-- rules:end -->/.exec(readme);
    assert.ok(m, 'README.md lacks the rules markers');
    assert.equal(m[1], rulesMarkdown(), 'README rule table is stale: run npm run docs:rules');
  });

  it('names every rule id of the catalogue and every setting of package.json', () => {
    for (const r of RULES) assert.ok(readme.includes(`\`${r.id}\``), `README does not mention ${r.id}`);
    const pkg = JSON.parse(readFileSync(join(root(), 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
    for (const key of Object.keys(pkg.contributes.configuration.properties)) assert.ok(readme.includes(`\`${key}\``), `README settings table lacks ${key}`);
  });

  it('docs/rules.md, each rule\'s rationale and sources, is generated from the rule data (npm run docs:rules)', () => {
    assert.equal(readFileSync(join(root(), 'docs/rules.md'), 'utf8'), rulesReference(), 'docs/rules.md is stale: run npm run docs:rules');
    assert.match(readme, /docs\/rules\.md/, 'README points to docs/rules.md');
  });

  it('gives the two set-up and test commands', () => {
    assert.match(readme, /npm ci && npm run package/);
    assert.match(readme, /npm test/);
  });
});
