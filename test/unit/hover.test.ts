// Hover specs: parameter docs (ours, with facts and the manual link), family
// variants, $references with their effective value and source, values, master.cf
// fields, and the completeness of the documentation data.
import * as assert from 'node:assert/strict';
import { allFacts, facts, isBuiltin, summaryOf } from '../../server/src/service/knowledge/knowledge';
import { docFor } from '../../server/src/service/knowledge/docs';
import type { ParamDocFile } from '../../server/src/service/knowledge/docTypes';
import serverDocs from '../../server/src/service/knowledge/docs/tls-server.json';
import clientDocs from '../../server/src/service/knowledge/docs/tls-client.json';
import globalDocs from '../../server/src/service/knowledge/docs/tls-global.json';
import { hover, hoverText, r } from './spec';

/** The hover text, failing when there is none. */
function text(src: string, opts: Parameters<typeof hoverText>[1] = {}): string {
  const t = hoverText(src, opts);
  assert.ok(t, `no hover for ${JSON.stringify(src)}`);
  return t;
}

describe('hover: parameter names', () => {
  it('shows our docs, default, version and the postconf(5) link for a TLS parameter', () => {
    const t = text('smtpd_tls_secu|rity_level = may\n');
    const doc = docFor('smtpd_tls_security_level')!;
    assert.ok(t.startsWith('**smtpd_tls_security_level** · string · TLS'), t.slice(0, 80));
    assert.ok(t.includes(doc.summary), 'summary from docs/tls-server.json');
    assert.ok(t.includes(doc.body!.split('\n')[0]), 'body from the docs');
    assert.match(t, /\*\*Default:\*\* \*\(empty\)\*/);
    assert.match(t, /\*\*Since:\*\* Postfix 2\.3/);
    assert.match(t, /\*\*Effective here:\*\* `may` \(main\.cf line 1\)/);
    assert.ok(t.includes('https://www.postfix.org/postconf.5.html#smtpd_tls_security_level'));
    assert.match(t, /- `encrypt`: /, 'lists the values');
  });

  it('covers exactly the name', () => {
    const h = hover('smtpd_tls_cert_f|ile = /etc/ssl/cert.pem\n');
    assert.equal(r(h!.range!), '0:0-0:19');
  });

  it('shows the default and its version for a parameter that is not set here', () => {
    const t = text('smtpd_tls_ciph|ers = medium\n');
    assert.match(t, /\*\*Default:\*\* `medium`/);
    assert.match(t, /\*\*Since:\*\* Postfix 2\.6/);
  });

  it('shows the family variant lmtp_tls_ciphers with LMTP names', () => {
    const t = text('lmtp_tls_ci|phers = medium\n');
    assert.ok(t.includes(docFor('lmtp_tls_ciphers')!.summary));
    assert.match(t, /LMTP client/);
    assert.match(t, /`lmtp_tls_exclude_ciphers`/);
    assert.match(t, /`lmtp_tls_mandatory_ciphers`/);
    assert.doesNotMatch(t, /\bsmtp_tls_(exclude|mandatory)_ciphers/, 'no SMTP-client names left in the LMTP text');
    assert.ok(t.includes('postconf.5.html#lmtp_tls_ciphers'));
  });

  it('shows the family variant postscreen_tls_ciphers with postscreen names', () => {
    const t = text('postscreen_tls_ciph|ers = medium\n');
    assert.match(t, /postscreen/);
    assert.match(t, /`postscreen_tls_mandatory_ciphers`/);
    assert.match(t, /`postscreen_tls_exclude_ciphers`/);
    assert.doesNotMatch(t, /\bsmtpd_tls_(exclude|mandatory)_ciphers/);
  });

  it('names the replacement of a deprecated parameter', () => {
    const t = text('postscreen_dnsbl_t|tl = 1h\n');
    assert.match(t, /\*\*Deprecated\*\* since Postfix 3\.11: use `postscreen_dnsbl_max_ttl`/);
    const tls = text('smtpd_use_t|ls = yes\n');
    assert.match(tls, /\*\*Deprecated\*\* since Postfix 3\.9: use `smtpd_tls_security_level`/);
  });

  it('says when a deprecated parameter has no replacement', () => {
    assert.match(text('smtp_cname_overrides_serv|ername = yes\n'), /no replacement, remove it/);
  });

  it('describes a user-defined name as such', () => {
    const t = text('my_li|st = a, b\nmynetworks = $my_list\n');
    assert.match(t, /Not a Postfix parameter: a user-defined name, usable as `\$my_list`/);
    assert.doesNotMatch(t, /postconf\.5\.html/);
  });

  it('shows the master.cf -o override with its effective value and service', () => {
    const t = text('submission inet n - y - - smtpd\n  -o smtpd_tls_secu|rity_level=encrypt\n', { kind: 'master' });
    assert.ok(t.includes(docFor('smtpd_tls_security_level')!.summary));
    assert.match(t, /\*\*Effective here:\*\* `encrypt` \(master\.cf line 2 `-o` of submission\/inet\)/);
  });

  it('shows nothing in a comment or on a template tag in the name position', () => {
    assert.equal(hover('# smtpd_tls_secu|rity_level = may\n'), null);
    assert.equal(hover('{{ na|me }} = x\n'), null);
  });
});

