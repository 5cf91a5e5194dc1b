// postfix-language-server as installed (dist/server.js, also what the VS Code client starts): runs
// the server bundle (dist/postfix-language-server.js, from node.ts) through the V8 code cache, so a
// new server does not compile its rules again before the first diagnostics.
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runCached } from './compileCache';

// Validating a large file makes V8 grow its young generation to the maximum (2 × 16 MB), and it
// keeps that memory when the file is closed: the server then idles at about 120 MB. Without growth
// the young generation stays at its first size; validation collects more often (about 2 ms more on
// 2 000 lines once warm; the first open of a new server was faster with it) and the server holds
// about 40 MB less. V8 reads the flag whenever the young generation would grow, so setting it in a
// running process works. Set before the code cache is read or made: V8 keys a cache on the flags,
// and one made under other flags is rejected.
setFlagsFromString('--semi-space-growth-factor=1');
// The first validation of a new server runs once, cold. With V8's default interrupt budget the
// functions it runs most become hot within that one validation and go to the optimizing compiler
// (TurboFan), whose jobs cost about 60 ms of CPU on worker threads and several ms on the main thread
// while the validation still runs; with two busy cores that doubled the time to the first
// diagnostics (2 000 lines: about 100 ms against 45). With a budget 15 times the default, code is
// optimized once it has run for a while (typing, hovers, later opens) and the first validation
// stays in the interpreter and the baseline compiler; the edits, hovers and completions of the
// bench's "server" rows did not get slower. Measured on Node 20 (V8 11); later V8 releases (Node 22,
// VS Code's Electron) tier up differently (invocation counts, Maglev in between) and were not
// measured, so the flag is set for V8 11 and older only.
if (Number(process.versions.v8.split('.')[0]) <= 11) setFlagsFromString('--interrupt-budget=1000000');

runCached(join(__dirname, 'postfix-language-server.js'));
