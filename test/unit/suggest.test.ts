// "Did you mean": NameIndex (histogram filter, lengths nearest first, memo) must answer exactly as
// the plain scan nearest() over the same list, ties going to the earlier name.
import * as assert from 'node:assert/strict';
import { allFacts } from '../../server/src/service/knowledge/knowledge';
import { editDistance, NameIndex, nearest } from '../../server/src/service/rules/suggest';

/** A repeatable pseudo-random sequence: the same inputs on every run. */
function seeded(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
}

/** `s` with one edit at a random place: deletion, insertion, substitution or transposition (what the distance counts). */
function randomEdit(s: string, rand: (n: number) => number, letters: string): string {
  const i = rand(s.length + 1);
  const c = letters[rand(letters.length)];
  switch (rand(4)) {
    case 0: return s.slice(0, i) + s.slice(i + 1);
    case 1: return s.slice(0, i) + c + s.slice(i);
    case 2: return s.slice(0, i) + c + s.slice(i + 1);
    default: return i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s;
  }
}

/** Deterministic misspellings: deletions, insertions, substitutions, transpositions, service prefixes. */
function misspellings(names: string[], count: number): string[] {
  const rand = seeded(12345);
  const letters = 'abcdefghijklmnopqrstuvwxyz_-';
  const out: string[] = [];
  while (out.length < count) {
    let s = names[rand(names.length)];
    for (let e = 1 + rand(4); e > 0; e--) {
      s = rand(5) < 4 ? randomEdit(s, rand, letters) : `${['relay', 'scalemail-backend', 'dovecot', 'x'][rand(4)]}_${s.replace(/^[a-z]+_/, '')}`;
    }
    out.push(s);
  }
  return out;
}

/** The whole optimal string alignment table, as the textbook writes it: what the fast paths must agree with. */
function full(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

describe('suggest: NameIndex answers as nearest() does', () => {
  const names = [...allFacts()].map((f) => f.name);

  it('on 3 000 misspellings of known names, with and without extra (scanned) names', () => {
    const index = new NameIndex(names);
    const extra = ['site_domains_1', 'site_var_12', 'my_relay_hosts'];
    let suggested = 0;
    for (const typo of misspellings(names, 3000)) {
      const expected = nearest(typo, names);
      assert.equal(index.nearest(typo), expected, typo);
      // Asked again: the remembered answer is the same.
      assert.equal(index.nearest(typo), expected, `${typo} (memo)`);
      assert.equal(index.nearest(typo, extra), nearest(typo, [...names, ...extra]), `${typo} + extra`);
      if (expected) suggested++;
    }
    // Not vacuous: most of them get a suggestion.
    assert.ok(suggested > 1500, `${suggested} suggestions`);
  });

  it('ties go to the earlier name of the list; too far is no suggestion', () => {
    const index = new NameIndex(['smtp_tls_level', 'smtpd_tls_level', 'smtp_tls_levels']);
    assert.equal(index.nearest('smtp_tls_leve'), 'smtp_tls_level');
    assert.equal(index.nearest('smtpx_tls_level'), 'smtp_tls_level');
    assert.equal(new NameIndex(['b_ab', 'a_ab']).nearest('c_ab'), 'b_ab');
    assert.equal(new NameIndex(['a_ab', 'b_ab']).nearest('c_ab'), 'a_ab');
    assert.equal(index.nearest('completely_different'), undefined);
  });

  it('editDistance: the exact optimal string alignment distance up to the cap, above the cap beyond it', () => {
    assert.equal(editDistance('smtpd_tls_level', 'smtp_tsl_level', 5), 2);
    assert.equal(editDistance('ca', 'abc', 5), 3);
    const rand = seeded(7);
    const word = () => Array.from({ length: rand(12) }, () => 'ab_c'[rand(4)]).join('');
    for (let k = 0; k < 20_000; k++) {
      const a = word();
      const b = word();
      const max = rand(8);
      const exact = full(a, b);
      const got = editDistance(a, b, max);
      if (exact <= max) assert.equal(got, exact, `${a} / ${b} within ${max}`);
      else assert.ok(got > max, `${a} / ${b}: ${got} should exceed ${max} (exact ${exact})`);
    }
  });

  it('the histogram filter never drops a candidate within the bound (repeated characters, every bound from 2 to 7)', () => {
    // One candidate per index: it must be suggested exactly when the full table puts it within
    // max(2, length / 5) of the query. Few letters, so characters repeat and counts matter.
    const rand = seeded(99);
    const letters = 'aab_c';
    let within = 0;
    for (let k = 0; k < 20_000; k++) {
      let query = Array.from({ length: 4 + rand(33) }, () => letters[rand(letters.length)]).join('');
      let candidate = query;
      for (let e = rand(9); e > 0; e--) candidate = randomEdit(candidate, rand, letters);
      if (rand(2)) [query, candidate] = [candidate, query];
      const max = Math.max(2, Math.floor(query.length / 5));
      const expected = full(query, candidate) <= max ? candidate : undefined;
      assert.equal(new NameIndex([candidate]).nearest(query), expected, `${query} / ${candidate} within ${max}`);
      if (expected) within++;
    }
    // Not vacuous: a good share of the pairs are within the bound.
    assert.ok(within > 5000, `${within} within the bound`);
  });
});
