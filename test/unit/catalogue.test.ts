// The rule catalogue (server/src/service/rules/catalogue.ts) is the runtime registry of rules:
// what it says of a rule is what the rule does. One configuration per rule that judges text
// (the table's type makes a new catalogue rule a compile error until it has a case here; the
// rules that read files are checked against real files in certificates.test.ts): the rule is
// reported with the catalogue's severity (a 'mixed' rule: with the one the case names), a
// fixable rule offers a quick fix for it, a rule that is not fixable offers none.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Severity } from '../../server/src/service/findings';
import { getLanguageService } from '../../server/src/service/languageService';
import { FileRuleId, RULE_IDS, RULES, ruleInfo, RuleId, TableRuleId } from '../../server/src/service/rules/catalogue';
import { RATIONALE } from '../../server/src/service/rules/rationale';
import { actionsFor, Config, diagnosticsOf, docsOf, FileKind, lint, POSTSCREEN, SMTPD, SMTPS, SUBMISSION } from './tlsSpec';

const CERTS = 'smtpd_tls_chain_files = /etc/ssl/private/mail.key, /etc/ssl/certs/mail.pem\n';
const BASE = `compatibility_level = 3.11\nsmtpd_tls_security_level = may\n${CERTS}`;
const RELAY = 'compatibility_level = 3.11\nrelayhost = [relay.example.com]\n';

interface Case extends Config {
  /** For a rule whose catalogue severity is 'mixed': the severity this case has. */
  severity?: Severity;
}

/** The table rules have their own cases in tlsPolicy.test.ts and sniTable.test.ts (a table document, not main.cf). */
const CASES: Record<Exclude<RuleId, FileRuleId | TableRuleId>, Case> = {
  syntax: { main: 'myhostname mail.example.com\n' },
  'accidental-continuation': { main: 'myhostname = mail.example.com\n  mydomain = example.com\n' },
  'unknown-parameter': { main: 'smtpd_tls_securty_level = may\n' },
  'duplicate-parameter': { main: 'myhostname = a.example.com\nmyhostname = b.example.com\n' },
  'invalid-value': { main: 'smtpd_tls_auth_only = maybe\n' },
  'undefined-reference': { main: 'myhostname = mail.$mydomian\n' },
  'version-mismatch': { main: 'smtpd_tls_chain_files = /etc/ssl/mail.pem\n', settings: { targetVersion: '3.3' } },
  'deprecated-parameter': { main: 'smtpd_use_tls = yes\n', settings: { targetVersion: '3.11' } },
  'default-value': { main: 'smtpd_tls_loglevel = 0\n' },
  'server-tls-off': { main: '# main.cf\ncompatibility_level = 3.11\nmydestination = $myhostname, example.com\n' },
  'missing-server-cert': { main: 'compatibility_level = 3.11\nsmtpd_tls_security_level = may\n', master: SMTPD },
  'chain-plus-legacy': { main: `${BASE}smtpd_tls_cert_file = /etc/ssl/certs/old.pem\n` },
  'legacy-cert-params': { main: 'compatibility_level = 3.11\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = /etc/ssl/certs/mail.pem\nsmtpd_tls_key_file = /etc/ssl/private/mail.key\n' },
  'certless-or-dsa': { main: 'compatibility_level = 3.11\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = none\nsmtpd_tls_dcert_file = /etc/ssl/certs/dsa.pem\n' },
  'mx-requires-tls': { main: BASE, master: `${SMTPD}  -o smtpd_tls_security_level=encrypt\n` },
  'server-level-invalid': { main: `compatibility_level = 3.11\nsmtpd_tls_security_level = secure\n${CERTS}`, master: SMTPD, severity: 'warning' },
  'sasl-plaintext': { main: `${BASE}smtpd_sasl_auth_enable = yes\n`, master: SMTPD, severity: 'warning' },
  'submissions-no-wrapper': { main: BASE, master: SMTPD + SMTPS },
  'client-wrapper-level': { main: 'compatibility_level = 3.11\nsmtp_tls_wrappermode = yes\n' },
  'weak-protocol-ssl': { main: `${BASE}smtpd_tls_protocols = !SSLv2\n` },
  'weak-protocol-tls10': { main: `${BASE}smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3\n`, master: `${SMTPD}${SUBMISSION}  -o smtpd_tls_security_level=encrypt\n` },
  'protocol-invalid': { main: `${BASE}smtpd_tls_protocols = >= TLSv1.2\n` },
  'protocol-gap': { main: `${BASE}smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3, !TLSv1.1\n` },
  'protocol-legacy-syntax': { main: `${BASE}smtp_tls_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1\n` },
  'tls13-disabled': { main: `${BASE}smtpd_tls_protocols = >=TLSv1.2, !TLSv1.3\n` },
  'weak-cipher-grade': { main: `compatibility_level = 3.7\nsmtpd_tls_security_level = may\n${CERTS}smtpd_tls_ciphers = export\n`, severity: 'error' },
  'null-cipher': { main: `${BASE}smtpd_tls_mandatory_ciphers = null\n` },
  'invalid-grade': { main: `${BASE}smtp_tls_mandatory_ciphers = HIGH:!aNULL\n` },
  'high-opportunistic': { main: `${BASE}smtpd_tls_ciphers = high\n` },
  'exclude-syntax': { main: `${BASE}smtpd_tls_exclude_ciphers = aNULL, !RC4\n` },
  'cipherlist-override': { main: `${BASE}tls_high_cipherlist = ECDHE+AESGCM\n` },
  'dh-param-file': { main: `${BASE}smtpd_tls_dh1024_param_file = \${config_directory}/dh2048.pem\n` },
  'ignored-parameter': { main: `${BASE}smtpd_tls_eecdh_grade = ultra\n` },
  'curves-override': { main: `${BASE}tls_eecdh_auto_curves = secp384r1 secp521r1\n` },
  'enforce-silently-ignored': { main: 'compatibility_level = 3.11\nsmtp_enforce_tls = yes\n' },
  'client-no-tls': { main: 'compatibility_level = 3.11\nsmtp_tls_security_level = none\n' },
  'client-mandatory-global': { main: 'compatibility_level = 3.11\nsmtp_tls_security_level = encrypt\n' },
  'dane-no-dnssec': { main: 'compatibility_level = 3.11\nsmtp_tls_security_level = dane\n' },
  'dane-misplaced': { main: `compatibility_level = 3.11\n${CERTS}`, master: `${SMTPD}  -o smtpd_tls_security_level=dane\n` },
  'fingerprint-empty': { main: `${RELAY}smtp_tls_security_level = fingerprint\n` },
  'weak-fp-digest': { main: `${BASE}smtpd_tls_fingerprint_digest = sha1\n` },
  'verify-no-trust': { main: `${RELAY}smtp_tls_security_level = verify\n` },
  'secure-hostname': { main: 'compatibility_level = 3.11\nsmtp_tls_secure_cert_match = hostname, nexthop\n' },
  'client-sasl-cleartext': { main: 'compatibility_level = 3.11\nrelayhost = [relay.example.com]:587\nsmtp_sasl_auth_enable = yes\nsmtp_sasl_security_options = noanonymous\n' },
  'sasl-password-inline': { main: 'compatibility_level = 3.11\nsmtp_sasl_password_maps = static:relayuser:s3cret\n' },
  'req-ccert-optional': { main: `${BASE}smtpd_tls_req_ccert = yes\n`, master: SMTPD + SUBMISSION },
  'session-cache': { main: BASE, master: `${SMTPD}  -o smtpd_tls_session_cache_database=btree:/var/lib/postfix/x\n`, severity: 'warning' },
  'verbose-loglevel': { main: `${BASE}smtpd_tls_loglevel = 2\n` },
  'received-header-privacy': { main: `${BASE}smtpd_tls_received_header = yes\n`, settings: { rules: { 'received-header-privacy': 'info' } } },
  'orphaned-override': { main: BASE, master: `${SMTPD}submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n#smtps     inet  n       -       y       -       -       smtpd\n  -o smtpd_tls_wrappermode=yes\n` },
  'postscreen-mismatch': { main: BASE, master: `${POSTSCREEN}  -o smtpd_tls_loglevel=1\n` },
};

