/** Lookup table types Postfix knows (DATABASE_README; `postconf -m` shows a build's subset). */
export const TABLE_TYPES: ReadonlySet<string> = new Set([
  'btree', 'cdb', 'cidr', 'dbm', 'environ', 'fail', 'hash', 'inline', 'internal', 'ldap', 'lmdb', 'memcache',
  'mongodb', 'mysql', 'netinfo', 'nis', 'nisplus', 'pcre', 'pgsql', 'pipemap', 'proxy', 'randmap', 'regexp',
  'sdbm', 'socketmap', 'sqlite', 'static', 'tcp', 'texthash', 'unionmap', 'unix',
]);
