// What the VS Code client and the server must spell alike: command ids, the custom request, the
// settings section. Plain constants with no imports, so the client bundle takes nothing else of
// the server with them.

/** The settings section both read (`postfix.*` in package.json's contributes.configuration). */
export const SETTINGS_SECTION = 'postfix';

/** Names inside SETTINGS_SECTION that the client itself reads or writes. */
export const SETTING = {
  knownParameters: 'knownParameters',
} as const;

/** Commands the client registers (package.json contributes.commands lists the ones a user runs). */
export const COMMANDS = {
  showEffectiveTlsSettings: 'postfix.showEffectiveTlsSettings',
  insertTlsClientBlock: 'postfix.insertTlsClientBlock',
  insertTlsServerBlock: 'postfix.insertTlsServerBlock',
  /** Run from the "Mark as known parameter" quick fix: adds a name to postfix.knownParameters. */
  addKnownParameter: 'postfix.addKnownParameter',
  tlsReport: 'postfix.tlsReport',
  probeStarttls: 'postfix.probeStarttls',
} as const;

/** VS Code's own command that opens completion again (after a table type such as `hash:`). */
export const TRIGGER_SUGGEST_COMMAND = 'editor.action.triggerSuggest';

/**
 * The commands a client runs itself, announced in initializationOptions.clientCommands: the server
 * puts them into completion items and code actions for this client only.
 */
export const CLIENT_COMMANDS: readonly string[] = [COMMANDS.addKnownParameter, TRIGGER_SUGGEST_COMMAND];

/** Custom request behind "Show effective TLS settings": { uri } -> text. */
export const EFFECTIVE_TLS_REQUEST = 'postfix/effectiveTlsSettings';

/** The TLS report of a mail log: TlsReportParams -> TlsReportResult (service/maillog/reportTypes.ts). */
export const TLS_REPORT_REQUEST = 'postfix/tlsReport';

/**
 * Which table kind main.cf makes a file (`smtp_tls_policy_maps = hash:/etc/postfix/relay_tls` makes
 * relay_tls a TLS policy table): { uri } -> kind id ('tls-policy', 'sni') or null. The client asks
 * for plain-text files, whose names say nothing, and switches their language.
 */
export const TABLE_KIND_REQUEST = 'postfix/tableKind';

/** The live STARTTLS check: ProbeParams -> ProbeResult (probe/probeTypes.ts); Node server, trusted workspaces. */
export const PROBE_REQUEST = 'postfix/probe';