describe('hover: $references', () => {
  it('shows the effective value and the main.cf line it comes from', () => {
    const t = text('myhostname = mail.example.com\nmyorigin = $my|hostname\n');
    assert.match(t, /^\*\*\$myhostname\*\* = `mail\.example\.com`/);
    assert.match(t, /from main\.cf line 1/);
    assert.ok(t.includes('postconf.5.html#myhostname'));
  });

  it('uses the last definition', () => {
    const t = text('relayhost = a\nrelayhost = [b]:587\nx = ${relay|host}\n');
    assert.match(t, /= `\[b\]:587`/);
    assert.match(t, /from main\.cf line 2/);
  });

  it('shows a default and the expansion chain', () => {
    const t = text('x = $smtpd_tls_ci|phers\n');
    assert.match(t, /\*\*\$smtpd_tls_ciphers\*\* = `medium`/);
    assert.match(t, /from default of Postfix 3\.11/);
    const chain = text('a = 1\nb = $a\nc = $|b\n');
    assert.match(chain, /= `1`/);
    assert.match(chain, /main\.cf line 2, via \$a/);
    assert.match(chain, /raw value: `\$a`/);
  });

  it('covers the whole reference, ${...} included', () => {
    const h = hover('x = ${my|hostname}\n');
    assert.equal(r(h!.range!), '0:4-0:17');
  });

  it('shows the value a master.cf service sees', () => {
    const t = text('submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_client_restrictions=$smtpd_tls_secu|rity_level\n', { kind: 'master' });
    assert.match(t, /= `encrypt`/);
    assert.match(t, /from master\.cf line 2 `-o` of submission\/inet/);
  });

  it('says an undefined reference expands to nothing', () => {
    assert.match(text('x = $no_such|_thing\n'), /undefined: expands to nothing/);
  });

  it('does not claim a host-dependent default is empty', () => {
    const t = text('myorigin = $my|domain\n');
    assert.doesNotMatch(t, /\*\(empty\)\*/);
    assert.match(t, /depends on the host/);
    assert.match(t, /postconf -d mydomain/);
  });

  it('reports a cycle instead of hanging', () => {
    assert.match(text('a = $b\nb = $a\nc = $|a\n'), /stopped: reference cycle/);
  });
});

describe('hover: values', () => {
  it('explains a security level', () => {
    const t = text('smtpd_tls_security_level = en|crypt\n');
    assert.match(t, /^\*\*encrypt\*\* \(smtpd_tls_security_level\)/);
    assert.match(t, /Mandatory TLS/);
    const h = hover('smtpd_tls_security_level = en|crypt\n');
    assert.equal(r(h!.range!), '0:27-0:34');
  });

  it('explains ">=TLSv1.2": the operator and the protocol', () => {
    const t = text('smtpd_tls_protocols = >=TLS|v1.2\n');
    assert.match(t, /^\*\*>=TLSv1\.2\*\*/);
    assert.match(t, /Lower bound \(Postfix 3\.6 and later\)/);
    assert.match(t, /TLS 1\.2/);
  });

  it('explains "!SSLv3"', () => {
    const t = text('smtpd_tls_protocols = !SSLv2, !SSL|v3\n');
    assert.match(t, /^\*\*!SSLv3\*\*/);
    assert.match(t, /Exclusion/);
    assert.match(t, /SSL 3\.0/);
  });

  it('explains the cipher grade "high"', () => {
    const t = text('smtpd_tls_mandatory_ciphers = hi|gh\n');
    assert.match(t, /^\*\*high\*\* \(smtpd_tls_mandatory_ciphers\)/);
    assert.match(t, /HIGH/);
  });

  it('explains a table type such as btree:', () => {
    const t = text('smtpd_tls_session_cache_database = bt|ree:${data_directory}/smtpd_scache\n');
    assert.match(t, /^\*\*btree:\*\* lookup table/);
    assert.match(t, /Berkeley DB/);
    assert.ok(t.includes('DATABASE_README.html'));
  });

  it('has nothing to say about a free-form word', () => {
    assert.equal(hover('myhostname = mail.exa|mple.com\n'), null);
  });
});

