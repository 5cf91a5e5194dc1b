#!/usr/bin/env node
// Long fuzz run of the language service (`npm run fuzz`): the properties of test/fuzz/properties.ts
// (the same ones `npm test` runs a few hundred times with a fixed seed) over at least 100 000 cases,
// with a new seed each run unless --seed is given. Prints the counts, and on a failure the input
// (shrunk by fast-check), the seed and the path to replay it, exiting with status 1.
//
//   node scripts/fuzz.mjs [--runs N] [--seed S]
//     --runs N  total cases (default 100000): 60 % random text, 40 % mutated corpus configurations
//     --seed S  replay a run
//
// The corpus is read from ../shared/corpus relative to the project root; without it every case is random text.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { requireBundle, ROOT } from './bundled.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 100_000);
const SEED = arg('--seed', Date.now() ^ (process.pid << 8));
if (!Number.isInteger(RUNS) || RUNS <= 0 || !Number.isInteger(SEED)) {
  console.error('usage: node scripts/fuzz.mjs [--runs N] [--seed S]');
  process.exit(2);
}

// The properties are TypeScript under test/: bundle them (with the service) into a temporary file.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-fuzz-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
const lib = path.join(work, 'fuzz-lib.cjs');
const { fc, check, loadCorpus, mutatedInputs, newCounts, randomInputs, getLanguageService } = await requireBundle(
  ["export * from './test/fuzz/properties';", "export { getLanguageService } from './server/src/service/languageService';", "export { default as fc } from 'fast-check';"],
  lib,
);

const corpus = loadCorpus(ROOT);
if (!corpus) console.log(`corpus not found at ${path.resolve(ROOT, '..', 'shared', 'corpus')}: random text only`);
const plan = corpus
  ? [['random text', randomInputs(), Math.ceil(RUNS * 0.6)], ['mutated corpus', mutatedInputs(corpus), Math.floor(RUNS * 0.4)]]
  : [['random text', randomInputs(), RUNS]];

console.log(`fuzz: ${RUNS.toLocaleString('en')} cases, seed ${SEED}${corpus ? `, corpus ${corpus.files.length} files` : ''}`);
let failed = false;
const totals = newCounts();
for (const [label, arb, runs] of plan) {
  const counts = newCounts();
  const svc = getLanguageService();
  const t = performance.now();
  let last = t;
  const result = fc.check(
    fc.property(arb, (input) => {
      check(input, counts, svc);
      const now = performance.now();
      if (now - last > 10_000) {
        last = now;
        process.stderr.write(`  ${label}: ${counts.cases.toLocaleString('en')} / ${runs.toLocaleString('en')}\n`);
      }
    }),
    { seed: SEED, numRuns: runs },
  );
  const secs = ((performance.now() - t) / 1000).toFixed(1);
  console.log(`${label}: ${result.numRuns.toLocaleString('en')} cases passed${result.failed ? ' before a failure' : ''} in ${secs} s; ${counts.validations.toLocaleString('en')} validations (${counts.diagnostics.toLocaleString('en')} diagnostics), ${counts.hovers.toLocaleString('en')} hovers, ${counts.completions.toLocaleString('en')} completions, ${counts.codeActions.toLocaleString('en')} code-action requests, ${counts.prints.toLocaleString('en')} prints`);
  for (const k of Object.keys(totals)) totals[k] += counts[k];
  if (result.failed) {
    failed = true;
    const input = result.counterexample?.[0];
    console.log(`FAILED: ${result.errorInstance instanceof Error ? result.errorInstance.stack : String(result.errorInstance)}`);
    console.log(`  input (${input?.kind} ${input?.name}, ${input?.origin}): ${JSON.stringify(input?.text.slice(0, 4000))}`);
    console.log(`  replay: node scripts/fuzz.mjs --seed ${SEED} --runs ${RUNS}   (fast-check path ${result.counterexamplePath})`);
  }
}
console.log(`total: ${totals.cases.toLocaleString('en')} cases (with shrinking), ${totals.validations.toLocaleString('en')} validations, ${totals.hovers.toLocaleString('en')} hovers, ${totals.completions.toLocaleString('en')} completions, ${totals.codeActions.toLocaleString('en')} code-action requests, ${totals.prints.toLocaleString('en')} prints${failed ? '; FAILED' : ''}`);
process.exit(failed ? 1 : 0);
