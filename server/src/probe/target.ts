export interface ProbeTarget {
  host: string;
  port: number;
}

/** 4 for a dotted IPv4 address, 6 for an IPv6 address, 0 otherwise (node:net's isIP, without node: this runs in the browser client too). */
export function isIP(s: string): 0 | 4 | 6 {
  const v4 = (t: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(t) && t.split('.').every((o) => Number(o) <= 255 && !/^0\d/.test(o));
  if (v4(s)) return 4;
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$/.test(s)) return 0;
  let t = s.replace(/%.*$/, '');
  let groups = 8;
  const last = t.lastIndexOf(':');
  if (t.includes('.')) {
    if (!v4(t.slice(last + 1))) return 0;
    t = t.slice(0, last + 1) + '0';
    groups = 7;
  }
  const halves = t.split('::');
  if (halves.length > 2) return 0;
  const parts = (h: string) => (h === '' ? [] : h.split(':'));
  const all = halves.flatMap(parts);
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return 0;
  return (halves.length === 2 ? all.length < groups : all.length === groups) ? 6 : 0;
}

/** Service names an admin writes instead of a port, as in master.cf and /etc/services. */
const SERVICES: Record<string, number> = { smtp: 25, submission: 587, smtps: 465, submissions: 465 };

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;

/**
 * HOST, HOST:PORT, [HOST]:PORT (Postfix's notation; the brackets change nothing here since no MX
 * lookup is made), [IPv6]:PORT or a bare IPv6 address; PORT is a number or smtp, submission, smtps.
 * Returns the target or what is wrong with the text.
 */
export function parseTarget(text: string): ProbeTarget | { error: string } {
  const s = text.trim();
  if (!s) return { error: 'no host given' };
  let host = s;
  let port: string | undefined;
  const bracket = /^\[([^\]]+)\](?::([^:]*))?$/.exec(s);
  if (bracket) {
    host = bracket[1];
    port = bracket[2];
  } else if (s.includes('[') || s.includes(']')) {
    return { error: `"${s}" has an unmatched bracket` };
  } else if (isIP(s) === 6) {
    host = s;
  } else if ((s.match(/:/g) ?? []).length === 1) {
    [host, port] = s.split(':');
  } else if (s.includes(':')) {
    return { error: `"${s}": write an IPv6 address with a port as [address]:port` };
  }
  if (!(isIP(host) || HOSTNAME.test(host))) return { error: `"${host}" is not a host name or IP address` };
  let n = 25;
  if (port !== undefined) {
    if (port in SERVICES) n = SERVICES[port];
    else if (/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535) n = Number(port);
    else return { error: `"${port}" is not a port (1-65535, smtp, submission or smtps)` };
  }
  return { host, port: n };
}

/** host:port as written back in messages, with brackets around an IPv6 address. */
export function formatTarget(t: ProbeTarget): string {
  return `${isIP(t.host) === 6 ? `[${t.host}]` : t.host}:${t.port}`;
}
