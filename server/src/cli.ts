import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeErr, writeOut } from './cliOutput';
import { githubAnnotations, jsonFindings, Row, sarifLog, textLine } from './cliFormats';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Severity } from './service/findings';
import { ConfigPair, getLanguageService, LanguageSettings } from './service/languageService';
import { DIRECTORY_FILES, KindId, kindInfo, kindOf } from './shared/documentKinds';
import { describeFsError, NodeCertificateInspector } from './nodeCertificates';
import type * as MaillogCli from './cliMaillog';
import type * as ProbeCli from './probe/probeCli';
import { referencedTableRows, TABLE_KINDS, TableKindArg, TABLES_USAGE, tableRowsAlone } from './cliTables';
import { nodeTableReader } from './nodeTables';
import { parseTarget } from './probe/target';
import { configuredServerCertificates } from './service/serverCertificates';
import { installedVersion } from './installedPostfix';
import { CacheWorth, markWorthCaching } from './codeCacheMark';

// --maillog and --probe load on first use: their modules bring in zlib, net and tls, which a lint
// run (a pre-commit hook on every commit) would otherwise load at every start. A require() call
// stays lazy in the bundle; an import is hoisted.
/* eslint-disable @typescript-eslint/no-require-imports */
const maillogCli = (): typeof MaillogCli => require('./cliMaillog') as typeof MaillogCli;
const probeCli = (): typeof ProbeCli => require('./probe/probeCli') as typeof ProbeCli;
/* eslint-enable @typescript-eslint/no-require-imports */

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

const usage = () => `usage: postfix-lint [--format text|json|sarif|github] [--postfix-version X.Y[.Z]] [--rule id=severity]... [--check-files auto|on|off] [--kind tls-policy|sni] PATH...
       postfix-lint --print [--all] [--postfix-version X.Y[.Z]] PATH
       postfix-lint --probe HOST[:PORT] [--format text|json] [--timeout SECONDS] [--implicit-tls] [PATH]
       postfix-lint --version
${maillogCli().MAILLOG_USAGE}
--format       text (default): file:line:column: severity [rule] message; json: one array of
               {file, line, column, endLine, endColumn, severity, rule, message}; sarif: SARIF 2.1.0
               for code scanning (paths relative to the current directory); github: GitHub Actions
               annotations (::error file=...,line=...::message).
--print prints what postconf -n prints; with --all what postconf prints: every parameter of the
target release, built-in defaults included ($name unexpanded), main.cf values over them.
PATH is a main.cf, a master.cf, or a directory holding them (read together, like postconf -c DIR).
${TABLES_USAGE}
--check-files  read the certificate, key and CA files the configuration names:
               auto (default) only when PATH is this machine's Postfix configuration directory
               (main.cf's config_directory, $MAIL_CONFIG or /etc/postfix): elsewhere the paths name
               another machine's files; on: always (a missing file is an error); off: never.
--probe        connect to HOST (port 25 unless given; no MX lookup), EHLO, STARTTLS (TLS from the
               first byte on port 465 or with --implicit-tls), and report the protocol, cipher,
               certificate chain, whether it verifies against the system CAs and names HOST; with
               PATH (a main.cf or its directory), whether the server presents the certificate it
               names. --timeout bounds the whole check (default 60). Exit status 0 when TLS was
               established, 1 when not.
Exit status: 0 no errors, 1 error findings, 2 usage error or unreadable input.`;

/** The package version: fixed by esbuild in the bundle, else read from the package.json above this file. */
function version(): string {
  if (process.env.POSTFIX_TLS_VERSION) return process.env.POSTFIX_TLS_VERSION;
  for (let d = __dirname; ; d = dirname(d)) {
    try {
      const pkg = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'postfix-tls' && pkg.version) return pkg.version;
    } catch {
      // not here: look further up
    }
    if (dirname(d) === d) return 'unknown';
  }
}

const MAX_BYTES = 64 * 1024 * 1024;

class UsageError extends Error {}

