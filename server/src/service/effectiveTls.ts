import type { EffectiveConfig } from './config';
import { postconfDefaults } from './knowledge/knowledge';
import { formatCompat, formatVersion } from './knowledge/version';
import { defaultOrigin } from './setting';

/**
 * What `postconf | grep tls` shows, and where each value comes from: every TLS parameter the target
 * release knows, with its value as postconf prints it (`$name` unexpanded), then the master.cf
 * services that override some of them. Read-only text for the "Show effective TLS settings" view.
 */
export function effectiveTlsSettings(cfg: EffectiveConfig, labels: { main: string; master: string } = { main: 'main.cf', master: 'master.cf' }): string {
  const target = cfg.version.target;
  // The names `postconf -d` of the target release prints (from the real builds), as --print --all lists them.
  const names = postconfDefaults(cfg.version).map(([n]) => n).filter((n) => n.includes('tls'));
  for (const n of cfg.mainDefs.keys()) if (n.includes('tls') && cfg.isKnown(n) && !names.includes(n)) names.push(n);
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows = names.map((n) => {
    const r = cfg.raw(n);
    const value = r.value.replace(/\s+/g, ' ').trim();
    let origin: string;
    if (r.source.kind === 'main') origin = `${labels.main} line ${r.source.def.range.start.line + 1}`;
    else if (r.source.kind === 'default') origin = defaultOrigin(cfg, n);
    else origin = 'not known (build or host dependent)';
    return { line: value ? `${n} = ${value}` : `${n} =`, origin };
  });
  const width = Math.min(72, Math.max(0, ...rows.map((r) => r.line.length)));
  const out = [
    `# Effective TLS settings for Postfix ${formatVersion(target)} (compatibility level ${cfg.version.compatUnknown ? 'not known' : formatCompat(cfg.version.compat)}),`,
    `# as \`postconf | grep tls\` prints them, with where each value comes from.`,
    '',
    ...rows.map((r) => `${r.line.padEnd(width)}  # ${r.origin}`),
  ];
  const overrides = cfg.services.flatMap((s) => s.overrides.filter((o) => o.name.includes('tls')).map((o) => ({ s, o })));
  if (overrides.length) {
    out.push('', `# ${labels.master} overrides (they apply to that service only)`);
    for (const { s, o } of overrides) out.push(`${s.key}: -o ${o.name}=${o.value.trim()}  # ${labels.master} line ${o.range.start.line + 1}`);
  }
  return `${out.join('\n')}\n`;
}
