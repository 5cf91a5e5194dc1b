import { referencedSources, tableItems } from '../documentKinds';
import { keyShape, parsePolicyTable, PolicyEntry, PolicyTable } from './policy';
import { foldKey } from './source';

/**
 * The entry the SMTP client uses for a next hop, as it looks it up: the next hop verbatim
 * (brackets and port included, case folded as postmap folds keys); for a plain domain without
 * brackets or port, then each parent domain with a leading dot (`.example.com`, `.com`). The first
 * of duplicate keys is the one postmap stored.
 */
export function policyLookup(table: PolicyTable, nexthop: string): PolicyEntry | undefined {
  const byKey = new Map<string, PolicyEntry>();
  for (const e of table.entries) {
    const k = foldKey(e.key.text);
    if (!byKey.has(k)) byKey.set(k, e);
  }
  const want = foldKey(nexthop.trim());
  const exact = byKey.get(want);
  if (exact || keyShape(want).kind !== 'domain') return exact;
  for (let dot = want.indexOf('.'); dot >= 0; dot = want.indexOf('.', dot + 1)) {
    const parent = byKey.get(want.slice(dot));
    if (parent) return parent;
  }
  return undefined;
}

/**
 * The policy tables a value lists, parsed, in the order listed; undefined when one has no source
 * file of its own (inline:, ldap:, …) or cannot be read.
 */
export function readPolicyTables(tablesValue: string, read: (path: string) => string | undefined): Array<{ path: string; table: PolicyTable }> | undefined {
  const items = tableItems(tablesValue);
  const files = referencedSources([{ parameter: 'smtp_tls_policy_maps', value: tablesValue }]);
  if (files.length !== items.length) return undefined;
  const tables: Array<{ path: string; table: PolicyTable }> = [];
  for (const f of files) {
    const text = read(f.path);
    if (text === undefined) return undefined;
    // Braces matter only inside values; the level is the first token either way.
    tables.push({ path: f.path, table: parsePolicyTable(text, true) });
  }
  return tables;
}

/**
 * What the policy tables (readPolicyTables) say for each next hop of relayhost, as the SMTP client
 * finds it: the level of the first entry that matches (tables in the order listed), or no level when
 * none has an entry. Undefined when there is no relayhost.
 */
export function relayPolicies(tables: Array<{ path: string; table: PolicyTable }>, relayhost: string): Array<{ nexthop: string; level?: string; table?: string }> | undefined {
  const hops = relayhost.split(/[\s,]+/).filter(Boolean);
  if (!hops.length) return undefined;
  return hops.map((nexthop) => {
    for (const t of tables) {
      const e = policyLookup(t.table, nexthop);
      if (e) return { nexthop, level: e.level?.text.toLowerCase() ?? '', table: t.path };
    }
    return { nexthop };
  });
}
