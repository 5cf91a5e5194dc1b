import type { ParamDef, ParsedConfig, ServiceEntry } from './parser/ast';
import { isNameCode, scanReferences } from './parser/values';
import { defaultValue, facts, isBuiltin, removedIn } from './knowledge/knowledge';
import { DEFAULT_SERVICES, isServiceInstance, serviceParameterBase, serviceParameterNames } from './knowledge/dynamicNames';
import { isRawParameter } from './knowledge/rawParameters';
import { resolveSetting, Setting } from './setting';
import { compareVersions, LATEST_STABLE, parseVersion, Version, VersionContext } from './knowledge/version';

/** The settings EffectiveConfig reads. languageService.ts keys its cache of configurations on them (settingsKey): a new one goes there too. */
export interface ServiceSettings {
  /** `postfix.targetVersion`: empty means "from compatibility_level, else the latest". */
  targetVersion?: string;
  /** mail_version of the postconf installed on this machine (the server finds it; trusted workspaces only). */
  installedVersion?: string;
  /** `postfix.knownParameters`. */
  knownParameters?: readonly string[];
}

export type ValueSource =
  | { kind: 'main'; def: ParamDef }
  | { kind: 'master'; def: ParamDef }
  | { kind: 'default' }
  | { kind: 'unknown' };

export interface Resolved {
  value: string;
  source: ValueSource;
}

export interface Expansion {
  text: string;
  /** A reference cycle or a bound was hit; `text` is cut there. */
  problem?: string;
  /** Names that were expanded along the way. */
  via: string[];
}

/** isBuiltinParameter() by name: it depends on the name alone and is asked for every definition and reference. */
const BUILTIN_PARAMETERS = new Map<string, boolean>();

interface NameExpansion {
  text: string;
  /** The names below it, as expand() reports them. */
  via: string[];
  /** Deepest nesting reached below the name, and characters of intermediate text produced. */
  depth: number;
  work: number;
}

/** Bounds of a kept name expansion (larger ones are expanded each time, as before). */
const MAX_KEPT_VIA = 1_000;
const MAX_KEPT_TEXT = 10_000;

/** mac_expand() nests up to 100 levels. */
const MAX_DEPTH = 100;
const MAX_LENGTH = 100_000;
/** Characters produced across the whole expansion: bounds exponential fan-out (a1 = $a0 $a0, ...). */
const MAX_WORK = 5_000_000;

/**
 * The effective configuration: what Postfix would use for each name, from
 * main.cf (last definition wins), master.cf `-o` overrides per service and the
 * documented defaults of the target release.
 */
export class EffectiveConfig {
  readonly version: VersionContext;
  /** Last definition of each name in main.cf. */
  readonly mainDefs = new Map<string, ParamDef>();
  readonly services: ServiceEntry[];
  /** service name -> command, from master.cf or the stock services. */
  readonly serviceCommands = new Map<string, string>();
  /** Names referenced by `$name` in any effective value (main.cf or a master.cf `-o`). */
  readonly referenced = new Set<string>();
  readonly restrictionClasses = new Set<string>();
  private readonly dynamicNames = new Set<string>();
  private readonly extraKnown: ReadonlySet<string>;
  /**
   * User-defined names postconf registers in the global name space: referenced from a main.cf
   * value, or from a master.cf `-o` value of a service that does not set the name itself while
   * main.cf does. Any definition of such a name (main.cf or any `-o`) is used.
   */
  private readonly globalReferenced = new Set<string>();
  /** Per service (see serviceKey): its own `-o` names that its own `-o` values reference. */
  private readonly localReferenced = new Map<string, Set<string>>();
  /** nameExpansion() per service scope (undefined: main.cf). */
  private readonly expansions = new Map<ServiceEntry | undefined, Map<string, NameExpansion | null>>();
  private nesting = 0;
  /** isKnown() per name (everything it reads is settled once the constructor is done, which empties it). */
  private readonly known = new Map<string, boolean>();
  /** setting() per service scope (undefined: main.cf). */
  private readonly settings = new Map<ServiceEntry | undefined, Map<string, Setting>>();

