import { atLeast, Version } from './version';

/**
 * The recommended blocks of the catalogue, in the syntax the target release understands. Port 25
 * stays opportunistic, so smtpd_tls_protocols keeps every TLS version (the default since 3.6, written
 * out before): raising it only sends old peers back to cleartext. Where TLS is required (submission
 * with -o encrypt) the mandatory list applies, and that one asks for TLS 1.2.
 */
export function serverBlock(target: Version): Array<[string, string]> {
  const range = atLeast(target, '3.6');
  const certs: Array<[string, string]> = atLeast(target, '3.4')
    ? [['smtpd_tls_chain_files', '/etc/ssl/private/mail.key, /etc/ssl/certs/mail.pem']]
    : [['smtpd_tls_cert_file', '/etc/ssl/certs/mail.pem'], ['smtpd_tls_key_file', '/etc/ssl/private/mail.key']];
  return [
    ...certs,
    ['smtpd_tls_security_level', 'may'],
    ['smtpd_tls_loglevel', '1'],
    ['smtpd_tls_auth_only', 'yes'],
    ...(range ? [] : [['smtpd_tls_protocols', '!SSLv2, !SSLv3'] as [string, string]]),
    ['smtpd_tls_mandatory_protocols', range ? '>=TLSv1.2' : '!SSLv2, !SSLv3, !TLSv1, !TLSv1.1'],
  ];
}

export function clientBlock(): Array<[string, string]> {
  return [
    ['smtp_tls_security_level', 'may'],
    ['smtp_tls_loglevel', '1'],
    ['smtp_tls_session_cache_database', 'btree:${data_directory}/smtp_scache'],
  ];
}

export const CERT_NAMES = ['smtpd_tls_chain_files', 'smtpd_tls_cert_file', 'smtpd_tls_key_file', 'smtpd_tls_eccert_file', 'smtpd_tls_eckey_file'];
