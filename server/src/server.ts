import { Connection, ResponseError, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from './service/languageService';
import { REJECTED_REQUEST, RejectedRequestParams } from './protocolGuards';
import { defaultCapabilities, ServerContext, ServerEnvironment } from './handlers/context';
import { registerInitialize } from './handlers/initialize';
import { createSettings } from './handlers/settings';
import { registerValidation } from './handlers/validationScheduler';
import { registerFeatures } from './handlers/features';
import { pairOf } from './handlers/pairs';
import { registerProbe } from './handlers/probe';
import { registerTableKind } from './handlers/tableKind';
import { registerTlsReportRequest } from './tlsReportRequest';

export type { ServerEnvironment, SiblingReader } from './handlers/context';
export { EFFECTIVE_TLS_REQUEST, PROBE_REQUEST } from './shared/commands';

/**
 * Transport-agnostic server: wires documents and settings to the language service through the
 * handler modules (handlers/). Nothing Postfix-specific happens here.
 */
export function startServer(connection: Connection, env: ServerEnvironment = {}): void {
  const documents = new TextDocuments(TextDocument);
  const caps = defaultCapabilities();
  const ctx: ServerContext = {
    connection,
    documents,
    env,
    service: getLanguageService(),
    trusted: true,
    folders: [],
    caps,
    settingsFor: (uri) => settings.settingsFor(uri),
    globalSettings: () => settings.globalSettings(),
    pairOf: (doc) => pairOf(ctx, doc),
  };
  const settings = createSettings(connection, caps, env, () => ctx.trusted);

  registerInitialize(ctx);
  registerValidation(ctx, settings);
  registerFeatures(ctx);
  registerTlsReportRequest(connection, documents, env.readLog);
  registerProbe(ctx);
  registerTableKind(ctx);
  // Requests that node.ts's protocol guards turned away (before initialize, malformed parameters).
  connection.onRequest(REJECTED_REQUEST, (p: RejectedRequestParams) => new ResponseError(p.code, p.message));

  documents.listen(connection);
  connection.listen();
}
