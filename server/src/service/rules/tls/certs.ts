import type { Range } from 'vscode-languageserver-types';
import type { ServiceEntry } from '../../parser/ast';
import { splitList } from '../../parser/values';
import { valueRange } from '../general';
import type { CertificateInfo, CertificateInspector, FileReport } from './certificates';
import { expiryOf, walkChain } from './chain';
import { anchor, clientLevel, emit, FileKind, serverLevel, Setting, TlsContext, yes } from './model';


interface FileRef {
  path: string;
  setting: Setting;
  role: 'chain' | 'cert' | 'key' | 'ca';
  /** Where in the value this path is written, when the value is literal text. */
  at: { file: FileKind; range: Range };
}

interface Scope {
  prefix: 'smtpd' | 'smtp';
  /** The smtpd service whose `-o` names its own files (undefined: main.cf's files). */
  service?: ServiceEntry;
  refs: FileRef[];
  /** smtpd_tls_chain_files / smtp_tls_chain_files: the files in order, read as one PEM sequence. */
  chain: FileRef[];
  pairs: Array<[FileRef, FileRef]>;
}

/** Files the configuration names, as the programs that read them see them. */
function files(ctx: TlsContext): Scope[] {
  const { cfg } = ctx;
  const scopes: Array<{ prefix: 'smtpd' | 'smtp'; service?: ServiceEntry }> = [{ prefix: 'smtpd' }, { prefix: 'smtp' }];
  for (const r of ctx.servers) if (r.service && r.service.overrides.some((o) => /^smtpd_tls_.*(file|files)$/.test(o.name))) scopes.push({ prefix: 'smtpd', service: r.service });
  const out: Scope[] = [];
  for (const { prefix, service } of scopes) {
    const refs: FileRef[] = [];
    const pairs: Array<[FileRef, FileRef]> = [];
    const chainSetting = cfg.setting(`${prefix}_tls_chain_files`, service);
    const chain = (chainSetting.unknown ? [] : items(ctx, chainSetting)).map(({ text, at }) => ({ path: text, setting: chainSetting, role: 'chain' as const, at }));
    refs.push(...chain);
    for (const kind of ['', 'ec', 'd']) {
      const cert = cfg.setting(`${prefix}_tls_${kind}cert_file`, service);
      if (cert.unknown || cert.value === '' || cert.value.toLowerCase() === 'none') continue;
      const key = cfg.setting(`${prefix}_tls_${kind}key_file`, service);
      if (key.unknown) continue;
      const c: FileRef = { path: cert.value, setting: cert, role: 'cert', at: anchor(ctx, cert) };
      const keySetting = key.value ? key : cert;
      const k: FileRef = { path: key.value || cert.value, setting: keySetting, role: 'key', at: anchor(ctx, keySetting) };
      refs.push(c);
      if (k.path !== c.path) refs.push(k);
      pairs.push([c, k]);
    }
    const ca = cfg.setting(`${prefix}_tls_CAfile`, service);
    if (ca.value && !ca.unknown) refs.push({ path: ca.value, setting: ca, role: 'ca', at: anchor(ctx, ca) });
    if (refs.length) out.push({ prefix, service, refs, chain, pairs });
  }
  return out;
}

/** The paths of a list value, each with the range it is written at (the whole value when it comes through a `$reference`). */
function items(ctx: TlsContext, s: Setting): Array<{ text: string; at: { file: FileKind; range: Range } }> {
  const literal = s.def && s.def.name === s.name && ctx.cfg.expand(s.def.value, s.def.service).via.length === 0;
  if (literal && s.def) {
    const def = s.def;
    return splitList(def.value).map((i) => ({ text: i.text, at: { file: def.origin, range: valueRange(def, i.start, i.end) } }));
  }
  return splitList(s.value).map((i) => ({ text: i.text, at: anchor(ctx, s) }));
}

function checkable(path: string): boolean {
  return path.startsWith('/') && !path.includes('$');
}

const hasKey = (rep: FileReport) => rep.blocks.some((b) => b.kind === 'key' || b.kind === 'encrypted-key');

