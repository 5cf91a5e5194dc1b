// Every TLS rule of the catalogue (server/src/service/rules/catalogue.ts): a configuration that triggers it,
// asserted by id, severity, file, range and a message naming the effective value and where it
// comes from, and a near miss that must stay quiet.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleIds } from '../../server/src/service/rules/catalogue';
import { getLanguageService } from '../../server/src/service/languageService';
import { covered, docsOf, expectFinding, expectNone, lint, lintDocs, ofRule, POSTSCREEN, rangeInside, SMTPD, SMTPS, SUBMISSION } from './tlsSpec';

/** The TLS rule ids that judge the configuration text (the file-reading ones are in certificates.test.ts). */
const TLS_RULES: readonly string[] = ruleIds((r) => r.family === 'tls' && !r.readsFiles);

const CERTS = 'smtpd_tls_chain_files = /etc/ssl/private/mail.key, /etc/ssl/certs/mail.pem\n';
/** A main.cf that offers STARTTLS with a certificate: the server rules stay quiet on it. */
const BASE = `compatibility_level = 3.11\nsmtpd_tls_security_level = may\n${CERTS}`;

describe('TLS rules: server certificates and keys', () => {
  it('server-tls-off: level left at its empty default, reported on the first definition (where the block goes), never on a comment', () => {
    const fs = lint({ main: '# main.cf\ncompatibility_level = 3.11\nmydestination = $myhostname, example.com\n' });
    expectFinding(fs, 'server-tls-off', { severity: 'warning', file: 'main', line: 1, text: 'compatibility_level', message: ['smtpd_tls_security_level is empty (not set', 'default of Postfix 3.11'] });
  });

  it('server-tls-off: left at its default, reported on the last smtpd_tls_ line (the TLS block the admin keeps)', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nsmtpd_tls_cert_file = /etc/ssl/certs/mx.pem\nsmtpd_tls_key_file = /etc/ssl/private/mx.key\nmyhostname = mx\n' });
    expectFinding(fs, 'server-tls-off', { severity: 'warning', file: 'main', line: 2, text: 'smtpd_tls_key_file' });
  });

  it('server-tls-off near miss: inet_interfaces on loopback only (a null client), with or without master.cf', () => {
    for (const ifs of ['loopback-only', 'localhost', '127.0.0.1, [::1]', '127.0.0.1']) {
      expectNone(lint({ main: `compatibility_level = 3.11\ninet_interfaces = ${ifs}\n` }), 'server-tls-off', ifs);
      expectNone(lint({ main: `compatibility_level = 3.11\ninet_interfaces = ${ifs}\n`, master: SMTPD }), 'server-tls-off', ifs);
    }
    expectFinding(lint({ main: 'compatibility_level = 3.11\ninet_interfaces = all\nmydestination = example.com\n' }), 'server-tls-off', { severity: 'warning', file: 'main', line: 0 });
  });

  it('server findings only for services other hosts reach: a 127.0.0.1:10025 content-filter return port is not an MX', () => {
    const master = `${SMTPD}127.0.0.1:10025 inet n - n - - smtpd\n  -o smtpd_tls_security_level=none\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_tls_protocols=!SSLv2\n[::1]:10026 inet n - n - - smtpd\n  -o smtpd_tls_mandatory_protocols=!SSLv2\n  -o smtpd_tls_security_level=encrypt\n`;
    const fs = lint({ main: BASE, master }).filter((f) => f.file === 'master');
    assert.deepEqual(fs.map((f) => f.rule), []);
  });

  it('server-tls-off: "none" in main.cf, reported on the value', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nsmtpd_tls_security_level = none\n', master: SMTPD });
    expectFinding(fs, 'server-tls-off', { severity: 'warning', file: 'main', line: 1, text: 'none', message: ['"none"', 'main.cf line 2'] });
  });

  it('server-tls-off: "none" given to port 25 with -o is reported in master.cf', () => {
    const fs = lint({ main: BASE, master: `${SMTPD}  -o smtpd_tls_security_level=none\n` });
    expectFinding(fs, 'server-tls-off', { severity: 'warning', file: 'master', line: 1, text: 'none', message: ['"none"', 'master.cf line 2 `-o` of smtp/inet'] });
  });

  it('server-tls-off near miss: level may (main.cf) or -o on the port-25 service; a host without a port-25 smtpd', () => {
    expectNone(lint({ main: BASE, master: SMTPD }), 'server-tls-off');
    expectNone(lint({ main: `compatibility_level = 3.11\n${CERTS}`, master: `${SMTPD}  -o smtpd_tls_security_level=may\n` }), 'server-tls-off');
    // A submission-only host (no port 25 listener) is no MX.
    expectNone(lint({ main: 'compatibility_level = 3.11\n', master: `${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n` }), 'server-tls-off');
  });

  it('missing-server-cert: TLS offered without certificate, once for all servers that inherit the level', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nsmtpd_tls_security_level = may\n', master: SMTPD + SUBMISSION });
    expectFinding(fs, 'missing-server-cert', { severity: 'error', file: 'main', line: 1, text: 'smtpd_tls_security_level', message: ['level "may", main.cf line 2', 'No server certs available'] });
    assert.equal(ofRule(fs, 'missing-server-cert').length, 1);
  });

  it('missing-server-cert: encrypt on submission via -o is reported at the -o', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\n', master: SMTPD + `${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n` });
    expectFinding(fs, 'missing-server-cert', { severity: 'error', file: 'master', line: 2, text: 'smtpd_tls_security_level', message: ['level "encrypt", master.cf line 3 `-o` of submission/inet', 'submission service (587)'] });
  });

  it('missing-server-cert: the server level "verify" acts as "encrypt" and needs a certificate too', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nsmtpd_tls_security_level = verify\n' });
    expectFinding(fs, 'missing-server-cert', { severity: 'error', file: 'main', line: 1, message: ['level "verify"'] });
  });

  it('missing-server-cert near miss: chain files, a legacy cert file or an ECDSA cert file; level none', () => {
    expectNone(lint({ main: BASE }), 'missing-server-cert');
    expectNone(lint({ main: 'smtpd_tls_security_level = may\nsmtpd_tls_cert_file = /etc/ssl/certs/mail.pem\nsmtpd_tls_key_file = /etc/ssl/private/mail.key\n' }), 'missing-server-cert');
    expectNone(lint({ main: 'smtpd_tls_security_level = may\nsmtpd_tls_eccert_file = /etc/ssl/certs/ec.pem\n' }), 'missing-server-cert');
    expectNone(lint({ main: 'smtpd_tls_security_level = none\n' }), 'missing-server-cert');
  });

  it('chain-plus-legacy: a legacy cert file next to smtpd_tls_chain_files', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_cert_file = /etc/ssl/certs/old.pem\n` });
    expectFinding(fs, 'chain-plus-legacy', { severity: 'warning', file: 'main', line: 3, text: 'smtpd_tls_cert_file', message: ['smtpd_tls_cert_file (main.cf line 4)', 'smtpd_tls_chain_files is set (main.cf line 3)'] });
  });

  it('chain-plus-legacy near miss: chain files alone, or a legacy file with an empty chain list', () => {
    expectNone(lint({ main: BASE }), 'chain-plus-legacy');
    expectNone(lint({ main: 'smtpd_tls_chain_files =\nsmtpd_tls_cert_file = /etc/ssl/certs/mail.pem\n' }), 'chain-plus-legacy');
  });

  it('legacy-cert-params: only cert_file/key_file on a target that has chain_files (3.4+)', () => {
    const main = 'compatibility_level = 3.11\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = /etc/ssl/certs/mail.pem\nsmtpd_tls_key_file = /etc/ssl/private/mail.key\n';
    expectFinding(lint({ main }), 'legacy-cert-params', { severity: 'hint', file: 'main', line: 2, text: 'smtpd_tls_cert_file', message: ['smtpd_tls_cert_file (main.cf line 3)', 'smtpd_tls_chain_files'] });
  });

  it('legacy-cert-params near miss: target 3.3 has no chain_files', () => {
    const main = 'smtpd_tls_security_level = may\nsmtpd_tls_cert_file = /etc/ssl/certs/mail.pem\nsmtpd_tls_key_file = /etc/ssl/private/mail.key\n';
    expectNone(lint({ main, settings: { targetVersion: '3.3' } }), 'legacy-cert-params');
    expectNone(lint({ main: 'compatibility_level = 3.3\n' + main }), 'legacy-cert-params', 'compatibility_level 3.3 is the target');
  });

  it('certless-or-dsa: smtpd_tls_cert_file = none, and a DSA certificate', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = none\nsmtpd_tls_dcert_file = /etc/ssl/certs/dsa.pem\n' });
    expectFinding(fs, 'certless-or-dsa', { severity: 'warning', file: 'main', line: 2, text: 'none', message: ['smtpd_tls_cert_file = none (main.cf line 3)', 'without a certificate'] });
    expectFinding(fs, 'certless-or-dsa', { severity: 'warning', file: 'main', line: 3, text: 'smtpd_tls_dcert_file', message: ['smtpd_tls_dcert_file = /etc/ssl/certs/dsa.pem (main.cf line 4)', 'DSA'] });
  });

  it('certless-or-dsa near miss: RSA and ECDSA certificate files', () => {
    expectNone(lint({ main: 'smtpd_tls_cert_file = /etc/ssl/certs/rsa.pem\nsmtpd_tls_eccert_file = /etc/ssl/certs/ec.pem\nsmtpd_tls_dcert_file =\n' }), 'certless-or-dsa');
  });
});

describe('TLS rules: where TLS is required', () => {
  it('mx-requires-tls: encrypt in main.cf while master.cf runs smtpd on port 25', () => {
    const fs = lint({ main: `compatibility_level = 3.11\nsmtpd_tls_security_level = encrypt\n${CERTS}`, master: SMTPD + SUBMISSION });
    expectFinding(fs, 'mx-requires-tls', { severity: 'error', file: 'main', line: 1, text: 'encrypt', message: ['"encrypt" (main.cf line 2)', 'RFC 3207'] });
  });

  it('mx-requires-tls near miss: encrypt only on submission via master.cf -o', () => {
    const fs = lint({ main: BASE, master: SMTPD + `${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n` });
    expectNone(fs, 'mx-requires-tls');
    // Nor when master.cf has no port-25 listener at all (a submission-only host).
    expectNone(lint({ main: `compatibility_level = 3.11\nsmtpd_tls_security_level = encrypt\n${CERTS}`, master: SUBMISSION }), 'mx-requires-tls');
  });

  it('mx-requires-tls: -o encrypt on the port-25 service, reported in master.cf', () => {
    const fs = lint({ main: BASE, master: `${SMTPD}  -o smtpd_tls_security_level=encrypt\n` });
    expectFinding(fs, 'mx-requires-tls', { severity: 'error', file: 'master', line: 1, text: 'encrypt', message: ['"encrypt" (master.cf line 2 `-o` of smtp/inet)'] });
  });

  it('mx-requires-tls: smtpd_enforce_tls = yes, wrappermode in main.cf, and main.cf alone judged as port 25', () => {
    let fs = lint({ main: `compatibility_level = 3.11\nsmtpd_enforce_tls = yes\n${CERTS}` });
    expectFinding(fs, 'mx-requires-tls', { severity: 'error', file: 'main', line: 1, text: 'yes', message: ['"encrypt"', 'main.cf line 2 (smtpd_enforce_tls = yes)'] });
    fs = lint({ main: `${BASE}smtpd_tls_wrappermode = yes\n`, master: SMTPD });
    expectFinding(fs, 'mx-requires-tls', { severity: 'error', file: 'main', line: 3, text: 'yes', message: ['smtpd_tls_wrappermode = yes', 'main.cf line 4'] });
  });

  it('mx-requires-tls: postscreen in front of port 25, reported once per cause', () => {
    let fs = lint({ main: `${BASE}postscreen_tls_security_level = encrypt\n`, master: POSTSCREEN });
    expectFinding(fs, 'mx-requires-tls', { severity: 'error', file: 'main', line: 3, text: 'encrypt', message: ['"encrypt" (main.cf line 4)'] });
    // postscreen_tls_security_level defaults to $smtpd_tls_security_level: one cause, one finding.
    fs = lint({ main: `compatibility_level = 3.11\nsmtpd_tls_security_level = encrypt\n${CERTS}`, master: POSTSCREEN });
    expectFinding(fs, 'mx-requires-tls', { severity: 'error', file: 'main', line: 1, text: 'encrypt', message: ['main.cf line 2'] });
  });

  it('mx-requires-tls: a client level on the server acts as encrypt', () => {
    const fs = lint({ main: `compatibility_level = 3.11\nsmtpd_tls_security_level = secure\n${CERTS}`, master: SMTPD });
    expectFinding(fs, 'mx-requires-tls', { severity: 'error', file: 'main', line: 1, text: 'secure', message: ['"secure", which smtpd treats as "encrypt"', 'main.cf line 2'] });
  });

  it('server-level-invalid: a client level (warning) and an unknown level (error)', () => {
    let fs = lint({ main: `compatibility_level = 3.11\nsmtpd_tls_security_level = fingerprint\n${CERTS}`, master: SMTPD + SUBMISSION });
    expectFinding(fs, 'server-level-invalid', { severity: 'warning', file: 'main', line: 1, text: 'fingerprint', message: ['"fingerprint"', 'downgrades it to "encrypt"', 'main.cf line 2'] });
    fs = lint({ main: `compatibility_level = 3.11\n${CERTS}`, master: `${SMTPD}${SUBMISSION}  -o smtpd_tls_security_level=mandatory\n` });
    expectFinding(fs, 'server-level-invalid', { severity: 'error', file: 'master', line: 2, text: 'mandatory', message: ['"mandatory"', 'master.cf line 3 `-o` of submission/inet'] });
  });

  it('server-level-invalid near miss: none, may, encrypt in any case', () => {
    for (const v of ['none', 'may', 'encrypt', 'MAY', 'Encrypt']) expectNone(lint({ main: `smtpd_tls_security_level = ${v}\n${CERTS}` }), 'server-level-invalid', v);
  });

  it('sasl-plaintext: AUTH on port 25 with optional TLS (warning), on submission (error)', () => {
    let fs = lint({ main: `${BASE}smtpd_sasl_auth_enable = yes\n`, master: SMTPD });
    expectFinding(fs, 'sasl-plaintext', { severity: 'warning', file: 'main', line: 3, text: 'smtpd_sasl_auth_enable', message: ['main.cf line 4', 'smtpd_tls_auth_only is "no" (default of Postfix 3.11)'] });
    fs = lint({ main: BASE, master: `${SMTPD}${SUBMISSION}  -o smtpd_sasl_auth_enable=yes\n` });
    expectFinding(fs, 'sasl-plaintext', { severity: 'error', file: 'master', line: 2, text: 'smtpd_sasl_auth_enable', message: ['submission service (587)', 'master.cf line 3 `-o` of submission/inet'] });
    // main.cf's AUTH inherited by port 25 and 587: one finding, with the weight of submission.
    fs = lint({ main: `${BASE}smtpd_sasl_auth_enable = yes\n`, master: SMTPD + SUBMISSION });
    expectFinding(fs, 'sasl-plaintext', { severity: 'error', file: 'main', line: 3, message: ['submission'] });
  });

  it('sasl-plaintext near miss: smtpd_tls_auth_only = yes, or TLS required on submission', () => {
    expectNone(lint({ main: `${BASE}smtpd_sasl_auth_enable = yes\nsmtpd_tls_auth_only = yes\n`, master: SMTPD + SUBMISSION }), 'sasl-plaintext');
    expectNone(lint({ main: BASE, master: `${SMTPD}${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n` }), 'sasl-plaintext');
  });

  it('submissions-no-wrapper: a port-465 service without wrappermode, on the service name', () => {
    const fs = lint({ main: BASE, master: SMTPD + SMTPS });
    expectFinding(fs, 'submissions-no-wrapper', { severity: 'error', file: 'master', line: 1, text: 'smtps', message: ['"no" (default of Postfix 3.11)', 'RFC 8314'] });
    const fs2 = lint({ main: BASE, master: `${SMTPD}192.0.2.1:submissions inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=no\n` });
    expectFinding(fs2, 'submissions-no-wrapper', { severity: 'error', file: 'master', line: 1, text: '192.0.2.1:submissions', message: ['"no" (master.cf line 3 `-o` of 192.0.2.1:submissions/inet)'] });
  });

  it('submissions-no-wrapper near miss: -o smtpd_tls_wrappermode=yes; port 587', () => {
    expectNone(lint({ main: BASE, master: `${SMTPD}${SMTPS}  -o smtpd_tls_wrappermode=yes\n` }), 'submissions-no-wrapper');
    expectNone(lint({ main: BASE, master: SMTPD + SUBMISSION }), 'submissions-no-wrapper');
  });

  it('client-wrapper-level: client wrappermode below encrypt, in main.cf and on a transport', () => {
    let fs = lint({ main: 'compatibility_level = 3.11\nsmtp_tls_wrappermode = yes\n' });
    expectFinding(fs, 'client-wrapper-level', { severity: 'error', file: 'main', line: 1, text: 'smtp_tls_wrappermode', message: ['main.cf line 2', '"may" (default of Postfix 3.11 at compatibility level 3.11)'] });
    fs = lint({ main: BASE, master: `${SMTPD}relay465  unix  -       -       y       -       -       smtp\n  -o smtp_tls_wrappermode=yes\n` });
    expectFinding(fs, 'client-wrapper-level', { severity: 'error', file: 'master', line: 2, text: 'smtp_tls_wrappermode', message: ['master.cf line 3 `-o` of relay465/unix'] });
  });

  it('client-wrapper-level near miss: wrappermode with encrypt on the transport', () => {
    const fs = lint({ main: BASE, master: `${SMTPD}relay465  unix  -       -       y       -       -       smtp\n  -o smtp_tls_wrappermode=yes\n  -o smtp_tls_security_level=encrypt\n` });
    expectNone(fs, 'client-wrapper-level');
  });
});

describe('TLS rules: protocols', () => {
  it('weak-protocol-ssl: an exclusion list that leaves SSLv3', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_protocols = !SSLv2\n` });
    expectFinding(fs, 'weak-protocol-ssl', { severity: 'error', file: 'main', line: 3, text: '!SSLv2', message: ['smtpd_tls_protocols = "!SSLv2" (main.cf line 4)', 'SSLv3'] });
  });

  it('weak-protocol-ssl: a mandatory client list used at level encrypt', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]:587\nsmtp_tls_security_level = encrypt\nsmtp_tls_mandatory_protocols = SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3\n' });
    expectFinding(fs, 'weak-protocol-ssl', { severity: 'error', file: 'main', line: 3, message: ['smtp_tls_mandatory_protocols', 'main.cf line 4', 'SSLv3'] });
  });

  it('weak-protocol-ssl near miss: the 3.5 default excludes SSLv2 and SSLv3', () => {
    expectNone(lint({ main: 'compatibility_level = 3.5\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = /c.pem\n' }), 'weak-protocol-ssl');
    expectNone(lint({ main: `${BASE}smtpd_tls_protocols = !SSLv2, !SSLv3\n` }), 'weak-protocol-ssl');
  });

  it('weak-protocol-tls10 near miss: opportunistic TLS keeps TLS 1.0/1.1 (the default, and an explicit list): no finding at any level', () => {
    expectNone(lint({ main: BASE, master: SMTPD }), 'weak-protocol-tls10');
    expectNone(lint({ main: `${BASE}smtpd_tls_protocols = !SSLv2, !SSLv3\nsmtp_tls_protocols = >=TLSv1\n`, master: SMTPD }), 'weak-protocol-tls10');
  });

  it('protocol and cipher findings stay quiet for a TLS layer that is off (server-tls-off / client-no-tls say what matters)', () => {
    const main = 'compatibility_level = 3.10\nsmtpd_tls_protocols = !SSLv2\nsmtpd_tls_ciphers = export\nsmtpd_tls_loglevel = 3\nsmtp_tls_mandatory_protocols = !SSLv2\nsmtp_tls_ciphers = low\n';
    const fs = lint({ main });
    assert.deepEqual(fs.map((f) => f.rule).sort(), ['client-no-tls', 'server-tls-off']);
  });

  it('weak-protocol-tls10: warning for a list the admin wrote on submission and where TLS is mandatory', () => {
    let fs = lint({ main: `${BASE}smtpd_tls_protocols = !SSLv2, !SSLv3\n`, master: SMTPD + SUBMISSION });
    expectFinding(fs, 'weak-protocol-tls10', { severity: 'warning', file: 'main', line: 3, which: 'smtpd_tls_protocols', message: ['main.cf line 4', 'RFC 8997'] });
    fs = lint({ main: `${BASE}smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3\n`, master: `${SMTPD}${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n` });
    expectFinding(fs, 'weak-protocol-tls10', { severity: 'warning', file: 'main', line: 3, text: '!SSLv2, !SSLv3', message: ['"!SSLv2, !SSLv3" (main.cf line 4)', 'requires TLS'] });
  });

  it('weak-protocol-tls10 near miss: Postfix\'s own default (>=TLSv1, which OpenSSL 3 already limits) is not a finding, even on submission', () => {
    expectNone(lint({ main: BASE, master: SMTPD + SUBMISSION }), 'weak-protocol-tls10');
    expectNone(lint({ main: BASE, master: `${SMTPD}${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n` }), 'weak-protocol-tls10');
  });

  it('weak-protocol-tls10: an explicit list, found through a $reference', () => {
    const fs = lint({ main: `${BASE}my_protocols = >=TLSv1\nsmtpd_tls_protocols = $my_protocols\n`, master: SMTPD + SUBMISSION });
    expectFinding(fs, 'weak-protocol-tls10', { severity: 'warning', file: 'main', line: 4, text: '$my_protocols', message: ['">=TLSv1" (main.cf line 5, via $my_protocols)'] });
  });

  it('weak-protocol-tls10: "off" in the rules setting, and a suppression comment', () => {
    const main = `${BASE}# postfix-lint disable-next-line weak-protocol-tls10\nsmtpd_tls_protocols = >=TLSv1\n`;
    let fs = lint({ main, master: SMTPD + SUBMISSION });
    expectNone(fs.filter((f) => f.range.start.line === 4), 'weak-protocol-tls10', 'suppressed on the next line');
    const weak = `${BASE}smtpd_tls_mandatory_protocols = >=TLSv1\n`;
    const enc = `${SMTPD}${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n`;
    fs = lint({ main: weak, master: enc });
    assert.ok(ofRule(fs, 'weak-protocol-tls10').length > 0, 'an unsuppressed line is still reported');
    fs = lint({ main: weak, master: enc, settings: { rules: { 'weak-protocol-tls10': 'off' } } });
    expectNone(fs, 'weak-protocol-tls10', 'rule turned off');
    fs = lint({ main: weak, master: enc, settings: { rules: { 'weak-protocol-tls10': 'error' } } });
    assert.ok(ofRule(fs, 'weak-protocol-tls10').every((f) => f.severity === 'error'));
  });

  it('weak-protocol-tls10 near miss: >=TLSv1.2 everywhere in use', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_protocols = >=TLSv1.2\nsmtpd_tls_mandatory_protocols = >=TLSv1.2\nsmtp_tls_protocols = >=TLSv1.2\n`, master: SMTPD + SUBMISSION });
    expectNone(fs, 'weak-protocol-tls10');
  });

  it('protocol-invalid: a range before 3.6, fine from 3.6', () => {
    const main = `${BASE}smtpd_tls_protocols = >=TLSv1.2\n`;
    const fs = lint({ main, settings: { targetVersion: '3.5' } });
    expectFinding(fs, 'protocol-invalid', { severity: 'error', file: 'main', line: 3, text: '>=TLSv1.2', message: ['smtpd_tls_protocols = ">=TLSv1.2" (main.cf line 4)', 'needs Postfix 3.6', 'target is Postfix 3.5'] });
    expectNone(lint({ main, settings: { targetVersion: '3.6' } }), 'protocol-invalid');
    // Without the setting, compatibility_level decides.
    expectFinding(lint({ main: `compatibility_level = 3.5\nsmtpd_tls_security_level = may\n${CERTS}smtpd_tls_protocols = >=TLSv1.2\n` }), 'protocol-invalid', { severity: 'error', file: 'main', line: 3, message: ['target is Postfix 3.5'] });
  });

  it('protocol-invalid: a blank after ">=", an unknown name, ">=SSLv2"', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_protocols = >= TLSv1.2\nsmtp_tls_protocols = !SSLv2, !TLSv1.4\nlmtp_tls_protocols = >=SSLv2\nlmtp_tls_security_level = may\n` });
    expectFinding(fs, 'protocol-invalid', { severity: 'error', file: 'main', line: 3, text: '>=', message: ['smtpd_tls_protocols = ">= TLSv1.2" (main.cf line 4)', 'without a space'] });
    expectFinding(fs, 'protocol-invalid', { severity: 'error', file: 'main', line: 4, text: '!TLSv1.4', message: ['"TLSv1.4" is not a TLS protocol name', 'main.cf line 5'] });
    expectFinding(fs, 'protocol-invalid', { severity: 'error', file: 'main', line: 5, text: '>=SSLv2', message: ['ranges start at SSLv3', 'main.cf line 6'] });
  });

  it('protocol-invalid near miss: case and separators Postfix accepts', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_protocols = >=tlsv1.2\nsmtp_tls_protocols = !SSLv2:!SSLv3,!TLSv1 !TLSv1.1\n` });
    expectNone(fs, 'protocol-invalid');
  });

  it('protocol-gap: exclusions that leave a hole', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3, !TLSv1.1\n` });
    expectFinding(fs, 'protocol-gap', { severity: 'error', file: 'main', line: 3, text: '!SSLv2, !SSLv3, !TLSv1.1', message: ['smtpd_tls_mandatory_protocols = "!SSLv2, !SSLv3, !TLSv1.1" (main.cf line 4)', 'TLSv1.1 is excluded', 'TLSv1,'] });
  });

  it('protocol-gap near miss: a contiguous exclusion list', () => {
    expectNone(lint({ main: `${BASE}smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1\n` }), 'protocol-gap');
  });

  it('protocol-legacy-syntax: only exclusions on 3.6+, not before', () => {
    const main = `${BASE}smtp_tls_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1\n`;
    expectFinding(lint({ main }), 'protocol-legacy-syntax', { severity: 'hint', file: 'main', line: 3, text: '!SSLv2, !SSLv3, !TLSv1, !TLSv1.1', message: ['smtp_tls_protocols', 'main.cf line 4', '">=TLSv1.2" means the same'] });
    expectNone(lint({ main, settings: { targetVersion: '3.5' } }), 'protocol-legacy-syntax');
  });

  it('tls13-disabled: !TLSv1.3 and <=TLSv1.2', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_protocols = >=TLSv1.2, !TLSv1.3\nsmtp_tls_protocols = <=TLSv1.2\n` });
    expectFinding(fs, 'tls13-disabled', { severity: 'warning', file: 'main', line: 3, text: '!TLSv1.3', message: ['smtpd_tls_protocols = ">=TLSv1.2, !TLSv1.3" (main.cf line 4)'] });
    expectFinding(fs, 'tls13-disabled', { severity: 'warning', file: 'main', line: 4, text: '<=TLSv1.2', message: ['main.cf line 5'] });
  });

  it('tls13-disabled near miss: >=TLSv1.2', () => {
    expectNone(lint({ main: `${BASE}smtpd_tls_protocols = >=TLSv1.2\n` }), 'tls13-disabled');
  });
});

describe('TLS rules: ciphers and key exchange', () => {
  it('weak-cipher-grade: error before 3.8, warning from 3.8', () => {
    const body = `${CERTS}smtpd_tls_security_level = may\nsmtpd_tls_ciphers = export\n`;
    expectFinding(lint({ main: `compatibility_level = 3.7\n${body}` }), 'weak-cipher-grade', { severity: 'error', file: 'main', line: 3, text: 'export', message: ['smtpd_tls_ciphers = "export" (main.cf line 4)', 'export-grade'] });
    expectFinding(lint({ main: `compatibility_level = 3.11\n${body}` }), 'weak-cipher-grade', { severity: 'warning', file: 'main', line: 3, text: 'export', message: ['treated as "medium" from Postfix 3.8'] });
    expectFinding(lint({ main: body, settings: { targetVersion: '3.6' } }), 'weak-cipher-grade', { severity: 'error', file: 'main', line: 2 });
  });

  it('weak-cipher-grade: an overridden earlier definition is not judged, the effective one is', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_ciphers = medium\nsmtpd_tls_ciphers = low\n` });
    expectFinding(fs, 'weak-cipher-grade', { severity: 'warning', file: 'main', line: 4, text: 'low' });
    const fs2 = lint({ main: `${BASE}smtpd_tls_ciphers = low\nsmtpd_tls_ciphers = medium\n` });
    expectNone(fs2, 'weak-cipher-grade', 'the low grade is overridden');
  });

  it('weak-cipher-grade near miss: medium and high', () => {
    expectNone(lint({ main: `${BASE}smtpd_tls_ciphers = medium\nsmtpd_tls_mandatory_ciphers = high\n` }), 'weak-cipher-grade');
  });

  it('null-cipher: grade null on the server', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_mandatory_ciphers = null\n` });
    expectFinding(fs, 'null-cipher', { severity: 'error', file: 'main', line: 3, text: 'null', message: ['smtpd_tls_mandatory_ciphers = "null" (main.cf line 4)', 'without encryption'] });
  });

  it('null-cipher near miss: LMTP (local unix socket) is excepted', () => {
    expectNone(lint({ main: `${BASE}lmtp_tls_mandatory_ciphers = null\n` }), 'null-cipher');
  });

  it('invalid-grade: an OpenSSL string where a grade belongs, in main.cf and in -o', () => {
    const fs = lint({ main: `${BASE}smtp_tls_mandatory_ciphers = HIGH:!aNULL\n`, master: `${SMTPD}${SUBMISSION}  -o smtpd_tls_mandatory_ciphers=strong\n` });
    expectFinding(fs, 'invalid-grade', { severity: 'error', file: 'main', line: 3, text: 'HIGH:!aNULL', message: ['smtp_tls_mandatory_ciphers = "HIGH:!aNULL" (main.cf line 4)', 'not a cipher grade'] });
    expectFinding(fs, 'invalid-grade', { severity: 'error', file: 'master', line: 2, text: 'strong', message: ['"strong" (master.cf line 3 `-o` of submission/inet)'] });
  });

  it('invalid-grade near miss: grades in any case', () => {
    expectNone(lint({ main: `${BASE}smtp_tls_mandatory_ciphers = High\nsmtpd_tls_mandatory_ciphers = MEDIUM\n` }), 'invalid-grade');
  });

  it('high-opportunistic: high for opportunistic TLS', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_ciphers = high\n` });
    expectFinding(fs, 'high-opportunistic', { severity: 'hint', file: 'main', line: 3, text: 'high', message: ['smtpd_tls_ciphers, main.cf line 4'] });
  });

  it('high-opportunistic near miss: high for mandatory TLS', () => {
    expectNone(lint({ main: `${BASE}smtpd_tls_mandatory_ciphers = high\nsmtp_tls_mandatory_ciphers = high\n` }), 'high-opportunistic');
  });

  it('exclude-syntax: OpenSSL operators in an exclusion list, on the token', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_exclude_ciphers = aNULL, !RC4\n` });
    expectFinding(fs, 'exclude-syntax', { severity: 'error', file: 'main', line: 3, text: '!RC4', message: ['"!RC4" in smtpd_tls_exclude_ciphers (main.cf line 4)'] });
  });

  it('exclude-syntax near miss: plain names', () => {
    expectNone(lint({ main: `${BASE}smtpd_tls_exclude_ciphers = aNULL, RC4, MD5, DES\nsmtpd_tls_mandatory_exclude_ciphers = 3DES\n` }), 'exclude-syntax');
  });

  it('cipherlist-override: tls_high_cipherlist changed', () => {
    const fs = lint({ main: `${BASE}tls_high_cipherlist = ECDHE+AESGCM\n` });
    expectFinding(fs, 'cipherlist-override', { severity: 'hint', file: 'main', line: 3, text: 'tls_high_cipherlist', message: ['tls_high_cipherlist (main.cf line 4)'] });
  });

  it('cipherlist-override near miss: tls_low_cipherlist on 3.7 is neither an override nor ignored', () => {
    const fs = lint({ main: `compatibility_level = 3.7\n${CERTS}tls_low_cipherlist = DEFAULT\n` });
    expectNone(fs, 'cipherlist-override');
    expectNone(fs, 'ignored-parameter');
  });

  it('dh-param-file: smtpd_tls_dh1024_param_file set', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_dh1024_param_file = \${config_directory}/dh2048.pem\n` });
    const f = expectFinding(fs, 'dh-param-file', { severity: 'warning', file: 'main', line: 3, text: 'smtpd_tls_dh1024_param_file', message: ['smtpd_tls_dh1024_param_file (main.cf line 4', 'deprecated since Postfix 3.9'] });
    assert.equal(f.unnecessary, true);
  });

  it('dh-param-file near miss: a target before 3.9 (the file, or "auto", is still a supported choice there)', () => {
    expectNone(lint({ main: `${BASE}smtpd_tls_dh1024_param_file = auto\n`, settings: { targetVersion: '3.8' } }), 'dh-param-file');
    expectNone(lint({ main: `${BASE}smtpd_tls_dh1024_param_file = /etc/postfix/dh2048.pem\n`, settings: { targetVersion: '3.7' } }), 'dh-param-file');
  });

  it('dh-param-file near miss: not set; dh512 before 3.6 is neither', () => {
    const fs = lint({ main: `compatibility_level = 3.5\n${CERTS}smtpd_tls_dh512_param_file = /etc/postfix/dh512.pem\n` });
    expectNone(fs, 'dh-param-file');
    expectNone(fs, 'ignored-parameter');
  });

  it('ignored-parameter: eecdh grade and old cipherlists on versions that ignore them', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_eecdh_grade = ultra\ntls_export_cipherlist = DEFAULT\nsmtpd_tls_cipherlist = ALL\n` });
    expectFinding(fs, 'ignored-parameter', { severity: 'hint', file: 'main', line: 3, text: 'smtpd_tls_eecdh_grade', message: ['smtpd_tls_eecdh_grade (main.cf line 4)', 'Postfix 3.6 and later'] });
    expectFinding(fs, 'ignored-parameter', { severity: 'hint', file: 'main', line: 4, text: 'tls_export_cipherlist', message: ['Postfix 3.8 and later'] });
    // A name current Postfix does not know at all: one finding, unknown-parameter, saying what became of it.
    expectNone(fs.filter((f) => f.range.start.line === 5), 'ignored-parameter');
    expectFinding(fs, 'unknown-parameter', { severity: 'warning', file: 'main', line: 5, text: 'smtpd_tls_cipherlist', message: ['only Postfix before 2.3'] });
  });

  it('ignored-parameter near miss: eecdh grade on 3.5 still works', () => {
    expectNone(lint({ main: `compatibility_level = 3.5\n${CERTS}smtpd_tls_eecdh_grade = strong\n` }), 'ignored-parameter');
  });

  it('curves-override: a curve list without X25519 or prime256v1', () => {
    const fs = lint({ main: `${BASE}tls_eecdh_auto_curves = secp384r1 secp521r1\n` });
    expectFinding(fs, 'curves-override', { severity: 'warning', file: 'main', line: 3, text: 'secp384r1 secp521r1', message: ['tls_eecdh_auto_curves = "secp384r1 secp521r1" (main.cf line 4)'] });
  });

  it('curves-override near miss: a list with X25519', () => {
    expectNone(lint({ main: `${BASE}tls_eecdh_auto_curves = X25519 prime256v1 secp384r1\n` }), 'curves-override');
  });
});

describe('TLS rules: client, DANE, verification', () => {
  it('enforce-silently-ignored: smtp_enforce_tls without a level at compatibility_level 3.11', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nsmtp_enforce_tls = yes\n' });
    expectFinding(fs, 'enforce-silently-ignored', { severity: 'error', file: 'main', line: 1, text: 'smtp_enforce_tls', message: ['smtp_enforce_tls = yes', 'compatibility_level 3.11'] });
  });

  it('enforce-silently-ignored near miss: compatibility_level 3.10, target 3.10, or an explicit level', () => {
    expectNone(lint({ main: 'compatibility_level = 3.10\nsmtp_enforce_tls = yes\n' }), 'enforce-silently-ignored');
    expectNone(lint({ main: 'compatibility_level = 3.11\nsmtp_enforce_tls = yes\n', settings: { targetVersion: '3.10' } }), 'enforce-silently-ignored');
    expectNone(lint({ main: 'compatibility_level = 3.11\nsmtp_enforce_tls = yes\nsmtp_tls_security_level = encrypt\nrelayhost = [relay.example.com]\n' }), 'enforce-silently-ignored');
  });

  it('client-no-tls: no compatibility_level, so smtp_tls_security_level defaults to empty', () => {
    const fs = lint({ main: '# host\nmyhostname = mx.example.com\n' });
    expectFinding(fs, 'client-no-tls', { severity: 'warning', file: 'main', line: 1, text: 'myhostname', message: ['smtp_tls_security_level is empty (not set, default of Postfix 3.11 at compatibility level 0)'] });
    // compatibility_level unset is 0 also when the target comes from the setting.
    expectFinding(lint({ main: 'myhostname = mx.example.com\n', settings: { targetVersion: '3.11' } }), 'client-no-tls', { severity: 'warning', file: 'main', line: 0, message: ['default of Postfix 3.11 at compatibility level 0'] });
    // 9999 is above every level: the 3.11 default "may" applies, and the message never says "Postfix 9999".
    expectNone(lint({ main: 'compatibility_level = 9999\n' }), 'client-no-tls');
    // A level we cannot evaluate: the compatibility-dependent default is unknown, so nothing is guessed.
    expectNone(lint({ main: 'compatibility_level = ${{$compatibility_level} < {3.6} ? {3.6} : {$compatibility_level}}\n' }), 'client-no-tls');
  });

  it('client-no-tls: anchored on the client TLS block that is there (where the fix inserts), not on line 1', () => {
    const fs = lint({ main: 'compatibility_level = 2\nsmtpd_tls_security_level = may\nsmtp_tls_session_cache_database = btree:${data_directory}/smtp_scache\n' });
    expectFinding(fs, 'client-no-tls', { severity: 'warning', file: 'main', line: 2, text: 'smtp_tls_session_cache_database' });
  });

  it('client findings only when mail can leave through the SMTP client', () => {
    for (const main of ['default_transport = error\n', 'default_transport = error: outbound mail disabled\n', 'default_transport = discard\n', 'default_transport = lmtp:unix:private/dovecot-lmtp\n']) {
      const fs = lint({ main: `compatibility_level = 2\n${main}smtp_sasl_auth_enable = yes\nsmtp_sasl_security_options = noanonymous\nsmtp_tls_protocols = !SSLv2\n` });
      expectNone(fs, 'client-no-tls', main);
      expectNone(fs, 'client-sasl-cleartext', main);
      expectNone(fs, 'weak-protocol-ssl', main);
    }
    // A transport table may name smtp for some destinations: judged.
    expectFinding(lint({ main: 'compatibility_level = 2\ndefault_transport = error\ntransport_maps = hash:/etc/postfix/transport\n' }), 'client-no-tls', { severity: 'warning', file: 'main', line: 1 });
    // relay_domains routes mail through relay_transport (smtp by default).
    expectFinding(lint({ main: 'compatibility_level = 2\ndefault_transport = error\nrelay_domains = example.com\n' }), 'client-no-tls', { severity: 'warning', file: 'main', line: 1 });
    // A master.cf transport that runs pipe is not the SMTP client.
    expectNone(lint({ main: 'compatibility_level = 2\ndefault_transport = mypipe\n', master: `${SMTPD}mypipe unix - n n - - pipe\n  flags=F user=nobody argv=/bin/true\n` }), 'client-no-tls');
  });

  it('client-no-tls: the "may" default needs both Postfix 3.11 and compatibility_level 3.11', () => {
    expectNone(lint({ main: 'compatibility_level = 3.11\n' }), 'client-no-tls');
    expectFinding(lint({ main: 'compatibility_level = 3.10\n' }), 'client-no-tls', { severity: 'warning', file: 'main', line: 0, message: ['default of Postfix 3.10'] });
    expectFinding(lint({ main: 'compatibility_level = 3.11\n', settings: { targetVersion: '3.10' } }), 'client-no-tls', { severity: 'warning', file: 'main', line: 0, message: ['default of Postfix 3.10'] });
  });

  it('client-no-tls: explicit "none", reported on the value', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nsmtp_tls_security_level = none\n' });
    expectFinding(fs, 'client-no-tls', { severity: 'warning', file: 'main', line: 1, text: 'none', message: ['"none" (main.cf line 2)'] });
  });

  it('client-no-tls near miss: smtp_use_tls = yes before 3.11 means may', () => {
    expectNone(lint({ main: 'compatibility_level = 3.10\nsmtp_use_tls = yes\n' }), 'client-no-tls');
    expectNone(lint({ main: 'smtp_tls_security_level = may\n' }), 'client-no-tls');
  });

  it('client-mandatory-global: encrypt for every destination without a relayhost', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nsmtp_tls_security_level = encrypt\n' });
    expectFinding(fs, 'client-mandatory-global', { severity: 'warning', file: 'main', line: 1, text: 'encrypt', message: ['smtp_tls_security_level = encrypt (main.cf line 2)'] });
  });

  it('client-mandatory-global near miss: with a relayhost, or dane', () => {
    expectNone(lint({ main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]:587\nsmtp_tls_security_level = encrypt\n' }), 'client-mandatory-global');
    expectNone(lint({ main: 'compatibility_level = 3.11\nsmtp_dns_support_level = dnssec\nsmtp_tls_security_level = dane\n' }), 'client-mandatory-global');
  });

  it('dane-no-dnssec: dane without DNSSEC lookups', () => {
    let fs = lint({ main: 'compatibility_level = 3.11\nsmtp_tls_security_level = dane\n' });
    expectFinding(fs, 'dane-no-dnssec', { severity: 'error', file: 'main', line: 1, text: 'dane', message: ['smtp_dns_support_level is "" (default of Postfix 3.11)', 'degrades to "may"'] });
    fs = lint({ main: 'compatibility_level = 3.11\nsmtp_tls_security_level = dane-only\nsmtp_dns_support_level = enabled\nrelayhost = [relay.example.com]\n' });
    expectFinding(fs, 'dane-no-dnssec', { severity: 'error', file: 'main', line: 1, text: 'dane-only', message: ['"enabled" (main.cf line 3)', 'deferred'] });
    fs = lint({ main: 'compatibility_level = 3.11\nsmtp_tls_security_level = dane\nsmtp_dns_support_level = dnssec\nsmtp_host_lookup = native\n' });
    expectFinding(fs, 'dane-no-dnssec', { severity: 'error', file: 'main', line: 1, message: ['smtp_host_lookup = "native" (main.cf line 4)'] });
  });

  it('dane-no-dnssec near miss: dnssec', () => {
    expectNone(lint({ main: 'compatibility_level = 3.11\nsmtp_tls_security_level = dane\nsmtp_dns_support_level = dnssec\n' }), 'dane-no-dnssec');
  });

  it('dane-misplaced: a DANE level for the server', () => {
    const fs = lint({ main: `compatibility_level = 3.11\n${CERTS}`, master: `${SMTPD}  -o smtpd_tls_security_level=dane\n` });
    expectFinding(fs, 'dane-misplaced', { severity: 'error', file: 'master', line: 1, text: 'dane', message: ['"dane" is a client (outgoing) level', 'master.cf line 2 `-o` of smtp/inet'] });
  });

  it('dane-misplaced near miss: dane for the client', () => {
    expectNone(lint({ main: 'compatibility_level = 3.11\nsmtp_tls_security_level = dane\nsmtp_dns_support_level = dnssec\n' }), 'dane-misplaced');
  });

  it('fingerprint-empty: fingerprint level without fingerprints', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]\nsmtp_tls_security_level = fingerprint\n' });
    expectFinding(fs, 'fingerprint-empty', { severity: 'error', file: 'main', line: 2, text: 'fingerprint', message: ['level "fingerprint" (main.cf line 3)', 'smtp_tls_fingerprint_cert_match is empty'] });
  });

  it('fingerprint-empty near miss: fingerprints given', () => {
    expectNone(lint({ main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]\nsmtp_tls_security_level = fingerprint\nsmtp_tls_fingerprint_cert_match = 3D:95:34:51:24:66:33:B9:D2:40:99:C0:C1:17:0B:D1\n' }), 'fingerprint-empty');
  });

  it('weak-fp-digest: sha1 set, and md5 by default below compatibility_level 3.6', () => {
    let fs = lint({ main: `${BASE}smtpd_tls_fingerprint_digest = sha1\n` });
    expectFinding(fs, 'weak-fp-digest', { severity: 'warning', file: 'main', line: 3, text: 'sha1', message: ['smtpd_tls_fingerprint_digest = sha1 (main.cf line 4)'] });
    fs = lint({ main: 'compatibility_level = 3.5\nrelayhost = [relay.example.com]\nsmtp_tls_security_level = fingerprint\nsmtp_tls_fingerprint_cert_match = AA:BB\n' });
    expectFinding(fs, 'weak-fp-digest', { severity: 'warning', file: 'main', line: 2, text: 'fingerprint', message: ['"md5" (default of Postfix 3.5'] });
  });

  it('weak-fp-digest near miss: the default is sha256 from compatibility_level 3.6', () => {
    expectNone(lint({ main: 'compatibility_level = 3.6\nrelayhost = [relay.example.com]\nsmtp_tls_security_level = fingerprint\nsmtp_tls_fingerprint_cert_match = AA:BB\n' }), 'weak-fp-digest');
    expectNone(lint({ main: 'compatibility_level = 3.5\nsmtp_tls_fingerprint_digest = sha256\n' }), 'weak-fp-digest');
  });

  it('verify-no-trust: verify with no CA', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]\nsmtp_tls_security_level = verify\n' });
    expectFinding(fs, 'verify-no-trust', { severity: 'warning', file: 'main', line: 2, text: 'verify', message: ['level "verify" (main.cf line 3)', 'tls_append_default_CA = no'] });
  });

  it('verify-no-trust near miss: a CA file, or the system CAs appended', () => {
    expectNone(lint({ main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]\nsmtp_tls_security_level = secure\nsmtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\n' }), 'verify-no-trust');
    expectNone(lint({ main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]\nsmtp_tls_security_level = verify\ntls_append_default_CA = yes\n' }), 'verify-no-trust');
  });

  it('secure-hostname: hostname in smtp_tls_secure_cert_match', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nsmtp_tls_secure_cert_match = hostname, nexthop\n' });
    expectFinding(fs, 'secure-hostname', { severity: 'warning', file: 'main', line: 1, text: 'hostname, nexthop', message: ['smtp_tls_secure_cert_match = hostname, nexthop (main.cf line 2)'] });
  });

  it('secure-hostname near miss: nexthop, dot-nexthop', () => {
    expectNone(lint({ main: 'compatibility_level = 3.11\nsmtp_tls_secure_cert_match = nexthop, dot-nexthop\n' }), 'secure-hostname');
  });

  it('client-sasl-cleartext: relay password with opportunistic TLS and plaintext mechanisms allowed', () => {
    let fs = lint({ main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]:587\nsmtp_sasl_auth_enable = yes\nsmtp_sasl_security_options = noanonymous\n' });
    expectFinding(fs, 'client-sasl-cleartext', { severity: 'warning', file: 'main', line: 2, text: 'smtp_sasl_auth_enable', message: ['level "may", default of Postfix 3.11', 'smtp_sasl_security_options = "noanonymous" (main.cf line 4)'] });
    fs = lint({ main: 'relayhost = [relay.example.com]:587\nsmtp_sasl_auth_enable = yes\nsmtp_sasl_security_options =\n' });
    expectFinding(fs, 'client-sasl-cleartext', { severity: 'warning', file: 'main', line: 1, message: ['TLS is off (smtp_tls_security_level is empty'] });
    assert.doesNotMatch(ofRule(fs, 'client-sasl-cleartext')[0].message, /level "empty"/);
  });

  it('client-sasl-cleartext near miss: encrypt; the default noplaintext; a policy table that may require TLS for the relay', () => {
    expectNone(lint({ main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]:587\nsmtp_sasl_auth_enable = yes\nsmtp_tls_security_level = encrypt\nsmtp_sasl_security_options = noanonymous\n' }), 'client-sasl-cleartext');
    expectNone(lint({ main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]:587\nsmtp_sasl_auth_enable = yes\n' }), 'client-sasl-cleartext');
    expectNone(lint({ main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]:587\nsmtp_sasl_auth_enable = yes\nsmtp_sasl_security_options = noanonymous\nsmtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n' }), 'client-sasl-cleartext');
  });
});

describe('TLS rules: operation and logging', () => {
  it('req-ccert-optional: required client certificates at level may, once per definition', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_req_ccert = yes\n`, master: SMTPD + SUBMISSION });
    expectFinding(fs, 'req-ccert-optional', { severity: 'warning', file: 'main', line: 3, text: 'yes', message: ['smtpd_tls_req_ccert = yes (main.cf line 4)', 'level "may"'] });
  });

  it('req-ccert-optional near miss: required together with encrypt on submission', () => {
    expectNone(lint({ main: BASE, master: `${SMTPD}${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n  -o smtpd_tls_req_ccert=yes\n` }), 'req-ccert-optional');
  });

  it('session-cache: dbm (error), -o (warning), server cache (hint), missing client cache (hint)', () => {
    const fs = lint({
      main: `${BASE}smtp_tls_security_level = may\nsmtpd_tls_session_cache_database = btree:\${data_directory}/smtpd_scache\nlmtp_tls_session_cache_database = dbm:/var/lib/postfix/lmtp_scache\n`,
      master: `${SMTPD}  -o smtpd_tls_session_cache_database=btree:/var/lib/postfix/x\n`,
    });
    expectFinding(fs, 'session-cache', { severity: 'hint', file: 'main', line: 3, text: 'smtp_tls_security_level', message: ['smtp_tls_security_level = may (main.cf line 4)', 'no smtp_tls_session_cache_database'] });
    expectFinding(fs, 'session-cache', { severity: 'hint', file: 'main', line: 4, text: 'smtpd_tls_session_cache_database', message: ['smtpd_tls_session_cache_database (main.cf line 5', 'session tickets'] });
    expectFinding(fs, 'session-cache', { severity: 'error', file: 'main', line: 5, text: 'dbm:/var/lib/postfix/lmtp_scache', message: ['lmtp_tls_session_cache_database = dbm:/var/lib/postfix/lmtp_scache (main.cf line 6)'] });
    expectFinding(fs, 'session-cache', { severity: 'warning', file: 'master', line: 1, text: 'smtpd_tls_session_cache_database', message: ['master.cf line 2 `-o` of smtp/inet', 'tlsmgr'] });
  });

  it('session-cache near miss: a btree client cache', () => {
    expectNone(lint({ main: `${BASE}smtp_tls_security_level = may\nsmtp_tls_session_cache_database = btree:\${data_directory}/smtp_scache\n` }), 'session-cache');
  });

  it('verbose-loglevel: 2 and 4', () => {
    const fs = lint({ main: `${BASE}smtpd_tls_loglevel = 2\nsmtp_tls_loglevel = 4\n` });
    expectFinding(fs, 'verbose-loglevel', { severity: 'warning', file: 'main', line: 3, text: '2', message: ['smtpd_tls_loglevel = 2 (main.cf line 4)'] });
    expectFinding(fs, 'verbose-loglevel', { severity: 'warning', file: 'main', line: 4, text: '4', message: ['smtp_tls_loglevel = 4 (main.cf line 5)', 'in hex'] });
  });

  it('verbose-loglevel near miss: 1, and 0', () => {
    expectNone(lint({ main: `${BASE}smtpd_tls_loglevel = 1\nsmtp_tls_loglevel = 0\n` }), 'verbose-loglevel');
  });

  it('received-header-privacy: off by default (a choice, not a mistake); reported when postfix.rules enables it', () => {
    expectNone(lint({ main: `${BASE}smtpd_tls_received_header = yes\n` }), 'received-header-privacy');
    const fs = lint({ main: `${BASE}smtpd_tls_received_header = yes\n`, settings: { rules: { 'received-header-privacy': 'info' } } });
    expectFinding(fs, 'received-header-privacy', { severity: 'info', file: 'main', line: 3, text: 'yes', message: ['smtpd_tls_received_header = yes (main.cf line 4)'] });
  });

  it('received-header-privacy near miss: no', () => {
    expectNone(lint({ main: `${BASE}smtpd_tls_received_header = no\n` }), 'received-header-privacy');
  });

  it('postscreen-mismatch: -o smtpd_tls_* behind postscreen only', () => {
    const fs = lint({ main: BASE, master: `${POSTSCREEN}  -o smtpd_tls_loglevel=1\n` });
    expectFinding(fs, 'postscreen-mismatch', { severity: 'warning', file: 'master', line: 2, text: 'smtpd_tls_loglevel', message: ['-o smtpd_tls_loglevel=1 (master.cf line 3 `-o` of smtpd/pass)', 'postscreen_tls_loglevel'] });
  });

  it('postscreen-mismatch near miss: repeated for postscreen; a session cache -o (no effect anywhere); no postscreen', () => {
    const ps = 'smtp      inet  n       -       y       -       1       postscreen\n  -o postscreen_tls_loglevel=1\nsmtpd     pass  -       -       y       -       -       smtpd\n  -o smtpd_tls_loglevel=1\n';
    expectNone(lint({ main: BASE, master: ps }), 'postscreen-mismatch');
    expectNone(lint({ main: BASE, master: `${POSTSCREEN}  -o smtpd_tls_session_cache_database=btree:/x\n` }), 'postscreen-mismatch');
    expectNone(lint({ main: BASE, master: `${SMTPD}  -o smtpd_tls_loglevel=1\n` }), 'postscreen-mismatch');
  });
});

