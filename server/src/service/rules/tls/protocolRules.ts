import type { ParamDef } from '../../parser/ast';
import { atLeast } from '../../knowledge/version';
import { ignoredOn } from '../../knowledge/ignored';
import { anchor, clientLevel, describeDef, emit, layerActive, opaqueDef, roleName, serverEnforced, serverLevel, serverTlsOn, Setting, TlsContext } from './model';
import { asRange, gapIn, modernProtocols, parseProtocols } from './protocols';
import { splitList } from '../../parser/values';
import { valueRange } from '../general';

const PROTOCOL_PARAM = /^(smtpd|smtp|lmtp|postscreen|tlsproxy|tlsproxy_client)_tls_(mandatory_)?protocols$/;

/** Which protocol list each server and client actually uses, judged with the weight of its role. */
export function protocolRules(ctx: TlsContext): void {
  const { cfg } = ctx;
  // One list used by several servers is reported once, with the weight of the strictest use (emit keeps the most severe).
  const judge = (s: Setting, mandatory: boolean, who: string, submission: boolean) => {
    if (s.unknown) return;
    const key = `${s.name}\u0000${s.def ? `${s.def.origin}:${s.def.range.start.line}:${s.def.range.start.character}` : 'default'}`;
    const set = parseProtocols(s.value);
    const range36 = atLeast(cfg.version.target, '3.6');
    const severe = mandatory || submission;
    // Where TLS is optional, a higher floor only sends the peers that cannot meet it back to cleartext:
    // the fix removes SSL and keeps every TLS version (Postfix's own default since 3.6).
    const floor = severe ? modernProtocols(range36) : range36 ? '>=TLSv1' : '!SSLv2, !SSLv3';
    const fix = [{ title: `Set ${s.name} = ${floor}`, preferred: true, edits: [s.def ? { kind: 'replace' as const, file: s.def.origin, range: s.def.valueRange, text: floor } : { kind: 'set' as const, name: s.name, value: floor }] }];
    if (set.allowed.has('SSLv2') || set.allowed.has('SSLv3')) {
      emit(ctx, { rule: 'weak-protocol-ssl', at: anchor(ctx, s), message: `${s.name} = "${s.value}" (${s.origin}) allows ${[...set.allowed].filter((p) => p.startsWith('SSL')).join(' and ')} for ${who}: SSL must not be used (RFC 9325)`, fixes: fix }, key);
    } else if (severe && s.explicit && (set.allowed.has('TLSv1') || set.allowed.has('TLSv1.1'))) {
      // Only a list the admin wrote: Postfix's default ">=TLSv1" meets OpenSSL 3, whose default security level already refuses TLS 1.0/1.1.
      // Opportunistic TLS with TLS 1.0/1.1 allowed is what Postfix ships: the hover explains the trade-off, no finding.
      const weak = [...set.allowed].filter((p) => p === 'TLSv1' || p === 'TLSv1.1').join(' and ');
      emit(ctx, {
        rule: 'weak-protocol-tls10',
        at: anchor(ctx, s),
        message: `${s.name} = "${s.value}" (${s.origin}) allows ${weak} ${mandatory ? `where ${who} requires TLS` : `for ${who}`}: use TLS 1.2 or newer (RFC 8996${submission ? ', RFC 8997 for submission' : ''})`,
        fixes: fix,
      }, key);
    }
  };
  for (const role of ctx.servers) {
    // A server without TLS gets server-tls-off, not a protocol floor.
    if (serverLevel(cfg, role).unknown || !serverTlsOn(cfg, role)) continue;
    const enforced = serverEnforced(cfg, role);
    const name = enforced ? 'smtpd_tls_mandatory_protocols' : 'smtpd_tls_protocols';
    judge(cfg.setting(name, role.service), enforced, roleName(role), role.kind === 'submission' || role.kind === 'submissions');
  }
  for (const role of ctx.clients) {
    const level = clientLevel(cfg, role);
    const lv = level.value.toLowerCase();
    if (level.unknown || lv === '' || lv === 'none') continue;
    // The client uses the mandatory list at every level except "may".
    const mandatory = lv !== 'may';
    const name = `${role.program}_tls_${mandatory ? 'mandatory_' : ''}protocols`;
    judge(cfg.setting(name, role.service), mandatory, `the ${role.program === 'smtp' ? 'SMTP' : 'LMTP'} client${role.service ? ` of ${role.service.name.text}` : ''}`, false);
  }
  for (const def of tlsDefs(ctx)) if (PROTOCOL_PARAM.test(def.name) && !opaqueDef(cfg, def) && layerActive(ctx, def)) syntaxChecks(ctx, def);
}

