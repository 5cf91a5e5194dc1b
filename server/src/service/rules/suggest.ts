// Reused rows for editDistance: "did you mean" runs it thousands of times per validation.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Optimal string alignment distance, capped: exact up to `max`, and some number above `max` beyond
 * it (the exact figure does not matter there). Only the cells within `max` of the diagonal are
 * computed (Ukkonen's band): a cell further off costs more than `max` to reach, and the costs along
 * an alignment never go down, so no alignment within `max` passes through one.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rowA.length <= b.length + 1) {
    const n = b.length + 2;
    rowA = new Int32Array(n);
    rowB = new Int32Array(n);
    rowC = new Int32Array(n);
  }
  const far = max + 1;
  let p2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= b.length; j++) {
    prev[j] = j;
    p2[j] = 0;
  }
  for (let i = 1; i <= a.length; i++) {
    const lo = i - max > 1 ? i - max : 1;
    const hi = i + max < b.length ? i + max : b.length;
    // Left of the band (or the first column) and right of it: what the row below reads there.
    cur[lo - 1] = lo === 1 ? i : far;
    if (hi < b.length) cur[hi + 1] = far;
    let rowMin = lo === 1 ? i : far;
    const ai = a.charCodeAt(i - 1);
    const ai1 = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && ai1 === bj) v = Math.min(v, p2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    // Rotate the rows: two rows back <- previous <- current.
    const t = p2;
    p2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length];
}

/** Longer names get no suggestion: no Postfix name is anywhere near this long, and the alignment is quadratic. */
const MAX_NAME = 120;

/** The distance bound nearest() allows for a name of this length. */
function bound(name: string): number {
  return Math.max(2, Math.floor(name.length / 5));
}

/** The nearest candidate within a distance that grows with the name's length. */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > MAX_NAME) return undefined;
  const max = bound(name);
  const found = closest(name, candidates, max, { name: undefined, d: max + 1 });
  return found.d <= max ? found.name : undefined;
}

/** Linear scan for a candidate closer than `start`; the distance bound shrinks as better ones appear. */
function closest(name: string, candidates: Iterable<string>, max: number, start: { name: string | undefined; d: number }): { name: string | undefined; d: number } {
  let best = start.name;
  let bestD = start.d;
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) >= bestD) continue;
    const d = editDistance(name, c, Math.min(max, bestD));
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return { name: best, d: bestD };
}

const SLOTS = 64;

function histogram(s: string, out: Uint8Array | Int32Array): void {
  for (let i = 0; i < s.length; i++) out[s.charCodeAt(i) & (SLOTS - 1)]++;
}

/**
 * The candidates of one length: names in list order, and their character histograms packed into
 * two arrays (a name uses about 15 of the 64 slots): candidate k has the slots and counts at
 * from[k] to from[k + 1]. Plain arrays in one piece, not a typed array per name: a first validation
 * makes them, and their creation is what it would pay for.
 */
interface Group {
  names: string[];
  orders: number[];
  from: number[];
  slots: number[];
  counts: number[];
}

/**
 * A fixed list of candidate names prepared for nearest(): grouped by length, each with a
 * character histogram. Every edit (insert, delete, substitute, transpose) changes the difference
 * of two histograms by at most one, so that difference is a lower bound of the distance and most
 * candidates are dismissed without the quadratic alignment. Lengths are searched nearest first,
 * so a close candidate is found early and the bound tightens for the rest; a candidate after the
 * best one so far must beat it, one before it only equal it. Gives exactly what nearest() gives
 * for the same list (ties go to the earlier name), and remembers its answers.
 */
export class NameIndex {
  private readonly names = new Map<number, Array<{ name: string; order: number }>>();
  private readonly byLength = new Map<number, Group>();
  private readonly memo = new Map<string, { name: string; d: number; order: number } | null>();
  private readonly query = new Int32Array(SLOTS);
  private readonly scratch = new Int32Array(SLOTS);

