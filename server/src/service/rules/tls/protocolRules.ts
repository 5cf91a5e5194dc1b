import type { ParamDef } from '../../parser/ast';
import { atLeast } from '../../knowledge/version';
import { anchor, clientLevel, emit, roleName, serverEnforced, setting, Setting, TlsContext } from './model';
import { asRange, gapIn, modernProtocols, parseProtocols } from './protocols';
import { splitList } from '../../parser/values';
import { valueRange } from '../general';

const PROTOCOL_PARAM = /^(smtpd|smtp|lmtp|postscreen|tlsproxy|tlsproxy_client)_tls_(mandatory_)?protocols$/;

/** Which protocol list each server and client actually uses, judged with the weight of its role. */
export function protocolRules(ctx: TlsContext): void {
  const { cfg } = ctx;
  const seen = new Set<string>();
  const judge = (s: Setting, mandatory: boolean, who: string, submission: boolean) => {
    const key = `${s.name}\u0000${s.def ? `${s.def.origin}:${s.def.range.start.line}:${s.def.range.start.character}` : 'default'}`;
    if (seen.has(key)) return;
    seen.add(key);
    const set = parseProtocols(s.value);
    const fix = [{ title: `Set ${s.name} = ${modernProtocols(atLeast(cfg.version.target, '3.6'))}`, preferred: true, edits: [s.def ? { kind: 'replace' as const, file: s.def.origin, range: s.def.valueRange, text: modernProtocols(atLeast(cfg.version.target, '3.6')) } : { kind: 'set' as const, name: s.name, value: modernProtocols(atLeast(cfg.version.target, '3.6')) }] }];
    if (set.allowed.has('SSLv2') || set.allowed.has('SSLv3')) {
      emit(ctx, { rule: 'weak-protocol-ssl', severity: 'error', at: anchor(ctx, s), message: `${s.name} = "${s.value}" (${s.origin}) allows ${[...set.allowed].filter((p) => p.startsWith('SSL')).join(' and ')} for ${who}: SSL must not be used (RFC 9325)`, fixes: fix });
    } else if (set.allowed.has('TLSv1') || set.allowed.has('TLSv1.1')) {
      const weak = [...set.allowed].filter((p) => p === 'TLSv1' || p === 'TLSv1.1').join(' and ');
      const severe = mandatory || submission;
      emit(ctx, {
        rule: 'weak-protocol-tls10',
        severity: severe ? 'warning' : 'info',
        at: anchor(ctx, s),
        message: severe
          ? `${s.name} = "${s.value}" (${s.origin}) allows ${weak} where ${who} requires TLS: use TLS 1.2 or newer (RFC 8996${submission ? ', RFC 8997 for submission' : ''})`
          : `${s.name} = "${s.value}" (${s.origin}) allows ${weak} for opportunistic TLS on ${who}; raising the floor is possible, but peers that cannot do TLS 1.2 would then send in cleartext`,
        fixes: severe ? fix : undefined,
      });
    }
  };
  for (const role of ctx.servers) {
    const enforced = serverEnforced(cfg, role);
    const name = enforced ? 'smtpd_tls_mandatory_protocols' : 'smtpd_tls_protocols';
    judge(setting(cfg, name, role.service), enforced, roleName(role), role.kind === 'submission' || role.kind === 'submissions');
  }
  for (const role of ctx.clients) {
    const lv = clientLevel(cfg, role).value.toLowerCase();
    if (lv === '' || lv === 'none') continue;
    // The client uses the mandatory list at every level except "may".
    const mandatory = lv !== 'may';
    const name = `${role.program}_tls_${mandatory ? 'mandatory_' : ''}protocols`;
    judge(setting(cfg, name, role.service), mandatory, `the ${role.program === 'smtp' ? 'SMTP' : 'LMTP'} client${role.service ? ` of ${role.service.name.text}` : ''}`, false);
  }
  for (const def of allDefs(ctx)) if (PROTOCOL_PARAM.test(def.name)) syntaxChecks(ctx, def);
}

export function allDefs(ctx: TlsContext): ParamDef[] {
  return [...(ctx.main?.defs ?? []), ...(ctx.master?.defs ?? [])].filter((d) => !d.templated);
}

function valueAt(def: ParamDef, start: number, end: number) {
  return { file: def.origin, range: valueRange(def, start, end) };
}