/**
 * The definitions Postfix uses: the last one of each name in main.cf and in each service's `-o`
 * (an earlier one is only a duplicate-parameter). In a template every branch may be rendered, so all count.
 */
export function allDefs(ctx: TlsContext): readonly ParamDef[] {
  // Four rule families walk this list per validation: made once per context.
  let defs = ALL_DEFS.get(ctx);
  if (!defs) ALL_DEFS.set(ctx, (defs = usedDefs(ctx)));
  return defs;
}

const ALL_DEFS = new WeakMap<TlsContext, readonly ParamDef[]>();

/** allDefs() whose names have "tls" in them: what the protocol, cipher and operation rules look at (of thousands, a few dozen). */
export function tlsDefs(ctx: TlsContext): readonly ParamDef[] {
  let defs = TLS_DEFS.get(ctx);
  if (!defs) TLS_DEFS.set(ctx, (defs = allDefs(ctx).filter((d) => d.name.includes('tls'))));
  return defs;
}

const TLS_DEFS = new WeakMap<TlsContext, readonly ParamDef[]>();

function usedDefs(ctx: TlsContext): ParamDef[] {
  const same = (a: ParamDef | undefined, b: ParamDef) => !!a && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
  const main = (ctx.main?.defs ?? []).filter((d) => ctx.main!.template || same(ctx.cfg.mainDefs.get(d.name), d));
  // The last -o of each name per service, found in one pass (a service may carry thousands of -o).
  const last = new Map<ParamDef['service'], Map<string, ParamDef>>();
  for (const s of ctx.master?.services ?? []) {
    const m = new Map<string, ParamDef>();
    for (const o of s.overrides) m.set(o.name, o);
    last.set(s, m);
  }
  const master = (ctx.master?.defs ?? []).filter((d) => ctx.master!.template || !d.service || same(last.get(d.service)?.get(d.name), d));
  return [...main, ...master].filter((d) => !d.templated);
}

/** "main.cf line 3" or "master.cf line 7 `-o` of submission/inet", plus the reference the value came through. */
export function whereDef(ctx: TlsContext, def: ParamDef, via: readonly string[] = ctx.cfg.expand(def.value, def.service).via): string {
  return `${describeDef(def)}${via.length ? `, via $${via[0]}` : ''}`;
}

function valueAt(def: ParamDef, start: number, end: number) {
  return { file: def.origin, range: valueRange(def, start, end) };
}

