import { createReadStream, existsSync, readFileSync } from 'node:fs';
import type * as Zlib from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { format, inspect } from 'node:util';
import { protocolGuards } from './protocolGuards';
import { startServer } from './server';
import { StdioFraming } from './stdioFraming';
import { NodeCertificateInspector } from './nodeCertificates';
import { nodeTableReader } from './nodeTables';
import { KindId, kindInfo } from './shared/documentKinds';
import type * as StarttlsProbe from './probe/starttlsProbe';
import { installedVersion } from './installedPostfix';
import { CacheWorth, markWorthCaching } from './codeCacheMark';

// The STARTTLS probe (net, tls, crypto) and zlib load on first use: a new server should not
// load them before its first diagnostics. A require() call stays lazy in the bundle; an import is hoisted.
/* eslint-disable @typescript-eslint/no-require-imports */
const starttlsProbe = (): typeof StarttlsProbe => require('./probe/starttlsProbe') as typeof StarttlsProbe;
const zlib = (): typeof Zlib => require('node:zlib') as typeof Zlib;
/* eslint-enable @typescript-eslint/no-require-imports */

const MAX_SIBLING_BYTES = 20 * 1024 * 1024;

/** The URI of the file of `kind` beside `uri` (`master.cf` beside `main.cf`), spelt as `uri` spells its directory. */
export function siblingUri(uri: string, fileName: string): string {
  const path = uri.replace(/[?#].*$/, '');
  return `${path.slice(0, path.lastIndexOf('/') + 1)}${fileName}`;
}

/** main.cf and master.cf live side by side; read the other one when it is not open. */
function readSibling(uri: string, kind: KindId): TextDocument | undefined {
  const info = kindInfo(kind);
  if (!uri.startsWith('file:') || info.related.by !== 'directory') return undefined;
  const fileName = info.related.fileName;
  try {
    const file = join(dirname(fileURLToPath(uri)), fileName);
    if (!existsSync(file)) return undefined;
    const text = readFileSync(file);
    if (text.length > MAX_SIBLING_BYTES) return undefined;
    // The client's spelling of the directory (VS Code percent-encodes `:`, `@`, `+`), so that edits and
    // locations in the sibling name the file as the client does.
    return TextDocument.create(siblingUri(uri, fileName), info.languageId, 0, text.toString('utf8'));
  } catch {
    return undefined;
  }
}

// Checks every message before the server sees it (protocolGuards.ts). Over stdio, the byte stream
// is re-framed first (stdioFraming.ts), so that one malformed header cannot leave the reader deaf.
const guards = protocolGuards();
const stdio = process.argv.slice(2).includes('--stdio');
const connection = stdio
  ? createConnection(ProposedFeatures.all, process.stdin.pipe(new StdioFraming((m) => guards.log(m))), process.stdout, guards.options)
  : // createConnection picks --node-ipc or --socket from argv.
    createConnection(ProposedFeatures.all, guards.options);
guards.log = (m) => connection.console.warn(m);
if (stdio) {
  // What createConnection does itself for --stdio: stdout carries the protocol, so nothing else may
  // write there; console output goes to the client's log.
  const log = (...args: unknown[]) => connection.console.log(format(...args));
  console.log = log;
  console.debug = log;
  console.dir = (item: unknown) => connection.console.log(inspect(item));
  console.table = log;
  console.trace = (...args: unknown[]) => connection.console.log(`${format(...args)}\n${new Error().stack ?? ''}`);
  console.info = (...args: unknown[]) => connection.console.info(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
}
/** Document links open only files that exist; other schemes cannot be checked from here. */
function fileExists(uri: string): boolean | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return existsSync(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/** A mail log from disk for postfix/tlsReport: streamed (a `.gz` decompressed), never read whole. */
function readLog(uri: string): AsyncIterable<Uint8Array> | undefined {
  if (!uri.startsWith('file:')) return undefined;
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    return undefined;
  }
  const raw = createReadStream(path, { highWaterMark: 1024 * 1024 });
  if (!path.endsWith('.gz')) return raw;
  const gunzip = zlib().createGunzip({ chunkSize: 1024 * 1024 });
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

/** The README shipped beside dist/ (extension and npm package): its rule table documents each diagnostic code. */
const readme = join(__dirname, '..', 'README.md');
const rulesDocumentation = existsSync(readme) ? pathToFileURL(readme).toString() : undefined;

startServer(connection, {
  readSibling,
  certificates: new NodeCertificateInspector(),
  tables: nodeTableReader,
  fileExists,
  installedVersion,
  rulesDocumentation,
  probe: (target, configured, signal) => starttlsProbe().probeStarttls(target, { configured, signal }),
  readLog,
  validated: () => markWorthCaching(CacheWorth.Rules),
});
