import type { Positions, TableReport } from './findings';
import { foldKey, SourceEntry } from './source';

/** postmap keeps the first of two entries with the same key (compared after folding to lower case) and warns about the rest. */
export function duplicateKeys(r: TableReport, entries: SourceEntry[], doc: Positions): void {
  const seen = new Map<string, SourceEntry>();
  for (const e of entries) {
    const k = foldKey(e.key);
    const first = seen.get(k);
    if (!first) {
      seen.set(k, e);
      continue;
    }
    r.add('table-duplicate-key', e.keyStart, e.keyEnd, `"${e.key}" is already listed on line ${first.line + 1}: postmap keeps the first entry (keys are compared without regard to case) and ignores this one`, {
      related: [{ range: { start: doc.positionAt(first.keyStart), end: doc.positionAt(first.keyEnd) }, message: 'the entry that is used' }],
    });
  }
}