  constructor(names: Iterable<string>) {
    let order = 0;
    for (const name of names) {
      const group = this.names.get(name.length) ?? [];
      group.push({ name, order: order++ });
      this.names.set(name.length, group);
    }
  }

  /**
   * The candidates of one length, with their histograms, made the first time that length is
   * searched: a first validation asks about a few lengths, and a server's first didOpen should not
   * pay for histograms of all the names.
   */
  private group(len: number): Group | undefined {
    let group = this.byLength.get(len);
    if (group) return group;
    const plain = this.names.get(len);
    if (!plain) return undefined;
    const hist = this.scratch;
    group = { names: [], orders: [], from: [0], slots: [], counts: [] };
    for (const { name, order } of plain) {
      // The name's own characters, not all 64 slots: a first validation pays for these steps cold.
      const first = group.slots.length;
      for (let i = 0; i < name.length; i++) {
        const k = name.charCodeAt(i) & (SLOTS - 1);
        if (hist[k]++ === 0) group.slots.push(k);
      }
      for (let i = first; i < group.slots.length; i++) {
        const k = group.slots[i];
        group.counts.push(hist[k]);
        hist[k] = 0;
      }
      group.names.push(name);
      group.orders.push(order);
      group.from.push(group.slots.length);
    }
    this.byLength.set(len, group);
    return group;
  }

  /** The best candidate of the index within `max`, with its distance; ties to the earliest. */
  private best(name: string, max: number): { name: string; d: number; order: number } | null {
    const key = `${max}\u0000${name}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const q = this.query;
    q.fill(0);
    histogram(name, q);
    let best: { name: string; d: number; order: number } | null = null;
    let bestD = max;
    for (let delta = 0; delta <= max; delta++) {
      if (delta > bestD) break;
      for (let side = delta === 0 ? 1 : 0; side < 2; side++) {
        const len = side === 0 ? name.length - delta : name.length + delta;
        const group = this.group(len);
        if (!group) continue;
        const { names, orders, from, slots, counts } = group;
        for (let c = 0; c < names.length; c++) {
          // After the best so far in list order, only a strictly closer one replaces it.
          const limit = best && orders[c] > best.order ? bestD - 1 : bestD;
          if (delta > limit) continue;
          // Histogram difference: characters only the query has (pos = name.length - common) and only
          // the candidate has (neg = len - common), where common counts the characters both have; the
          // larger of the two, max(name.length, len) - common, must not exceed the limit.
          const need = (len > name.length ? len : name.length) - limit;
          // `left`: how many more of the candidate's characters may find no partner in the query before
          // `common` can no longer reach `need` (a candidate unlike the query is dismissed after a few slots).
          let common = 0;
          let left = len - need;
          for (let i = from[c], end = from[c + 1]; i < end && common < need && left >= 0; i++) {
            const qc = q[slots[i]];
            const n = counts[i];
            if (n <= qc) common += n;
            else {
              common += qc;
              left -= n - qc;
            }
          }
          if (common < need) continue;
          const d = editDistance(name, names[c], limit);
          if (d > limit) continue;
          best = { name: names[c], d, order: orders[c] };
          bestD = d;
        }
      }
    }
    // Bounded: junk files must not grow the memo without limit.
    if (this.memo.size >= 20_000) this.memo.clear();
    this.memo.set(key, best);
    return best;
  }

  /**
   * Same as `nearest(name, [...indexed names, ...extra])`: the indexed names first, then `extra`
   * (not indexed, scanned) in its order.
   */
  nearest(name: string, extra?: Iterable<string>): string | undefined {
    if (name.length > MAX_NAME) return undefined;
    const max = bound(name);
    const found = this.best(name, max);
    let result = { name: found?.name, d: found ? found.d : max + 1 };
    if (extra) result = closest(name, extra, max, result);
    return result.d <= max ? result.name : undefined;
  }
}
