import type { TimelineBucket, TlsReportResult } from '../../../server/src/service/maillog/reportTypes';

/**
 * The TLS report of a mail log as one HTML page for VS Code's webview: summary figures, charts drawn
 * as inline SVG (no library, no network), the cleartext peers and the failures with links back to
 * their log lines. Pure: report in, HTML out, so that it is tested without VS Code.
 *
 * Everything from the log (peer names, failure kinds, time labels) is escaped: a log is written by
 * whoever connects to the mail server. The page's CSP allows only its own nonce'd style and script.
 */
export interface RenderOptions {
  /** A fresh random token per rendering: the only style and script the page may run carry it. */
  nonce: string;
  /** The log's name, for the heading. */
  title: string;
}

/** The most rows a table shows; the rest is counted ("and N more"). */
export const MAX_ROWS = 500;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Share in percent with one decimal; undefined when there is nothing to share (no division by zero). */
export function percent(part: number, whole: number): number | undefined {
  if (!(whole > 0) || !Number.isFinite(part)) return undefined;
  return Math.round((1000 * part) / whole) / 10;
}

const num = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '0');

function share(part: number, whole: number, none: string): string {
  const p = percent(part, whole);
  return p === undefined ? none : `${num(part)} of ${num(whole)} (${p}%)`;
}

