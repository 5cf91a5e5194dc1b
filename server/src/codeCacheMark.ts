// The code cache (compileCache.ts) holds the functions compiled by the run that made it, and it is
// used as it is for as long as V8 accepts it. Made by `postfix-lint --version` (what many run first
// after installing), it held none of the rules, and every later lint of 100 lines compiled them from
// source again: 250M instructions against 213M with a cache made by a lint. So the starters write
// the cache only after a run that did the work it is for, which the bundles say through this mark.
// A global, not a module variable: the starter and the bundle are separate bundles, each with its
// own copy of this module.
const MARK = Symbol.for('postfix-tls.code-cache.worth-keeping');

/** Says that this run compiled what later runs need (a lint, a validation): its code is worth caching. */
export function markWorthCaching(): void {
  (globalThis as Record<symbol, unknown>)[MARK] = true;
}

export function isWorthCaching(): boolean {
  return (globalThis as Record<symbol, unknown>)[MARK] === true;
}
