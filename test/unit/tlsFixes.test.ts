// Every quick fix the TLS rules offer, taken the way an editor takes it: the diagnostic from
// validate(), the code action from getCodeActions(), its edits applied to each document it
// touches; then the pair is validated again.
import * as assert from 'node:assert/strict';
import { getLanguageService } from '../../server/src/service/languageService';
import { actionsFor, applyEdit, assertFixed, Config, diagnosticsOf, docsOf, Docs, FileKind, fix, lintDocs, newErrors, ofRule, PICKUP, SMTPD, SMTPS, SUBMISSION } from './tlsSpec';

const CERTS = 'smtpd_tls_chain_files = /etc/ssl/private/mail.key, /etc/ssl/certs/mail.pem\n';
const BASE = `compatibility_level = 3.11\nsmtpd_tls_security_level = may\n${CERTS}`;

/** The lines of `before` appear unchanged and in order in `after`. */
function keepsLines(before: string, after: string, except: RegExp[] = []): void {
  const lines = after.split('\n');
  let at = 0;
  for (const l of before.split('\n')) {
    if (l === '' || except.some((re) => re.test(l))) continue;
    const i = lines.indexOf(l, at);
    assert.ok(i >= 0, `line lost or reordered: ${JSON.stringify(l)}\n--- after\n${after}`);
    at = i + 1;
  }
}

function count(text: string, re: RegExp): number {
  return (text.match(new RegExp(re.source, 'gm')) ?? []).length;
}