  constructor(readonly main: ParsedConfig | undefined, readonly master: ParsedConfig | undefined, settings: ServiceSettings = {}) {
    for (const d of main?.defs ?? []) this.mainDefs.set(d.name, d);
    this.services = master?.services ?? [];
    if (master) {
      for (const s of master.services) this.serviceCommands.set(s.name.text, s.command?.text ?? '');
    } else {
      for (const [n, c] of DEFAULT_SERVICES) this.serviceCommands.set(n, c);
    }
    for (const [svc, cmd] of this.serviceCommands) for (const n of serviceParameterNames(svc, cmd)) this.dynamicNames.add(n);
    // Like postconf, only the last definition of a name in a scope counts: an overridden
    // `a = $b` no longer uses b.
    for (const d of this.mainDefs.values()) {
      // A value Postfix never expands (mailbox_command, smtpd_reject_footer) uses no name.
      if (isRawParameter(d.name)) continue;
      for (const r of scanReferences(d.value).refs) {
        this.referenced.add(r.name);
        this.globalReferenced.add(r.name);
      }
    }
    for (const s of this.services) {
      const own = lastOverrides(s);
      const local = new Set<string>();
      for (const o of own.values()) {
        if (isRawParameter(o.name)) continue;
        for (const r of scanReferences(o.value).refs) {
          this.referenced.add(r.name);
          // postconf resolves a reference in the service first, then in main.cf.
          if (own.has(r.name)) local.add(r.name);
          else if (this.mainDefs.has(r.name)) this.globalReferenced.add(r.name);
        }
      }
      this.localReferenced.set(serviceKey(s), local);
    }
    this.extraKnown = new Set(settings.knownParameters ?? []);
    this.version = resolveVersion(settings, this.mainDefs.get('compatibility_level')?.value);
    // smtpd_restriction_classes, expanded, in main.cf or in any service's `-o`: each class
    // name becomes a parameter Postfix knows, wherever it is defined.
    const classes = this.mainDefs.get('smtpd_restriction_classes');
    if (classes) this.addClasses(this.expand(classes.value).text);
    for (const s of this.services) {
      const o = lastOverrides(s).get('smtpd_restriction_classes');
      if (o) this.addClasses(this.expand(o.value, s).text);
    }
    // Answers given while the classes were still being gathered are not final.
    this.known.clear();
  }

  private addClasses(list: string): void {
    for (const c of list.split(/[\s,]+/)) if (c) this.restrictionClasses.add(c);
  }

  /**
   * Built into Postfix itself. postconf(5) also documents per-service instances such as
   * `smtp_destination_concurrency_limit`; those exist only through a master.cf service.
   */
  private isBuiltinParameter(name: string): boolean {
    let b = BUILTIN_PARAMETERS.get(name);
    if (b === undefined) {
      b = isBuiltin(name) && !isServiceInstance(name, facts(name)?.default);
      if (BUILTIN_PARAMETERS.size >= 50_000) BUILTIN_PARAMETERS.clear();
      BUILTIN_PARAMETERS.set(name, b);
    }
    if (b) return true;
    // A name a later release removed is still built into the releases before (tls_legacy_public_key_fingerprints until 3.10).
    const gone = removedIn(name);
    return !!gone && !!facts(name) && !!this.version && compareVersions(this.version.target, gone) < 0;
  }

  /** Postfix knows the name: built in, derived from a service, a restriction class, or configured as known. */
  isKnown(name: string): boolean {
    // Asked for every definition and every reference, by several rules: answered once per name.
    let k = this.known.get(name);
    if (k === undefined) {
      k = this.isBuiltinParameter(name) || this.dynamicNames.has(name) || this.restrictionClasses.has(name) || this.extraKnown.has(name);
      this.known.set(name, k);
    }
    return k;
  }

  /**
   * postconf's "used" test: known to Postfix, or user-defined and referenced through `$name`.
   * With the definition at hand the reference must be visible from its scope, as postconf sees it:
   * a main.cf name is used by a main.cf value or by an `-o` value of a service that does not set the
   * name itself; an `-o name` by a value of its own service or by any reference that reaches main.cf.
   * Without a definition, any reference anywhere counts.
   */
  isUsed(name: string, def?: ParamDef): boolean {
    if (this.isKnown(name)) return true;
    if (!def) return this.referenced.has(name);
    if (this.globalReferenced.has(name)) return true;
    return def.origin === 'master' && !!def.service && !!this.localReferenced.get(serviceKey(def.service))?.has(name);
  }

  /** Defined somewhere or known: a `$name` reference to it expands to something. */
  isDefinedOrKnown(name: string, service?: ServiceEntry): boolean {
    return this.isKnown(name) || this.mainDefs.has(name) || !!service?.overrides.some((o) => o.name === name);
  }

