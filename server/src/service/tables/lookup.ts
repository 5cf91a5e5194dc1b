import { keyShape, PolicyEntry, PolicyTable } from './policy';
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
