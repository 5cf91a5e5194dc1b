/**
 * The `postfix/tlsReport` request (issue 12): `{uri}` → TlsReportResult, the report behind the
 * "Postfix: TLS report for this log" view. A `file:` log is read from disk as a stream when the
 * environment can (Node: env.readLog), so a log of a gigabyte that the editor never loaded whole
 * still gets its report in constant memory; otherwise the open document's text is read. Either
 * way the work yields to the event loop between chunks, and a cancelled request stops early and
 * answers with what it has (complete: false).
 */
import { CancellationToken, Connection, ResponseError, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TlsReportParams, TlsReportResult } from './service/maillog/reportTypes';
import { TlsReportBuilder } from './service/maillog/tlsReport';

export const TLS_REPORT_REQUEST = 'postfix/tlsReport';

/** The bytes of a log file (a `.gz` one decompressed), in chunks; undefined when this uri cannot be read here. */
export type LogReader = (uri: string) => AsyncIterable<Uint8Array> | undefined;

/** Characters of an open document read between two yields to the event loop. */
const TEXT_SLICE = 1024 * 1024;

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The report of an open document's text, a slice at a time. */
async function fromText(text: string, builder: TlsReportBuilder, token: CancellationToken): Promise<void> {
  for (let i = 0; i < text.length; i += TEXT_SLICE) {
    if (token.isCancellationRequested || !builder.feed(text.slice(i, i + TEXT_SLICE), token)) return;
    await yieldToEventLoop();
  }
}

/** The report of a file streamed from disk. */
async function fromStream(chunks: AsyncIterable<Uint8Array>, builder: TlsReportBuilder, token: CancellationToken): Promise<void> {
  let last = 10;
  let n = 0;
  for await (const chunk of chunks) {
    if (token.isCancellationRequested || !builder.feed(chunk, token)) return;
    if (chunk.length) last = chunk[chunk.length - 1];
    // Stream reads already yield; a fast disk can still hand over many chunks in a row.
    if (++n % 16 === 0) await yieldToEventLoop();
  }
  if (last !== 10) builder.feed('\n');
}

export function registerTlsReportRequest(connection: Connection, documents: TextDocuments<TextDocument>, readLog?: LogReader): void {
  connection.onRequest(TLS_REPORT_REQUEST, async (params: TlsReportParams, given: CancellationToken | undefined): Promise<TlsReportResult | ResponseError<void>> => {
    // A client that sends the params as an array hands over something else where the token goes.
    const token = CancellationToken.is(given) ? given : CancellationToken.None;
    const uri = params?.uri;
    if (typeof uri !== 'string') return new ResponseError(-32602, 'postfix/tlsReport needs {uri}');
    const builder = new TlsReportBuilder();
    const stream = readLog?.(uri);
    try {
      if (stream) await fromStream(stream, builder, token);
      else {
        const doc = documents.get(uri);
        if (!doc) return new ResponseError(-32602, `not an open document and not a file this server can read: ${uri}`);
        await fromText(doc.getText(), builder, token);
      }
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'a directory' : err.message;
      return new ResponseError(-32603, `cannot read ${uri}: ${why}`);
    }
    const { report, timeline, lines, complete } = builder.finish();
    return { report, timeline, lines, complete: complete && !token.isCancellationRequested };
  });
}
