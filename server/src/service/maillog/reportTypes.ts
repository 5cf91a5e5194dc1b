/**
 * The TLS report of a mail log: the JSON shape `postfix-lint --maillog --format json` prints and
 * the `postfix/tlsReport` request returns (issue 12). Shared by the report engine, the CLI and the
 * VS Code report view.
 */
export interface TlsReport {
  inbound: {
    /** smtpd sessions: `connect from` … `disconnect from` pairs per smtpd process id. */
    sessions: number;
    /** sessions with a "TLS connection established from" line (or `starttls=` in the disconnect summary). */
    tls: number;
    protocols: Record<string, number>;
    trust: Record<string, number>;
  };
  outbound: {
    /** smtp/lmtp delivery lines with status=sent|deferred|bounced and a relay=. */
    deliveries: number;
    tls: number;
    protocols: Record<string, number>;
    trust: Record<string, number>;
    cleartextPeers: { peer: string; deliveries: number }[];
  };
  failures: { line: number; kind: string; peer: string }[];
}

/** Parameters of the `postfix/tlsReport` request (LSP custom request, result TlsReportResult): the log to summarise. */
export interface TlsReportParams {
  uri: string;
}

/** One time bucket of the report view's "share of TLS over time" chart (hour or day, by the log's span). */
export interface TimelineBucket {
  /** The bucket's start as the log writes it, e.g. "Dec  1 14:00" or "2026-12-01T14:00". */
  label: string;
  inbound: { sessions: number; tls: number };
  outbound: { deliveries: number; tls: number };
}

/** The result of `postfix/tlsReport`: the CLI's JSON report plus what the view charts. */
export interface TlsReportResult {
  report: TlsReport;
  timeline: TimelineBucket[];
  /** Lines read, and whether the read stopped early (cancelled) — the view says so. */
  lines: number;
  complete: boolean;
}