function syntaxChecks(ctx: TlsContext, def: ParamDef): void {
  const { cfg } = ctx;
  const e = cfg.expand(def.value, def.service);
  if (e.via.length) return; // checked on the definition that holds the literal text
  const set = parseProtocols(def.value);
  const range36 = atLeast(cfg.version.target, '3.6');
  let invalid = false;
  for (const t of set.tokens) {
    if (t.problem) {
      invalid = true;
      emit(ctx, { rule: 'protocol-invalid', severity: 'error', at: valueAt(def, t.start, t.end), message: `${t.problem}; Postfix rejects the list and TLS setup fails`, fixes: [{ title: `Set ${def.name} = ${modernProtocols(range36)}`, edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: modernProtocols(range36) }] }] });
    } else if ((t.op === '>=' || t.op === '<=') && !range36) {
      invalid = true;
      emit(ctx, { rule: 'protocol-invalid', severity: 'error', at: valueAt(def, t.start, t.end), message: `"${t.text}" needs Postfix 3.6 or later; the target is Postfix ${cfg.version.target.slice(0, 2).join('.')}: use exclusions such as "${modernProtocols(false)}"`, fixes: [{ title: `Set ${def.name} = ${modernProtocols(false)}`, preferred: true, edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: modernProtocols(false) }] }] });
    }
  }
  if (invalid) return;
  const gap = gapIn(set.allowed);
  if (gap) {
    emit(ctx, { rule: 'protocol-gap', severity: 'error', at: { file: def.origin, range: def.valueRange }, message: `"${def.value}" leaves a hole: ${gap} is excluded but older protocols stay allowed (${[...set.allowed].join(', ')}); write a range instead`, fixes: [{ title: `Set ${def.name} = ${modernProtocols(range36)}`, preferred: true, edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: modernProtocols(range36) }] }] });
    return;
  }
  if (!set.allowed.has('TLSv1.3')) {
    const t = set.tokens.find((x) => (x.op === '!' && x.protocol === 'TLSv1.3') || x.op === '<=');
    emit(ctx, { rule: 'tls13-disabled', severity: 'warning', at: t ? valueAt(def, t.start, t.end) : { file: def.origin, range: def.valueRange }, message: `"${def.value}" disables TLS 1.3, which every current peer prefers (RFC 9325 says to support it)` });
  }
  if (set.onlyExclusions && range36) {
    const r = asRange(set.allowed);
    emit(ctx, { rule: 'protocol-legacy-syntax', severity: 'hint', at: { file: def.origin, range: def.valueRange }, message: `Postfix 3.6 and later accept a range${r ? `: "${r}" means the same and stays right when new protocols appear` : ''}`, fixes: r ? [{ title: `Rewrite as "${r}"`, preferred: true, edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: r }] }] : undefined });
  }
}

const GRADES = ['high', 'medium', 'low', 'export', 'null'];
const CIPHER_PARAM = /^(smtpd|smtp|lmtp|postscreen|tlsproxy|tlsproxy_client)_tls_(mandatory_)?ciphers$/;
const EXCLUDE_PARAM = /_tls_(mandatory_)?exclude_ciphers$/;

