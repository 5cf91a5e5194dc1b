/**
 * Hover in a mail log (the postfix-log language): what a TLS line means and which parameters
 * change it, whether a delivery went over TLS, what a session summary says about STARTTLS, and
 * on a queue id that message's path through Postfix (every line with that id).
 *
 * Large documents: nothing here reads the whole log. A hover reads its own line, a delivery looks
 * back a bounded number of lines for its process's TLS line, and a queue id is searched in a
 * window of the text around the cursor (the whole text when it is small).
 */
import type { Hover, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import explanations from './explanations.json';
import { failureKind } from './failureKinds';
import { newLineParts, parseEstablished, splitLine } from './logLine';

export interface LogHoverOptions {
  /** Lines a delivery looks back for its process's TLS line; default 5000. */
  lookBack?: number;
  /** Characters searched for a queue id on each side of the cursor in a large text; default 8 MiB. */
  queueWindow?: number;
  /** Lines of a message's path shown; default 60. */
  maxPathLines?: number;
}

type Failures = Record<string, { title: string; text: string; parameters: string[] }>;

const QUEUE_ID = /^(?:[0-9A-F]{5,12}|(?=[0-9A-Za-z]*[0-9A-Z])[0-9A-Za-z]{12,20})$/;

function lineText(doc: TextDocument, line: number): string {
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return text.replace(/\r?\n$/, '');
}

const params = (names: string[]) => (names.length ? `\n\nParameters: ${names.map((n) => `\`${n}\``).join(', ')}` : '');

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** The hover of the log line at `pos`, or null where there is nothing to explain. */
export function mailLogHover(doc: TextDocument, pos: Position, options: LogHoverOptions = {}): Hover | null {
  if (pos.line >= doc.lineCount) return null;
  const line = lineText(doc, pos.line);
  const p = newLineParts();
  if (!splitLine(line, p)) return null;
  const m = p.message;
  const range = (start: number, end: number) => ({ start: { line: pos.line, character: start }, end: { line: pos.line, character: end } });
  const markdown = (value: string, start = m, end = line.length): Hover => ({ contents: { kind: 'markdown', value }, range: range(start, end) });
  const program = line.slice(p.service, p.serviceEnd);

  // A queue id at the start of the message: the message's path.
  const colon = line.indexOf(': ', m);
  if (colon > m && pos.character >= m && pos.character < colon && QUEUE_ID.test(line.slice(m, colon))) {
    return markdown(queuePath(doc, pos.line, line.slice(m, colon), options), m, colon);
  }

  const e = parseEstablished(line, m);
  if (e) {
    const t = explanations.trust[e.trust];
    const current = /^TLSv1\.[23]$/.test(e.protocol);
    const parts = [
      `**${e.trust} TLS connection ${e.established ? 'established' : 'reused'} ${e.inbound ? 'from' : 'to'} ${e.peer}**`,
      e.inbound ? t.inbound : t.outbound,
      ...(e.established ? [] : [explanations.reused]),
      fill(current ? explanations.protocol.current : explanations.protocol.old, { protocol: e.protocol }) + (e.cipher ? ` Cipher: \`${e.cipher}\`.` : ''),
    ];
    return markdown(parts.join('\n\n') + params(t.parameters));
  }

  const kind = failureKind(line.slice(m));
  if (kind) {
    const f = (explanations.failures as Failures)[kind];
    if (f) return markdown(`**${f.title}** (${kind})\n\n${f.text}${params(f.parameters)}`);
  }

  if (program === 'smtpd' && line.startsWith('disconnect from ', m)) {
    const s = /\bstarttls=(\d+)/.exec(line);
    const text = !s ? explanations.session.cleartext : s[1] === '0' ? explanations.session.failed : explanations.session.tls;
    return markdown(`**smtpd session summary**\n\n${text}${params(explanations.session.parameters)}`);
  }

  if ((program === 'smtp' || program === 'lmtp') && colon > m && line.startsWith('to=<', colon + 2)) {
    const relay = /, relay=([^,\s]+)/.exec(line)?.[1];
    const status = /, status=(sent|deferred|bounced)\b/.exec(line)?.[1];
    if (relay && status) return markdown(`**${status === 'sent' ? 'Delivered' : status === 'deferred' ? 'Deferred' : 'Bounced'} via ${relay}**\n\n${deliveryTls(doc, pos.line, line, p.host, p.pidEnd, relay, program, options)}${params(explanations.delivery.parameters)}`);
  }
  return null;
}

/** Whether the delivery on line `n` went over TLS: its process's last TLS line before it, if for this relay. */
function deliveryTls(doc: TextDocument, n: number, line: string, host: number, pidEnd: number, relay: string, program: string, options: LogHoverOptions): string {
  if (relay === 'none') return explanations.delivery.none;
  const process = `${line.slice(host, pidEnd)}]: `;
  const limit = options.lookBack ?? 5000;
  let scanned = 0;
  for (let i = n - 1; i >= 0 && scanned < limit; i--, scanned++) {
    const l = lineText(doc, i);
    const at = l.indexOf(process);
    if (at < 0) continue;
    const msg = at + process.length;
    const e = parseEstablished(l, msg);
    if (e && !e.inbound) {
      if (e.peer !== relay) break;
      return fill(explanations.delivery.tls, { program, trust: e.trust, how: e.established ? 'established' : 'reused', relay, line: i + 1 });
    }
    // An earlier delivery of this process to another relay: the connection changed there.
    const other = /: to=<[^>]*>, (?:orig_to=<[^>]*>, )?relay=([^,\s]+)/.exec(l.slice(msg));
    if (other && other[1] !== relay) break;
  }
  return fill(explanations.delivery.cleartext, { program, scanned });
}

/** Every line of the queue id, around line `n`: the whole text when small, else a window around it. */
function queuePath(doc: TextDocument, n: number, id: string, options: LogHoverOptions): string {
  const text = doc.getText();
  const window = options.queueWindow ?? 8 * 1024 * 1024;
  const max = options.maxPathLines ?? 60;
  const here = doc.offsetAt({ line: n, character: 0 });
  const from = text.length <= 2 * window ? 0 : Math.max(0, here - window);
  const to = text.length <= 2 * window ? text.length : Math.min(text.length, here + window);
  const needle = `]: ${id}: `;
  const found: string[] = [];
  let count = 0;
  for (let i = text.indexOf(needle, from); i >= 0 && i < to; i = text.indexOf(needle, i + needle.length)) {
    count++;
    if (found.length >= max) continue;
    const start = text.lastIndexOf('\n', i) + 1;
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    const l = text.slice(start, end).replace(/\r$/, '');
    const p = newLineParts();
    const lineNo = doc.positionAt(start).line + 1;
    const shown = splitLine(l, p) ? `${l.slice(p.time, p.host - 1)} ${l.slice(p.service, p.serviceEnd)}: ${l.slice(p.message + id.length + 2)}` : l;
    found.push(`${String(lineNo).padStart(7)}  ${shown.length > 200 ? `${shown.slice(0, 199)}…` : shown}`);
  }
  const where = from === 0 && to === text.length ? '' : ` within ${Math.round(window / (1024 * 1024))} MiB of text around this line`;
  const more = count > found.length ? `\n\n… and ${count - found.length} more lines` : '';
  return `**Queue id ${id}**: ${count} line${count === 1 ? '' : 's'}${where}\n\n\`\`\`\n${found.join('\n')}\n\`\`\`${more}`;
}