describe('rule catalogue: what it says of each rule is what the rule does', () => {
  for (const [rule, c] of Object.entries(CASES) as Array<[Exclude<RuleId, FileRuleId | TableRuleId>, Case]>) {
    const info = ruleInfo(rule);
    it(`${rule}: reported as ${info.severity === 'mixed' ? `${c.severity} (mixed)` : info.severity}, ${info.fixable ? 'with' : 'without'} a quick fix`, () => {
      const severity = info.severity === 'mixed' ? c.severity : info.severity;
      assert.ok(severity, `${rule} is 'mixed' in the catalogue: the case must name the severity it expects`);
      const found = lint(c).filter((f) => f.rule === rule);
      assert.ok(found.length > 0, `${rule} not reported for its case`);
      assert.ok(found.some((f) => f.severity === severity), `${rule}: none of ${found.map((f) => f.severity).join(', ')} is ${severity}`);
      const docs = docsOf(c);
      const ls = getLanguageService();
      const fixes = (['main', 'master'] as FileKind[]).filter((k) => docs[k]).flatMap((k) =>
        diagnosticsOf(docs, k, c.settings, ls).filter((d) => d.code === rule).flatMap((d) => actionsFor(docs, k, d, c.settings, ls).filter((a) => a.edit)),
      );
      if (info.fixable) assert.ok(fixes.length > 0, `${rule} is fixable in the catalogue but offers no quick fix`);
      else assert.deepEqual(fixes.map((a) => a.title), [], `${rule} is not fixable in the catalogue but offers a fix`);
    });
  }

  it('every rule has its rationale and sources (knowledge/rationale.json), and no entry names a rule that does not exist', () => {
    for (const r of RULES) {
      const x = RATIONALE[r.id];
      assert.ok(x && typeof x.why === 'string' && x.why.length > 40, `${r.id}: no rationale`);
      assert.ok(Array.isArray(x.sources) && x.sources.length > 0, `${r.id}: no sources`);
    }
    assert.deepEqual(Object.keys(RATIONALE).filter((id) => !RULE_IDS.has(id)), []);
  });

  it('every severity literal left at an emit site differs from the catalogue default (the default is never repeated there)', () => {
    const dir = path.resolve(__dirname, '../../../server/src/service/rules');
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && f !== 'catalogue.ts');
    const repeated: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/rule: '([a-z0-9-]+)',\s*severity: '(\w+)'/g)) {
        if (RULES.find((r) => r.id === m[1])?.severity === m[2]) repeated.push(`${f}: ${m[0]}`);
      }
    }
    assert.deepEqual(repeated, []);
  });
});
