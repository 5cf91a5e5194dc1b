// The kinds of document the extension handles, as data the client and the server share: the
// client's document selector, the server's file watcher and the linter's directory scan all come
// from this list (the parsers and the rest of each kind are in service/documentKinds.ts, which the
// client does not load). package.json's contributes.languages must agree (a unit test checks it).

export interface SharedKind {
  /** The kind's id in the code: findings name their file by it, caches are keyed on it. */
  readonly id: string;
  /** The VS Code language id (package.json contributes.languages). */
  readonly languageId: string;
  /** How messages name such a file when it has its usual name. */
  readonly label: string;
  /**
   * File names that are this kind whatever language the editor chose (`main.cf`, `main.cf.j2`,
   * `master.cf.erb`): tested on the path first, before the language id.
   */
  readonly fileNames: readonly RegExp[];
  /**
   * How a file of this kind is found for a configuration: `directory`: the file of this name in the
   * configuration directory (main.cf and master.cf side by side); `reference`: through the values
   * of these main.cf parameters (`smtp_tls_policy_maps = hash:/etc/postfix/tls_policy` names the
   * source file /etc/postfix/tls_policy).
   */
  readonly related: { readonly by: 'directory'; readonly fileName: string } | { readonly by: 'reference'; readonly parameters: readonly string[] };
}

/** In recognition order; the first kind is what a document that nothing else claims is taken for. */
export const DOCUMENT_KINDS = [
  {
    id: 'main',
    languageId: 'postfix-main',
    label: 'main.cf',
    fileNames: [/(^|[/\\])main\.cf([.][^/\\]*)?$/],
    related: { by: 'directory', fileName: 'main.cf' },
  },
  {
    id: 'master',
    languageId: 'postfix-master',
    label: 'master.cf',
    fileNames: [/(^|[/\\])master\.cf([.][^/\\]*)?$/],
    related: { by: 'directory', fileName: 'master.cf' },
  },
  {
    // TLS policy tables of the SMTP and LMTP clients and of tlsproxy (service/tables/).
    id: 'tls-policy',
    languageId: 'postfix-tls-policy',
    label: 'TLS policy table',
    // tls_policy, smtp_tls_policy, tls-policy.txt; never a built table (tls_policy.db, .lmdb, .cdb).
    fileNames: [/(^|[/\\])(?![^/\\]*\.(db|lmdb|cdb|dir|pag)$)[^/\\]*tls[_-]policy[^/\\]*$/i],
    related: { by: 'reference', parameters: ['smtp_tls_policy_maps', 'lmtp_tls_policy_maps', 'tlsproxy_client_policy_maps'] },
  },
  {
    // Certificate chains per SNI name for the SMTP server (service/tables/sni.ts).
    id: 'sni',
    languageId: 'postfix-sni',
    label: 'SNI table',
    // sni, tls_server_sni, sni_maps, sni-chains.txt; never a built table.
    fileNames: [/(^|[/\\])(?![^/\\]*\.(db|lmdb|cdb|dir|pag)$)(sni|[^/\\]*[_-]sni|sni[_-][^/\\]*)$/i],
    related: { by: 'reference', parameters: ['tls_server_sni_maps'] },
  },
] as const satisfies readonly SharedKind[];

export type KindId = (typeof DOCUMENT_KINDS)[number]['id'];

/** The two files of the Postfix configuration proper, which EffectiveConfig reads together. */
export type ConfigFileKind = 'main' | 'master';

export const KIND_IDS: readonly KindId[] = DOCUMENT_KINDS.map((k) => k.id);

export function kindInfo(id: KindId): SharedKind & { id: KindId } {
  return DOCUMENT_KINDS.find((k) => k.id === id)!;
}

/**
 * Mail logs: a language the server answers for (hover, the TLS report) that is no configuration
 * file, so it has no parse and no place in a configuration (service/maillog/logDocuments.ts).
 */
export const MAIL_LOG_LANGUAGE = 'postfix-log';

/** The language ids the server handles: the client's document selector. */
export const LANGUAGE_IDS: readonly string[] = [...DOCUMENT_KINDS.map((k) => k.languageId), MAIL_LOG_LANGUAGE];

/** The kinds found beside main.cf by file name, with that name. */
export const DIRECTORY_FILES: ReadonlyArray<{ id: KindId; fileName: string }> = DOCUMENT_KINDS.flatMap((k) => (k.related.by === 'directory' ? [{ id: k.id, fileName: k.related.fileName }] : []));

/**
 * The kind of a document: by its file name first (a master.cf opened as postfix-main is still a
 * master.cf), by its language id second; anything else is taken for the first kind (main.cf).
 */
export function kindOf(doc: { uri: string; languageId?: string }): KindId {
  let path = doc.uri.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it as written
  }
  const byName = DOCUMENT_KINDS.find((k) => k.fileNames.some((re) => re.test(path)));
  if (byName) return byName.id;
  return DOCUMENT_KINDS.find((k) => k.languageId === doc.languageId)?.id ?? DOCUMENT_KINDS[0].id;
}
