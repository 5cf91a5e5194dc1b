#!/usr/bin/env node
// End-to-end suite in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) on 127.0.0.1, driven
// through Debian's chromium by playwright-core. Installs the packaged postfix-tls.vsix, opens a
// copy of test/e2e/fixtures/workspace (a main.cf with weak TLS, a master.cf with a submission
// service) and checks what a user sees: Problems panel, hover, completion, light-bulb quick fix,
// snippet, insert-block command, grammar colours, Restricted Mode; the mail log and its TLS report
// view (maillog.mjs); then the same installed extension forced into the browser's web-worker
// extension host ("remote.extensionKind": web, the vscode.dev build). Then it tries the Mocha suite
// in test/e2e/host/ inside the extension host through the workbench's extensionTestsPath.
//
//   node test/e2e/run.mjs [--screenshots-dir DIR] [--skip-host-tests]
//
// Needs: scripts/e2e/install-code-server.sh done, `npm run package` done, /usr/bin/chromium.
// Screenshots go to .vscode-test/e2e/screenshots unless --screenshots-dir (npm run screenshots: docs).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, until, Workbench } from './workbench.mjs';
import { mailLogChecks } from './maillog.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CODE_SERVER = path.join(process.env.CODE_SERVER_DIR || path.join(ROOT, '.vscode-test/code-server'), 'node_modules/code-server/out/node/entry.js');
const VSIX = path.join(ROOT, 'postfix-tls.vsix');
const FIXTURE = path.join(ROOT, 'test/e2e/fixtures/workspace');
const RUN = path.join(ROOT, '.vscode-test/e2e');
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS) || 15000; // one wait
const TOTAL_TIMEOUT = Number(process.env.E2E_TOTAL_TIMEOUT_MS) || 8 * 60 * 1000; // the whole run

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const SHOTS = path.resolve(opt('--screenshots-dir') ?? path.join(RUN, 'screenshots'));
const SKIP_HOST = args.includes('--skip-host-tests');

const started = Date.now();
const results = [];
const figures = {};
let server; // { proc, port }
let browser;

function log(msg) {
  console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
}

/** One named check: records pass/fail, saves a screenshot on failure and lets the next check run. */
async function check(name, wb, fn) {
  const t = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, ms: Date.now() - t, detail });
    log(`PASS ${name}${detail ? ` — ${detail}` : ''}`);
    return true;
  } catch (e) {
    results.push({ name, ok: false, ms: Date.now() - t, error: e.message });
    log(`FAIL ${name}: ${e.message}`);
    if (wb) {
      const file = path.join(RUN, 'failures', `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await wb.shot(file).then(() => log(`     screenshot: ${path.relative(ROOT, file)}`), () => {});
      await wb.escape(3).catch(() => {});
    }
    return false;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function codeServerEnv(extra = {}) {
  // XDG_CONFIG_HOME: code-server writes its config.yaml there instead of into the user's home.
  return { ...process.env, XDG_CONFIG_HOME: path.join(RUN, 'config'), ...extra };
}

function prepare() {
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server is not installed (${CODE_SERVER}); run scripts/e2e/install-code-server.sh`);
  if (!fs.existsSync(VSIX)) throw new Error(`${path.relative(ROOT, VSIX)} is missing; run npm run package`);
  if (!fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: apt-get install chromium');
  fs.rmSync(RUN, { recursive: true, force: true });
  for (const d of ['user-data/User', 'extensions', 'config']) fs.mkdirSync(path.join(RUN, d), { recursive: true });
  // Three copies of the fixture: each folder gets its own trust decision and its own edits.
  for (const ws of ['trusted', 'restricted', 'web', 'host']) fs.cpSync(FIXTURE, path.join(RUN, ws), { recursive: true });
  // The mail log checks (maillog.mjs) get their own copy and window.
  fs.cpSync(FIXTURE, path.join(RUN, 'maillog'), { recursive: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.writeFileSync(
    path.join(RUN, 'user-data/User/settings.json'),
    JSON.stringify(
      {
        'workbench.colorTheme': 'Default Dark Modern',
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'workbench.editor.enablePreview': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'git.enabled': false,
        // Workspace Trust stays on: every new folder asks once and the suite answers (Restricted Mode is checked).
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'once',
        'editor.minimap.enabled': false,
        'editor.fontSize': 14,
        'files.autoSave': 'off',
        // The fixture folders are copies outside /etc/postfix: with the default `auto` no certificate
        // file would be read there, and the suite checks that a missing one is reported.
        'postfix.certificateChecks': 'on',
      },
      null,
      2,
    ),
  );
}

function updateUserSettings(changes) {
  const file = path.join(RUN, 'user-data/User/settings.json');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), ...changes }, null, 2));
}

