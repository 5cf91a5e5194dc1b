import type { CertificateInfo, CertificateInspector } from '../rules/tls/certificates';
import { expiryOf, walkChain } from '../rules/tls/chain';
import type { Positions, TableFinding } from './findings';
import { TableReport } from './findings';
import { duplicateKeys } from './keys';
import { isSpace, offsetAt, parseTableSource, SourceEntry, TableSource } from './source';

/**
 * tls_server_sni_maps source files: the key is a name a client may send in SNI (or `.domain` for
 * its subdomains), the value a list of files read like smtpd_tls_chain_files (blanks or commas
 * between them): each private key first, then its certificate, then that certificate's issuers.
 */

export interface SniFile {
  path: string;
  start: number;
  end: number;
}

export interface SniEntry {
  entry: SourceEntry;
  files: SniFile[];
}

export interface SniTable {
  source: TableSource;
  entries: SniEntry[];
}

const SEP = (c: string) => c === ',' || isSpace(c);

export function parseSniTable(text: string | TableSource): SniTable {
  const source = typeof text === 'string' ? parseTableSource(text) : text;
  const entries = source.entries.map((e) => {
    const files: SniFile[] = [];
    let i = 0;
    while (i < e.value.length) {
      while (i < e.value.length && SEP(e.value[i])) i++;
      const from = i;
      while (i < e.value.length && !SEP(e.value[i])) i++;
      if (i > from) files.push({ path: e.value.slice(from, i), start: offsetAt(e, from), end: offsetAt(e, i - 1) + 1 });
    }
    return { entry: e, files };
  });
  return { source, entries };
}

/** The DNS names a certificate is valid for: its subjectAltName DNS entries, else its CN. */
export function certificateNames(info: CertificateInfo): string[] {
  const san = (info.subjectAltName ?? '').split(/,\s*/).filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4).toLowerCase());
  if (san.length) return san;
  const cn = /(?:^|,\s*)CN=([^,]+)/.exec(info.subject);
  return cn ? [cn[1].trim().toLowerCase()] : [];
}

/** Does a certificate name (possibly `*.domain`) cover this SNI name? */
function covers(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (pattern.startsWith('*.')) {
    const rest = pattern.slice(1);
    return name.endsWith(rest) && !name.slice(0, -rest.length).includes('.') && name.length > rest.length;
  }
  return false;
}

/** Does the certificate serve the key: the name itself, or, for `.domain`, some subdomain of it. */
function servesKey(names: string[], key: string): boolean {
  const k = key.toLowerCase();
  if (k.startsWith('.')) return names.some((n) => n.endsWith(k));
  return names.some((n) => covers(n, k));
}

function checkable(path: string): boolean {
  return path.startsWith('/') && !path.includes('$');
}

/** Findings of one SNI table; files are read only when an inspector is given (trusted, checks on). */
export function sniFindings(table: SniTable, doc: Positions, insp: CertificateInspector | undefined): TableFinding[] {
  const r = new TableReport(doc);
  for (const p of table.source.problems) r.add('table-syntax', p.start, p.end, p.message);
  duplicateKeys(r, table.source.entries, doc);
  if (!insp) return r.out;
  for (const e of table.entries) chain(r, e, insp);
  return r.out;
}

function chain(r: TableReport, e: SniEntry, insp: CertificateInspector): void {
  const key = e.entry.key;
  if (!e.files.every((f) => checkable(f.path))) return;
  for (const f of e.files) {
    const rep = insp.inspect(f.path);
    if (rep.error) {
      // A file only root may read is how a key should be kept: not judged.
      if (rep.reason !== 'denied') r.add('cert-file-missing', f.start, f.end, `${f.path} (SNI chain for ${key}): ${rep.error}. postmap -F cannot build the table, and a run-time table fails to load`);
      return;
    }
    const keys = rep.blocks.filter((b) => b.kind === 'key' || b.kind === 'encrypted-key');
    if (rep.mode !== undefined && (rep.mode & 0o077) !== 0 && keys.length) {
      r.add('key-exposed', f.start, f.end, `${f.path} (SNI chain for ${key}) holds a private key and is readable by ${rep.mode & 0o007 ? 'everyone' : 'its group'} (mode ${rep.mode.toString(8).padStart(3, '0')}): make it readable by root only (chmod 600)`);
    }
    if (keys.some((b) => b.kind === 'encrypted-key')) r.add('key-exposed', f.start, f.end, `${f.path} (SNI chain for ${key}): the private key is protected by a passphrase; Postfix cannot ask for one and fails to load it`);
  }
  const where = `the SNI chain for ${key}`;
  walkChain(insp, e.files, {
    keyNotFirst: (first, k) => r.add('chain-order', first.file.start, first.file.end, k ? `${where} starts with the certificate ${first.info?.subject ?? ''} in ${first.file.path}, before its private key: list each key first, then its certificate, then the issuers` : `${where} holds no private key: list the key file first, then the certificate chain`),
    keyWithoutCertificate: (k) => r.add('chain-order', k.file.start, k.file.end, `${where}: the private key in ${k.file.path} is not followed by its certificate`),
    keyMismatch: (k, leaf) => r.add('cert-key-mismatch', leaf.file.start, leaf.file.end, `${where}: the certificate ${leaf.info?.subject ?? ''} in ${leaf.file.path} does not belong to the private key before it in ${k.file.path}`),
    notIssuer: (cert, issuer) => r.add('chain-order', issuer.file.start, issuer.file.end, `${where}: ${issuer.info?.subject ?? 'a certificate'} (${issuer.file.path}) did not issue the certificate before it, ${cert.info?.subject ?? ''}; order the chain leaf first, then each issuer`),
    incomplete: (leaf) => r.add('cert-chain-incomplete', leaf.file.start, leaf.file.end, `${leaf.file.path} (${where}) holds only the server certificate (${leaf.info.subject}, issued by ${leaf.info.issuer}): add the intermediate CA certificates after it, or clients cannot build the chain`),
    leaf: (leaf) => {
      const x = expiryOf(insp, leaf.info);
      if (x) r.add('cert-expired', leaf.file.start, leaf.file.end, `${leaf.file.path} (${where}): ${x.text}`, { severity: x.severity });
      const names = certificateNames(leaf.info);
      if (names.length && !servesKey(names, key)) {
        const sub = key.startsWith('.') ? key.slice(1) : undefined;
        r.add('sni-name-mismatch', e.entry.keyStart, e.entry.keyEnd, `${key}: the certificate in ${leaf.file.path} (${leaf.info.subject}) is for ${names.join(', ')}${sub ? `, no subdomain of ${sub}` : ''}: clients that ask for ${sub ? `a name under ${sub}` : key} and verify the certificate reject it`);
      }
    },
  });
}
