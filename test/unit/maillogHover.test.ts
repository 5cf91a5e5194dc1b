// Hover in a mail log (postfix-log): a `|` marks the cursor; the expected text is beside it.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/service/languageService';
import { isMailLog } from '../../server/src/service/maillog/logDocuments';

let version = 0;
function hover(textWithCursor: string, uri = 'file:///var/log/mail.log'): string | null {
  const at = textWithCursor.indexOf('|');
  assert.ok(at >= 0, 'no | cursor');
  const doc = TextDocument.create(uri, 'postfix-log', ++version, textWithCursor.slice(0, at) + textWithCursor.slice(at + 1));
  const h: Hover | null = getLanguageService().doHover(doc, doc.positionAt(at), { main: doc });
  return h ? (h.contents as MarkupContent).value : null;
}

const H = 'Dec  1 14:00:01 mx postfix/smtpd[100]: ';
const C = 'Dec  1 14:00:05 mx postfix/smtp[300]: ';
const delivery = (relay: string, status = 'sent (250 ok)') => `${C}4ABCDE1234: to=<u@d.example>, relay=${relay}, delay=1, delays=0/0/1/0, dsn=2.0.0, status=${status}`;

describe('mail log: hover', () => {
  it('Untrusted outbound TLS: what it means and the CA parameters', () => {
    const v = hover(`${C}|Untrusted TLS connection established to mx.d.example[192.0.2.1]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)`)!;
    assert.match(v, /^\*\*Untrusted TLS connection established to mx\.d\.example\[192\.0\.2\.1\]:25\*\*/);
    assert.match(v, /does not chain to a CA/);
    assert.match(v, /`smtp_tls_CAfile`/);
    assert.match(v, /`tls_append_default_CA`/);
    assert.match(v, /TLSv1\.3 is a current TLS version\. Cipher: `TLS_AES_256_GCM_SHA384`/);
  });
  it('Anonymous inbound TLS is the normal case for mail from other servers', () => {
    assert.match(hover(`${H}Anonymous TLS connection established from a[192.0.2.9]: TLSv1.2 with cipher |ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)`)!, /without showing a certificate.*normal/s);
  });
  it('Trusted: the name was not checked, verify or secure would', () => {
    assert.match(hover(`${C}|Trusted TLS connection established to mx[192.0.2.1]:25: TLSv1.2 with cipher X (128/128 bits)`)!, /name was not checked.*`verify` or `secure`/s);
  });
  it('a reused connection says so; an old protocol says how to stop it', () => {
    const v = hover(`${C}|Verified TLS connection reused to mx[192.0.2.1]:25: TLSv1 with cipher X (128/128 bits)`)!;
    assert.match(v, /kept open from an earlier delivery/);
    assert.match(v, /TLSv1 is an old TLS version.*`smtp_tls_protocols`/s);
  });
  it('no shared cipher: the cipher parameters and the key types', () => {
    const v = hover(`${H}warning: TLS library problem: error:0A0000C1:SSL routines::no shared c|ipher:../ssl/statem/statem_srvr.c:2220:`)!;
    assert.match(v, /^\*\*No cipher in common\*\* \(no shared cipher\)/);
    assert.match(v, /`smtpd_tls_ciphers`/);
    assert.match(v, /ECDSA/);
  });
  it('TLS is required, but was not offered: the level and the policy table', () => {
    const v = hover(delivery('mx[192.0.2.1]:25', 'deferred (TLS is required, but was not offered by host mx[192.0.2.1])').replace('status=', '|status='))!;
    assert.match(v, /TLS required, STARTTLS not offered/);
    assert.match(v, /`smtp_tls_policy_maps`/);
  });
  it('session summaries: TLS, failed STARTTLS, clear text', () => {
    assert.match(hover(`${H}|disconnect from a[192.0.2.1] ehlo=2 starttls=1 quit=1 commands=4`)!, /used TLS/);
    assert.match(hover(`${H}|disconnect from a[192.0.2.1] ehlo=1 starttls=0/1 commands=1/2`)!, /tried STARTTLS and it failed/);
    assert.match(hover(`${H}|disconnect from a[192.0.2.1] ehlo=1 quit=1 commands=2`)!, /never used TLS/);
  });
  it('a delivery after its process logged TLS to that relay went over TLS, and the hover names that line', () => {
    const v = hover(`${C}Trusted TLS connection established to mx[192.0.2.1]:25: TLSv1.3 with cipher X (256/256 bits)\n${H}connect from other[192.0.2.7]\n${delivery('mx[192.0.2.1]:25').replace('relay=', '|relay=')}`)!;
    assert.match(v, /^\*\*Delivered via mx\[192\.0\.2\.1\]:25\*\*/);
    assert.match(v, /went over TLS: the same smtp process logged `Trusted TLS connection established to mx\[192\.0\.2\.1\]:25` on line 1/);
  });
  it('a delivery without such a line, or after a delivery to another relay, is clear text', () => {
    assert.match(hover(`${delivery('mx[192.0.2.1]:25').replace('relay=', '|relay=')}`)!, /No TLS seen for this delivery/);
    const v = hover(`${C}Trusted TLS connection established to a[192.0.2.1]:25: TLSv1.3 with cipher X (256/256 bits)\n${delivery('b[192.0.2.2]:25')}\n${delivery('a[192.0.2.1]:25').replace('relay=', '|relay=')}`)!;
    assert.match(v, /No TLS seen/);
  });
  it('relay=none: no connection', () => {
    assert.match(hover(delivery('none', 'deferred (connect to x[192.0.2.1]:25: Connection refused)').replace('relay=', '|relay='))!, /never reached a server/);
  });
  it('a queue id shows every line of that message, with line numbers', () => {
    const log = [
      `${H}4ABCDE1234: client=a[192.0.2.1]`,
      'Dec  1 14:00:01 mx postfix/cleanup[200]: 4ABCDE1234: message-id=<x@a>',
      `${H}5FFFFF0000: client=b[192.0.2.2]`,
      'Dec  1 14:00:02 mx postfix/qmgr[90]: 4ABCDE1234: from=<s@a>, size=300, nrcpt=1 (queue active)',
      delivery('mx[192.0.2.1]:25'),
      'Dec  1 14:00:06 mx postfix/qmgr[90]: |4ABCDE1234: removed',
    ].join('\n');
    const v = hover(log)!;
    assert.match(v, /^\*\*Queue id 4ABCDE1234\*\*: 5 lines\n/);
    assert.match(v, /\n {6}1 {2}Dec {2}1 14:00:01 smtpd: client=a\[192\.0\.2\.1\]\n/);
    assert.match(v, /\n {6}6 {2}Dec {2}1 14:00:06 qmgr: removed\n/);
    assert.doesNotMatch(v, /5FFFFF0000/);
  });
  it('in a large text the queue id is searched in a window around the line, and the hover says so', () => {
    const filler = `${H}connect from a[192.0.2.1]\n`.repeat(400_000); // about 23 MB
    const v = hover(`${filler}${H}|4ABCDE1234: client=a[192.0.2.1]\n${filler}`)!;
    assert.match(v, /: 1 line within 8 MiB of text around this line/);
  });
  it('nothing for ordinary lines and text that is no log line', () => {
    assert.equal(hover(`${H}|connect from a[192.0.2.1]`), null);
    assert.equal(hover('just |text'), null);
  });
});

