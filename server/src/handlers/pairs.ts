import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigPair } from '../service/languageService';
import { DIRECTORY_FILES, kindOf } from '../shared/documentKinds';
import type { ServerContext } from './context';
import { isMailLog } from '../service/maillog/logDocuments';

/**
 * The directory part of a URI, up to and with its last `/`; undefined when it has none
 * (`untitled:Untitled-1`): such a document pairs with no other.
 */
export function uriDirectory(uri: string): string | undefined {
  const slash = uri.lastIndexOf('/');
  return slash < 0 ? undefined : uri.slice(0, slash + 1);
}

/**
 * The configuration of a document: for main.cf and master.cf, the files of the other kinds found by
 * directory (shared/documentKinds.ts), the open document beside it winning over the file on disk;
 * for a table (a kind found by reference), the main.cf and master.cf beside it, which judge it when
 * main.cf names it (service/tables/tableDocuments.ts). A document without a directory
 * (`untitled:Untitled-1`) has none.
 */
export function pairOf(ctx: Pick<ServerContext, 'documents' | 'env' | 'trusted'>, doc: TextDocument): ConfigPair {
  // A mail log is no configuration: it pairs with nothing and is nobody's main.cf (kindOf alone
  // takes anything that is no master.cf for a main.cf).
  if (isMailLog(doc)) return {};
  const kind = kindOf(doc);
  const pair: ConfigPair = { [kind]: doc };
  const dir = uriDirectory(doc.uri);
  if (dir === undefined) return pair;
  for (const { id } of DIRECTORY_FILES) {
    if (id === kind) continue;
    const open = ctx.documents.all().find((d) => d.uri !== doc.uri && uriDirectory(d.uri) === dir && !isMailLog(d) && kindOf(d) === id);
    const sibling = open ?? (ctx.trusted ? ctx.env.readSibling?.(doc.uri, id) : undefined);
    if (sibling) pair[id] = sibling;
  }
  return pair;
}
