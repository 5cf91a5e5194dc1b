// Document links in a mail log (postfix-log): from a TLS warning or failure to the main.cf setting
// it concerns. Each case is a log and a main.cf; the expected link is written as
// "<linked text> -> <target>", the target being main.cf's URI with the #L<line> of the setting.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentLink } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/service/languageService';
import linkTargets from '../../server/src/service/maillog/linkTargets.json';
import { mainCfForLog } from '../../server/src/logMainCf';

const MAIN_URI = 'file:///etc/postfix/main.cf';
let version = 0;

function linksOf(log: string, mainText: string | undefined, logUri = 'file:///var/log/mail.log'): { doc: TextDocument; links: DocumentLink[] } {
  const doc = TextDocument.create(logUri, 'postfix-log', ++version, log);
  const main = mainText === undefined ? undefined : TextDocument.create(MAIN_URI, 'postfix-main', ++version, mainText);
  return { doc, links: getLanguageService().findDocumentLinks(doc, main ? { main } : {}) };
}

/** "<linked text> -> <target>" for each link. */
function links(log: string, mainText: string | undefined): string[] {
  const { doc, links: found } = linksOf(log, mainText);
  return found.map((l) => `${doc.getText(l.range)} -> ${l.target}`);
}

function tooltips(log: string, mainText: string): string[] {
  return linksOf(log, mainText).links.map((l) => l.tooltip ?? '');
}

const SMTPD = 'Dec  1 14:00:01 mx postfix/smtpd[100]: ';
const SMTP = 'Dec  1 14:00:05 mx postfix/smtp[300]: ';
const LMTP = 'Dec  1 14:00:05 mx postfix/lmtp[301]: ';

const MAIN = [
  'myhostname = mx.example.com', // 1
  'smtpd_tls_chain_files = /etc/ssl/private/mx.key, /etc/ssl/certs/mx.pem', // 2
  'smtpd_tls_security_level = may', // 3
  'smtpd_tls_protocols = >=TLSv1.2', // 4
  'smtp_tls_security_level = encrypt', // 5
  'smtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt', // 6
  'smtp_tls_policy_maps = hash:/etc/postfix/tls_policy', // 7
  'smtpd_tls_ciphers = high', // 8
  '',
].join('\n');

