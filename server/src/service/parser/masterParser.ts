import type { Field, ParamDef, ParseProblem, ParsedConfig, ServiceEntry } from './ast';
import { isBlankChar, lineStarts, LogicalLine, rangeAt } from './lines';
import { hasMask, scanLogicalLines } from './logical';

interface Token {
  text: string;
  start: number;
  end: number;
}

/**
 * Whitespace-separated fields; `{ ... }` groups (Postfix 3.0+) stay one token. Character codes with
 * the blank test (isBlankChar) inline: no one-character string and no call per character.
 */
function tokenize(t: string): Token[] {
  const out: Token[] = [];
  const n = t.length;
  let i = 0;
  while (i < n) {
    let c = t.charCodeAt(i);
    while (c <= 32 && (c === 32 || c === 9 || c === 13 || c === 11 || c === 12)) c = t.charCodeAt(++i);
    if (i >= n) break;
    const start = i;
    if (c === 123) {
      // `{`
      let depth = 0;
      for (; i < n; i++) {
        const d = t.charCodeAt(i);
        if (d === 123) depth++;
        else if (d === 125 && --depth === 0) {
          i++;
          break;
        }
      }
    } else {
      while (i < n && !(c <= 32 && (c === 32 || c === 9 || c === 13 || c === 11 || c === 12))) c = t.charCodeAt(++i);
    }
    out.push({ text: t.slice(start, i), start, end: i });
  }
  return out;
}

const SERVICE_TYPES = new Set(['inet', 'unix', 'unix-dgram', 'fifo', 'pass']);

/**
 * The fields master(8) and postconf validate, measured with postconf 3.7: the flags take exactly
 * y, n or -; wakeup is - or digits, either with an optional trailing ? (`10?`, `?`, `-?`);
 * maxproc is - or digits (no sign, no unit).
 */
const FIELD_CHECKS: ReadonlyArray<{ index: number; name: string; valid: RegExp; expected: string }> = [
  { index: 2, name: 'private', valid: /^[yn-]$/, expected: 'y, n or -' },
  { index: 3, name: 'unprivileged', valid: /^[yn-]$/, expected: 'y, n or -' },
  { index: 4, name: 'chroot', valid: /^[yn-]$/, expected: 'y, n or -' },
  { index: 5, name: 'wakeup', valid: /^(?:-|\d*)\??$/, expected: 'a number of seconds (optionally followed by ?) or -' },
  { index: 6, name: 'process_limit', valid: /^(?:-|\d+)$/, expected: 'a number or -' },
];

function override(ll: LogicalLine, tok: Token, service: ServiceEntry, problems: ParseProblem[]): ParamDef | undefined {
  let body = tok.text;
  let base = tok.start;
  if (body.startsWith('{')) {
    if (!body.endsWith('}')) {
      problems.push({ range: rangeAt(ll, tok.start, tok.end), code: 'syntax', message: `missing "}" after "-o ${body}"` });
      return undefined;
    }
    // `-o { name = value }`: blanks around the name and value are not part of them.
    const inner = body.slice(1, -1);
    const lead = inner.length - inner.trimStart().length;
    base = tok.start + 1 + lead;
    body = inner.trim();
  }
  const eq = body.indexOf('=');
  const templated = hasMask(body);
  if (eq < 0) {
    if (!templated) problems.push({ range: rangeAt(ll, tok.start, tok.end), code: 'syntax', message: `missing '=' in "-o ${tok.text}": master(8) expects -o name=value` });
    return undefined;
  }
  const name = body.slice(0, eq).trimEnd();
  if (!name) {
    problems.push({ range: rangeAt(ll, tok.start, tok.end), code: 'syntax', message: `missing parameter name in "-o ${tok.text}"` });
    return undefined;
  }
  let v = eq + 1;
  while (v < body.length && isBlankChar(body[v])) v++;
  const value = body.slice(v);
  // Offsets of an override are relative to the logical line, so the value starts at base + v.
  const valueOffset = base + v;
  return {
    name,
    nameRange: rangeAt(ll, base, base + name.length),
    value,
    valueOffset,
    valueRange: rangeAt(ll, valueOffset, valueOffset + value.length),
    range: rangeAt(ll, tok.start, tok.end),
    logical: ll,
    origin: 'master',
    service,
    templated,
    suspiciousContinuations: [],
  };
}