function syntaxChecks(ctx: TlsContext, def: ParamDef): void {
  const { cfg } = ctx;
  const e = cfg.expand(def.value, def.service);
  // A reference to another protocol parameter that is set: that definition holds the literal text and is checked itself.
  if (e.via.some((n) => PROTOCOL_PARAM.test(n) && (cfg.mainDefs.has(n) || !!def.service?.overrides.some((o) => o.name === n)))) return;
  // Through a user-defined `$name` the token offsets do not map to this text: report on the whole value, offer no rewrite.
  const literal = e.via.length === 0;
  const text = literal ? def.value : e.text;
  const set = parseProtocols(text);
  const range36 = atLeast(cfg.version.target, '3.6');
  const where = `${def.name} = "${text.trim()}" (${whereDef(ctx, def, e.via)})`;
  const whole = { file: def.origin, range: def.valueRange };
  const at = (start: number, end: number) => (literal ? valueAt(def, start, end) : whole);
  const setTo = (value: string, preferred: boolean) => (literal ? [{ title: `Set ${def.name} = ${value}`, preferred, edits: [{ kind: 'replace' as const, file: def.origin, range: def.valueRange, text: value }] }] : undefined);
  let invalid = false;
  set.tokens.forEach((t, i) => {
    if (t.problem) {
      invalid = true;
      const fixes = setTo(modernProtocols(range36), false) ?? [];
      // ">= TLSv1.2": the operator lost its protocol to a blank; joining them is the exact repair.
      const next = set.tokens[i + 1];
      if (literal && t.op && t.text === t.op && next && !next.op && next.protocol) {
        fixes.unshift({ title: `Write "${t.op}${next.text}"`, preferred: true, edits: [{ kind: 'replace', file: def.origin, range: valueAt(def, t.end, next.start).range, text: '' }] });
      }
      emit(ctx, { rule: 'protocol-invalid', at: at(t.start, t.end), message: `${where}: ${t.problem}; Postfix rejects the list and TLS setup fails`, fixes });
    } else if ((t.op === '>=' || t.op === '<=') && !range36) {
      invalid = true;
      emit(ctx, { rule: 'protocol-invalid', at: at(t.start, t.end), message: `${where}: "${t.text}" needs Postfix 3.6 or later; the target is Postfix ${cfg.version.target.slice(0, 2).join('.')}: use exclusions such as "${modernProtocols(false)}"`, fixes: setTo(modernProtocols(false), true) });
    }
  });
  if (invalid) return;
  const gap = gapIn(set.allowed);
  if (gap) {
    emit(ctx, { rule: 'protocol-gap', at: whole, message: `${where} leaves a hole: ${gap} is excluded but older protocols stay allowed (${[...set.allowed].join(', ')}); write a range instead`, fixes: setTo(modernProtocols(range36), true) });
    return;
  }
  if (!set.allowed.has('TLSv1.3')) {
    const t = set.tokens.find((x) => (x.op === '!' && x.protocol === 'TLSv1.3') || x.op === '<=');
    emit(ctx, { rule: 'tls13-disabled', at: t ? at(t.start, t.end) : whole, message: `${where} disables TLS 1.3, which every current peer prefers (RFC 9325 says to support it)` });
  }
  if (set.onlyExclusions && range36) {
    const r = asRange(set.allowed);
    emit(ctx, { rule: 'protocol-legacy-syntax', at: whole, message: `${where}: Postfix 3.6 and later accept a range${r ? `: "${r}" means the same and stays right when new protocols appear` : ''}`, fixes: r && literal ? [{ title: `Rewrite as "${r}"`, preferred: true, edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: r }] }] : undefined });
  }
}

export const GRADES = ['high', 'medium', 'low', 'export', 'null'];
const CIPHER_PARAM = /^(smtpd|smtp|lmtp|postscreen|tlsproxy|tlsproxy_client)_tls_(mandatory_)?ciphers$/;
const EXCLUDE_PARAM = /_tls_(mandatory_)?exclude_ciphers$/;