interface Options {
  format: Format;
  print: boolean;
  all: boolean;
  settings: LanguageSettings;
  paths: string[];
  probe?: string;
  timeoutMs?: number;
  implicitTls?: boolean;
  kind?: TableKindArg;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { format: 'text', print: false, all: false, settings: { rules: {}, certificateChecks: 'auto' }, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') && a.startsWith('--') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') {
      writeOut(`${usage()}\n`);
      process.exit(0);
    } else if (a === '--version' || a === '-V') {
      writeOut(`${version()}\n`);
      process.exit(0);
    } else if (a === '--format' || a.startsWith('--format=')) {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown format "${f}" (text, json, sarif or github)`);
      o.format = f as Format;
    } else if (a === '--postfix-version' || a.startsWith('--postfix-version=')) {
      const v = value();
      if (!/^\d+\.\d+(\.\d+)?$/.test(v)) throw new UsageError(`--postfix-version expects X.Y or X.Y.Z, not "${v}"`);
      o.settings.targetVersion = v;
    } else if (a === '--rule' || a.startsWith('--rule=')) {
      const m = /^([a-z0-9-]+)=(error|warning|info|hint|off)$/.exec(value());
      if (!m) throw new UsageError('--rule expects id=error|warning|info|hint|off');
      o.settings.rules![m[1]] = m[2] as Severity | 'off';
    } else if (a === '--check-files' || a.startsWith('--check-files=')) {
      const v = value();
      if (v !== 'auto' && v !== 'on' && v !== 'off') throw new UsageError(`--check-files expects auto, on or off, not "${v}"`);
      o.settings.certificateChecks = v;
    } else if (a === '--probe' || a.startsWith('--probe=')) {
      o.probe = value();
    } else if (a === '--timeout' || a.startsWith('--timeout=')) {
      const v = value();
      if (!/^\d+(\.\d+)?$/.test(v) || Number(v) <= 0 || Number(v) > 3600) throw new UsageError(`--timeout expects seconds (0 < N <= 3600), not "${v}"`);
      o.timeoutMs = Math.round(Number(v) * 1000);
    } else if (a === '--kind' || a.startsWith('--kind=')) {
      const v = value();
      if (!(TABLE_KINDS as readonly string[]).includes(v)) throw new UsageError(`--kind expects ${TABLE_KINDS.join(' or ')}, not "${v}"`);
      o.kind = v as TableKindArg;
    } else if (a === '--implicit-tls') {
      o.implicitTls = true;
    } else if (a === '--print') {
      o.print = true;
    } else if (a === '--all') {
      o.all = true;
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else {
      o.paths.push(a);
    }
  }
  if (o.probe !== undefined) {
    if (o.format !== 'text' && o.format !== 'json') throw new UsageError('--probe prints text or json');
    if (o.print) throw new UsageError('--probe and --print do not go together');
    if (o.paths.length > 1) throw new UsageError('--probe compares with one main.cf (or its directory) at most');
    const t = parseTarget(o.probe);
    if ('error' in t) throw new UsageError(`--probe: ${t.error}`);
    return o;
  }
  if (o.timeoutMs !== undefined || o.implicitTls) throw new UsageError('--timeout and --implicit-tls go with --probe');
  if (o.paths.length === 0) throw new UsageError('no PATH given');
  if (o.all && !o.print) throw new UsageError('--all goes with --print');
  if (o.kind && o.print) throw new UsageError('--kind and --print do not go together');
  return o;
}

class InputError extends Error {}

function load(file: string, kind?: KindId): TextDocument {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new InputError(`${file}: ${describeFsError(e).error}`);
  }
  if (!st.isFile()) throw new InputError(`${file}: not a regular file`);
  if (st.size > MAX_BYTES) throw new InputError(`${file}: larger than ${MAX_BYTES} bytes`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: ${describeFsError(e).error}`);
  }
  const uri = pathToFileURL(resolve(file)).toString();
  return TextDocument.create(uri, kindInfo(kind ?? kindOf({ uri })).languageId, 1, text);
}

/** Groups the arguments into configurations: a directory is one, files of one directory pair up. */
function configurations(paths: string[]): Array<{ pair: ConfigPair; files: Array<{ path: string; doc: TextDocument }> }> {
  const groups = new Map<string, { pair: ConfigPair; files: Array<{ path: string; doc: TextDocument }> }>();
  const add = (path: string, groupKey: string) => {
    const doc = load(path);
    const g = groups.get(groupKey) ?? { pair: {}, files: [] };
    groups.set(groupKey, g);
    const kind = kindOf(doc);
    // Two files of the same kind in one group are linted separately.
    if (g.pair[kind]) return add(path, `${groupKey}\u0000${path}`);
    g.pair[kind] = doc;
    g.files.push({ path, doc });
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      throw new InputError(`${p}: ${describeFsError(e).error}`);
    }
    if (st.isDirectory()) {
      const names = readdirSync(p).filter((n) => DIRECTORY_FILES.some((f) => f.fileName === n));
      if (names.length === 0) throw new InputError(`${p}: no ${DIRECTORY_FILES.map((f) => f.fileName).join(' or ')} in this directory`);
      for (const n of names.sort()) add(join(p, n), resolve(p));
    } else {
      add(p, resolve(p, '..'));
    }
  }
  // Like postconf, a main.cf is read with the master.cf beside it (and the other way round), as context only.
  for (const g of groups.values()) {
    const first = g.files[0];
    if (!DIRECTORY_FILES.some((f) => f.id === kindOf(first.doc))) continue;
    for (const other of DIRECTORY_FILES) {
      if (g.pair[other.id]) continue;
      const sibling = join(resolve(first.path, '..'), other.fileName);
      try {
        if (statSync(sibling).isFile()) g.pair[other.id] = load(sibling);
      } catch {
        // no sibling: judged alone
      }
    }
  }
  return [...groups.values()];
}

