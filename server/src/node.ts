import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer } from './server';
import { NodeCertificateInspector } from './nodeCertificates';

const MAX_SIBLING_BYTES = 20 * 1024 * 1024;

/** main.cf and master.cf live side by side; read the other one when it is not open. */
function readSibling(uri: string, kind: 'main' | 'master'): TextDocument | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const file = join(dirname(fileURLToPath(uri)), `${kind}.cf`);
    if (!existsSync(file)) return undefined;
    const text = readFileSync(file);
    if (text.length > MAX_SIBLING_BYTES) return undefined;
    return TextDocument.create(pathToFileURL(file).toString(), kind === 'main' ? 'postfix-main' : 'postfix-master', 0, text.toString('utf8'));
  } catch {
    return undefined;
  }
}

// createConnection picks --stdio, --node-ipc or --socket from argv.
const connection = createConnection(ProposedFeatures.all);
startServer(connection, { readSibling, certificates: new NodeCertificateInspector() });
