import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import snippets from '../../snippets/postfix-main.json';
import { DOCUMENT_KINDS, kindInfo, LANGUAGE_IDS } from '../../server/src/shared/documentKinds';
import { CLIENT_COMMANDS, COMMANDS, EFFECTIVE_TLS_REQUEST, SETTING, SETTINGS_SECTION, TABLE_KIND_REQUEST } from '../../server/src/shared/commands';
import { probeStarttlsCommand } from './probeCommand';
import { showTlsReport } from './reportView/panel';

/** What the desktop and the browser client share: the documents, the settings, the commands. */
export function clientOptions(trusted: boolean): LanguageClientOptions {
  return {
    // Untitled documents too: a pasted config gets checked before it is saved.
    // postfix-log: hover on mail log lines (the TLS report reads the file itself, open or not).
    documentSelector: LANGUAGE_IDS.map((language) => ({ language })),
    synchronize: { configurationSection: SETTINGS_SECTION },
    // In Restricted Mode (and in the browser) the server reads no file named in the configuration.
    // clientCommands: the commands this client runs itself; the server offers them to no other client.
    initializationOptions: { trusted, clientCommands: [...CLIENT_COMMANDS] },
  };
}

/** The insert-block commands reuse the snippets, so the tab stops for the certificate paths come along. */
function insertSnippet(name: keyof typeof snippets): void {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('Open a Postfix main.cf to insert the block.');
    return;
  }
  const pos = editor.selection.active;
  const atLineStart = pos.character === 0;
  const body = snippets[name].body.join('\n');
  void editor.insertSnippet(new vscode.SnippetString(`${atLineStart ? '' : '\n'}${body}`), atLineStart ? pos : editor.document.lineAt(pos.line).range.end);
}

/**
 * The "Mark as known parameter" quick fix: adds the name to postfix.knownParameters, in the
 * workspace settings when a folder is open, else in the user settings. The server picks the
 * change up through the configuration it watches and stops reporting the name.
 */
async function addKnownParameter(name: unknown): Promise<void> {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name)) return;
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const inWorkspace = !!vscode.workspace.workspaceFolders?.length;
  const target = inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const inspected = config.inspect<string[]>(SETTING.knownParameters);
  const current = (inWorkspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
  if (current.includes(name)) return;
  await config.update(SETTING.knownParameters, [...current, name], target);
}

const LISTING_SCHEME = 'postfix-tls-settings';
/** The effective TLS settings are those of the configuration proper: shown from main.cf or master.cf. */
const CONFIG_LANGUAGES = [kindInfo('main').languageId, kindInfo('master').languageId];

/** Read-only documents: a content provider's documents cannot be edited or saved. */
class Listings implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }
}

/**
 * "Postfix: Show effective TLS settings": every TLS parameter of the open main.cf (or master.cf) as
 * `postconf | grep tls` would print it, with where each value comes from, in a read-only editor.
 */
async function showEffectiveTls(listings: Listings, client: () => BaseLanguageClient | undefined): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const c = client();
  if (!editor || !CONFIG_LANGUAGES.includes(editor.document.languageId) || !c) {
    void vscode.window.showWarningMessage('Open a Postfix main.cf or master.cf to see its effective TLS settings.');
    return;
  }
  const text = await c.sendRequest<string>(EFFECTIVE_TLS_REQUEST, { uri: editor.document.uri.toString() });
  const name = editor.document.uri.path.split('/').pop() || 'main.cf';
  const uri = vscode.Uri.from({ scheme: LISTING_SCHEME, path: `/${name} - effective TLS settings`, query: editor.document.uri.toString() });
  listings.set(uri, text);
  const doc = await vscode.workspace.openTextDocument(uri);
  // `name = value  # origin`: the properties grammar colours it without the Postfix language server judging it.
  await vscode.languages.setTextDocumentLanguage(doc, 'properties');
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

/** `desktop`: the server runs in Node and may reach the network (the STARTTLS check); not in the browser. */
export function registerCommands(context: vscode.ExtensionContext, client: () => BaseLanguageClient | undefined = () => undefined, desktop = false): void {
  const listings = new Listings();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(LISTING_SCHEME, listings),
    vscode.commands.registerCommand(COMMANDS.showEffectiveTlsSettings, () => showEffectiveTls(listings, client)),
    vscode.commands.registerCommand(COMMANDS.insertTlsClientBlock, () => insertSnippet('TLS client block')),
    vscode.commands.registerCommand(COMMANDS.insertTlsServerBlock, () => insertSnippet('TLS server block')),
    vscode.commands.registerCommand(COMMANDS.addKnownParameter, addKnownParameter),
    vscode.commands.registerCommand(COMMANDS.tlsReport, (uri?: unknown) => showTlsReport(client, uri)),
    vscode.commands.registerCommand(COMMANDS.probeStarttls, (target?: unknown) => probeStarttlsCommand(client, desktop, target)),
    vscode.workspace.onDidOpenTextDocument((doc) => void recogniseTable(doc, client)),
  );
}

/**
 * A plain-text file that the main.cf beside it names as a policy or SNI table
 * (`smtp_tls_policy_maps = hash:/etc/postfix/relay_tls`) gets that table's language, whatever its name.
 */
async function recogniseTable(doc: vscode.TextDocument, client: () => BaseLanguageClient | undefined): Promise<void> {
  const c = client();
  if (!c || doc.languageId !== 'plaintext' || doc.uri.scheme !== 'file') return;
  try {
    const kind = await c.sendRequest<string | null>(TABLE_KIND_REQUEST, { uri: doc.uri.toString() });
    const language = DOCUMENT_KINDS.find((k) => k.id === kind)?.languageId;
    if (language && doc.languageId === 'plaintext' && !doc.isClosed) await vscode.languages.setTextDocumentLanguage(doc, language);
  } catch {
    // A server that is starting, stopping or older: the file stays plain text.
  }
}
