// End-to-end checks of the mail log (issue 12) in the real workbench: test/e2e/fixtures/workspace/mail.log
// opens as a Postfix mail log, a hover explains a "TLS connection established" line, and the command
// "Postfix: TLS report for this log" shows the report view with the figures of that log (read from the
// webview's own document: a webview is an iframe holding the page's iframe), a failure link there goes
// back to the log line, and a TLS warning's document link opens main.cf at the setting it concerns.
// Screenshots of the hover and of the report view go to the screenshots directory (log-hover.png,
// report-view.png).
//
// The expected figures are those of the fixture, counted by hand (and the same as
// `postfix-lint --maillog test/e2e/fixtures/workspace/mail.log` prints):
//   inbound: 5 smtpd sessions, 3 with TLS (TLSv1.3 2, TLSv1.2 1; Anonymous 3)
//   outbound: 4 deliveries, 2 with TLS (TLSv1.3 1, TLSv1.2 1; Verified 1, Untrusted 1),
//             in clear text to mx.legacy.example and mx.bank.example (TLS required, not offered)
//   failures: 6, on lines 1, 2, 20, 21, 22 and 41
import path from 'node:path';
import { until } from './workbench.mjs';

/** The page inside a webview: VS Code puts it in an iframe (#active-frame) inside the webview's iframe. */
function webviewPage(page) {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/**
 * Hovers `target` until `hover` shows (a few tries, the mouse leaving in between): one mouse move
 * onto text that has just moved (the sidebar closing, a scroll) may come before the editor listens.
 */
async function hoverUntil(page, target, hover, what) {
  for (let i = 0; i < 4; i++) {
    await target.hover();
    if (await hover.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false)) return;
    await page.mouse.move(5, 400);
  }
  throw new Error(`no hover ${what} appeared`);
}

/**
 * Runs the mail log checks in their own window on `folder` (a copy of the fixture).
 * `check(name, wb, fn)` and `newWorkbench()` are run.mjs's.
 */