describe('TLS rules: values that cannot be known are not judged', () => {
  it('master.cf alone: what would come from main.cf is not guessed', () => {
    const fs = lint({ master: `${SMTPD}${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n${SMTPS}  -o smtpd_tls_wrappermode=yes\n` });
    for (const rule of ['server-tls-off', 'missing-server-cert', 'client-no-tls', 'weak-protocol-tls10', 'sasl-plaintext']) expectNone(fs, rule, 'main.cf is not open');
  });

  it('master.cf alone: what master.cf itself says is still judged', () => {
    const fs = lint({ master: `${SMTPD}  -o smtpd_tls_security_level=encrypt\n${SMTPS}  -o smtpd_tls_mandatory_protocols=!SSLv2\n` });
    expectFinding(fs, 'mx-requires-tls', { severity: 'error', file: 'master', line: 1, text: 'encrypt', message: ['master.cf line 2 `-o` of smtp/inet'] });
    expectFinding(fs, 'submissions-no-wrapper', { severity: 'error', file: 'master', line: 2, text: 'smtps' });
    expectFinding(fs, 'protocol-legacy-syntax', { severity: 'hint', file: 'master', line: 3, text: '!SSLv2' });
  });

  it('a $name defined nowhere is not expanded to an empty list', () => {
    const fs = lint({ master: `${SMTPD}${SMTPS}  -o smtpd_tls_wrappermode=yes\n  -o smtpd_tls_mandatory_protocols=$smtps_protocols\n` });
    expectNone(fs, 'weak-protocol-ssl');
    expectNone(lint({ main: `${BASE}smtpd_tls_protocols = $nowhere\n` }), 'weak-protocol-ssl');
  });

  it('template tags and alternative template branches', () => {
    const main = `${BASE}{% if relay_port == "465" %}\nsmtp_tls_wrappermode = yes\nsmtp_tls_security_level = encrypt\n{% else %}\nsmtp_tls_security_level = may\n{% endif %}\nrelayhost = [{{ relay_host }}]:{{ relay_port }}\nsmtp_sasl_auth_enable = yes\n`;
    const fs = lint({ main });
    expectNone(fs, 'client-wrapper-level', 'wrappermode and "may" are in different branches');
    expectNone(fs, 'client-sasl-cleartext', 'the level depends on the branch');
    const erb = lint({ main: BASE, master: `${SMTPD}${SUBMISSION}  -o smtpd_tls_security_level=<%= @submission_level %>\n` });
    expectNone(erb, 'server-level-invalid');
    expectNone(erb, 'missing-server-cert');
  });

  it('a templated legacy switch, and a template that prints definitions of its own', () => {
    const sw = lint({ main: 'compatibility_level = 3.11\nsmtpd_use_tls = <%= @smtpd_use_tls %>\nsmtpd_tls_cert_file = /etc/ssl/certs/mail.pem\n' });
    expectNone(sw, 'server-tls-off', 'smtpd_use_tls may render as yes');
    const gen = lint({ main: '# managed\n<% @settings.each do |k, v| -%>\n<%= "#{k} = #{v}" %>\n<% end -%>\nsmtpd_tls_cert_file = /etc/ssl/certs/mail.pem\n' });
    for (const rule of ['server-tls-off', 'client-no-tls', 'weak-protocol-tls10', 'legacy-cert-params']) expectNone(gen, rule, 'any parameter may be rendered');
    // What the template spells out is still judged.
    expectFinding(lint({ main: '<%= "#{k} = #{v}" %>\nsmtpd_tls_ciphers = low\n' }), 'weak-cipher-grade', { severity: 'warning', file: 'main', line: 1, text: 'low' });
  });
});

