import { CompletionItem, CompletionList, Location, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { plainHover, shapeCodeActions, shapeCompletionItem } from '../clientAdapt';
import { EFFECTIVE_TLS_REQUEST } from '../shared/commands';
import { isMailLog } from '../service/maillog/logDocuments';
import { mainCfForLog } from '../logMainCf';
import type { ServerContext } from './context';

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

/** One handler per LSP request: the open document, its pair and settings go to the language service; the answer is shaped for the client. */
export function registerFeatures(ctx: ServerContext): void {
  const { connection, documents, caps } = ctx;

  connection.onHover(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const h = ctx.service.doHover(doc, p.position, ctx.pairOf(doc), await ctx.settingsFor(doc.uri));
    return caps.hoverMarkdown ? h : plainHover(h);
  });
  connection.onCompletion(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const found = ctx.service.doComplete(doc, p.position, ctx.pairOf(doc), await ctx.settingsFor(doc.uri));
    const list = { ...found, items: found.items.map((i) => shapeCompletionItem(i, caps.shape)) };
    // Remember the document, so resolve documents the item for its configuration (version, settings).
    for (const item of list.items) if (item.data && typeof item.data === 'object') item.data = { ...item.data, uri: doc.uri };
    return caps.editRangeDefault ? withEditRangeDefault(list) : list;
  });
  connection.onCompletionResolve(async (item) => {
    const uri = (item.data as { uri?: unknown } | undefined)?.uri;
    const doc = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (!doc) return shapeCompletionItem(ctx.service.resolveCompletion(item, {}, ctx.globalSettings()), caps.shape);
    return shapeCompletionItem(ctx.service.resolveCompletion(item, ctx.pairOf(doc), await ctx.settingsFor(doc.uri)), caps.shape);
  });
  connection.onCodeAction(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const actions = ctx.service.getCodeActions(doc, p.range, p.context.diagnostics, ctx.pairOf(doc), await ctx.settingsFor(doc.uri), p.context.only);
    return shapeCodeActions(actions, doc.uri, caps.shape.commands, caps.actionLiterals);
  });

  connection.onDefinition(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const links = ctx.service.findDefinition(doc, p.position, ctx.pairOf(doc), await ctx.settingsFor(doc.uri));
    if (!links) return null;
    return caps.definitionLinks ? links : links.map((l) => Location.create(l.targetUri, l.targetSelectionRange));
  });
  connection.onReferences(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    return ctx.service.findReferences(doc, p.position, ctx.pairOf(doc), p.context.includeDeclaration, await ctx.settingsFor(doc.uri));
  });
  connection.onPrepareRename(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const r = ctx.service.prepareRename(doc, p.position, ctx.pairOf(doc), await ctx.settingsFor(doc.uri));
    if (r && 'error' in r) return new ResponseError(LSPErrorCodes.RequestFailed, r.error);
    return r;
  });
  connection.onRenameRequest(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    // The sibling comes from disk when it is not open (trusted only): its edits go in the same WorkspaceEdit.
    const r = ctx.service.rename(doc, p.position, p.newName, ctx.pairOf(doc), await ctx.settingsFor(doc.uri));
    if ('error' in r) return new ResponseError(LSPErrorCodes.RequestFailed, r.error);
    return r.edit;
  });
  connection.onDocumentLinks(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    // A mail log links its TLS warnings into a main.cf found for it (logMainCf.ts); the disk only when trusted.
    const pair = isMailLog(doc) ? { main: mainCfForLog(doc, documents.all(), ctx.folders, ctx.trusted ? (uri) => ctx.env.readSibling?.(uri, 'main') : undefined) } : ctx.pairOf(doc);
    const links = ctx.service.findDocumentLinks(doc, pair, await ctx.settingsFor(doc.uri));
    // Only a trusted workspace may look at the file system; elsewhere every candidate stays.
    const exists = ctx.trusted ? ctx.env.fileExists : undefined;
    return exists ? links.filter((l) => !l.target || exists(l.target) !== false) : links;
  });
  connection.onDocumentSymbol(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    return ctx.service.findDocumentSymbols(doc, ctx.pairOf(doc), await ctx.settingsFor(doc.uri));
  });
  connection.onFoldingRanges((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? ctx.service.getFoldingRanges(doc) : null;
  });
  connection.languages.semanticTokens.on(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return { data: [] };
    return ctx.service.getSemanticTokens(doc, ctx.pairOf(doc), await ctx.settingsFor(doc.uri));
  });
  connection.languages.inlayHint.on(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    return ctx.service.getInlayHints(doc, p.range, ctx.pairOf(doc), await ctx.settingsFor(doc.uri));
  });
  connection.onDocumentFormatting((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? ctx.service.format(doc) : null;
  });
  connection.onDocumentRangeFormatting((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? ctx.service.format(doc, p.range) : null;
  });

  // The "Show effective TLS settings" view: the open document with its sibling, as diagnostics see them.
  connection.onRequest(EFFECTIVE_TLS_REQUEST, async (p: { uri: string }) => {
    const doc = documents.get(p?.uri);
    if (!doc) return new ResponseError(-32602, `not an open document: ${String(p?.uri)}`);
    return ctx.service.effectiveTlsSettings(ctx.pairOf(doc), await ctx.settingsFor(doc.uri));
  });
}
