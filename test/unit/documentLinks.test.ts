// Document link specs: the candidate links the service offers for file paths in values
// (certificate, key, CA and chain files; the sources of lookup tables). The server keeps
// only the existing ones in a trusted workspace (see test/protocol/navigation.test.ts).
import * as assert from 'node:assert/strict';
import type { DocumentLink } from 'vscode-languageserver-types';
import { docOf, r, service } from './spec';

function links(text: string, kind: 'main' | 'master' = 'main', uri?: string): DocumentLink[] {
  const doc = docOf(text, kind, uri);
  return service().findDocumentLinks(doc, kind === 'main' ? { main: doc } : { master: doc });
}

function targets(text: string, kind: 'main' | 'master' = 'main'): string[] {
  return links(text, kind).map((l) => `${r(l.range)} ${l.target}`);
}

describe('document links', () => {
  it('links certificate, key and CA files', () => {
    const text = [
      'smtpd_tls_cert_file = /etc/ssl/certs/mail.pem',
      'smtpd_tls_key_file = /etc/ssl/private/mail.key',
      'smtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt',
      'smtpd_tls_dh1024_param_file = /etc/postfix/dh2048.pem',
      '',
    ].join('\n');
    assert.deepEqual(targets(text), [
      '0:22-0:45 file:///etc/ssl/certs/mail.pem',
      '1:21-1:46 file:///etc/ssl/private/mail.key',
      '2:18-2:52 file:///etc/ssl/certs/ca-certificates.crt',
      '3:30-3:53 file:///etc/postfix/dh2048.pem',
    ]);
  });

  it('links each file of smtpd_tls_chain_files, also across continuation lines', () => {
    assert.deepEqual(targets('smtpd_tls_chain_files =\n    /etc/ssl/private/mail.key,\n    /etc/ssl/certs/mail.pem\n'), [
      '1:4-1:29 file:///etc/ssl/private/mail.key',
      '2:4-2:27 file:///etc/ssl/certs/mail.pem',
    ]);
  });

  it('links the source file of hash:, btree:, lmdb: tables (not the .db) and text tables', () => {
    const text = [
      'smtp_tls_policy_maps = hash:/etc/postfix/tls_policy',
      'transport_maps = lmdb:/etc/postfix/transport, regexp:/etc/postfix/transport.re',
      'virtual_alias_maps = proxy:mysql:/etc/postfix/mysql-aliases.cf',
      'header_checks = pcre:/etc/postfix/header_checks',
      '',
    ].join('\n');
    assert.deepEqual(targets(text), [
      '0:28-0:51 file:///etc/postfix/tls_policy',
      '1:22-1:44 file:///etc/postfix/transport',
      '1:53-1:78 file:///etc/postfix/transport.re',
      '2:33-2:62 file:///etc/postfix/mysql-aliases.cf',
      '3:21-3:47 file:///etc/postfix/header_checks',
    ]);
    const tip = links('smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n')[0].tooltip;
    assert.match(tip ?? '', /source of this hash: table/);
    assert.match(tip ?? '', /tls_policy\.db/);
  });

  it('looks into unionmap:{...} and pipemap:{...}', () => {
    assert.deepEqual(targets('virtual_alias_maps = unionmap:{hash:/etc/postfix/a, texthash:/etc/postfix/b}\n'), [
      '0:36-0:50 file:///etc/postfix/a',
      '0:61-0:75 file:///etc/postfix/b',
    ]);
  });

  it('expands $names in paths, and $config_directory is where main.cf is', () => {
    assert.deepEqual(targets('certs = /etc/ssl/certs\nsmtpd_tls_cert_file = $certs/mail.pem\nalias_maps = hash:$config_directory/aliases\n'), [
      '1:22-1:37 file:///etc/ssl/certs/mail.pem',
      '2:18-2:43 file:///etc/postfix/aliases',
    ]);
  });

  it('leaves out what is no file: caches, inline tables, relative and unresolvable paths, other tables', () => {
    const text = [
      'smtp_tls_session_cache_database = btree:${data_directory}/smtp_scache',
      'smtpd_tls_cert_file = none',
      'smtpd_tls_key_file = relative/mail.key',
      'smtpd_tls_CAfile = $nowhere/ca.pem',
      'virtual_alias_maps = inline:{a=b}, static:x, tcp:localhost:1234, unix:passwd.byname',
      'smtpd_sender_restrictions = check_sender_access texthash:/etc/postfix/senders',
      '',
    ].join('\n');
    assert.deepEqual(targets(text), ['5:57-5:77 file:///etc/postfix/senders']);
  });

  it('links -o overrides in master.cf', () => {
    assert.deepEqual(targets('submission inet n - y - - smtpd\n  -o smtpd_tls_cert_file=/etc/ssl/certs/sub.pem\n', 'master'), ['1:25-1:47 file:///etc/ssl/certs/sub.pem']);
  });

  it('keeps the scheme and authority of a remote document', () => {
    const l = links('smtpd_tls_cert_file = /etc/ssl/certs/mail.pem\n', 'main', 'vscode-remote://ssh-remote+mx/etc/postfix/main.cf');
    assert.equal(l[0].target, 'vscode-remote://ssh-remote+mx/etc/ssl/certs/mail.pem');
  });

  it('gives no links inside template tags', () => {
    const doc = docOf('smtpd_tls_cert_file = {{ cert_path }}\nsmtpd_tls_key_file = /etc/ssl/{{ x }}.key\n', 'main', 'file:///srv/main.cf.j2');
    assert.deepEqual(service().findDocumentLinks(doc, { main: doc }), []);
  });
});
