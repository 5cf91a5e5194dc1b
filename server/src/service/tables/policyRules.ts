import type { EffectiveConfig } from '../config';
import { atLeast, formatVersion, Version } from '../knowledge/version';
import { editDistance } from '../rules/suggest';
import { yes } from '../rules/tls/model';
import type { Setting } from '../setting';
import { asRange, gapIn, modernProtocols, parseProtocols } from '../rules/tls/protocols';
import { GRADES } from '../rules/tls/protocolRules';
import type { Positions, TableFinding } from './findings';
import type { CertificateInspector } from '../rules/tls/certificates';
import { TableReport } from './findings';
import { ATTRIBUTES, attributeFacts, BRACES_SINCE, keyShape, LEVELS, levelFacts, PolicyAttribute, PolicyEntry, PolicyTable, Token } from './policy';
import { duplicateKeys } from './keys';
import { foldKey } from './source';

/** What a policy table is judged with. */
export interface PolicyContext {
  /** The release the table is written for. */
  target: Version;
  /** The client that reads the table (smtp_tls_policy_maps or lmtp_tls_policy_maps): names in messages and the main.cf facts used. */
  program: 'smtp' | 'lmtp';
  /** main.cf (and master.cf) when the table is judged with the configuration that references it. */
  cfg?: EffectiveConfig;
  /** Reads the tafile= files; given only where postfix.certificateChecks lets files be read. */
  files?: CertificateInspector;
}

const MANDATORY = new Set(['encrypt', 'fingerprint', 'dane-only', 'verify', 'secure']);
/** Digest lengths in bytes of the names smtp_tls_fingerprint_digest takes. */
const DIGEST_BYTES: Record<string, number> = { md5: 16, sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };
/** Ports an SMTP next hop may name, by service name, for comparing spellings of one relay. */
const PORTS: Record<string, string> = { smtp: '25', submission: '587', submissions: '465', smtps: '465', lmtp: '24' };

/** The context with main.cf settings looked up once per table, not once per entry. */
interface Judge extends PolicyContext {
  get(name: string): Setting | undefined;
}

/** Every finding of one TLS policy table source file. */
export function policyFindings(table: PolicyTable, doc: Positions, context: PolicyContext): TableFinding[] {
  const memo = new Map<string, Setting>();
  const ctx: Judge = {
    ...context,
    get(name) {
      if (!context.cfg) return undefined;
      let v = memo.get(name);
      if (!v) memo.set(name, (v = context.cfg.setting(name)));
      return v;
    },
  };
  const r = new TableReport(doc);
  for (const p of table.source.problems) r.add('table-syntax', p.start, p.end, p.message);
  duplicateKeys(r, table.source.entries, doc);
  for (const e of table.entries) entryRules(r, e, ctx);
  relayhostRule(r, table, ctx);
  if (context.files) for (const e of table.entries) trustAnchorFiles(r, e, context.files);
  return r.out;
}

/**
 * tafile= at verify/secure: the client loads the file when it looks the entry up, and a file it
 * cannot open or that holds no PEM trust anchor makes the entry invalid (tls_dane_load_trustfile),
 * so mail for that destination is deferred. A file only root may read is how such files are often
 * kept: not judged. Paths with $names or relative paths are not guessed at.
 */
function trustAnchorFiles(r: TableReport, e: PolicyEntry, files: CertificateInspector): void {
  const lv = e.level?.text.toLowerCase();
  if (lv !== 'verify' && lv !== 'secure') return;
  for (const a of e.attributes) {
    if (a.name !== 'tafile' || !a.value) continue;
    const path = a.value.text;
    if (!path.startsWith('/') || path.includes('$')) continue;
    const rep = files.inspect(path);
    if (rep.error && rep.reason !== 'denied') {
      r.add('cert-file-missing', a.value.start, a.value.end, `${path} (tafile for ${e.key.text}): ${rep.error}. The client cannot load its trust anchors, treats the entry as invalid and defers mail for ${e.key.text}`);
    }
  }
}

