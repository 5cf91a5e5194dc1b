import type { FixPlan } from '../../findings';
import { atLeast } from '../../knowledge/version';
import { certificateLines } from '../../knowledge/blocks';
import { absentAnchor, anchor, emit, receivesInternetMail, roleName, serverActsOn, serverEnforced, serverLevel, ServerRole, Setting, TlsContext, top, yes } from './model';

const CERT_PARAMS = ['smtpd_tls_chain_files', 'smtpd_tls_cert_file', 'smtpd_tls_eccert_file', 'smtpd_tls_dcert_file'];
const SERVER_RELATED = ['smtpd_tls_cert_file', 'smtpd_tls_chain_files', 'smtpd_tls_key_file', 'smtpd_tls_loglevel'];

/** Server-side TLS: is it on, where is it required, is there a certificate. */
export function serverRules(ctx: TlsContext): void {
  const { cfg } = ctx;
  for (const role of ctx.servers) {
    const level = serverLevel(cfg, role);
    // A level we cannot know (template, undefined $name, main.cf not open) is judged by nothing below.
    const lv = level.unknown ? '?' : level.value.toLowerCase();
    // fingerprint, verify and secure act as "encrypt" (server-level-invalid says so).
    const acts = serverActsOn(lv);
    const wrapper = cfg.setting('smtpd_tls_wrappermode', role.service);
    const wrapped = yes(wrapper.value) && !wrapper.unknown;

    // Port 25 of a host no other mail server delivers to (a relay for its own networks) is not an MX.
    if (role.kind === 'mx' && (lv === '' || lv === 'none') && !wrapped && receivesInternetMail(cfg, role.service)) {
      const where = level.def ? { at: anchor(ctx, level), place: undefined } : absentAnchor(ctx, 'smtpd_tls_', ['smtpd_banner', 'smtpd_sasl_auth_enable', 'smtpd_recipient_restrictions', 'smtpd_relay_restrictions']);
      // With no certificate yet the block carries example paths the admin must replace: a quick fix, never part of "fix all".
      const haveCert = CERT_PARAMS.some((n) => cfg.setting(n, role.service).value !== '');
      const fixes: FixPlan[] = [{ title: haveCert ? 'Insert the TLS server block (STARTTLS, opportunistic)' : 'Insert the TLS server block (STARTTLS, opportunistic; replace the example certificate paths)', preferred: haveCert, edits: [{ kind: 'insertBlock', block: 'server', at: where.place }] }];
      emit(ctx, {
        rule: 'server-tls-off',
        at: where.at,
        message: `${roleName(role)} does not offer STARTTLS: smtpd_tls_security_level is ${lv === '' ? `empty (${level.def ? level.origin : `not set, ${level.origin}`})` : `"none" (${level.origin})`}, so other servers deliver mail to you in cleartext. Use "may" with a certificate.`,
      fixes });
    }

    if (acts === 'may' || acts === 'encrypt' || wrapped) certificatePresence(ctx, role);
    if (!level.unknown) levelValidity(ctx, role);

    const enforced = acts === 'encrypt' || wrapped;
    if (role.kind === 'mx' && enforced) mxRequiresTls(ctx, role, acts === 'encrypt' ? level : wrapper);
    if (role.postscreen) {
      const ps = cfg.setting('postscreen_tls_security_level', role.postscreen);
      if (!ps.unknown && serverActsOn(ps.value) === 'encrypt' && role.kind === 'mx') mxRequiresTls(ctx, role, ps);
    }

    if (!level.unknown) saslPlaintext(ctx, role);

    // Only a template or an undefined $name hides the wrappermode: main.cf cannot sensibly turn it on for every port.
    if (role.kind === 'submissions' && !yes(wrapper.value) && !(wrapper.unknown && wrapper.explicit)) {
      const svc = role.listener!;
      emit(ctx, {
        rule: 'submissions-no-wrapper',
        at: { file: 'master', range: svc.name.range },
        message: `${svc.name.text} is the implicit-TLS submission port (465, RFC 8314) but smtpd_tls_wrappermode is "${wrapper.value || 'no'}" (${wrapper.origin}): clients that start TLS right away cannot talk to it. Add -o smtpd_tls_wrappermode=yes.`,
      fixes: [{ title: 'Add "-o smtpd_tls_wrappermode=yes"', preferred: true, edits: [{ kind: 'set', name: 'smtpd_tls_wrappermode', value: 'yes', service: svc.key }] }] });
    }

    const req = cfg.setting('smtpd_tls_req_ccert', role.service);
    if (yes(req.value) && !req.unknown && lv === 'may' && req.def) {
      emit(ctx, {
        rule: 'req-ccert-optional',
        at: anchor(ctx, req),
        message: `smtpd_tls_req_ccert = yes (${req.origin}) only takes effect when TLS is required; at level "may" on ${roleName(role)} it is ignored`,
      }, 'req-ccert');
    }
  }
  globalServerChecks(ctx);
}

