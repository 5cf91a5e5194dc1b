import { atLeast } from '../../knowledge/version';
import { absentAnchor, anchor, clientLevel, emit, TlsContext, yes } from './model';
import type { Setting } from '../../setting';
import type { ServiceEntry } from '../../parser/ast';
import { readPolicyTables, relayPolicies } from '../../tables/lookup';

const MANDATORY = ['encrypt', 'verify', 'secure', 'fingerprint', 'dane-only'];
/** What each mandatory level refuses, for messages. */
const MANDATORY_MEANS: Record<string, string> = {
  encrypt: 'it refuses every server that does not offer STARTTLS, and many still do not',
  verify: 'it refuses every server whose certificate does not verify against your CAs, which is common among MX hosts',
  secure: 'it refuses every server whose certificate does not verify and match the destination name, which most MX hosts fail',
  fingerprint: 'it refuses every server whose certificate fingerprint is not listed',
  'dane-only': 'it refuses every server without DNSSEC-signed TLSA records, which is most of them',
};

/** Outgoing mail: is TLS on, and can the chosen level actually deliver. */
export function clientRules(ctx: TlsContext): void {
  const { cfg } = ctx;
  for (const role of ctx.clients) {
    const p = role.program;
    const level = clientLevel(cfg, role);
    // A level we cannot know (template, undefined $name, main.cf not open) is judged by nothing below.
    if (level.unknown) continue;
    const lv = level.value.toLowerCase();
    const global = !role.service;

    if (global && p === 'smtp') {
      const levelSet = cfg.setting('smtp_tls_security_level');
      const legacy = ['smtp_use_tls', 'smtp_enforce_tls'].map((n) => cfg.setting(n)).filter((s) => s.def);
      if (!levelSet.explicit && legacy.length && atLeast(cfg.version.compat, '3.11') && atLeast(cfg.version.target, '3.11')) {
        for (const s of legacy) {
          emit(ctx, {
            rule: 'enforce-silently-ignored',
            at: anchor(ctx, s, [], 'name'),
            message: `${s.name} = ${s.value} is ignored: with compatibility_level ${cfg.version.compat.slice(0, 2).join('.')} the default smtp_tls_security_level = may takes precedence. Set smtp_tls_security_level explicitly.`,
            fixes: [{ title: `Set smtp_tls_security_level = ${s.name === 'smtp_enforce_tls' && yes(s.value) ? 'encrypt' : 'may'}`, preferred: legacy.length === 1, edits: [{ kind: 'set', name: 'smtp_tls_security_level', value: s.name === 'smtp_enforce_tls' && yes(s.value) ? 'encrypt' : 'may' }] }],
          });
        }
      }
      const scope = lv === '' || lv === 'none' ? cleartextScope(ctx) : undefined;
      if (scope) {
        const where = level.def ? { at: anchor(ctx, level), place: undefined } : absentAnchor(ctx, 'smtp_tls_', ['relayhost', 'smtp_sasl_auth_enable', 'default_transport', 'relay_transport']);
        emit(ctx, {
          rule: 'client-no-tls',
          at: where.at,
          message: `${scope.subject} is sent in cleartext: smtp_tls_security_level is ${lv === '' ? `empty (${level.def ? level.origin : `not set, ${level.origin}`})` : `"none" (${level.origin})`}${scope.tail}. "may" encrypts whenever the receiving server offers STARTTLS and never blocks delivery.`,
          fixes: [{ title: 'Insert the TLS client block (opportunistic TLS)', preferred: true, edits: [{ kind: 'insertBlock', block: 'client', at: where.place }] }],
        });
      }
      const relayhost = cfg.setting('relayhost');
      if (MANDATORY.includes(lv) && relayhost.value === '' && !relayhost.unknown) {
        emit(ctx, {
          rule: 'client-mandatory-global',
          at: anchor(ctx, level),
          message: `smtp_tls_security_level = ${lv} (${level.origin}) applies to every destination on the Internet: ${MANDATORY_MEANS[lv]}, and that mail is deferred. Use "may" (or "dane") globally and stricter levels per destination in smtp_tls_policy_maps.`,
          fixes: level.def ? [{ title: 'Use "may" globally', preferred: false, edits: [{ kind: 'replace', file: level.def.origin, range: level.def.valueRange, text: 'may' }] }] : undefined,
        });
      }
    }

    if (lv === 'dane' || lv === 'dane-only') {
      const dns = cfg.setting(`${p}_dns_support_level`, role.service);
      const hostLookup = cfg.setting(`${p}_host_lookup`, role.service);
      if (!dns.unknown && !hostLookup.unknown && (dns.value.toLowerCase() !== 'dnssec' || !/\bdns\b/i.test(hostLookup.value))) {
        const lacksDns = !/\bdns\b/i.test(hostLookup.value);
        const lacksDnssec = dns.value.toLowerCase() !== 'dnssec';
        const effect = lv === 'dane' ? 'DANE silently degrades to "may"' : 'mail is deferred';
        const problems = [
          lacksDnssec ? `${p}_dns_support_level is "${dns.value}" (${dns.origin}), not "dnssec"` : '',
          lacksDns ? `${p}_host_lookup = "${hostLookup.value}" (${hostLookup.origin}) does not use DNS` : '',
        ].filter(Boolean);
        emit(ctx, {
          rule: 'dane-no-dnssec',
          at: anchor(ctx, level),
          message: `level "${lv}" needs DNSSEC-validated DNS lookups, but ${problems.join(' and ')}: ${effect}.${lacksDnssec ? ` Set ${p}_dns_support_level = dnssec (and run a validating resolver).` : ''}${lacksDns ? ` Add "dns" to ${p}_host_lookup.` : ''}`,
          fixes: lacksDns || !lacksDnssec ? undefined : [{ title: `Set ${p}_dns_support_level = dnssec`, preferred: true, edits: [{ kind: 'set', name: `${p}_dns_support_level`, value: 'dnssec', service: dns.def?.origin === 'master' ? dns.def.service?.key : undefined }] }],
        });
      }
    }

    if (lv === 'fingerprint') {
      const fp = cfg.setting(`${p}_tls_fingerprint_cert_match`, role.service);
      if (fp.value === '' && !fp.unknown) emit(ctx, { rule: 'fingerprint-empty', at: anchor(ctx, level), message: `level "fingerprint" (${level.origin}) but ${p}_tls_fingerprint_cert_match is empty: no certificate can match, every delivery fails` });
      // An explicit md5/sha1 is reported on its definition; here the default below compatibility_level 3.6.
      const digest = cfg.setting(`${p}_tls_fingerprint_digest`, role.service);
      if (!digest.explicit && !digest.unknown && /^(md5|sha1)$/i.test(digest.value)) {
        emit(ctx, {
          rule: 'weak-fp-digest',
          at: anchor(ctx, level),
          message: `level "fingerprint" (${level.origin}) matches ${digest.value} fingerprints: ${p}_tls_fingerprint_digest is "${digest.value}" (${digest.origin}, compatibility_level below 3.6). Use sha256 (and update the fingerprints you match against).`,
          fixes: [{ title: `Set ${p}_tls_fingerprint_digest = sha256`, edits: [{ kind: 'set', name: `${p}_tls_fingerprint_digest`, value: 'sha256', service: role.service?.key }] }],
        });
      }
    }

    if (lv === 'verify' || lv === 'secure') {
      const trust = [`${p}_tls_CAfile`, `${p}_tls_CApath`, `${p}_tls_trust_anchor_file`].map((n) => cfg.setting(n, role.service));
      const appendDefault = cfg.setting('tls_append_default_CA');
      if (trust.every((t) => t.value === '' && !t.unknown) && !appendDefault.unknown && !yes(appendDefault.value)) {
        emit(ctx, { rule: 'verify-no-trust', at: anchor(ctx, level), message: `level "${lv}" (${level.origin}) verifies the server certificate, but no CA is configured (${p}_tls_CAfile, ${p}_tls_CApath, ${p}_tls_trust_anchor_file empty, tls_append_default_CA = no): every verification fails`, fixes: [{ title: `Set ${p}_tls_CAfile = /etc/ssl/certs/ca-certificates.crt`, edits: [{ kind: 'set', name: `${p}_tls_CAfile`, value: '/etc/ssl/certs/ca-certificates.crt' }] }] });
      }
    }

    const wrapper = cfg.setting(`${p}_tls_wrappermode`, role.service);
    if (yes(wrapper.value) && !wrapper.unknown && !MANDATORY.concat('dane').includes(lv)) {
      emit(ctx, { rule: 'client-wrapper-level', at: anchor(ctx, wrapper, [], 'name'), message: `${p}_tls_wrappermode = yes (${wrapper.origin}) needs level "encrypt" or stronger, but the level is "${lv || 'empty'}" (${level.origin}): the client skips such hosts`, fixes: [{ title: `Set ${p}_tls_security_level = encrypt`, preferred: true, edits: [{ kind: 'set', name: `${p}_tls_security_level`, value: 'encrypt', service: wrapper.def?.origin === 'master' ? wrapper.def.service?.key : undefined }] }] });
    }

    const sasl = cfg.setting(`${p}_sasl_auth_enable`, role.service);
    if (yes(sasl.value) && !sasl.unknown && (lv === '' || lv === 'none' || lv === 'may') && sasl.def) {
      // Without TLS the client uses only mechanisms smtp_sasl_security_options allows; its default
      // (noplaintext, noanonymous) keeps PLAIN and LOGIN off a cleartext session. A policy table may
      // require TLS for the relay: judged only when every table it lists can be read.
      const options = cfg.setting(`${p}_sasl_security_options`, role.service);
      const policy = cfg.setting(`${p}_tls_policy_maps`, role.service);
      const weak = policy.unknown ? undefined : relayNotProtected(ctx, policy, role.service);
      if (!options.unknown && !/\bnoplaintext\b/i.test(options.value) && weak !== undefined) {
        const tls = (lv === 'may' ? `TLS is only opportunistic (level "may", ${level.origin}), so an attacker who strips STARTTLS gets a cleartext session`
          : `TLS is off (${p}_tls_security_level ${lv === '' ? 'is empty' : 'is "none"'}, ${level.origin})`) + weak;
        emit(ctx, {
          rule: 'client-sasl-cleartext',
          at: anchor(ctx, sasl, [], 'name'),
          message: `${p}_sasl_auth_enable = yes sends your relay password, ${tls}, and ${p}_sasl_security_options = "${options.value}" (${options.origin}) allows plaintext mechanisms there: the password can travel in cleartext. Use "encrypt" for the relay (globally or in ${p}_tls_policy_maps), or add "noplaintext".`,
        });
      }
    }
  }

  const secure = cfg.setting('smtp_tls_secure_cert_match');
  if (secure.def && !secure.unknown && /\bhostname\b/i.test(secure.value)) {
    emit(ctx, { rule: 'secure-hostname', at: anchor(ctx, secure), message: `"hostname" in smtp_tls_secure_cert_match = ${secure.value} (${secure.origin}) trusts the MX host name from DNS, which an attacker can forge without DNSSEC: use "nexthop, dot-nexthop"`, fixes: [{ title: 'Use "nexthop, dot-nexthop"', preferred: true, edits: [{ kind: 'replace', file: secure.def.origin, range: secure.def.valueRange, text: 'nexthop, dot-nexthop' }] }] });
  }

}

