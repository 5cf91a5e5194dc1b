// A mail log among configuration files, in the real server process (dist/server.js over stdio):
// a log is nobody's main.cf (sibling pairing pairs main.cf and master.cf only), and its TLS
// warnings link into the main.cf the server finds for it: open beside it, on disk beside it,
// another open main.cf, a workspace folder's; in Restricted Mode only what is open.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWorkspaceFoldersNotification, DocumentLink, DocumentLinkRequest } from 'vscode-languageserver-protocol/node';
import { LspClient } from './lspClient';

const SMTP = 'Dec  1 14:00:05 mx postfix/smtp[300]: ';
const LOG = [
  'Dec  1 14:00:01 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]',
  `${SMTP}Untrusted TLS connection established to mx.d.example[192.0.2.1]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)`,
  `${SMTP}4ABCDE1234: to=<u@d.example>, relay=mx.d.example[192.0.2.1]:25, delay=1, delays=0/0/1/0, dsn=4.7.4, status=deferred (TLS is required, but was not offered by host mx.d.example[192.0.2.1])`,
  '',
].join('\n');
const MAIN = 'myhostname = mx.example\nsmtp_tls_security_level = encrypt\nsmtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\n';

const uriOf = (file: string) => pathToFileURL(file).toString();

describe('mail logs beside configuration files (the language server process)', function () {
  this.timeout(30_000);
  let dir = '';
  const clients: LspClient[] = [];
  const start = async (opts: { trusted?: boolean; folders?: string[] } = {}) => {
    const c = new LspClient('stdio');
    clients.push(c);
    await c.initialize(undefined, undefined, opts.trusted === false ? { trusted: false } : undefined, opts.folders?.map((f) => ({ uri: uriOf(f), name: path.basename(f) })) ?? null);
    return c;
  };
  const links = async (c: LspClient, uri: string) => ((await c.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } })) ?? []) as DocumentLink[];
  const write = (rel: string, text: string) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillog-links-'));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a log open beside master.cf is not taken for its main.cf: the main.cf on disk is', async () => {
    // main.cf on disk defines the name master.cf uses; were the log its main.cf, $tls_level would be undefined.
    write('main.cf', 'tls_level = may\n');
    const c = await start();
    await c.open(uriOf(path.join(dir, 'mail.log')), 'postfix-log', LOG);
    const master = uriOf(path.join(dir, 'master.cf'));
    await c.open(master, 'postfix-master', 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=$tls_level\n');
    const d = (await c.diagnostics(master)).diagnostics.map((x) => `${x.code}: ${x.message}`);
    assert.ok(!d.some((x) => x.startsWith('undefined-reference')), d.join('\n'));
    // The level comes from main.cf on disk through $tls_level: TLS is on, and the missing certificate is reported.
    assert.ok(d.some((x) => /^missing-server-cert: .*level "may".*via \$tls_level/.test(x)), d.join('\n'));
  });

  it('links to the main.cf on disk beside the log, at the line of the setting', async () => {
    const main = write('main.cf', MAIN);
    const c = await start();
    const log = uriOf(path.join(dir, 'mail.log'));
    await c.open(log, 'postfix-log', LOG);
    const found = await links(c, log);
    assert.deepEqual(
      found.map((l) => `${l.range.start.line}:${l.range.start.character} ${l.target}`),
      [`1:${SMTP.length} ${uriOf(main)}#L3`, `2:${LOG.split('\n')[2].indexOf('TLS is required')} ${uriOf(main)}#L2`],
    );
  });

  it('an open main.cf beside the log wins over the file on disk, and an edit moves the link', async () => {
    write('main.cf', MAIN);
    const c = await start();
    const log = uriOf(path.join(dir, 'mail.log'));
    const mainUri = uriOf(path.join(dir, 'main.cf'));
    await c.open(log, 'postfix-log', LOG);
    await c.open(mainUri, 'postfix-main', `# edited\n${MAIN}`);
    assert.deepEqual((await links(c, log)).map((l) => l.target), [`${mainUri}#L4`, `${mainUri}#L3`]);
  });

  it('a log elsewhere: another open main.cf, else a workspace folder’s postfix/main.cf', async () => {
    const inFolder = write('ws/postfix/main.cf', MAIN);
    const c = await start({ folders: [path.join(dir, 'ws')] });
    const log = uriOf(write('logs/mail.log', LOG));
    await c.open(log, 'postfix-log', LOG);
    assert.deepEqual((await links(c, log)).map((l) => l.target), [`${uriOf(inFolder)}#L3`, `${uriOf(inFolder)}#L2`]);
    // (Written to disk too: in a trusted workspace only links to files that exist are kept.)
    const other = uriOf(write('other/main.cf', 'smtp_tls_CAfile = /x.pem\n'));
    await c.open(other, 'postfix-main', 'smtp_tls_CAfile = /x.pem\n');
    assert.deepEqual((await links(c, log)).map((l) => l.target), [`${other}#L1`, other]);
  });

  it('a workspace folder added later (workspace/didChangeWorkspaceFolders) is searched too', async () => {
    const inFolder = write('later/main.cf', MAIN);
    const c = new LspClient('stdio');
    clients.push(c);
    const init = await c.initialize({ workspaceFolders: true }, undefined, undefined, []);
    assert.deepEqual(init.capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
    const log = uriOf(write('logs/mail.log', LOG));
    await c.open(log, 'postfix-log', LOG);
    await c.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [{ uri: uriOf(path.join(dir, 'later')), name: 'later' }], removed: [] } });
    assert.deepEqual((await links(c, log)).map((l) => l.target), [`${uriOf(inFolder)}#L3`, `${uriOf(inFolder)}#L2`]);
  });

  it('Restricted Mode reads no main.cf from disk: only an open one counts', async () => {
    write('main.cf', MAIN);
    const c = await start({ trusted: false });
    const log = uriOf(path.join(dir, 'mail.log'));
    await c.open(log, 'postfix-log', LOG);
    assert.deepEqual(await links(c, log), []);
    const mainUri = uriOf(path.join(dir, 'main.cf'));
    await c.open(mainUri, 'postfix-main', MAIN);
    assert.deepEqual((await links(c, log)).map((l) => l.target), [`${mainUri}#L3`, `${mainUri}#L2`]);
  });
});
