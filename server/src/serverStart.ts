// postfix-language-server as installed (dist/server.js, also what the VS Code client starts): runs
// the server bundle (dist/postfix-language-server.js, from node.ts) through the V8 code cache, so a
// new server does not compile its rules again before the first diagnostics.
import { join } from 'node:path';
import { runCached } from './compileCache';

runCached(join(__dirname, 'postfix-language-server.js'));