  /** The raw (unexpanded) value for a name, as the given service sees it. */
  raw(name: string, service?: ServiceEntry): Resolved {
    if (service) {
      for (let i = service.overrides.length - 1; i >= 0; i--) {
        const o = service.overrides[i];
        if (o.name === name) return { value: o.value, source: { kind: 'master', def: o } };
      }
    }
    const d = this.mainDefs.get(name);
    if (d) return { value: d.value, source: { kind: 'main', def: d } };
    // A built-in with a default of its own (local_destination_concurrency_limit = 2) keeps it.
    const base = this.isBuiltinParameter(name) ? undefined : serviceParameterBase(name, this.serviceCommands);
    const dv = base ? `$${base}` : defaultValue(name, this.version);
    if (dv !== undefined) return { value: dv, source: { kind: 'default' } };
    return { value: '', source: { kind: 'unknown' } };
  }

  /** Expands `$name` forms as Postfix's mac_expand() does, bounded against cycles and blow-up. */
  expand(value: string, service?: ServiceEntry, self?: string): Expansion {
    // Most values name nothing: they expand to themselves (what the walk below gives, without its set-up).
    if (!value.includes('$')) return { text: value, problem: undefined, via: [] };
    const e = this.expandWith(value, service, self, true);
    // The cached expansions of names overstate the work (see nameExpansion): when the work bound
    // is what stopped this expansion, do it again without them to stop exactly where Postfix would.
    if (e.problem && e.usedCache && e.problem.startsWith('expansion too large')) {
      const exact = this.expandWith(value, service, self, false);
      return { text: exact.text, problem: exact.problem, via: exact.via };
    }
    return { text: e.text, problem: e.problem, via: e.via };
  }

  /**
   * `$name` expanded on its own, as effective(name) expands it, for reuse inside other expansions:
   * `a = $b`, `c = $b` and the rules asking for b's value expand b once per configuration, not
   * once per use. Only expansions without a problem are kept (null: not reusable).
   */
  private nameExpansion(name: string, service: ServiceEntry | undefined): NameExpansion | null {
    let scope = this.expansions.get(service);
    if (!scope) {
      scope = new Map();
      this.expansions.set(service, scope);
    }
    const hit = scope.get(name);
    if (hit !== undefined) return hit;
    // Each kept expansion may need the kept expansions of the names it uses: a chain of them must
    // not nest without bound (a chain deeper than MAX_DEPTH is a problem anyway, found the slow way).
    if (this.nesting >= MAX_DEPTH) return null;
    // While it is being computed, a reference back to it (a cycle) takes the slow path and finds the cycle there.
    scope.set(name, null);
    this.nesting++;
    let e: ReturnType<EffectiveConfig['expandWith']>;
    try {
      e = this.expandWith(this.raw(name, service).value, service, name, true);
    } finally {
      this.nesting--;
    }
    // Kept only while small: a hub that everything uses must not be copied into every entry.
    const entry = e.problem || e.via.length > MAX_KEPT_VIA || e.text.length > MAX_KEPT_TEXT ? null : { text: e.text, via: e.via, depth: e.depth, work: e.work };
    scope.set(name, entry);
    return entry;
  }