/** The certificate files the main.cf at PATH gives smtpd, for the probe to compare with. */
function probeComparison(paths: string[], service: ReturnType<typeof getLanguageService>, settings: LanguageSettings) {
  if (!paths.length) return undefined;
  const g = configurations(paths)[0];
  if (!g.pair.main) throw new InputError(`${paths[0]}: --probe compares with a main.cf`);
  return configuredServerCertificates(service.config(g.pair, settings));
}

function main(argv: string[]): number | Promise<number> {
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    writeErr(`postfix-lint: ${(e as Error).message}\n${usage()}\n`);
    return 2;
  }
  const service = getLanguageService({ certificates: new NodeCertificateInspector(), tables: nodeTableReader });
  try {
    if (opts.probe !== undefined) {
      return probeCli().runProbe(opts.probe, { json: opts.format === 'json', configured: probeComparison(opts.paths, service, opts.settings), overallMs: opts.timeoutMs, implicitTls: opts.implicitTls });
    }
    const groups = opts.kind ? [] : configurations(opts.paths);
    if (opts.print) {
      // postconf -n prints what the installed Postfix knows: a name the newest release dropped
      // (tls_legacy_public_key_fingerprints, gone in 3.11) is still printed by 3.7's postconf. So,
      // as the server does in a trusted workspace, the installed release is the target unless
      // --postfix-version names one (asked once per postconf file, then read from the cache directory).
      const settings: LanguageSettings = opts.settings.targetVersion ? opts.settings : { ...opts.settings, installedVersion: installedVersion() };
      for (const g of groups) {
        if (!g.pair.main) throw new InputError(`${g.files[0].path}: --print needs a main.cf`);
        let out = service.print(g.pair.main, g.pair, settings, opts.all);
        // Like postconf -c DIR: config_directory is the directory read.
        const mainPath = g.files.find((f) => f.doc === g.pair.main)?.path;
        if (opts.all && mainPath) out = out.replace(/^config_directory = .*$/m, `config_directory = ${dirname(mainPath)}`);
        writeOut(out);
      }
      if (groups.length) markWorthCaching(CacheWorth.Print);
      return 0;
    }
    const rows: Row[] = [];
    for (const g of groups) {
      for (const { path, doc } of g.files) for (const f of service.findings(doc, g.pair, opts.settings)) rows.push({ file: path, f });
    }
    rows.push(...(opts.kind ? tableRowsAlone(opts.paths, opts.kind, service, opts.settings, load) : referencedTableRows(groups, service, opts.settings, load)));
    // The rules ran: the code cache made after this run serves later lints (codeCacheMark.ts).
    if (groups.length) markWorthCaching(CacheWorth.Rules);
    if (opts.format === 'json') {
      writeOut(`${JSON.stringify(jsonFindings(rows), null, 2)}\n`);
    } else if (opts.format === 'sarif') {
      const homepage = process.env.POSTFIX_TLS_HOMEPAGE || undefined;
      writeOut(`${JSON.stringify(sarifLog(rows, { version: version(), informationUri: homepage }), null, 2)}\n`);
    } else if (opts.format === 'github') {
      writeOut(githubAnnotations(rows));
    } else {
      // A few large writes, not one per finding: each write is a system call.
      let chunk = '';
      for (const row of rows) {
        chunk += textLine(row);
        if (chunk.length >= 1 << 16) {
          writeOut(chunk);
          chunk = '';
        }
      }
      writeOut(chunk);
      const count: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
      for (const r of rows) count[r.f.severity]++;
      if (rows.length) writeErr(`${rows.length} finding(s): ${count.error} error, ${count.warning} warning, ${count.info} info, ${count.hint} hint\n`);
    }
    return rows.some((r) => r.f.severity === 'error') ? 1 : 0;
  } catch (e) {
    if (e instanceof InputError) {
      writeErr(`postfix-lint: ${e.message}\n`);
      return 2;
    }
    writeErr(`postfix-lint: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

const args = process.argv.slice(2);
const status = args.includes('--maillog') ? maillogCli().maillogMain(args, usage()) : main(args);
if (typeof status === 'number') process.exitCode = status;
else
  void status.then(
    (s) => (process.exitCode = s),
    (e: unknown) => {
      writeErr(`postfix-lint: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );

