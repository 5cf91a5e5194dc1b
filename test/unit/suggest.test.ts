// "Did you mean": NameIndex (histogram filter, lengths nearest first, memo) must answer exactly as
// the plain scan nearest() over the same list, ties going to the earlier name.
import * as assert from 'node:assert/strict';
import { allFacts } from '../../server/src/service/knowledge/knowledge';
import { NameIndex, nearest } from '../../server/src/service/rules/suggest';

/** Deterministic misspellings: deletions, insertions, substitutions, transpositions, service prefixes. */
function misspellings(names: string[], count: number): string[] {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const letters = 'abcdefghijklmnopqrstuvwxyz_-';
  const out: string[] = [];
  while (out.length < count) {
    let s = names[rand(names.length)];
    for (let e = 1 + rand(4); e > 0; e--) {
      const i = rand(s.length + 1);
      const c = letters[rand(letters.length)];
      switch (rand(5)) {
        case 0: s = s.slice(0, i) + s.slice(i + 1); break;
        case 1: s = s.slice(0, i) + c + s.slice(i); break;
        case 2: s = s.slice(0, i) + c + s.slice(i + 1); break;
        case 3: s = i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s; break;
        default: s = `${['relay', 'scalemail-backend', 'dovecot', 'x'][rand(4)]}_${s.replace(/^[a-z]+_/, '')}`;
      }
    }
    out.push(s);
  }
  return out;
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
});