describe('TLS quick fixes: server block', () => {
  it('server-tls-off inserts the block for 3.11 where the finding is shown: chain files, port 25 opportunistic (default protocols), >=TLSv1.2 where TLS is required; comments and continuations kept', () => {
    const main = 'compatibility_level = 3.11\n# My mail server\nmyhostname = mx.example.com\nrelay_domains =\n    example.com,\n    example.net\n';
    const r = fix({ main, master: SMTPD + PICKUP }, 'server-tls-off');
    assertFixed(r, 'server-tls-off');
    const t = r.texts.main!;
    assert.match(t, /^smtpd_tls_chain_files = \/etc\/ssl\/private\/mail\.key, \/etc\/ssl\/certs\/mail\.pem$/m);
    assert.match(t, /^smtpd_tls_security_level = may$/m);
    assert.doesNotMatch(t, /^smtpd_tls_protocols/m, 'port 25 keeps the default >=TLSv1');
    assert.match(t, /^smtpd_tls_mandatory_protocols = >=TLSv1\.2$/m);
    assert.match(t, /^smtpd_tls_auth_only = yes$/m);
    // The finding sits on the first definition (line 1): the block goes right above it, in view.
    assert.ok(t.startsWith('# TLS for incoming mail'), t);
    assert.doesNotMatch(t, /smtpd_tls_cert_file/);
    keepsLines(main, t);
    assert.equal(r.texts.master, SMTPD + PICKUP, 'master.cf untouched');
    assert.deepEqual(ofRule(r.after, 'missing-server-cert'), []);
    assert.deepEqual(ofRule(r.after, 'duplicate-parameter'), []);
    assert.deepEqual(ofRule(r.after, 'accidental-continuation'), []);
  });

  it('server-tls-off for 3.3 (setting): cert_file + key_file and an exclusion list', () => {
    const r = fix({ main: 'mydestination = example.com\nmyhostname = mx.example.com', settings: { targetVersion: '3.3' } }, 'server-tls-off');
    assertFixed(r, 'server-tls-off');
    const t = r.texts.main!;
    assert.match(t, /^myhostname = mx\.example\.com$/m, 'the last line without newline is kept whole');
    assert.match(t, /^smtpd_tls_cert_file = \/etc\/ssl\/certs\/mail\.pem$/m);
    assert.match(t, /^smtpd_tls_key_file = \/etc\/ssl\/private\/mail\.key$/m);
    assert.match(t, /^smtpd_tls_protocols = !SSLv2, !SSLv3$/m);
    assert.match(t, /^smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1\.1$/m);
    assert.doesNotMatch(t, />=/);
    assert.doesNotMatch(t, /chain_files/);
    assert.deepEqual(r.after.filter((f) => f.rule === 'version-mismatch' || f.rule === 'protocol-invalid'), []);
  });

  it('server-tls-off for 3.5 (compatibility_level): chain files but no ranges', () => {
    const r = fix({ main: 'compatibility_level = 3.5\nmydestination = example.com\n' }, 'server-tls-off');
    assertFixed(r, 'server-tls-off');
    assert.match(r.texts.main!, /^smtpd_tls_chain_files = /m);
    assert.match(r.texts.main!, /^smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1\.1$/m);
    assert.deepEqual(ofRule(r.after, 'protocol-invalid'), []);
  });

  it('a CRLF main.cf and master.cf stay CRLF', () => {
    let r = fix({ main: 'compatibility_level = 3.11\r\nmydestination = example.com\r\nmyhostname = mx.example.com\r\n' }, 'server-tls-off');
    assertFixed(r, 'server-tls-off');
    assert.doesNotMatch(r.texts.main!, /[^\r]\n/, 'every added line ends in CRLF');
    r = fix({ main: BASE, master: `${SMTPD.trimEnd()}\r\n${SMTPS.trimEnd()}\r\n` }, 'submissions-no-wrapper');
    assertFixed(r, 'submissions-no-wrapper');
    assert.equal(r.texts.master, `${SMTPD.trimEnd()}\r\n${SMTPS.trimEnd()}\r\n  -o smtpd_tls_wrappermode=yes\r\n`);
  });

  it('server-tls-off raises an existing "none" in place and keeps the certificate that is there', () => {
    const main = 'compatibility_level = 3.11\nsmtpd_tls_security_level = none\nsmtpd_tls_cert_file = /etc/ssl/certs/mx.pem\nsmtpd_tls_key_file = /etc/ssl/private/mx.key\n';
    const r = fix({ main }, 'server-tls-off');
    assertFixed(r, 'server-tls-off');
    const t = r.texts.main!;
    assert.equal(count(t, /^smtpd_tls_security_level\b/), 1);
    assert.match(t, /^smtpd_tls_security_level = may$/m);
    assert.doesNotMatch(t, /chain_files/, 'no second certificate next to the one configured');
    assert.match(t, /^smtpd_tls_cert_file = \/etc\/ssl\/certs\/mx\.pem$/m);
    assert.deepEqual(ofRule(r.after, 'duplicate-parameter'), []);
  });

  it('missing-server-cert adds chain files (3.11) or cert + key (3.3)', () => {
    let r = fix({ main: 'compatibility_level = 3.11\nsmtpd_tls_security_level = may\n', master: SMTPD }, 'missing-server-cert');
    assertFixed(r, 'missing-server-cert');
    assert.match(r.texts.main!, /^smtpd_tls_chain_files = \/etc\/ssl\/private\/mail\.key, \/etc\/ssl\/certs\/mail\.pem$/m);
    r = fix({ main: 'smtpd_tls_security_level = may\n', settings: { targetVersion: '3.3' } }, 'missing-server-cert');
    assertFixed(r, 'missing-server-cert');
    assert.match(r.texts.main!, /^smtpd_tls_cert_file = /m);
    assert.match(r.texts.main!, /^smtpd_tls_key_file = /m);
  });

  it('chain-plus-legacy removes the ignored legacy parameter with its continuation line', () => {
    const main = `${BASE}smtpd_tls_cert_file =\n    /etc/ssl/certs/old.pem\n# keep me\nsmtpd_tls_loglevel = 1\n`;
    const r = fix({ main }, 'chain-plus-legacy');
    assertFixed(r, 'chain-plus-legacy');
    assert.equal(r.texts.main, `${BASE}# keep me\nsmtpd_tls_loglevel = 1\n`);
  });
});