describe('mail log documents get none of the configuration features', () => {
  const doc = TextDocument.create('file:///var/log/mail.log', 'postfix-log', 1, `${H}smtpd_tls_security_levl = may\nmyhostname = $undefined\n`);
  it('no diagnostics, completion, tokens or formatting', () => {
    const ls = getLanguageService();
    assert.deepEqual(ls.validate(doc, { main: doc }), []);
    assert.deepEqual(ls.doComplete(doc, { line: 1, character: 3 }, { main: doc }).items, []);
    assert.deepEqual(ls.getSemanticTokens(doc, { main: doc }).data, []);
    assert.deepEqual(ls.format(doc), []);
    assert.deepEqual(ls.getFoldingRanges(doc), []);
  });
  it('a log is known by its language id, or by its name when a client sends none', () => {
    assert.ok(isMailLog({ uri: 'file:///x/anything', languageId: 'postfix-log' }));
    for (const name of ['mail.log', 'mail.log.1', 'maillog', 'maillog-20261201', 'mail.err', 'mail.warn.2']) assert.ok(isMailLog({ uri: `file:///var/log/${name}` }), name);
    assert.ok(!isMailLog({ uri: 'file:///etc/postfix/main.cf' }));
    assert.ok(!isMailLog({ uri: 'file:///var/log/syslog' }));
  });
});

describe('mail log hover texts (explanations.json)', () => {
  it('every parameter they name is a Postfix parameter', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const known = new Set((require('../../server/src/service/knowledge/parameters.json') as { parameters: Array<{ name: string }> }).parameters.map((p) => p.name));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const text = JSON.stringify(require('../../server/src/service/maillog/explanations.json'));
    const names = new Set([...text.matchAll(/`([a-z][a-z0-9]*(?:_[a-z0-9A-Z]+)+)`|"((?:smtpd?|lmtp|tls)_[a-zA-Z0-9_]+)"/g)].map((m) => m[1] ?? m[2]));
    assert.ok(names.size > 20, `found only ${names.size} names`);
    for (const n of names) assert.ok(known.has(n), `${n} is not a Postfix parameter`);
  });
});