export function parseMasterCf(text: string, template: boolean): ParsedConfig {
  const scan = scanLogicalLines(text, template);
  const problems: ParseProblem[] = [];
  const services: ServiceEntry[] = [];
  const defs: ParamDef[] = [];
  for (const o of scan.orphanContinuations) {
    problems.push({ range: { start: { line: o.line, character: o.start }, end: { line: o.line, character: o.end } }, code: 'syntax', message: 'a master.cf entry must not start with whitespace: this line continues nothing' });
  }
  for (const ll of scan.logical) {
    const toks = tokenize(ll.text);
    const f = (k: number): Field => ({ text: toks[k].text, range: rangeAt(ll, toks[k].start, toks[k].end) });
    if (toks.length < 8) {
      if (!hasMask(ll.text)) {
        problems.push({ range: rangeAt(ll, 0, ll.text.length), code: 'syntax', message: `wrong field count: ${toks.length} of the 8 master.cf fields (service, type, private, unpriv, chroot, wakeup, maxproc, command)` });
      }
      continue;
    }
    const svc: ServiceEntry = {
      key: `${toks[0].text}/${toks[1].text}`,
      name: f(0),
      type: f(1),
      fields: toks.slice(0, 7).map((_, k) => f(k)),
      command: f(7),
      args: toks.slice(8).map((_, k) => f(k + 8)),
      overrides: [],
      range: rangeAt(ll, 0, ll.text.length),
      logical: ll,
    };
    if (!SERVICE_TYPES.has(svc.type.text) && !hasMask(svc.type.text)) {
      problems.push({ range: svc.type.range, code: 'syntax', message: `unknown service type "${svc.type.text}": expected inet, unix, unix-dgram, fifo or pass` });
    }
    for (const check of FIELD_CHECKS) {
      const field = svc.fields[check.index];
      if (!check.valid.test(field.text) && !hasMask(field.text)) {
        problems.push({ range: field.range, code: 'syntax', message: `invalid ${check.name} field "${field.text}": expected ${check.expected} (postconf stops here with a fatal error)` });
      }
    }
    // Like master(8) and postconf, only the options right after the command name are read: the
    // first word that is neither an option nor the value of `-o` starts the daemon's own
    // arguments (`pipe flags=R argv=/usr/sbin/sendmail -oi -f ${sender}`: that -oi is sendmail's).
    for (let k = 8; k < toks.length; k++) {
      const t = toks[k];
      if (!t.text.startsWith('-') || t.text === '--') {
        // A template tag may stand for options: keep reading after it.
        if (hasMask(t.text)) continue;
        break;
      }
      // `-o`, `-oname=value`, and `-vo name=value` (flags, then o with its value).
      const o = t.text.indexOf('o', 1);
      if (o < 0 || t.text.startsWith('-o{')) continue;
      let arg: Token | undefined;
      if (o === t.text.length - 1) {
        arg = toks[++k];
        if (!arg) {
          problems.push({ range: rangeAt(ll, t.start, t.end), code: 'syntax', message: `"${t.text}" without name=value` });
          break;
        }
      } else {
        arg = { text: t.text.slice(o + 1), start: t.start + o + 1, end: t.end };
      }
      const def = override(ll, arg, svc, problems);
      if (def) {
        svc.overrides.push(def);
        defs.push(def);
      }
    }
    services.push(svc);
  }
  return { kind: 'master', defs, services, problems, templateLines: scan.templateLines, controlLines: scan.controlLines, ...(scan.branches ? { branches: scan.branches } : {}), commentLines: scan.commentLines, commentedServices: commentedServices(text, scan.commentLines), template, lineCount: scan.lineCount };
}

/** `#smtps  inet  n  -  y  -  -  smtpd`: a service the admin switched off by commenting out its first line. */
const COMMENTED_SERVICE = /^\s*#\s*[^\s#]+\s+(inet|unix|unix-dgram|fifo|pass)\s+[yn-]\s+[yn-]\s+[yn-]\s+\S+\s+\S+\s+\S+/;

function commentedServices(text: string, commentLines: readonly number[]): number[] {
  if (!commentLines.length) return [];
  const starts = lineStarts(text);
  return commentLines.filter((l) => l < starts.length && COMMENTED_SERVICE.test(text.slice(starts[l], l + 1 < starts.length ? starts[l + 1] : text.length)));
}
