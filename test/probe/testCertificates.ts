import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  /** The CA that issued `leaf`: the trust store a verified check uses. */
  caPem: string;
  caFile: string;
  leafKey: string;
  leafCert: string;
  /** A self-signed certificate for CN=other.example, a stranger to the CA. */
  otherKey: string;
  otherCert: string;
}

/** A test CA and a server certificate it issued for localhost and 127.0.0.1, made with openssl (valid 2 days). */
export function makeTestPki(dir: string): TestPki {
  mkdirSync(dir, { recursive: true });
  const f = (n: string) => join(dir, n);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=Probe Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/CN=localhost');
  writeFileSync(f('leaf.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', f('leaf.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('leaf.pem'), '-days', '2', '-extfile', f('leaf.ext'));
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('other.key'), '-out', f('other.pem'), '-days', '2', '-subj', '/CN=other.example');
  for (const k of ['ca.key', 'leaf.key', 'other.key']) chmodSync(f(k), 0o600);
  return { dir, caPem: readFileSync(f('ca.pem'), 'utf8'), caFile: f('ca.pem'), leafKey: f('leaf.key'), leafCert: f('leaf.pem'), otherKey: f('other.key'), otherCert: f('other.pem') };
}

/** SHA-256 fingerprint of a PEM certificate file as openssl prints it (colon-separated upper-case hex). */
export function opensslFingerprint(file: string): string {
  return execFileSync('openssl', ['x509', '-in', file, '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' }).trim().replace(/^.*=/, '');
}
