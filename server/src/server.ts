import {
  CodeActionKind,
  Connection,
  DidChangeConfigurationNotification,
  InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigPair, getLanguageService, kindOf, LanguageSettings } from './service/languageService';

/** Reads the sibling main.cf / master.cf of a file from disk; absent in a browser or Restricted Mode. */
export type SiblingReader = (uri: string, kind: 'main' | 'master') => TextDocument | undefined;

const DEBOUNCE_MS = 120;

/**
 * Transport-agnostic server: wires documents and settings to the language
 * service. Nothing Postfix-specific happens here.
 */
export function startServer(connection: Connection, readSibling: SiblingReader = () => undefined): void {
  const documents = new TextDocuments(TextDocument);
  const service = getLanguageService();
  let pullConfig = false;
  let trusted = true;
  const settingsCache = new Map<string, Promise<LanguageSettings>>();
  const pending = new Map<string, NodeJS.Timeout>();

  connection.onInitialize((params): InitializeResult => {
    pullConfig = !!params.capabilities.workspace?.configuration;
    // In VS Code's Restricted Mode the client says so; other editors are trusted.
    trusted = (params.initializationOptions as { trusted?: boolean } | undefined)?.trusted !== false;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['$', '{', '=', ' ', '_', '!', '>', ':'], resolveProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'postfix-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (pullConfig) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'postfix' });
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
    return service.doComplete(doc, p.position, pairOf(doc), await settingsFor(doc.uri));
  });
  connection.onCompletionResolve((item) => service.resolveCompletion(item, {}, globalSettings));
  connection.onCodeAction((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    return service.getCodeActions(doc, p.range, p.context.diagnostics);
  });

  documents.listen(connection);
  connection.listen();
}
