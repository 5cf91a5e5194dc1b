import {
  CodeActionKind,
  CompletionItem,
  CompletionList,
  Connection,
  Location,
  LSPErrorCodes,
  ResponseError,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  InitializeResult,
  TextDocuments,
  PositionEncodingKind,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigPair, FIX_ALL_KIND, getLanguageService, kindOf, LanguageSettings, SOURCE } from './service/languageService';
import type { CertificateInspector } from './service/rules/tls/certificates';
import { REJECTED_REQUEST, RejectedRequestParams } from './protocolGuards';
import { SEMANTIC_TOKENS_LEGEND } from './service/semanticTokens';
import { ruleAnchor } from './service/rules/catalogue';
import { LogReader, registerTlsReportRequest } from './tlsReportRequest';
import type { ConfiguredCertificateFile, ProbeParams, ProbeResult } from './probe/probeTypes';
import { configuredServerCertificates } from './service/serverCertificates';
import { capDiagnostics, checkSettings, CompletionShape, DEFAULT_MAX_DIAGNOSTICS, plainHover, shapeCodeActions, shapeCompletionItem } from './clientAdapt';

/** Reads the sibling main.cf / master.cf of a file from disk; absent in a browser or Restricted Mode. */
export type SiblingReader = (uri: string, kind: 'main' | 'master') => TextDocument | undefined;

const DEBOUNCE_MS = 120;

/** Custom request of the VS Code client (and any client that wants it): { uri } -> text. */
export const EFFECTIVE_TLS_REQUEST = 'postfix/effectiveTlsSettings';

/** The live STARTTLS check: ProbeParams -> ProbeResult (server/src/probe/probeTypes.ts); Node server, trusted workspaces. */
export const PROBE_REQUEST = 'postfix/probe';

/**
 * Transport-agnostic server: wires documents and settings to the language
 * service. Nothing Postfix-specific happens here.
 */
export interface ServerEnvironment {
  readSibling?: SiblingReader;
  /** Only used in trusted workspaces. */
  certificates?: CertificateInspector;
  /** Does the file exist? undefined when it cannot tell (not a local file). Only used in trusted workspaces. */
  fileExists?: (uri: string) => boolean | undefined;
  /** mail_version of the installed postconf (the given path, else the usual places). Only used in trusted workspaces. */
  installedVersion?: (postconfPath?: string) => string | undefined;
  /**
   * The README (the rule table) as a URL, e.g. the file beside dist/: a diagnostic's codeDescription
   * points at its rule's row (README.md#rule-<id>). Without it diagnostics carry no codeDescription.
   */
  rulesDocumentation?: string;
  /** Streams a mail log from disk for the postfix/tlsReport request (Node); without it the open document is read. */
  readLog?: LogReader;
  /**
   * The live STARTTLS check (network I/O, so Node only: absent in the browser). Run only when a
   * client asks for it (postfix/probe) and only in trusted workspaces.
   */
  probe?: (target: string, configured: ConfiguredCertificateFile[], signal: AbortSignal) => Promise<ProbeResult>;
}

/**
 * The directory part of a URI, up to and with its last `/`; undefined when it has none
 * (`untitled:Untitled-1`): such a document pairs with no other.
 */
export function directoryOf(uri: string): string | undefined {
  const slash = uri.lastIndexOf('/');
  return slash < 0 ? undefined : uri.slice(0, slash + 1);
}

/**
 * A list whose items all replace the same range sends that range once, as itemDefaults.editRange,
 * and each item's text as textEditText (none where it is the label): a thousand names no longer
 * carry a thousand equal ranges.
 */
export function withEditRangeDefault(list: CompletionList): CompletionList {
  const first = list.items[0]?.textEdit;
  if (!first || !('range' in first)) return list;
  const r = first.range;
  const same = (e: CompletionItem['textEdit']) =>
    !!e && 'range' in e && e.range.start.line === r.start.line && e.range.start.character === r.start.character && e.range.end.line === r.end.line && e.range.end.character === r.end.character;
  if (!list.items.every((i) => same(i.textEdit))) return list;
  return {
    ...list,
    itemDefaults: { ...list.itemDefaults, editRange: r },
    // Without textEditText the client inserts the label.
    items: list.items.map(({ textEdit, ...rest }) => (textEdit!.newText === rest.label ? rest : { ...rest, textEditText: textEdit!.newText })),
  };
}

