// Diagnostics specs: for every rule of rules/general.ts a configuration that
// triggers it (code, severity, message, range) and near misses that must not.
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import { diagnosticsOf, general, listDiags, Options, r, validate } from './spec';

const { Error: ERROR, Warning: WARNING, Hint: HINT } = DiagnosticSeverity;

/** The one diagnostic of a rule (fails when there are none or several). */
function one(text: string, rule: string, opts: Options = {}): Diagnostic {
  const all = validate(text, opts);
  const found = all.filter((d) => d.code === rule);
  assert.equal(found.length, 1, `expected one ${rule}, got:\n${listDiags(all)}`);
  return found[0];
}

/** No diagnostic of the rule. */
function none(text: string, rule: string, opts: Options = {}): void {
  const found = diagnosticsOf(text, rule, opts);
  assert.deepEqual(found.map((d) => `${r(d.range)} ${d.message}`), [], `expected no ${rule}`);
}

function expectDiag(d: Diagnostic, severity: DiagnosticSeverity, range: string, message: RegExp): void {
  assert.equal(d.severity, severity, `severity of: ${d.message}`);
  assert.equal(r(d.range), range, `range of: ${d.message}`);
  assert.match(d.message, message);
  assert.equal(d.source, 'postfix-tls');
}

describe('diagnostics: syntax', () => {
  it('reports a line without "="', () => {
    expectDiag(one('myhostname mail.example.com\n', 'syntax'), ERROR, '0:0-0:27', /missing '=' after attribute name: "myhostname mail\.example\.com"/);
  });

  it('near miss: "name = value" and "name=value" are fine', () => {
    assert.deepEqual(general(validate('myhostname = mail.example.com\nmydomain=example.com\n')), []);
  });

  it('reports a wrong master.cf field count', () => {
    expectDiag(one('smtp inet n - y - -\n', 'syntax', { kind: 'master' }), ERROR, '0:0-0:19', /wrong field count: 7 of the 8/);
  });

  it('near miss: a complete master.cf entry with continuation lines', () => {
    assert.deepEqual(general(validate('smtp inet n - y - - smtpd\n  -o smtpd_tls_security_level=may\n', { kind: 'master' })), []);
  });
});

describe('diagnostics: accidental-continuation', () => {
  it('reports an indented line that looks like a definition', () => {
    const d = one('myhostname = mail.example.com\n  mydomain = example.com\n', 'accidental-continuation');
    expectDiag(d, WARNING, '1:2-1:24', /looks like "mydomain = \.\.\.".*continues the value of "myhostname"/);
  });

  it('also after a blank line and for an unknown name with "_"', () => {
    expectDiag(one('myhostname = a\n\n\tmy_own_name = x\n', 'accidental-continuation'), WARNING, '2:1-2:16', /my_own_name/);
  });

  it('near miss: a real continued list, and an indented word with "=" that is no name', () => {
    none('smtpd_recipient_restrictions =\n  permit_mynetworks,\n  reject_unauth_destination\n', 'accidental-continuation');
    none('smtpd_recipient_restrictions =\n  check_client_access inline:{ 1.2.3.4=REJECT }\n', 'accidental-continuation');
  });
});

