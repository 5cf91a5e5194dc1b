// Grammar tests for syntaxes/postfix-log.tmLanguage.json (the postfix-log language), through the
// real TextMate engine VS Code uses. A `|` marks the character whose token is checked; the lines
// are the shapes real Postfix writes (test/postfix/maillogReal.test.ts produces them).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { findProjectRoot } from '../projectRoot';

const ROOT = findProjectRoot(__dirname);
const SCOPE = 'source.postfix-log';

interface Contribution {
  language: string;
  scopeName: string;
  path: string;
}
let grammar: vsctm.IGrammar;

function pkg(): { contributes: { grammars: Contribution[]; languages: Array<{ id: string; filenames?: string[]; filenamePatterns?: string[]; firstLine?: string }> } } {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
}

/** The token under the `|` of a one-line source: its text and scopes. */
function tokenAt(source: string): { text: string; scopes: string[] } {
  const at = source.indexOf('|');
  assert.ok(at >= 0 && source.indexOf('|', at + 1) < 0, `exactly one | expected in ${source}`);
  const line = source.slice(0, at) + source.slice(at + 1);
  const t = grammar.tokenizeLine(line, vsctm.INITIAL).tokens.find((x) => x.startIndex <= at && at < x.endIndex);
  assert.ok(t, `no token at ${at} in ${line}`);
  return { text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes };
}

function expectToken(source: string, text: string, scope: string): void {
  const t = tokenAt(source);
  assert.equal(t.text, text, `${source}: token ${JSON.stringify(t.text)} [${t.scopes.join(', ')}]`);
  assert.ok(t.scopes.some((s) => s.startsWith(scope)), `${source}: expected ${scope}, got [${t.scopes.join(', ')}]`);
}

function expectNoScope(source: string, scope: string): void {
  const t = tokenAt(source);
  assert.ok(!t.scopes.some((s) => s.includes(scope)), `${source}: did not expect ${scope}, got [${t.scopes.join(', ')}]`);
}

const H = 'Dec  1 14:00:01 mx postfix/smtpd[123]: ';
const C = 'Dec  1 14:00:01 mx postfix/smtp[456]: ';

