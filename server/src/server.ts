import {
  CodeActionKind,
  Connection,
  DidChangeConfigurationNotification,
  InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigPair, FIX_ALL_KIND, getLanguageService, kindOf, LanguageSettings } from './service/languageService';
import type { CertificateInspector } from './service/rules/tls/certificates';

/** Reads the sibling main.cf / master.cf of a file from disk; absent in a browser or Restricted Mode. */
export type SiblingReader = (uri: string, kind: 'main' | 'master') => TextDocument | undefined;

const DEBOUNCE_MS = 120;

/**
 * Transport-agnostic server: wires documents and settings to the language
 * service. Nothing Postfix-specific happens here.
 */
export interface ServerEnvironment {
  readSibling?: SiblingReader;
  /** Only used in trusted workspaces. */
  certificates?: CertificateInspector;
}

export function startServer(connection: Connection, env: ServerEnvironment = {}): void {
  const readSibling = env.readSibling ?? (() => undefined);
  const documents = new TextDocuments(TextDocument);
  let service = getLanguageService();
  let pullConfig = false;
  let registerConfig = false;
  let trusted = true;
  const settingsCache = new Map<string, Promise<LanguageSettings>>();
  const pending = new Map<string, NodeJS.Timeout>();

  connection.onInitialize((params): InitializeResult => {
    pullConfig = !!params.capabilities.workspace?.configuration;
    // Only a client that supports dynamic registration may be asked for it: others answer with an error.
    registerConfig = pullConfig && !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    // In VS Code's Restricted Mode the client says so; other editors are trusted.
    trusted = (params.initializationOptions as { trusted?: boolean } | undefined)?.trusted !== false;
    if (trusted) service = getLanguageService({ certificates: env.certificates });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['$', '{', '=', ' ', '_', '!', '>', ':'], resolveProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      },
      serverInfo: { name: 'postfix-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (!registerConfig) return;
    // A rejected registration must not become an unhandled rejection, which ends the process.
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'postfix' }).catch((e: unknown) => {
      connection.console.warn(`postfix: could not register for configuration changes: ${(e as Error)?.message ?? e}`);
    });
  });

  const settingsFor = (uri: string): Promise<LanguageSettings> => {
    if (!pullConfig) return Promise.resolve(globalSettings);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'postfix' }).then((v) => (v ?? {}) as LanguageSettings, () => ({}));
      settingsCache.set(uri, s);
    }
    return s;
  };
  let globalSettings: LanguageSettings = {};

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    if (!pullConfig) globalSettings = ((change.settings as { postfix?: LanguageSettings })?.postfix ?? {}) as LanguageSettings;
    for (const d of documents.all()) schedule(d);
  });

  /** The open document beside this one wins over the file on disk. */
  const pairOf = (doc: TextDocument): ConfigPair => {
    const kind = kindOf(doc);
    const other = kind === 'main' ? 'master' : 'main';
    const dir = doc.uri.slice(0, doc.uri.lastIndexOf('/') + 1);
    const open = documents.all().find((d) => d.uri.startsWith(dir) && !d.uri.slice(dir.length).includes('/') && d.uri !== doc.uri && kindOf(d) === other);
    const sibling = open ?? (trusted ? readSibling(doc.uri, other) : undefined);
    return kind === 'main' ? { main: doc, master: sibling } : { main: sibling, master: doc };
  };

  const validate = async (doc: TextDocument) => {
    const settings = await settingsFor(doc.uri);
    const current = documents.get(doc.uri);
    if (!current || current.version !== doc.version) return; // a newer edit will validate
    try {
      const diagnostics = service.validate(doc, pairOf(doc), settings);
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    } catch (e) {
      connection.console.error(`postfix: validation of ${doc.uri} failed: ${(e as Error).stack ?? e}`);
    }
  };

  const schedule = (doc: TextDocument, delay = DEBOUNCE_MS) => {
    clearTimeout(pending.get(doc.uri));
    pending.set(doc.uri, setTimeout(() => {
      pending.delete(doc.uri);
      void validate(doc);
    }, delay));
  };

  const revalidateSiblings = (doc: TextDocument) => {
    const dir = doc.uri.slice(0, doc.uri.lastIndexOf('/') + 1);
    for (const d of documents.all()) if (d.uri !== doc.uri && d.uri.startsWith(dir)) schedule(d);
  };

  documents.onDidOpen((e) => {
    void validate(e.document);
    revalidateSiblings(e.document);
  });
  documents.onDidChangeContent((e) => {
    schedule(e.document);
    revalidateSiblings(e.document);
  });
  documents.onDidClose((e) => {
    clearTimeout(pending.get(e.document.uri));
    pending.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    return service.doHover(doc, p.position, pairOf(doc), await settingsFor(doc.uri));
  });
  connection.onCompletion(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const list = service.doComplete(doc, p.position, pairOf(doc), await settingsFor(doc.uri));
    // Remember the document, so resolve documents the item for its configuration (version, settings).
    for (const item of list.items) if (item.data && typeof item.data === 'object') item.data = { ...item.data, uri: doc.uri };
    return list;
  });
  connection.onCompletionResolve(async (item) => {
    const uri = (item.data as { uri?: unknown } | undefined)?.uri;
    const doc = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (!doc) return service.resolveCompletion(item, {}, globalSettings);
    return service.resolveCompletion(item, pairOf(doc), await settingsFor(doc.uri));
  });
  connection.onCodeAction(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    return service.getCodeActions(doc, p.range, p.context.diagnostics, pairOf(doc), await settingsFor(doc.uri), p.context.only);
  });

  documents.listen(connection);
  connection.listen();
}