function certificatePresence(ctx: TlsContext, role: ServerRole): void {
  const { cfg } = ctx;
  const certs = CERT_PARAMS.map((n) => cfg.setting(n, role.service));
  // `smtpd_tls_cert_file = $ssl_cert` with ssl_cert defined nowhere: Postfix expands it to nothing. Upper-case
  // names are left alone: those are placeholders an entrypoint script (envsubst) fills in, not Postfix parameters.
  const hollow = certs
    .map((c) => ({ c, names: c.def && !c.def.templated && c.value === '' ? undefinedNames(cfg, c) : [] }))
    .filter((h) => h.names.length > 0);
  if (certs.some((c) => (c.value !== '' || c.unknown) && !hollow.some((h) => h.c === c))) return;
  const level = serverLevel(cfg, role);
  if (hollow.length) {
    const { c, names } = hollow[0];
    if (names.some((n) => n !== n.toLowerCase())) return;
    emit(ctx, {
      rule: 'missing-server-cert',
      at: anchor(ctx, c),
      message: `${roleName(role)} offers TLS (level "${level.value || 'wrappermode'}", ${level.origin}) but ${c.name} (${c.origin}) refers to ${names.map((n) => `$${n}`).join(', ')}, which nothing defines: Postfix expands it to an empty value, so no certificate is configured and STARTTLS fails`,
    }, 'certs');
    return;
  }
  const rangeSyntax = atLeast(cfg.version.target, '3.4');
  emit(ctx, {
    rule: 'missing-server-cert',
    at: anchor(ctx, level, SERVER_RELATED, 'name'),
    message: `${roleName(role)} offers TLS (level "${level.value || 'wrappermode'}", ${level.origin}) but no certificate is configured (smtpd_tls_chain_files, smtpd_tls_cert_file, smtpd_tls_eccert_file are all empty): smtpd logs "No server certs available" and answers STARTTLS with 454`,
  fixes: [{
    title: rangeSyntax ? 'Add smtpd_tls_chain_files' : 'Add smtpd_tls_cert_file and smtpd_tls_key_file',
    preferred: false,
    edits: certificateLines(cfg.version.target).map((l) => ({ kind: 'set', name: l.name, value: l.value })),
  }] }, 'certs');
}

/** `$names` in the definition's value that are neither set nor built in. */
function undefinedNames(cfg: TlsContext['cfg'], s: Setting): string[] {
  if (!s.def) return [];
  return cfg.expand(s.def.value, s.def.service).via.filter((n) => cfg.raw(n, s.def!.service).source.kind === 'unknown' && !cfg.isDefinedOrKnown(n, s.def!.service));
}