function suggestion(word: string, candidates: string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(w.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(w, c, bestD);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

function newer(since: string, target: Version): boolean {
  return !atLeast(target, since);
}

function entryRules(r: TableReport, e: PolicyEntry, ctx: Judge): void {
  const level = e.level;
  if (!level) return; // postmap drops an entry without value (table-syntax)
  if (e.key.text.includes('*')) {
    const global = ctx.get(`${ctx.program}_tls_security_level`);
    const fallback = global && !global.unknown ? `${global.name} = ${global.value || '(empty)'}` : `${ctx.program}_tls_security_level`;
    r.add('policy-wildcard-key', e.key.start, e.key.end, `"${e.key.text}" is no wildcard: the client looks up the next-hop name and its parent domains (.example.com), so this entry never applies; destinations it was meant for get ${fallback}. Set the default there instead`);
  }
  const lv = level.text.toLowerCase();
  const facts = levelFacts(lv);
  const target = formatVersion(ctx.target);
  if (!facts) {
    const s = suggestion(lv, Object.keys(LEVELS).filter((l) => !newer(LEVELS[l].since, ctx.target)));
    r.add('policy-unknown-level', level.start, level.end, `"${level.text}" is not a TLS security level (none, may, encrypt, dane, dane-only, fingerprint, verify, secure)${s ? `: did you mean "${s}"?` : ''} The client treats the entry as invalid and defers mail for ${e.key.text}`, {
      edits: s ? [r.fix(`Change to "${s}"`, level.start, level.end, s)] : undefined,
    });
    return;
  }
  if (newer(facts.since, ctx.target)) {
    r.add('policy-version', level.start, level.end, `level "${lv}" needs Postfix ${facts.since} or later; Postfix ${target} does not know it, treats the entry as invalid and defers mail for ${e.key.text}`);
    return;
  }
  if (lv === 'none') {
    for (const a of e.attributes) {
      r.add('policy-attribute-level', a.token.start, a.token.end, `level "none" turns TLS off for ${e.key.text}: the client ignores "${a.token.text}" (and logs a warning for it)`, {
        severity: 'warning',
        unnecessary: true,
        edits: [r.fix(`Remove "${a.token.text}"`, removalStart(e, a), a.token.end, '')],
      });
    }
    return;
  }
  const counts = new Map<string, number>();
  let hasTafile = false;
  let hasPolicyType = false;
  const extAttrs: PolicyAttribute[] = [];
  e.attributes.forEach((a, i) => {
    if (a.malformed || !a.name || !a.value || !a.nameToken) {
      malformed(r, e, a, i, ctx);
      return;
    }
    const f = attributeFacts(a.name);
    if (!f) {
      const s = suggestion(a.name, Object.keys(ATTRIBUTES).filter((n) => !newer(ATTRIBUTES[n].since, ctx.target)));
      r.add('policy-unknown-attribute', a.nameToken.start, a.nameToken.end, `"${a.nameToken.text}" is not a TLS policy attribute${s ? `: did you mean "${s}"?` : ''} The client treats the entry as invalid and defers mail for ${e.key.text}`, {
        edits: s ? [r.fix(`Change to "${s}"`, a.nameToken.start, a.nameToken.end, s)] : undefined,
      });
      return;
    }
    if (newer(f.since, ctx.target)) {
      r.add('policy-version', a.nameToken.start, a.nameToken.end, `attribute "${a.name}" needs Postfix ${f.since} or later; Postfix ${target} rejects it as an invalid attribute name and defers mail for ${e.key.text}`);
      return;
    }
    if (!f.levels.includes(lv)) {
      r.add('policy-attribute-level', a.nameToken.start, a.nameToken.end, `"${a.name}" is not accepted at level "${lv}" (only ${f.levels.join(', ')}): the client treats the entry as invalid and defers mail for ${e.key.text}`, {
        severity: 'error',
        edits: [r.fix(`Remove "${a.token.text}"`, removalStart(e, a), a.token.end, '')],
      });
      return;
    }
    const n = (counts.get(a.name) ?? 0) + 1;
    counts.set(a.name, n);
    if (n === 2 && !f.repeat) {
      r.add('policy-malformed-attribute', a.nameToken.start, a.nameToken.end, `"${a.name}" may be given only once per entry: the client treats the entry as invalid and defers mail for ${e.key.text}`);
      return;
    }
    if (a.name === 'tafile') hasTafile = true;
    if (a.name === 'policy_type') hasPolicyType = true;
    if (a.name.startsWith('policy_') && a.name !== 'policy_type' || a.name === 'mx_host_pattern') extAttrs.push(a);
    // `protocols=!SSLv2,!SSLv3`: the value goes on past the comma (malformed-attribute says so); judging its first half would mislead.
    if (!splitList(e, i)) valueRules(r, e, lv, a, a.value, ctx);
  });
  if (!hasPolicyType) {
    for (const a of extAttrs) r.add('policy-malformed-attribute', a.nameToken!.start, a.nameToken!.end, `"${a.name}" is accepted only together with policy_type (an external MTA-STS policy): the client treats the entry as invalid and defers mail for ${e.key.text}`);
  }
  levelRules(r, e, lv, level, hasTafile, ctx);
}

/** Where removing an attribute starts: with the separator before it, so that no double blank remains. */
function removalStart(e: PolicyEntry, a: PolicyAttribute): number {
  const i = e.attributes.indexOf(a);
  const prev = i > 0 ? e.attributes[i - 1].token.end : e.level!.end;
  return prev;
}

/** Attribute i is a list value cut short: the token after it has no "=" and is the rest of the list. */
function splitList(e: PolicyEntry, i: number): boolean {
  const a = e.attributes[i];
  const next = e.attributes[i + 1];
  return !!a?.name && ['protocols', 'exclude', 'match'].includes(a.name) && !!a.value && !!next?.malformed && !next.braced && !next.token.text.includes('=');
}

function malformed(r: TableReport, e: PolicyEntry, a: PolicyAttribute, i: number, ctx: PolicyContext): void {
  const prev = i > 0 ? e.attributes[i - 1] : undefined;
  const why = a.malformed ?? 'missing attribute name';
  // `protocols=!SSLv2,!SSLv3`: the comma ended the attribute; inside a value the separator is ":".
  const listLike = i > 0 && splitList(e, i - 1);
  const between = prev && listLike ? e.entry.value.slice(prev.token.to, a.token.from) : '';
  const sepFix = prev && listLike && /^[,\s]+$/.test(between) && between.length > 0;
  const braces = a.token.text.startsWith('{') && newer(BRACES_SINCE, ctx.target) ? ` ({ name = value } needs Postfix ${BRACES_SINCE} or later)` : '';
  r.add('policy-malformed-attribute', a.token.start, a.token.end, `"${a.token.text}" is not a name=value attribute (${why})${braces}${listLike ? `: a "," or a blank ends the ${prev!.name} value, write ":" between its items` : ''}. The client treats the entry as invalid and defers mail for ${e.key.text}`, {
    edits: sepFix ? [r.fix(`Join with ":" into ${prev!.name}=`, prev!.token.end, a.token.start, ':')] : undefined,
  });
}

function valueRules(r: TableReport, e: PolicyEntry, lv: string, a: PolicyAttribute, v: Token, ctx: Judge): void {
  const name = a.name!;
  const invalid = `the client treats the entry as invalid and defers mail for ${e.key.text}`;
  const empty = v.text === '';
  if (empty && ['ciphers', 'match', 'tafile'].includes(name)) {
    r.add('policy-malformed-attribute', a.token.start, a.token.end, `"${name}" has an empty value: ${invalid}`);
    return;
  }
  const mandatory = MANDATORY.has(lv);
  switch (name) {
    case 'protocols':
      protocolValue(r, e, lv, v, mandatory, ctx);
      return;
    case 'ciphers': {
      const g = v.text.toLowerCase();
      const fixMedium = [r.fix('Use "medium"', v.start, v.end, 'medium')];
      if (!GRADES.includes(g)) {
        r.add('invalid-grade', v.start, v.end, `ciphers=${v.text} for ${e.key.text} is not a cipher grade (high, medium, low, export, null): TLS setup fails for this destination`, { edits: fixMedium });
      } else if (g === 'export' || g === 'low') {
        const v38 = atLeast(ctx.target, '3.8');
        r.add('weak-cipher-grade', v.start, v.end, v38 ? `ciphers=${v.text} for ${e.key.text}: grade "${g}" is treated as "medium" from Postfix 3.8: write "medium"` : `ciphers=${v.text} for ${e.key.text} enables weak (${g === 'export' ? 'export-grade' : 'low-strength'}) cipher suites; use "medium"`, { severity: v38 ? 'warning' : 'error', edits: fixMedium });
      } else if (g === 'null') {
        r.add('null-cipher', v.start, v.end, `ciphers=null for ${e.key.text} offers only cipher suites without encryption: the session is authenticated at best, never private`, { edits: fixMedium });
      }
      return;
    }
    case 'exclude': {
      const re = /[^\s,:]+/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(v.text)) !== null) {
        if (/^[!+\-@]/.test(m[0])) {
          const s = v.start + m.index;
          r.add('exclude-syntax', s, s + m[0].length, `"${m[0]}" in exclude= for ${e.key.text}: name the ciphers or algorithms to leave out without OpenSSL operators; Postfix adds the "!" itself`);
        }
      }
      return;
    }
    case 'match':
      matchValue(r, e, lv, v, ctx);
      return;
    case 'connection_reuse':
    case 'enable_rpk':
      if (!/^(yes|no)$/i.test(v.text)) r.add('policy-malformed-attribute', v.start, v.end, `${name}=${v.text}: the value must be yes or no; ${invalid}`);
      return;
    case 'servername':
      if (!validHostname(v.text)) r.add('policy-malformed-attribute', v.start, v.end, `servername=${v.text} is not a valid host name: ${invalid}`);
      return;
    case 'policy_ttl':
      if (!/^\d+$/.test(v.text)) r.add('policy-malformed-attribute', v.start, v.end, `policy_ttl=${v.text} must be a number of seconds (digits only): ${invalid}`);
      return;
    case 'policy_type':
      if (!ATTRIBUTES.policy_type.values!.includes(v.text.toLowerCase())) r.add('policy-malformed-attribute', v.start, v.end, `policy_type=${v.text} is not a known policy type (sts, no-policy-found): ${invalid}`);
      return;
    case 'policy_failure':
      if (!['sts-policy-fetch-error', 'sts-policy-invalid', 'sts-webpki-invalid', 'validation-failure'].includes(v.text.toLowerCase())) r.add('policy-malformed-attribute', v.start, v.end, `policy_failure=${v.text} is not a known failure type: ${invalid}`);
      return;
    default:
      return;
  }
}

