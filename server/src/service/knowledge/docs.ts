import type { ParamDoc, ParamDocFile } from './docTypes';
// Type-only: the files are read on first use below, but stay part of the compiled program.
import type server from './docs/tls-server.json';
import type client from './docs/tls-client.json';
import type global from './docs/tls-global.json';
import type valuesFile from './docs/values.json';
import { isBuiltin } from './knowledge';
import type { ValueSet } from './valueSets';

/**
 * The hover texts, loaded when first asked for: postfix-lint never shows them, and building these
 * objects was a good part of its start-up. A require() call (not a hoisted import) is what a bundler
 * leaves lazy.
 */
let docsFile: ParamDocFile | undefined;
let valuesSections: Record<string, Record<string, string>> | undefined;
/* eslint-disable @typescript-eslint/no-require-imports */
function DOCS(): ParamDocFile {
  return (docsFile ??= {
    ...(require('./docs/tls-server.json') as typeof server as unknown as ParamDocFile),
    ...(require('./docs/tls-client.json') as typeof client as unknown as ParamDocFile),
    ...(require('./docs/tls-global.json') as typeof global as unknown as ParamDocFile),
  });
}
function VALUES(): Record<string, Record<string, string>> {
  return (valuesSections ??= require('./docs/values.json') as typeof valuesFile as Record<string, Record<string, string>>);
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** docFor() answers, by name: merging a family entry rewrites its texts, and completion asks for every name. */
const RESOLVED = new Map<string, ParamDoc | null>();

/** A documentation entry with its family text resolved for this very parameter (shared: read-only). */
export function docFor(name: string): ParamDoc | undefined {
  let d = RESOLVED.get(name);
  if (d === undefined) {
    d = resolveDoc(name) ?? null;
    if (RESOLVED.size >= 10_000) RESOLVED.clear();
    RESOLVED.set(name, d);
  }
  return d ?? undefined;
}

function resolveDoc(name: string): ParamDoc | undefined {
  // Own properties only: `constructor` or `toString` is a user's name here, not Object's.
  const docs = DOCS();
  const own = Object.hasOwn(docs, name) ? docs[name] : undefined;
  if (!own) return undefined;
  if (!own.family) return fill(own, own.role);
  const base = Object.hasOwn(docs, own.family) ? docs[own.family] : undefined;
  if (!base) return fill(own, own.role);
  const rewrite = familyRewriter(own.family, name);
  const role = own.role ?? base.role;
  const merged: ParamDoc = {
    summary: rewrite(own.summary ?? base.summary),
    body: [base.body && rewrite(base.body), own.note].filter(Boolean).join('\n\n') || undefined,
    values: own.values ?? base.values?.map(([v, m]) => [v, rewrite(m)] as [string, string]),
    defaultNote: own.defaultNote ?? (base.defaultNote && rewrite(base.defaultNote)),
    security: own.security ?? (base.security && rewrite(base.security)),
    related: uniq([...(own.related ?? []), ...(base.related ?? []).map(rewrite)].filter((r) => r !== name && isBuiltin(r))),
    role,
  };
  return fill(merged, role);
}

export function documentedNames(): string[] {
  return Object.keys(DOCS());
}

/** Sections of docs/values.json: the closed value sets, table types, and word lists that only hovers explain. */
export type ValueSection = ValueSet | 'tableType' | 'eecdhGrade' | 'sslOptions' | 'cipherExclusion' | 'sessionCacheType';

export function valueDoc(set: ValueSection, token: string): string | undefined {
  const section = VALUES()[set];
  if (!section) return undefined;
  const lower = token.toLowerCase();
  const at = (k: string) => (Object.hasOwn(section, k) ? section[k] : undefined);
  return at(token) ?? at(lower) ?? Object.entries(section).find(([k]) => k.toLowerCase() === lower)?.[1];
}

export function valueTokens(set: ValueSection): string[] {
  return Object.keys(VALUES()[set] ?? {});
}

function fill(d: ParamDoc, role: string | undefined): ParamDoc {
  if (!role) return d;
  const r = (s: string | undefined) => s?.replace(/\{role\}/g, role);
  return { ...d, summary: r(d.summary)!, body: r(d.body), defaultNote: r(d.defaultNote), security: r(d.security), values: d.values?.map(([v, m]) => [v, r(m)!]) };
}

function uniq<T>(a: T[]): T[] {
  return [...new Set(a)];
}

const PROGRAMS = ['tlsproxy_client', 'postscreen', 'tlsproxy', 'smtpd', 'smtp', 'lmtp'];

function programOf(name: string): string | undefined {
  return PROGRAMS.find((p) => name.startsWith(`${p}_`));
}

/**
 * Rewrites names of the base family into the variant's family where such a
 * name exists: smtp_tls_ciphers -> lmtp_tls_ciphers / tlsproxy_client_ciphers?
 * (only if Postfix has it), smtpd_tls_X -> postscreen_tls_X.
 */
export function familyRewriter(baseName: string, variantName: string): (s: string) => string {
  const from = programOf(baseName);
  const to = programOf(variantName);
  if (!from || !to || from === to) return (s) => s;
  const re = new RegExp(`\\b${from}_([A-Za-z0-9_]+)`, 'g');
  return (s: string) =>
    s.replace(re, (whole, rest: string) => {
      const candidates = [`${to}_${rest}`];
      if (to === 'tlsproxy_client') candidates.push(`${to}_${rest.replace(/^tls_/, '')}`);
      return candidates.find(isBuiltin) ?? whole;
    });
}
