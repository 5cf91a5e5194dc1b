import type { EffectiveConfig } from './config';
import type { ParamDef, ParsedConfig, ServiceEntry } from './parser/ast';
import { defaultValue } from './knowledge/knowledge';
import { hasMask } from './parser/logical';
import { formatCompat, formatVersion, VersionContext } from './knowledge/version';
import { inAlternatives } from './parser/branches';

/** An effective value together with where it comes from, for messages, hovers and ranges (EffectiveConfig.setting). */
export interface Setting {
  name: string;
  /** Expanded and trimmed. */
  value: string;
  raw: string;
  /** The definition that decides the value (directly or through a `$reference`), if any. */
  def?: ParamDef;
  /** "main.cf line 3", "master.cf line 17 `-o` of submission/inet", "default of Postfix 3.11", "via $x ...". */
  origin: string;
  /** Set in main.cf or master.cf rather than left at the default. */
  explicit: boolean;
  /**
   * Not knowable from what we see: the value holds a template tag, goes through a `$name` that
   * is defined nowhere, or comes from main.cf (a default) while only master.cf is open. Rules do not judge it.
   */
  unknown: boolean;
}

/** Where a definition is, as messages and hovers say it: "main.cf line 3", "master.cf line 17 `-o` of submission/inet". */
export function describeDef(def: ParamDef): string {
  return def.origin === 'master'
    ? `master.cf line ${def.range.start.line + 1} \`-o\` of ${def.service?.key}`
    : `main.cf line ${def.range.start.line + 1}`;
}

/** "default of Postfix 3.11", with the compatibility level where the default depends on it. */
export function defaultOrigin(cfg: EffectiveConfig, name: string): string {
  const byCompat = compatDependent(cfg.version, name);
  return `default of Postfix ${formatVersion(cfg.version.target)}${byCompat ? ` at compatibility level ${cfg.version.compatUnknown ? '(not known)' : formatCompat(cfg.version.compat)}` : ''}`;
}

/** Effective value of `name` as `service` sees it, with the definition responsible for it. Callers go through cfg.setting(), which keeps the answer. */
export function resolveSetting(cfg: EffectiveConfig, name: string, service?: ServiceEntry): Setting {
  const e = cfg.effective(name, service);
  const value = e.text.trim();
  const src = e.source;
  // Templated, in alternative template branches, or undefined anywhere along the expansion: the rendered value is not ours to know.
  const opaque = (src.kind === 'main' || src.kind === 'master') && src.def.templated || !!e.problem || alternatives(cfg, name, service)
    || e.via.some((n) => {
      const r = cfg.raw(n, service);
      if (alternatives(cfg, n, service)) return true;
      return r.source.kind === 'unknown' ? !cfg.isDefinedOrKnown(n, service) : (r.source.kind === 'main' || r.source.kind === 'master') && r.source.def.templated;
    });
  if (src.kind === 'main' || src.kind === 'master') {
    const via = e.via.length ? `, via $${e.via[0]}` : '';
    return { name, value, raw: e.value, def: src.def, origin: `${describeDef(src.def)}${via}`, explicit: true, unknown: opaque || (!cfg.main && e.via.some((n) => cfg.raw(n, service).source.kind !== 'master')) };
  }
  // Left at a default that refers to other parameters: the first one that is set decides.
  for (const n of e.via) {
    const r = cfg.raw(n, service);
    if (r.source.kind === 'main' || r.source.kind === 'master') {
      return { name, value, raw: e.value, def: r.source.def, origin: `via $${n} (${describeDef(r.source.def)})`, explicit: true, unknown: opaque || !cfg.main || generating(cfg.main) };
    }
  }
  // Without main.cf, a default is only a guess: main.cf may well set it. So it is in a template that prints definitions of its own.
  return {
    name, value, raw: e.value,
    origin: defaultOrigin(cfg, name),
    explicit: false,
    unknown: opaque || !cfg.main || generating(cfg.main) || (compatDependent(cfg.version, name) && !!cfg.version.compatUnknown),
  };
}

const COMPAT_EXTREMES = new WeakMap<VersionContext, [VersionContext, VersionContext]>();

/** The default of `name` differs between compatibility level 0 and the newest one. */
export function compatDependent(ctx: VersionContext, name: string): boolean {
  let pair = COMPAT_EXTREMES.get(ctx);
  if (!pair) {
    pair = [{ ...ctx, compat: [0, 0, 0] }, { ...ctx, compat: [9999, 0, 0] }];
    COMPAT_EXTREMES.set(ctx, pair);
  }
  return defaultValue(name, pair[0]) !== defaultValue(name, pair[1]);
}

/**
 * A template with lines that consist of an output tag alone (`<%= "#{key} = #{value}" %>`,
 * `{{ config | encode_ini }}`) can render any definition: a name it does not spell out may still be set.
 * (ParsedConfig does not tell template comments from output here, so `{# ... #}` lines count too.)
 */
export function generating(p: ParsedConfig | undefined): boolean {
  if (!p?.template) return false;
  let g = GENERATING.get(p);
  if (g === undefined) {
    const control = new Set(p.controlLines);
    // `{{ key }} = {{ value }}` inside a loop defines names we cannot see, just as an output tag alone does.
    g = p.templateLines.some((l) => !control.has(l)) || p.defs.some((d) => hasMask(d.name));
    GENERATING.set(p, g);
  }
  return g;
}

const GENERATING = new WeakMap<ParsedConfig, boolean>();

/**
 * In a template, a name set in alternative branches (`{% if %} a = x {% else %} a = y {% endif %}`,
 * or once outside and once inside a conditional): which value is rendered is unknown. Two
 * definitions in the same branch are no alternatives: the later one wins (parser/branches.ts).
 */
function alternatives(cfg: EffectiveConfig, name: string, service?: ServiceEntry): boolean {
  if (cfg.main?.template && definitionCount(cfg.main, name) > 1 && inAlternatives(cfg.main, cfg.main.defs.filter((d) => d.name === name), name)) return true;
  return !!service && !!cfg.master?.template && inAlternatives(cfg.master, service.overrides.filter((o) => o.name === name), `${service.key}@${service.range.start.line}\u0000${name}`);
}

const DEFINITION_COUNTS = new WeakMap<ParsedConfig, Map<string, number>>();

/** How often a name is defined in the file: counted once per parse, not once per definition (that is quadratic). */
export function definitionCount(doc: ParsedConfig, name: string): number {
  let counts = DEFINITION_COUNTS.get(doc);
  if (!counts) {
    counts = new Map();
    for (const d of doc.defs) counts.set(d.name, (counts.get(d.name) ?? 0) + 1);
    DEFINITION_COUNTS.set(doc, counts);
  }
  return counts.get(name) ?? 0;
}
