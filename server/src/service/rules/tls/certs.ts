import type { ServiceEntry } from '../../parser/ast';
import { splitList } from '../../parser/values';
import type { FileReport } from './certificates';
import { anchor, emit, Setting, setting, TlsContext } from './model';

const DAY = 86_400_000;
const NEAR_EXPIRY_DAYS = 14;

interface FileRef {
  path: string;
  setting: Setting;
  role: 'chain' | 'cert' | 'key' | 'ca';
}

/** Files the configuration names, as the programs that read them see them. */
function files(ctx: TlsContext): Array<{ refs: FileRef[]; pairs: Array<[FileRef, FileRef]> }> {
  const { cfg } = ctx;
  const scopes: Array<{ prefix: string; service?: ServiceEntry }> = [{ prefix: 'smtpd' }, { prefix: 'smtp' }];
  for (const r of ctx.servers) if (r.service && r.service.overrides.some((o) => /^smtpd_tls_.*(file|files)$/.test(o.name))) scopes.push({ prefix: 'smtpd', service: r.service });
  const out: Array<{ refs: FileRef[]; pairs: Array<[FileRef, FileRef]> }> = [];
  for (const { prefix, service } of scopes) {
    const refs: FileRef[] = [];
    const pairs: Array<[FileRef, FileRef]> = [];
    const chain = setting(cfg, `${prefix}_tls_chain_files`, service);
    for (const item of splitList(chain.value)) refs.push({ path: item.text, setting: chain, role: 'chain' });
    for (const kind of ['', 'ec', 'd']) {
      const cert = setting(cfg, `${prefix}_tls_${kind}cert_file`, service);
      if (cert.value === '' || cert.value.toLowerCase() === 'none') continue;
      const key = setting(cfg, `${prefix}_tls_${kind}key_file`, service);
      const c: FileRef = { path: cert.value, setting: cert, role: 'cert' };
      const k: FileRef = { path: key.value || cert.value, setting: key.value ? key : cert, role: 'key' };
      refs.push(c);
      if (k.path !== c.path) refs.push(k);
      pairs.push([c, k]);
    }
    const ca = setting(cfg, `${prefix}_tls_CAfile`, service);
    if (ca.value) refs.push({ path: ca.value, setting: ca, role: 'ca' });
    if (refs.length) out.push({ refs, pairs });
  }
  return out;
}

/** Reads the certificate and key files named in the configuration (trusted workspaces only). */
export function certificateRules(ctx: TlsContext): void {
  const insp = ctx.certificates;
  if (!insp) return;
  const reported = new Set<string>();
  const once = (key: string) => !reported.has(key) && !!reported.add(key);
  for (const scope of files(ctx)) {
    for (const ref of scope.refs) {
      if (!ref.path.startsWith('/') || ref.path.includes('$')) continue;
      const rep = insp.inspect(ref.path);
      const at = anchor(ctx, ref.setting);
      if (rep.error) {
        if (once(`missing:${ref.path}`)) emit(ctx, { rule: 'cert-file-missing', severity: 'error', at, message: `${ref.path} (${ref.setting.name}, ${ref.setting.origin}) cannot be read: ${rep.error}. Postfix fails to load it and TLS is disabled.` });
        continue;
      }
      if (!once(`file:${ref.role}:${ref.path}`)) continue;
      if (ref.role === 'chain') chainOrder(ctx, ref, rep, at);
      if (ref.role === 'cert' || ref.role === 'chain') certChecks(ctx, ref, rep, at);
      if (ref.role === 'key' || ref.role === 'chain' || (ref.role === 'cert' && rep.blocks.some((b) => b.kind === 'key' || b.kind === 'encrypted-key'))) keyChecks(ctx, ref, rep, at);
    }
    for (const [c, k] of scope.pairs) {
      if (!c.path.startsWith('/') || !k.path.startsWith('/')) continue;
      const kr = insp.inspect(k.path);
      if (kr.error) continue;
      if (!kr.blocks.some((b) => b.kind === 'key' || b.kind === 'encrypted-key')) {
        if (once(`nokey:${k.path}`)) emit(ctx, { rule: 'cert-file-missing', severity: 'error', at: anchor(ctx, k.setting), message: `no private key in ${k.path} (${k.setting.name}${k.setting === c.setting ? ': the key file defaults to the certificate file' : ''}): set ${c.setting.name.replace('cert_file', 'key_file')} to the key` });
        continue;
      }
      const ok = insp.keyMatches(c.path, k.path);
      if (ok === false && once(`pair:${c.path}:${k.path}`)) emit(ctx, { rule: 'cert-key-mismatch', severity: 'error', at: anchor(ctx, k.setting), message: `the private key in ${k.path} does not belong to the certificate in ${c.path}: Postfix cannot load the pair and TLS fails` });
    }
  }
}

