import { ResponseError } from 'vscode-languageserver';
import type { ConfiguredCertificateFile, ProbeParams } from '../probe/probeTypes';
import { configuredServerCertificates } from '../service/serverCertificates';
import { kindOf } from '../shared/documentKinds';
import { PROBE_REQUEST } from '../shared/commands';
import { isMailLog } from '../service/maillog/logDocuments';
import type { ServerContext } from './context';

/** postfix/probe: the live STARTTLS check, compared with the certificate files the given main.cf names. */
export function registerProbe(ctx: ServerContext): void {
  const { connection, documents, env } = ctx;
  connection.onRequest(PROBE_REQUEST, async (p: ProbeParams, token) => {
    if (!env.probe) return new ResponseError(-32601, 'The STARTTLS check is not available here: it needs the desktop (Node) language server to reach the network.');
    if (!ctx.trusted) return new ResponseError(-32600, 'The STARTTLS check runs only in a trusted workspace.');
    if (typeof p?.target !== 'string') return new ResponseError(-32602, 'postfix/probe: target must be a string (host[:port])');
    let configured: ConfiguredCertificateFile[] = [];
    if (typeof p.mainCf === 'string') {
      // readSibling(uri, 'main') reads the main.cf of uri's directory: the file itself when it is not open.
      const doc = documents.get(p.mainCf) ?? env.readSibling?.(p.mainCf, 'main');
      if (doc && !isMailLog(doc) && kindOf(doc) === 'main') configured = configuredServerCertificates(ctx.service.config(ctx.pairOf(doc), await ctx.settingsFor(doc.uri)));
    }
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return env.probe(p.target, configured, controller.signal);
  });
}
