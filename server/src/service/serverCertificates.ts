import type { EffectiveConfig } from './config';
import { splitList } from './parser/values';
import { setting } from './rules/tls/model';

/**
 * The certificate files main.cf gives the SMTP server (smtpd_tls_chain_files, else the RSA, ECDSA and
 * DSA *_cert_file settings), as absolute paths: what the live STARTTLS check compares the presented
 * certificate with. Values that are templated, built from unknown names or relative are left out:
 * they name no file we can read. master.cf `-o` overrides are not followed (a service may present
 * another certificate; the check connects to one port and cannot tell which service answers).
 */
export function configuredServerCertificates(cfg: EffectiveConfig): Array<{ setting: string; file: string }> {
  const out: Array<{ setting: string; file: string }> = [];
  const usable = (p: string) => p.startsWith('/') && !p.includes('$');
  const chain = setting(cfg, 'smtpd_tls_chain_files');
  if (!chain.unknown && chain.value) {
    for (const i of splitList(chain.value)) if (usable(i.text)) out.push({ setting: 'smtpd_tls_chain_files', file: i.text });
  }
  // Postfix uses the *_cert_file settings only when smtpd_tls_chain_files is empty.
  if (out.length) return out;
  for (const kind of ['', 'ec', 'd']) {
    const name = `smtpd_tls_${kind}cert_file`;
    const s = setting(cfg, name);
    if (!s.unknown && usable(s.value)) out.push({ setting: name, file: s.value });
  }
  return out;
}