/** valid_hostname(): labels of letters, digits and hyphens (underscores tolerated), at most 255 characters. */
function validHostname(h: string): boolean {
  if (!h || h.length > 255) return false;
  if (h.toLowerCase() === 'hostname') return true;
  return h.split('.').every((l) => l.length > 0 && l.length <= 63 && /^[A-Za-z0-9_-]+$/.test(l) && !l.startsWith('-') && !l.endsWith('-')) && !/^[\d.]+$/.test(h);
}

/** The main.cf protocol rules (rules/tls/protocolRules.ts), on the value of one entry. */
function protocolValue(r: TableReport, e: PolicyEntry, lv: string, v: Token, mandatory: boolean, ctx: PolicyContext): void {
  const set = parseProtocols(v.text);
  const range36 = atLeast(ctx.target, '3.6');
  const where = `protocols=${v.text} for ${e.key.text}`;
  const at = (s: number, t: number) => [v.start + s, v.start + t] as const;
  // Inside a policy value the items are joined with ":", never with a blank or a comma.
  const modern = modernProtocols(range36).replace(/,\s*/g, ':');
  const setTo = (text: string) => r.fix(`Set protocols=${text}`, v.start, v.end, text);
  let invalid = false;
  for (const t of set.tokens) {
    if (t.problem) {
      invalid = true;
      r.add('protocol-invalid', ...at(t.start, t.end), `${where}: ${t.problem}; TLS setup fails for this destination`, { edits: [setTo(modern)] });
    } else if ((t.op === '>=' || t.op === '<=') && !range36) {
      invalid = true;
      r.add('protocol-invalid', ...at(t.start, t.end), `${where}: "${t.text}" needs Postfix 3.6 or later; the target is Postfix ${formatVersion(ctx.target)}: use exclusions such as "${modern}"`, { edits: [setTo(modern)] });
    }
  }
  if (invalid) return;
  if (set.allowed.has('SSLv2') || set.allowed.has('SSLv3')) {
    r.add('weak-protocol-ssl', v.start, v.end, `${where} allows ${[...set.allowed].filter((p) => p.startsWith('SSL')).join(' and ')}: SSL must not be used (RFC 9325)`, { edits: [setTo(mandatory ? modern : range36 ? '>=TLSv1' : '!SSLv2:!SSLv3')] });
    return;
  }
  if (mandatory && (set.allowed.has('TLSv1') || set.allowed.has('TLSv1.1'))) {
    const weak = [...set.allowed].filter((p) => p === 'TLSv1' || p === 'TLSv1.1').join(' and ');
    r.add('weak-protocol-tls10', v.start, v.end, `${where} allows ${weak} where level "${lv}" requires TLS: use TLS 1.2 or newer (RFC 8996)`, { edits: [setTo(modern)] });
  }
  const gap = gapIn(set.allowed);
  if (gap) {
    r.add('protocol-gap', v.start, v.end, `${where} leaves a hole: ${gap} is excluded but older protocols stay allowed (${[...set.allowed].join(', ')}); write a range instead`, { edits: [setTo(modern)] });
    return;
  }
  if (!set.allowed.has('TLSv1.3')) {
    const t = set.tokens.find((x) => (x.op === '!' && x.protocol === 'TLSv1.3') || x.op === '<=');
    const [s, u] = t ? at(t.start, t.end) : [v.start, v.end];
    r.add('tls13-disabled', s, u, `${where} disables TLS 1.3, which every current peer prefers (RFC 9325 says to support it)`);
  }
  if (set.onlyExclusions && range36) {
    const rng = asRange(set.allowed);
    r.add('protocol-legacy-syntax', v.start, v.end, `${where}: Postfix 3.6 and later accept a range${rng ? `: "${rng}" means the same and stays right when new protocols appear` : ''}`, { edits: rng ? [r.fix(`Rewrite as "${rng}"`, v.start, v.end, rng)] : undefined });
  }
}

