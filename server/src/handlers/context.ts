import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigPair, LanguageService, LanguageSettings } from '../service/languageService';
import type { CertificateInspector } from '../service/rules/tls/certificates';
import type { TableReader } from '../service/tables/tableDocuments';
import type { CompletionShape } from '../clientAdapt';
import type { KindId } from '../shared/documentKinds';
import type { LogReader } from '../tlsReportRequest';
import type { ConfiguredCertificateFile, ProbeResult } from '../probe/probeTypes';

/** Reads the file of `kind` beside `uri` from disk (main.cf beside master.cf); absent in a browser or Restricted Mode. */
export type SiblingReader = (uri: string, kind: KindId) => TextDocument | undefined;

/** What the transport entry (node.ts, browser.ts) gives the server: file access where there is any. */
export interface ServerEnvironment {
  readSibling?: SiblingReader;
  /** Only used in trusted workspaces. */
  certificates?: CertificateInspector;
  /** Reads the policy and SNI table sources main.cf names. Only used in trusted workspaces. */
  tables?: TableReader;
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
  /** Called after each validation whose diagnostics were published (Node: the code cache is written only after one, codeCacheMark.ts). */
  validated?: () => void;
}

/** What the client said it can do (initialize), read by the handlers that shape answers. */
export interface ClientCapabilities {
  pullConfig: boolean;
  registerConfig: boolean;
  /** The client watches files for us when asked (workspace/didChangeWatchedFiles, dynamic registration). */
  registerWatch: boolean;
  definitionLinks: boolean;
  refreshTokens: boolean;
  refreshHints: boolean;
  /** The client takes a range common to all completion items once, in itemDefaults (VS Code does). */
  editRangeDefault: boolean;
  /** What completion items may carry for this client: snippets, markdown, commands it runs itself. */
  shape: CompletionShape;
  hoverMarkdown: boolean;
  /** The client takes CodeAction literals (else only Command literals). */
  actionLiterals: boolean;
  /** The client shows Diagnostic.codeDescription. */
  codeDescriptions: boolean;
  /** The client tells us when workspace folders are added or removed. */
  folderChanges: boolean;
}

export function defaultCapabilities(): ClientCapabilities {
  return {
    pullConfig: false,
    registerConfig: false,
    registerWatch: false,
    definitionLinks: false,
    refreshTokens: false,
    refreshHints: false,
    editRangeDefault: false,
    shape: { snippets: true, markdown: true, commands: new Set() },
    hoverMarkdown: true,
    actionLiterals: false,
    codeDescriptions: false,
    folderChanges: false,
  };
}

/** The state the handler modules share; each module registers its handlers on `connection`. */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly env: ServerEnvironment;
  /** Replaced at initialize: a trusted workspace gets the certificate inspector. */
  service: LanguageService;
  /** False in VS Code's Restricted Mode: no file is read. */
  trusted: boolean;
  /** The workspace folders (URIs): where a mail log's main.cf may be (logMainCf.ts). */
  folders: string[];
  readonly caps: ClientCapabilities;
  /** The settings for a document (pulled from the client per URI when it can, else the pushed ones). */
  settingsFor(uri: string): Promise<LanguageSettings>;
  /** The settings last pushed by a client that cannot be asked (workspace/configuration). */
  globalSettings(): LanguageSettings;
  /** The configuration a document belongs to: itself and its open or on-disk sibling. */
  pairOf(doc: TextDocument): ConfigPair;
}
