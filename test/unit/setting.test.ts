// EffectiveConfig.setting(name, service): the one answer to "what value, decided where, said how,
// and can we know it" that the TLS rules, the hovers and the effective-settings view share.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/service/languageService';

const ls = getLanguageService();
const main = (text: string) => TextDocument.create('file:///etc/postfix/main.cf', 'postfix-main', 1, text);
const master = (text: string) => TextDocument.create('file:///etc/postfix/master.cf', 'postfix-master', 1, text);

describe('EffectiveConfig.setting', () => {
  it('a main.cf definition: value, definition, origin "main.cf line N"; asked twice, the same answer object', () => {
    const cfg = ls.config({ main: main('compatibility_level = 3.11\nsmtpd_tls_security_level = may\n') });
    const s = cfg.setting('smtpd_tls_security_level');
    assert.equal(s.value, 'may');
    assert.equal(s.def?.range.start.line, 1);
    assert.equal(s.origin, 'main.cf line 2');
    assert.equal(s.explicit, true);
    assert.equal(s.unknown, false);
    assert.equal(cfg.setting('smtpd_tls_security_level'), s);
  });

  it('an -o override: the service sees its own value, main.cf the global one', () => {
    const svc = 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n';
    const cfg = ls.config({ main: main('compatibility_level = 3.11\n'), master: master(svc) });
    const service = cfg.services[0];
    assert.equal(cfg.setting('smtpd_tls_security_level', service).origin, 'master.cf line 2 `-o` of submission/inet');
    assert.equal(cfg.setting('smtpd_tls_security_level', service).value, 'encrypt');
    assert.equal(cfg.setting('smtpd_tls_security_level').value, '');
  });

  it('a default that depends on the compatibility level says the level; an unknown level makes it not knowable', () => {
    const known = ls.config({ main: main('compatibility_level = 3.11\n') }).setting('smtp_tls_security_level');
    assert.equal(known.origin, 'default of Postfix 3.11 at compatibility level 3.11');
    assert.equal(known.unknown, false);
    const unknown = ls.config({ main: main('compatibility_level = ${{$compatibility_level} < {3.6} ? {3.6} : {$compatibility_level}}\n') }).setting('smtp_tls_security_level');
    assert.equal(unknown.unknown, true);
  });

  it('through $name: "via $name"; a name defined nowhere makes the value not knowable', () => {
    const cfg = ls.config({ main: main('my_level = encrypt\nsmtpd_tls_security_level = $my_level\nsmtp_tls_security_level = $nowhere\n') });
    assert.equal(cfg.setting('smtpd_tls_security_level').origin, 'main.cf line 2, via $my_level');
    assert.equal(cfg.setting('smtp_tls_security_level').unknown, true);
  });

  it('the hover of $name says where the value comes from in the same words', () => {
    const doc = main('my_level = encrypt\nsmtpd_tls_security_level = $my_level\nx = $smtpd_tls_security_level\n');
    const h = ls.doHover(doc, { line: 2, character: 8 }, { main: doc });
    const text = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(text, /from main\.cf line 2, via \$my_level/);
  });
});
