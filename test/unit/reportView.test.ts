// The TLS report view's page (client/src/reportView/render.ts): the figures an admin reads, charts
// that never divide by zero, and a page that a hostile peer name cannot script.
import * as assert from 'node:assert/strict';
import { MAX_ROWS, percent, renderReport } from '../../client/src/reportView/render';
import type { TlsReportResult } from '../../server/src/service/maillog/reportTypes';

const NONCE = 'n0nce123';

function result(over: Partial<TlsReportResult['report']> = {}, rest: Partial<TlsReportResult> = {}): TlsReportResult {
  return {
    report: {
      inbound: { sessions: 10, tls: 7, protocols: { 'TLSv1.3': 5, 'TLSv1.2': 2 }, trust: { Anonymous: 6, Trusted: 1 } },
      outbound: { deliveries: 4, tls: 3, protocols: { 'TLSv1.3': 3 }, trust: { Verified: 2, Untrusted: 1 }, cleartextPeers: [{ peer: 'old.example.net[192.0.2.7]:25', deliveries: 1 }] },
      failures: [{ line: 42, kind: 'SSL_accept error', peer: 'scanner.example[198.51.100.9]' }],
      ...over,
    },
    timeline: [
      { label: 'Dec  1 14:00', inbound: { sessions: 4, tls: 2 }, outbound: { deliveries: 2, tls: 2 } },
      { label: 'Dec  1 15:00', inbound: { sessions: 0, tls: 0 }, outbound: { deliveries: 0, tls: 0 } },
      { label: 'Dec  1 16:00', inbound: { sessions: 6, tls: 5 }, outbound: { deliveries: 2, tls: 1 } },
    ],
    lines: 1234,
    complete: true,
    ...rest,
  };
}

