// A minimal LSP client for protocol tests: it spawns the real bundled server (dist/server.js)
// as a child process and speaks JSON-RPC to it over stdio or Node IPC.
import { ChildProcess, fork, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ClientCapabilities,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  IPCMessageReader,
  IPCMessageWriter,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  Range,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkspaceFolder,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** The project root: the first directory upwards from here that holds package.json. */
export function findProjectRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
}

export const SERVER_JS = path.join(findProjectRoot(), 'dist', 'server.js');

/** Resolves with the promise's value, or rejects with `message` (computed when the time is up) after `ms` milliseconds. */
export function withTimeout<T>(p: Promise<T>, ms: number, message: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${typeof message === 'function' ? message() : message}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

interface DiagnosticsWaiter {
  uri: string;
  predicate: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

export type Transport = 'stdio' | 'node-ipc';

export class LspClient {
  readonly proc: ChildProcess;
  readonly connection: ProtocolConnection;
  /** Every publishDiagnostics notification received, oldest first. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** The client's copy of every open document, kept in step with the changes sent. */
  readonly documents = new Map<string, TextDocument>();
  /** Resolves when the child process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = '';
  private waiters: DiagnosticsWaiter[] = [];

  /** `node`: the Node.js that runs the server (test/cli/otherNodes.test.ts starts it on other releases). */
  constructor(readonly transport: Transport = 'stdio', node: string = process.execPath) {
    if (!fs.existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`node esbuild.mjs\` first`);
    if (transport === 'stdio') {
      this.proc = spawn(node, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      this.connection = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    } else {
      this.proc = fork(SERVER_JS, ['--node-ipc'], { execPath: node, stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
      this.connection = createProtocolConnection(new IPCMessageReader(this.proc), new IPCMessageWriter(this.proc));
      this.proc.stdout?.resume();
    }
    this.proc.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || !w.predicate(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    // Errors surface through failing requests; do not let a closed pipe throw asynchronously.
    this.connection.onError(() => undefined);
    this.connection.onClose(() => undefined);
    this.connection.listen();
  }

  get stderrText(): string {
    return this.stderr;
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** `textDocument` capabilities are merged over the defaults below (completion: as a whole). */
  async initialize(workspace?: ClientCapabilities['workspace'], textDocument?: ClientCapabilities['textDocument'], initializationOptions?: unknown, workspaceFolders: WorkspaceFolder[] | null = null): Promise<InitializeResult> {
    const result = await withTimeout(
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities: {
          workspace,
          textDocument: {
            publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
            ...textDocument,
          },
        },
        initializationOptions,
        workspaceFolders,
      }),
      10_000,
      'initialize request',
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  async open(uri: string, languageId: string, text: string, version = 1): Promise<TextDocument> {
    const doc = TextDocument.create(uri, languageId, version, text);
    this.documents.set(uri, doc);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    return doc;
  }

  /** Sends one incremental change and returns the client's updated copy of the document. */
  async change(uri: string, range: Range, text: string): Promise<TextDocument> {
    const old = this.documents.get(uri);
    if (!old) throw new Error(`${uri} is not open`);
    const doc = TextDocument.update(old, [{ range, text }], old.version + 1);
    this.documents.set(uri, doc);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: doc.version },
      contentChanges: [{ range, text }],
    });
    return doc;
  }

  /**
   * The first publishDiagnostics for `uri` (received so far or later) that satisfies the
   * predicate; by default the one for the client's current version of the document.
   */
  diagnostics(uri: string, predicate?: (p: PublishDiagnosticsParams) => boolean, ms = 5_000): Promise<PublishDiagnosticsParams> {
    const version = this.documents.get(uri)?.version;
    const pred = predicate ?? ((p: PublishDiagnosticsParams) => p.version === version);
    const seen = this.published.find((p) => p.uri === uri && pred(p));
    if (seen) return Promise.resolve(seen);
    const waiting = new Promise<PublishDiagnosticsParams>((resolve, reject) => {
      this.waiters.push({ uri, predicate: pred, resolve });
      // A dead server publishes nothing more: fail at once rather than at the timeout.
      void this.exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) while waiting for diagnostics of ${uri}: ${this.stderr.trim()}`)));
    });
    return withTimeout(
      waiting,
      ms,
      () => `no publishDiagnostics for ${uri}${predicate ? ' matching the condition' : ` version ${version}`} (received: ${JSON.stringify(
        this.published.filter((p) => p.uri === uri).map((p) => p.version),
      )}; ${this.alive ? 'server running' : `server exited with ${this.proc.exitCode ?? this.proc.signalCode}`}; server stderr: ${this.stderr.trim() || '(empty)'})`,
    );
  }

  /** shutdown, then exit; resolves with the exit code (bounded). */
  async shutdownAndExit(ms = 5_000): Promise<number | null> {
    await withTimeout(this.connection.sendRequest(ShutdownRequest.type), ms, 'shutdown request');
    await this.connection.sendNotification(ExitNotification.type);
    const { code } = await withTimeout(this.exited, ms, 'server process exit after the exit notification');
    return code;
  }

  /** Ends the connection and the child process (this one only, by its own handle). */
  async dispose(): Promise<void> {
    this.waiters = [];
    this.connection.dispose();
    if (this.alive) {
      this.proc.kill('SIGTERM');
      const ended = await withTimeout(this.exited, 2_000, 'server process exit after SIGTERM').then(
        () => true,
        () => false,
      );
      if (!ended && this.alive) this.proc.kill('SIGKILL');
    }
  }
}
