/**
 * postfix-lint and the policy and SNI tables: the tables a configuration's main.cf names are linted
 * with it (found beside main.cf, where configuration repositories keep them, else at the path main.cf
 * gives), and `--kind tls-policy|sni FILE` lints one table alone.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Row } from './cliFormats';
import { referencedFiles } from './service/documentKinds';
import type { ConfigPair, LanguageService, LanguageSettings } from './service/languageService';
import type { KindId } from './shared/documentKinds';

export const TABLE_KINDS = ['tls-policy', 'sni'] as const;
export type TableKindArg = (typeof TABLE_KINDS)[number];

export const TABLES_USAGE = `--kind         tls-policy or sni: each PATH is a TLS policy table (smtp_tls_policy_maps) or an
               SNI table (tls_server_sni_maps) source file, linted alone. Without it the tables a
               main.cf names are linted with it: the file of that name beside main.cf, else the path
               main.cf gives.`;

const isFile = (p: string) => {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
};

/** The findings of the tables each configuration's main.cf names, each under the table's own file name. */
export function referencedTableRows(
  groups: Array<{ pair: ConfigPair; files: Array<{ path: string; doc: TextDocument }> }>,
  service: LanguageService,
  settings: LanguageSettings,
  load: (file: string, kind: KindId) => TextDocument,
): Row[] {
  const rows: Row[] = [];
  const done = new Set<string>();
  for (const g of groups) {
    const main = g.pair.main;
    const mainPath = g.files.find((f) => f.doc === main)?.path;
    if (!main || !mainPath) continue;
    for (const ref of referencedFiles(service.config(g.pair, settings))) {
      const beside = join(dirname(mainPath), ref.path.slice(ref.path.lastIndexOf('/') + 1));
      const file = isFile(beside) ? beside : isFile(ref.path) ? ref.path : undefined;
      if (!file || done.has(`${ref.kind}\u0000${file}`)) continue;
      done.add(`${ref.kind}\u0000${file}`);
      const doc = load(file, ref.kind);
      for (const f of service.findings(doc, { ...g.pair, [ref.kind]: doc }, settings)) rows.push({ file, f });
    }
  }
  return rows;
}

/** `--kind`: each file a table of that kind, without a configuration. */
export function tableRowsAlone(paths: string[], kind: TableKindArg, service: LanguageService, settings: LanguageSettings, load: (file: string, kind: KindId) => TextDocument): Row[] {
  const rows: Row[] = [];
  for (const file of paths) {
    const doc = load(file, kind);
    for (const f of service.findings(doc, { [kind]: doc }, settings)) rows.push({ file, f });
  }
  return rows;
}
