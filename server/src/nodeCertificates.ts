import type * as Crypto from 'node:crypto';
import type { X509Certificate } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CertificateInfo, CertificateInspector, FileReport, PemBlockInfo } from './service/rules/tls/certificates';

/** Where Postfix builds look for main.cf unless told otherwise (Linux, the BSDs and Homebrew/MacPorts, pkgsrc). */
const DEFAULT_CONFIG_DIRECTORIES = ['/etc/postfix', '/usr/local/etc/postfix', '/opt/local/etc/postfix', '/usr/pkg/etc/postfix', '/opt/homebrew/etc/postfix'];

/** A file system error in words, never an errno name. */
export function describeFsError(e: unknown): { error: string; reason: 'missing' | 'denied' | 'unusable' } {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return { error: 'no such file', reason: 'missing' };
    case 'ENOTDIR':
      return { error: 'no such file (a part of the path is not a directory)', reason: 'missing' };
    case 'EACCES':
    case 'EPERM':
      return { error: 'permission denied', reason: 'denied' };
    case 'ELOOP':
      return { error: 'too many levels of symbolic links', reason: 'unusable' };
    case 'EISDIR':
      return { error: 'a directory, not a file', reason: 'unusable' };
    case 'ENAMETOOLONG':
      return { error: 'the path is too long', reason: 'unusable' };
    case 'EIO':
      return { error: 'input/output error', reason: 'unusable' };
    default:
      return { error: 'cannot be read', reason: 'unusable' };
  }
}

/**
 * node:crypto on first use: loading it costs postfix-lint about a tenth of its start-up, and most
 * configurations name no certificate that exists here.
 */
let cryptoModule: typeof Crypto | undefined;
function crypto(): typeof Crypto {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a require() call is what defers the load (an import is hoisted)
  return (cryptoModule ??= require('node:crypto') as typeof Crypto);
}

const MAX_BYTES = 1024 * 1024;
const PEM = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

function info(c: X509Certificate): CertificateInfo {
  const key = c.publicKey;
  const details = key.asymmetricKeyDetails;
  return {
    subject: c.subject.replace(/\n/g, ', '),
    issuer: c.issuer.replace(/\n/g, ', '),
    validFrom: new Date(c.validFrom),
    validTo: new Date(c.validTo),
    selfSigned: c.checkIssued(c) && c.verify(key),
    subjectAltName: c.subjectAltName,
    keyType: key.asymmetricKeyType,
    keyBits: details?.modulusLength ?? (details?.namedCurve ? curveBits(details.namedCurve) : undefined),
  };
}

function curveBits(curve: string): number | undefined {
  const m = /(\d{3})/.exec(curve);
  return m ? Number(m[1]) : undefined;
}

/** Reads PEM files with node:crypto; only metadata leaves this module, never key material. */
export class NodeCertificateInspector implements CertificateInspector {
  private readonly cache = new Map<string, { stamp: string; report: FileReport; pems: string[] }>();

  now(): Date {
    return new Date();
  }

