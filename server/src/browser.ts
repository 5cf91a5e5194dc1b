import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { protocolGuards } from './protocolGuards';
import { startServer } from './server';

// The web worker's global scope (vscode.dev, github.dev): the same server, without file access,
// so sibling files on disk, certificate checks and document-link existence checks are absent.
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

// The same checks on every message as over stdio (protocolGuards.ts): before initialize, after shutdown, malformed positions.
const guards = protocolGuards();
const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self), guards.options);
guards.log = (m) => connection.console.warn(m);
startServer(connection);