describe('diagnostics: unknown-parameter', () => {
  it('reports a misspelled name with a suggestion', () => {
    const d = one('smtpd_tls_cert_fil = /etc/ssl/cert.pem\n', 'unknown-parameter');
    expectDiag(d, WARNING, '0:0-0:18', /unknown parameter "smtpd_tls_cert_fil".*did you mean "smtpd_tls_cert_file"\?/);
    assert.deepEqual(d.data, { suggestion: 'smtpd_tls_cert_file' });
  });

  it('reports an unknown -o name in master.cf with its service', () => {
    const d = one('submission inet n - y - - smtpd\n  -o smtpd_tls_cert_fil=x\n', 'unknown-parameter', { kind: 'master' });
    expectDiag(d, WARNING, '1:5-1:23', /-o override of submission\/inet/);
  });

  it('near miss: a user-defined parameter referenced via $name', () => {
    none('my_relay = [relay.example]:587\nrelayhost = $my_relay\n', 'unknown-parameter');
    none('my_relay = x\nrelayhost = ${my_relay}\n', 'unknown-parameter');
  });

  it('near miss: a transport-prefixed name of a stock service', () => {
    none('relay_destination_concurrency_limit = 5\nsmtp_destination_rate_delay = 1s\nlocal_recipient_limit = 10\n', 'unknown-parameter');
  });

  it('near miss: a transport-prefixed name of a master.cf service', () => {
    const master = 'slowsmtp unix - - y - - smtp\n';
    none('slowsmtp_destination_concurrency_limit = 2\n', 'unknown-parameter', { other: master });
  });

  it('near miss: members of smtpd_restriction_classes', () => {
    none('smtpd_restriction_classes = strict_rcpt, relaxed\nstrict_rcpt = reject_unknown_recipient_domain\nrelaxed = permit\n', 'unknown-parameter');
  });

  it('near miss: a main.cf parameter used by a master.cf -o reference', () => {
    const master = 'submission inet n - y - - smtpd\n  -o smtpd_client_restrictions=$mua_client_restrictions\n';
    none('mua_client_restrictions = permit_sasl_authenticated, reject\n', 'unknown-parameter', { other: master });
    // Without master.cf it is unused, and so reported.
    one('mua_client_restrictions = permit_sasl_authenticated, reject\n', 'unknown-parameter');
  });
});

describe('diagnostics: duplicate-parameter', () => {
  it('reports the later definition and relates the earlier one', () => {
    const d = one('myhostname = a\nmydomain = x\nmyhostname = b\n', 'duplicate-parameter');
    expectDiag(d, WARNING, '2:0-2:10', /"myhostname" is already set on line 1: this later definition wins/);
    assert.equal(d.relatedInformation?.length, 1);
    assert.equal(r(d.relatedInformation![0].location.range), '0:0-0:14');
  });

  it('reports a repeated -o within one master.cf service', () => {
    const text = 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_tls_security_level=may\n';
    expectDiag(one(text, 'duplicate-parameter', { kind: 'master' }), WARNING, '2:5-2:29', /already set on line 2/);
  });

  it('near miss: the same -o in different master.cf services', () => {
    const text = 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\nsmtps inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n';
    none(text, 'duplicate-parameter', { kind: 'master' });
  });

  it('near miss: different names', () => {
    none('myhostname = a\nmydomain = a\n', 'duplicate-parameter');
  });
});

