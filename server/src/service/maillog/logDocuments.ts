/**
 * Mail logs among the documents: a postfix-log document (by language id, or by a mail log's file
 * name for clients that send none) is no configuration, so the configuration features give it
 * nothing (no diagnostics, completion, tokens, formatting…) and hover comes from logHover.ts.
 * Wrapping the service keeps the server and the configuration features unaware of logs.
 */
import type { LanguageService } from '../languageService';
import { LogHoverOptions, mailLogHover } from './logHover';

export const MAIL_LOG_LANGUAGE = 'postfix-log';

/** File names package.json gives the postfix-log language (rotated copies included). */
const LOG_NAME = /(^|\/)(mail\.(log|info|warn|err)|maillog|postfix\.log)([.-]\d[^/]*)?$/;

export function isMailLog(doc: { uri: string; languageId?: string }): boolean {
  if (doc.languageId === MAIL_LOG_LANGUAGE) return true;
  if (doc.languageId === 'postfix-main' || doc.languageId === 'postfix-master') return false;
  return LOG_NAME.test(doc.uri.replace(/[?#].*$/, ''));
}

export function withMailLogs(s: LanguageService, hover: LogHoverOptions = {}): LanguageService {
  return {
    ...s,
    findings: (doc, ...rest) => (isMailLog(doc) ? [] : s.findings(doc, ...rest)),
    validate: (doc, ...rest) => (isMailLog(doc) ? [] : s.validate(doc, ...rest)),
    doHover: (doc, pos, ...rest) => (isMailLog(doc) ? mailLogHover(doc, pos, hover) : s.doHover(doc, pos, ...rest)),
    doComplete: (doc, ...rest) => (isMailLog(doc) ? { isIncomplete: false, items: [] } : s.doComplete(doc, ...rest)),
    getCodeActions: (doc, ...rest) => (isMailLog(doc) ? [] : s.getCodeActions(doc, ...rest)),
    findDefinition: (doc, ...rest) => (isMailLog(doc) ? null : s.findDefinition(doc, ...rest)),
    findReferences: (doc, ...rest) => (isMailLog(doc) ? [] : s.findReferences(doc, ...rest)),
    prepareRename: (doc, ...rest) => (isMailLog(doc) ? null : s.prepareRename(doc, ...rest)),
    rename: (doc, ...rest) => (isMailLog(doc) ? { error: 'A mail log has nothing to rename.' } : s.rename(doc, ...rest)),
    findDocumentLinks: (doc, ...rest) => (isMailLog(doc) ? [] : s.findDocumentLinks(doc, ...rest)),
    findDocumentSymbols: (doc, ...rest) => (isMailLog(doc) ? [] : s.findDocumentSymbols(doc, ...rest)),
    getFoldingRanges: (doc) => (isMailLog(doc) ? [] : s.getFoldingRanges(doc)),
    getSemanticTokens: (doc, ...rest) => (isMailLog(doc) ? { data: [] } : s.getSemanticTokens(doc, ...rest)),
    getInlayHints: (doc, ...rest) => (isMailLog(doc) ? [] : s.getInlayHints(doc, ...rest)),
    format: (doc, range) => (isMailLog(doc) ? [] : s.format(doc, range)),
  };
}
