import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { TlsReportParams, TlsReportResult } from '../../../server/src/service/maillog/reportTypes';
import { renderReport } from './render';

/** The server's request behind "Postfix: TLS report for this log" (server/src/server.ts). */
export const TLS_REPORT_REQUEST = 'postfix/tlsReport';

/** LSP's RequestCancelled: the server stopped because we asked it to. */
const REQUEST_CANCELLED = -32800;

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars.charAt(Math.floor(Math.random() * chars.length));
  return s;
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString();
}

/** One panel per log: asking again for the same log refreshes it. */
const panels = new Map<string, vscode.WebviewPanel>();

/**
 * "Postfix: TLS report for this log": from the active postfix-log editor, or from a file in the
 * explorer (the command's argument). The server reads and counts (postfix/tlsReport, cancellable
 * from the progress notification); this shows the result in a webview.
 */
export async function showTlsReport(client: () => BaseLanguageClient | undefined, arg?: unknown): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const uri = arg instanceof vscode.Uri ? arg : editor?.document.languageId === 'postfix-log' ? editor.document.uri : undefined;
  if (!uri) {
    void vscode.window.showWarningMessage('Open a Postfix mail log (or pick one in the explorer) to see its TLS report.');
    return;
  }
  const c = client();
  if (!c) {
    void vscode.window.showWarningMessage('The Postfix language server is not running yet; try again in a moment.');
    return;
  }
  const name = baseName(uri);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `TLS report of ${name}`, cancellable: true },
    async (progress, token): Promise<TlsReportResult | 'cancelled' | Error> => {
      progress.report({ message: 'reading the log…' });
      try {
        const params: TlsReportParams = { uri: uri.toString() };
        return await c.sendRequest<TlsReportResult>(TLS_REPORT_REQUEST, params, token);
      } catch (e) {
        if (token.isCancellationRequested || (e as { code?: number })?.code === REQUEST_CANCELLED) return 'cancelled';
        return e instanceof Error ? e : new Error(String(e));
      }
    },
  );
  if (outcome === 'cancelled') {
    void vscode.window.showInformationMessage(`TLS report of ${name} cancelled.`);
    return;
  }
  if (outcome instanceof Error || !outcome?.report) {
    void vscode.window.showErrorMessage(`TLS report of ${name} failed: ${outcome instanceof Error ? outcome.message : 'the server sent no report'}`);
    return;
  }
  const key = uri.toString();
  let panel = panels.get(key);
  if (panel) {
    panel.reveal();
  } else {
    // Scripts only for the links to log lines; no local resources, nothing from the network (the CSP says so too).
    panel = vscode.window.createWebviewPanel('postfix.tlsReport', `TLS report: ${name}`, vscode.ViewColumn.Beside, { enableScripts: true, localResourceRoots: [], enableFindWidget: true });
    panels.set(key, panel);
    panel.onDidDispose(() => panels.delete(key));
    panel.webview.onDidReceiveMessage((m: unknown) => revealLine(uri, m));
  }
  panel.webview.html = renderReport(outcome, { nonce: nonce(), title: name });
}

/** A failure's link: the page sends only a line number; the log is the one this panel was made for. */
async function revealLine(uri: vscode.Uri, message: unknown): Promise<void> {
  const m = message as { command?: unknown; line?: unknown };
  if (m?.command !== 'reveal' || typeof m.line !== 'number' || !Number.isInteger(m.line) || m.line < 1) return;
  const line = m.line - 1;
  const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: true });
  const at = new vscode.Range(line, 0, line, 0);
  editor.selection = new vscode.Selection(at.start, at.start);
  editor.revealRange(at, vscode.TextEditorRevealType.InCenter);
}