describe('diagnostics: invalid-value', () => {
  it('reports an invalid boolean', () => {
    expectDiag(one('smtpd_tls_received_header = maybe\n', 'invalid-value'), ERROR, '0:28-0:33', /"maybe" is not a boolean: smtpd_tls_received_header takes "yes" or "no"/);
  });

  it('reports an invalid integer and one below the minimum', () => {
    expectDiag(one('smtpd_recipient_limit = lots\n', 'invalid-value'), ERROR, '0:24-0:28', /"lots" is not an integer/);
    expectDiag(one('smtpd_recipient_limit = -5\n', 'invalid-value'), ERROR, '0:24-0:26', /below the minimum of smtpd_recipient_limit \(1\)/);
  });

  it('reports an invalid time', () => {
    expectDiag(one('smtpd_timeout = 5x\n', 'invalid-value'), ERROR, '0:16-0:18', /"5x" is not a time: .*s, m, h, d or w/);
  });

  it('reports a word outside an enumeration', () => {
    expectDiag(one('smtp_tls_security_level = maybe\n', 'invalid-value'), ERROR, '0:26-0:31', /"maybe" is not a valid value for smtp_tls_security_level/);
    expectDiag(one('milter_default_action = maybe\n', 'invalid-value'), ERROR, '0:24-0:29', /expected one of accept, reject, tempfail, quarantine, shutdown/);
  });

  it('reports the bad item of a list on that item', () => {
    expectDiag(one('inet_protocols = ipv4, ipx\n', 'invalid-value'), ERROR, '0:23-0:26', /"ipx" is not a valid item of inet_protocols/);
  });

  it('reports a value that is invalid once expanded, on the value', () => {
    const d = one('x = maybe\nsmtpd_tls_received_header = $x\n', 'invalid-value');
    expectDiag(d, ERROR, '1:28-1:30', /"maybe" \(after expanding \$x\) is not a boolean/);
  });

  it('flags an invalid value for the server security level (by whichever rule owns it)', () => {
    const found = validate('smtpd_tls_security_level = maybe\n').filter((d) => r(d.range) === '0:27-0:32' && d.severity === ERROR);
    assert.equal(found.length, 1, listDiags(validate('smtpd_tls_security_level = maybe\n')));
  });

  it('near miss: valid booleans, integers, times and enumerations', () => {
    const text = [
      'smtpd_tls_received_header = YES',
      'smtpd_tls_ask_ccert = no',
      'smtpd_recipient_limit = 1000',
      'smtpd_timeout = 300s',
      'maximal_queue_lifetime = 5d',
      'smtp_tls_security_level = dane',
      'smtp_dns_support_level = dnssec',
      'milter_default_action = tempfail',
      'inet_protocols = ipv4, ipv6',
      '',
    ].join('\n');
    none(text, 'invalid-value');
  });

  it('near miss: TLS log levels as Postfix reads them (0-9 and names)', () => {
    none('smtpd_tls_loglevel = 1\nsmtp_tls_loglevel = 7\nlmtp_tls_loglevel = summary, untrusted\n', 'invalid-value');
    expectDiag(one('smtp_tls_loglevel = 1, bogus\n', 'invalid-value'), ERROR, '0:23-0:28', /"bogus" is not a TLS log level/);
  });

  it('near miss: values built from references that expand to valid ones', () => {
    none('default_process_limit = 100\nsmtpd_recipient_limit = $default_process_limit\nsmtpd_timeout = ${default_process_limit}s\nsmtpd_tls_received_header = $smtpd_tls_ask_ccert\n', 'invalid-value');
  });
});