/** Settings that send some mail past relayhost, to next hops of their own. */
const ROUTES_PAST_RELAYHOST = ['transport_maps', 'sender_dependent_relayhost_maps', 'sender_dependent_default_transport_maps'];
/** Transports whose value can name a next hop (`smtp:[other]`) that overrules relayhost. */
const TRANSPORTS_WITH_NEXTHOP = ['default_transport', 'relay_transport'];

/**
 * Which outgoing mail a global level of none (or empty) leaves in cleartext once the policy tables
 * are counted: undefined when none (every next hop of relayhost has a TLS level there, and nothing
 * routes past relayhost), else the subject of the message and what to add after the level. A table
 * that cannot be read keeps the finding with its exception stated, rather than guessing either way.
 */
function cleartextScope(ctx: TlsContext): { subject: string; tail: string } | undefined {
  const all = { subject: 'outgoing mail', tail: '' };
  const policy = ctx.cfg.setting('smtp_tls_policy_maps');
  if (policy.value === '' && !policy.unknown) return all;
  const named = `smtp_tls_policy_maps (${policy.origin})`;
  const relayhost = ctx.cfg.setting('relayhost');
  const relay = relayhost.unknown || relayhost.value === '' ? undefined : relayhost.value.trim();
  const except = `, except to destinations that ${named} gives a TLS level`;
  if (relayhost.unknown) return { subject: 'outgoing mail', tail: `${except} (relayhost is not known here)` };
  const tables = policy.unknown ? undefined : policyTables(ctx, policy.value);
  if (!tables) {
    const unread = relay ? `: if it gives relayhost ${relay} a TLS level, nothing is sent in cleartext` : '';
    return { subject: 'outgoing mail', tail: `${except} (the table could not be read here${unread})` };
  }
  // A level the client does not know makes it defer the mail: not cleartext either.
  const secured = (level: string | undefined) => level !== undefined && level !== '' && level !== 'none';
  if (relay) {
    // The next hop the client looks up is the relay; entries for other destinations are never consulted.
    const found = relayPolicies(tables, relay) ?? [];
    const open = found.filter((f) => !secured(f.level));
    if (!open.length) {
      const past = [
        ...ROUTES_PAST_RELAYHOST.map((n) => ctx.cfg.setting(n)).filter((s) => s.unknown || s.value !== ''),
        ...TRANSPORTS_WITH_NEXTHOP.map((n) => ctx.cfg.setting(n)).filter((s) => s.unknown || /:\s*\S/.test(s.value)),
      ];
      if (!past.length) return undefined;
      return { subject: `outgoing mail that ${past.map((s) => s.name).join(' or ')} send${past.length === 1 ? 's' : ''} past relayhost ${relay}`, tail: `, unless ${named} gives its next hop a TLS level` };
    }
    return { subject: 'outgoing mail', tail: open.map((f) => (f.level ? `; ${f.table} gives relayhost ${f.nexthop} level "${f.level}"` : `; ${named} has no entry for relayhost ${f.nexthop}`)).join('') };
  }
  const entries = tables.flatMap((t) => t.table.entries);
  const withTls = entries.filter((e) => secured(e.level?.text.toLowerCase())).length;
  if (!withTls) return all;
  return { subject: 'outgoing mail to destinations smtp_tls_policy_maps does not list with a TLS level', tail: `; ${named} gives a TLS level to ${withTls} of its ${entries.length} entries` };
}

