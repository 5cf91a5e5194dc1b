import type { ProbeCertificate, ProbeResult } from './probeTypes';

/**
 * The result of a STARTTLS check as text, for `postfix-lint --probe` and VS Code's output channel.
 * Pure (no node: imports): the VS Code client bundles it for both desktop and browser.
 */
export function formatProbe(r: ProbeResult): string {
  const out: string[] = [];
  const where = r.address && r.address !== r.host ? ` (${r.address})` : '';
  out.push(`${r.implicitTls ? 'TLS' : 'STARTTLS'} check of ${r.target || '(no target)'}${where}`);
  if (r.banner) out.push(`  banner:       ${r.banner.join(' / ')}`);
  if (!r.implicitTls && r.starttlsOffered !== undefined) out.push(`  STARTTLS:     ${r.starttlsOffered ? 'offered' : 'NOT offered'}`);
  if (r.implicitTls) out.push('  mode:         TLS from the first byte (implicit TLS, as on port 465)');
  // "at banner", "at handshake": the step; a timeout or a cancel is not a step and says so itself.
  const step = r.stage && r.stage !== 'cancelled' && r.stage !== 'timeout' ? ` at ${r.stage}` : '';
  if (r.error) out.push(`  result:       FAILED${step}: ${r.error}`);
  if (r.tls) {
    out.push(`  TLS:          ${r.trust ? `${r.trust} TLS, ` : ''}${r.protocol ?? '?'} with cipher ${r.cipher ?? '?'}${r.keyExchange ? `, key exchange ${r.keyExchange}` : ''}`);
    if (r.chain.length) {
      out.push(`  verified:     ${r.verified ? 'yes' : `NO: ${r.verifyError ?? 'does not verify'}`} (against ${r.trustStore ?? 'the system CAs'})`);
      out.push(`  name:         ${r.nameMatches ? `matches ${r.host}` : `does NOT match: ${r.nameError ?? r.host}`}`);
    }
    if (r.configured) {
      const c = r.configured;
      const names = [...new Set(c.files.map((f) => f.setting))].join(', ');
      if (c.presented === true) out.push(`  main.cf:      the server presents the certificate of ${c.matchedSetting}`);
      else if (c.presented === false) {
        out.push(`  main.cf:      the server does NOT present the certificate ${names} names`);
        for (const f of c.files) for (const x of f.certificates) out.push(`                ${f.file}: ${x.subject}, SHA-256 ${x.fingerprint256}`);
      } else out.push(`  main.cf:      cannot compare: ${c.files.map((f) => `${f.file}: ${f.error ?? 'no certificate'}`).join('; ')}`);
    }
    if (r.chain.length) {
      out.push(`  certificate chain (${r.chain.length}, leaf first):`);
      r.chain.forEach((c, i) => out.push(...certLines(c, i)));
    }
  }
  for (const n of r.notes) out.push(`  note:         ${n}`);
  out.push(`  (${r.elapsedMs} ms)`);
  return `${out.join('\n')}\n`;
}

function certLines(c: ProbeCertificate, i: number): string[] {
  const expiry = c.expired ? `EXPIRED ${-c.daysLeft} day(s) ago` : `expires in ${c.daysLeft} day(s)`;
  const lines = [
    `    ${i}  subject  ${c.subject}`,
    `       issuer   ${c.issuer}${c.selfSigned ? ' (self-signed)' : ''}`,
    `       valid    ${c.validFrom.slice(0, 10)} to ${c.validTo.slice(0, 10)} (${expiry})`,
    `       SHA-256  ${c.fingerprint256}`,
  ];
  if (i === 0 && c.subjectAltName) lines.push(`       names    ${c.subjectAltName}`);
  if (c.issuedByNext === false) lines.push('       order    NOT signed by the next certificate: the chain is out of order or incomplete');
  return lines;
}