describe('TLS quick fixes: where TLS is required', () => {
  const master = `${SMTPD}${SUBMISSION}  -o syslog_name=postfix/submission\n  -o smtpd_sasl_auth_enable=yes\n# the end of submission\n${PICKUP}`;

  it('mx-requires-tls: "may" in main.cf and "encrypt" moved into the submission -o (cross-file edit)', () => {
    const main = `compatibility_level = 3.11\nsmtpd_tls_security_level = encrypt\n${CERTS}smtpd_tls_auth_only = yes\n`;
    const r = fix({ main, master }, 'mx-requires-tls');
    assertFixed(r, 'mx-requires-tls');
    const changes = r.action.edit!.changes!;
    assert.deepEqual(Object.keys(changes).sort(), ['file:///etc/postfix/main.cf', 'file:///etc/postfix/master.cf']);
    assert.match(r.texts.main!, /^smtpd_tls_security_level = may$/m);
    assert.equal(r.texts.master, `${SMTPD}${SUBMISSION}  -o syslog_name=postfix/submission\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_tls_security_level=encrypt\n# the end of submission\n${PICKUP}`);
    // Submission still requires TLS, port 25 is opportunistic.
    assert.deepEqual(ofRule(r.after, 'sasl-plaintext'), []);
    assert.deepEqual(r.after.filter((f) => f.severity === 'error'), []);
  });

  it('mx-requires-tls: a submission that already sets its level is left alone', () => {
    const m = `${SMTPD}${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n`;
    const r = fix({ main: `compatibility_level = 3.11\nsmtpd_tls_security_level = encrypt\n${CERTS}`, master: m }, 'mx-requires-tls');
    assertFixed(r, 'mx-requires-tls');
    assert.equal(r.texts.master, m);
    assert.deepEqual(Object.keys(r.action.edit!.changes!), ['file:///etc/postfix/main.cf']);
  });

  it('mx-requires-tls: -o encrypt on port 25 becomes may; main.cf wrappermode becomes no', () => {
    let r = fix({ main: BASE, master: `${SMTPD}  -o smtpd_tls_security_level=encrypt\n` }, 'mx-requires-tls');
    assertFixed(r, 'mx-requires-tls');
    assert.equal(r.texts.master, `${SMTPD}  -o smtpd_tls_security_level=may\n`);
    r = fix({ main: `${BASE}smtpd_tls_wrappermode = yes\n`, master: SMTPD }, 'mx-requires-tls');
    assertFixed(r, 'mx-requires-tls');
    assert.match(r.texts.main!, /^smtpd_tls_wrappermode = no$/m);
  });

  it('submissions-no-wrapper adds -o smtpd_tls_wrappermode=yes (also at the end of a file without newline)', () => {
    let r = fix({ main: BASE, master: `${SMTPD}${SMTPS}  -o syslog_name=postfix/smtps\n${PICKUP}` }, 'submissions-no-wrapper');
    assertFixed(r, 'submissions-no-wrapper');
    assert.equal(r.texts.master, `${SMTPD}${SMTPS}  -o syslog_name=postfix/smtps\n  -o smtpd_tls_wrappermode=yes\n${PICKUP}`);
    r = fix({ main: BASE, master: SMTPD + SMTPS.trimEnd() }, 'submissions-no-wrapper');
    assertFixed(r, 'submissions-no-wrapper');
    assert.equal(r.texts.master, `${SMTPD}${SMTPS}  -o smtpd_tls_wrappermode=yes\n`);
  });

  it('submissions-no-wrapper edits an existing -o smtpd_tls_wrappermode=no instead of adding another', () => {
    const r = fix({ main: BASE, master: `${SMTPD}submissions inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=no\n` }, 'submissions-no-wrapper');
    assertFixed(r, 'submissions-no-wrapper');
    assert.equal(r.texts.master, `${SMTPD}submissions inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n`);
  });

  it('sasl-plaintext sets smtpd_tls_auth_only where it takes effect', () => {
    // main.cf AUTH: a main.cf line.
    let r = fix({ main: `${BASE}smtpd_sasl_auth_enable = yes\n`, master: SMTPD }, 'sasl-plaintext');
    assertFixed(r, 'sasl-plaintext');
    assert.match(r.texts.main!, /^smtpd_tls_auth_only = yes$/m);
    // -o AUTH on submission: an -o there.
    r = fix({ main: BASE, master: `${SMTPD}${SUBMISSION}  -o smtpd_sasl_auth_enable=yes\n` }, 'sasl-plaintext');
    assertFixed(r, 'sasl-plaintext');
    assert.equal(r.texts.master, `${SMTPD}${SUBMISSION}  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_tls_auth_only=yes\n`);
    // main.cf AUTH, but the service turns auth_only off with -o: that -o is what must change.
    r = fix({ main: `${BASE}smtpd_sasl_auth_enable = yes\nsmtpd_tls_auth_only = yes\n`, master: `${SMTPD}${SUBMISSION}  -o smtpd_tls_auth_only=no\n` }, 'sasl-plaintext');
    assertFixed(r, 'sasl-plaintext');
    assert.equal(r.texts.master, `${SMTPD}${SUBMISSION}  -o smtpd_tls_auth_only=yes\n`);
  });

  it('client-wrapper-level edits the existing smtp_tls_security_level instead of adding a duplicate', () => {
    const main = 'compatibility_level = 3.11\nrelayhost = [relay.example.com]:465\nsmtp_tls_security_level = may\nsmtp_tls_wrappermode = yes\n';
    const r = fix({ main }, 'client-wrapper-level');
    assertFixed(r, 'client-wrapper-level');
    assert.equal(r.texts.main, 'compatibility_level = 3.11\nrelayhost = [relay.example.com]:465\nsmtp_tls_security_level = encrypt\nsmtp_tls_wrappermode = yes\n');
    assert.deepEqual(ofRule(r.after, 'duplicate-parameter'), []);
  });

  it('client-wrapper-level on a transport adds the -o to that transport', () => {
    const m = `${SMTPD}relay465  unix  -       -       y       -       -       smtp\n  -o smtp_tls_wrappermode=yes\n`;
    const r = fix({ main: BASE, master: m }, 'client-wrapper-level');
    assertFixed(r, 'client-wrapper-level');
    assert.equal(r.texts.master, `${m}  -o smtp_tls_security_level=encrypt\n`);
  });
});

describe('TLS quick fixes: protocols', () => {
  it('weak-protocol-ssl on opportunistic port 25 removes SSL and keeps every TLS version (>=TLSv1)', () => {
    const r = fix({ main: `${BASE}smtpd_tls_protocols = !SSLv2\n` }, 'weak-protocol-ssl');
    assertFixed(r, 'weak-protocol-ssl');
    assert.match(r.texts.main!, /^smtpd_tls_protocols = >=TLSv1$/m);
    assert.equal(count(r.texts.main!, /^smtpd_tls_protocols\b/), 1);
  });

  it('weak-protocol-tls10 on submission adds the list that is in use, in the target syntax', () => {
    let r = fix({ main: `${BASE}smtpd_tls_protocols = !SSLv2, !SSLv3\n`, master: SMTPD + SUBMISSION }, 'weak-protocol-tls10', { which: 'smtpd_tls_protocols' });
    assertFixed(r, 'weak-protocol-tls10');
    assert.match(r.texts.main!, /^smtpd_tls_protocols = >=TLSv1\.2$/m);
    r = fix({ main: `compatibility_level = 3.5\nsmtpd_tls_security_level = may\n${CERTS}smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3\n`, master: `${SMTPD}${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n` }, 'weak-protocol-tls10', { which: 'smtpd_tls_mandatory_protocols' });
    assertFixed(r, 'weak-protocol-tls10');
    assert.match(r.texts.main!, /^smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1\.1$/m);
  });

  it('weak-protocol-tls10 edits a value written over continuation lines', () => {
    const main = `${BASE}smtpd_tls_mandatory_protocols = !SSLv2,\n    !SSLv3\n# after\nsmtpd_tls_loglevel = 1\n`;
    const r = fix({ main, master: `${SMTPD}${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n` }, 'weak-protocol-tls10', { which: 'smtpd_tls_mandatory_protocols' });
    assertFixed(r, 'weak-protocol-tls10');
    assert.equal(r.texts.main, `${BASE}smtpd_tls_mandatory_protocols = >=TLSv1.2\n# after\nsmtpd_tls_loglevel = 1\n`);
  });

  it('protocol-invalid: a blank after >= is joined; a range before 3.6 becomes exclusions', () => {
    let r = fix({ main: `${BASE}smtpd_tls_protocols = >= TLSv1.2\n` }, 'protocol-invalid');
    assertFixed(r, 'protocol-invalid');
    assert.match(r.texts.main!, /^smtpd_tls_protocols = >=TLSv1\.2$/m);
    assert.ok(r.action.isPreferred);
    r = fix({ main: `${CERTS}smtpd_tls_security_level = may\nsmtp_tls_security_level = may\nsmtp_tls_protocols = >=TLSv1.2\n`, settings: { targetVersion: '3.5' } }, 'protocol-invalid');
    assertFixed(r, 'protocol-invalid');
    assert.match(r.texts.main!, /^smtp_tls_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1\.1$/m);
    r = fix({ main: `${BASE}smtpd_tls_protocols = !SSLv2, !TLSv1.4\n` }, 'protocol-invalid', { title: 'Set smtpd_tls_protocols' });
    assertFixed(r, 'protocol-invalid');
  });

  it('protocol-gap and protocol-legacy-syntax rewrite the list', () => {
    let r = fix({ main: `${BASE}smtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1.1\n` }, 'protocol-gap');
    assertFixed(r, 'protocol-gap');
    assert.match(r.texts.main!, /^smtpd_tls_protocols = >=TLSv1\.2$/m);
    r = fix({ main: `${BASE}smtp_tls_protocols = !SSLv2, !SSLv3, !TLSv1\n` }, 'protocol-legacy-syntax');
    assertFixed(r, 'protocol-legacy-syntax');
    assert.match(r.texts.main!, /^smtp_tls_protocols = >=TLSv1\.1$/m, 'the same set, written as a range');
  });
});

describe('TLS quick fixes: ciphers and key exchange', () => {
  for (const [rule, line] of [
    ['weak-cipher-grade', 'smtpd_tls_ciphers = export'],
    ['null-cipher', 'smtpd_tls_mandatory_ciphers = null'],
    ['invalid-grade', 'smtp_tls_mandatory_ciphers = HIGH:!aNULL'],
    ['high-opportunistic', 'smtpd_tls_ciphers = high'],
  ] as const) {
    it(`${rule} sets the grade to medium`, () => {
      const r = fix({ main: `${BASE}${line}\nsmtpd_tls_loglevel = 1\n` }, rule);
      assertFixed(r, rule);
      assert.equal(r.texts.main, `${BASE}${line.replace(/=.*/, '= medium')}\nsmtpd_tls_loglevel = 1\n`);
    });
  }

  for (const [rule, line] of [
    ['dh-param-file', 'smtpd_tls_dh1024_param_file = ${config_directory}/dh2048.pem'],
    ['cipherlist-override', 'tls_high_cipherlist = ECDHE+AESGCM'],
    ['ignored-parameter', 'smtpd_tls_eecdh_grade = strong'],
    ['curves-override', 'tls_eecdh_auto_curves = secp384r1'],
  ] as const) {
    it(`${rule} removes the line, keeping comments and continuations around it`, () => {
      const main = `${BASE}# before\nsmtpd_tls_exclude_ciphers = aNULL,\n    RC4\n${line}\n# after\nsmtpd_tls_loglevel = 1\n`;
      const r = fix({ main }, rule);
      assertFixed(r, rule);
      assert.equal(r.texts.main, `${BASE}# before\nsmtpd_tls_exclude_ciphers = aNULL,\n    RC4\n# after\nsmtpd_tls_loglevel = 1\n`);
    });
  }

  it('dh-param-file given with -o on the service line removes only that -o', () => {
    const r = fix({ main: BASE, master: `smtp inet n - y - - smtpd -o smtpd_tls_dh1024_param_file=/etc/postfix/dh.pem\n${PICKUP}` }, 'dh-param-file');
    assertFixed(r, 'dh-param-file');
    assert.equal(r.texts.master, `smtp inet n - y - - smtpd\n${PICKUP}`);
  });

  it('dh-param-file: a definition with a continuation line is removed whole, also as the last line', () => {
    const r = fix({ main: `${BASE}smtpd_tls_dh1024_param_file =\n    /etc/postfix/dh2048.pem` }, 'dh-param-file');
    assertFixed(r, 'dh-param-file');
    assert.equal(r.texts.main, BASE.trimEnd());
    assert.deepEqual(ofRule(r.after, 'syntax'), []);
  });
});