describe('mail log: links from TLS warnings to main.cf', () => {
  it('cannot load certificate: the setting that names the file the line names', () => {
    assert.deepEqual(links(`${SMTPD}warning: cannot get RSA certificate from file "/etc/ssl/certs/mx.pem": disabling TLS support`, MAIN), [
      `certificate from file -> ${MAIN_URI}#L2`,
    ]);
    assert.deepEqual(tooltips(`${SMTPD}warning: cannot get RSA certificate from file "/etc/ssl/certs/mx.pem": disabling TLS support`, MAIN), [
      'Open /etc/postfix/main.cf line 2: smtpd_tls_chain_files names /etc/ssl/certs/mx.pem',
    ]);
  });

  it('chain files: the file of smtpd_tls_chain_files the line names; the link covers whole words', () => {
    assert.deepEqual(links(`${SMTPD}warning: error loading private keys and certificates from: /etc/ssl/private/mx.key: disabling TLS support`, MAIN), [
      `error loading private keys -> ${MAIN_URI}#L2`,
    ]);
  });

  it('a file named inside an OpenSSL error (fopen(…)) also leads to its setting', () => {
    const line = `${SMTPD}warning: TLS library problem: error:80000002:system library::No such file or directory:../providers/implementations/storemgmt/file_store.c:267:calling stat(/etc/ssl/private/mx.key)`;
    assert.deepEqual(links(line, MAIN), [`TLS library problem -> ${MAIN_URI}#L2`]);
  });

  it('cannot load certificate naming no file of main.cf: the certificate parameter main.cf sets', () => {
    assert.deepEqual(links(`${SMTPD}warning: No server certs available. TLS won't be enabled`, MAIN), [`No server certs available -> ${MAIN_URI}#L2`]);
    // With smtpd_tls_cert_file instead of smtpd_tls_chain_files, that one.
    assert.deepEqual(links(`${SMTPD}warning: No server certs available. TLS won't be enabled`, 'smtpd_tls_cert_file = /etc/x.pem\n'), [`No server certs available -> ${MAIN_URI}#L1`]);
  });

  it('Server certificate not verified and an Untrusted delivery: smtp_tls_CAfile', () => {
    const deferred = `${SMTP}4ABCDE1234: to=<u@d.example>, relay=mx.d.example[192.0.2.1]:25, delay=1, delays=0/0/1/0, dsn=4.7.5, status=deferred (Server certificate not verified)`;
    assert.deepEqual(links(deferred, MAIN), [`Server certificate not verified -> ${MAIN_URI}#L6`]);
    const untrusted = `${SMTP}Untrusted TLS connection established to mx.d.example[192.0.2.1]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)`;
    assert.deepEqual(links(untrusted, MAIN), [`Untrusted -> ${MAIN_URI}#L6`]);
  });

  it('other trust levels have no link', () => {
    assert.deepEqual(links(`${SMTP}Verified TLS connection established to mx.d.example[192.0.2.1]:25: TLSv1.3 with cipher X (256/256 bits)`, MAIN), []);
    assert.deepEqual(links(`${SMTPD}Anonymous TLS connection established from a[192.0.2.9]: TLSv1.3 with cipher X (256/256 bits)`, MAIN), []);
  });

  it('TLS is required, but was not offered: the client security level', () => {
    const line = `${SMTP}4ABCDE1234: to=<u@d.example>, relay=mx.d.example[192.0.2.1]:25, delay=1, delays=0/0/1/0, dsn=4.7.4, status=deferred (TLS is required, but was not offered by host mx.d.example[192.0.2.1])`;
    assert.deepEqual(links(line, MAIN), [`TLS is required, but was not offered -> ${MAIN_URI}#L5`]);
    assert.match(tooltips(line, MAIN)[0], /^Open \/etc\/postfix\/main\.cf line 5: smtp_tls_security_level = encrypt; also set: smtp_tls_policy_maps \(line 7\)$/);
    // Without a global level, the policy table.
    assert.deepEqual(links(line, 'smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n'), [`TLS is required, but was not offered -> ${MAIN_URI}#L1`]);
  });

  it('no shared cipher: the cipher settings of the side that logged it', () => {
    const server = `${SMTPD}warning: TLS library problem: error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2220:`;
    assert.deepEqual(links(server, MAIN), [`no shared cipher -> ${MAIN_URI}#L8`]);
    // The client side: smtp_tls_* (main.cf sets none of the cipher names, smtp_tls_policy_maps is the first it sets).
    const client = `${SMTP}warning: TLS library problem: error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_clnt.c:1200:`;
    assert.deepEqual(links(client, MAIN), [`no shared cipher -> ${MAIN_URI}#L7`]);
  });

  it('a protocol mismatch: smtpd_tls_protocols', () => {
    const line = `${SMTPD}warning: TLS library problem: error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_srvr.c:1657:`;
    assert.deepEqual(links(line, MAIN), [`unsupported protocol -> ${MAIN_URI}#L4`]);
  });

  it('lmtp lines concern the lmtp_tls_* family', () => {
    const line = `${LMTP}Untrusted TLS connection established to lmtp.example[192.0.2.5]:24: TLSv1.3 with cipher X (256/256 bits)`;
    assert.deepEqual(links(line, MAIN), [`Untrusted -> ${MAIN_URI}`]);
    assert.deepEqual(links(line, 'lmtp_tls_CAfile = /etc/ssl/ca.pem\n'), [`Untrusted -> ${MAIN_URI}#L1`]);
  });

  it('when main.cf sets none of the parameters: main.cf itself, and the tooltip says so', () => {
    const line = `${SMTP}4ABCDE1234: to=<u@d.example>, relay=mx[192.0.2.1]:25, delay=1, delays=0/0/1/0, dsn=4.7.5, status=deferred (Server certificate not verified)`;
    assert.deepEqual(links(line, 'myhostname = mx\n'), [`Server certificate not verified -> ${MAIN_URI}`]);
    assert.match(tooltips(line, 'myhostname = mx\n')[0], /^\/etc\/postfix\/main\.cf sets none of smtp_tls_CAfile, smtp_tls_CApath, tls_append_default_CA, .* \(Postfix uses their defaults\)/);
  });

  it('the last definition of a name is the one Postfix uses, and the link goes there', () => {
    assert.deepEqual(links(`${SMTP}Untrusted TLS connection established to a[192.0.2.1]:25: TLSv1.2 with cipher X (128/128 bits)`, 'smtp_tls_CAfile = /a.pem\nsmtp_tls_CAfile = /b.pem\n'), [`Untrusted -> ${MAIN_URI}#L2`]);
  });

  it('$config_directory in a file value is expanded before it is compared with the file a line names', () => {
    const main = 'smtpd_tls_cert_file = ${config_directory}/cert.pem\nsmtpd_tls_key_file = $config_directory/key.pem\n';
    assert.deepEqual(links(`${SMTPD}warning: cannot get RSA private key from file "/etc/postfix/key.pem": disabling TLS support`, main), [`private key from file -> ${MAIN_URI}#L2`]);
  });

  it('no main.cf: no links; lines that are no TLS warning: no links', () => {
    assert.deepEqual(links(`${SMTP}Untrusted TLS connection established to a[192.0.2.1]:25: TLSv1.2 with cipher X (128/128 bits)`, undefined), []);
    const quiet = [
      `${SMTPD}connect from a[192.0.2.1]`,
      `${SMTP}4ABCDE1234: to=<u@d.example>, relay=mx[192.0.2.1]:25, delay=1, delays=0/0/1/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4XYZ)`,
      `${SMTP}4ABCDE1234: to=<u@d.example>, relay=none, delay=1, delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to mx[192.0.2.1]:25: Connection refused)`,
      'not a log line at all',
      '',
    ].join('\n');
    assert.deepEqual(links(quiet, MAIN), []);
  });

  it('each link sits on its own line of a longer log, CRLF or LF', () => {
    const log = [`${SMTPD}connect from a[192.0.2.1]`, `${SMTPD}warning: No server certs available. TLS won't be enabled`, `${SMTPD}disconnect from a[192.0.2.1] ehlo=1 quit=1 commands=2`, `${SMTP}Untrusted TLS connection established to a[192.0.2.1]:25: TLSv1.2 with cipher X (128/128 bits)`];
    for (const eol of ['\n', '\r\n', '\r']) {
      const { links: found } = linksOf(log.join(eol), MAIN);
      assert.deepEqual(found.map((l) => `${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`), [`1:${SMTPD.length + 9}-${SMTPD.length + 9 + 25}`, `3:${SMTP.length}-${SMTP.length + 9}`], JSON.stringify(eol));
    }
  });

  it('a log never serves as its own main.cf', () => {
    const doc = TextDocument.create('file:///var/log/mail.log', 'postfix-log', ++version, `${SMTP}Untrusted TLS connection established to a[192.0.2.1]:25: TLSv1.2 with cipher X (128/128 bits)\n`);
    assert.deepEqual(getLanguageService().findDocumentLinks(doc, { main: doc }), []);
  });

  it('the number of links is bounded (maxLinks, the first lines of the log)', () => {
    const line = `${SMTP}Untrusted TLS connection established to a[192.0.2.1]:25: TLSv1.2 with cipher X (128/128 bits)`;
    const { links: found } = linksOf(Array.from({ length: 6000 }, () => line).join('\n'), MAIN);
    assert.equal(found.length, 5000);
    assert.equal(found[4999].range.start.line, 4999);
  });
});

