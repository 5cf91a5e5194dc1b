/** Postfix release numbers ("3.6", "2.4.15") compared numerically. */
export type Version = readonly number[];

export const LATEST_STABLE = '3.11';

export function parseVersion(s: string | null | undefined): Version | undefined {
  if (!s) return undefined;
  const m = /^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(s);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function atLeast(v: Version, s: string): boolean {
  return compareVersions(v, parseVersion(s)!) >= 0;
}

export function formatVersion(v: Version): string {
  return v[2] ? v.join('.') : `${v[0]}.${v[1]}`;
}

/**
 * What the configuration is judged against: the release (which names and
 * syntax exist) and the compatibility level (which defaults apply).
 */
export interface VersionContext {
  target: Version;
  /** Where the target came from, for messages. */
  targetSource: 'setting' | 'installed' | 'compatibility_level' | 'latest';
  /** compatibility_level as Postfix reads it: 0 when unset (whatever the target). */
  compat: Version;
  /** compatibility_level is set to something we cannot evaluate (a template tag, a `$name`): defaults that depend on it are unknown. */
  compatUnknown?: boolean;
}

/** "0", "2", "3.6", "9999": the compatibility level as an admin writes it. */
export function formatCompat(v: Version): string {
  if (!v[1] && !v[2]) return String(v[0]);
  return formatVersion(v);
}
