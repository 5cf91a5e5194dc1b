import { atLeast } from '../../knowledge/version';
import { tlsDefs, whereDef } from './protocolRules';
import { describeDef, emit, layerActive, opaqueDef, TlsContext } from './model';

const LOGLEVEL = /^(smtpd|smtp|lmtp|postscreen|tlsproxy)_tls_loglevel$|^tlsproxy_client_loglevel$/;
const DIGEST = /^(smtpd|smtp|lmtp|postscreen|tlsproxy)_tls_fingerprint_digest$|^tlsproxy_client_fingerprint_digest$/;
const CACHE = /^(smtpd|smtp|lmtp)_tls_session_cache_database$/;

/** Logging, session caches, fingerprints and postscreen hand-off. */
export function operationRules(ctx: TlsContext): void {
  const { cfg } = ctx;
  for (const def of tlsDefs(ctx)) {
    // Every name these rules judge has "tls" in it; skip the rest before expanding anything.
    if (!def.name.includes('tls') || opaqueDef(cfg, def)) continue;
    const e = cfg.expand(def.value, def.service);
    const value = e.text.trim();
    const w = whereDef(ctx, def, e.via);
    if (LOGLEVEL.test(def.name)) {
      if (!layerActive(ctx, def)) continue;
      const n = Number(/^\d+/.exec(value)?.[0] ?? 'NaN');
      if (n >= 2) {
        emit(ctx, { rule: 'verbose-loglevel', at: { file: def.origin, range: def.valueRange }, message: n >= 4 ? `${def.name} = ${value} (${w}) logs the complete encrypted traffic in hex: use it only briefly to debug a single peer, with debug_peer_list` : `${def.name} = ${value} (${w}) logs every handshake step; 1 records each TLS session and is enough in production`, fixes: [{ title: 'Use log level 1', preferred: true, edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: '1' }] }] });
      }
    } else if (DIGEST.test(def.name) && /^(md5|sha1)$/i.test(value) && layerActive(ctx, def)) {
      emit(ctx, { rule: 'weak-fp-digest', at: { file: def.origin, range: def.valueRange }, message: `${def.name} = ${value} (${w}): ${value} fingerprints are no longer considered safe against forgery; use sha256 (and update the fingerprints you match against)`, fixes: [{ title: 'Use sha256', edits: [{ kind: 'replace', file: def.origin, range: def.valueRange, text: 'sha256' }] }] });
    } else if (CACHE.test(def.name)) {
      if (def.origin === 'master') {
        emit(ctx, { rule: 'session-cache', severity: 'warning', at: { file: 'master', range: def.nameRange }, message: `-o ${def.name} (${w}) has no effect: the cache is kept by tlsmgr(8), which reads only main.cf`, unnecessary: true, fixes: [{ title: 'Remove this override', preferred: true, edits: [{ kind: 'remove', file: 'master', range: def.range }] }] });
      } else if (/^dbm:/i.test(value)) {
        emit(ctx, { rule: 'session-cache', severity: 'error', at: { file: 'main', range: def.valueRange }, message: `${def.name} = ${value} (${w}): dbm tables cannot hold TLS session objects (they are too large): use btree: (or lmdb:)` });
      } else if (def.name === 'smtpd_tls_session_cache_database' && value !== '' && atLeast(cfg.version.target, '2.11') && layerActive(ctx, def)) {
        emit(ctx, { rule: 'session-cache', severity: 'hint', at: { file: 'main', range: def.nameRange }, message: `${def.name} (${w}): Postfix 2.11 and later resume server sessions with TLS session tickets, which need no server-side cache; this database can go` });
      }
    }
  }
  // The client cache saves a full handshake per connection to the same destination.
  const level = cfg.setting('smtp_tls_security_level');
  const clientLevel = level.value.toLowerCase();
  if (ctx.main && ctx.clients.some((r) => r.program === 'smtp') && !level.unknown && clientLevel !== '' && clientLevel !== 'none' && cfg.setting('smtp_tls_session_cache_database').value === '') {
    const lvl = cfg.mainDefs.get('smtp_tls_security_level');
    if (lvl) emit(ctx, { rule: 'session-cache', severity: 'hint', at: { file: 'main', range: lvl.nameRange }, message: `smtp_tls_security_level = ${clientLevel} (main.cf line ${lvl.range.start.line + 1}) but no smtp_tls_session_cache_database: every connection to the same server repeats the full TLS handshake`, fixes: [{ title: 'Add smtp_tls_session_cache_database', edits: [{ kind: 'set', name: 'smtp_tls_session_cache_database', value: 'btree:${data_directory}/smtp_scache' }] }] });
  }
  postscreenMismatch(ctx);
}

/** `-o smtpd_tls_*` on the smtpd behind postscreen, but postscreen/tlsproxy still use main.cf's value. */
function postscreenMismatch(ctx: TlsContext): void {
  for (const role of ctx.servers) {
    if (!role.postscreen || !role.service) continue;
    for (const o of role.service.overrides) {
      const m = /^smtpd_tls_(.+)$/.exec(o.name);
      // An -o session cache has no effect anywhere (session-cache says so): nothing to repeat.
      if (!m || m[1] === 'session_cache_database') continue;
      const ps = `postscreen_tls_${m[1]}`;
      const tp = `tlsproxy_tls_${m[1]}`;
      const covered = role.postscreen.overrides.some((x) => x.name === ps || x.name === o.name) || ctx.cfg.services.some((s) => s.command?.text === 'tlsproxy' && s.overrides.some((x) => x.name === tp || x.name === o.name));
      // postscreen and tlsproxy follow main.cf: no mismatch when main.cf already says the same (unknowable without main.cf).
      const global = ctx.cfg.setting(o.name);
      if (global.unknown || opaqueDef(ctx.cfg, o) || global.value === ctx.cfg.expand(o.value, role.service).text.trim()) continue;
      if (!covered) {
        emit(ctx, { rule: 'postscreen-mismatch', at: { file: 'master', range: o.nameRange }, message: `-o ${o.name}=${o.value} (${describeDef(o)}) applies to the smtpd behind postscreen only; postscreen and tlsproxy still use main.cf's value, so the TLS settings differ per hop: repeat it on the postscreen (${ps}) and tlsproxy (${tp}) services, or set it in main.cf` });
      }
    }
  }
}