describe('TLS rules: odd input', () => {
  const body = 'compatibility_level = 3.11\nsmtpd_tls_security_level = encrypt\nsmtpd_tls_protocols = >= TLSv1.2, !TLSv1.3\nsmtpd_tls_ciphers = export\nsmtp_tls_security_level = dane\nsmtpd_tls_exclude_ciphers = !RC4\nsmtpd_tls_dh1024_param_file =\n  /x\n';
  const junk = Array.from({ length: 400 }, (_, i) => String.fromCharCode((i * 37) % 256)).join('');
  const variants: Record<string, string> = {
    'CRLF line ends': body.replace(/\n/g, '\r\n'),
    'lone CR line ends': body.replace(/\n/g, '\r'),
    tabs: body.replace(/ /g, '\t'),
    'NUL bytes': body.replace(/ = /g, ' =\0 '),
    'binary junk after': body + junk,
  };
  for (const [name, main] of Object.entries(variants)) {
    it(`${name}: no exception, findings and fix edits inside the documents`, () => {
      const ls = getLanguageService();
      const docs = docsOf({ main, master: `${SMTPD.trimEnd()}\r\n  -o smtpd_tls_security_level=encrypt\r\n${SMTPS.trimEnd()}\r` });
      // The TLS rules' findings (the general rules and the parser have tests of their own).
      const found = lintDocs(docs, undefined, ls).filter((f) => TLS_RULES.includes(f.rule));
      assert.ok(found.some((f) => f.rule === 'mx-requires-tls'));
      for (const f of found) assert.ok(rangeInside(docs[f.file]!, f.range), `${f.rule} ${JSON.stringify(f.range)} outside ${f.file}.cf`);
      for (const kind of ['main', 'master'] as const) {
        const d = docs[kind]!;
        const whole = { start: { line: 0, character: 0 }, end: d.positionAt(d.getText().length) };
        const diags = ls.validate(d, { main: docs.main, master: docs.master }).filter((x) => TLS_RULES.includes(String(x.code)));
        for (const a of ls.getCodeActions(d, whole, diags, { main: docs.main, master: docs.master }).filter((x) => x.diagnostics?.some((y) => TLS_RULES.includes(String(y.code))))) {
          for (const [uri, edits] of Object.entries(a.edit?.changes ?? {})) {
            const target = uri === docs.main!.uri ? docs.main! : docs.master!;
            for (const e of edits) assert.ok(rangeInside(target, e.range), `"${a.title}" edit ${JSON.stringify(e.range)} outside ${uri}`);
          }
        }
      }
    });
  }
});

describe('TLS rules: scale', () => {
  it('a template main.cf with 21 000 definitions and a master.cf with 3 000 services and 20 000 -o stay fast', function () {
    this.timeout(60000);
    const main = `{% if x %}\n${'smtpd_tls_protocols = !SSLv2\nsmtp_tls_security_level = may\nsmtpd_tls_ciphers = low\n'.repeat(7000)}{% endif %}\n`;
    let master = `smtp inet n - y - - smtpd ${'-o smtpd_tls_loglevel=1 '.repeat(20000)}\n`;
    for (let i = 0; i < 3000; i++) master += `s${i} inet n - y - - smtpd -o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes\n`;
    const t = Date.now();
    const fs = lint({ main, master });
    const ms = Date.now() - t;
    assert.ok(fs.length > 0);
    assert.ok(ms < 8000, `took ${ms} ms`);
  });
});

describe('TLS rules: what a careful expert would say (issue 9)', () => {
  it('sasl-plaintext near miss: smtpd_sasl_security_options with noplaintext offers no password mechanism before STARTTLS', () => {
    expectNone(lint({ main: `${BASE}smtpd_sasl_auth_enable = yes\nsmtpd_sasl_security_options = noanonymous, noplaintext\n`, master: SMTPD }), 'sasl-plaintext');
    expectFinding(lint({ main: `${BASE}smtpd_sasl_auth_enable = yes\n`, master: SMTPD }), 'sasl-plaintext', { severity: 'warning', file: 'main', line: 3, message: ['smtpd_sasl_security_options = "noanonymous" allows plaintext'] });
  });

  it('missing-server-cert: a certificate parameter set to a $name nothing defines is no certificate', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = $ssl_cert\nsmtpd_tls_key_file = $ssl_key\n' });
    expectFinding(fs, 'missing-server-cert', { severity: 'error', file: 'main', line: 2, text: '$ssl_cert', message: ['refers to $ssl_cert, which nothing defines'] });
    // Upper-case placeholders are filled in by an entrypoint script (envsubst): not judged.
    expectNone(lint({ main: 'compatibility_level = 3.11\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = ${SSL_CERT}\n' }), 'missing-server-cert');
    expectNone(lint({ main: 'compatibility_level = 3.11\nsmtpd_tls_security_level = may\ncerts = /etc/ssl\nsmtpd_tls_cert_file = $certs/mx.pem\n' }), 'missing-server-cert');
  });

  it('server-tls-off near miss: main.cf alone that sets up only the client (a relayhost) is a sending host, not a server', () => {
    expectNone(lint({ main: 'relayhost = [smtp.example.com]:587\nsmtp_sasl_auth_enable = yes\nsmtp_tls_security_level = encrypt\n' }), 'server-tls-off');
    expectNone(lint({ main: 'compatibility_level = 3.11\nmydestination = $myhostname, localhost.$mydomain, localhost\n' }), 'server-tls-off');
  });

  it('server-tls-off near miss: a relay for its own networks (no local, relay or virtual domains) is not an MX', () => {
    expectNone(lint({ main: 'compatibility_level = 3.11\nmydestination =\nrelay_domains =\nmynetworks = 10.0.0.0/8\n' }), 'server-tls-off');
    expectFinding(lint({ main: 'compatibility_level = 3.11\nmydestination =\nrelay_domains = example.com\n' }), 'server-tls-off', { severity: 'warning', file: 'main', line: 0 });
    // Restrictions that let only the own networks and authenticated clients hand over mail.
    expectNone(lint({ main: 'compatibility_level = 3.11\nsmtpd_relay_restrictions = permit_mynetworks, reject\n', master: SMTPD }), 'server-tls-off');
    expectFinding(lint({ main: 'compatibility_level = 3.11\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n', master: SMTPD }), 'server-tls-off', { severity: 'warning', file: 'main', line: 1 });
  });

  it('a main.cf of comments only is a placeholder: no finding about settings it does not have', () => {
    assert.deepEqual(lint({ main: '# See /usr/share/postfix/main.cf.dist for a commented, more complete version\n' }).map((f) => f.rule), []);
  });

  it('a template whose names come from template tags (a loop over a dictionary) can set anything: nothing is guessed', () => {
    const docs = { main: TextDocument.create('file:///roles/postfix/templates/main.cf.j2', 'postfix-main', 1, '# managed by ansible\n{% for key, value in postfix_main.items() %}\n{{ key }} = {{ value }}\n{% endfor %}\n') };
    assert.deepEqual(lintDocs(docs, undefined).map((f) => f.rule).filter((r) => r !== 'syntax'), []);
  });

  it('sasl-password-inline: static: and inline: password tables in main.cf and master.cf', () => {
    let fs = lint({ main: 'compatibility_level = 3.11\nsmtp_sasl_password_maps = static:relayuser:s3cret\n' });
    expectFinding(fs, 'sasl-password-inline', { severity: 'warning', file: 'main', line: 1, text: 'static:relayuser:s3cret', message: ['holds a password in the configuration itself', '0600'] });
    assert.doesNotMatch(ofRule(fs, 'sasl-password-inline')[0].message, /s3cret/, 'the password is never repeated');
    fs = lint({ main: 'compatibility_level = 3.11\nsmtp_sasl_password_maps = hash:/etc/postfix/x, inline:{ [relay.example.com]:587 = user:pw }\n' });
    expectFinding(fs, 'sasl-password-inline', { severity: 'warning', file: 'main', line: 1 });
    fs = lint({ main: BASE, master: `${SMTPD}relay unix - - n - - smtp\n  -o smtp_sasl_password_maps=static:u:p\n` });
    expectFinding(fs, 'sasl-password-inline', { severity: 'warning', file: 'master', line: 2 });
  });

  it('sasl-password-inline near miss: tables in files, an empty static:', () => {
    expectNone(lint({ main: 'compatibility_level = 3.11\nsmtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd, texthash:/etc/postfix/p\n' }), 'sasl-password-inline');
    expectNone(lint({ main: 'compatibility_level = 3.11\nsmtp_sasl_password_maps = proxy:mysql:/etc/postfix/sasl.cf\n' }), 'sasl-password-inline');
  });

  it('orphaned-override: -o smtpd_tls_wrappermode=yes left under a commented-out smtps attaches to submission', () => {
    const master = `${SMTPD}submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n#smtps     inet  n       -       y       -       -       smtpd\n  -o smtpd_tls_wrappermode=yes\n`;
    const fs = lint({ main: BASE, master });
    expectFinding(fs, 'orphaned-override', { severity: 'warning', file: 'master', line: 4, text: 'smtpd_tls_wrappermode=yes', message: ['commented-out service on line 4', 'applies to submission/inet (line 2)', 'implicit TLS where clients expect STARTTLS'] });
  });

  it('orphaned-override near miss: overrides above the comment, an ordinary comment between overrides', () => {
    const master = `${SMTPD}submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n# require TLS before AUTH\n  -o smtpd_tls_auth_only=yes\n#smtps     inet  n       -       y       -       -       smtpd\n#  -o smtpd_tls_wrappermode=yes\n`;
    expectNone(lint({ main: BASE, master }), 'orphaned-override');
  });

  it('client-mandatory-global says what each level refuses; encrypt does not verify certificates', () => {
    const enc = ofRule(lint({ main: 'compatibility_level = 3.11\nsmtp_tls_security_level = encrypt\n' }), 'client-mandatory-global')[0];
    assert.match(enc.message, /does not offer STARTTLS/);
    assert.doesNotMatch(enc.message, /unverifiable|verif/);
    const ver = ofRule(lint({ main: 'compatibility_level = 3.11\nsmtp_tls_security_level = verify\nsmtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\n' }), 'client-mandatory-global')[0];
    assert.match(ver.message, /does not verify/);
  });

  it('dane-no-dnssec names every missing piece: the DNS support level and the host lookup', () => {
    const f = ofRule(lint({ main: 'compatibility_level = 3.11\nsmtp_tls_security_level = dane\nsmtp_host_lookup = native\n' }), 'dane-no-dnssec')[0];
    assert.match(f.message, /smtp_dns_support_level is "" .*not "dnssec"/);
    assert.match(f.message, /smtp_host_lookup = "native"/);
  });

  it('the server block fix keeps port 25 opportunistic and is not part of fix-all when it carries example certificate paths', () => {
    const fs = lint({ main: 'compatibility_level = 3.11\nsmtpd_banner = $myhostname ESMTP\n' });
    const f = ofRule(fs, 'server-tls-off')[0];
    assert.equal(f.fixes?.[0].preferred, false);
    const withCert = ofRule(lint({ main: 'compatibility_level = 3.11\nsmtpd_tls_cert_file = /etc/ssl/certs/mx.pem\nsmtpd_tls_key_file = /etc/ssl/private/mx.key\n' }), 'server-tls-off')[0];
    assert.equal(withCert.fixes?.[0].preferred, true);
  });

  it('weak-protocol-ssl on opportunistic port 25: the fix removes SSL and keeps every TLS version', () => {
    const f = ofRule(lint({ main: `${BASE}smtpd_tls_protocols = !SSLv2\n`, master: SMTPD }), 'weak-protocol-ssl')[0];
    assert.equal(f.fixes?.[0].title, 'Set smtpd_tls_protocols = >=TLSv1');
    const m = ofRule(lint({ main: `${BASE}smtpd_tls_mandatory_protocols = !SSLv2\n`, master: `${SMTPD}${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n` }), 'weak-protocol-ssl')[0];
    assert.equal(m.fixes?.[0].title, 'Set smtpd_tls_mandatory_protocols = >=TLSv1.2');
  });
});

describe('TLS rules: every rule was seen', () => {
  it('each catalogue rule had a triggering case above', () => {
    assert.deepEqual(TLS_RULES.filter((r) => !covered.has(r)), []);
  });
});
