import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { formatProbe } from '../../server/src/probe/probeReport';
import type { ProbeParams, ProbeResult } from '../../server/src/probe/probeTypes';
import { parseTarget } from '../../server/src/probe/target';

/** The server's request behind "Postfix: Check STARTTLS of a server…" (server/src/server.ts). */
const PROBE_REQUEST = 'postfix/probe';
const REQUEST_CANCELLED = -32800;

let output: vscode.OutputChannel | undefined;
let lastTarget = '';

/** The main.cf to compare with: the one being edited, else the first in the workspace. */
async function workspaceMainCf(): Promise<vscode.Uri | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.languageId === 'postfix-main' && doc.uri.scheme === 'file') return doc.uri;
  const found = await vscode.workspace.findFiles('**/main.cf', '**/node_modules/**', 1);
  return found[0];
}

/**
 * "Postfix: Check STARTTLS of a server…": only when the user asks, only in a trusted workspace,
 * only in the desktop VS Code. The check runs in the language server's Node process (the client
 * stays a thin shell, and the server already reads main.cf and its certificate files); the result
 * goes to an output channel as the CLI prints it.
 */
export async function probeStarttlsCommand(client: () => BaseLanguageClient | undefined, desktop: boolean, given?: unknown): Promise<ProbeResult | undefined> {
  if (!desktop) {
    void vscode.window.showInformationMessage('The STARTTLS check is not available in the browser: it needs to open a connection to the mail server, which only the desktop VS Code (or `postfix-lint --probe`) can do.');
    return;
  }
  if (!vscode.workspace.isTrusted) {
    const manage = 'Manage Workspace Trust';
    const pick = await vscode.window.showWarningMessage('The STARTTLS check runs only in a trusted workspace: it connects to a server on the network and reads the certificate files main.cf names.', manage);
    if (pick === manage) await vscode.commands.executeCommand('workbench.trust.manage');
    return;
  }
  const c = client();
  if (!c) {
    void vscode.window.showWarningMessage('The Postfix language server is not running yet; try again in a moment.');
    return;
  }
  // A target passed as argument (a keybinding, a link) only fills the box: the user still confirms it.
  const target = await vscode.window.showInputBox({
    title: 'Postfix: Check STARTTLS of a server',
    prompt: 'host, host:port or [IPv6]:port — port 25 unless given (no MX lookup); port 465 means TLS from the first byte',
    placeHolder: 'mx.example.com:25',
    value: typeof given === 'string' ? given : lastTarget,
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (!text.trim()) return undefined;
      const t = parseTarget(text);
      return 'error' in t ? t.error : undefined;
    },
  });
  if (target === undefined || !target.trim()) return;
  lastTarget = target.trim();
  const mainCf = await workspaceMainCf();
  const params: ProbeParams = { target: lastTarget, mainCf: mainCf?.toString() };
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking STARTTLS of ${lastTarget}…`, cancellable: true },
    async (_progress, token): Promise<ProbeResult | Error | 'cancelled'> => {
      try {
        return await c.sendRequest<ProbeResult>(PROBE_REQUEST, params, token);
      } catch (e) {
        if (token.isCancellationRequested || (e as { code?: number })?.code === REQUEST_CANCELLED) return 'cancelled';
        return e instanceof Error ? e : new Error(String(e));
      }
    },
  );
  if (outcome === 'cancelled' || (typeof outcome === 'object' && 'stage' in outcome && outcome.stage === 'cancelled')) {
    void vscode.window.showInformationMessage(`STARTTLS check of ${lastTarget} cancelled.`);
    return typeof outcome === 'object' ? outcome : undefined;
  }
  if (outcome instanceof Error) {
    void vscode.window.showErrorMessage(`STARTTLS check of ${lastTarget} failed: ${outcome.message}`);
    return undefined;
  }
  output ??= vscode.window.createOutputChannel('Postfix STARTTLS check');
  output.appendLine(`${new Date().toISOString()}${mainCf ? `  (compared with ${vscode.workspace.asRelativePath(mainCf)})` : ''}`);
  output.append(formatProbe(outcome));
  output.appendLine('');
  output.show(true);
  const summary = outcome.tls ? `${outcome.target}: ${outcome.trust ?? ''} TLS, ${outcome.protocol ?? '?'} with ${outcome.cipher ?? '?'}` : `${outcome.target}: ${outcome.error ?? 'no TLS'}`;
  if (outcome.tls) void vscode.window.showInformationMessage(summary);
  else void vscode.window.showWarningMessage(summary);
  return outcome;
}
