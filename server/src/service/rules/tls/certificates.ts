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
  /** Why it cannot be read, in words for a message ("no such file", "permission denied", "no PEM data"). */
  error?: string;
  /**
   * What kind of failure `error` is: the file (or a directory on its path) does not exist, this
   * user may not read it, or it exists but holds nothing usable. Absent when the file was read.
   */
  reason?: 'missing' | 'denied' | 'unusable';
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
  /**
   * Does the configuration of the file at `uri` (a main.cf or master.cf) run on this machine: is its
   * directory this machine's Postfix configuration directory? `configDirectory` is main.cf's own
   * config_directory, when it sets one. Asked by `postfix.certificateChecks = auto`: elsewhere (a
   * repository, a template, a container's files) the paths name files of another machine. An
   * inspector without this method is taken to run on the mail host.
   */
  runsHere?(uri: string, configDirectory: string | undefined): boolean;
}
