/**
 * Document links in a mail log: from a TLS warning or failure (and an Untrusted TLS line) to the
 * main.cf setting it concerns, as a `file:` URI with a `#L<line>` fragment (VS Code opens the file
 * at that line). Which main.cf is the caller's business (the server looks beside the log, at open
 * documents, in the workspace folders and in /etc/postfix); this only reads the one it is given.
 *
 * The target is, in this order: the setting that names a file the line names ("cannot get RSA
 * certificate from file "/etc/…"", "fopen(/etc/…)"), else the first parameter of the line's kind
 * that main.cf sets (linkTargets.json: per kind, for the server side and the client side, most
 * telling first), else main.cf itself with a tooltip saying that none is set.
 */
import type { DocumentLink } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { EffectiveConfig } from '../config';
import type { ParamDef, ParsedConfig } from '../parser/ast';
import { fileDirectory, FileCandidate, fileCandidates } from '../documentLinks';
import { FAILURE_STARTS, findFailure } from './failureKinds';
import { newEstablishedParts, newLineParts, scanEstablished, splitLine } from './logLine';
import targets from './linkTargets.json';

/** The main.cf the links point into. */
export interface LinkedMainCf {
  uri: string;
  parsed: ParsedConfig;
  /** Its effective configuration: `$config_directory` and other names in file values are expanded. */
  cfg: EffectiveConfig;
}

export interface LogLinkOptions {
  /** The most links returned (the first ones of the log); default 5000. A long log of Untrusted deliveries would send one per line. */
  maxLinks?: number;
}

type Side = 'server' | 'client';
type SideLists = Partial<Record<Side, string[]>>;

const FAILURE_TARGETS = targets.failures as Record<string, SideLists>;
const TRUST_TARGETS = targets.trust as Record<string, SideLists>;

/** Whose settings a program's lines concern: smtp and lmtp are clients, smtpd and what serves for it are servers. */
function sideOf(program: string): Side | undefined {
  if (program === 'smtp' || program === 'lmtp') return 'client';
  if (program === 'smtpd' || program === 'postscreen' || program === 'tlsproxy') return 'server';
  return undefined;
}

/** The candidate names for a line: lmtp has its own lmtp_tls_* family; a program of neither side may mean either. */
function namesFor(lists: SideLists, side: Side | undefined, program: string): string[] {
  if (side === 'client') {
    const names = lists.client ?? [];
    return program === 'lmtp' ? names.map((n) => n.replace(/^smtp_/, 'lmtp_')) : names;
  }
  if (side === 'server') return lists.server ?? [];
  return [...(lists.server ?? []), ...(lists.client ?? [])];
}

/** Absolute paths in a message: after a blank, a quote, `(` or `=` (not `../crypto/…` inside an OpenSSL source name). */
const PATH = /(?:^|[\s"'(=])(\/[^\s"',:;()]+)/g;

function pathLabel(uri: string): string {
  if (!uri.startsWith('file://')) return uri;
  try {
    return decodeURIComponent(uri.slice('file://'.length).replace(/^[^/]*/, ''));
  } catch {
    return uri;
  }
}

const shorten = (s: string, max = 80) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function mailLogLinks(doc: TextDocument, main: LinkedMainCf | undefined, options: LogLinkOptions = {}): DocumentLink[] {
  if (!main) return [];
  const max = options.maxLinks ?? 5000;
  const base = main.uri.replace(/#.*$/, '');
  const label = pathLabel(base);
  const lineOf = (d: ParamDef) => d.range.start.line + 1;
  const at = (d: ParamDef) => `${base}#L${lineOf(d)}`;

  // What main.cf sets, asked once per list of names (a log repeats the same few kinds).
  const byNames = new Map<string, { target: string; tooltip: string }>();
  const forNames = (names: string[]) => {
    const key = names.join(' ');
    let t = byNames.get(key);
    if (!t) {
      const set = names.map((n) => main.cfg.mainDefs.get(n)).filter((d): d is ParamDef => d !== undefined);
      if (set.length) {
        const [first, ...rest] = set;
        const also = rest.length ? `; also set: ${rest.map((d) => `${d.name} (line ${lineOf(d)})`).join(', ')}` : '';
        t = { target: at(first), tooltip: `Open ${label} line ${lineOf(first)}: ${first.name} = ${shorten(first.value)}${also}` };
      } else {
        t = { target: base, tooltip: `${label} sets none of ${names.join(', ')} (Postfix uses their defaults): open ${label}` };
      }
      byNames.set(key, t);
    }
    return t;
  };
  // The files main.cf names, by absolute path: the effective definition of a name wins over an earlier one.
  let files: Map<string, FileCandidate> | undefined;
  const fileSetting = (message: string): FileCandidate | undefined => {
    if (!message.includes('/')) return undefined;
    if (!files) {
      files = new Map();
      for (const c of fileCandidates(main.parsed, main.cfg, fileDirectory(base))) {
        if (!files.has(c.path) || main.cfg.mainDefs.get(c.def.name) === c.def) files.set(c.path, c);
      }
    }
    for (const m of message.matchAll(PATH)) {
      const c = files.get(m[1]);
      if (c) return c;
    }
    return undefined;
  };

  const out: DocumentLink[] = [];
  const parts = newLineParts();
  const est = newEstablishedParts();
  const visit = (line: string, n: number) => {
    // A line of another shape is skipped.
    if (!splitLine(line, parts)) return;
    const m = parts.message;
    const program = line.slice(parts.service, parts.serviceEnd);
    const side = sideOf(program);
    const range = (start: number, end: number) => ({ start: { line: n, character: start }, end: { line: n, character: end } });

    if (scanEstablished(line, m, est)) {
      const lists = TRUST_TARGETS[est.trust];
      if (!lists) return;
      const names = namesFor(lists, est.inbound ? 'server' : 'client', program);
      if (names.length) out.push({ range: range(m, m + est.trust.length), ...forNames(names) });
      return;
    }
    // Failures start like one, or are a delivery's status (TLS is required…, Server certificate not verified).
    let from = -1;
    if (FAILURE_STARTS.some((s) => line.startsWith(s, m))) from = m;
    else {
      const status = line.indexOf(', status=', m);
      if (status >= 0 && !line.startsWith('sent', status + 9)) from = status;
    }
    if (from < 0) return;
    const f = findFailure(line.slice(from));
    if (!f) return;
    // The whole last word ("error loading private key" is the phrase, the line says "keys").
    let end = from + f.index + f.phrase.length;
    while (/[A-Za-z]/.test(line.charAt(end))) end++;
    const r = range(from + f.index, end);
    const file = fileSetting(line.slice(m));
    if (file) {
      out.push({ range: r, target: at(file.def), tooltip: `Open ${label} line ${lineOf(file.def)}: ${file.def.name} names ${file.path}` });
      return;
    }
    const lists = FAILURE_TARGETS[f.kind];
    const names = lists ? namesFor(lists, side, program) : [];
    if (names.length) out.push({ range: r, ...forNames(names) });
  };

  const text = doc.getText();
  if (/\r(?!\n)/.test(text)) {
    // A lone CR ends a line for the editor too: rare enough to split the slow way.
    const lines = text.split(/\r\n|\r|\n/);
    for (let n = 0; n < lines.length && out.length < max; n++) visit(lines[n], n);
  } else {
    let n = 0;
    for (let start = 0; start < text.length && out.length < max; n++) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      visit(text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end), n);
      start = end + 1;
    }
  }
  return out;
}
