/**
 * Mail logs among the documents: a postfix-log document (by language id, or by a mail log's file
 * name for clients that send none) is no configuration, so the configuration features give it
 * nothing (no diagnostics, completion, tokens, formatting…) and hover comes from logHover.ts.
 * Document links (logLinks.ts) go from TLS warnings to the main.cf the caller gives as pair.main.
 * Wrapping the service keeps the server and the configuration features unaware of logs.
 */
import type { LanguageService } from '../languageService';
import { LogHoverOptions, mailLogHover } from './logHover';
import { DOCUMENT_KINDS, MAIL_LOG_LANGUAGE } from '../../shared/documentKinds';
import { mailLogLinks } from './logLinks';


/** File names package.json gives the postfix-log language (rotated copies included). */
const LOG_NAME = /(^|\/)(mail\.(log|info|warn|err)|maillog|postfix\.log)([.-]\d[^/]*)?$/;

export function isMailLog(doc: { uri: string; languageId?: string }): boolean {
  if (doc.languageId === MAIL_LOG_LANGUAGE) return true;
  if (DOCUMENT_KINDS.some((k) => k.languageId === doc.languageId)) return false;
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
    findDocumentLinks: (doc, pair, settings) => {
      if (!isMailLog(doc)) return s.findDocumentLinks(doc, pair, settings);
      // For a log, pair.main is the main.cf its warnings concern (never a log itself).
      const main = pair?.main && !isMailLog(pair.main) && pair.main.uri !== doc.uri ? pair.main : undefined;
      return mailLogLinks(doc, main && { uri: main.uri, parsed: s.parse(main), cfg: s.config({ main }, settings) });
    },
    findDocumentSymbols: (doc, ...rest) => (isMailLog(doc) ? [] : s.findDocumentSymbols(doc, ...rest)),
    getFoldingRanges: (doc) => (isMailLog(doc) ? [] : s.getFoldingRanges(doc)),
    getSemanticTokens: (doc, ...rest) => (isMailLog(doc) ? { data: [] } : s.getSemanticTokens(doc, ...rest)),
    getInlayHints: (doc, ...rest) => (isMailLog(doc) ? [] : s.getInlayHints(doc, ...rest)),
    format: (doc, range) => (isMailLog(doc) ? [] : s.format(doc, range)),
  };
}