  private expandWith(value: string, service: ServiceEntry | undefined, self: string | undefined, useCache: boolean): Expansion & { depth: number; work: number; usedCache: boolean } {
    const via: string[] = [];
    let problem: string | undefined;
    // The parameter being expanded is on the stack, so `a = $b`, `b = $a` reads "a -> b -> a".
    const stack: string[] = self ? [self] : [];
    // The same names, for membership: a chain 100 deep must not cost 100 comparisons a step.
    const onStack = new Set<string>();
    if (self) onStack.add(self);
    const budget = { length: 0 };
    let maxDepth = 0;
    let usedCache = false;
    // A name expands to the same text wherever it appears in one expansion: `a1 = $a0 $a0` stays linear.
    let memo: Map<string, string> | undefined;
    /**
     * A kept expansion of `name` stands for expanding it here when it cannot meet anything that
     * this expansion would stop at: no name on the stack (a cycle), not deeper than the bound, and
     * not more work than is left (its work is counted in full, which can only overstate).
     */
    const cached = (name: string, depth: number): NameExpansion | undefined => {
      if (!useCache) return undefined;
      const entry = this.nameExpansion(name, service);
      if (!entry) return undefined;
      if (depth + 1 + entry.depth > MAX_DEPTH || budget.length + entry.work > MAX_WORK) return undefined;
      for (const n of entry.via) if (onStack.has(n)) return undefined;
      return entry;
    };
    const run = (v: string, depth: number): string => {
      if (problem) return '';
      if (depth > maxDepth) maxDepth = depth;
      if (depth > MAX_DEPTH) {
        problem = `reference chain deeper than ${MAX_DEPTH} (${stack.slice(-4).join(' -> ')})`;
        return '';
      }
      let out = '';
      let i = 0;
      while (i < v.length) {
        const d = v.indexOf('$', i);
        if (d < 0) {
          out += v.slice(i);
          break;
        }
        out += v.slice(i, d);
        const c = v[d + 1];
        if (c === '$') {
          out += '$';
          i = d + 2;
          continue;
        }
        let name: string;
        let end: number;
        let op: string | undefined;
        let arg = '';
        if (c === '{' || c === '(') {
          // Brackets and the name by character code: no one-character strings, no match arrays.
          const openCode = c === '{' ? 123 : 40;
          const closeCode = c === '{' ? 125 : 41;
          let depthB = 0;
          end = -1;
          for (let k = d + 1; k < v.length; k++) {
            const code = v.charCodeAt(k);
            if (code === openCode) depthB++;
            else if (code === closeCode && --depthB === 0) {
              end = k;
              break;
            }
          }
          if (end < 0) {
            out += v.slice(d);
            break;
          }
          let n = d + 2;
          while (n < end && isNameCode(v.charCodeAt(n))) n++;
          if (n === d + 2) {
            // Relational expressions (3.9+) are left as written.
            out += v.slice(d, end + 1);
            i = end + 1;
            continue;
          }
          name = v.slice(d + 2, n);
          op = n < end ? v[n] : undefined;
          arg = n < end ? v.slice(n + 1, end) : '';
          end += 1;
        } else {
          // A name of [A-Za-z0-9_], scanned by character code (no regular expression or copy per `$`).
          let k = d + 1;
          while (k < v.length && isNameCode(v.charCodeAt(k))) k++;
          if (k === d + 1) {
            out += '$';
            i = d + 1;
            continue;
          }
          name = v.slice(d + 1, k);
          end = k;
        }
        if (onStack.has(name)) {
          problem = `reference cycle: ${[...stack.slice(stack.indexOf(name)), name].join(' -> ')}`;
          return out;
        }
        via.push(name);
        stack.push(name);
        onStack.add(name);
        let val = memo?.get(name);
        if (val === undefined) {
          const entry = cached(name, depth);
          if (entry) {
            usedCache = true;
            // The names below it. Those already met may come again where a plain expansion would
            // have reused its memo: readers of `via` only look at which names, and in what order first.
            for (const n of entry.via) via.push(n);
            if (depth + 1 + entry.depth > maxDepth) maxDepth = depth + 1 + entry.depth;
            budget.length += entry.work;
            val = entry.text;
          } else {
            val = run(this.raw(name, service).value, depth + 1);
          }
          if (!problem) (memo ??= new Map()).set(name, val);
        }
        stack.pop();
        onStack.delete(name);
        if (op === '?' || op === ':') {
          const nonEmpty = val.trim() !== '';
          const [yes, no] = splitConditional(arg);
          const chosen = op === '?' ? (nonEmpty ? yes : no) : nonEmpty ? no : yes;
          out += chosen === undefined ? '' : run(chosen, depth + 1);
        } else {
          out += val;
        }
        budget.length += val.length;
        if (budget.length > MAX_WORK || out.length > MAX_LENGTH) {
          problem = out.length > MAX_LENGTH ? `expansion longer than ${MAX_LENGTH} characters` : `expansion too large (more than ${MAX_WORK} characters of intermediate text)`;
          return out.slice(0, MAX_LENGTH);
        }
        i = end;
      }
      return out;
    };
    const text = run(value, 0);
    return { text, problem, via, depth: maxDepth, work: budget.length, usedCache };
  }

  /**
   * expand(def.value.trim(), def.service, def.name) for a definition: the value checks judge every
   * definition with a `$` in it. For the main.cf definition in force that is the kept expansion of
   * its name (the same text but for blanks at either end, which Postfix trims too), made once and
   * shared with every value that refers to the name.
   */
  expandDefinition(def: ParamDef): Expansion {
    if (def.origin === 'main' && this.mainDefs.get(def.name) === def) {
      const kept = this.nameExpansion(def.name, undefined);
      if (kept) return { text: kept.text, problem: undefined, via: kept.via };
    }
    return this.expand(def.value.trim(), def.service, def.name);
  }

  /** Expanded effective value of a name for a service (or main.cf). */
  effective(name: string, service?: ServiceEntry): Expansion & Resolved {
    const r = this.raw(name, service);
    const kept = this.nameExpansion(name, service);
    // Plain object literals, not spreads: the TLS rules ask for thousands of effective values.
    if (kept) return { value: r.value, source: r.source, text: kept.text, via: kept.via, problem: undefined };
    const e = this.expand(r.value, service, name);
    return { value: r.value, source: r.source, text: e.text, via: e.via, problem: e.problem };
  }

