/**
 * Which table source files a configuration names: the main.cf parameters whose value lists
 * policy or SNI tables, and for each `type:name` the file postmap builds the table from.
 */

export type TableKind = 'tls-policy' | 'sni';

/** The parameters that name tables of each kind, and the client that reads a policy table. */
export const TABLE_PARAMETERS: Readonly<Record<string, { kind: TableKind; program: 'smtp' | 'lmtp' }>> = {
  smtp_tls_policy_maps: { kind: 'tls-policy', program: 'smtp' },
  lmtp_tls_policy_maps: { kind: 'tls-policy', program: 'lmtp' },
  tlsproxy_client_policy_maps: { kind: 'tls-policy', program: 'smtp' },
  tls_server_sni_maps: { kind: 'sni', program: 'smtp' },
};

/** Table types whose name is the source file postmap reads (or, for texthash, the file read at run time). */
const FILE_TYPES = new Set(['hash', 'btree', 'lmdb', 'cdb', 'dbm', 'sdbm', 'texthash']);
/** Types that wrap one other table. */
const WRAPPERS = new Set(['proxy', 'fail']);

export interface TableRef {
  /** The whole `type:name` as written. */
  text: string;
  /** Offset of `text` in the value. */
  start: number;
  /** The innermost type (proxy: is looked through). */
  type: string;
  /** The source file, for file-based types. */
  path?: string;
  /** The entries of an `inline:{ ... }` table, as text in table syntax (one `key value` per line). */
  inline?: string;
}

/** Splits a table list as Postfix does: blanks and commas separate, `{ ... }` groups. */
function items(value: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i])) i++;
    if (i >= value.length) break;
    const start = i;
    let depth = 0;
    for (; i < value.length; i++) {
      const c = value[i];
      if (c === '{') depth++;
      else if (c === '}' && depth > 0) depth--;
      else if (depth === 0 && /[\s,]/.test(c)) break;
    }
    out.push({ text: value.slice(start, i), start });
  }
  return out;
}

/** inline:{ key=value, { key = value with, commas } } as `key value` lines. */
function inlineEntries(body: string): string {
  return items(body)
    .map(({ text }) => {
      const t = text.startsWith('{') && text.endsWith('}') ? text.slice(1, -1).trim() : text;
      const eq = t.indexOf('=');
      return eq < 0 ? t : `${t.slice(0, eq).trim()} ${t.slice(eq + 1).trim()}`;
    })
    .join('\n');
}

export function tableRefs(value: string): TableRef[] {
  const out: TableRef[] = [];
  for (const { text, start } of items(value)) {
    let rest = text;
    let type = '';
    for (;;) {
      const colon = rest.indexOf(':');
      if (colon <= 0) break;
      type = rest.slice(0, colon).toLowerCase();
      rest = rest.slice(colon + 1);
      if (!WRAPPERS.has(type)) break;
    }
    if (!type) continue;
    if (FILE_TYPES.has(type) && rest) out.push({ text, start, type, path: rest });
    else if (type === 'inline' && rest.startsWith('{') && rest.endsWith('}')) out.push({ text, start, type, inline: inlineEntries(rest.slice(1, -1)) });
    else out.push({ text, start, type });
  }
  return out;
}

/** The file name part of a path, for finding a table beside main.cf in a configuration repository. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