describe('diagnostics: undefined-reference', () => {
  it('reports $name of nothing, with a suggestion', () => {
    const d = one('myorigin = $mydomian\n', 'undefined-reference');
    expectDiag(d, WARNING, '0:12-0:20', /"\$mydomian" refers to a parameter that is neither built in nor defined.*did you mean "mydomain"\?/);
  });

  it('reports each form: ${x}, $(x), ${x?y}, ${x:y}', () => {
    const found = diagnosticsOf('myorigin = ${nope1} $(nope2) ${nope3?a} ${nope4:b}\n', 'undefined-reference');
    assert.deepEqual(found.map((d) => r(d.range)), ['0:13-0:18', '0:22-0:27', '0:31-0:36', '0:42-0:47']);
  });

  it('an upper-case $NAME (an envsubst placeholder) is a hint that says so, never a warning', () => {
    const found = diagnosticsOf('relayhost = $RELAY_HOST\nmynetworks = 127.0.0.0/8 ${EXTRA_NET}\n', 'undefined-reference');
    assert.deepEqual(found.map((d) => [r(d.range), d.severity]), [['0:13-0:23', 4], ['1:27-1:36', 4]]);
    assert.match(found[0].message, /placeholder/);
  });

  it('reports an undefined -o reference in master.cf', () => {
    const text = 'submission inet n - y - - smtpd\n  -o smtpd_client_restrictions=$mua_client_restrictions\n';
    expectDiag(one(text, 'undefined-reference', { kind: 'master' }), WARNING, '1:32-1:55', /"\$mua_client_restrictions"/);
  });

  it('near miss: built-in names, user names, $$ escapes', () => {
    none('my_domain = example.com\nmyorigin = $mydomain $my_domain ${myhostname} $$literal\n', 'undefined-reference');
  });

  it('near miss: a master.cf -o referencing a main.cf user parameter', () => {
    const text = 'submission inet n - y - - smtpd\n  -o smtpd_client_restrictions=$mua_client_restrictions\n';
    none(text, 'undefined-reference', { kind: 'master', other: 'mua_client_restrictions = permit_sasl_authenticated, reject\n' });
  });

  it('near miss: a -o reference to an earlier -o of the same service', () => {
    const text = 'submission inet n - y - - smtpd\n  -o my_level=encrypt\n  -o smtpd_tls_security_level=$my_level\n';
    none(text, 'undefined-reference', { kind: 'master' });
  });
  // The cases below follow Debian's postconf 3.7.11 ("undefined parameter" warnings of postconf -n).
  it('near miss: values Postfix never expands (mailbox_command, smtpd_reject_footer, forward_path, luser_relay), in main.cf and in -o', () => {
    const main =
      'mailbox_command = /usr/bin/procmail -a "$EXTENSION" -d $USER\nsmtpd_reject_footer = Contact postmaster, client $client_address\n' +
      'forward_path = $home/.forward${recipient_delimiter}${extension}\nluser_relay = $user@other.example\ndefault_rbl_reply = $rbl_code Service unavailable; $rbl_class [$rbl_what] blocked using $rbl_domain${rbl_reason?; $rbl_reason}\n';
    none(main, 'undefined-reference');
    none('smtp inet n - y - - smtpd -o smtpd_reject_footer=$client_address\n', 'undefined-reference', { kind: 'master', other: '' });
  });

  it('near miss: a truncated ${ in a value Postfix never expands is plain text there', () => {
    assert.deepEqual(diagnosticsOf('mailbox_command = /usr/bin/deliver ${oops\n', 'syntax'), []);
  });

  it('a name used only by a value Postfix never expands is unused (postconf: "unused parameter")', () => {
    const found = diagnosticsOf('my_tool = /usr/local/bin/tool\nmailbox_command = $my_tool\n', 'unknown-parameter');
    assert.deepEqual(found.map((d) => r(d.range)), ['0:0-0:7']);
  });

  it('near miss: the arguments of a pipe(8) command are not parameter values', () => {
    const master = 'dovecot unix - n n - - pipe\n  flags=DRhu user=vmail argv=/usr/lib/dovecot/deliver -f ${sender} -d ${recipient} -a $original_recipient\n';
    none(master, 'undefined-reference', { kind: 'master', other: '' });
  });

  it('reports a reference in the value of an unknown name too (postconf scans every main.cf value)', () => {
    expectDiag(one('my_checks = $nope_checks\nsmtpd_recipient_restrictions = $my_checks\n', 'undefined-reference'), WARNING, '0:13-0:24', /"\$nope_checks"/);
  });

  it('reports only in the definition that counts: an earlier one of the same name is never read', () => {
    const found = diagnosticsOf('myorigin = $first_typo\nmyorigin = $second_typo\n', 'undefined-reference');
    assert.deepEqual(found.map((d) => r(d.range)), ['1:12-1:23']);
    const master = 'smtp inet n - y - - smtpd -o smtpd_banner=$first_typo -o smtpd_banner=$second_typo\n';
    assert.deepEqual(diagnosticsOf(master, 'undefined-reference', { kind: 'master', other: '' }).map((d) => d.message.slice(0, 14)), ['"$second_typo"']);
  });

  it('near miss: a main.cf reference to a name only a master.cf service sets (each such service runs with it)', () => {
    none('smtpd_banner = $site_banner\n', 'undefined-reference', { other: 'smtp inet n - y - - smtpd -o site_banner=mail\n' });
  });

  it('reports an -o reference to a name only another service sets', () => {
    const master = 's1 inet n - y - - smtpd -o site_banner=mail\ns2 inet n - y - - smtpd -o smtpd_banner=$site_banner\n';
    expectDiag(one(master, 'undefined-reference', { kind: 'master', other: '' }), WARNING, '1:41-1:52', /"\$site_banner"/);
  });

  it('reports every name of a conditional, both branches included, but not ${a == b} (postconf: a syntax error)', () => {
    const found = diagnosticsOf('my_banner = ${nope1?{$nope2}:{$nope3}} ${nope4 == x}\nsmtpd_banner = $my_banner\n', 'undefined-reference');
    assert.deepEqual(found.map((d) => d.message.slice(0, 8)), ['"$nope1"', '"$nope2"', '"$nope3"']);
  });
});