  /**
   * The effective value of a name for a service (or main.cf) with the definition that decides it,
   * where that is said in words, and whether it can be known at all (setting.ts). Kept: the rules,
   * hovers and code lenses ask for the same names again and again.
   */
  setting(name: string, service?: ServiceEntry): Setting {
    let byName = this.settings.get(service);
    if (!byName) {
      byName = new Map();
      this.settings.set(service, byName);
    }
    let s = byName.get(name);
    if (!s) {
      s = resolveSetting(this, name, service);
      byName.set(name, s);
    }
    return s;
  }

  /** Services whose command is this program (`smtpd`, `postscreen`, ...). */
  servicesRunning(command: string): ServiceEntry[] {
    return this.services.filter((s) => s.command?.text === command);
  }
}

/** The last `-o` of each name in a service: the one master(8) applies. */
function lastOverrides(s: ServiceEntry): Map<string, ParamDef> {
  const out = new Map<string, ParamDef>();
  for (const o of s.overrides) out.set(o.name, o);
  return out;
}

/** Identifies a master.cf entry across parses of the same text. */
function serviceKey(s: ServiceEntry): string {
  return `${s.key}@${s.range.start.line}`;
}

/**
 * `${name?{a}:{b}}` gives a when name is non-empty, else b; `${name?a}` gives a or
 * nothing; `${name:a}` gives a when name is empty. Returns [when-non-empty-or-empty, other].
 */
function splitConditional(arg: string): [string | undefined, string | undefined] {
  const a = arg.trim();
  if (a.startsWith('{')) {
    let depth = 0;
    for (let k = 0; k < a.length; k++) {
      if (a[k] === '{') depth++;
      else if (a[k] === '}' && --depth === 0) {
        const first = a.slice(1, k);
        const rest = a.slice(k + 1).trim();
        if (rest.startsWith(':')) {
          const r = rest.slice(1).trim();
          return [first, r.startsWith('{') && r.endsWith('}') ? r.slice(1, -1) : r];
        }
        return [first, undefined];
      }
    }
  }
  return [arg, undefined];
}

/**
 * One VersionContext object per distinct value: the defaults are kept per context object
 * (knowledge.ts defaultValue, setting.ts compatDependent), so each validation of an edited file, which
 * makes a new EffectiveConfig, finds the defaults already worked out instead of working them all out again.
 */
const VERSION_CONTEXTS = new Map<string, VersionContext>();

export function resolveVersion(settings: ServiceSettings, compatibilityLevel: string | undefined): VersionContext {
  const v = versionContext(settings, compatibilityLevel);
  const key = `${v.target.join('.')}|${v.targetSource}|${v.compat.join('.')}|${v.compatUnknown}`;
  const kept = VERSION_CONTEXTS.get(key);
  if (kept) return kept;
  if (VERSION_CONTEXTS.size >= 100) VERSION_CONTEXTS.clear();
  VERSION_CONTEXTS.set(key, v);
  return v;
}

function versionContext(settings: ServiceSettings, compatibilityLevel: string | undefined): VersionContext {
  const fromSetting = parseVersion(settings.targetVersion);
  const latest = parseVersion(LATEST_STABLE)!;
  const raw = compatibilityLevel?.trim() ?? '';
  // Postfix reads an unset compatibility_level as 0, whatever release runs it.
  const compat = raw === '' ? ([0, 0, 0] as Version) : parseCompat(raw);
  const compatUnknown = compat === undefined;
  const level = compat ?? ([0, 0, 0] as Version);
  if (fromSetting) return { target: fromSetting, targetSource: 'setting', compat: level, compatUnknown };
  // The Postfix that runs here knows best which release the file is for.
  const installed = parseVersion(settings.installedVersion);
  if (installed) return { target: installed, targetSource: 'installed', compat: level, compatUnknown };
  // A level names the release the file was last reviewed for: the best guess at the target, but never past the newest release.
  if (compat && compat[0] >= 3) {
    const target = compareVersions(compat, latest) > 0 ? latest : compat;
    return { target, targetSource: compareVersions(compat, latest) > 0 ? 'latest' : 'compatibility_level', compat, compatUnknown };
  }
  return { target: latest, targetSource: 'latest', compat: level, compatUnknown };
}

/** A plain level ("2", "3.6", "9999"); anything else (`${...}`, a template tag) cannot be evaluated here. */
function parseCompat(v: string): Version | undefined {
  if (!/^\d+(\.\d+){0,2}$/.test(v)) return undefined;
  return parseVersion(v);
}
