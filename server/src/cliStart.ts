// postfix-lint as installed (dist/cli.js): starts the linter bundle (dist/postfix-lint.js, from
// cli.ts) through the V8 code cache, which takes most of the compiling out of every run.
import { join } from 'node:path';
import { deferOptimization, runCached } from './compileCache';

// A lint runs once, cold: see deferOptimization().
deferOptimization({ interruptBudget: 4_000_000, invocationScale: 30 });

runCached(join(__dirname, 'postfix-lint.js'));
