/**
 * Which main.cf a mail log's warnings link into (maillog/logLinks.ts). A log rarely sits beside the
 * configuration, so the search goes wider than the main.cf/master.cf pairing does, in this order:
 *   1. main.cf open in the log's directory, else 2. on disk there;
 *   3. another open main.cf (the configuration being worked on);
 *   4. on disk: `main.cf`, `postfix/main.cf` or `etc/postfix/main.cf` in a workspace folder,
 *      then /etc/postfix/main.cf (a log copied from this machine's /var/log).
 * The disk is read only in a trusted workspace, through the server's injected reader, and only at
 * these fixed places (a few stats, no directory walk).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isMailLog } from './service/maillog/logDocuments';
import { kindOf } from './service/languageService';

/** Reads the main.cf at this URI (a `file:` URI of a main.cf), or undefined when there is none. */
export type MainCfReader = (uri: string) => TextDocument | undefined;

const dirOf = (uri: string): string | undefined => {
  const path = uri.replace(/[?#].*$/, '');
  const slash = path.lastIndexOf('/');
  return slash < 0 ? undefined : path.slice(0, slash + 1);
};

/** The main.cf URIs on disk after the log's own directory: each workspace folder's, then /etc/postfix's. */
export function mainCfPlaces(folders: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of folders) {
    const base = f.replace(/[?#].*$/, '').replace(/\/*$/, '/');
    out.push(`${base}main.cf`, `${base}postfix/main.cf`, `${base}etc/postfix/main.cf`);
  }
  out.push('file:///etc/postfix/main.cf');
  return [...new Set(out)];
}

/** An open document that is a main.cf (by name or language), file-backed, and no log. */
function isOpenMainCf(d: TextDocument): boolean {
  return !isMailLog(d) && dirOf(d.uri) !== undefined && !d.uri.startsWith('untitled:') && kindOf(d) === 'main' && (d.languageId === 'postfix-main' || /\/main\.cf$/.test(d.uri.replace(/[?#].*$/, '')));
}

export function mainCfForLog(log: TextDocument, open: readonly TextDocument[], folders: readonly string[], read: MainCfReader | undefined): TextDocument | undefined {
  const dir = dirOf(log.uri);
  const mains = open.filter(isOpenMainCf);
  const beside = dir === undefined ? undefined : mains.find((d) => dirOf(d.uri) === dir);
  if (beside) return beside;
  if (dir !== undefined && read) {
    const here = read(`${dir}main.cf`);
    if (here) return here;
  }
  if (mains.length) return mains[0];
  if (!read) return undefined;
  for (const uri of mainCfPlaces(folders)) {
    const found = read(uri);
    if (found) return found;
  }
  return undefined;
}