function matchValue(r: TableReport, e: PolicyEntry, lv: string, v: Token, ctx: Judge): void {
  if (lv === 'fingerprint') {
    const digest = ctx.get(`${ctx.program}_tls_fingerprint_digest`);
    const name = digest && !digest.unknown ? digest.value.toLowerCase() : undefined;
    const want = name ? DIGEST_BYTES[name] : undefined;
    let at = 0;
    for (const fp of v.text.split('|')) {
      const s = v.start + at;
      at += fp.length + 1;
      if (fp === '') continue;
      const hex = fp.replace(/:/g, '');
      const bad = !/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0 || fp.startsWith(':') || fp.endsWith(':') || fp.includes('::');
      if (bad) {
        r.add('policy-match-impossible', s, s + fp.length, `"${fp}" in match= for ${e.key.text} is not a hexadecimal fingerprint (byte pairs, optionally joined by ":"): the client skips it as malformed, so it matches no certificate`);
        continue;
      }
      const bytes = hex.length / 2;
      if (want !== undefined && bytes !== want) {
        r.add('policy-match-impossible', s, s + fp.length, `the fingerprint "${fp}" for ${e.key.text} has ${bytes} bytes, but ${digest!.name} = ${digest!.value} (${digest!.origin}) makes ${want}-byte fingerprints: it can never match`);
      } else if (want === undefined && !Object.values(DIGEST_BYTES).includes(bytes)) {
        r.add('policy-match-impossible', s, s + fp.length, `the fingerprint "${fp}" for ${e.key.text} has ${bytes} bytes, the length of no digest Postfix uses (md5 16, sha1 20, sha256 32, sha512 64): it can never match`);
      }
    }
    return;
  }
  // verify, secure: names and strategies joined with ":".
  let at = 0;
  for (const item of v.text.split(':')) {
    const s = v.start + at;
    at += item.length + 1;
    if (lv === 'secure' && item.toLowerCase() === 'hostname') {
      r.add('secure-hostname', s, s + item.length, `"hostname" in match= for ${e.key.text} trusts the MX host name from DNS, which an attacker can forge without DNSSEC: use "nexthop:dot-nexthop" or the server's name`);
    }
    if (item.includes('|')) {
      r.add('policy-match-impossible', s, s + item.length, `"${item}" in match= for ${e.key.text}: at level "${lv}" names are joined with ":", "|" joins fingerprints only; this name matches no certificate`, { edits: [r.fix('Join with ":"', s, s + item.length, item.replace(/\|/g, ':'))] });
    }
  }
}

