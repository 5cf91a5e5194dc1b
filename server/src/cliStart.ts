// postfix-lint as installed (dist/cli.js): starts the linter bundle (dist/postfix-lint.js, from
// cli.ts) through the V8 code cache, which takes most of the compiling out of every run.
import { join } from 'node:path';
import { runCached } from './compileCache';

runCached(join(__dirname, 'postfix-lint.js'));
