// postfix-language-server as installed (dist/server.js, also what the VS Code client starts): runs
// the server bundle (dist/postfix-language-server.js, from node.ts) through the V8 code cache, so a
// new server does not compile its rules again before the first diagnostics.
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { deferOptimization, runCached } from './compileCache';

// Validating a large file makes V8 grow its young generation to the maximum (2 × 16 MB), and it
// keeps that memory when the file is closed: the server then idles at about 120 MB. Without growth
// the young generation stays at its first size; validation collects more often (about 2 ms more on
// 2 000 lines once warm; the first open of a new server was faster with it) and the server holds
// about 40 MB less. V8 reads the flag whenever the young generation would grow, so setting it in a
// running process works. Set before the code cache is read or made: V8 keys a cache on the flags,
// and one made under other flags is rejected.
setFlagsFromString('--semi-space-growth-factor=1');
// The first validation of a new server runs once, cold: see deferOptimization(). A server lives
// long, so less is deferred than for postfix-lint. On Node 24 (V8 13, the nearest to VS Code's
// Electron) call counts 8 times V8's cut the CPU of a new server's first 2 000-line open on all
// threads from 70 ms to 54-64 (main thread 40-46 ms either way) and left edits and hovers as fast;
// 30 times made edits slower (2 000 lines, edit after idle: 10-14 ms against 8.7).
deferOptimization({ interruptBudget: 1_000_000, invocationScale: 8 });

runCached(join(__dirname, 'postfix-language-server.js'));
