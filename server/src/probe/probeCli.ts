import { writeOut } from '../cliOutput';
import { formatProbe } from './probeReport';
import type { ConfiguredCertificateFile } from './probeTypes';
import { probeStarttls } from './starttlsProbe';

/**
 * `postfix-lint --probe HOST[:PORT] [PATH]`: the check, printed as text or JSON. Exit status 0 when
 * a TLS session was established (whether or not the certificate verifies: opportunistic TLS does not
 * need that), 1 when not (no STARTTLS, refused, handshake failure, unreachable, timeout).
 */
export async function runProbe(target: string, opts: { json: boolean; configured?: ConfiguredCertificateFile[]; overallMs?: number; implicitTls?: boolean }): Promise<number> {
  const overallMs = opts.overallMs ?? 60_000;
  const controller = new AbortController();
  // Ctrl-C ends the check with its result so far rather than killing it mid-sentence.
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await probeStarttls(target, {
      configured: opts.configured,
      implicitTls: opts.implicitTls,
      signal: controller.signal,
      timeouts: { overallMs, readMs: Math.min(30_000, overallMs), connectMs: Math.min(10_000, overallMs) },
    });
    writeOut(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatProbe(result));
    return result.tls ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
