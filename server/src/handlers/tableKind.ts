import { TABLE_KIND_REQUEST } from '../shared/commands';
import { kindOf } from '../shared/documentKinds';
import { isMailLog } from '../service/maillog/logDocuments';
import { referenceTo } from '../service/tables/tableDocuments';
import type { ServerContext } from './context';
import { uriDirectory } from './pairs';

/**
 * postfix/tableKind: whether the main.cf beside a file (open, else on disk in a trusted workspace)
 * names it as a policy or SNI table, whatever the file is called.
 */
export function registerTableKind(ctx: ServerContext): void {
  const { connection, documents, env } = ctx;
  connection.onRequest(TABLE_KIND_REQUEST, async (p: { uri?: unknown }) => {
    if (typeof p?.uri !== 'string') return null;
    const uri = p.uri;
    const dir = uriDirectory(uri);
    if (dir === undefined) return null;
    const main = documents.all().find((d) => uriDirectory(d.uri) === dir && !isMailLog(d) && kindOf(d) === 'main') ?? (ctx.trusted ? env.readSibling?.(uri, 'main') : undefined);
    if (!main) return null;
    const cfg = ctx.service.config(ctx.pairOf(main), await ctx.settingsFor(main.uri));
    return referenceTo(uri, undefined, cfg, main.uri)?.kind ?? null;
  });
}