function levelValidity(ctx: TlsContext, role: ServerRole): void {
  const level = serverLevel(ctx.cfg, role);
  const lv = level.value.toLowerCase();
  if (['', 'none', 'may', 'encrypt'].includes(lv) || !level.def) return;
  if (lv === 'dane' || lv === 'dane-only') {
    emit(ctx, { rule: 'dane-misplaced', at: anchor(ctx, level), message: `"${level.value}" is a client (outgoing) level; the SMTP server accepts only none, may or encrypt and stops with a fatal error (${level.origin})` }, 'level');
  } else if (['fingerprint', 'verify', 'secure'].includes(lv)) {
    emit(ctx, { rule: 'server-level-invalid', severity: 'warning', at: anchor(ctx, level), message: `"${level.value}" is a client level; smtpd downgrades it to "encrypt" with a warning (${level.origin}). Write "may" or "encrypt".` }, 'level');
  } else {
    emit(ctx, { rule: 'server-level-invalid', severity: 'error', at: anchor(ctx, level), message: `"${level.value}" is not a server TLS level (none, may, encrypt): smtpd stops with a fatal error (${level.origin})` }, 'level');
  }
}

function mxRequiresTls(ctx: TlsContext, role: ServerRole, cause: Setting): void {
  const submission = ctx.cfg.services.find((s) => s.type.text === 'inet' && s.command?.text === 'smtpd' && /(^|:)(submission|587)$/.test(s.name.text));
  const fixes: FixPlan[] = [];
  if (cause.def && cause.def.origin === 'main' && cause.name === 'smtpd_tls_security_level') {
    const edits: FixPlan['edits'] = [{ kind: 'set', name: 'smtpd_tls_security_level', value: 'may' }];
    if (submission && !submission.overrides.some((o) => o.name === 'smtpd_tls_security_level')) {
      edits.push({ kind: 'set', name: 'smtpd_tls_security_level', value: 'encrypt', service: submission.key });
    }
    fixes.push({ title: submission ? 'Use "may" on port 25 and move "encrypt" to the submission service' : 'Use "may" (opportunistic TLS) on port 25', preferred: true, edits });
  } else if (cause.def) {
    fixes.push({ title: `Set ${cause.name} to "${cause.name.endsWith('wrappermode') ? 'no' : 'may'}"`, preferred: true, edits: [{ kind: 'replace', file: cause.def.origin, range: cause.def.valueRange, text: cause.name.endsWith('wrappermode') ? 'no' : 'may' }] });
  }
  const what = cause.name.endsWith('wrappermode') ? 'implicit TLS (smtpd_tls_wrappermode = yes)' : serverActsOn(cause.value) === cause.value.toLowerCase() ? `"${cause.value}"` : `"${cause.value}", which smtpd treats as "encrypt"`;
  emit(ctx, {
    rule: 'mx-requires-tls',
    at: cause.def ? anchor(ctx, cause) : top(ctx),
    message: `${roleName(role)} requires TLS with ${what} (${cause.origin}): a public MX must not require STARTTLS (RFC 3207 §4), servers without TLS could no longer deliver to you. Use "may" here and require TLS on submission (587) with -o.`,
  fixes }, 'mx');
}

function saslPlaintext(ctx: TlsContext, role: ServerRole): void {
  const { cfg } = ctx;
  const sasl = cfg.setting('smtpd_sasl_auth_enable', role.service);
  if (!yes(sasl.value)) return;
  const lv = serverActsOn(serverLevel(cfg, role).value);
  const authOnly = cfg.setting('smtpd_tls_auth_only', role.service);
  if (sasl.unknown || authOnly.unknown) return;
  if (serverEnforced(cfg, role) || yes(authOnly.value) || (lv !== 'may' && lv !== '' && lv !== 'none')) return;
  // Before STARTTLS smtpd offers only what smtpd_sasl_security_options allows: with noplaintext no password crosses in cleartext.
  const options = cfg.setting('smtpd_sasl_security_options', role.service);
  if (options.unknown || /\bnoplaintext\b/i.test(options.value)) return;
  // Set smtpd_tls_auth_only where it takes effect for this server: in the -o that says "no", else next to the AUTH switch.
  const fixService = authOnly.def?.origin === 'master' ? authOnly.def.service?.key : sasl.def?.origin === 'master' ? sasl.def.service?.key : undefined;
  emit(ctx, {
    rule: 'sasl-plaintext',
    severity: role.kind === 'submission' ? 'error' : 'warning',
    at: anchor(ctx, sasl, [], 'name'),
    message: `${roleName(role)} accepts AUTH (smtpd_sasl_auth_enable = yes, ${sasl.origin}) while TLS is ${lv === 'may' ? 'optional' : 'off'}, smtpd_tls_auth_only is "${authOnly.value || 'no'}" (${authOnly.origin}) and smtpd_sasl_security_options = "${options.value}" allows plaintext mechanisms: passwords can travel in cleartext`,
  fixes: [{ title: 'Set smtpd_tls_auth_only = yes', preferred: true, edits: [{ kind: 'set', name: 'smtpd_tls_auth_only', value: 'yes', service: fixService }] }] }, `sasl:${fixService ?? ''}`);
}

