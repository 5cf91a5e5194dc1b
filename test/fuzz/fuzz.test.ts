// Property-based robustness tests (fast-check): random text and random mutations of the corpus
// configurations through the parser, every rule, hover, completion, code actions and --print (see
// properties.ts). A fixed seed and 3 000 cases here; `npm run fuzz` (scripts/fuzz.mjs) runs
// 100 000 (or --runs N) with a new seed each time.
//
// The corpus is read from ../shared/corpus relative to the project root; without it the corpus
// mutations are skipped (pending) with a message, the random-text cases still run.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findProjectRoot } from '../protocol/lspClient';
import { allFacts } from '../../server/src/service/knowledge/knowledge';
import { getLanguageService } from '../../server/src/service/languageService';
import { NameIndex, nearest } from '../../server/src/service/rules/suggest';
import { check, Input, loadCorpus, mutatedInputs, newCounts, randomInputs } from './properties';

const SEED = 20251125;
const ROOT = findProjectRoot(__dirname);
const corpus = loadCorpus(ROOT);

/** Runs the property; on failure, the message names the input (shrunk by fast-check) and the seed. */
function run(arb: fc.Arbitrary<Input>, numRuns: number): ReturnType<typeof newCounts> {
  const counts = newCounts();
  const svc = getLanguageService();
  const result = fc.check(fc.property(arb, (input) => check(input, counts, svc)), { seed: SEED, numRuns });
  if (result.failed) {
    const input = result.counterexample?.[0] as Input | undefined;
    assert.fail(`${result.errorInstance instanceof Error ? result.errorInstance.stack : String(result.errorInstance)}\n  input (${input?.kind} ${input?.name}, ${input?.origin}): ${JSON.stringify(input?.text.slice(0, 2000))}\n  seed ${SEED}, path ${result.counterexamplePath}`);
  }
  return counts;
}

describe('fuzz: robustness properties (fast-check, fixed seed)', function () {
  this.timeout(60_000);

  it('random text: no exception, every range inside the document, --print stable', () => {
    const c = run(randomInputs(), 2000);
    assert.equal(c.cases >= 2000, true);
  });

  it('mutated corpus configurations: no exception, every range inside the document, --print stable', function () {
    if (!corpus) {
      console.log(`    corpus not found at ${ROOT}/../shared/corpus: mutation cases skipped`);
      this.skip();
    }
    const c = run(mutatedInputs(corpus!), 1000);
    assert.equal(c.cases >= 1000, true);
    assert.ok(c.diagnostics > 0, 'the corpus gives diagnostics');
  });

  it('"did you mean" through the name index gives what the plain search gives', () => {
    const names = [...allFacts()].map((f) => f.name);
    const index = new NameIndex(names);
    const name = fc.oneof(
      fc.constantFrom(...names).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(3), fc.nat(60), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_0123456789')), { maxLength: 4 })).map(([n, edits]) => {
        let s = n;
        for (const [op, at, ch] of edits) {
          const i = at % (s.length + 1);
          s = op === 0 ? s.slice(0, i) + s.slice(i + 1) : op === 1 ? s.slice(0, i) + ch + s.slice(i) : op === 2 ? s.slice(0, i) + ch + s.slice(i + 1) : s.slice(0, i) + s.slice(i + 1, i + 2) + s.slice(i, i + 1) + s.slice(i + 2);
        }
        return s;
      })),
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_0123456789'), maxLength: 40 }),
    );
    fc.assert(
      fc.property(name, fc.option(fc.array(fc.string({ maxLength: 30 }), { maxLength: 5 })), (n, extra) => {
        assert.equal(index.nearest(n, extra ?? undefined), nearest(n, extra ? [...names, ...extra] : names));
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });
});