describe('TLS quick fixes: client, DANE, verification', () => {
  it('client-no-tls inserts the client block', () => {
    const main = 'myhostname = mx.example.com\n# relay\nrelayhost =\n';
    const r = fix({ main }, 'client-no-tls');
    assertFixed(r, 'client-no-tls');
    const t = r.texts.main!;
    assert.match(t, /^smtp_tls_security_level = may$/m);
    assert.match(t, /^smtp_tls_loglevel = 1$/m);
    assert.match(t, /^smtp_tls_session_cache_database = btree:\$\{data_directory\}\/smtp_scache$/m);
    keepsLines(main, t);
    assert.deepEqual(ofRule(r.after, 'session-cache'), []);
  });

  it('client-no-tls raises an existing "none" in place and keeps the admin\'s other settings', () => {
    const main = 'compatibility_level = 3.11\nsmtp_tls_security_level = none\nsmtp_tls_loglevel = 0\n';
    const r = fix({ main }, 'client-no-tls');
    assertFixed(r, 'client-no-tls');
    const t = r.texts.main!;
    assert.equal(count(t, /^smtp_tls_security_level\b/), 1);
    assert.equal(count(t, /^smtp_tls_loglevel\b/), 1);
    assert.match(t, /^smtp_tls_loglevel = 0$/m);
    assert.deepEqual(ofRule(r.after, 'duplicate-parameter'), []);
  });

  it('dane-no-dnssec adds smtp_dns_support_level = dnssec, or edits the one there', () => {
    let r = fix({ main: 'compatibility_level = 3.11\nsmtp_tls_security_level = dane\n' }, 'dane-no-dnssec');
    assertFixed(r, 'dane-no-dnssec');
    assert.match(r.texts.main!, /^smtp_dns_support_level = dnssec$/m);
    r = fix({ main: 'compatibility_level = 3.11\nsmtp_dns_support_level = enabled\nsmtp_tls_security_level = dane\n' }, 'dane-no-dnssec');
    assertFixed(r, 'dane-no-dnssec');
    assert.equal(r.texts.main, 'compatibility_level = 3.11\nsmtp_dns_support_level = dnssec\nsmtp_tls_security_level = dane\n');
  });

  it('enforce-silently-ignored sets the level explicitly', () => {
    const r = fix({ main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]\nsmtp_enforce_tls = yes\n' }, 'enforce-silently-ignored');
    assertFixed(r, 'enforce-silently-ignored');
    assert.match(r.texts.main!, /^smtp_tls_security_level = encrypt$/m);
  });

  it('client-mandatory-global uses may', () => {
    const r = fix({ main: 'compatibility_level = 3.11\nsmtp_tls_security_level = encrypt\n' }, 'client-mandatory-global');
    assertFixed(r, 'client-mandatory-global');
    assert.equal(r.texts.main, 'compatibility_level = 3.11\nsmtp_tls_security_level = may\n');
  });

  it('verify-no-trust sets a CA file', () => {
    const r = fix({ main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]\nsmtp_tls_security_level = verify\n' }, 'verify-no-trust');
    assertFixed(r, 'verify-no-trust');
    assert.match(r.texts.main!, /^smtp_tls_CAfile = \/etc\/ssl\/certs\/ca-certificates\.crt$/m);
  });

  it('secure-hostname uses nexthop, dot-nexthop', () => {
    const r = fix({ main: 'compatibility_level = 3.11\nsmtp_tls_secure_cert_match = hostname\n' }, 'secure-hostname');
    assertFixed(r, 'secure-hostname');
    assert.equal(r.texts.main, 'compatibility_level = 3.11\nsmtp_tls_secure_cert_match = nexthop, dot-nexthop\n');
  });

  it('weak-fp-digest: an explicit digest is replaced, a weak default is overridden', () => {
    let r = fix({ main: 'compatibility_level = 3.11\nsmtp_tls_fingerprint_digest = md5\n' }, 'weak-fp-digest');
    assertFixed(r, 'weak-fp-digest');
    assert.equal(r.texts.main, 'compatibility_level = 3.11\nsmtp_tls_fingerprint_digest = sha256\n');
    r = fix({ main: 'compatibility_level = 3.5\nrelayhost = [relay.example.com]\nsmtp_tls_security_level = fingerprint\nsmtp_tls_fingerprint_cert_match = AA:BB\n' }, 'weak-fp-digest');
    assertFixed(r, 'weak-fp-digest');
    assert.match(r.texts.main!, /^smtp_tls_fingerprint_digest = sha256$/m);
  });
});

describe('TLS quick fixes: operation and logging', () => {
  it('verbose-loglevel sets 1', () => {
    const r = fix({ main: `${BASE}smtpd_tls_loglevel = 3\n` }, 'verbose-loglevel');
    assertFixed(r, 'verbose-loglevel');
    assert.equal(r.texts.main, `${BASE}smtpd_tls_loglevel = 1\n`);
  });

  it('session-cache: an -o cache is removed from master.cf; a missing client cache is added', () => {
    let r = fix({ main: BASE, master: `${SMTPD}  -o smtpd_tls_session_cache_database=btree:/x\n  -o smtpd_tls_loglevel=1\n` }, 'session-cache', { file: 'master' });
    assertFixed(r, 'session-cache', 'master');
    assert.equal(r.texts.master, `${SMTPD}  -o smtpd_tls_loglevel=1\n`);
    // On the service line itself, as "-oname=value", and in the { } form of Postfix 3.0.
    r = fix({ main: BASE, master: `smtp inet n - y - - smtpd -o smtpd_tls_session_cache_database=btree:/x -o smtpd_tls_loglevel=1\n` }, 'session-cache', { file: 'master' });
    assertFixed(r, 'session-cache', 'master');
    assert.equal(r.texts.master, 'smtp inet n - y - - smtpd -o smtpd_tls_loglevel=1\n');
    r = fix({ main: BASE, master: `${SMTPD}  -osmtpd_tls_session_cache_database=btree:/x -o smtpd_tls_loglevel=1\n` }, 'session-cache', { file: 'master' });
    assertFixed(r, 'session-cache', 'master');
    assert.equal(r.texts.master, `${SMTPD}  -o smtpd_tls_loglevel=1\n`);
    r = fix({ main: BASE, master: `${SMTPD}  -o { smtpd_tls_session_cache_database = btree:/x }\n${PICKUP}` }, 'session-cache', { file: 'master' });
    assertFixed(r, 'session-cache', 'master');
    assert.equal(r.texts.master, SMTPD + PICKUP);
    r = fix({ main: `${BASE}smtp_tls_security_level = may\n` }, 'session-cache');
    assertFixed(r, 'session-cache');
    assert.match(r.texts.main!, /^smtp_tls_session_cache_database = btree:\$\{data_directory\}\/smtp_scache$/m);
  });
});

/** Configurations rich in fixable findings, for the properties below. */
const WEAK: Config[] = [
  {
    main: 'compatibility_level = 3.11\n# A weak but realistic configuration\nsmtpd_tls_security_level = encrypt\n' + CERTS +
      'smtpd_tls_mandatory_protocols = !SSLv2,\n    !SSLv3\nsmtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1.1\nsmtpd_tls_ciphers = export\nsmtpd_tls_mandatory_ciphers = null\n' +
      'smtp_tls_security_level = dane\nsmtp_tls_loglevel = 4\nsmtpd_tls_dh1024_param_file = /etc/postfix/dh2048.pem\nsmtpd_tls_eecdh_grade = strong\n' +
      'smtp_tls_secure_cert_match = hostname\nsmtpd_sasl_auth_enable = yes\ntls_eecdh_auto_curves = secp521r1\nsmtp_tls_mandatory_protocols = >= TLSv1.2\n' +
      'tls_high_cipherlist = ECDHE+AESGCM\nsmtpd_tls_cert_file = /etc/ssl/certs/old.pem\n',
    master: `${SMTPD}${SUBMISSION}  -o smtpd_sasl_auth_enable=yes\n${SMTPS}  -o smtpd_tls_session_cache_database=btree:/x\n${PICKUP}`,
  },
  {
    main: 'myhostname = mx.example.com\n' + CERTS + 'smtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1.1\nsmtp_tls_mandatory_protocols = !SSLv2, !SSLv3, !TLSv1\nsmtp_tls_wrappermode = yes\nsmtpd_tls_loglevel = 2\n',
    master: `${SMTPD}  -o smtpd_tls_security_level=encrypt\nsubmissions inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=no\n`,
  },
  {
    main: 'compatibility_level = 3.5\nsmtpd_tls_security_level = may\n' + CERTS + 'smtpd_tls_protocols = >=TLSv1.2\nsmtp_tls_security_level = fingerprint\nsmtp_tls_fingerprint_cert_match = AA:BB\nsmtp_tls_ciphers = low\n',
  },
  {
    main: 'compatibility_level = 3.11\n' + CERTS + 'smtp_enforce_tls = yes\nsmtp_tls_fingerprint_digest = sha1\nsmtpd_tls_security_level = verify\nsmtp_tls_security_level = verify\n',
    master: SMTPD,
  },
];

describe('TLS quick fixes: every offered fix works', () => {
  it('each fix of each TLS diagnostic removes it and adds no error', () => {
    const ls = getLanguageService();
    let tried = 0;
    for (const c of WEAK) {
      const docs = docsOf(c);
      const before = lintDocs(docs, c.settings, ls);
      for (const kind of ['main', 'master'] as const) {
        if (!docs[kind]) continue;
        for (const diag of diagnosticsOf(docs, kind, c.settings, ls)) {
          for (const action of actionsFor(docs, kind, diag, c.settings, ls)) {
            const after = lintDocs(applyEdit(docs, action), c.settings, ls);
            const same = (f: { rule: string; file: FileKind }) => f.rule === diag.code && f.file === kind;
            assert.ok(after.filter(same).length < before.filter(same).length, `"${action.title}" did not fix ${diag.code}: ${diag.message}`);
            assert.deepEqual(newErrors({ before, after }).map((f) => `${f.rule}: ${f.message}`), [], `new errors after "${action.title}" for ${diag.code}`);
            tried++;
          }
        }
      }
    }
    assert.ok(tried >= 30, `only ${tried} fixes tried`);
    console.log(`      ${tried} quick fixes applied and re-validated`);
  });
});

describe('TLS quick fixes: fix all', () => {
  /** Runs the fix-all source action on each document in turn until nothing changes. */
  function fixAll(c: Config): { docs: Docs; rounds: number } {
    const ls = getLanguageService();
    let docs = docsOf(c);
    let rounds = 0;
    for (; rounds < 10; rounds++) {
      let changed = false;
      for (const kind of ['main', 'master'] as const) {
        const d = docs[kind];
        if (!d) continue;
        const whole = { start: { line: 0, character: 0 }, end: d.positionAt(d.getText().length) };
        const actions = ls.getCodeActions(d, whole, diagnosticsOf(docs, kind, c.settings, ls), { main: docs.main, master: docs.master }, c.settings, ['source.fixAll']);
        assert.ok(actions.every((a) => a.kind === 'source.fixAll.postfix'), 'only the fix-all action is returned for only: [source.fixAll]');
        if (!actions.length) continue;
        assert.equal(actions.length, 1);
        docs = applyEdit(docs, actions[0]);
        changed = true;
      }
      if (!changed) break;
    }
    return { docs, rounds };
  }

  for (const [i, c] of WEAK.entries()) {
    it(`weak configuration ${i + 1}: no auto-fixable finding and no error remain`, () => {
      const { docs, rounds } = fixAll(c);
      assert.ok(rounds < 10, 'fix-all did not settle');
      const after = lintDocs(docs, c.settings);
      const texts = `--- main.cf\n${docs.main?.getText() ?? ''}--- master.cf\n${docs.master?.getText() ?? ''}`;
      assert.deepEqual(after.filter((f) => f.severity === 'error').map((f) => `${f.file} ${f.rule}: ${f.message}`), [], texts);
      assert.deepEqual(after.filter((f) => f.fixes?.some((p) => p.preferred)).map((f) => `${f.file} ${f.rule}: ${f.message}`), [], texts);
      assert.deepEqual(ofRule(after, 'duplicate-parameter'), [], texts);
    });
  }
});
