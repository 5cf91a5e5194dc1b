import type { FixPlan } from '../findings';
import type { ParamDef } from '../parser/ast';
import { offsetInLogical } from '../parser/lines';

/**
 * How to move off a deprecated name. Most are renames; the old yes/no TLS
 * switches map to a security level, and a few have no replacement at all.
 */
export function deprecationFix(def: ParamDef, replacement: string | null): { fix: FixPlan; note?: string } | undefined {
  const v = def.value.trim().toLowerCase();
  if (!replacement) return { fix: remove(def), note: def.origin === 'master' ? 'remove the -o override' : 'remove the line' };
  const m = /^(smtpd|smtp|lmtp|postscreen|tlsproxy|tlsproxy_client)_(use|enforce)_tls$/.exec(def.name);
  if (m) {
    // `*_use_tls = yes` meant opportunistic TLS, `*_enforce_tls = yes` mandatory TLS.
    if (v !== 'yes' && v !== 'no') return undefined;
    const level = v === 'no' ? (m[2] === 'use' ? 'none' : 'may') : m[2] === 'use' ? 'may' : 'encrypt';
    return {
      fix: replace(def, assignment(def, replacement, level), false),
      note: `${def.name} = ${v} corresponds to ${replacement} = ${level}; check it does not conflict with other TLS switches`,
    };
  }
  if (def.name === 'disable_dns_lookups') {
    if (v !== 'yes' && v !== 'no') return undefined;
    return {
      fix: v === 'yes' ? replace(def, assignment(def, replacement, 'disabled'), true) : remove(def),
      note: v === 'yes' ? `${replacement} = disabled` : 'the default already looks up DNS',
    };
  }
  if (/_tls_per_site$|^tlsproxy_client_per_site$/.test(def.name)) {
    // The per-site table uses NONE/MAY/MUST actions, not policy-map levels: a rename alone is not enough.
    return { fix: renameFix(def, replacement, false), note: `the ${replacement} table uses security levels (may, encrypt, verify ...) instead of NONE/MAY/MUST_NOPEERMATCH/MUST: convert the table too` };
  }
  if (/_tls_enforce_peername$/.test(def.name)) return undefined;
  return { fix: renameFix(def, replacement, true) };
}

// Fixes of the general rules are never part of "fix all": a rename or removal on save is the admin's call.
function renameFix(def: ParamDef, name: string, preferred: boolean): FixPlan {
  return { title: `Change to "${name}"`, preferred, fixAll: false, edits: [{ kind: 'replace', file: def.origin, range: def.nameRange, text: name }] };
}

function replace(def: ParamDef, text: string, preferred: boolean): FixPlan {
  return { title: `Replace with "${text}"`, preferred, fixAll: false, edits: [{ kind: 'replace', file: def.origin, range: def.range, text }] };
}

/** A main.cf definition goes with its lines; a master.cf `-o` with its option (fixes.ts keeps the service entry). */
function remove(def: ParamDef): FixPlan {
  return { title: def.origin === 'master' ? 'Remove this override' : 'Remove this line', preferred: true, fixAll: false, edits: [{ kind: 'remove', file: def.origin, range: def.range }] };
}

/**
 * The replacement definition in the syntax of the definition's file: main.cf
 * takes `name = value`; a master.cf `-o` takes `name=value` (blanks would split
 * the argument) or `{ name = value }` where the override used that form.
 */
function assignment(def: ParamDef, name: string, value: string): string {
  if (def.origin !== 'master') return `${name} = ${value}`;
  const at = offsetInLogical(def.logical, def.range.start);
  return at !== undefined && def.logical.text[at] === '{' ? `{ ${name} = ${value} }` : `${name}=${value}`;
}