describe('diagnostics: version-mismatch', () => {
  // smtpd_tls_chain_files first appeared in Postfix 3.4.
  it('reports a name newer than the target version', () => {
    const d = one('smtpd_tls_chain_files = /etc/ssl/key.pem, /etc/ssl/cert.pem\n', 'version-mismatch', { settings: { targetVersion: '3.3' } });
    expectDiag(d, WARNING, '0:0-0:21', /"smtpd_tls_chain_files" needs Postfix 3\.4 or later; the target is Postfix 3\.3 \(setting postfix\.targetVersion\)/);
  });

  it('takes the target from compatibility_level', () => {
    const d = one('compatibility_level = 3.3\nsmtpd_tls_chain_files = /x\n', 'version-mismatch');
    assert.match(d.message, /the target is Postfix 3\.3 \(from compatibility_level\)/);
  });

  it('near miss: the same name at 3.4, 3.5 and 3.11', () => {
    for (const v of ['3.4', '3.5', '3.11']) none('smtpd_tls_chain_files = /x\n', 'version-mismatch', { settings: { targetVersion: v } });
  });

  it('flags ">=TLSv1.2" for target 3.5 (the range form is 3.6+)', () => {
    const all = validate('smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.2\n', { settings: { targetVersion: '3.5' } });
    const found = all.filter((d) => r(d.range) === '1:22-1:31' && /needs Postfix 3\.6 or later/.test(d.message));
    assert.equal(found.length, 1, listDiags(all));
    assert.ok(found[0].severity === WARNING || found[0].severity === ERROR);
  });

  it('near miss: ">=TLSv1.2" for target 3.6, and exclusions for 3.5', () => {
    const at36 = validate('smtpd_tls_protocols = >=TLSv1.2\n', { settings: { targetVersion: '3.6' } });
    assert.deepEqual(at36.filter((d) => /3\.6 or later/.test(d.message)), []);
    const at35 = validate('smtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1\n', { settings: { targetVersion: '3.5' } });
    assert.deepEqual(at35.filter((d) => /3\.6 or later/.test(d.message)), []);
  });
});

describe('diagnostics: deprecated-parameter', () => {
  it('is a warning when the target has the deprecation (3.11)', () => {
    const d = one('postscreen_dnsbl_ttl = 1h\n', 'deprecated-parameter', { settings: { targetVersion: '3.11' } });
    expectDiag(d, WARNING, '0:0-0:20', /"postscreen_dnsbl_ttl" is deprecated since Postfix 3\.11: use "postscreen_dnsbl_max_ttl" instead/);
    assert.deepEqual(d.tags, [DiagnosticTag.Deprecated]);
  });

  it('is a hint when the target predates it (3.7)', () => {
    const d = one('postscreen_dnsbl_ttl = 1h\n', 'deprecated-parameter', { settings: { targetVersion: '3.7' } });
    expectDiag(d, HINT, '0:0-0:20', /the target is 3\.7, so it still works there/);
  });

  it('names the security level for the old TLS switches', () => {
    const d = one('smtpd_use_tls = yes\n', 'deprecated-parameter');
    expectDiag(d, WARNING, '0:0-0:13', /smtpd_use_tls = yes corresponds to smtpd_tls_security_level = may/);
  });

  it('near miss: the replacement name', () => {
    none('postscreen_dnsbl_max_ttl = 1h\nsmtpd_tls_security_level = may\n', 'deprecated-parameter');
  });
});

