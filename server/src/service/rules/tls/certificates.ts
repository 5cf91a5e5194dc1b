/**
 * What the certificate rules need to know about a file named in the
 * configuration. The language service never touches the file system itself:
 * the node server and the linter pass an inspector (and none in Restricted
 * Mode or in the browser).
 */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
  selfSigned: boolean;
  subjectAltName?: string;
  keyType?: string;
  keyBits?: number;
}

export type PemKind = 'certificate' | 'key' | 'encrypted-key' | 'other';

export interface PemBlockInfo {
  kind: PemKind;
  /** Index into `certificates` for certificate blocks. */
  cert?: number;
  /** For key blocks: does it match the certificate that follows it? */
  matchesNext?: boolean;
}

export interface FileReport {
  path: string;
  /** Why it cannot be read (ENOENT, EACCES, not PEM...). */
  error?: string;
  blocks: PemBlockInfo[];
  certificates: CertificateInfo[];
  /** certificates[i] was issued by certificates[i + 1]. */
  issuedByNext: boolean[];
  /** Permission bits, when the platform has them. */
  mode?: number;
}

export interface CertificateInspector {
  inspect(path: string): FileReport;
  /** Does the key in keyPath belong to the first certificate of certPath? undefined if either cannot be read. */
  keyMatches(certPath: string, keyPath: string): boolean | undefined;
  /** Does the private key in block `keyBlock` (index into `blocks`) of keyPath belong to certificate `certIndex` of certPath? undefined if unknown. */
  keyMatchesCertificate(keyPath: string, keyBlock: number, certPath: string, certIndex: number): boolean | undefined;
  /** Was certificate `certIndex` of certPath issued and signed by certificate `issuerIndex` of issuerPath? undefined if unknown. */
  issuedBy(certPath: string, certIndex: number, issuerPath: string, issuerIndex: number): boolean | undefined;
  now(): Date;
}