/** Checks on main.cf-wide server parameters that do not depend on the port. */
function globalServerChecks(ctx: TlsContext): void {
  const { cfg } = ctx;
  const chain = cfg.mainDefs.get('smtpd_tls_chain_files');
  const legacy = ['smtpd_tls_cert_file', 'smtpd_tls_eccert_file', 'smtpd_tls_dcert_file'].map((n) => cfg.mainDefs.get(n)).filter((d) => d && !d.templated && d.value.trim() !== '');
  if (chain && !chain.templated && chain.value.trim() !== '') {
    for (const d of legacy) {
      emit(ctx, { rule: 'chain-plus-legacy', at: { file: 'main', range: d!.nameRange }, message: `${d!.name} (main.cf line ${d!.range.start.line + 1}) is ignored because smtpd_tls_chain_files is set (main.cf line ${chain.range.start.line + 1}): remove it to avoid confusion`, unnecessary: true, fixes: [{ title: `Remove ${d!.name}`, preferred: true, edits: [{ kind: 'remove', file: 'main', range: d!.range }] }] });
    }
  } else if (legacy.length && atLeast(cfg.version.target, '3.4') && !cfg.main?.template) {
    const d = legacy[0]!;
    emit(ctx, { rule: 'legacy-cert-params', at: { file: 'main', range: d.nameRange }, message: `${d.name} (main.cf line ${d.range.start.line + 1}) is the legacy way to name the certificate: Postfix 3.4 and later can load key and certificate chain together with smtpd_tls_chain_files, which avoids a race while you replace them` });
  }
  const certFile = cfg.mainDefs.get('smtpd_tls_cert_file');
  if (certFile && certFile.value.trim().toLowerCase() === 'none') {
    emit(ctx, { rule: 'certless-or-dsa', at: { file: 'main', range: certFile.valueRange }, message: `smtpd_tls_cert_file = none (main.cf line ${certFile.range.start.line + 1}) runs the server without a certificate: TLS 1.3 clients and most others cannot negotiate with it` });
  }
  for (const name of ['smtpd_tls_dcert_file', 'smtp_tls_dcert_file', 'lmtp_tls_dcert_file']) {
    const d = cfg.mainDefs.get(name);
    if (d && d.value.trim() !== '') emit(ctx, { rule: 'certless-or-dsa', at: { file: 'main', range: d.nameRange }, message: `${name} = ${d.value.trim()} (main.cf line ${d.range.start.line + 1}) configures a DSA certificate: DSA is obsolete and unusable with TLS 1.3; use RSA or ECDSA` });
  }
  const rh = cfg.mainDefs.get('smtpd_tls_received_header');
  if (rh && yes(rh.value.trim())) {
    emit(ctx, { rule: 'received-header-privacy', at: { file: 'main', range: rh.valueRange }, message: `smtpd_tls_received_header = yes (main.cf line ${rh.range.start.line + 1}) records protocol, cipher and the client certificate names in every Received: header; fine for a relay you run, a small privacy leak otherwise` });
  }
}