function installVsix() {
  const t = Date.now();
  const r = spawnSync(
    process.execPath,
    [CODE_SERVER, '--user-data-dir', path.join(RUN, 'user-data'), '--extensions-dir', path.join(RUN, 'extensions'), '--install-extension', VSIX],
    { env: codeServerEnv(), encoding: 'utf8', timeout: 120000 },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/.test(out)) throw new Error(`--install-extension failed (status ${r.status}):\n${out}`);
  const installed = fs.readdirSync(path.join(RUN, 'extensions')).find((d) => d.startsWith('postfix-tls.postfix-tls-'));
  if (!installed) throw new Error('the extension is not in the extensions dir after --install-extension');
  figures.installMs = Date.now() - t;
  return installed;
}

async function startCodeServer() {
  const port = await freePort();
  const logFile = fs.openSync(path.join(RUN, 'code-server.log'), 'w');
  const proc = spawn(
    process.execPath,
    [
      CODE_SERVER,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir', path.join(RUN, 'user-data'),
      '--extensions-dir', path.join(RUN, 'extensions'),
    ],
    {
      // Its own process group: stopping it takes the extension host and the language server along.
      detached: true,
      stdio: ['ignore', logFile, logFile],
      // Read by the in-host Mocha suite (the extension host inherits code-server's environment).
      env: codeServerEnv({ POSTFIX_E2E_HOST_REPORT: path.join(RUN, 'host-report.json') }),
    },
  );
  let exited = null;
  proc.on('exit', (code, signal) => (exited = { code, signal }));
  server = { proc, port };
  log(`code-server pid ${proc.pid} on 127.0.0.1:${port} (log: ${path.relative(ROOT, path.join(RUN, 'code-server.log'))})`);
  await until(
    'code-server to answer /healthz',
    async () => {
      if (exited) throw Object.assign(new Error(`code-server exited early (${JSON.stringify(exited)}); see code-server.log`), { fatal: true });
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      return r.ok;
    },
    { timeout: 60000, interval: 200 },
  ).catch((e) => {
    throw new Error(exited ? `code-server exited early (${JSON.stringify(exited)}); see .vscode-test/e2e/code-server.log` : e.message);
  });
  return port;
}

