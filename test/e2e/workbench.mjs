// Drives the real VS Code workbench (code-server in Debian's chromium) through playwright-core:
// what a user does with keyboard and mouse, and what the workbench shows. No VS Code API here.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Loopback only: no name resolves, so the page cannot reach anything but 127.0.0.1.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Polls `fn` until it returns a truthy value; fails with `what` after `timeout` ms. */
export async function until(what, fn, { timeout = 15000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? ` (last error: ${last.message.split('\n')[0]})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

export class Workbench {
  /** @param {import('playwright-core').Page} page */
  constructor(page, timeout = 15000) {
    this.page = page;
    this.timeout = timeout;
  }

  async open(url) {
    await this.page.goto(url, { timeout: 60000 });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  }

  /** Answers the "Do you trust the authors" dialog a new folder shows. */
  async answerTrustDialog(trust) {
    const label = trust ? 'Yes, I trust the authors' : "No, I don't trust the authors";
    const button = this.page.locator('.monaco-dialog-box').getByRole('button', { name: label });
    await button.waitFor({ timeout: 60000 });
    await button.click();
    await this.page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: this.timeout });
  }

  /** The explorer shows the folder's files: the workbench has restored the workspace. */
  async waitForExplorer(file) {
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 60000 });
  }

  async escape(times = 1) {
    for (let i = 0; i < times; i++) await this.page.keyboard.press('Escape');
  }

  quickInputRow(text) {
    return this.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
  }

  /** Runs a command from the command palette by its label. */
  async command(label) {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor({ timeout: this.timeout });
    await input.fill(`>${label}`);
    const row = this.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: label });
    await row.waitFor({ timeout: this.timeout }).catch(() => {
      throw new Error(`command palette has no focused entry "${label}"`);
    });
    await this.page.keyboard.press('Enter');
  }

  /** Quick Open (Ctrl+P) a file; `beforeEnter` runs right before the Enter that opens it. */
  async quickOpen(file, beforeEnter) {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor({ timeout: this.timeout });
    await input.fill(file);
    await this.page
      .locator('.quick-input-widget .monaco-list-row.focused')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${file.replace(/\./g, '\\.')}$`) }) })
      .waitFor({ timeout: this.timeout });
    beforeEnter?.();
    await this.page.keyboard.press('Enter');
    await this.activeTab(file).waitFor({ timeout: this.timeout });
  }

  activeTab(file) {
    return this.page.locator('.tabs-container .tab.active', { hasText: file });
  }

  /** The active editor. */
  editor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The rendered lines of the active editor, in order: [{ top, text }]. */
  async lines() {
    return this.editor().locator('.view-lines .view-line').evaluateAll((els) =>
      els
        .map((el) => ({ top: parseFloat(el.style.top) || 0, text: (el.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
  }

  /** The rendered line starting with `prefix` (a Locator). */
  line(prefix) {
    return this.editor()
      .locator('.view-lines .view-line')
      // The editor renders spaces as U+00A0, which \s matches.
      .filter({ hasText: new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s')}`) })
      .first();
  }

  /** The first token span of the line starting with `prefix` whose text contains `token`. */
  token(prefix, token) {
    return this.line(prefix).locator('span > span').filter({ hasText: token }).first();
  }

  async goToLine(line, column = 1) {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor({ timeout: this.timeout });
    await input.fill(`:${line}:${column}`); // Ctrl+G opens Quick Open in its ":" (go to line) mode
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: this.timeout });
  }

  /** Opens the Problems panel (View: Focus Problems) if it is not showing. */
  async showProblems() {
    if (await this.page.locator('.markers-panel').isVisible()) return;
    await this.command('View: Focus Problems (Errors, Warnings, Infos)');
    await this.page.locator('.markers-panel').waitFor({ timeout: this.timeout });
  }

  /**
   * What the Problems panel lists: [{ file, severity, code, message, line }]. The tree renders only
   * the rows in view, so a list taller than the panel is read while scrolling it with the wheel.
   */
  async problems() {
    const panel = this.page.locator('.markers-panel .monaco-list').first();
    const read = () =>
      this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) =>
        rows.map((row) => {
          const icon = row.querySelector('.marker-icon');
          return {
            index: Number(row.dataset.index),
            resource: row.getAttribute('aria-level') === '1' ? row.querySelector('.label-name')?.textContent?.trim() : undefined,
            severity: icon ? ['error', 'warning', 'info'].find((s) => icon.classList.contains(s)) : undefined,
            code: row.querySelector('.marker-code')?.textContent?.trim(),
            message: row.querySelector('.marker-message')?.textContent?.trim(),
            line: Number(/Ln (\d+)/.exec(row.querySelector('.marker-line')?.textContent ?? '')?.[1]),
          };
        }),
      );
    const byIndex = new Map((await read()).map((r) => [r.index, r]));
    const overflow = await panel
      .evaluate((list) => {
        const rows = list.querySelector('.monaco-list-rows');
        return rows ? rows.offsetHeight > list.clientHeight + 1 : false;
      })
      .catch(() => false);
    if (overflow) {
      const box = await panel.boundingBox();
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let i = 0; i < 20; i++) {
        const before = byIndex.size;
        await this.page.mouse.wheel(0, box.height / 2);
        await this.page.waitForTimeout(50); // let the list render the scrolled rows
        for (const r of await read()) byIndex.set(r.index, r);
        if (byIndex.size === before && i > 0) break;
      }
      await this.page.mouse.wheel(0, -100000);
    }
    const out = [];
    let file;
    for (const r of [...byIndex.values()].sort((a, b) => a.index - b.index)) {
      if (r.resource !== undefined) file = r.resource;
      else out.push({ file, severity: r.severity, code: r.code, message: r.message, line: r.line });
    }
    return out;
  }

  /** The suggest widget's rows (visible part of the list). */
  async suggestions() {
    return this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row').evaluateAll((rows) =>
      rows.map((r) => ({
        label: (r.querySelector('.monaco-icon-name-container')?.textContent ?? r.getAttribute('aria-label') ?? '').trim(),
        focused: r.classList.contains('focused'),
      })),
    );
  }

  async shot(path) {
    await this.page.screenshot({ path });
  }
}
