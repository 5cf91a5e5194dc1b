// "Postfix: Show effective TLS settings": the listing the command shows, as `postconf | grep tls`
// prints it for the target release, each line with where its value comes from.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/service/languageService';

const ls = getLanguageService();
const doc = (name: string, text: string) => TextDocument.create(`file:///etc/postfix/${name}`, name.startsWith('master') ? 'postfix-master' : 'postfix-main', 1, text);

describe('effective TLS settings (issue 10)', () => {
  it('every TLS name of the target release, values as postconf prints them, origins beside', () => {
    const main = doc('main.cf', 'smtpd_tls_cert_file = /etc/ssl/mx.pem\nsmtpd_tls_key_file = $smtpd_tls_cert_file\n');
    const t = ls.effectiveTlsSettings({ main }, { targetVersion: '3.7' });
    assert.match(t, /^# Effective TLS settings for Postfix 3\.7 \(compatibility level 0\)/);
    assert.match(t, /^smtpd_tls_cert_file = \/etc\/ssl\/mx\.pem +# main\.cf line 1$/m);
    assert.match(t, /^smtpd_tls_key_file = \$smtpd_tls_cert_file +# main\.cf line 2$/m, '$name unexpanded, as postconf prints it');
    assert.match(t, /^smtpd_tls_security_level = +# default of Postfix 3\.7$/m);
    // Names newer than the target are left out; 3.7 still knows tls_legacy_public_key_fingerprints.
    assert.doesNotMatch(t, /^smtp_tlsrpt_enable/m);
    assert.match(t, /^tls_legacy_public_key_fingerprints = no/m);
    assert.doesNotMatch(ls.effectiveTlsSettings({ main }, { targetVersion: '3.11' }), /^tls_legacy_public_key_fingerprints/m, 'removed in 3.11');
    for (const line of t.split('\n').filter((l) => l && !l.startsWith('#'))) assert.match(line, /tls/, line);
  });

  it('names the template file in origins, and lists master.cf overrides per service', () => {
    const main = doc('main.cf.j2', 'smtp_tls_security_level = {{ level }}\n');
    const master = doc('master.cf', 'relay unix - - n - - smtp\n  -o smtp_tls_security_level=encrypt\n');
    const t = ls.effectiveTlsSettings({ main, master }, {});
    assert.match(t, /^smtp_tls_security_level = .* # main\.cf\.j2 line 1$/m);
    assert.match(t, /^relay\/unix: -o smtp_tls_security_level=encrypt +# master\.cf line 2$/m);
  });
});
