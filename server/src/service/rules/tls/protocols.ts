/** TLS protocol lists as Postfix's tls_protocol_mask() reads them. */
export const PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

const HEX: Record<string, Protocol> = { '0300': 'SSLv3', '0301': 'TLSv1', '0302': 'TLSv1.1', '0303': 'TLSv1.2', '0304': 'TLSv1.3' };

export interface ProtocolToken {
  text: string;
  start: number;
  end: number;
  op: '' | '!' | '>=' | '<=';
  protocol?: Protocol;
  problem?: string;
}

export interface ProtocolSet {
  tokens: ProtocolToken[];
  allowed: Set<Protocol>;
  /** Only `!X` exclusions: the old form that `>=` replaces from Postfix 3.6. */
  onlyExclusions: boolean;
  usesRange: boolean;
}

function canonical(name: string): Protocol | undefined {
  const hex = /^(?:0x)?(030[0-4])$/i.exec(name);
  if (hex) return HEX[hex[1]];
  return PROTOCOLS.find((p) => p.toLowerCase() === name.toLowerCase());
}

export function parseProtocols(value: string): ProtocolSet {
  const tokens: ProtocolToken[] = [];
  const re = /[^\s,:]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) {
    const text = m[0];
    const op = text.startsWith('!') ? '!' : text.startsWith('>=') ? '>=' : text.startsWith('<=') ? '<=' : '';
    const name = text.slice(op.length);
    const tok: ProtocolToken = { text, start: m.index, end: m.index + text.length, op };
    if (name === '') {
      tok.problem = op ? `"${op}" must be followed directly by a protocol, without a space (write "${op}TLSv1.2")` : 'empty protocol';
    } else {
      tok.protocol = canonical(name);
      if (!tok.protocol) tok.problem = `"${name}" is not a TLS protocol name (SSLv2, SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)`;
      else if (op === '>=' && tok.protocol === 'SSLv2') tok.problem = '">=SSLv2" is not accepted: ranges start at SSLv3';
    }
    tokens.push(tok);
  }
  const includes = tokens.filter((t) => t.op === '' && t.protocol).map((t) => t.protocol!);
  const allowed = new Set<Protocol>(includes.length ? includes : PROTOCOLS);
  for (const t of tokens) {
    if (!t.protocol || t.problem) continue;
    const i = PROTOCOLS.indexOf(t.protocol);
    if (t.op === '!') allowed.delete(t.protocol);
    else if (t.op === '>=') for (const p of PROTOCOLS.slice(0, i)) allowed.delete(p);
    else if (t.op === '<=') for (const p of PROTOCOLS.slice(i + 1)) allowed.delete(p);
  }
  const valid = tokens.filter((t) => !t.problem);
  return {
    tokens,
    allowed,
    onlyExclusions: valid.length > 0 && valid.every((t) => t.op === '!'),
    usesRange: tokens.some((t) => t.op === '>=' || t.op === '<='),
  };
}

/** Allowed protocols that are not one contiguous run (e.g. TLSv1 and TLSv1.2 but not TLSv1.1). */
export function gapIn(allowed: Set<Protocol>): Protocol | undefined {
  const idx = PROTOCOLS.map((p, i) => (allowed.has(p) ? i : -1)).filter((i) => i >= 0);
  for (let k = 1; k < idx.length; k++) if (idx[k] !== idx[k - 1] + 1) return PROTOCOLS[idx[k - 1] + 1];
  return undefined;
}

/** The value that allows TLS 1.2 and newer, in the syntax the target understands. */
export function modernProtocols(rangeSyntax: boolean): string {
  return rangeSyntax ? '>=TLSv1.2' : '!SSLv2, !SSLv3, !TLSv1, !TLSv1.1';
}

/** An equivalent `>=X` form for a pure exclusion list, if there is one. */
export function asRange(allowed: Set<Protocol>): string | undefined {
  const idx = PROTOCOLS.map((p, i) => (allowed.has(p) ? i : -1)).filter((i) => i >= 0);
  if (!idx.length || idx[idx.length - 1] !== PROTOCOLS.length - 1 || gapIn(allowed)) return undefined;
  const min = PROTOCOLS[idx[0]];
  // A range that still allows SSL is no fix: weak-protocol-ssl offers the real one.
  return min.startsWith('SSL') ? undefined : `>=${min}`;
}