/** Cipher grades, exclusions and the OpenSSL-level knobs Postfix asks you not to touch. */
export function cipherRules(ctx: TlsContext): void {
  const { cfg } = ctx;
  const v38 = atLeast(cfg.version.target, '3.8');
  for (const def of tlsDefs(ctx)) {
    // Every name these rules judge has "tls" in it; skip the rest before expanding anything.
    if (!def.name.includes('tls') || opaqueDef(cfg, def)) continue;
    const e = cfg.expand(def.value, def.service);
    const value = e.text.trim();
    const lower = value.toLowerCase();
    const w = whereDef(ctx, def, e.via);
    const active = layerActive(ctx, def);
    if (CIPHER_PARAM.test(def.name)) {
      if (!active) continue;
      if (!GRADES.includes(lower)) {
        if (value !== '') emit(ctx, { rule: 'invalid-grade', at: { file: def.origin, range: def.valueRange }, message: `${def.name} = "${value}" (${w}) is not a cipher grade (high, medium, low, export, null): TLS setup fails. OpenSSL cipher strings belong in *_exclude_ciphers or tls_*_cipherlist.`, fixes: [{ title: 'Use "medium"', preferred: true, edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: 'medium' }] }] });
        continue;
      }
      if (lower === 'export' || lower === 'low') {
        emit(ctx, { rule: 'weak-cipher-grade', severity: v38 ? 'warning' : 'error', at: { file: def.origin, range: def.valueRange }, message: v38 ? `${def.name} = "${value}" (${w}): grade "${lower}" is treated as "medium" from Postfix 3.8: write "medium"` : `${def.name} = "${value}" (${w}): grade "${lower}" enables weak (${lower === 'export' ? 'export-grade' : 'low-strength'}) cipher suites; use "medium"`, fixes: [{ title: 'Use "medium"', preferred: true, edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: 'medium' }] }] });
      } else if (lower === 'null') {
        const unixLmtp = def.name.startsWith('lmtp_');
        if (!unixLmtp) emit(ctx, { rule: 'null-cipher', at: { file: def.origin, range: def.valueRange }, message: `${def.name} = "${value}" (${w}): grade "null" offers only cipher suites without encryption: the session is authenticated at best, never private`, fixes: [{ title: 'Use "medium"', preferred: true, edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: 'medium' }] }] });
      } else if (lower === 'high' && /^(smtpd|smtp)_tls_ciphers$/.test(def.name) && def.origin === 'main') {
        emit(ctx, { rule: 'high-opportunistic', at: { file: def.origin, range: def.valueRange }, message: `"high" for opportunistic TLS (${def.name}, ${w}) only shrinks the set of peers that can encrypt; those that fail fall back to cleartext. "medium" is the safer default.`, fixes: [{ title: 'Use "medium"', edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: 'medium' }] }] });
      }
    } else if (EXCLUDE_PARAM.test(def.name)) {
      if (!active) continue;
      for (const item of splitList(def.value.replace(/:/g, ' '))) {
        if (/^[!+\-@]/.test(item.text)) {
          emit(ctx, { rule: 'exclude-syntax', at: valueAt(def, item.start, item.end), message: `"${item.text}" in ${def.name} (${w}): ${def.name} takes plain OpenSSL cipher or algorithm names to exclude (e.g. "aNULL, RC4"), not OpenSSL operators; Postfix builds "!${item.text.replace(/^[!+\-@]+/, '')}" itself` });
        }
      }
    } else if (/^tls_(high|medium|null)_cipherlist$/.test(def.name) && def.origin === 'main' && active) {
      emit(ctx, { rule: 'cipherlist-override', at: { file: 'main', range: def.nameRange }, message: `Postfix advises against changing ${def.name} (${w}): the built-in list tracks OpenSSL; exclude specific ciphers with *_exclude_ciphers instead`, fixes: [{ title: `Remove ${def.name}`, edits: [{ kind: 'remove', file: 'main', range: def.range }] }] });
    } else if ((def.name === 'smtpd_tls_dh1024_param_file' || def.name === 'tlsproxy_tls_dh1024_param_file') && atLeast(cfg.version.target, '3.9')) {
      // Before 3.9 the file is still a supported choice (and "auto" the recommended one with OpenSSL 3): nothing to say.
      emit(ctx, { rule: 'dh-param-file', at: { file: def.origin, range: def.nameRange }, message: `${def.name} (${w}) is deprecated since Postfix 3.9: OpenSSL 3 picks standard finite-field groups (tls_ffdhe_auto_groups) by itself`, unnecessary: true, fixes: [{ title: `Remove ${def.name}`, preferred: true, edits: [{ kind: 'remove', file: def.origin, range: def.range }] }] });
    } else if (ignoredOn(def.name, cfg.version.target) && cfg.isKnown(def.name)) {
      // A name the target no longer knows at all gets unknown-parameter instead.
      emit(ctx, { rule: 'ignored-parameter', at: { file: def.origin, range: def.nameRange }, message: `${def.name} (${w}) has no effect on ${ignoredOn(def.name, cfg.version.target)}: remove it`, unnecessary: true, fixes: [{ title: `Remove ${def.name}`, preferred: true, edits: [{ kind: 'remove', file: def.origin, range: def.range }] }] });
    } else if (def.name === 'tls_eecdh_auto_curves' && active && value !== '' && !/\b(x25519|prime256v1|secp256r1)\b/i.test(value)) {
      emit(ctx, { rule: 'curves-override', at: { file: def.origin, range: def.valueRange }, message: `tls_eecdh_auto_curves = "${value}" (${w}) lists neither X25519 nor prime256v1, the curves nearly every peer uses: handshakes will fail or lose forward secrecy; the default list is right for almost everyone`, fixes: [{ title: 'Remove tls_eecdh_auto_curves (use the default)', preferred: true, edits: [{ kind: 'remove', file: def.origin, range: def.range }] }] });
    }
  }
}