export async function mailLogChecks({ port, folder, folderUrl, newWorkbench, check, shots, figures }) {
  const wb = await newWorkbench();
  const { page } = wb;
  // Wide enough for the log and the report side by side.
  await page.setViewportSize({ width: 1440, height: 900 });
  const ready = await check('mail log: a folder with mail.log opens and is trusted', wb, async () => {
    await wb.open(folderUrl(port, folder));
    await wb.answerTrustDialog(true);
    await wb.waitForExplorer('mail.log');
    return 'trusted';
  });
  if (!ready) return;

  const opened = await check('mail.log opens as a Postfix mail log (status bar language)', wb, async () => {
    await wb.quickOpen('mail.log');
    await wb.line('Dec  1 09:12:01 mail postfix/smtpd[2041]: warning').waitFor();
    const mode = page.locator('.statusbar-item', { hasText: 'Postfix mail log' }).first();
    await mode.waitFor().catch(() => {
      throw new Error('the status bar does not name the language "Postfix mail log"');
    });
    return `status bar: ${(await mode.textContent()).trim()}`;
  });
  if (!opened) return;

  await check('hovering a "TLS connection established" line explains it', wb, async () => {
    // The sidebar stays out of the screenshots: the log and the report get the width.
    await wb.editor().locator('.view-lines').click();
    await page.keyboard.press('Control+B');
    // Line 29: "Untrusted TLS connection established to mail.small-shop.example[203.0.113.80]:25: TLSv1.2 …"
    // (hovered past the word Untrusted, which is a link).
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Untrusted TLS connection established to mail.small-shop.example[203.0.113.80]:25' }).first();
    await hoverUntil(page, wb.token('Dec  1 10:20:06 mail postfix/smtp[2321]: Untrusted', 'connection'), hover, 'explaining the Untrusted TLS line');
    const text = (await hover.textContent()).replace(/\s+/g, ' ');
    for (const want of ['does not chain to a CA', 'TLSv1.2 is a current TLS version', 'ECDHE-RSA-AES256-GCM-SHA384', 'smtp_tls_CAfile', 'tls_append_default_CA']) {
      if (!text.includes(want)) throw new Error(`the hover lacks "${want}": ${text.slice(0, 300)}`);
    }
    // The hover fades in: the screenshot waits until it is opaque.
    await until('the hover to be opaque', () => hover.evaluate((el) => {
      for (let e = el; e; e = e.parentElement) if (getComputedStyle(e).opacity !== '1') return false;
      return true;
    }));
    await wb.shot(path.join(shots, 'log-hover.png'));
    await page.mouse.move(5, 400);
    await wb.escape();
    return 'explains the trust level, the protocol and the CA parameters';
  });

  await check('command "Postfix: TLS report for this log" shows the figures of the log', wb, async () => {
    await wb.editor().locator('.view-lines').click();
    const t0 = Date.now();
    await wb.command('Postfix: TLS report for this log');
    await page.locator('.tabs-container .tab', { hasText: 'TLS report: mail.log' }).first().waitFor();
    const view = webviewPage(page);
    await view.locator('h1', { hasText: 'TLS report: mail.log' }).waitFor({ timeout: 30000 });
    figures.reportViewMs = Date.now() - t0;
    const text = (await view.locator('body').innerText()).replace(/\s+/g, ' ');
    const wanted = [
      '44 line(s) read.',
      'Inbound (smtpd sessions) 60% TLS 3 of 5 (60%) with TLS, 2 in cleartext',
      'Outbound (smtp/lmtp deliveries) 50% TLS 2 of 4 (50%) with TLS, 2 in cleartext',
      'mx.bank.example[198.51.100.60]:25 1',
      'mx.legacy.example[192.0.2.30]:25 1',
      'line 41 TLS is required, but was not offered mx.bank.example[198.51.100.60]',
      'line 20 no shared cipher unknown[192.0.2.77]',
    ];
    const missing = wanted.filter((w) => !text.includes(w));
    if (missing.length) throw new Error(`the report view lacks: ${missing.join(' | ')}\n       it reads: ${text.slice(0, 600)}`);
    const failures = await view.locator('a[data-line]').count();
    if (failures !== 6) throw new Error(`${failures} failure links, expected 6`);
    // The charts: one bar per protocol and trust level, named in the SVG's label.
    const labels = {
      'protocols-in': 'Inbound: TLSv1.3 2, TLSv1.2 1',
      'trust-in': 'Inbound: Anonymous 3',
      'protocols-out': 'Outbound: TLSv1.2 1, TLSv1.3 1',
      'trust-out': 'Outbound: Untrusted 1, Verified 1',
    };
    for (const [id, label] of Object.entries(labels)) {
      const got = await view.locator(`svg#${id}`).getAttribute('aria-label');
      if (got !== label) throw new Error(`chart ${id}: "${got}", expected "${label}"`);
    }
    const buckets = await view.locator('svg.timeline circle').count();
    if (buckets !== 5) throw new Error(`${buckets} points in the timeline, expected 5 (inbound in 3 hours, outbound in 2)`);
    await wb.shot(path.join(shots, 'report-view.png'));
    return `view after ${figures.reportViewMs} ms: 60% inbound, 50% outbound, 6 failures, 4 charts, timeline of 3 hours`;
  });

  await check('a failure link in the report view reveals its line in the log', wb, async () => {
    await webviewPage(page).locator('a[data-line="41"]').click();
    const position = page.locator('.statusbar-item', { hasText: /Ln 41, Col 1/ }).first();
    await position.waitFor().catch(() => {
      throw new Error('the cursor did not go to line 41 of mail.log');
    });
    await page.locator('.tabs-container .tab.active[data-resource-name="mail.log"]').first().waitFor();
    return 'mail.log active at Ln 41';
  });

  await check('a TLS warning links to the main.cf setting it concerns: Ctrl+click opens main.cf at that line', wb, async () => {
    // The log alone, full width: the report's group goes.
    await wb.command('View: Close Editors in Other Groups');
    await page.locator('.tabs-container .tab', { hasText: 'TLS report: mail.log' }).waitFor({ state: 'detached' });
    await wb.goToLine(2, 1);
    // Line 2: "warning: error loading private keys and certificates from: /etc/ssl/private/mail.key: …"
    const link = wb.line('Dec  1 09:12:01 mail postfix/smtpd[2041]: warning: error').locator('.detected-link').first();
    await link.waitFor().catch(() => {
      throw new Error('line 2 of mail.log shows no link');
    });
    const tip = page.locator('.monaco-hover:not(.hidden)', { hasText: 'smtpd_tls_chain_files names /etc/ssl/private/mail.key' }).first();
    await hoverUntil(page, link, tip, 'with the link tooltip naming smtpd_tls_chain_files');
    // Ctrl+click with the mouse itself: holding Ctrl makes the editor redraw the link (the element
    // is replaced), which a locator click would wait for in vain.
    const box = await link.boundingBox();
    await wb.escape();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.down();
    await page.mouse.up();
    await page.keyboard.up('Control');
    await page.locator('.tabs-container .tab.active[data-resource-name="main.cf"]').first().waitFor();
    await page.locator('.statusbar-item', { hasText: /Ln 9, Col 1/ }).first().waitFor().catch(() => {
      throw new Error('main.cf opened, but not at line 9 (smtpd_tls_chain_files)');
    });
    return 'main.cf opened at Ln 9 (smtpd_tls_chain_files)';
  });
  await page.context().close();
}
