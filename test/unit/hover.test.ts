// Hover specs: parameter docs (ours, with facts and the manual link), family
// variants, $references with their effective value and source, values, master.cf
// fields, and the completeness of the documentation data.
import * as assert from 'node:assert/strict';
import { allFacts, defaultHistory, facts, isBuiltin, summaryOf } from '../../server/src/service/knowledge/knowledge';
import type { VersionContext } from '../../server/src/service/knowledge/version';
import { docFor } from '../../server/src/service/knowledge/docs';
import type { ParamDocFile } from '../../server/src/service/knowledge/docTypes';
import serverDocs from '../../server/src/service/knowledge/docs/tls-server.json';
import clientDocs from '../../server/src/service/knowledge/docs/tls-client.json';
import globalDocs from '../../server/src/service/knowledge/docs/tls-global.json';
import { hover, hoverText, r } from './spec';

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

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
    assert.match(t, /\*\*Default \(Postfix 3\.11, compatibility level 0\):\*\* \*\(empty\)\*/);
    assert.match(t, /\*\*Since:\*\* Postfix 2\.3/);
    assert.match(t, /\*\*Effective here:\*\* `may` \(main\.cf line 1\)/);
    assert.ok(t.includes('https://www.postfix.org/postconf.5.html#smtpd_tls_security_level'));
    assert.match(t, /\*\*Values:\*\* `none`, `may`, `encrypt`/, "names the values (each value has a hover of its own)");
  });

  it('covers exactly the name', () => {
    const h = hover('smtpd_tls_cert_f|ile = /etc/ssl/cert.pem\n');
    assert.equal(r(h!.range!), '0:0-0:19');
  });

  it('shows the default and its version for a parameter that is not set here', () => {
    const t = text('smtpd_tls_ciph|ers = medium\n');
    assert.match(t, /\*\*Default \(Postfix 3\.11, compatibility level 0\):\*\* `medium`/);
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

describe('hover: layout and version', () => {
  const tls = [...allFacts()].filter((f) => f.tls);
  /** The hover of a TLS parameter set in main.cf, the way a reader sees it. */
  const of = (name: string) => text(`${name.slice(0, 3)}|${name.slice(3)} = x\n`);

  it('keeps every TLS parameter hover within 250 words', () => {
    const long = tls.map((f) => [f.name, words(of(f.name))] as const).filter(([, n]) => n > 250);
    assert.deepEqual(long, []);
  });

  it('leads every TLS parameter hover with the name, one summary line, then Default / Effective here / Since', () => {
    for (const f of tls) {
      const paras = of(f.name).split('\n\n');
      assert.ok(paras[0].startsWith(`**${f.name}**`), `${f.name}: title first`);
      assert.equal(paras[1], docFor(f.name)!.summary, `${f.name}: the summary second`);
      assert.doesNotMatch(paras[1], /\n/, `${f.name}: the summary is one line`);
      const lines = paras[2].split('  \n');
      assert.match(lines[0], /^\*\*Default \(Postfix 3\.11, compatibility level 0\):\*\* /, `${f.name}: Default line third`);
      assert.ok(lines.some((l) => l.startsWith('**Effective here:** `x`')), `${f.name}: Effective here among the facts`);
      assert.ok(lines.some((l) => l.startsWith('**Since:**')), `${f.name}: Since among the facts`);
      assert.match(paras[paras.length - 1], /postconf\(5\): /, `${f.name}: the manual link last`);
    }
  });

  it('says which release and compatibility level the default is for', () => {
    assert.match(text('compatibility_level = 3.6\nsmtp_tls_fingerprint_di|gest = sha256\n'), /\*\*Default \(Postfix 3\.6, compatibility level 3\.6\):\*\* `sha256`/);
    assert.match(text('compatibility_level = 3.11\nsmtp_tls_security_le|vel = may\n'), /\*\*Default \(Postfix 3\.11, compatibility level 3\.11\):\*\* `may`/);
    assert.match(text('smtp_tls_security_le|vel = may\n'), /\*\*Default \(Postfix 3\.11, compatibility level 0\):\*\* \*\(empty\)\*/);
  });

  it('shows the history of a default that changed, newest first', () => {
    assert.match(text('compatibility_level = 3.11\nsmtp_tls_security_le|vel = may\n'), /\*\*History:\*\* 3\.11: `may`; [^\n]*\*\(empty\)\*/);
    assert.match(text('compatibility_level = 3.6\nsmtp_tls_fingerprint_di|gest = sha256\n'), /\*\*History:\*\* 3\.6: `sha256`; before 3\.2: `md5`/);
    assert.match(text('smtp_tls_proto|cols = >=TLSv1.2\n'), /\*\*History:\*\* 3\.6: `>=TLSv1`; /);
  });

  it('shows no history line for a default that never changed', () => {
    assert.doesNotMatch(text('smtpd_tls_ciph|ers = medium\n'), /History/);
    assert.doesNotMatch(text('smtp_tls_security_le|vel = may\n'), /History/, 'at compatibility level 0 the default stays empty');
  });

  it('defaultHistory lists one entry per change, oldest first', () => {
    const at = (compat: string): VersionContext => ({ target: [3, 11, 0], targetSource: 'latest', compat: compat.split('.').map(Number) });
    // From the real builds: the oldest is 3.2, so what came before it is "before 3.2".
    assert.deepEqual(defaultHistory('smtp_tls_security_level', at('3.11')), [{ since: 'before 3.2', value: '' }, { since: '3.11', value: 'may' }]);
    assert.deepEqual(defaultHistory('smtp_tls_security_level', at('0')), [{ since: 'before 3.2', value: '' }]);
    assert.deepEqual(defaultHistory('tls_high_cipherlist', at('0')).map((h) => h.since), ['before 3.2', '3.8']);
    assert.deepEqual(defaultHistory('smtpd_tls_ciphers', at('0')).length, 1);
  });
});

describe('hover: $references', () => {
  it('a value Postfix passes on as written: shown as written, and its $MACRO is not a parameter reference', () => {
    const t = text('mailbox_c|ommand = /usr/bin/procmail -a "$EXTENSION"\n');
    assert.match(t, /\*\*Effective here:\*\* `\/usr\/bin\/procmail -a "\$EXTENSION"`/);
    const inside = hoverText('mailbox_command = /usr/bin/procmail -a "$EXTEN|SION"\n') ?? '';
    assert.doesNotMatch(inside, /\*\*\$EXTENSION\*\*|expands to nothing/);
  });

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
    const t = text('smtp_tls_policy_maps = bt|ree:/etc/postfix/tls_policy\n');
    assert.match(t, /^\*\*btree:\*\* lookup table/);
    assert.match(t, /Berkeley DB/);
    assert.ok(t.includes('DATABASE_README.html'));
  });

  it('has nothing to say about a free-form word', () => {
    assert.equal(hover('myhostname = mail.exa|mple.com\n'), null);
  });
});