describe('TextMate grammar of the postfix-log language', function () {
  before(async function () {
    const c = pkg().contributes.grammars.find((g) => g.language === 'postfix-log');
    assert.ok(c, 'package.json declares no grammar for postfix-log');
    assert.equal(c.scopeName, SCOPE);
    const file = path.join(ROOT, c.path);
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm).catch(() => undefined); // the other grammar test may have loaded it already
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
      loadGrammar: async (scope) => (scope === SCOPE ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null),
    });
    const g = await registry.loadGrammar(SCOPE);
    assert.ok(g);
    grammar = g;
  });

  describe('recognition', () => {
    it('mail.log, maillog, mail.info/warn/err and their rotated copies are postfix-log by name', () => {
      const lang = pkg().contributes.languages.find((l) => l.id === 'postfix-log')!;
      assert.deepEqual(lang.filenames?.slice(0, 5), ['mail.log', 'maillog', 'mail.info', 'mail.warn', 'mail.err']);
      assert.ok(lang.filenamePatterns?.includes('**/mail.log.[0-9]*'));
    });
    it('the first line of a syslog, maillog_file or ISO log of Postfix is recognised; other programs are not', () => {
      const re = new RegExp(pkg().contributes.languages.find((l) => l.id === 'postfix-log')!.firstLine!);
      assert.ok(re.test(`${H}connect from a[192.0.2.1]`));
      assert.ok(re.test('Dec 01 21:25:11 mx postfix/master[30076]: daemon started -- version 3.7.11'));
      assert.ok(re.test('2026-12-01T14:00:01.123456+00:00 mx postfix-out/smtp[9]: x'));
      assert.ok(!re.test('Dec  1 14:00:01 mx dovecot[1]: imap-login: Login'));
    });
  });

  describe('the line header', () => {
    it('timestamp', () => expectToken(`|${H}x`, 'Dec  1 14:00:01', 'constant.numeric.timestamp'));
    it('ISO timestamp', () => expectToken('|2026-12-01T14:00:01.123456+00:00 mx postfix/smtpd[1]: x', '2026-12-01T14:00:01.123456+00:00', 'constant.numeric.timestamp'));
    it('host', () => expectToken('Dec  1 14:00:01 |mx postfix/smtpd[123]: x', 'mx', 'entity.name.tag.host'));
    it('program', () => expectToken('Dec  1 14:00:01 mx |postfix/smtpd[123]: x', 'postfix/smtpd', 'entity.name.function.program'));
    it('pid', () => expectToken('Dec  1 14:00:01 mx postfix/smtpd[|123]: x', '123', 'constant.numeric.pid'));
    it('queue id', () => expectToken(`${H}|4ABCDE1234: client=a[192.0.2.1]`, '4ABCDE1234', 'variable.other.queue-id'));
    it('long queue id', () => expectToken(`${H}|4WJgJd0r2Qz9tDd: client=a[192.0.2.1]`, '4WJgJd0r2Qz9tDd', 'variable.other.queue-id'));
    it('"warning" is no queue id', () => expectToken(`${H}|warning: hostname x does not resolve`, 'warning', 'markup.changed.warning'));
    it('NOQUEUE', () => expectToken(`${H}|NOQUEUE: reject: RCPT from a[192.0.2.1]: 554 5.7.1 denied`, 'NOQUEUE', 'keyword.other.noqueue'));
  });

  describe('TLS connections by trust level, protocol and cipher', () => {
    const line = (trust: string, proto = 'TLSv1.3') => `${C}${trust} TLS connection established to mx.example.com[192.0.2.1]:25: ${proto} with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)`;
    it('Verified', () => expectToken(`${C}|Verified TLS connection established to mx[192.0.2.1]:25: TLSv1.3 with cipher X (256/256 bits)`, 'Verified', 'markup.inserted.tls.trust.verified'));
    it('Trusted', () => expectToken(`${C}|Trusted TLS connection established to mx[192.0.2.1]:25: TLSv1.3 with cipher X (256/256 bits)`, 'Trusted', 'markup.inserted.tls.trust.trusted'));
    it('Untrusted', () => expectToken(`${C}|Untrusted TLS connection reused to mx[192.0.2.1]:25: TLSv1.3 with cipher X (256/256 bits)`, 'Untrusted', 'markup.changed.tls.trust.untrusted'));
    it('Anonymous (inbound)', () => expectToken(`${H}|Anonymous TLS connection established from a[192.0.2.1]: TLSv1.3 with cipher X (256/256 bits)`, 'Anonymous', 'markup.changed.tls.trust.anonymous'));
    it('the peer', () => expectToken(line('Trusted').replace('mx.example.com[', '|mx.example.com['), 'mx.example.com[192.0.2.1]:25', 'string.unquoted.peer'));
    it('a current protocol', () => expectToken(line('Trusted').replace(': TLSv1.3', ': |TLSv1.3'), 'TLSv1.3', 'constant.language.tls.protocol'));
    it('an old protocol is marked deprecated', () => expectToken(line('Trusted', 'TLSv1').replace(': TLSv1 ', ': |TLSv1 '), 'TLSv1', 'invalid.deprecated.tls.protocol'));
    it('the cipher', () => expectToken(line('Trusted').replace('TLS_AES', '|TLS_AES'), 'TLS_AES_256_GCM_SHA384', 'support.constant.tls.cipher'));
    it('"Trusted" in other text is no trust level', () => expectNoScope(`${H}warning: |Trusted people only`, 'tls.trust'));
  });

  describe('clear text, STARTTLS results and delivery status', () => {
    it('a session summary without starttls= is a clear-text session', () =>
      expectToken(`${H}|disconnect from a[192.0.2.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`, 'disconnect from', 'markup.changed.tls.cleartext'));
    it('with starttls=1 it is not', () => expectNoScope(`${H}|disconnect from a[192.0.2.1] ehlo=2 starttls=1 quit=1 commands=4`, 'cleartext'));
    it('starttls=1', () => expectToken(`${H}disconnect from a[192.0.2.1] ehlo=2 |starttls=1 quit=1 commands=4`, 'starttls=1', 'markup.inserted.tls.starttls'));
    it('starttls=0/1: STARTTLS failed', () => expectToken(`${H}disconnect from a[192.0.2.1] ehlo=1 |starttls=0/1 commands=1/2`, 'starttls=0/1', 'invalid.illegal.tls.starttls-failed'));
    const delivery = (status: string) => `${C}4ABCDE1234: to=<u@d.example>, relay=mx[192.0.2.1]:25, delay=1, delays=0/0/1/0, dsn=2.0.0, status=|${status} (x)`;
    it('status=sent', () => expectToken(delivery('sent'), 'sent', 'markup.inserted.status.sent'));
    it('status=deferred', () => expectToken(delivery('deferred'), 'deferred', 'markup.changed.status.deferred'));
    it('status=bounced', () => expectToken(delivery('bounced'), 'bounced', 'markup.deleted.status.bounced'));
    it('field names', () => expectToken(`${C}4ABCDE1234: to=<u@d.example>, |relay=mx[192.0.2.1]:25, status=sent (x)`, 'relay', 'variable.parameter.field'));
    it('addresses', () => expectToken(`${C}4ABCDE1234: to=|<u@d.example>, relay=mx[192.0.2.1]:25, status=sent (x)`, '<u@d.example>', 'string.quoted.other.address'));
  });

  describe('TLS failures and warnings', () => {
    const cases: Array<[string, string]> = [
      [`${H}|SSL_accept error from a[192.0.2.1]: -1`, 'SSL_accept error'],
      [`${C}|SSL_connect error to mx[192.0.2.1]:25: lost connection`, 'SSL_connect error'],
      [`${H}warning: |TLS library problem: error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2220:`, 'TLS library problem'],
      [`${H}warning: TLS library problem: error:0A0000C1:SSL routines::|no shared cipher:../ssl/statem/statem_srvr.c:2220:`, 'no shared cipher'],
      [`${H}warning: TLS library problem: error:0A000102:SSL routines::|unsupported protocol:../ssl/statem/statem_srvr.c:1712:`, 'unsupported protocol'],
      [`${H}warning: |cannot get RSA certificate from file "/etc/ssl/x.pem": disabling TLS support`, 'cannot get RSA certificate from file'],
      [`${C}4ABCDE1234: to=<u@d>, relay=mx[192.0.2.1]:25, delay=1, dsn=4.7.4, status=deferred (|TLS is required, but was not offered by host mx[192.0.2.1])`, 'TLS is required, but was not offered'],
      [`${C}4ABCDE1234: to=<u@d>, relay=mx[192.0.2.1]:25, delay=1, dsn=4.7.5, status=deferred (|Server certificate not verified)`, 'Server certificate not verified'],
      [`${C}|certificate verification failed for mx[192.0.2.1]:25: untrusted issuer /CN=Test CA`, 'certificate verification failed'],
      [`${H}|lost connection after STARTTLS from a[192.0.2.1]`, 'lost connection after STARTTLS'],
    ];
    for (const [source, text] of cases) it(text, () => expectToken(source, text, 'invalid.illegal.tls.failure'));
    it('error: and fatal: lines', () => expectToken(`${H}|fatal: no SASL authentication mechanisms`, 'fatal', 'invalid.illegal.error'));
  });
});