function levelRules(r: TableReport, e: PolicyEntry, lv: string, level: Token, hasTafile: boolean, ctx: Judge): void {
  const cfg = ctx.cfg;
  if (!cfg) return;
  const p = ctx.program;
  if (lv === 'dane' || lv === 'dane-only') {
    const dns = ctx.get(`${p}_dns_support_level`)!;
    const lookup = ctx.get(`${p}_host_lookup`)!;
    if (!dns.unknown && !lookup.unknown && !overridden(cfg, [dns.name, lookup.name])) {
      const noDnssec = dns.value.toLowerCase() !== 'dnssec';
      const noDns = !/\bdns\b/i.test(lookup.value);
      if (noDnssec || noDns) {
        const why = [noDnssec ? `${dns.name} is "${dns.value}" (${dns.origin}), not "dnssec"` : '', noDns ? `${lookup.name} = "${lookup.value}" (${lookup.origin}) does not use DNS` : ''].filter(Boolean).join(' and ');
        r.add('dane-no-dnssec', level.start, level.end, `level "${lv}" for ${e.key.text} needs DNSSEC-validated DNS lookups, but ${why}: ${lv === 'dane' ? 'DANE silently degrades to "may"' : 'mail is deferred'}`);
      }
    }
  }
  if ((lv === 'verify' || lv === 'secure') && !hasTafile) {
    const trust = [`${p}_tls_CAfile`, `${p}_tls_CApath`, `${p}_tls_trust_anchor_file`].map((n) => ctx.get(n)!);
    const append = ctx.get('tls_append_default_CA')!;
    const all: Setting[] = [...trust, append];
    if (all.every((s) => !s.unknown) && !overridden(cfg, all.map((s) => s.name)) && trust.every((t) => t.value === '') && !yes(append.value)) {
      r.add('verify-no-trust', level.start, level.end, `level "${lv}" for ${e.key.text} verifies the server certificate, but there is nothing to verify it against: no tafile= here, ${trust.map((t) => t.name).join(', ')} empty and tls_append_default_CA = ${append.value || 'no'} (${append.origin}): every delivery to ${e.key.text} fails`);
    }
  }
}