const tablesRead = new WeakMap<TlsContext, Map<string, ReturnType<typeof readPolicyTables>>>();

/**
 * The policy tables a smtp_tls_policy_maps value names, read and parsed once per validation
 * (client-no-tls and client-sasl-cleartext both consult them); undefined without a reader or when
 * one cannot be read.
 */
function policyTables(ctx: TlsContext, value: string): ReturnType<typeof readPolicyTables> {
  if (!ctx.readTable) return undefined;
  let byValue = tablesRead.get(ctx);
  if (!byValue) tablesRead.set(ctx, (byValue = new Map()));
  if (!byValue.has(value)) byValue.set(value, readPolicyTables(value, ctx.readTable));
  return byValue.get(value);
}

/** Levels at which the client sends nothing without TLS (dane may fall back to "may": not counted). */
const PROTECTS = new Set(['encrypt', 'fingerprint', 'dane-only', 'verify', 'secure']);

/**
 * Why the policy tables leave the relay at the global level, as text for the message ('' when no
 * table is set); undefined when they protect it, or when that cannot be known (a table without a
 * source file, one that cannot be read, no relayhost).
 */
function relayNotProtected(ctx: TlsContext, policy: Setting, service: ServiceEntry | undefined): string | undefined {
  if (policy.value === '') return '';
  const relayhost = ctx.cfg.setting('relayhost', service);
  if (relayhost.unknown || relayhost.value === '') return undefined;
  const tables = policyTables(ctx, policy.value);
  const found = tables && relayPolicies(tables, relayhost.value);
  if (!found) return undefined;
  const open = found.filter((f) => !f.level || !PROTECTS.has(f.level));
  if (!open.length || open.some((f) => f.level === 'dane')) return undefined;
  return open.map((f) => (f.level ? `; ${f.table} gives ${f.nexthop} level "${f.level}"` : `; ${policy.name} (${policy.origin}) has no entry for ${f.nexthop}`)).join('');
}
