import { atLeast, parseVersion, Version } from './version';

/**
 * The recommended TLS blocks, the one source for the quick fixes that insert them (fixes.ts) and
 * for the editor snippets and insert commands (snippets/postfix-main.json is generated from here:
 * `npm run snippets`, a test checks it). In the syntax the target release understands.
 */
export interface BlockLine {
  name: string;
  value: string;
  /** The value in a snippet, with tab stops where the admin fills in or chooses; else the value as written. */
  snippet?: string;
}

export interface Block {
  /** The comment line above the block. */
  heading: string;
  lines: BlockLine[];
}

/** Example certificate paths: a fix that writes them is never applied without the admin (not in fix all). */
const KEY = '/etc/ssl/private/mail.key';
const CERT = '/etc/ssl/certs/mail.pem';

/** Where the server certificate goes: smtpd_tls_chain_files from 3.4, the separate files before. */
export function certificateLines(target: Version): BlockLine[] {
  return atLeast(target, '3.4')
    ? [{ name: 'smtpd_tls_chain_files', value: `${KEY}, ${CERT}`, snippet: `\${1:${KEY}}, \${2:${CERT}}` }]
    : [{ name: 'smtpd_tls_cert_file', value: CERT, snippet: `\${1:${CERT}}` }, { name: 'smtpd_tls_key_file', value: KEY, snippet: `\${2:${KEY}}` }];
}

/**
 * Port 25 stays opportunistic, so smtpd_tls_protocols keeps every TLS version (the default since
 * 3.6, written out before): raising it only sends old peers back to cleartext. Where TLS is required
 * (submission with -o encrypt) the mandatory list applies, and that one asks for TLS 1.2.
 */
export function serverBlock(target: Version): Block {
  const range = atLeast(target, '3.6');
  const mandatory = range ? '>=TLSv1.2' : '!SSLv2, !SSLv3, !TLSv1, !TLSv1.1';
  return {
    heading: '# TLS for incoming mail: STARTTLS, opportunistic on port 25',
    lines: [
      ...certificateLines(target),
      { name: 'smtpd_tls_security_level', value: 'may' },
      { name: 'smtpd_tls_loglevel', value: '1' },
      { name: 'smtpd_tls_auth_only', value: 'yes' },
      ...(range ? [] : [{ name: 'smtpd_tls_protocols', value: '!SSLv2, !SSLv3' }]),
      { name: 'smtpd_tls_mandatory_protocols', value: mandatory, snippet: range ? undefined : `\${3:${mandatory}}` },
    ],
  };
}

export function clientBlock(): Block {
  return {
    heading: '# TLS for outgoing mail: encrypt whenever the receiving server offers STARTTLS',
    lines: [
      { name: 'smtp_tls_security_level', value: 'may', snippet: '${1|may,dane,encrypt|}' },
      { name: 'smtp_tls_loglevel', value: '1' },
      { name: 'smtp_tls_session_cache_database', value: 'btree:${data_directory}/smtp_scache', snippet: '${2|btree,lmdb|}:\\${data_directory}/smtp_scache' },
    ],
  };
}

export const CERT_NAMES = ['smtpd_tls_chain_files', 'smtpd_tls_cert_file', 'smtpd_tls_key_file', 'smtpd_tls_eccert_file', 'smtpd_tls_eckey_file'];

export interface Snippet {
  prefix: string[];
  description: string;
  body: string[];
}

function snippetBody(b: Block): string[] {
  // Outside a tab stop `$` starts one: a value's own `$name` is escaped.
  return [b.heading, ...b.lines.map((l) => `${l.name} = ${l.snippet ?? l.value.replace(/\$/g, '\\$')}`), '$0'];
}

/** The snippets of snippets/postfix-main.json, by name (the VS Code client's insert commands use the first two). */
export function blockSnippets(): Record<string, Snippet> {
  return {
    'TLS client block': {
      prefix: ['tls-client', 'smtp_tls'],
      description: 'Opportunistic TLS for outgoing mail (smtp_tls_*): encrypts whenever the remote server offers STARTTLS, never blocks delivery.',
      body: snippetBody(clientBlock()),
    },
    'TLS server block': {
      prefix: ['tls-server', 'smtpd_tls'],
      description: 'STARTTLS for incoming mail (smtpd_tls_*): opportunistic on port 25 (every TLS version), TLS 1.2 or newer where TLS is required, passwords only over TLS.',
      body: snippetBody(serverBlock(parseVersion('3.6')!)),
    },
    'TLS server block (cert + key files)': {
      prefix: ['tls-server-legacy'],
      description: 'STARTTLS for incoming mail with separate certificate and key files (Postfix before 3.4).',
      body: snippetBody(serverBlock(parseVersion('3.3')!)),
    },
  };
}
