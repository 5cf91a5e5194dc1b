import type { CertificateInfo, CertificateInspector } from './certificates';

/**
 * A list of chain files as Postfix reads smtpd_tls_chain_files (and each value of
 * tls_server_sni_maps): all files in order as one sequence of PEM objects, each private key
 * followed by its certificate and then that certificate's issuers. The walk is shared; what is
 * said about each problem is the caller's.
 */
export interface ChainPem<F> {
  file: F;
  kind: 'certificate' | 'key' | 'encrypted-key';
  block: number;
  cert?: number;
  info?: CertificateInfo;
}

export interface ChainReport<F> {
  /** The sequence starts with a certificate; `key` is the first key further on, if any. */
  keyNotFirst(first: ChainPem<F>, key: ChainPem<F> | undefined): void;
  keyWithoutCertificate(key: ChainPem<F>): void;
  /** The leaf certificate does not belong to the key before it. */
  keyMismatch(key: ChainPem<F>, leaf: ChainPem<F>): void;
  /** `issuer` (the certificate after `cert`) did not issue it. */
  notIssuer(cert: ChainPem<F>, issuer: ChainPem<F>): void;
  /** A lone leaf that is not self-signed: the intermediates are missing. */
  incomplete(leaf: ChainPem<F> & { info: CertificateInfo }): void;
  /** Each key's leaf certificate, for what the caller checks of it (expiry, names). */
  leaf(leaf: ChainPem<F> & { info: CertificateInfo }, key: ChainPem<F>): void;
}

/** Walks the files' PEM objects; false when a file cannot be read (the caller reports that). */
export function walkChain<F extends { path: string }>(insp: CertificateInspector, files: readonly F[], report: ChainReport<F>): boolean {
  const seq: Array<ChainPem<F>> = [];
  for (const file of files) {
    const rep = insp.inspect(file.path);
    if (rep.error) return false;
    rep.blocks.forEach((b, i) => {
      if (b.kind !== 'other') seq.push({ file, kind: b.kind, block: i, cert: b.cert, info: b.cert !== undefined ? rep.certificates[b.cert] : undefined });
    });
  }
  if (!seq.length) return true;
  if (seq[0].kind === 'certificate') {
    report.keyNotFirst(seq[0], seq.find((p) => p.kind !== 'certificate'));
    return true;
  }
  // Groups: a key and the certificates up to the next key.
  for (let i = 0; i < seq.length; ) {
    const key = seq[i];
    let j = i + 1;
    while (j < seq.length && seq[j].kind === 'certificate') j++;
    const certs = seq.slice(i + 1, j);
    i = j;
    if (!certs.length) {
      report.keyWithoutCertificate(key);
      continue;
    }
    const leaf = certs[0];
    if (key.kind === 'key' && insp.keyMatchesCertificate(key.file.path, key.block, leaf.file.path, leaf.cert!) === false) report.keyMismatch(key, leaf);
    let broken = false;
    for (let k = 0; k + 1 < certs.length; k++) {
      if (insp.issuedBy(certs[k].file.path, certs[k].cert!, certs[k + 1].file.path, certs[k + 1].cert!) === false) {
        broken = true;
        report.notIssuer(certs[k], certs[k + 1]);
        break;
      }
    }
    const info = leaf.info;
    if (!info) continue;
    if (!broken && certs.length === 1 && !info.selfSigned) report.incomplete({ ...leaf, info });
    report.leaf({ ...leaf, info }, key);
  }
  return true;
}

const DAY = 86_400_000;
export const NEAR_EXPIRY_DAYS = 14;

/** Whether a certificate is out of its validity period (error) or near its end (warning), in words. */
export function expiryOf(insp: CertificateInspector, leaf: CertificateInfo): { severity: 'error' | 'warning'; text: string } | undefined {
  const now = insp.now().getTime();
  const left = (leaf.validTo.getTime() - now) / DAY;
  if (now < leaf.validFrom.getTime()) return { severity: 'error', text: `the certificate (${leaf.subject}) is not valid before ${leaf.validFrom.toISOString()}` };
  if (left < 0) return { severity: 'error', text: `the certificate (${leaf.subject}) expired on ${leaf.validTo.toISOString().slice(0, 10)}: clients that verify reject it` };
  if (left < NEAR_EXPIRY_DAYS) return { severity: 'warning', text: `the certificate (${leaf.subject}) expires in ${Math.ceil(left)} day(s), on ${leaf.validTo.toISOString().slice(0, 10)}: renew it` };
  return undefined;
}