describe('diagnostics: settings and suppression', () => {
  it('rules: {"unknown-parameter": "off"} silences the rule', () => {
    assert.equal(diagnosticsOf('foo = 1\n', 'unknown-parameter').length, 1);
    none('foo = 1\n', 'unknown-parameter', { settings: { rules: { 'unknown-parameter': 'off' } } });
  });

  it('rules can change a severity', () => {
    const d = one('foo = 1\n', 'unknown-parameter', { settings: { rules: { 'unknown-parameter': 'error' } } });
    assert.equal(d.severity, ERROR);
  });

  it('an unknown severity in rules leaves the rule its own severity (never none)', () => {
    const d = one('foo = 1\n', 'unknown-parameter', { settings: { rules: { 'unknown-parameter': 'loud' as 'error' } } });
    assert.equal(typeof d.severity, 'number');
  });

  it('# postfix-lint disable-next-line suppresses only the next line', () => {
    const text = '# postfix-lint disable-next-line unknown-parameter\nfoo = 1\nbar = 2\n';
    const found = diagnosticsOf(text, 'unknown-parameter');
    assert.deepEqual(found.map((d) => r(d.range)), ['2:0-2:3']);
  });

  it('suppresses only the named rules; "all" suppresses every rule', () => {
    const named = validate('# postfix-lint disable-next-line unknown-parameter\nfoo = $nothing\n');
    assert.deepEqual(general(named).map((d) => d.code), ['undefined-reference']);
    const all = validate('# postfix-lint disable-next-line all\nfoo = $nothing\n');
    assert.deepEqual(general(all), []);
  });

  it('works in a CRLF file', () => {
    const found = diagnosticsOf('# postfix-lint disable-next-line unknown-parameter\r\nfoo = 1\r\nbar = 2\r\n', 'unknown-parameter');
    assert.deepEqual(found.map((d) => r(d.range)), ['2:0-2:3']);
  });

  it('knownParameters silences unknown-parameter and undefined-reference for those names', () => {
    const settings = { knownParameters: ['foo', 'site_policy'] };
    none('foo = 1\n', 'unknown-parameter', { settings });
    none('myorigin = $site_policy\n', 'undefined-reference', { settings });
    one('bar = 1\n', 'unknown-parameter', { settings });
  });
});

describe('diagnostics: reference cycles', () => {
  it('reports a = $b, b = $a on both and does not hang', () => {
    const found = diagnosticsOf('a = $b\nb = $a\n', 'invalid-value');
    assert.equal(found.length, 2, listDiags(found));
    expectDiag(found[0], ERROR, '0:4-0:6', /cannot expand the value of "a": reference cycle/);
    expectDiag(found[1], ERROR, '1:4-1:6', /cannot expand the value of "b": reference cycle/);
  });

  it('reports a self reference', () => {
    expectDiag(one('a = $a x\n', 'invalid-value'), ERROR, '0:4-0:8', /reference cycle: a -> a/);
  });

  it('reports a cycle through built-in names', () => {
    const found = diagnosticsOf('myhostname = $mydomain\nmydomain = $myhostname\n', 'invalid-value');
    assert.equal(found.length, 2);
    for (const d of found) assert.match(d.message, /reference cycle: .*myhostname.*mydomain|reference cycle: .*mydomain.*myhostname/);
  });

  it('near miss: a long chain without a cycle', () => {
    const lines = ['p0 = 10'];
    for (let k = 1; k <= 20; k++) lines.push(`p${k} = $p${k - 1}`);
    lines.push('smtpd_recipient_limit = $p20');
    none(lines.join('\n') + '\n', 'invalid-value');
  });

  it('near miss: a chain of 50 (Postfix mac_expand allows nesting up to 100 levels)', () => {
    const lines = ['p0 = 10'];
    for (let k = 1; k <= 50; k++) lines.push(`p${k} = $p${k - 1}`);
    lines.push('smtpd_recipient_limit = $p50');
    none(lines.join('\n') + '\n', 'invalid-value');
  });
});

describe('diagnostics: names a release removed (from the real builds)', () => {
  it('is unknown to the release that removed it, with what became of it; known to the releases before', () => {
    const text = 'tls_legacy_public_key_fingerprints = yes\n';
    const at311 = validate(text, { settings: { targetVersion: '3.11' } }).filter((d) => d.code === 'unknown-parameter');
    assert.equal(at311.length, 1);
    assert.match(at311[0].message, /not known to Postfix 3\.11: removed in Postfix 3\.11 \(last known to 3\.10\)/);
    assert.doesNotMatch(at311[0].message, /did you mean/);
    assert.equal(validate(text, { settings: { targetVersion: '3.11' } }).filter((d) => d.code === 'ignored-parameter').length, 0, 'one finding, not two');
    assert.deepEqual(validate(text, { settings: { targetVersion: '3.10' } }).filter((d) => d.code === 'unknown-parameter'), []);
    assert.equal(validate(text, { settings: { targetVersion: '3.10' } }).filter((d) => d.code === 'ignored-parameter').length, 1);
  });
});
