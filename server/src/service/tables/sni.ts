import type { CertificateInfo, CertificateInspector } from '../rules/tls/certificates';
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

const DAY = 86_400_000;
const NEAR_EXPIRY_DAYS = 14;

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

interface Pem {
  file: SniFile;
  kind: 'certificate' | 'key' | 'encrypted-key';
  block: number;
  info?: CertificateInfo;
  cert?: number;
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
  const seq: Pem[] = [];
  for (const f of e.files) {
    if (!checkable(f.path)) return;
    const rep = insp.inspect(f.path);
    if (rep.error) {
      // A file only root may read is how a key should be kept: not judged.
      if (rep.reason !== 'denied') r.add('cert-file-missing', f.start, f.end, `${f.path} (SNI chain for ${key}): ${rep.error}. postmap -F cannot build the table, and a run-time table fails to load`);
      return;
    }
    rep.blocks.forEach((b, i) => {
      if (b.kind !== 'other') seq.push({ file: f, kind: b.kind, block: i, cert: b.cert, info: b.cert !== undefined ? rep.certificates[b.cert] : undefined });
    });
    if (rep.mode !== undefined && (rep.mode & 0o077) !== 0 && rep.blocks.some((b) => b.kind === 'key' || b.kind === 'encrypted-key')) {
      r.add('key-exposed', f.start, f.end, `${f.path} (SNI chain for ${key}) holds a private key and is readable by ${rep.mode & 0o007 ? 'everyone' : 'its group'} (mode ${rep.mode.toString(8).padStart(3, '0')}): make it readable by root only (chmod 600)`);
    }
  }
  if (!seq.length) return;
  const where = `the SNI chain for ${key}`;
  if (seq[0].kind === 'certificate') {
    const hasKey = seq.some((p) => p.kind !== 'certificate');
    r.add('chain-order', seq[0].file.start, seq[0].file.end, hasKey ? `${where} starts with the certificate ${seq[0].info?.subject ?? ''} in ${seq[0].file.path}, before its private key: list each key first, then its certificate, then the issuers` : `${where} holds no private key: list the key file first, then the certificate chain`);
    return;
  }
  for (let i = 0; i < seq.length; ) {
    const k = seq[i];
    let j = i + 1;
    while (j < seq.length && seq[j].kind === 'certificate') j++;
    const certs = seq.slice(i + 1, j);
    i = j;
    if (k.kind === 'encrypted-key') r.add('key-exposed', k.file.start, k.file.end, `${k.file.path} (${where}): the private key is protected by a passphrase; Postfix cannot ask for one and fails to load it`);
    if (!certs.length) {
      r.add('chain-order', k.file.start, k.file.end, `${where}: the private key in ${k.file.path} is not followed by its certificate`);
      continue;
    }
    const leaf = certs[0];
    if (k.kind === 'key' && insp.keyMatchesCertificate(k.file.path, k.block, leaf.file.path, leaf.cert!) === false) {
      r.add('cert-key-mismatch', leaf.file.start, leaf.file.end, `${where}: the certificate ${leaf.info?.subject ?? ''} in ${leaf.file.path} does not belong to the private key before it in ${k.file.path}`);
    }
    let broken = false;
    for (let c = 0; c + 1 < certs.length; c++) {
      if (insp.issuedBy(certs[c].file.path, certs[c].cert!, certs[c + 1].file.path, certs[c + 1].cert!) === false) {
        broken = true;
        r.add('chain-order', certs[c + 1].file.start, certs[c + 1].file.end, `${where}: ${certs[c + 1].info?.subject ?? 'a certificate'} (${certs[c + 1].file.path}) did not issue the certificate before it, ${certs[c].info?.subject ?? ''}; order the chain leaf first, then each issuer`);
        break;
      }
    }
    if (!leaf.info) continue;
    if (!broken && certs.length === 1 && !leaf.info.selfSigned) {
      r.add('cert-chain-incomplete', leaf.file.start, leaf.file.end, `${leaf.file.path} (${where}) holds only the server certificate (${leaf.info.subject}, issued by ${leaf.info.issuer}): add the intermediate CA certificates after it, or clients cannot build the chain`);
    }
    expiry(r, insp, leaf.file, `${leaf.file.path} (${where})`, leaf.info);
    const names = certificateNames(leaf.info);
    if (names.length && !servesKey(names, key)) {
      r.add('sni-name-mismatch', e.entry.keyStart, e.entry.keyEnd, `${key}: the certificate in ${leaf.file.path} (${leaf.info.subject}) is for ${names.join(', ')}${key.startsWith('.') ? ', no subdomain of ' + key.slice(1) : ''}: clients that ask for ${key.startsWith('.') ? `a name under ${key.slice(1)}` : key} and verify the certificate reject it`);
    }
  }
}

function expiry(r: TableReport, insp: CertificateInspector, f: SniFile, what: string, leaf: CertificateInfo): void {
  const now = insp.now().getTime();
  const left = (leaf.validTo.getTime() - now) / DAY;
  if (now < leaf.validFrom.getTime()) r.add('cert-expired', f.start, f.end, `${what}: the certificate (${leaf.subject}) is not valid before ${leaf.validFrom.toISOString()}`, { severity: 'error' });
  else if (left < 0) r.add('cert-expired', f.start, f.end, `${what}: the certificate (${leaf.subject}) expired on ${leaf.validTo.toISOString().slice(0, 10)}: clients that verify reject it`, { severity: 'error' });
  else if (left < NEAR_EXPIRY_DAYS) r.add('cert-expired', f.start, f.end, `${what}: the certificate (${leaf.subject}) expires in ${Math.ceil(left)} day(s), on ${leaf.validTo.toISOString().slice(0, 10)}: renew it`, { severity: 'warning' });
}
