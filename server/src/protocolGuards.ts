// Checks on every JSON-RPC message before the language server sees it, wired in as the
// connection's message and connection strategies (see node.ts). Transport-agnostic: they look at
// parsed messages only.
//
// - Before `initialize`, a request is answered with ServerNotInitialized (-32002) and a
//   notification other than `exit` is dropped, as the LSP specification asks.
// - Positions, ranges and text document identifiers that break the protocol's types (negative
//   or fractional numbers, strings, a missing uri) are refused with InvalidParams (-32602) for a
//   request; such a didOpen / didChange / didClose is dropped (a fractional line would corrupt the
//   synchronized copy of the document), with a message in the log.
// - After `shutdown`, every request is answered with InvalidRequest (-32600) and every
//   notification but `exit` is dropped; a second `initialize` is refused the same way.
// - A request the client cancels while it still waits in the queue is answered with
//   RequestCancelled (-32800) and never runs.
import { ConnectionOptions, ErrorCodes, LSPErrorCodes, Message, NotificationMessage, RequestMessage, ResponseMessage } from 'vscode-languageserver';

/** Requests that the strategies turn away are re-addressed to this method; server.ts answers it with the error in its params. */
export const REJECTED_REQUEST = '$/postfix/rejectedRequest';

export interface RejectedRequestParams {
  code: number;
  message: string;
}

export interface ProtocolGuards {
  options: ConnectionOptions;
  /** Where the reasons for dropped notifications go (set once the connection exists). */
  log: (message: string) => void;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isUint = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPosition = (v: unknown): boolean => isObject(v) && isUint(v.line) && isUint(v.character);
const isRange = (v: unknown): boolean => isObject(v) && isPosition(v.start) && isPosition(v.end);

/** What is wrong with the parts of `params` that the server reads, or undefined. */
function paramsProblem(method: string, params: unknown): string | undefined {
  if (params === undefined || params === null) return undefined;
  if (!isObject(params)) return undefined;
  if ('textDocument' in params) {
    const td = params.textDocument;
    if (!isObject(td) || typeof td.uri !== 'string') return `${method}: textDocument.uri must be a string`;
  }
  if ('position' in params && !isPosition(params.position)) return `${method}: position must be {line, character} of non-negative integers`;
  if ('range' in params && !isRange(params.range)) return `${method}: range must be {start, end} positions of non-negative integers`;
  switch (method) {
    case 'textDocument/didOpen': {
      const td = params.textDocument as Record<string, unknown>;
      if (typeof td.text !== 'string' || typeof td.languageId !== 'string' || !Number.isInteger(td.version)) return `${method}: textDocument needs uri, languageId, an integer version and text`;
      return undefined;
    }
    case 'textDocument/didChange': {
      const td = params.textDocument as Record<string, unknown>;
      if (!Number.isInteger(td.version)) return `${method}: textDocument.version must be an integer`;
      const changes = params.contentChanges;
      if (!Array.isArray(changes)) return `${method}: contentChanges must be an array`;
      for (const c of changes) {
        if (!isObject(c) || typeof c.text !== 'string') return `${method}: every content change needs a text`;
        if ('range' in c && c.range !== undefined && !isRange(c.range)) return `${method}: a content change range must be {start, end} positions of non-negative integers`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

export function protocolGuards(): ProtocolGuards {
  let initialized = false;
  let shutDown = false;
  const guards: ProtocolGuards = {
    log: () => undefined,
    options: {
      messageStrategy: {
        handleMessage(message: Message, next: (message: Message) => void): void {
          if (Message.isRequest(message)) {
            const rejected = (code: number, text: string) => next({ ...message, method: REJECTED_REQUEST, params: { code, message: text } satisfies RejectedRequestParams } as RequestMessage);
            if (shutDown) return rejected(ErrorCodes.InvalidRequest, `${message.method} after shutdown: the server only takes exit now`);
            if (message.method === 'initialize') {
              if (initialized) return rejected(ErrorCodes.InvalidRequest, 'initialize: the server is initialized already');
              initialized = true;
              return next(message);
            }
            if (message.method === 'shutdown' && initialized) {
              shutDown = true;
              return next(message);
            }
            if (!initialized) return rejected(ErrorCodes.ServerNotInitialized, `${message.method} before initialize: the server is not initialized yet`);
            const problem = paramsProblem(message.method, message.params);
            if (problem) return rejected(ErrorCodes.InvalidParams, problem);
            return next(message);
          }
          if (Message.isNotification(message)) {
            if (message.method === 'exit') return next(message);
            if (!initialized) {
              guards.log(`postfix: dropped ${message.method}, received before initialize`);
              return;
            }
            if (shutDown) {
              guards.log(`postfix: dropped ${message.method}, received after shutdown`);
              return;
            }
            const problem = paramsProblem(message.method, (message as NotificationMessage).params);
            if (problem) {
              guards.log(`postfix: dropped a malformed notification: ${problem}`);
              return;
            }
          }
          next(message);
        },
      },
      connectionStrategy: {
        cancelUndispatched(message: Message): ResponseMessage | undefined {
          if (!Message.isRequest(message)) return undefined;
          return { jsonrpc: '2.0', id: message.id, error: { code: LSPErrorCodes.RequestCancelled, message: `${message.method} cancelled before it started` } };
        },
      },
    },
  };
  return guards;
}
