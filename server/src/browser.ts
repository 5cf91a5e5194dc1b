import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from './server';

// The web worker's global scope (vscode.dev, github.dev): the same server, without file access,
// so sibling files on disk, certificate checks and document-link existence checks are absent.
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(connection);