export function startServer(connection: Connection, env: ServerEnvironment = {}): void {
  const readSibling = env.readSibling ?? (() => undefined);
  const documents = new TextDocuments(TextDocument);
  let service = getLanguageService();
  let pullConfig = false;
  let registerConfig = false;
  /** The client watches files for us when asked (workspace/didChangeWatchedFiles, dynamic registration). */
  let registerWatch = false;
  let trusted = true;
  let definitionLinks = false;
  let refreshTokens = false;
  let refreshHints = false;
  /** The client takes a range common to all completion items once, in itemDefaults (VS Code does). */
  let editRangeDefault = false;
  /** What completion items may carry for this client: snippets, markdown, commands it runs itself. */
  let shape: CompletionShape = { snippets: true, markdown: true, commands: new Set() };
  let hoverMarkdown = true;
  /** The client takes CodeAction literals (else only Command literals). */
  let actionLiterals = false;
  /** The client shows Diagnostic.codeDescription. */
  let codeDescriptions = false;
  const settingsCache = new Map<string, Promise<LanguageSettings>>();
  const pending = new Map<string, NodeJS.Timeout>();
  /** When each open document last changed: the first edit after a quiet spell is validated at once. */
  const lastEdit = new Map<string, number>();
  /** Documents whose open has just been validated: the change event that follows the open is not another edit. */
  const justOpened = new Set<string>();

  connection.onInitialize((params): InitializeResult => {
    pullConfig = !!params.capabilities.workspace?.configuration;
    // Only a client that supports dynamic registration may be asked for it: others answer with an error.
    registerConfig = pullConfig && !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    // In VS Code's Restricted Mode the client says so; other editors are trusted.
    registerWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    trusted = (params.initializationOptions as { trusted?: boolean } | undefined)?.trusted !== false;
    if (trusted) service = getLanguageService({ certificates: env.certificates });
    definitionLinks = !!params.capabilities.textDocument?.definition?.linkSupport;
    refreshTokens = !!params.capabilities.workspace?.semanticTokens?.refreshSupport;
    refreshHints = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
    editRangeDefault = !!params.capabilities.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange');
    const td = params.capabilities.textDocument;
    // Commands only the client implements (the VS Code client lists them); no other client gets them.
    const declared = (params.initializationOptions as { clientCommands?: unknown } | undefined)?.clientCommands;
    const commands = new Set(Array.isArray(declared) ? declared.filter((c): c is string => typeof c === 'string') : []);
    // Without a documentationFormat / contentFormat the client takes plain text (LSP 3.17).
    shape = {
      snippets: td?.completion?.completionItem?.snippetSupport === true,
      markdown: !!td?.completion?.completionItem?.documentationFormat?.includes('markdown'),
      commands,
    };
    hoverMarkdown = !!td?.hover?.contentFormat?.includes('markdown');
    actionLiterals = !!td?.codeAction?.codeActionLiteralSupport;
    codeDescriptions = !!td?.publishDiagnostics?.codeDescriptionSupport || !!td?.diagnostic;
    return {
      capabilities: {
        // Every offset is counted in UTF-16 code units, the encoding every client must accept (LSP 3.17):
        // a client that offers only utf-8 or utf-32 still gets utf-16, said explicitly.
        positionEncoding: PositionEncodingKind.UTF16,
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['$', '{', '=', ' ', '_', '!', '>', ':'], resolveProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentLinkProvider: { resolveProvider: false },
        documentSymbolProvider: { label: 'Postfix' },
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
        inlayHintProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
      },
      serverInfo: { name: 'postfix-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    // A main.cf or master.cf that changes on disk (not open) changes the diagnostics of its open sibling.
    if (registerWatch) {
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/{main,master}.cf' }] }).catch((e: unknown) => {
        connection.console.warn(`postfix: could not register a file watcher: ${(e as Error)?.message ?? e}`);
      });
    }
    if (!registerConfig) return;
    // A rejected registration must not become an unhandled rejection, which ends the process.
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'postfix' }).catch((e: unknown) => {
      connection.console.warn(`postfix: could not register for configuration changes: ${(e as Error)?.message ?? e}`);
    });
  });

  /** Without postfix.targetVersion, the release of the Postfix installed here (trusted workspaces; asked once per path). */
  const installed = new Map<string, string | undefined>();
  const withInstalled = (s: LanguageSettings): LanguageSettings => {
    if (!trusted || !env.installedVersion || (typeof s.targetVersion === 'string' && s.targetVersion.trim() !== '')) return s;
    const path = typeof s.postconfPath === 'string' ? s.postconfPath : '';
    if (!installed.has(path)) installed.set(path, env.installedVersion(path || undefined));
    const v = installed.get(path);
    return v ? { ...s, installedVersion: v } : s;
  };
  const settingsFor = (uri: string): Promise<LanguageSettings> => {
    if (!pullConfig) return Promise.resolve(withInstalled(globalSettings));
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'postfix' }).then((v) => withInstalled(checked(v)), () => withInstalled({}));
      settingsCache.set(uri, s);
    }
    return s;
  };
  let globalSettings: LanguageSettings = {};
  /** Fields of the wrong type are ignored, with one warning per field (until the settings change). */
  const warned = new Set<string>();
  const checked = (raw: unknown): LanguageSettings => {
    const { settings, problems } = checkSettings(raw);
    for (const p of problems) {
      if (warned.has(p)) continue;
      warned.add(p);
      connection.console.warn(p);
    }
    return settings;
  };

  /** A sibling read from disk changed (or appeared, or went): the open documents beside it are judged again. */
  connection.onDidChangeWatchedFiles((p) => {
    const dirs = new Set(p.changes.map((c) => directoryOf(c.uri)).filter((d): d is string => d !== undefined));
    const open = new Set(documents.all().map((d) => d.uri));
    let any = false;
    for (const d of documents.all()) {
      const dir = directoryOf(d.uri);
      if (dir === undefined || !dirs.has(dir)) continue;
      // A change of the open document itself is the editor's business (didChange).
      if (p.changes.every((c) => c.uri === d.uri || open.has(c.uri))) continue;
      schedule(d);
      any = true;
    }
    if (any) refreshViews();
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    installed.clear();
    warned.clear();
    if (!pullConfig) globalSettings = checked((change.settings as { postfix?: unknown } | null)?.postfix);
    for (const d of documents.all()) schedule(d);
    refreshViews();
  });

  /** Semantic tokens and inlay hints depend on the settings and on the other file of the pair. */
  let refreshTimer: NodeJS.Timeout | undefined;
  const refreshViews = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      if (refreshTokens) connection.languages.semanticTokens.refresh();
      if (refreshHints) connection.languages.inlayHint.refresh().catch(() => undefined);
    }, 300);
  };

  /** The open document beside this one wins over the file on disk. A document without a directory (`untitled:Untitled-1`) has no sibling. */
  const pairOf = (doc: TextDocument): ConfigPair => {
    const kind = kindOf(doc);
    const other = kind === 'main' ? 'master' : 'main';
    const dir = directoryOf(doc.uri);
    if (dir === undefined) return kind === 'main' ? { main: doc } : { master: doc };
    const open = documents.all().find((d) => d.uri !== doc.uri && directoryOf(d.uri) === dir && kindOf(d) === other);
    const sibling = open ?? (trusted ? readSibling(doc.uri, other) : undefined);
    return kind === 'main' ? { main: doc, master: sibling } : { main: sibling, master: doc };
  };

  /** After shutdown nothing more is validated or published (protocolGuards drops later notifications). */
  let shutDown = false;
  connection.onShutdown(() => {
    shutDown = true;
    for (const t of pending.values()) clearTimeout(t);
    pending.clear();
    clearTimeout(refreshTimer);
  });

  const validate = async (doc: TextDocument) => {
    if (shutDown) return;
    const settings = await settingsFor(doc.uri);
    const current = documents.get(doc.uri);
    if (shutDown) return;
    if (!current || current.version !== doc.version) return; // a newer edit will validate
    try {
      const all = service.validate(doc, pairOf(doc), settings);
      for (const d of all) {
        if (codeDescriptions && env.rulesDocumentation && typeof d.code === 'string') d.codeDescription = { href: `${env.rulesDocumentation}#${ruleAnchor(d.code)}` };
        else delete d.codeDescription;
      }
      const diagnostics = capDiagnostics(all, settings.maxDiagnostics ?? DEFAULT_MAX_DIAGNOSTICS, SOURCE);
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    } catch (e) {
      connection.console.error(`postfix: validation of ${doc.uri} failed: ${(e as Error).stack ?? e}`);
    }
  };

  /** Validates the document after `delay` ms; a later call for the same document cancels the earlier one. */
  const schedule = (doc: TextDocument, delay = DEBOUNCE_MS) => {
    clearTimeout(pending.get(doc.uri));
    pending.set(doc.uri, setTimeout(() => {
      pending.delete(doc.uri);
      void validate(doc);
    }, delay));
  };

  /**
   * An edit after a quiet spell (no edit of this document for DEBOUNCE_MS) is validated at once:
   * a paste, a quick fix or one changed value shows its diagnostics without waiting. Edits that
   * follow each other faster than that (typing) are coalesced: each cancels the pending
   * validation of the one before, and only the last is validated, DEBOUNCE_MS after it. A
   * validation that comes due for an outdated version is dropped (see validate).
   */
  const edited = (doc: TextDocument) => {
    const now = Date.now();
    const last = lastEdit.get(doc.uri);
    lastEdit.set(doc.uri, now);
    const quiet = (last === undefined || now - last >= DEBOUNCE_MS) && !pending.has(doc.uri);
    schedule(doc, quiet ? 0 : DEBOUNCE_MS);
  };

  const revalidateSiblings = (doc: TextDocument) => {
    const dir = directoryOf(doc.uri);
    if (dir === undefined) return;
    for (const d of documents.all()) if (d.uri !== doc.uri && directoryOf(d.uri) === dir) schedule(d);
  };

  documents.onDidOpen((e) => {
    justOpened.add(e.document.uri);
    void validate(e.document);
    revalidateSiblings(e.document);
  });
  documents.onDidChangeContent((e) => {
    // TextDocuments reports an open as a change too: that version is being validated already.
    if (justOpened.delete(e.document.uri)) return;
    edited(e.document);
    revalidateSiblings(e.document);
  });
  documents.onDidClose((e) => {
    clearTimeout(pending.get(e.document.uri));
    pending.delete(e.document.uri);
    lastEdit.delete(e.document.uri);
    justOpened.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    service.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const h = service.doHover(doc, p.position, pairOf(doc), await settingsFor(doc.uri));
    return hoverMarkdown ? h : plainHover(h);
  });
  connection.onCompletion(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const found = service.doComplete(doc, p.position, pairOf(doc), await settingsFor(doc.uri));
    const list = { ...found, items: found.items.map((i) => shapeCompletionItem(i, shape)) };
    // Remember the document, so resolve documents the item for its configuration (version, settings).
    for (const item of list.items) if (item.data && typeof item.data === 'object') item.data = { ...item.data, uri: doc.uri };
    return editRangeDefault ? withEditRangeDefault(list) : list;
  });
  connection.onCompletionResolve(async (item) => {
    const uri = (item.data as { uri?: unknown } | undefined)?.uri;
    const doc = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (!doc) return shapeCompletionItem(service.resolveCompletion(item, {}, globalSettings), shape);
    return shapeCompletionItem(service.resolveCompletion(item, pairOf(doc), await settingsFor(doc.uri)), shape);
  });
  connection.onCodeAction(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const actions = service.getCodeActions(doc, p.range, p.context.diagnostics, pairOf(doc), await settingsFor(doc.uri), p.context.only);
    return shapeCodeActions(actions, doc.uri, shape.commands, actionLiterals);
  });

  // A change to main.cf can change the colours and inline values of the open master.cf, and back.
  documents.onDidChangeContent((e) => {
    const dir = e.document.uri.slice(0, e.document.uri.lastIndexOf('/') + 1);
    if (documents.all().some((d) => d.uri !== e.document.uri && d.uri.startsWith(dir))) refreshViews();
  });

  connection.onDefinition(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const links = service.findDefinition(doc, p.position, pairOf(doc), await settingsFor(doc.uri));
    if (!links) return null;
    return definitionLinks ? links : links.map((l) => Location.create(l.targetUri, l.targetSelectionRange));
  });
  connection.onReferences(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    return service.findReferences(doc, p.position, pairOf(doc), p.context.includeDeclaration, await settingsFor(doc.uri));
  });
  connection.onPrepareRename(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const r = service.prepareRename(doc, p.position, pairOf(doc), await settingsFor(doc.uri));
    if (r && 'error' in r) return new ResponseError(LSPErrorCodes.RequestFailed, r.error);
    return r;
  });
  connection.onRenameRequest(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    // The sibling comes from disk when it is not open (trusted only): its edits go in the same WorkspaceEdit.
    const r = service.rename(doc, p.position, p.newName, pairOf(doc), await settingsFor(doc.uri));
    if ('error' in r) return new ResponseError(LSPErrorCodes.RequestFailed, r.error);
    return r.edit;
  });
  connection.onDocumentLinks(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const links = service.findDocumentLinks(doc, pairOf(doc), await settingsFor(doc.uri));
    // Only a trusted workspace may look at the file system; elsewhere every candidate stays.
    const exists = trusted ? env.fileExists : undefined;
    return exists ? links.filter((l) => !l.target || exists(l.target) !== false) : links;
  });
  connection.onDocumentSymbol(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    return service.findDocumentSymbols(doc, pairOf(doc), await settingsFor(doc.uri));
  });
  connection.onFoldingRanges((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? service.getFoldingRanges(doc) : null;
  });
  connection.languages.semanticTokens.on(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return { data: [] };
    return service.getSemanticTokens(doc, pairOf(doc), await settingsFor(doc.uri));
  });
  connection.languages.inlayHint.on(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    return service.getInlayHints(doc, p.range, pairOf(doc), await settingsFor(doc.uri));
  });
  connection.onDocumentFormatting((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? service.format(doc) : null;
  });
  connection.onDocumentRangeFormatting((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? service.format(doc, p.range) : null;
  });

  // Requests that node.ts's protocol guards turned away (before initialize, malformed parameters).
  // The "Show effective TLS settings" view: the open document with its sibling, as diagnostics see them.
  connection.onRequest(EFFECTIVE_TLS_REQUEST, async (p: { uri: string }) => {
    const doc = documents.get(p?.uri);
    if (!doc) return new ResponseError(-32602, `not an open document: ${String(p?.uri)}`);
    return service.effectiveTlsSettings(pairOf(doc), await settingsFor(doc.uri));
  });
  registerTlsReportRequest(connection, documents, env.readLog);
  // The live STARTTLS check, compared with the certificate files the given main.cf names.
  connection.onRequest(PROBE_REQUEST, async (p: ProbeParams, token) => {
    if (!env.probe) return new ResponseError(-32601, 'The STARTTLS check is not available here: it needs the desktop (Node) language server to reach the network.');
    if (!trusted) return new ResponseError(-32600, 'The STARTTLS check runs only in a trusted workspace.');
    if (typeof p?.target !== 'string') return new ResponseError(-32602, 'postfix/probe: target must be a string (host[:port])');
    let configured: ConfiguredCertificateFile[] = [];
    if (typeof p.mainCf === 'string') {
      // readSibling(uri, 'main') reads the main.cf of uri's directory: the file itself when it is not open.
      const doc = documents.get(p.mainCf) ?? readSibling(p.mainCf, 'main');
      if (doc && kindOf(doc) === 'main') configured = configuredServerCertificates(service.config(pairOf(doc), await settingsFor(doc.uri)));
    }
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return env.probe(p.target, configured, controller.signal);
  });
  connection.onRequest(REJECTED_REQUEST, (p: RejectedRequestParams) => new ResponseError(p.code, p.message));

  documents.listen(connection);
  connection.listen();
}
