import { CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, InitializeResult, PositionEncodingKind, TextDocumentSyncKind } from 'vscode-languageserver';
import { FIX_ALL_KIND, getLanguageService } from '../service/languageService';
import { SEMANTIC_TOKENS_LEGEND } from '../service/semanticTokens';
import { SETTINGS_SECTION } from '../shared/commands';
import { DIRECTORY_FILES } from '../shared/documentKinds';
import type { ServerContext } from './context';

/** initialize: what the client can do (ctx.caps, ctx.trusted) and what the server offers; initialized: dynamic registrations. */
export function registerInitialize(ctx: ServerContext): void {
  const { connection, caps } = ctx;
  connection.onInitialize((params): InitializeResult => {
    caps.pullConfig = !!params.capabilities.workspace?.configuration;
    // Only a client that supports dynamic registration may be asked for it: others answer with an error.
    caps.registerConfig = caps.pullConfig && !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    caps.registerWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    // In VS Code's Restricted Mode the client says so; other editors are trusted.
    ctx.trusted = (params.initializationOptions as { trusted?: boolean } | undefined)?.trusted !== false;
    ctx.folders = params.workspaceFolders ? params.workspaceFolders.map((f) => f.uri) : params.rootUri ? [params.rootUri] : [];
    caps.folderChanges = !!params.capabilities.workspace?.workspaceFolders;
    if (ctx.trusted) ctx.service = getLanguageService({ certificates: ctx.env.certificates, tables: ctx.env.tables });
    caps.definitionLinks = !!params.capabilities.textDocument?.definition?.linkSupport;
    caps.refreshTokens = !!params.capabilities.workspace?.semanticTokens?.refreshSupport;
    caps.refreshHints = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
    caps.editRangeDefault = !!params.capabilities.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange');
    const td = params.capabilities.textDocument;
    // Commands only the client implements (the VS Code client lists them); no other client gets them.
    const declared = (params.initializationOptions as { clientCommands?: unknown } | undefined)?.clientCommands;
    const commands = new Set(Array.isArray(declared) ? declared.filter((c): c is string => typeof c === 'string') : []);
    // Without a documentationFormat / contentFormat the client takes plain text (LSP 3.17).
    caps.shape = {
      snippets: td?.completion?.completionItem?.snippetSupport === true,
      markdown: !!td?.completion?.completionItem?.documentationFormat?.includes('markdown'),
      commands,
    };
    caps.hoverMarkdown = !!td?.hover?.contentFormat?.includes('markdown');
    caps.actionLiterals = !!td?.codeAction?.codeActionLiteralSupport;
    caps.codeDescriptions = !!td?.publishDiagnostics?.codeDescriptionSupport || !!td?.diagnostic;
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
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'postfix-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (caps.folderChanges) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => f.uri));
        ctx.folders = [...ctx.folders.filter((f) => !removed.has(f)), ...e.added.map((f) => f.uri)];
      });
    }
    // A file found by directory (main.cf, master.cf) that changes on disk (not open) changes the diagnostics of its open sibling.
    if (caps.registerWatch) {
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/{${DIRECTORY_FILES.map((f) => f.fileName).join(',')}}` }] }).catch((e: unknown) => {
        connection.console.warn(`postfix: could not register a file watcher: ${(e as Error)?.message ?? e}`);
      });
    }
    if (!caps.registerConfig) return;
    // A rejected registration must not become an unhandled rejection, which ends the process.
    connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch((e: unknown) => {
      connection.console.warn(`postfix: could not register for configuration changes: ${(e as Error)?.message ?? e}`);
    });
  });
}
