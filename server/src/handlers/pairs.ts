import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigPair, kindOf } from '../service/languageService';
import type { ServerContext } from './context';

/**
 * The directory part of a URI, up to and with its last `/`; undefined when it has none
 * (`untitled:Untitled-1`): such a document pairs with no other.
 */
export function directoryOf(uri: string): string | undefined {
  const slash = uri.lastIndexOf('/');
  return slash < 0 ? undefined : uri.slice(0, slash + 1);
}

/** The open document beside this one wins over the file on disk. A document without a directory (`untitled:Untitled-1`) has no sibling. */
export function pairOf(ctx: Pick<ServerContext, 'documents' | 'env' | 'trusted'>, doc: TextDocument): ConfigPair {
  const kind = kindOf(doc);
  const other = kind === 'main' ? 'master' : 'main';
  const dir = directoryOf(doc.uri);
  if (dir === undefined) return kind === 'main' ? { main: doc } : { master: doc };
  const open = ctx.documents.all().find((d) => d.uri !== doc.uri && directoryOf(d.uri) === dir && kindOf(d) === other);
  const sibling = open ?? (ctx.trusted ? ctx.env.readSibling?.(doc.uri, other) : undefined);
  return kind === 'main' ? { main: doc, master: sibling } : { main: sibling, master: doc };
}