/** Cipher grades, exclusions and the OpenSSL-level knobs Postfix asks you not to touch. */
export function cipherRules(ctx: TlsContext): void {
  const { cfg } = ctx;
  const v38 = atLeast(cfg.version.target, '3.8');
  for (const def of allDefs(ctx)) {
    const value = cfg.expand(def.value, def.service).text.trim();
    const lower = value.toLowerCase();
    if (CIPHER_PARAM.test(def.name)) {
      if (!GRADES.includes(lower)) {
        if (value !== '') emit(ctx, { rule: 'invalid-grade', severity: 'error', at: { file: def.origin, range: def.valueRange }, message: `"${value}" is not a cipher grade (high, medium, low, export, null): TLS setup fails. OpenSSL cipher strings belong in *_exclude_ciphers or tls_*_cipherlist.`, fixes: [{ title: 'Use "medium"', preferred: true, edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: 'medium' }] }] });
        continue;
      }
      if (lower === 'export' || lower === 'low') {
        emit(ctx, { rule: 'weak-cipher-grade', severity: v38 ? 'warning' : 'error', at: { file: def.origin, range: def.valueRange }, message: v38 ? `grade "${lower}" is treated as "medium" from Postfix 3.8: write "medium"` : `grade "${lower}" enables weak (${lower === 'export' ? 'export-grade' : 'low-strength'}) cipher suites; use "medium"`, fixes: [{ title: 'Use "medium"', preferred: true, edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: 'medium' }] }] });
      } else if (lower === 'null') {
        const unixLmtp = def.name.startsWith('lmtp_');
        if (!unixLmtp) emit(ctx, { rule: 'null-cipher', severity: 'error', at: { file: def.origin, range: def.valueRange }, message: `grade "null" offers only cipher suites without encryption: the session is authenticated at best, never private`, fixes: [{ title: 'Use "medium"', preferred: true, edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: 'medium' }] }] });
      } else if (lower === 'high' && /^(smtpd|smtp)_tls_ciphers$/.test(def.name) && def.origin === 'main') {
        emit(ctx, { rule: 'high-opportunistic', severity: 'hint', at: { file: def.origin, range: def.valueRange }, message: `"high" for opportunistic TLS (${def.name}) only shrinks the set of peers that can encrypt; those that fail fall back to cleartext. "medium" is the safer default.`, fixes: [{ title: 'Use "medium"', edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: 'medium' }] }] });
      }
    } else if (EXCLUDE_PARAM.test(def.name)) {
      for (const item of splitList(def.value.replace(/:/g, ' '))) {
        if (/^[!+\-@]/.test(item.text)) {
          emit(ctx, { rule: 'exclude-syntax', severity: 'error', at: valueAt(def, item.start, item.end), message: `"${item.text}": ${def.name} takes plain OpenSSL cipher or algorithm names to exclude (e.g. "aNULL, RC4"), not OpenSSL operators; Postfix builds "!${item.text.replace(/^[!+\-@]+/, '')}" itself` });
        }
      }
    } else if (/^tls_(high|medium|null)_cipherlist$/.test(def.name) && def.origin === 'main') {
      emit(ctx, { rule: 'cipherlist-override', severity: 'hint', at: { file: 'main', range: def.nameRange }, message: `Postfix advises against changing ${def.name}: the built-in list tracks OpenSSL; exclude specific ciphers with *_exclude_ciphers instead`, fixes: [{ title: `Remove ${def.name}`, edits: [{ kind: 'remove', file: 'main', range: def.range }] }] });
    } else if (def.name === 'smtpd_tls_dh1024_param_file' || def.name === 'tlsproxy_tls_dh1024_param_file') {
      emit(ctx, { rule: 'dh-param-file', severity: 'warning', at: { file: def.origin, range: def.nameRange }, message: `${def.name} is deprecated since Postfix 3.9: OpenSSL 3 picks standard finite-field groups (tls_ffdhe_auto_groups) by itself`, unnecessary: true, fixes: [{ title: `Remove ${def.name}`, preferred: true, edits: [{ kind: 'remove', file: def.origin, range: def.range }] }] });
    } else if (ignoredOn(def.name, cfg.version.target)) {
      emit(ctx, { rule: 'ignored-parameter', severity: 'hint', at: { file: def.origin, range: def.nameRange }, message: `${def.name} has no effect on ${ignoredOn(def.name, cfg.version.target)}: remove it`, unnecessary: true, fixes: [{ title: `Remove ${def.name}`, preferred: true, edits: [{ kind: 'remove', file: def.origin, range: def.range }] }] });
    } else if (def.name === 'tls_eecdh_auto_curves' && value !== '' && !/\b(x25519|prime256v1|secp256r1)\b/i.test(value)) {
      emit(ctx, { rule: 'curves-override', severity: 'warning', at: { file: def.origin, range: def.valueRange }, message: `tls_eecdh_auto_curves = "${value}" lists neither X25519 nor prime256v1, the curves nearly every peer uses: handshakes will fail or lose forward secrecy; the default list is right for almost everyone`, fixes: [{ title: 'Remove tls_eecdh_auto_curves (use the default)', preferred: true, edits: [{ kind: 'remove', file: def.origin, range: def.range }] }] });
    }
  }
}

/** "Postfix 3.6 and later" when the name is ignored by the target release. */
function ignoredOn(name: string, target: readonly number[]): string | undefined {
  const rules: Array<[RegExp, string]> = [
    [/^(smtpd|postscreen|tlsproxy)_tls_eecdh_grade$/, '3.6'],
    [/^tls_eecdh_(strong|ultra)_curve$/, '3.6'],
    [/^(smtpd|postscreen|tlsproxy)_tls_dh512_param_file$/, '3.6'],
    [/^(smtpd|smtp|lmtp)_tls_cipherlist$/, '2.3'],
    [/^tls_(low|export)_cipherlist$/, '3.8'],
  ];
  for (const [re, v] of rules) if (re.test(name) && atLeast(target, v)) return `Postfix ${v} and later`;
  return undefined;
}