/** Reads the certificate and key files named in the configuration (trusted workspaces only). */
export function certificateRules(ctx: TlsContext): void {
  const insp = ctx.certificates;
  if (!insp) return;
  const reported = new Set<string>();
  const once = (key: string) => !reported.has(key) && !!reported.add(key);
  for (const scope of files(ctx)) {
    for (const ref of scope.refs) {
      if (!checkable(ref.path)) continue;
      const rep = insp.inspect(ref.path);
      if (rep.error) {
        if (once(`missing:${ref.path}`)) unreadable(ctx, ref, scope.prefix, scope.service, rep);
        continue;
      }
      if (!once(`file:${ref.role}:${ref.path}`)) continue;
      if (ref.role === 'cert') bundleChecks(ctx, ref, rep);
      if (ref.role === 'key' || ref.role === 'chain' || (ref.role === 'cert' && hasKey(rep))) keyChecks(ctx, ref, rep);
    }
    if (scope.chain.length && once(`chain:${scope.chain.map((r) => r.path).join('\u0000')}`)) chainChecks(ctx, insp, scope.chain);
    for (const [c, k] of scope.pairs) {
      if (!checkable(c.path) || !checkable(k.path)) continue;
      const kr = insp.inspect(k.path);
      if (kr.error) continue;
      const defaulted = k.setting === c.setting || k.setting.def === c.setting.def;
      if (!hasKey(kr)) {
        const keyName = c.setting.name.replace('cert_file', 'key_file');
        if (once(`nokey:${k.path}`)) emit(ctx, { rule: 'cert-file-missing', at: k.at, message: `no private key in ${k.path} (${defaulted ? `${keyName} is left at its default $${c.setting.name}, ${c.setting.origin}` : `${k.setting.name}, ${k.setting.origin}`}): set ${keyName} to the file that holds the key` });
        continue;
      }
      const ok = insp.keyMatches(c.path, k.path);
      if (ok === false && once(`pair:${c.path}:${k.path}`)) emit(ctx, { rule: 'cert-key-mismatch', at: k.at, message: `the private key in ${k.path} (${k.setting.name}, ${k.setting.origin}) does not belong to the certificate in ${c.path} (${c.setting.name}): Postfix cannot load the pair and TLS fails` });
    }
  }
}

/**
 * A file Postfix would fail to load. Whether that matters now depends on whether the program that
 * loads it has TLS turned on: smtpd and smtp load their files only then, and turn TLS off when
 * one of them fails to load. A file this user may not read is not judged: Postfix reads it as root.
 */
function unreadable(ctx: TlsContext, ref: FileRef, prefix: 'smtpd' | 'smtp', service: ServiceEntry | undefined, rep: FileReport): void {
  const what = `${ref.path} (${ref.setting.name}, ${ref.setting.origin})`;
  // Root-only is how a key file should be: Postfix reads it as root, so there is nothing to report
  // (an info that only says "not checked" would change no decision).
  if (rep.reason === 'denied') return;
  const program = prefix === 'smtpd' ? 'SMTP server' : 'SMTP client';
  const off = tlsOff(ctx, prefix, service);
  if (off) {
    emit(ctx, { rule: 'cert-file-missing', severity: 'warning', at: ref.at, message: `${what}: ${rep.error}. TLS is not turned on for the ${program} (${off}), so nothing loads it yet, but turning TLS on with this setting fails` });
    return;
  }
  emit(ctx, { rule: 'cert-file-missing', at: ref.at, message: `${what}: ${rep.error}. Postfix cannot load it, and the ${program} then runs without TLS` });
}

/**
 * Why the program that loads these files has TLS off, as "name = value": every server (or SMTP
 * client) it stands for is at level none. Undefined when one of them may use TLS, or cannot be known.
 */
function tlsOff(ctx: TlsContext, prefix: 'smtpd' | 'smtp', service: ServiceEntry | undefined): string | undefined {
  const { cfg } = ctx;
  if (prefix === 'smtpd') {
    const servers = ctx.servers.filter((r) => !service || r.service === service);
    if (!servers.length) return undefined;
    const levels = servers.map((r) => ({ lvl: serverLevel(cfg, r), wrapper: yes(cfg.setting('smtpd_tls_wrappermode', r.service).value) }));
    if (levels.some(({ lvl, wrapper }) => wrapper || lvl.unknown || !isNone(lvl.value))) return undefined;
    return levelText('smtpd_tls_security_level', levels[0].lvl.value);
  }
  const clients = ctx.clients.filter((c) => c.program === 'smtp');
  if (!clients.length) return undefined;
  const levels = clients.map((c) => clientLevel(cfg, c));
  if (levels.some((l) => l.unknown || !isNone(l.value))) return undefined;
  return levelText('smtp_tls_security_level', levels[0].value);
}

function levelText(name: string, value: string): string {
  return value.trim() ? `${name} = ${value.trim()}` : `${name} is empty`;
}

function isNone(level: string): boolean {
  const l = level.trim().toLowerCase();
  return l === '' || l === 'none';
}

/**
 * smtpd_tls_chain_files as Postfix reads it: all files in order as one sequence of PEM objects,
 * each private key followed by its certificate and then that certificate's issuers (chain.ts walks it).
 */
