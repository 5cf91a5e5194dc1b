// The code cache (compileCache.ts) holds the functions compiled by the run that made it, and it is
// used as it is for as long as V8 accepts it. Made by `postfix-lint --version` (what many run first
// after installing), it held none of the rules, and every later lint of 100 lines compiled them from
// source again: 250M instructions against 215M with a cache made by a lint. So the bundles say what
// a run did through this mark, and the starters write the cache only after a run that did some of
// the work it is for, and write it again after a run that did more than the one that made it (a
// `postfix-lint --print` first, then a lint). A global, not a module variable: the starter and the
// bundle are separate bundles, each with its own copy of this module.
const MARK = Symbol.for('postfix-tls.code-cache.worth');

/** What a run compiled, least to most: nothing worth keeping, --print (no rules), a lint or a validation. */
export const enum CacheWorth {
  None = 0,
  Print = 1,
  Rules = 2,
}

/** Says what this run did (the most it did counts). */
export function markWorthCaching(worth: CacheWorth): void {
  const g = globalThis as Record<symbol, unknown>;
  if (worth > ((g[MARK] as number | undefined) ?? CacheWorth.None)) g[MARK] = worth;
}

export function worthCaching(): CacheWorth {
  return ((globalThis as Record<symbol, unknown>)[MARK] as CacheWorth | undefined) ?? CacheWorth.None;
}
