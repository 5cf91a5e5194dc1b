import type { Hover, Position, Range } from 'vscode-languageserver-types';
import type { EffectiveConfig } from './config';
import type { ParsedConfig } from './parser/ast';
import { fileCandidates } from './documentLinks';
import type { CertificateInfo, CertificateInspector, FileReport } from './rules/tls/certificates';

const DAY = 86_400_000;

function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

function code(s: string): string {
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

function when(d: Date): string {
  return Number.isNaN(d.getTime()) ? 'unknown' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function validity(c: CertificateInfo, now: Date): string {
  const range = `${when(c.validFrom)} to ${when(c.validTo)}`;
  if (now < c.validFrom) return `${range} (**not yet valid**)`;
  if (now > c.validTo) return `${range} (**expired** ${plural(Math.floor((now.getTime() - c.validTo.getTime()) / DAY), 'day')} ago)`;
  return `${range} (expires in ${plural(Math.floor((c.validTo.getTime() - now.getTime()) / DAY), 'day')})`;
}

function certificateMarkdown(c: CertificateInfo, i: number, count: number, now: Date): string {
  const lines = [`**Certificate ${i + 1}${count > 1 ? ` of ${count}` : ''}**${c.selfSigned ? ' (self-signed)' : ''}`];
  lines.push(`- Subject: ${code(c.subject || '(empty)')}`);
  lines.push(`- Issuer: ${code(c.issuer || '(empty)')}`);
  lines.push(`- Alternative names: ${c.subjectAltName ? code(c.subjectAltName) : 'none'}`);
  lines.push(`- Valid: ${validity(c, now)}`);
  const key = [c.keyType?.toUpperCase(), c.keyBits ? `${c.keyBits} bits` : undefined].filter(Boolean).join(' ');
  lines.push(`- Key: ${key || 'unknown'}`);
  return lines.join('\n');
}

/** What the file holds: certificate metadata and the number of keys, never key material. */
export function reportMarkdown(rep: FileReport, now: Date): string {
  const head = `**${code(rep.path)}**`;
  if (rep.error) return `${head}: cannot be read (${rep.error})`;
  const keys = rep.blocks.filter((b) => b.kind === 'key').length;
  const encrypted = rep.blocks.filter((b) => b.kind === 'encrypted-key').length;
  const parts = [
    rep.certificates.length ? plural(rep.certificates.length, 'certificate') : '',
    keys ? plural(keys, 'private key') : '',
    encrypted ? `${plural(encrypted, 'encrypted private key')} (Postfix cannot use a key that needs a passphrase)` : '',
  ].filter(Boolean);
  const out = [`${head}: ${parts.length ? parts.join(', ') : 'no PEM certificate or key found'}`];
  rep.certificates.forEach((c, i) => out.push(certificateMarkdown(c, i, rep.certificates.length, now)));
  return out.join('\n\n');
}

/** Hover on a certificate, key, chain or CA file path (only with an inspector: trusted workspaces). */
export function certificateHover(parsed: ParsedConfig, pos: Position, cfg: EffectiveConfig, inspector: CertificateInspector, configDir?: string): Hover | null {
  const c = fileCandidates(parsed, cfg, configDir, pos.line).find((f) => f.role !== 'file' && f.role !== 'table' && contains(f.range, pos));
  if (!c) return null;
  const rep = inspector.inspect(c.path);
  return { contents: { kind: 'markdown', value: reportMarkdown(rep, inspector.now()) }, range: c.range };
}
