// The TLS report of a mail log (issue 12), rule by rule: each case is a small log as Postfix writes
// it and the part of the report that rule decides.
import * as assert from 'node:assert/strict';
import { TlsReportBuilder, tlsReportOf } from '../../server/src/service/maillog/tlsReport';
import { newLineParts, parseEstablished, splitLine } from '../../server/src/service/maillog/logLine';

const log = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('mail log lines: the formats Postfix logs end up in', () => {
  const cases: Array<[string, string]> = [
    ['rsyslog (RFC 3164)', 'Dec  1 14:00:01 mx postfix/smtpd[123]: connect from a.example[192.0.2.1]'],
    ["postlogd's maillog_file", 'Dec 01 14:00:01 mx postfix/smtpd[123]: connect from a.example[192.0.2.1]'],
    ['rsyslog high precision (ISO 8601)', '2026-12-01T14:00:01.123456+00:00 mx postfix/smtpd[123]: connect from a.example[192.0.2.1]'],
    ['journalctl short-iso', '2026-12-01T14:00:01+0000 mx postfix/smtpd[123]: connect from a.example[192.0.2.1]'],
    ['journalctl short-precise', 'Dec 01 14:00:01.123456 mx postfix/smtpd[123]: connect from a.example[192.0.2.1]'],
    ['a raw syslog packet with <PRI>', '<22>Dec  1 14:00:01 mx postfix/smtpd[123]: connect from a.example[192.0.2.1]'],
    ['a multi-instance syslog_name', 'Dec  1 14:00:01 mx postfix-in/submission/smtpd[123]: connect from a.example[192.0.2.1]'],
  ];
  for (const [name, line] of cases) {
    it(`${name}: service smtpd, pid 123, message "connect from …"`, () => {
      const p = newLineParts();
      assert.ok(splitLine(line, p));
      assert.equal(line.slice(p.host, p.hostEnd), 'mx');
      assert.equal(line.slice(p.service, p.serviceEnd), 'smtpd');
      assert.equal(line.slice(p.serviceEnd + 1, p.pidEnd), '123');
      assert.equal(line.slice(p.message), 'connect from a.example[192.0.2.1]');
    });
  }
  it('other lines are not mail log lines: journalctl markers, blank, free text', () => {
    for (const line of ['-- Boot 1234 --', '', 'hello world', 'Dec  1 14:00:01 mx kernel: no pid here']) assert.equal(splitLine(line, newLineParts()), false, line);
  });
  it('an established line gives trust, direction, peer, protocol and cipher', () => {
    const line = 'Trusted TLS connection established to mx.example.com[192.0.2.1]:25: TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits)';
    assert.deepEqual(parseEstablished(line, 0), { trust: 'Trusted', established: true, inbound: false, peer: 'mx.example.com[192.0.2.1]:25', protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' });
    const v6 = 'Anonymous TLS connection established from unknown[2001:db8::1]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)';
    assert.equal(parseEstablished(v6, 0)?.peer, 'unknown[2001:db8::1]');
    assert.equal(parseEstablished('Verified TLS connection reused to mx[192.0.2.1]:25: TLSv1.3 with cipher X (256/256 bits)', 0)?.established, false);
    assert.equal(parseEstablished('Trusted people say hello', 0), undefined);
  });
});

describe('TLS report: inbound smtpd sessions', () => {
  it('a connect … disconnect pair is one session; with an established line inside it is TLS', () => {
    const r = tlsReportOf(
      log(
        'Dec  1 14:00:01 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]',
        'Dec  1 14:00:01 mx postfix/smtpd[100]: Anonymous TLS connection established from a.example[192.0.2.1]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
        'Dec  1 14:00:02 mx postfix/smtpd[100]: disconnect from a.example[192.0.2.1] ehlo=2 starttls=1 quit=1 commands=4',
        'Dec  1 14:00:03 mx postfix/smtpd[100]: connect from b.example[192.0.2.2]',
        'Dec  1 14:00:03 mx postfix/smtpd[100]: disconnect from b.example[192.0.2.2] ehlo=1 quit=1 commands=2',
      ),
    ).report;
    assert.deepEqual(r.inbound, { sessions: 2, tls: 1, protocols: { 'TLSv1.3': 1 }, trust: { Anonymous: 1 } });
  });

  it('sessions are per process: interleaved processes do not mix their TLS', () => {
    const r = tlsReportOf(
      log(
        'Dec  1 14:00:01 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]',
        'Dec  1 14:00:01 mx postfix/smtpd[200]: connect from b.example[192.0.2.2]',
        'Dec  1 14:00:01 mx postfix/smtpd[200]: Verified TLS connection established from b.example[192.0.2.2]: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)',
        'Dec  1 14:00:02 mx postfix/smtpd[100]: disconnect from a.example[192.0.2.1] ehlo=1 quit=1 commands=2',
        'Dec  1 14:00:02 mx postfix/smtpd[200]: disconnect from b.example[192.0.2.2] ehlo=2 starttls=1 quit=1 commands=4',
      ),
    ).report;
    assert.deepEqual(r.inbound, { sessions: 2, tls: 1, protocols: { 'TLSv1.2': 1 }, trust: { Verified: 1 } });
  });

  it('without an established line (smtpd_tls_loglevel = 0) starttls=1 in the summary makes it TLS, protocol and trust "unknown"', () => {
    const r = tlsReportOf(
      log(
        'Dec  1 14:00:01 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]',
        'Dec  1 14:00:02 mx postfix/smtpd[100]: disconnect from a.example[192.0.2.1] ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7',
      ),
    ).report;
    assert.deepEqual(r.inbound, { sessions: 1, tls: 1, protocols: { unknown: 1 }, trust: { unknown: 1 } });
  });

  it('starttls=0/1 (a STARTTLS that failed) is not TLS', () => {
    const r = tlsReportOf(
      log(
        'Dec  1 14:00:01 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]',
        'Dec  1 14:00:02 mx postfix/smtpd[100]: disconnect from a.example[192.0.2.1] ehlo=1 starttls=0/1 commands=1/2',
      ),
    ).report;
    assert.deepEqual(r.inbound, { sessions: 1, tls: 0, protocols: {}, trust: {} });
  });

  it('an established line outside a session, a disconnect without connect and a connect without disconnect count nothing', () => {
    const r = tlsReportOf(
      log(
        'Dec  1 14:00:00 mx postfix/smtpd[100]: disconnect from z.example[192.0.2.9] ehlo=2 starttls=1 quit=1 commands=4',
        'Dec  1 14:00:01 mx postfix/smtpd[100]: Anonymous TLS connection established from a.example[192.0.2.1]: TLSv1.3 with cipher X (256/256 bits)',
        'Dec  1 14:00:02 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]',
        'Dec  1 14:00:03 mx postfix/smtpd[100]: connect from b.example[192.0.2.2]',
        'Dec  1 14:00:04 mx postfix/smtpd[100]: disconnect from b.example[192.0.2.2] ehlo=1 quit=1 commands=2',
      ),
    ).report;
    // Only b's connect … disconnect is a pair: a's connect was followed by b's, z's disconnect had no connect.
    assert.deepEqual(r.inbound, { sessions: 1, tls: 0, protocols: {}, trust: {} });
  });

  it('the same pid on two hosts of a merged log are two processes', () => {
    const r = tlsReportOf(
      log(
        'Dec  1 14:00:01 mx1 postfix/smtpd[100]: connect from a.example[192.0.2.1]',
        'Dec  1 14:00:01 mx2 postfix/smtpd[100]: connect from b.example[192.0.2.2]',
        'Dec  1 14:00:01 mx2 postfix/smtpd[100]: Anonymous TLS connection established from b.example[192.0.2.2]: TLSv1.3 with cipher X (256/256 bits)',
        'Dec  1 14:00:02 mx1 postfix/smtpd[100]: disconnect from a.example[192.0.2.1] ehlo=1 quit=1 commands=2',
        'Dec  1 14:00:02 mx2 postfix/smtpd[100]: disconnect from b.example[192.0.2.2] ehlo=2 starttls=1 quit=1 commands=4',
      ),
    ).report;
    assert.equal(r.inbound.sessions, 2);
    assert.equal(r.inbound.tls, 1);
  });

  it('postscreen-only connections are counted apart, not as smtpd sessions', () => {
    const d = tlsReportOf(
      log(
        'Dec  1 14:00:01 mx postfix/postscreen[90]: CONNECT from [192.0.2.7]:51000 to [192.0.2.25]:25',
        'Dec  1 14:00:01 mx postfix/postscreen[90]: DNSBL rank 3 for [192.0.2.7]:51000',
        'Dec  1 14:00:02 mx postfix/postscreen[90]: CONNECT from [192.0.2.1]:51001 to [192.0.2.25]:25',
        'Dec  1 14:00:02 mx postfix/postscreen[90]: PASS OLD [192.0.2.1]:51001',
        'Dec  1 14:00:02 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]',
        'Dec  1 14:00:03 mx postfix/smtpd[100]: disconnect from a.example[192.0.2.1] ehlo=1 quit=1 commands=2',
      ),
    );
    assert.equal(d.report.inbound.sessions, 1);
    assert.deepEqual(d.postscreen, { connections: 2, passed: 1 });
  });
});

describe('TLS report: outbound smtp/lmtp deliveries', () => {
  const sent = (pid: number, relay: string, status = 'sent (250 2.0.0 Ok)') =>
    `Dec  1 14:00:05 mx postfix/smtp[${pid}]: 4ABCDE1234: to=<u@dest.example>, relay=${relay}, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=${status}`;

  it('a delivery after "TLS connection established to" that relay is TLS, with its protocol and trust', () => {
    const r = tlsReportOf(
      log(
        'Dec  1 14:00:04 mx postfix/smtp[300]: Trusted TLS connection established to mx.dest.example[198.51.100.1]:25: TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits)',
        sent(300, 'mx.dest.example[198.51.100.1]:25'),
      ),
    ).report;
    assert.deepEqual(r.outbound, { deliveries: 1, tls: 1, protocols: { 'TLSv1.2': 1 }, trust: { Trusted: 1 }, cleartextPeers: [] });
  });

  it('every delivery over a reused connection counts, deferred and bounced too', () => {
    const r = tlsReportOf(
      log(
        'Dec  1 14:00:04 mx postfix/smtp[300]: Verified TLS connection established to mx[198.51.100.1]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
        sent(300, 'mx[198.51.100.1]:25'),
        sent(300, 'mx[198.51.100.1]:25', 'deferred (host mx[198.51.100.1] said: 451 4.3.0 try later (in reply to RCPT TO command))'),
        'Dec  1 14:01:00 mx postfix/smtp[300]: Verified TLS connection reused to mx[198.51.100.1]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
        sent(300, 'mx[198.51.100.1]:25', 'bounced (host mx[198.51.100.1] said: 550 5.1.1 unknown user (in reply to RCPT TO command))'),
      ),
    ).report;
    assert.deepEqual(r.outbound, { deliveries: 3, tls: 3, protocols: { 'TLSv1.3': 3 }, trust: { Verified: 3 }, cleartextPeers: [] });
  });

  it('a delivery to another relay than the TLS line named is clear text, and so is the next one back', () => {
    const r = tlsReportOf(
      log(
        'Dec  1 14:00:04 mx postfix/smtp[300]: Trusted TLS connection established to a[198.51.100.1]:25: TLSv1.2 with cipher X (128/128 bits)',
        sent(300, 'b[198.51.100.2]:25'),
        sent(300, 'a[198.51.100.1]:25'),
      ),
    ).report;
    assert.equal(r.outbound.deliveries, 2);
    assert.equal(r.outbound.tls, 0);
    assert.deepEqual(r.outbound.cleartextPeers, [
      { peer: 'a[198.51.100.1]:25', deliveries: 1 },
      { peer: 'b[198.51.100.2]:25', deliveries: 1 },
    ]);
  });

  it('TLS of one smtp process says nothing about another process delivering to the same relay', () => {
    const r = tlsReportOf(
      log('Dec  1 14:00:04 mx postfix/smtp[300]: Trusted TLS connection established to a[198.51.100.1]:25: TLSv1.2 with cipher X (128/128 bits)', sent(301, 'a[198.51.100.1]:25')),
    ).report;
    assert.equal(r.outbound.tls, 0);
  });

  it('lmtp counts like smtp; relay=none (no connection) and local deliveries are not deliveries', () => {
    const r = tlsReportOf(
      log(
        'Dec  1 14:00:05 mx postfix/lmtp[400]: 4ABCDE1234: to=<u@example.org>, relay=mail.example.org[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 Saved)',
        'Dec  1 14:00:05 mx postfix/smtp[300]: 4ABCDE1235: to=<u@gone.example>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to gone.example[192.0.2.99]:25: Connection timed out)',
        'Dec  1 14:00:05 mx postfix/local[500]: 4ABCDE1236: to=<root@mx.example>, relay=local, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to mailbox)',
      ),
    ).report;
    assert.equal(r.outbound.deliveries, 1);
    assert.deepEqual(r.outbound.cleartextPeers, [{ peer: 'mail.example.org[private/dovecot-lmtp]', deliveries: 1 }]);
  });

  it('cleartextPeers are ordered by deliveries, most first', () => {
    const r = tlsReportOf(log(sent(1, 'x[192.0.2.1]:25'), sent(1, 'y[192.0.2.2]:25'), sent(1, 'y[192.0.2.2]:25'))).report;
    assert.deepEqual(r.outbound.cleartextPeers.map((p) => p.peer), ['y[192.0.2.2]:25', 'x[192.0.2.1]:25']);
  });
});

describe('TLS report: failures', () => {
  const cases: Array<[string, string, string]> = [
    ['Dec  1 14:00:01 mx postfix/smtpd[100]: SSL_accept error from a.example[192.0.2.1]: -1', 'SSL_accept error', 'a.example[192.0.2.1]'],
    ['Dec  1 14:00:01 mx postfix/smtpd[100]: warning: TLS library problem: error:0A0000C1:SSL routines::no shared cipher:../ssl/statem/statem_srvr.c:2220:', 'no shared cipher', 'a.example[192.0.2.1]'],
    ['Dec  1 14:00:01 mx postfix/smtpd[100]: warning: TLS library problem: error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_srvr.c:1712:', 'protocol mismatch', 'a.example[192.0.2.1]'],
    ['Dec  1 14:00:01 mx postfix/smtpd[100]: warning: TLS library problem: error:0A000126:SSL routines::unexpected eof while reading:../ssl/record/rec_layer_s3.c:308:', 'TLS library problem', 'a.example[192.0.2.1]'],
    ['Dec  1 14:00:01 mx postfix/smtpd[100]: warning: cannot get RSA certificate from file "/etc/ssl/certs/mail.pem": disabling TLS support', 'cannot load certificate', 'a.example[192.0.2.1]'],
    ['Dec  1 14:00:01 mx postfix/smtpd[100]: lost connection after STARTTLS from a.example[192.0.2.1]', 'lost connection after STARTTLS', 'a.example[192.0.2.1]'],
    ['Dec  1 14:00:01 mx postfix/smtp[300]: 4ABCDE1234: to=<u@d.example>, relay=mx.d.example[198.51.100.1]:25, delay=1, delays=0/0/1/0, dsn=4.7.4, status=deferred (TLS is required, but was not offered by host mx.d.example[198.51.100.1])', 'TLS is required, but was not offered', 'mx.d.example[198.51.100.1]'],
    ['Dec  1 14:00:01 mx postfix/smtp[300]: 4ABCDE1234: to=<u@d.example>, relay=mx.d.example[198.51.100.1]:25, delay=1, delays=0/0/1/0, dsn=4.7.5, status=deferred (Server certificate not verified)', 'Server certificate not verified', 'mx.d.example[198.51.100.1]:25'],
    ['Dec  1 14:00:01 mx postfix/smtp[300]: certificate verification failed for mx.d.example[198.51.100.1]:25: untrusted issuer /CN=Test CA', 'certificate verification failed', 'mx.d.example[198.51.100.1]:25'],
    ['Dec  1 14:00:01 mx postfix/smtp[300]: SSL_connect error to mx.d.example[198.51.100.1]:25: lost connection', 'SSL_connect error', 'mx.d.example[198.51.100.1]:25'],
  ];
  for (const [line, kind, peer] of cases) {
    it(`"${line.slice(line.indexOf(': ') + 2, line.indexOf(': ') + 62)}…" is a failure of kind "${kind}" with peer ${peer}`, () => {
      const r = tlsReportOf(log('Dec  1 14:00:00 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]', line)).report;
      assert.deepEqual(r.failures, [{ line: 2, kind, peer }]);
    });
  }
  it('an unnamed client warning belongs to the peer the process named last: a failed handshake to another relay ends the TLS seen before', () => {
    // Seen with real Postfix: one smtp process first delivered over TLS to :43325, then failed to start TLS with :33465.
    const r = tlsReportOf(
      log(
        'Dec  1 14:00:04 mx postfix/smtp[300]: Untrusted TLS connection established to localhost[127.0.0.1]:43325: TLSv1.3 with cipher X (256/256 bits)',
        'Dec  1 14:00:05 mx postfix/smtp[300]: 4ABCDE1234: to=<u@a.example>, relay=localhost[127.0.0.1]:43325, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok)',
        'Dec  1 14:00:06 mx postfix/smtp[300]: SSL_connect error to 127.0.0.1[127.0.0.1]:33465: -1',
        'Dec  1 14:00:06 mx postfix/smtp[300]: warning: TLS library problem: error:0A00042E:SSL routines::tlsv1 alert protocol version:../ssl/record/rec_layer_s3.c:1602:SSL alert number 70:',
        'Dec  1 14:00:06 mx postfix/smtp[300]: 5ABCDE1234: to=<u@b.example>, relay=localhost[127.0.0.1]:43325, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok)',
      ),
    ).report;
    assert.deepEqual(
      r.failures.map((f) => [f.line, f.kind, f.peer]),
      [
        [3, 'SSL_connect error', '127.0.0.1[127.0.0.1]:33465'],
        [4, 'protocol mismatch', '127.0.0.1[127.0.0.1]:33465'],
      ],
    );
    // The second delivery to :43325 comes over a new connection nothing said was TLS.
    assert.deepEqual([r.outbound.deliveries, r.outbound.tls], [2, 1]);
  });
  it('ordinary warnings and rejects are no TLS failures', () => {
    const r = tlsReportOf(
      log(
        'Dec  1 14:00:01 mx postfix/smtpd[100]: warning: hostname x.example does not resolve to address 192.0.2.1',
        'Dec  1 14:00:01 mx postfix/smtpd[100]: NOQUEUE: reject: RCPT from x[192.0.2.1]: 554 5.7.1 <u@y>: Relay access denied; from=<a@b> to=<u@y> proto=ESMTP helo=<x>',
        'Dec  1 14:00:01 mx postfix/smtp[300]: 4ABCDE1234: to=<u@d.example>, relay=mx[198.51.100.1]:25, delay=1, delays=0/0/1/0, dsn=4.0.0, status=deferred (host mx[198.51.100.1] said: 451 try again)',
      ),
    ).report;
    assert.deepEqual(r.failures, []);
  });
  it('failures beyond maxFailures are counted but not listed', () => {
    const line = 'Dec  1 14:00:01 mx postfix/smtpd[100]: SSL_accept error from a[192.0.2.1]: -1';
    const d = tlsReportOf(log(line, line, line), { maxFailures: 2 });
    assert.equal(d.report.failures.length, 2);
    assert.equal(d.failureCount, 3);
    assert.deepEqual(d.failureKinds, { 'SSL_accept error': 3 });
  });
});

describe('TLS report: streaming, bounds and cancellation', () => {
  const text = log(
    'Dec  1 14:00:01 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]',
    'Dec  1 14:00:01 mx postfix/smtpd[100]: Anonymous TLS connection established from a.example[192.0.2.1]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
    'Dec  1 15:00:02 mx postfix/smtpd[100]: disconnect from a.example[192.0.2.1] ehlo=2 starttls=1 quit=1 commands=4',
    'Dec  1 15:00:04 mx postfix/smtp[300]: Trusted TLS connection established to mx[198.51.100.1]:25: TLSv1.2 with cipher X (128/128 bits)',
    'Dec  1 15:00:05 mx postfix/smtp[300]: 4ABCDE1234: to=<u@dest.example>, relay=mx[198.51.100.1]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 ok)',
  );

  it('chunks of any size, split anywhere (also inside a line or a CRLF), give the report of the whole', () => {
    const whole = tlsReportOf(text);
    const crlf = tlsReportOf(text.replace(/\n/g, '\r\n') + 'Dec  1 15:00:06 mx postfix/smtpd[100]: connect from c[192.0.2.3]\r\nDec  1 15:00:06 mx postfix/smtpd[100]: SSL_accept error: -1\r\n');
    assert.deepEqual(crlf.report.inbound, whole.report.inbound);
    assert.deepEqual(crlf.report.failures, [{ line: 7, kind: 'SSL_accept error', peer: 'c[192.0.2.3]' }]);
    for (const size of [1, 7, 64]) {
      const b = new TlsReportBuilder();
      for (let i = 0; i < text.length; i += size) b.feed(text.slice(i, i + size));
      assert.deepEqual(b.finish(), whole, `chunks of ${size}`);
    }
  });

  it('bytes read into one reused buffer (as the CLI reads a file) give the report of the text', () => {
    const bytes = new TextEncoder().encode(text);
    for (const size of [13, 100]) {
      const b = new TlsReportBuilder();
      const reused = new Uint8Array(size);
      for (let i = 0; i < bytes.length; i += size) {
        const n = Math.min(size, bytes.length - i);
        reused.set(bytes.subarray(i, i + n));
        b.feed(reused.subarray(0, n));
        reused.fill(0x78); // what the next read overwrites must not have been kept
      }
      assert.deepEqual(b.finish(), tlsReportOf(text), `a buffer of ${size} bytes`);
    }
  });

  it('UTF-8 in a peer name comes out as text', () => {
    const r = tlsReportOf(log('Dec  1 14:00:05 mx postfix/smtp[1]: 4ABCDE1234: to=<u@bücher.example>, relay=mx.bücher.example[192.0.2.1]:25, delay=1, delays=0/0/1/0, dsn=2.0.0, status=sent (250 ok)')).report;
    assert.deepEqual(r.outbound.cleartextPeers, [{ peer: 'mx.bücher.example[192.0.2.1]:25', deliveries: 1 }]);
  });

  it('the last line needs no newline', () => {
    assert.deepEqual(tlsReportOf(text.trimEnd()).report, tlsReportOf(text).report);
  });

  it('the timeline has a bucket per hour, counted when the session ends and when the delivery is logged', () => {
    assert.deepEqual(tlsReportOf(text).timeline, [
      { label: 'Dec  1 15:00', inbound: { sessions: 1, tls: 1 }, outbound: { deliveries: 1, tls: 1 } },
    ]);
    const iso = tlsReportOf(
      log(
        '2026-12-01T14:10:00.000000+00:00 mx postfix/smtpd[1]: connect from a[192.0.2.1]',
        '2026-12-01T14:10:01.000000+00:00 mx postfix/smtpd[1]: disconnect from a[192.0.2.1] ehlo=1 commands=1',
      ),
    );
    assert.deepEqual(iso.timeline.map((b) => b.label), ['2026-12-01T14:00']);
  });

  it('more hours than maxHourBuckets become days', () => {
    const lines: string[] = [];
    for (let h = 0; h < 30; h++) {
      const hh = String(h % 24).padStart(2, '0');
      const day = h < 24 ? ' 1' : ' 2';
      lines.push(`Dec ${day} ${hh}:00:01 mx postfix/smtpd[1]: connect from a[192.0.2.1]`, `Dec ${day} ${hh}:00:02 mx postfix/smtpd[1]: disconnect from a[192.0.2.1] ehlo=1 commands=1`);
    }
    const t = tlsReportOf(log(...lines), { maxHourBuckets: 24 }).timeline;
    assert.deepEqual(t.map((b) => [b.label, b.inbound.sessions]), [['Dec  1', 24], ['Dec  2', 6]]);
  });

  it('open sessions of processes whose disconnect never comes are bounded (oldest dropped)', () => {
    const lines: string[] = [];
    for (let pid = 1; pid <= 50; pid++) lines.push(`Dec  1 14:00:01 mx postfix/smtpd[${pid}]: connect from a[192.0.2.1]`);
    for (let pid = 1; pid <= 50; pid++) lines.push(`Dec  1 14:00:02 mx postfix/smtpd[${pid}]: disconnect from a[192.0.2.1] ehlo=1 commands=1`);
    assert.equal(tlsReportOf(log(...lines), { maxOpen: 10 }).report.inbound.sessions, 10);
  });

  it('a cancelled read stops, says so, and counts only what it read', () => {
    const many = text.repeat(5000);
    let asked = 0;
    const token = {
      get isCancellationRequested() {
        return ++asked > 1;
      },
    };
    const b = new TlsReportBuilder();
    assert.equal(b.feed(many, token), false);
    assert.equal(b.feed(many), false, 'nothing is read after the cancellation');
    const d = b.finish();
    assert.equal(d.complete, false);
    assert.ok(d.lines < 25000 && d.lines > 0, `read ${d.lines} lines`);
  });

  it('a line of megabytes without a newline is read as one (cut) line, without a crash', () => {
    const d = tlsReportOf('x'.repeat(3_000_000) + '\n' + text);
    assert.equal(d.lines, 6);
    assert.equal(d.report.inbound.sessions, 1);
  });
});