/** Stops code-server by its own process group, politely first; reports stragglers. */
async function stopCodeServer() {
  if (!server) return;
  const { proc } = server;
  server = undefined;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const pgid = proc.pid;
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const end = Date.now() + 10000;
  while (alive() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  if (alive()) {
    log(`code-server process group ${pgid} still alive after SIGTERM; sending SIGKILL`);
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  log(`code-server (process group ${pgid}) stopped`);
}

async function newWorkbench() {
  const [width, height] = (process.env.E2E_VIEWPORT || '1280x800').split('x').map(Number);
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: 'dark' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  return new Workbench(page, TIMEOUT);
}

const folderUrl = (port, folder, payload) =>
  `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;

const has = (list, want) => list.some((p) => Object.entries(want).every(([k, v]) => (v instanceof RegExp ? v.test(p[k] ?? '') : p[k] === v)));
const describe = (p) => `${p.file}:${p.line} ${p.severity} [${p.code}] ${p.message?.slice(0, 60)}`;

/** Waits until the Problems panel lists everything in `wanted`; the failure names what is missing. */
async function expectProblems(wb, wanted, what) {
  let seen = [];
  try {
    await until(what, async () => {
      seen = await wb.problems();
      return wanted.every((w) => has(seen, w));
    });
  } catch (e) {
    const missing = wanted.filter((w) => !has(seen, w)).map((w) => JSON.stringify(w, (_k, v) => (v instanceof RegExp ? String(v) : v)));
    throw new Error(`${e.message}\n       missing: ${missing.join('\n                ')}\n       listed:  ${seen.map(describe).join('\n                ') || '(nothing)'}`);
  }
  return seen;
}

const MAIN_FINDINGS = [
  { file: 'main.cf', code: 'weak-protocol-ssl', line: 10, severity: 'error', message: /SSLv3/ },
  { file: 'main.cf', code: 'server-tls-off', line: 11, severity: 'warning', message: /smtpd_tls_security_level/ },
  { file: 'main.cf', code: 'client-no-tls', severity: 'warning', message: /smtp_tls_security_level/ },
  { file: 'main.cf', code: 'unknown-parameter', line: 14, message: /smtp_tls_securty_level.*did you mean "smtp_tls_security_level"/ },
];
// An error: the submission service offers TLS (-o smtpd_tls_security_level=may), so smtpd loads these files.
const CERT_FINDING = { file: 'main.cf', code: 'cert-file-missing', line: 9, severity: 'error', message: /mail\.(key|crt)/ };
const MASTER_FINDINGS = [{ file: 'master.cf', code: 'sasl-plaintext', line: 8, severity: 'error', message: /submission/ }];

async function trustedWorkspace(port) {
  const wb = await newWorkbench();
  const { page } = wb;
  const ws = path.join(RUN, 'trusted');
  const ready = await check('workbench opens the folder and trusts it', wb, async () => {
    await wb.open(folderUrl(port, ws));
    await wb.answerTrustDialog(true);
    await wb.waitForExplorer('main.cf');
    await wb.showProblems();
    return 'trust dialog answered "Yes, I trust the authors"';
  });
  if (!ready) return;

  await check('Problems panel lists the TLS findings of main.cf (trusted: certificate files are checked)', wb, async () => {
    let t0 = 0;
    await wb.quickOpen('main.cf', () => (t0 = Date.now()));
    await until('the first diagnostic of main.cf in the Problems panel', async () => (await wb.problems()).some((p) => p.file === 'main.cf'), { timeout: 30000, interval: 20 });
    figures.openToDiagnosticsMs = Date.now() - t0;
    const seen = await expectProblems(wb, [...MAIN_FINDINGS, CERT_FINDING], 'the expected findings of main.cf');
    return `${seen.length} problems, first after ${figures.openToDiagnosticsMs} ms`;
  });

  await check('Problems panel lists the submission finding of master.cf', wb, async () => {
    let t0 = 0;
    await wb.quickOpen('master.cf', () => (t0 = Date.now()));
    await expectProblems(wb, MASTER_FINDINGS, 'sasl-plaintext in master.cf');
    figures.openToDiagnosticsWarmMs = Date.now() - t0;
    await wb.quickOpen('main.cf');
    await wb.editor().locator('.view-line').first().waitFor();
    await wb.shot(path.join(SHOTS, 'problems.png'));
    return `master.cf findings after ${figures.openToDiagnosticsWarmMs} ms (server already running)`;
  });

  await check('the grammar colours main.cf (comment, parameter name and TLS keyword differ)', wb, async () => {
    const style = (loc) => loc.evaluate((el) => `${getComputedStyle(el).color} (${el.className})`);
    const comment = await style(wb.token('# Postfix main.cf', 'Postfix'));
    const name = await style(wb.token('myhostname', 'myhostname'));
    const keyword = await style(wb.token('smtp_tls_securty_level', 'may'));
    const colours = [comment, name, keyword].map((c) => c.split(' (')[0]);
    if (new Set(colours).size !== 3) throw new Error(`colours not distinct: comment ${comment}, name ${name}, TLS keyword ${keyword}`);
    // The workbench's own token inspector names our grammar's scopes.
    await wb.goToLine(2, 2);
    await wb.command('Developer: Inspect Editor Tokens and Scopes');
    const widget = page.locator('.token-inspect-widget');
    await widget.waitFor();
    await until('the token inspector to show the postfix scopes', async () => /source\.postfix\.main/.test(await widget.textContent()) && /variable\.other\.definition\.postfix/.test(await widget.textContent()));
    const lang = /postfix-main/.test(await widget.textContent());
    await wb.escape();
    await widget.waitFor({ state: 'hidden' });
    if (!lang) throw new Error('token inspector does not name the language postfix-main');
    return `comment ${comment}, name ${name}, "may" ${keyword}; inspector: source.postfix.main › variable.other.definition.postfix`;
  });

  await check('hovering smtpd_tls_protocols shows its TLS documentation', wb, async () => {
    await wb.token('smtpd_tls_protocols', 'smtpd_tls_protocols').hover();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'TLS protocol versions' }).first();
    await hover.waitFor({ state: 'visible' }).catch(() => {
      throw new Error('no hover with "TLS protocol versions" appeared over smtpd_tls_protocols');
    });
    const text = await hover.textContent();
    for (const want of ['smtpd_tls_protocols', '>=TLSv1.2', 'postconf(5)']) if (!text.includes(want)) throw new Error(`hover lacks "${want}": ${text.slice(0, 200)}`);
    await wb.shot(path.join(SHOTS, 'hover-tls.png'));
    await page.mouse.move(5, 400);
    await wb.escape();
    return `${text.length} characters of documentation`;
  });

  /** Opens the quick-fix menu on `token` (light bulb or Ctrl+.), applies `title` with the keyboard. */
  const quickFix = async (token, title, { viaBulb, shot }) => {
    await token.click();
    let via = 'Ctrl+.';
    if (viaBulb) {
      // Beside the text, or in the gutter when the line has no room for it (VS Code 1.100).
      const bulb = page.locator('.monaco-editor .lightBulbWidget:visible, .monaco-editor [class*="codicon-gutter-lightbulb"]:visible').first();
      await bulb.waitFor({ state: 'visible' }).catch(async () => {
        const found = await page.evaluate(() => [...document.querySelectorAll('[class*="ightbulb"],[class*="ightBulb"],[class*="light-bulb"]')].map((e) => `${e.tagName}.${e.className} ${JSON.stringify(e.getBoundingClientRect())}`));
        throw new Error(`no light bulb appeared; candidates: ${found.join('\n')}`);
      });
      await bulb.click();
      via = 'light bulb';
    } else {
      await page.keyboard.press('Control+.');
    }
    const item = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    await item.waitFor().catch(async () => {
      const offered = await page.locator('.action-widget .monaco-list-row').allTextContents().catch(() => []);
      throw new Error(`the quick-fix menu (${via}) has no "${title}"; it offers: ${offered.join(' | ') || '(nothing)'}`);
    });
    if (shot) await wb.shot(shot);
    // The menu sits behind a pointer block in headless chromium: choose the entry with the keyboard.
    for (let i = 0; i < 10 && !(await item.evaluate((el) => el.classList.contains('focused'))); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.action-widget').waitFor({ state: 'hidden' });
    return via;
  };

  await check('the light bulb on !SSLv2 offers the TLS fix and applying it edits main.cf', wb, async () => {
    const via = await quickFix(wb.token('smtpd_tls_protocols', 'SSLv2'), 'Set smtpd_tls_protocols = >=TLSv1.2', { viaBulb: true, shot: path.join(SHOTS, 'quickfix.png') });
    await wb.line('smtpd_tls_protocols = >=TLSv1.2').waitFor();
    await until('weak-protocol-ssl to leave the Problems panel (with the other findings still listed)', async () => {
      const seen = await wb.problems();
      return !seen.some((p) => p.code === 'weak-protocol-ssl') && seen.some((p) => p.code === 'cert-file-missing');
    });
    return `via the ${via}; weak-protocol-ssl gone`;
  });

  await check('Ctrl+. on the misspelt name offers "did you mean" and applying it edits main.cf', wb, async () => {
    const via = await quickFix(wb.token('smtp_tls_securty_level', 'smtp_tls_securty_level'), 'Change to "smtp_tls_security_level"', { viaBulb: false });
    await wb.line('smtp_tls_security_level = may').waitFor();
    if (await wb.line('smtp_tls_securty_level').count()) throw new Error('the misspelt line is still there');
    return `via ${via}`;
  });

  await check('typing smtpd_tls_ opens the completion list with TLS parameters', wb, async () => {
    await wb.editor().locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('smtpd_tls_', { delay: 40 });
    let s = [];
    const labels = await until('the suggest widget with smtpd_tls_ names', async () => {
      s = (await wb.suggestions()).map((r) => r.label);
      return s.filter((l) => l.startsWith('smtpd_tls_')).length >= 5 && s;
    }).catch((e) => {
      throw new Error(`${e.message}; suggest widget shows: ${s.join(', ') || '(nothing)'}`);
    });
    // Ctrl+Space shows the focused entry's documentation (completionItem/resolve from the server).
    await page.keyboard.press('Control+Space');
    const details = page.locator('.suggest-details-container .suggest-details', { hasText: 'postconf(5)' });
    await details.waitFor({ state: 'visible' }).catch(() => {
      throw new Error('the details of the focused completion show no documentation (postconf(5) link)');
    });
    await wb.shot(path.join(SHOTS, 'completion.png'));
    await wb.escape();
    await page.locator('.editor-widget.suggest-widget.visible').waitFor({ state: 'detached' });
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Backspace');
    await until('the typed line to be cleared again', async () => (await wb.lines()).at(-1).trim() === '');
    return `${labels.length} visible, e.g. ${labels.slice(0, 3).join(', ')}; details pane documents the focused one`;
  });

  await check('the tls-client snippet expands', wb, async () => {
    await page.keyboard.type('tls-client', { delay: 40 });
    await until('a "tls-client" entry in the suggest widget', async () => (await wb.suggestions()).some((r) => r.label === 'tls-client'));
    for (let i = 0; i < 20 && !(await wb.suggestions()).find((r) => r.focused)?.label.startsWith('tls-client'); i++) await page.keyboard.press('ArrowDown');
    const focused = (await wb.suggestions()).find((r) => r.focused)?.label;
    if (focused !== 'tls-client') throw new Error(`cannot focus the tls-client entry (focused: ${focused})`);
    await page.keyboard.press('Tab');
    await wb.line('smtp_tls_session_cache_database = ').waitFor();
    await wb.line('# TLS for outgoing mail').waitFor();
    await wb.escape(2); // the choice list of the first tab stop, then snippet mode
    return 'accepted with Tab';
  });

  await check('command "Postfix: Insert TLS server block" inserts the block', wb, async () => {
    await page.keyboard.press('Control+End');
    await wb.command('Postfix: Insert TLS server block');
    await wb.line('smtpd_tls_auth_only = yes').waitFor();
    await wb.line('smtpd_tls_mandatory_protocols = >=TLSv1.2').waitFor();
    await wb.escape(2);
    return 'smtpd_tls_* block present';
  });

  await check('the edits reach the file on disk and the diagnostics follow', wb, async () => {
    await page.keyboard.press('Control+S');
    const file = path.join(ws, 'main.cf');
    await until('main.cf on disk to hold both fixes, the snippet and the block', () => {
      const t = fs.readFileSync(file, 'utf8');
      return /^smtp_tls_security_level = may$/m.test(t) && !t.includes('smtp_tls_securty_level') && /^smtpd_tls_protocols = >=TLSv1\.2$/m.test(t) && t.includes('smtp_tls_session_cache_database') && t.includes('smtpd_tls_auth_only = yes');
    });
    await until('unknown-parameter to leave the Problems panel (with the other findings still listed)', async () => {
      const seen = await wb.problems();
      return !seen.some((p) => p.code === 'unknown-parameter') && seen.some((p) => p.code === 'cert-file-missing');
    });
    return 'saved; unknown-parameter gone';
  });

  await check('activation time from "Developer: Show Running Extensions"', wb, async () => {
    await wb.command('Developer: Show Running Extensions');
    const cell = page.locator('.monaco-list-row[aria-label="postfix-tls"] .activation-time');
    const text = await until('postfix-tls in the Running Extensions view', async () => (await cell.count()) && (await cell.textContent()));
    const ms = /(\d+)\s*ms/.exec(text);
    if (!ms) throw new Error(`unexpected activation cell: "${text}"`);
    figures.activationMs = Number(ms[1]);
    figures.activationText = text.trim();
    // Installed on the server side, the Node build runs in the remote extension host, not in a web worker.
    const host = await runningHost(page);
    if (/web worker/.test(host)) throw new Error(`the Node build runs in a web worker: "${host}"`);
    figures.activationHost = host;
    // Its hover names the activation event and splits the time (informational only).
    await cell.hover();
    const tip = await page
      .locator('.workbench-hover, .monaco-hover:not(.hidden)', { hasText: 'ctivat' })
      .first()
      .textContent({ timeout: 3000 })
      .catch(() => undefined);
    if (tip) figures.activationDetail = tip.replace(/\s+/g, ' ').trim();
    return `${text.trim()}${tip ? ` (${figures.activationDetail})` : ''}`;
  });
  await wb.page.context().close();
}

/** The host column of postfix-tls in the open Running Extensions view ("web worker", "127.0.0.1:PORT"). */
async function runningHost(page) {
  const row = page.locator('.monaco-list-row[aria-label="postfix-tls"]');
  await row.locator('.activation-time').waitFor();
  // VS Code renders "$(globe) web worker" or "$(remote) <host>" into the row's message container.
  return ((await row.locator('.msg').textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The browser build: the extension installed on the server, forced into the web-worker extension
 * host with "remote.extensionKind" (as vscode.dev runs it). The client cannot start a worker from
 * the extension's vscode-remote: URL there and starts it from a Blob of the fetched script
 * (client/src/workerStart.ts). Trusted and with postfix.certificateChecks "on", yet the web build
 * reads no file: no certificate finding, main.cf judged without master.cf.
 */
async function webWorkerWorkspace(port) {
  updateUserSettings({ 'remote.extensionKind': { 'postfix-tls.postfix-tls': ['web'] } });
  const wb = await newWorkbench();
  const { page } = wb;
  const ws = path.join(RUN, 'web');
  const workerErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /postfix|worker/i.test(m.text())) workerErrors.push(m.text());
  });
  try {
    const ok = await check('web worker: a window with postfix-tls forced to "web" opens the folder', wb, async () => {
      await wb.open(folderUrl(port, ws));
      await wb.answerTrustDialog(true);
      await wb.waitForExplorer('main.cf');
      await wb.showProblems();
      return 'remote.extensionKind {"postfix-tls.postfix-tls": ["web"]}';
    });
    if (!ok) return;
    await check('web worker: the diagnostics of main.cf, and no certificate finding (the web build reads no file)', wb, async () => {
      let t0 = 0;
      await wb.quickOpen('main.cf', () => (t0 = Date.now()));
      const alone = MAIN_FINDINGS.filter((f) => f.code !== 'weak-protocol-ssl');
      const seen = await expectProblems(wb, alone, `the findings of main.cf from the web worker${workerErrors.length ? ` (console: ${workerErrors.join(' | ')})` : ''}`);
      figures.webOpenToDiagnosticsMs = Date.now() - t0;
      const files = seen.filter((p) => /^cert-|^key-/.test(p.code ?? ''));
      if (files.length) throw new Error(`certificate findings from the web build: ${files.map(describe).join('; ')}`);
      if (seen.some((p) => p.code === 'weak-protocol-ssl')) throw new Error('weak-protocol-ssl: the web build read master.cf from disk');
      return `${seen.length} problems after ${figures.webOpenToDiagnosticsMs} ms, none about certificate files`;
    });
    await check('web worker: hovering smtpd_tls_protocols shows its documentation', wb, async () => {
      await wb.token('smtpd_tls_protocols', 'smtpd_tls_protocols').hover();
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'TLS protocol versions' }).first();
      await hover.waitFor({ state: 'visible' });
      const text = await hover.textContent();
      if (!text.includes('>=TLSv1.2')) throw new Error(`hover lacks ">=TLSv1.2": ${text.slice(0, 200)}`);
      await page.mouse.move(5, 400);
      await wb.escape();
      return `${text.length} characters of documentation`;
    });
    await check('web worker: typing smtpd_tls_ completes TLS parameters', wb, async () => {
      await wb.editor().locator('.view-lines').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('smtpd_tls_', { delay: 40 });
      let s = [];
      await until('the suggest widget with smtpd_tls_ names', async () => {
        s = (await wb.suggestions()).map((r) => r.label);
        return s.filter((l) => l.startsWith('smtpd_tls_')).length >= 5;
      }).catch((e) => {
        throw new Error(`${e.message}; suggest widget shows: ${s.join(', ') || '(nothing)'}`);
      });
      await wb.escape();
      await page.keyboard.press('Shift+Home');
      await page.keyboard.press('Backspace');
      return `e.g. ${s.filter((l) => l.startsWith('smtpd_tls_')).slice(0, 3).join(', ')}`;
    });
    await check('web worker: Running Extensions shows postfix-tls in the web worker host', wb, async () => {
      await wb.command('Developer: Show Running Extensions');
      const host = await until('postfix-tls with its host in the Running Extensions view', async () => {
        const h = await runningHost(page);
        return h && h;
      });
      if (!/web worker/.test(host)) throw new Error(`postfix-tls runs in "${host}", not in the web worker`);
      const cell = page.locator('.monaco-list-row[aria-label="postfix-tls"] .activation-time');
      figures.webActivationText = (await cell.textContent())?.trim();
      figures.webHost = host;
      return `"${host}", activation ${figures.webActivationText}`;
    });
  } finally {
    // Later windows run the extension where it is installed again.
    const file = path.join(RUN, 'user-data/User/settings.json');
    const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
    delete settings['remote.extensionKind'];
    fs.writeFileSync(file, JSON.stringify(settings, null, 2));
    await wb.page.context().close();
  }
}

async function restrictedWorkspace(port) {
  const wb = await newWorkbench();
  const ws = path.join(RUN, 'restricted');
  const ok = await check('Restricted Mode: an untrusted folder opens in Restricted Mode', wb, async () => {
    await wb.open(folderUrl(port, ws));
    await wb.answerTrustDialog(false);
    await wb.waitForExplorer('main.cf');
    await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
    await wb.showProblems();
    return 'trust dialog answered "No"; status bar shows Restricted Mode';
  });
  if (!ok) return;
  await check('Restricted Mode: diagnostics that need no file access appear, no certificate file is checked', wb, async () => {
    await wb.quickOpen('main.cf');
    // Restricted Mode reads no sibling file: without master.cf, main.cf is judged alone (port 25 without TLS),
    // so the protocol list of the submission service's TLS is not in use there and not reported.
    const alone = MAIN_FINDINGS.filter((f) => f.code !== 'weak-protocol-ssl');
    const seen = await expectProblems(wb, alone, 'the file-independent findings of main.cf in Restricted Mode');
    if (seen.some((p) => p.code === 'weak-protocol-ssl')) throw new Error('weak-protocol-ssl for a TLS layer that is off without master.cf');
    // The server publishes all findings of a file at once, so this list is complete.
    const cert = seen.filter((p) => /^cert-|^key-/.test(p.code ?? ''));
    if (cert.length) throw new Error(`certificate findings in Restricted Mode: ${cert.map(describe).join('; ')}`);
    return `${seen.length} problems, none about certificate files`;
  });
  await check('Restricted Mode: hover still works', wb, async () => {
    await wb.token('smtpd_tls_protocols', 'smtpd_tls_protocols').hover();
    await wb.page.locator('.monaco-hover:not(.hidden)', { hasText: 'TLS protocol versions' }).first().waitFor({ state: 'visible' });
    return 'docs shown';
  });
  await wb.page.context().close();
}

/** The Mocha suite of test/e2e/host inside the extension host, through the workbench's payload. */
async function hostSuite(port) {
  const wb = await newWorkbench();
  const ws = path.join(RUN, 'host');
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const logs = [];
  let exit;
  await wb.page.exposeFunction('codeAutomationLog', (type, args) => logs.push(`${type}: ${[].concat(args).join(' ')}`));
  await wb.page.exposeFunction('codeAutomationExit', (code) => (exit = { code }));
  wb.page.on('console', (m) => logs.push(`console.${m.type()}: ${m.text()}`));
  await check('Mocha suite inside the extension host (extensionTestsPath)', wb, async () => {
    // A window under test refuses to show dialogs ("DialogService: refused to show dialog in tests"),
    // so the trust question cannot be answered: this window runs with Workspace Trust off (all trusted).
    updateUserSettings({ 'security.workspace.trust.enabled': false });
    const t = Date.now();
    await wb.open(
      folderUrl(port, ws, [
        ['extensionDevelopmentPath', remote(ROOT)],
        ['extensionTestsPath', remote(path.join(ROOT, 'test/e2e/host/index.js'))],
      ]),
    );
    const reportFile = path.join(RUN, 'host-report.json');
    await until('the in-host suite to finish (report file or codeAutomationExit)', () => exit || fs.existsSync(reportFile), { timeout: 120000, interval: 250 });
    // Both should come: the report from the suite, then the exit code through the workbench.
    await until('the report file', () => fs.existsSync(reportFile), { timeout: 10000 }).catch(() => {});
    await until('codeAutomationExit', () => exit, { timeout: 10000 }).catch(() => {});
    fs.writeFileSync(path.join(RUN, 'host-console.log'), logs.join('\n'));
    if (!fs.existsSync(reportFile)) throw new Error(`the extension host exited (${JSON.stringify(exit)}) without a report; see .vscode-test/e2e/host-console.log`);
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    figures.hostSuite = { ...report.stats, ms: Date.now() - t, exit: exit?.code };
    for (const r of report.tests) log(`     ${r.state === 'passed' ? 'ok  ' : 'FAIL'} ${r.title}${r.error ? `: ${r.error}` : ''}`);
    if (report.stats.failures || !report.stats.passes) throw new Error(`${report.stats.failures} of ${report.stats.tests} in-host tests failed`);
    if (exit && exit.code !== 0) throw new Error(`extension host exit code ${exit.code}`);
    return `${report.stats.passes}/${report.stats.tests} passed in the extension host${exit ? `, exit code ${exit.code} via codeAutomationExit` : ''}`;
  });
  await wb.page.context().close();
}

async function main() {
  const watchdog = setTimeout(async () => {
    log(`FAIL the whole run exceeded ${TOTAL_TIMEOUT / 1000} s`);
    await stopCodeServer();
    process.exit(1);
  }, TOTAL_TIMEOUT);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, async () => {
      await stopCodeServer();
      process.exit(130);
    });
  }
  try {
    prepare();
    figures.vsixBytes = fs.statSync(VSIX).size;
    log(`postfix-tls.vsix: ${(figures.vsixBytes / 1024).toFixed(1)} KiB`);
    const installed = installVsix();
    log(`installed ${installed} with --install-extension in ${figures.installMs} ms`);
    const port = await startCodeServer();
    browser = await launchBrowser();
    log(`chromium ${browser.version()}`);
    await trustedWorkspace(port);
    await restrictedWorkspace(port);
    await mailLogChecks({ port, folder: path.join(RUN, 'maillog'), folderUrl, newWorkbench, check, shots: SHOTS, figures });
    await webWorkerWorkspace(port);
    if (!SKIP_HOST) await hostSuite(port);
  } catch (e) {
    results.push({ name: 'setup', ok: false, error: e.message });
    log(`FAIL setup: ${e.message}`);
  } finally {
    await browser?.close().catch(() => {});
    await stopCodeServer();
    clearTimeout(watchdog);
  }

  const failed = results.filter((r) => !r.ok);
  const f = figures;
  console.log('\n=== figures ===');
  console.log(`vsix size:                 ${f.vsixBytes ? `${(f.vsixBytes / 1024).toFixed(1)} KiB (${f.vsixBytes} bytes)` : 'n/a'}`);
  console.log(`vsix install:              ${f.installMs ?? 'n/a'} ms (code-server --install-extension)`);
  console.log(`extension activation:      ${f.activationText ?? 'n/a'} (workbench's Running Extensions view${f.activationDetail ? `: ${f.activationDetail}` : ''})`);
  console.log(`extension host:            ${f.activationHost ?? 'n/a'} (Node build, installed on the server)`);
  console.log(`web worker build:          ${f.webHost ?? 'n/a'}, activation ${f.webActivationText ?? 'n/a'}; open main.cf → diagnostics ${f.webOpenToDiagnosticsMs ?? 'n/a'} ms`);
  console.log(`open main.cf → diagnostics: ${f.openToDiagnosticsMs ?? 'n/a'} ms (first file: includes activation and server start)`);
  console.log(`open master.cf → findings: ${f.openToDiagnosticsWarmMs ?? 'n/a'} ms (server already running)`);
  console.log(`mail log report view:      ${f.reportViewMs ?? 'n/a'} ms from the command to the rendered report (maillog.mjs)`);
  console.log(`in-host Mocha suite:       ${f.hostSuite ? `${f.hostSuite.passes}/${f.hostSuite.tests} passed in ${f.hostSuite.ms} ms` : SKIP_HOST ? 'skipped' : 'did not run'}`);
  console.log(`screenshots:               ${path.relative(ROOT, SHOTS) || '.'}/{problems,hover-tls,quickfix,completion,log-hover,report-view}.png`);
  console.log(`total e2e time:            ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed`);
  for (const r of failed) console.log(`  FAIL ${r.name}: ${r.error}`);
  fs.mkdirSync(RUN, { recursive: true });
  fs.writeFileSync(path.join(RUN, 'result.json'), JSON.stringify({ results, figures }, null, 2));
  process.exitCode = failed.length ? 1 : 0;
}

await main();