function chainOrder(ctx: TlsContext, ref: FileRef, rep: FileReport, at: ReturnType<typeof anchor>): void {
  // smtpd_tls_chain_files as a whole: key, then its certificate, then the issuers; per file each block in that order.
  const kinds = rep.blocks.filter((b) => b.kind !== 'other');
  const first = kinds[0];
  const hasKey = kinds.some((b) => b.kind === 'key' || b.kind === 'encrypted-key');
  if (hasKey && first && first.kind === 'certificate') {
    emit(ctx, { rule: 'chain-order', severity: 'error', at, message: `${ref.path}: the private key must come before its certificate in smtpd_tls_chain_files (Postfix reports "key not first")` });
    return;
  }
  const mismatch = rep.blocks.find((b) => b.kind === 'key' && b.matchesNext === false);
  if (mismatch) emit(ctx, { rule: 'cert-key-mismatch', severity: 'error', at, message: `${ref.path}: the certificate after the private key does not belong to it` });
}

function certChecks(ctx: TlsContext, ref: FileRef, rep: FileReport, at: ReturnType<typeof anchor>): void {
  const certs = rep.certificates;
  if (!certs.length) {
    if (ref.role === 'cert') emit(ctx, { rule: 'cert-file-missing', severity: 'error', at, message: `${ref.path} holds no certificate` });
    return;
  }
  const broken = rep.issuedByNext.findIndex((ok) => !ok);
  if (broken >= 0) {
    emit(ctx, { rule: 'chain-order', severity: 'error', at, message: `${ref.path}: certificate ${broken + 2} (${certs[broken + 1].subject}) did not issue certificate ${broken + 1} (${certs[broken].subject}); order the file leaf first, then each issuer` });
  } else if (certs.length === 1 && !certs[0].selfSigned) {
    emit(ctx, { rule: 'cert-chain-incomplete', severity: 'warning', at, message: `${ref.path} holds only the server certificate (${certs[0].subject}, issued by ${certs[0].issuer}): serve the bundle of certificate plus intermediate CA certificates (e.g. fullchain.pem), or clients cannot build the chain` });
  }
  const now = ctx.certificates!.now().getTime();
  const leaf = certs[0];
  const left = (leaf.validTo.getTime() - now) / DAY;
  if (now < leaf.validFrom.getTime()) {
    emit(ctx, { rule: 'cert-expired', severity: 'error', at, message: `${ref.path}: the certificate (${leaf.subject}) is not valid before ${leaf.validFrom.toISOString()}` });
  } else if (left < 0) {
    emit(ctx, { rule: 'cert-expired', severity: 'error', at, message: `${ref.path}: the certificate (${leaf.subject}) expired on ${leaf.validTo.toISOString().slice(0, 10)}: clients that verify reject it` });
  } else if (left < NEAR_EXPIRY_DAYS) {
    emit(ctx, { rule: 'cert-expired', severity: 'warning', at, message: `${ref.path}: the certificate (${leaf.subject}) expires in ${Math.ceil(left)} day(s), on ${leaf.validTo.toISOString().slice(0, 10)}: renew it` });
  }
}

function keyChecks(ctx: TlsContext, ref: FileRef, rep: FileReport, at: ReturnType<typeof anchor>): void {
  if (rep.blocks.some((b) => b.kind === 'encrypted-key')) {
    emit(ctx, { rule: 'key-exposed', severity: 'warning', at, message: `${ref.path}: the private key is protected by a passphrase; Postfix cannot ask for one and fails to load it` });
  }
  if (rep.mode !== undefined && (rep.mode & 0o077) !== 0 && rep.blocks.some((b) => b.kind === 'key' || b.kind === 'encrypted-key')) {
    emit(ctx, { rule: 'key-exposed', severity: 'warning', at, message: `${ref.path} holds a private key and is readable by ${rep.mode & 0o007 ? 'everyone' : 'its group'} (mode ${rep.mode.toString(8)}): make it readable by root only (chmod 600)` });
  }
}