export function renderReport(result: TlsReportResult, options: RenderOptions): string {
  const { report } = result;
  const nonce = escapeHtml(options.nonce);
  const inbound = report.inbound;
  const outbound = report.outbound;
  const empty = !(inbound.sessions > 0) && !(outbound.deliveries > 0);
  const body: string[] = [];
  body.push(`<h1>TLS report: ${escapeHtml(options.title)}</h1>`);
  body.push(`<p class="meta">${num(result.lines)} line(s) read.</p>`);
  if (!result.complete) body.push(`<p class="warning" role="status">The reading stopped after ${num(result.lines)} line(s) (cancelled): the figures below cover only that part of the log.</p>`);
  if (empty) {
    body.push('<p class="empty">No sessions: this log has no smtpd sessions and no smtp/lmtp deliveries to count.</p>');
  }
  body.push('<section class="cards">');
  body.push(card('Inbound (smtpd sessions)', inbound.tls, inbound.sessions, 'no sessions'));
  body.push(card('Outbound (smtp/lmtp deliveries)', outbound.tls, outbound.deliveries, 'no deliveries'));
  body.push('</section>');
  if (!empty) {
    body.push('<h2>Share of TLS over time</h2>');
    body.push(timelineChart(result.timeline));
    body.push('<div class="columns">');
    const over = '<p class="meta">Shares of the sessions and deliveries that used TLS.</p>';
    body.push(`<section><h2>Protocols</h2>${over}${barChart('Inbound', inbound.protocols, 'protocols-in')}${barChart('Outbound', outbound.protocols, 'protocols-out')}</section>`);
    body.push(`<section><h2>Trust levels</h2>${over}${barChart('Inbound', inbound.trust, 'trust-in')}${barChart('Outbound', outbound.trust, 'trust-out')}</section>`);
    body.push('</div>');
  }
  body.push(cleartextTable(outbound.cleartextPeers));
  body.push(failureList(report.failures));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TLS report: ${escapeHtml(options.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
${body.join('\n')}
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

function card(title: string, tls: number, total: number, none: string): string {
  const p = percent(tls, total);
  const meter = p === undefined ? '' : `<svg class="meter" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label="${p}% TLS"><rect class="track" x="0" y="0" width="100" height="6"></rect><rect class="tls" x="0" y="0" width="${p}" height="6"></rect></svg>`;
  const detail = p === undefined ? '' : `<p>${share(tls, total, none)} with TLS, ${num(total - tls)} in cleartext</p>`;
  return `<div class="card"><h2>${escapeHtml(title)}</h2><p class="big">${p === undefined ? escapeHtml(none) : `${p}% TLS`}</p>${detail}${meter}</div>`;
}

/** Horizontal bars, largest first, with count and share of the total. */
function barChart(caption: string, counts: Record<string, number>, id: string): string {
  const rows = Object.entries(counts ?? {})
    .filter(([, n]) => Number.isFinite(n) && n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (!rows.length) return `<h3>${escapeHtml(caption)}</h3><p class="none">none</p>`;
  const total = rows.reduce((s, [, n]) => s + n, 0);
  const max = rows[0][1];
  const rowHeight = 22;
  const labelWidth = 130;
  const barWidth = 260;
  const height = rows.length * rowHeight;
  const bars = rows
    .map(([name, n], i) => {
      const y = i * rowHeight;
      const w = Math.max(1, Math.round((barWidth * n) / max));
      return `<g><title>${escapeHtml(name)}: ${num(n)} (${percent(n, total)}%)</title><text class="label" x="${labelWidth - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(name)}</text><rect class="bar" x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 8}"></rect><text class="value" x="${labelWidth + w + 6}" y="${y + 15}">${num(n)} (${percent(n, total)}%)</text></g>`;
    })
    .join('');
  return `<h3>${escapeHtml(caption)}</h3><svg class="bars" id="${id}" viewBox="0 0 ${labelWidth + barWidth + 110} ${height}" role="img" aria-label="${escapeHtml(caption)}: ${rows.map(([k, n]) => `${escapeHtml(k)} ${num(n)}`).join(', ')}">${bars}</svg>`;
}

/** Two lines, inbound and outbound TLS share per bucket; a bucket without traffic leaves a gap. */
function timelineChart(timeline: TimelineBucket[]): string {
  if (!timeline?.length) return '<p class="none">No time buckets in this report.</p>';
  const W = 640;
  const H = 200;
  const left = 40;
  const right = 10;
  const top = 10;
  const bottom = 30;
  const n = timeline.length;
  const x = (i: number) => (n === 1 ? left + (W - left - right) / 2 : left + ((W - left - right) * i) / (n - 1));
  const y = (p: number) => top + ((H - top - bottom) * (100 - p)) / 100;
  const series = (pick: (b: TimelineBucket) => { tls: number; total: number }, cls: string, name: string) => {
    const segments: string[][] = [[]];
    const dots: string[] = [];
    timeline.forEach((b, i) => {
      const { tls, total } = pick(b);
      const p = percent(tls, total);
      if (p === undefined) {
        if (segments[segments.length - 1].length) segments.push([]);
        return;
      }
      segments[segments.length - 1].push(`${x(i).toFixed(1)},${y(p).toFixed(1)}`);
      dots.push(`<circle class="${cls}" cx="${x(i).toFixed(1)}" cy="${y(p).toFixed(1)}" r="2.5"><title>${escapeHtml(b.label)}: ${name} ${p}% TLS (${num(tls)} of ${num(total)})</title></circle>`);
    });
    const lines = segments.filter((s) => s.length > 1).map((s) => `<polyline class="${cls}" fill="none" points="${s.join(' ')}"></polyline>`);
    return lines.join('') + dots.join('');
  };
  const grid = [0, 50, 100].map((p) => `<line class="grid" x1="${left}" x2="${W - right}" y1="${y(p)}" y2="${y(p)}"></line><text class="axis" x="${left - 4}" y="${y(p) + 4}" text-anchor="end">${p}%</text>`).join('');
  const ticks = [...new Set([0, Math.floor((n - 1) / 2), n - 1])]
    .map((i) => `<text class="axis" x="${x(i).toFixed(1)}" y="${H - 10}" text-anchor="${n === 1 ? 'middle' : i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle'}">${escapeHtml(timeline[i].label)}</text>`)
    .join('');
  const inbound = series((b) => ({ tls: b.inbound.tls, total: b.inbound.sessions }), 'in', 'inbound');
  const outbound = series((b) => ({ tls: b.outbound.tls, total: b.outbound.deliveries }), 'out', 'outbound');
  return `<svg class="timeline" viewBox="0 0 ${W} ${H}" role="img" aria-label="Share of TLS per time bucket, ${escapeHtml(timeline[0].label)} to ${escapeHtml(timeline[n - 1].label)}">${grid}${ticks}${inbound}${outbound}</svg>
<p class="legend"><span class="key in"></span> inbound sessions <span class="key out"></span> outbound deliveries (a gap: no traffic in that ${n > 1 ? 'bucket' : 'period'})</p>`;
}

function cleartextTable(peers: { peer: string; deliveries: number }[]): string {
  const rows = [...(peers ?? [])].sort((a, b) => b.deliveries - a.deliveries || (a.peer < b.peer ? -1 : 1));
  if (!rows.length) return '<h2>Cleartext peers</h2><p class="none">No delivery went out in cleartext.</p>';
  const shown = rows.slice(0, MAX_ROWS);
  const more = rows.length > shown.length ? `<p class="more">and ${num(rows.length - shown.length)} more peer(s)</p>` : '';
  return `<h2>Cleartext peers</h2><p>Outbound deliveries that went without TLS, by relay.</p><table><thead><tr><th>Peer</th><th class="n">Deliveries</th></tr></thead><tbody>${shown
    .map((p) => `<tr><td>${escapeHtml(p.peer)}</td><td class="n">${num(p.deliveries)}</td></tr>`)
    .join('')}</tbody></table>${more}`;
}

function failureList(failures: { line: number; kind: string; peer: string }[]): string {
  const rows = failures ?? [];
  if (!rows.length) return '<h2>Failures</h2><p class="none">No TLS failures in this log.</p>';
  const shown = rows.slice(0, MAX_ROWS);
  const more = rows.length > shown.length ? `<p class="more">and ${num(rows.length - shown.length)} more failure(s)</p>` : '';
  // Report lines are 1-based, as the CLI prints them; the link carries the number only.
  const link = (line: number) => (Number.isInteger(line) && line > 0 ? `<a href="#" data-line="${line}">line ${num(line)}</a>` : 'line ?');
  return `<h2>Failures</h2><table><thead><tr><th>Where</th><th>What</th><th>Peer</th></tr></thead><tbody>${shown
    .map((f) => `<tr><td>${link(f.line)}</td><td>${escapeHtml(f.kind)}</td><td>${escapeHtml(f.peer)}</td></tr>`)
    .join('')}</tbody></table>${more}`;
}

/** Theme colours come from VS Code's CSS variables, so the page follows light, dark and high contrast. */
const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 20px; max-width: 1100px; }
h1 { font-size: 1.4em; font-weight: 600; }
h2 { font-size: 1.15em; font-weight: 600; margin-top: 1.6em; }
h3 { font-size: 1em; font-weight: 600; margin: 1em 0 0.3em; }
.meta, .legend, .more, .none { color: var(--vscode-descriptionForeground); }
.warning { border-left: 3px solid var(--vscode-editorWarning-foreground); padding: 4px 10px; }
.empty { font-size: 1.1em; }
.cards { display: flex; gap: 16px; flex-wrap: wrap; }
.card { flex: 1 1 280px; border: 1px solid var(--vscode-panel-border, rgba(128,128,128,.35)); border-radius: 4px; padding: 4px 14px 12px; }
.card h2 { margin-top: 0.6em; }
.big { font-size: 1.8em; margin: 0.2em 0; }
.columns { display: flex; gap: 32px; flex-wrap: wrap; }
.columns > section { flex: 1 1 420px; }
svg text { fill: var(--vscode-foreground); font-size: 12px; }
svg .axis { fill: var(--vscode-descriptionForeground); font-size: 11px; }
svg .grid { stroke: var(--vscode-panel-border, rgba(128,128,128,.35)); stroke-width: 1; }
.meter { width: 100%; height: 8px; }
.meter .track { fill: var(--vscode-charts-red, #c33); }
.meter .tls, svg .bar { fill: var(--vscode-charts-green, #3a3); }
.timeline { width: 100%; max-width: 800px; }
polyline.in { stroke: var(--vscode-charts-blue, #37c); stroke-width: 2; }
polyline.out { stroke: var(--vscode-charts-orange, #d80); stroke-width: 2; }
circle.in { fill: var(--vscode-charts-blue, #37c); }
circle.out { fill: var(--vscode-charts-orange, #d80); }
.key { display: inline-block; width: 12px; height: 3px; vertical-align: middle; margin: 0 4px 0 10px; }
.key.in { background: var(--vscode-charts-blue, #37c); }
.key.out { background: var(--vscode-charts-orange, #d80); }
.bars { width: 100%; max-width: 500px; }
table { border-collapse: collapse; min-width: 50%; }
th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,.25)); vertical-align: top; word-break: break-all; }
td.n, th.n { text-align: right; }
a { color: var(--vscode-textLink-foreground); }
`;

/** The only script: a click on a failure's link asks the extension to show that line of the log. */
const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[data-line]') : null;
  if (!a) return;
  e.preventDefault();
  vscode.postMessage({ command: 'reveal', line: Number(a.getAttribute('data-line')) });
});
`;