function chainChecks(ctx: TlsContext, insp: CertificateInspector, refs: FileRef[]): void {
  if (!refs.every((r) => checkable(r.path))) return;
  const name = refs[0].setting.name;
  const origin = refs[0].setting.origin;
  // An unreadable file: cert-file-missing says so.
  walkChain(insp, refs, {
    keyNotFirst: (first, key) =>
      emit(ctx, {
        rule: 'chain-order',
        at: first.file.at,
        message: key
          ? `${name} (${origin}) starts with the certificate ${first.info?.subject ?? ''} in ${first.file.path}, before the private key${key.file.path !== first.file.path ? ` in ${key.file.path}` : ''}: each key must come first, then its certificate, then the issuers (Postfix reports "key not first")`
          : `${name} (${origin}) holds no private key: list the key file first, then the certificate chain`,
      }),
    keyWithoutCertificate: (key) => emit(ctx, { rule: 'chain-order', at: key.file.at, message: `${name} (${origin}): the private key in ${key.file.path} is not followed by its certificate` }),
    keyMismatch: (key, leaf) => emit(ctx, { rule: 'cert-key-mismatch', at: leaf.file.at, message: `${name} (${origin}): the certificate ${leaf.info?.subject ?? ''} in ${leaf.file.path} does not belong to the private key before it in ${key.file.path}: Postfix cannot load the pair and TLS fails` }),
    notIssuer: (cert, issuer) => emit(ctx, { rule: 'chain-order', at: issuer.file.at, message: `${name} (${origin}): ${issuer.info?.subject ?? 'a certificate'} (${issuer.file.path}) did not issue the certificate before it, ${cert.info?.subject ?? ''} (${cert.file.path}); order the chain leaf first, then each issuer` }),
    incomplete: (leaf) => emit(ctx, { rule: 'cert-chain-incomplete', at: leaf.file.at, message: incomplete(`${leaf.file.path} (${name}, ${origin})`, leaf.info) }),
    leaf: (leaf) => expiry(ctx, insp, `${leaf.file.path} (${name}, ${origin})`, leaf.info, leaf.file.at),
  });
}

function incomplete(what: string, leaf: CertificateInfo): string {
  return `${what} holds only the server certificate (${leaf.subject}, issued by ${leaf.issuer}): serve the bundle of certificate plus intermediate CA certificates (e.g. fullchain.pem), or clients cannot build the chain`;
}

/** A legacy *_cert_file: the leaf first, then each issuer; the key may sit in the same file, anywhere. */
function bundleChecks(ctx: TlsContext, ref: FileRef, rep: FileReport): void {
  const certs = rep.certificates;
  const what = `${ref.path} (${ref.setting.name}, ${ref.setting.origin})`;
  if (!certs.length) {
    emit(ctx, { rule: 'cert-file-missing', at: ref.at, message: `${what} holds no certificate` });
    return;
  }
  const broken = rep.issuedByNext.findIndex((ok) => !ok);
  if (broken >= 0) {
    emit(ctx, { rule: 'chain-order', at: ref.at, message: `${what}: certificate ${broken + 2} (${certs[broken + 1].subject}) did not issue certificate ${broken + 1} (${certs[broken].subject}); order the file leaf first, then each issuer` });
  } else if (certs.length === 1 && !certs[0].selfSigned) {
    emit(ctx, { rule: 'cert-chain-incomplete', at: ref.at, message: incomplete(what, certs[0]) });
  }
  expiry(ctx, ctx.certificates!, what, certs[0], ref.at);
}

function expiry(ctx: TlsContext, insp: CertificateInspector, what: string, leaf: CertificateInfo, at: FileRef['at']): void {
  const e = expiryOf(insp, leaf);
  if (e) emit(ctx, { rule: 'cert-expired', severity: e.severity, at, message: `${what}: ${e.text}` });
}

function keyChecks(ctx: TlsContext, ref: FileRef, rep: FileReport): void {
  const what = `${ref.path} (${ref.setting.name}, ${ref.setting.origin})`;
  if (rep.blocks.some((b) => b.kind === 'encrypted-key')) {
    emit(ctx, { rule: 'key-exposed', at: ref.at, message: `${what}: the private key is protected by a passphrase; Postfix cannot ask for one and fails to load it` });
  }
  if (rep.mode !== undefined && (rep.mode & 0o077) !== 0 && hasKey(rep)) {
    emit(ctx, { rule: 'key-exposed', at: ref.at, message: `${what} holds a private key and is readable by ${rep.mode & 0o007 ? 'everyone' : 'its group'} (mode ${rep.mode.toString(8).padStart(3, '0')}): make it readable by root only (chmod 600)` });
  }
}