/** The page's text without tags, whitespace collapsed: what a reader sees. */
function text(html: string): string {
  return html.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('TLS report view page', () => {
  it('the figures: shares of TLS, counts, protocols and trust levels with their shares', () => {
    const html = renderReport(result(), { nonce: NONCE, title: 'mail.log' });
    const t = text(html);
    assert.match(t, /TLS report: mail\.log/);
    assert.match(t, /1,234 line\(s\) read/);
    assert.match(t, /Inbound \(smtpd sessions\) 70% TLS 7 of 10 \(70%\) with TLS, 3 in cleartext/);
    assert.match(t, /Outbound \(smtp\/lmtp deliveries\) 75% TLS 3 of 4 \(75%\) with TLS, 1 in cleartext/);
    // Largest first, with the share of the direction's TLS sessions.
    assert.match(t, /Protocols Shares of the sessions and deliveries that used TLS\. Inbound TLSv1\.3: 5 \(71\.4%\) TLSv1\.3 5 \(71\.4%\) TLSv1\.2: 2 \(28\.6%\) TLSv1\.2 2 \(28\.6%\) Outbound TLSv1\.3: 3 \(100%\)/);
    assert.match(t, /Trust levels Shares of the sessions and deliveries that used TLS\. Inbound Anonymous: 6 \(85\.7%\)/);
    assert.match(t, /old\.example\.net\[192\.0\.2\.7\]:25 1/);
    assert.match(html, /<a href="#" data-line="42">line 42<\/a><\/td><td>SSL_accept error<\/td><td>scanner\.example\[198\.51\.100\.9\]<\/td>/);
  });

  it('the timeline: a point per bucket with traffic, a gap where there was none', () => {
    const html = renderReport(result(), { nonce: NONCE, title: 'mail.log' });
    const timeline = /<svg class="timeline"[\s\S]*?<\/svg>/.exec(html)![0];
    assert.equal((timeline.match(/<circle class="in"/g) ?? []).length, 2);
    assert.equal((timeline.match(/<polyline/g) ?? []).length, 0, 'two points with a gap between them make no line');
    assert.match(timeline, /<title>Dec {2}1 14:00: inbound 50% TLS \(2 of 4\)<\/title>/);
    assert.match(timeline, /<title>Dec {2}1 16:00: outbound 50% TLS \(1 of 2\)<\/title>/);
    assert.match(timeline, />Dec {2}1 14:00<\/text>/);
    const joined = renderReport(result({}, { timeline: result().timeline.map((b) => ({ ...b, inbound: { sessions: 2, tls: 1 } })) }), { nonce: NONCE, title: 'x' });
    assert.equal((/<svg class="timeline"[\s\S]*?<\/svg>/.exec(joined)![0].match(/<polyline class="in"/g) ?? []).length, 1);
  });

  it('an empty report says "no sessions", with no NaN, Infinity or charts', () => {
    const empty = result(
      { inbound: { sessions: 0, tls: 0, protocols: {}, trust: {} }, outbound: { deliveries: 0, tls: 0, protocols: {}, trust: {}, cleartextPeers: [] }, failures: [] },
      { timeline: [], lines: 0 },
    );
    const html = renderReport(empty, { nonce: NONCE, title: 'empty.log' });
    const t = text(html);
    assert.match(t, /No sessions: this log has no smtpd sessions and no smtp\/lmtp deliveries to count\./);
    assert.match(t, /Inbound \(smtpd sessions\) no sessions/);
    assert.match(t, /Outbound \(smtp\/lmtp deliveries\) no deliveries/);
    assert.doesNotMatch(html, /NaN|Infinity|undefined/);
    assert.doesNotMatch(html, /<svg/);
    assert.match(t, /No delivery went out in cleartext\. Failures No TLS failures in this log\./);
  });

  it('one direction empty: its card says so, the other is charted', () => {
    const html = renderReport(result({ outbound: { deliveries: 0, tls: 0, protocols: {}, trust: {}, cleartextPeers: [] } }), { nonce: NONCE, title: 'in.log' });
    assert.match(text(html), /Outbound \(smtp\/lmtp deliveries\) no deliveries/);
    assert.match(html, /<svg class="bars" id="protocols-in"/);
    assert.doesNotMatch(html, /NaN|Infinity/);
  });

  it('a cancelled reading says the figures cover part of the log', () => {
    const html = renderReport(result({}, { complete: false, lines: 5000 }), { nonce: NONCE, title: 'big.log' });
    assert.match(text(html), /The reading stopped after 5,000 line\(s\) \(cancelled\): the figures below cover only that part of the log\./);
  });

  it('hostile names from the log are text, never markup: the only script is ours', () => {
    const evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\'';
    const html = renderReport(
      result({
        inbound: { sessions: 1, tls: 1, protocols: { [evil]: 1 }, trust: { [evil]: 1 } },
        outbound: { deliveries: 1, tls: 0, protocols: {}, trust: {}, cleartextPeers: [{ peer: evil, deliveries: 1 }] },
        failures: [{ line: 7, kind: evil, peer: evil }],
      }, { timeline: [{ label: evil, inbound: { sessions: 1, tls: 1 }, outbound: { deliveries: 1, tls: 0 } }] }),
      { nonce: NONCE, title: evil },
    );
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, new RegExp(`<script nonce="${NONCE}">`));
    assert.doesNotMatch(html, /<img|onerror=alert\(2\)>|<script>alert/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;&#39;/);
  });

  it('a strict page: CSP with the nonce, nothing from the network', () => {
    const html = renderReport(result(), { nonce: NONCE, title: 'mail.log' });
    assert.match(html, new RegExp(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${NONCE}'; script-src 'nonce-${NONCE}';">`));
    assert.doesNotMatch(html, /https?:\/\/|\ssrc=|\sstyle="/);
    assert.match(html, new RegExp(`<style nonce="${NONCE}">`));
  });

  it(`long lists stop at ${MAX_ROWS} rows and count the rest`, () => {
    const failures = Array.from({ length: MAX_ROWS + 100 }, (_, i) => ({ line: i + 1, kind: 'TLS library problem', peer: `p${i}` }));
    const html = renderReport(result({ failures }), { nonce: NONCE, title: 'many.log' });
    assert.equal((html.match(/data-line="/g) ?? []).length, MAX_ROWS);
    assert.match(text(html), /and 100 more failure\(s\)/);
  });

  it('percent: one decimal, undefined instead of dividing by zero', () => {
    assert.equal(percent(1, 3), 33.3);
    assert.equal(percent(0, 0), undefined);
    assert.equal(percent(5, 0), undefined);
    assert.equal(percent(2, 2), 100);
  });
});