describe('mail log link targets (linkTargets.json)', () => {
  it('every parameter it names is a Postfix parameter, and every kind is a failure kind', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const known = new Set((require('../../server/src/service/knowledge/parameters.json') as { parameters: Array<{ name: string }> }).parameters.map((p) => p.name));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kinds = new Set((require('../../server/src/service/maillog/failureKinds') as typeof import('../../server/src/service/maillog/failureKinds')).FAILURE_KINDS.map((f) => f.kind));
    const lists = [...Object.values(linkTargets.failures), ...Object.values(linkTargets.trust)] as Array<Record<string, string[]>>;
    const names = lists.flatMap((l) => Object.values(l).flat());
    assert.ok(names.length > 30);
    for (const n of names) {
      assert.ok(known.has(n), `${n} is not a Postfix parameter`);
      if (n.startsWith('smtp_')) assert.ok(known.has(n.replace(/^smtp_/, 'lmtp_')), `${n} has no lmtp_ twin`);
    }
    for (const k of Object.keys(linkTargets.failures)) assert.ok(kinds.has(k), `${k} is not a kind of failureKinds.ts`);
  });
});

describe('which main.cf a log links into (server/src/logMainCf.ts)', () => {
  const doc = (uri: string, languageId = 'postfix-main') => TextDocument.create(uri, languageId, 1, 'myhostname = x\n');
  const log = doc('file:///var/log/mail.log', 'postfix-log');
  /** A reader that finds only these files, and records what it was asked. */
  const reader = (present: string[], asked: string[]) => (uri: string) => (asked.push(uri), present.includes(uri) ? doc(uri) : undefined);

  it('beside the log (open, then on disk), another open main.cf, the workspace folders, /etc/postfix', () => {
    const asked: string[] = [];
    assert.equal(mainCfForLog(log, [log, doc('file:///srv/a/main.cf'), doc('file:///var/log/main.cf')], [], reader([], asked))?.uri, 'file:///var/log/main.cf');
    assert.deepEqual(asked, []);
    assert.equal(mainCfForLog(log, [doc('file:///srv/a/main.cf')], [], reader(['file:///var/log/main.cf'], asked))?.uri, 'file:///var/log/main.cf');
    assert.equal(mainCfForLog(log, [doc('file:///srv/a/main.cf')], [], reader([], []))?.uri, 'file:///srv/a/main.cf');
    const order: string[] = [];
    assert.equal(mainCfForLog(log, [], ['file:///ws', 'file:///ws2/'], reader(['file:///etc/postfix/main.cf'], order))?.uri, 'file:///etc/postfix/main.cf');
    assert.deepEqual(order, [
      'file:///var/log/main.cf',
      'file:///ws/main.cf',
      'file:///ws/postfix/main.cf',
      'file:///ws/etc/postfix/main.cf',
      'file:///ws2/main.cf',
      'file:///ws2/postfix/main.cf',
      'file:///ws2/etc/postfix/main.cf',
      'file:///etc/postfix/main.cf',
    ]);
  });

  it('never a log, a master.cf or an untitled document; without a reader (Restricted Mode) only open files', () => {
    const open = [doc('file:///var/log/mail.log.1', 'postfix-log'), doc('file:///srv/a/master.cf', 'postfix-master'), doc('untitled:Untitled-1'), doc('file:///srv/notes.txt', 'plaintext')];
    assert.equal(mainCfForLog(log, open, ['file:///ws'], undefined), undefined);
    assert.equal(mainCfForLog(log, [...open, doc('file:///srv/b/main.cf.j2')], ['file:///ws'], undefined)?.uri, 'file:///srv/b/main.cf.j2');
  });
});
