import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SOURCE } from '../service/languageService';
import { isMailLog } from '../service/maillog/logDocuments';
import { DIRECTORY_FILES, kindOf } from '../shared/documentKinds';
import { ruleAnchor } from '../service/rules/catalogue';
import { capDiagnostics, DEFAULT_MAX_DIAGNOSTICS } from '../clientAdapt';
import type { ServerContext } from './context';
import { uriDirectory } from './pairs';
import type { Settings } from './settings';

const DEBOUNCE_MS = 120;

/**
 * When documents are judged and their diagnostics published: on open, after edits (debounced),
 * when a sibling changes (open or on disk) and when the settings change; nothing after shutdown.
 * Semantic tokens and inlay hints are refreshed along, since they depend on the sibling and settings.
 */
export function registerValidation(ctx: ServerContext, settings: Settings): void {
  const { connection, documents, env, caps } = ctx;
  const pending = new Map<string, NodeJS.Timeout>();
  /** When each open document last changed: the first edit after a quiet spell is validated at once. */
  const lastEdit = new Map<string, number>();
  /** Documents whose open has just been validated: the change event that follows the open is not another edit. */
  const justOpened = new Set<string>();

  /** Semantic tokens and inlay hints depend on the settings and on the other file of the pair. */
  let refreshTimer: NodeJS.Timeout | undefined;
  const refreshViews = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      if (caps.refreshTokens) connection.languages.semanticTokens.refresh();
      if (caps.refreshHints) connection.languages.inlayHint.refresh().catch(() => undefined);
    }, 300);
  };

  /** A sibling read from disk changed (or appeared, or went): the open documents beside it are judged again. */
  connection.onDidChangeWatchedFiles((p) => {
    const dirs = new Set(p.changes.map((c) => uriDirectory(c.uri)).filter((d): d is string => d !== undefined));
    const open = new Set(documents.all().map((d) => d.uri));
    let any = false;
    for (const d of documents.all()) {
      const dir = uriDirectory(d.uri);
      if (dir === undefined || !dirs.has(dir)) continue;
      // A change of the open document itself is the editor's business (didChange).
      if (p.changes.every((c) => c.uri === d.uri || open.has(c.uri))) continue;
      schedule(d);
      any = true;
    }
    if (any) refreshViews();
  });

  /**
   * The settings each open document was last judged with (as JSON). VS Code sends
   * didChangeConfiguration once more as soon as the server registers for it, right after the first
   * diagnostics of the documents it opened: judging them all again for settings that are the same
   * would double the work of every open.
   */
  const judgedWith = new Map<string, string>();

  /** The settings changed: each open document is judged again if its own settings did. */
  const recheck = async (doc: TextDocument) => {
    const before = judgedWith.get(doc.uri);
    if (before === undefined || pending.has(doc.uri)) {
      schedule(doc);
      return;
    }
    let now: string;
    try {
      now = JSON.stringify(await ctx.settingsFor(doc.uri));
    } catch {
      now = '';
    }
    if (shutDown || documents.get(doc.uri) !== doc) return;
    if (now !== before || judgedWith.get(doc.uri) !== before) schedule(doc);
  };

  connection.onDidChangeConfiguration((change) => {
    settings.changed(change.settings);
    for (const d of documents.all()) void recheck(d);
    refreshViews();
  });

  /** After shutdown nothing more is validated or published (protocolGuards drops later notifications). */
  let shutDown = false;
  connection.onShutdown(() => {
    shutDown = true;
    for (const t of pending.values()) clearTimeout(t);
    pending.clear();
    clearTimeout(refreshTimer);
  });

  /**
   * Parses main.cf or master.cf and the files beside it, which the validation then takes from the
   * service's parse cache. The parse does not depend on the settings, so it is done while the
   * client answers workspace/configuration (VS Code asks its extension host: a round trip before
   * the first diagnostics of every document it opens), not after.
   */
  const parseAhead = (doc: TextDocument) => {
    if (isMailLog(doc) || !DIRECTORY_FILES.some((k) => k.id === kindOf(doc))) return;
    try {
      for (const d of Object.values(ctx.pairOf(doc))) if (d) ctx.service.parse(d);
    } catch {
      // the validation below parses again and reports the failure
    }
  };

  const validate = async (doc: TextDocument) => {
    if (shutDown) return;
    const asking = settings.willAsk(doc.uri);
    const pending = ctx.settingsFor(doc.uri);
    if (asking) parseAhead(doc);
    const s = await pending;
    const current = documents.get(doc.uri);
    if (shutDown) return;
    if (!current || current.version !== doc.version) return; // a newer edit will validate
    try {
      const all = ctx.service.validate(doc, ctx.pairOf(doc), s);
      for (const d of all) {
        if (caps.codeDescriptions && env.rulesDocumentation && typeof d.code === 'string') d.codeDescription = { href: `${env.rulesDocumentation}#${ruleAnchor(d.code)}` };
        else delete d.codeDescription;
      }
      const diagnostics = capDiagnostics(all, s.maxDiagnostics ?? DEFAULT_MAX_DIAGNOSTICS, SOURCE);
      judgedWith.set(doc.uri, JSON.stringify(s));
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
      env.validated?.();
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
    const dir = uriDirectory(doc.uri);
    if (dir === undefined) return;
    for (const d of documents.all()) if (d.uri !== doc.uri && uriDirectory(d.uri) === dir) schedule(d);
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
    judgedWith.delete(e.document.uri);
    settings.forget(e.document.uri);
    ctx.service.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  // A change to main.cf can change the colours and inline values of the open master.cf, and back.
  documents.onDidChangeContent((e) => {
    const dir = uriDirectory(e.document.uri);
    if (dir !== undefined && documents.all().some((d) => d.uri !== e.document.uri && uriDirectory(d.uri) === dir)) refreshViews();
  });
}