/** A master.cf `-o` sets one of these names for some service: the global value is not the only one. */
function overridden(cfg: EffectiveConfig, names: string[]): boolean {
  return !!cfg.master?.defs.some((d) => d.service && names.includes(d.name));
}

/** The next hops relayhost names, as the client spells them in its policy lookups. */
function relayhosts(cfg: EffectiveConfig): { hosts: string[]; s: Setting } | undefined {
  const s = cfg.setting('relayhost');
  if (s.unknown || s.value === '') return undefined;
  return { hosts: s.value.split(/[\s,]+/).filter(Boolean), s };
}

function normalPort(port: string | undefined): string | undefined {
  if (port === undefined) return undefined;
  const p = port.toLowerCase();
  return Object.hasOwn(PORTS, p) ? PORTS[p] : p;
}

/** An entry meant for the relayhost but spelt so that the lookup key never equals it. */
function relayhostRule(r: TableReport, table: PolicyTable, ctx: PolicyContext): void {
  if (!ctx.cfg || ctx.program !== 'smtp') return;
  const relay = relayhosts(ctx.cfg);
  if (!relay) return;
  const keys = new Set(table.entries.map((e) => foldKey(e.key.text)));
  for (const h of relay.hosts) {
    if (keys.has(foldKey(h))) continue;
    const want = keyShape(h);
    // A default port (":25", ":smtp") may or may not be part of the lookup key: not judged.
    if (normalPort(want.port) === '25') continue;
    for (const e of table.entries) {
      const got = keyShape(e.key.text);
      if (got.kind === 'subdomains' || got.host.toLowerCase() !== want.host.toLowerCase()) continue;
      const samePort = normalPort(got.port) === normalPort(want.port);
      const hint = samePort && got.port !== want.port ? ` (${got.port} and ${want.port} name the same port, but the lookup compares text)` : '';
      r.add('policy-relayhost-key', e.key.start, e.key.end, `relayhost = ${relay.s.value} (${relay.s.origin}): the client looks up "${h}" in this table, so "${e.key.text}" never applies to mail sent through the relay${hint}`, {
        edits: [r.fix(`Change the key to "${h}"`, e.key.start, e.key.end, h)],
      });
    }
  }
}