describe('hover: TLS value words', () => {
  it('says that "!SSLv2" raises the floor and leaves TLS on', () => {
    const t = text('smtp_tls_protocols = !SSL|v2\n');
    assert.match(t, /^\*\*!SSLv2\*\*/);
    assert.match(t, /just raises the floor/);
    assert.match(t, /TLS stays on/);
    assert.doesNotMatch(t, /disabling a version also disables everything above it/);
  });

  it('explains the eecdh grades auto and strong', () => {
    assert.match(text('smtpd_tls_eecdh_grade = au|to\n'), /^\*\*auto\*\* \(smtpd_tls_eecdh_grade\)[\s\S]*tls_eecdh_auto_curves/);
    assert.match(text('tlsproxy_tls_eecdh_grade = str|ong\n'), /^\*\*strong\*\*[\s\S]*128-bit[\s\S]*ignored from Postfix 3\.6/);
  });

  it('explains every tls_ssl_options name, in any letter case', () => {
    for (const o of ['ENABLE_MIDDLEBOX_COMPAT', 'LEGACY_SERVER_CONNECT', 'NO_TICKET', 'NO_COMPRESSION', 'NO_RENEGOTIATION', 'NO_SESSION_RESUMPTION_ON_RENEGOTIATION', 'PRIORITIZE_CHACHA']) {
      assert.match(text(`tls_ssl_options = NO_TICKET, ${o.slice(0, 2)}|${o.slice(2)}\n`), new RegExp(`^\\*\\*${o}\\*\\* \\(tls_ssl_options\\)`), o);
    }
    assert.match(text('tls_ssl_options = no_compr|ession\n'), /compression/);
    assert.match(text('tls_ssl_options = NO_RENEG|OTIATION\n'), /Redundant from Postfix 3\.8/);
  });

  it('explains aNULL and each part of kEDH+aRSA in an exclusion list', () => {
    assert.match(text('smtpd_tls_exclude_ciphers = aNU|LL, RC4\n'), /^\*\*aNULL\*\* \(smtpd_tls_exclude_ciphers\)[\s\S]*without authentication/);
    const t = text('smtp_tls_mandatory_exclude_ciphers = kEDH+aR|SA\n');
    assert.match(t, /- `kEDH`: /);
    assert.match(t, /- `aRSA`: /);
  });

  it('explains btree: and lmdb: in a session cache as the tlsmgr(8) cache, not as a postmap table', () => {
    for (const src of ['smtpd_tls_session_cache_database = bt|ree:/var/lib/postfix/smtpd_scache\n', 'smtp_tls_session_cache_database = lm|db:${data_directory}/smtp_scache\n', 'lmtp_tls_session_cache_database = bt|ree:/x\n']) {
      const t = text(src);
      assert.match(t, /TLS session cache/, src);
      assert.match(t, /tlsmgr\(8\) creates and maintains/, src);
      assert.doesNotMatch(t, /built with `postmap`\/`postalias`|DATABASE_README/, src);
    }
  });
});