describe('hover: master.cf service fields', () => {
  const line = 'submission inet n - y 60 10 smtpd\n';
  const at = (col: number) => text(line.slice(0, col) + '|' + line.slice(col), { kind: 'master' });

  it('explains each field', () => {
    assert.match(at(3), /^\*\*submission\*\*: master\.cf service name/);
    assert.match(at(12), /^\*\*inet\*\*: master\.cf transport type/);
    assert.match(at(16), /^\*\*n\*\*: master\.cf private/);
    assert.match(at(18), /^\*\*-\*\*: master\.cf unpriv/);
    assert.match(at(20), /^\*\*y\*\*: master\.cf chroot/);
    assert.match(at(23), /^\*\*60\*\*: master\.cf wakeup/);
    assert.match(at(26), /^\*\*10\*\*: master\.cf maxproc/);
    assert.match(at(30), /^\*\*smtpd\*\*: master\.cf command/);
    assert.ok(at(30).includes('master.5.html'));
  });

  it('covers exactly the field', () => {
    const h = hover('submission in|et n - y - - smtpd\n', { kind: 'master' });
    assert.equal(r(h!.range!), '0:11-0:15');
  });
});

describe('hover: documentation data is complete', () => {
  const raw: ParamDocFile = { ...(serverDocs as unknown as ParamDocFile), ...(clientDocs as unknown as ParamDocFile), ...(globalDocs as unknown as ParamDocFile) };
  const tls = [...allFacts()].filter((f) => f.tls);

  it('knows 255 TLS parameters', () => {
    assert.equal(tls.length, 255);
  });

  it('documents every TLS parameter with a summary and a body', () => {
    const missing = tls.filter((f) => {
      const d = docFor(f.name);
      return !d || !d.summary?.trim() || !d.body?.trim();
    });
    assert.deepEqual(missing.map((f) => f.name), []);
  });

  it('fills every {role} placeholder', () => {
    const left = tls.filter((f) => JSON.stringify(docFor(f.name)).includes('{role}'));
    assert.deepEqual(left.map((f) => f.name), []);
  });

  it('has every family base', () => {
    const broken = Object.entries(raw).filter(([, d]) => d.family && !raw[d.family]).map(([n, d]) => `${n} -> ${d.family}`);
    assert.deepEqual(broken, []);
  });

  it('relates only known parameters', () => {
    const bad: string[] = [];
    for (const f of tls) for (const rel of docFor(f.name)?.related ?? []) if (!isBuiltin(rel)) bad.push(`${f.name} -> ${rel}`);
    for (const [n, d] of Object.entries(raw)) for (const rel of d.related ?? []) if (!isBuiltin(rel)) bad.push(`${n} (raw) -> ${rel}`);
    assert.deepEqual([...new Set(bad)], []);
  });

  it('documents only TLS parameters in the TLS docs', () => {
    assert.deepEqual(Object.keys(raw).filter((n) => !facts(n)?.tls), []);
  });

  it('has 150+ summaries for non-TLS parameters', () => {
    const withSummary = [...allFacts()].filter((f) => !f.tls && summaryOf(f.name)?.trim());
    assert.ok(withSummary.length >= 150, `only ${withSummary.length} non-TLS summaries`);
  });

  it('shows a non-TLS summary in the hover', () => {
    assert.ok(text('myhost|name = a\n').includes(summaryOf('myhostname')!));
  });

  it('does not show a related name that Postfix does not have', () => {
    const t = text('smtpd_tls_session_cache_time|out = 3600s\n');
    for (const m of t.matchAll(/`([a-z0-9_]+)`/g)) {
      if (/_tls_|^tls_/.test(m[1]) && /Related/.test(t.slice(0, m.index))) assert.ok(isBuiltin(m[1]), `related ${m[1]} is not a parameter`);
    }
  });
});
