import type { FindingData } from '../findings';
import type { ParamDef } from '../parser/ast';

/**
 * How to move off a deprecated name. Most are renames; the old yes/no TLS
 * switches map to a security level, and a few have no replacement at all.
 */
export function deprecationFix(def: ParamDef, replacement: string | null): { data: FindingData; note?: string } | undefined {
  const v = def.value.trim().toLowerCase();
  if (!replacement) return { data: { replaceDefinition: '', definitionRange: def.range, preferred: true }, note: 'remove the line' };
  const m = /^(smtpd|smtp|lmtp|postscreen|tlsproxy|tlsproxy_client)_(use|enforce)_tls$/.exec(def.name);
  if (m) {
    // `*_use_tls = yes` meant opportunistic TLS, `*_enforce_tls = yes` mandatory TLS.
    if (v !== 'yes' && v !== 'no') return undefined;
    const level = v === 'no' ? (m[2] === 'use' ? 'none' : 'may') : m[2] === 'use' ? 'may' : 'encrypt';
    return {
      data: { replaceDefinition: `${replacement} = ${level}`, definitionRange: def.range, preferred: false },
      note: `${def.name} = ${v} corresponds to ${replacement} = ${level}; check it does not conflict with other TLS switches`,
    };
  }
  if (def.name === 'disable_dns_lookups') {
    if (v !== 'yes' && v !== 'no') return undefined;
    return { data: { replaceDefinition: v === 'yes' ? `${replacement} = disabled` : '', definitionRange: def.range, preferred: true }, note: v === 'yes' ? `${replacement} = disabled` : 'the default already looks up DNS' };
  }
  if (/_tls_per_site$|^tlsproxy_client_per_site$/.test(def.name)) {
    // The per-site table uses NONE/MAY/MUST actions, not policy-map levels: a rename alone is not enough.
    return { data: { rename: replacement, preferred: false }, note: `the ${replacement} table uses security levels (may, encrypt, verify ...) instead of NONE/MAY/MUST_NOPEERMATCH/MUST: convert the table too` };
  }
  if (/_tls_enforce_peername$/.test(def.name)) return undefined;
  return { data: { rename: replacement, preferred: true } };
}