describe('hover: TLS facts and wording', () => {
  const tls = [...allFacts()].filter((f) => f.tls);
  /** Every text of the documentation entry, after {role} and family rewriting. */
  const all = (name: string) => {
    const d = docFor(name);
    return d ? [d.summary, d.body, d.defaultNote, d.security, ...(d.values ?? []).map(([v, m]) => `${v}: ${m}`)].filter(Boolean).join('\n') : '';
  };

  it('reads right after {role} substitution in every TLS parameter text', () => {
    const bad: string[] = [];
    const patterns: Array<[RegExp, string]> = [
      [/\b(\w+) \1\b/i, 'doubled word'],
      [/activity (the )?tlsproxy\(8\)/, 'activity tlsproxy(8)'],
      [/\{[a-z]*\}|\{role|role\}/, 'leftover brace'],
      [/tlsproxy\(8\) when it acts/, 'clause as a role'],
      [/\(8\)'s\b/, 'possessive of a man page'],
      [/\bthe the\b|\ba the\b|\bthe a\b/i, 'doubled article'],
    ];
    for (const f of tls) {
      // The data after substitution and the hover as rendered (which shows only part of it).
      // Code spans hold values as postconf prints them (`${{$smtp_tls_security_level} == {dane} ? ...}`): not prose.
      const t = `${all(f.name)}\n${text(`${f.name.slice(0, 3)}|${f.name.slice(3)} = x\n`)}`.replace(/`[^`\n]*`/g, '`…`');
      for (const [re, what] of patterns) {
        const m = re.exec(t);
        if (m) bad.push(`${f.name}: ${what}: ...${t.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30)}...`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('says an empty client session cache means no session resumption at all', () => {
    for (const n of ['smtp_tls_session_cache_database', 'lmtp_tls_session_cache_database']) {
      const t = all(n);
      assert.match(t, /No session is saved or resumed/, n);
      assert.doesNotMatch(t, /reused only within/, n);
    }
  });

  it('says tls_append_default_CA adds the system CAs only when a CAfile or CApath is set', () => {
    for (const n of ['smtp_tls_CAfile', 'lmtp_tls_CAfile', 'tlsproxy_client_CAfile', 'tls_append_default_CA']) {
      const t = all(n);
      assert.doesNotMatch(t, /or the system CAs via `tls_append_default_CA = yes`|or `tls_append_default_CA = yes` provides CAs/, n);
      assert.match(t, /only (on top of|where|when)[^.]*(CAfile|CApath)|whatever `tls_append_default_CA` says/, n);
    }
    assert.match(all('smtpd_tls_CApath'), /`tls_append_default_CA = yes` adds the system CAs only when a CAfile or CApath is set/);
  });

  it('does not claim one fixed pre-3.6 protocol default', () => {
    for (const f of tls.filter((x) => /_tls_(mandatory_)?protocols$/.test(x.name))) {
      assert.doesNotMatch(all(f.name), /`!SSLv2, !SSLv3` before|before 3\.6[^.]*`!SSLv2, !SSLv3`/, f.name);
    }
    assert.match(all('smtp_tls_protocols'), /exclusion above a version that stays enabled also cuts off every newer version/);
  });

  it('keeps smtpd-only advice out of the postscreen and tlsproxy security levels', () => {
    for (const n of ['postscreen_tls_security_level', 'tlsproxy_tls_security_level']) {
      const t = all(n);
      assert.doesNotMatch(t, /auth_only|AUTH|ask_ccert|permit_tls_clientcerts|check_ccert_access|mail transaction/, n);
    }
    assert.match(all('postscreen_tls_security_level'), /Must issue a STARTTLS command first/);
    assert.match(all('tlsproxy_tls_security_level'), /postscreen\(8\) hands/);
  });

  it('sends tlsproxy client policy advice to smtp_tls_policy_maps', () => {
    for (const n of ['tlsproxy_client_security_level', 'tlsproxy_client_policy_maps']) {
      const sec = docFor(n)!.security!;
      assert.match(sec, /`smtp_tls_policy_maps`/, n);
      assert.doesNotMatch(sec, /via `tlsproxy_client_policy_maps`|This is the right place for strict TLS/, n);
    }
  });

  it('agrees with the shown default of tlsproxy_client_level', () => {
    const t = text('tlsproxy_client_le|vel = may\n');
    assert.match(t, /\*\*Default \(Postfix 3\.11, compatibility level 0\):\*\* \*\(empty\)\*/);
    assert.match(t, /Postfix 3\.7 and later define no default for it, hence the empty value/);
    assert.doesNotMatch(t, /and defaults to `\$smtp_tls_security_level`/);
  });

  it('keeps the SMTP client default change of Postfix 3.11 out of the LMTP level', () => {
    const t = all('lmtp_tls_security_level');
    assert.match(t, /Empty in every release/);
    assert.doesNotMatch(t, /`may` from Postfix 3\.11/);
    assert.doesNotMatch(t, /any host that delivers to the Internet/);
  });

  it('says fingerprints in a policy match= are joined with |', () => {
    assert.match(all('smtp_tls_policy_maps'), /fingerprints in `match=`[^.]*joined with `\|`/);
    assert.match(all('lmtp_tls_policy_maps'), /joined with `\|`/);
    assert.match(text('smtp_tls_policy_ma|ps = hash:/etc/postfix/tls_policy\n'), /joined with `\|`/, 'shown in the hover, not cut');
  });

  it('describes smtpd_starttls_timeout under per-request deadlines as per TLS message', () => {
    const t = all('smtpd_starttls_timeout');
    assert.match(t, /each complete TLS protocol message/);
    assert.doesNotMatch(t, /whole exchange/);
  });

  it('says NO_RENEGOTIATION is redundant from Postfix 3.8', () => {
    assert.match(all('tls_ssl_options'), /from 3\.8 Postfix refuses renegotiation anyway/);
    assert.match(all('tls_ssl_options'), /NO_RENEGOTIATION: [^\n]*Redundant from Postfix 3\.8/);
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

describe('hover: status of names later releases dropped (issue 10)', () => {
  it('tls_legacy_public_key_fingerprints: no effect since 3.9, removed in 3.11', () => {
    assert.match(text('tls_legacy_public_key_finger|prints = yes\n'), /\*\*Status:\*\* no effect since Postfix 3\.9; removed in Postfix 3\.11/);
  });
});

describe('hover: the compatibility level as the admin writes it', () => {
  it('9999 stays 9999 (never "9999.0"), a level it cannot evaluate is "not known"', () => {
    assert.match(text('compatibility_level = 9999\nsmtp_tls_security_le|vel = may\n'), /\*\*Default \(Postfix 3\.11, compatibility level 9999\):\*\* `may`/);
    assert.match(text('compatibility_level = ${{$compatibility_level} < {3.6} ? {3.6} : {$compatibility_level}}\nsmtp_tls_security_le|vel = may\n'), /compatibility level not known\)/);
  });
});