  private load(path: string): { report: FileReport; pems: string[] } {
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      return { report: { path, ...describeFsError(e), blocks: [], certificates: [], issuedByNext: [] }, pems: [] };
    }
    // ctime changes with chmod too: a key made private must not keep its old warning.
    const stamp = `${st.mtimeMs}:${st.ctimeMs}:${st.size}:${st.mode}:${st.ino}`;
    const hit = this.cache.get(path);
    if (hit && hit.stamp === stamp) return hit;
    const report: FileReport = { path, blocks: [], certificates: [], issuedByNext: [], mode: st.mode & 0o777 };
    const pems: string[] = [];
    try {
      if (!st.isFile()) throw new Unusable(st.isDirectory() ? 'a directory, not a file' : 'not a regular file');
      if (st.size > MAX_BYTES) throw new Unusable('larger than 1 MB');
      const text = readFileSync(path, 'latin1');
      const certs: X509Certificate[] = [];
      let m: RegExpExecArray | null;
      PEM.lastIndex = 0;
      while ((m = PEM.exec(text)) !== null) {
        pems.push(m[0]);
        const label = m[1];
        const block: PemBlockInfo = { kind: 'other' };
        if (label === 'CERTIFICATE' || label === 'TRUSTED CERTIFICATE') {
          try {
            certs.push(new (crypto().X509Certificate)(m[0]));
            block.kind = 'certificate';
            block.cert = certs.length - 1;
          } catch {
            block.kind = 'other';
          }
        } else if (label === 'ENCRYPTED PRIVATE KEY' || (/PRIVATE KEY$/.test(label) && /Proc-Type: 4,ENCRYPTED/.test(m[0]))) {
          block.kind = 'encrypted-key';
        } else if (/PRIVATE KEY$/.test(label)) {
          block.kind = 'key';
        }
        report.blocks.push(block);
      }
      if (pems.length === 0) {
        report.error = 'no PEM data';
        report.reason = 'unusable';
      }
      report.certificates = certs.map(info);
      report.issuedByNext = certs.slice(0, -1).map((c, i) => c.checkIssued(certs[i + 1]) && c.verify(certs[i + 1].publicKey));
      // A key must be followed by its own certificate (smtpd_tls_chain_files order).
      report.blocks.forEach((b, i) => {
        if (b.kind !== 'key') return;
        const next = report.blocks.slice(i + 1).find((x) => x.kind !== 'other');
        if (next?.kind === 'certificate') b.matchesNext = matches(pems[i], certs[next.cert!]);
      });
    } catch (e) {
      const d = e instanceof Unusable ? { error: e.message, reason: 'unusable' as const } : describeFsError(e);
      report.error = d.error;
      report.reason = d.reason;
    }
    const entry = { stamp, report, pems };
    this.cache.set(path, entry);
    return entry;
  }

  inspect(path: string): FileReport {
    return this.load(path).report;
  }

  /**
   * The configuration runs here when its directory is this machine's Postfix configuration
   * directory: the config_directory main.cf sets, $MAIL_CONFIG, or a directory Postfix builds use by
   * default (/etc/postfix, /usr/local/etc/postfix, ...), compared after resolving symbolic links.
   */
  runsHere(uri: string, configDirectory: string | undefined): boolean {
    if (!uri.startsWith('file:')) return false;
    let here: string;
    try {
      here = realpathSync(dirname(fileURLToPath(uri)));
    } catch {
      return false;
    }
    const candidates = [configDirectory, process.env.MAIL_CONFIG, ...DEFAULT_CONFIG_DIRECTORIES];
    return candidates.some((c) => {
      if (!c || !c.startsWith('/')) return false;
      try {
        return realpathSync(c) === here;
      } catch {
        return false;
      }
    });
  }

  keyMatches(certPath: string, keyPath: string): boolean | undefined {
    const c = this.load(certPath);
    const k = this.load(keyPath);
    const certIdx = c.report.blocks.findIndex((b) => b.kind === 'certificate');
    const keyIdx = k.report.blocks.findIndex((b) => b.kind === 'key');
    if (certIdx < 0 || keyIdx < 0) return undefined;
    try {
      return matches(k.pems[keyIdx], new (crypto().X509Certificate)(c.pems[certIdx]));
    } catch {
      return undefined;
    }
  }

  keyMatchesCertificate(keyPath: string, keyBlock: number, certPath: string, certIndex: number): boolean | undefined {
    const k = this.load(keyPath);
    const c = this.load(certPath);
    const block = k.report.blocks[keyBlock];
    const certBlock = c.report.blocks.findIndex((b) => b.kind === 'certificate' && b.cert === certIndex);
    if (block?.kind !== 'key' || certBlock < 0) return undefined;
    try {
      return matches(k.pems[keyBlock], new (crypto().X509Certificate)(c.pems[certBlock]));
    } catch {
      return undefined;
    }
  }

  issuedBy(certPath: string, certIndex: number, issuerPath: string, issuerIndex: number): boolean | undefined {
    const cert = this.certificate(certPath, certIndex);
    const issuer = this.certificate(issuerPath, issuerIndex);
    if (!cert || !issuer) return undefined;
    try {
      return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
    } catch {
      return undefined;
    }
  }

  private certificate(path: string, index: number): X509Certificate | undefined {
    const l = this.load(path);
    const block = l.report.blocks.findIndex((b) => b.kind === 'certificate' && b.cert === index);
    if (block < 0) return undefined;
    try {
      return new (crypto().X509Certificate)(l.pems[block]);
    } catch {
      return undefined;
    }
  }
}

/** A file that exists but cannot serve: a directory, a device, too large. */
class Unusable extends Error {}

function matches(keyPem: string, cert: X509Certificate): boolean | undefined {
  try {
    const key = crypto().createPrivateKey(keyPem);
    return crypto().createPublicKey(key).export({ format: 'der', type: 'spki' }).equals(cert.publicKey.export({ format: 'der', type: 'spki' }));
  } catch {
    return undefined;
  }
}
