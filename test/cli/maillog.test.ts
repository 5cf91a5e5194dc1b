// postfix-lint --maillog as a process (dist/cli.js): text and JSON reports of a log, from a file,
// a .gz file, standard input and several files read as one; clear errors for bad input.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { findProjectRoot } from '../protocol/lspClient';

const CLI = path.join(findProjectRoot(), 'dist', 'cli.js');
const run = (args: string[], input?: string | Buffer) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input });

const PART1 = [
  'Dec  1 14:00:01 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]',
  'Dec  1 14:00:01 mx postfix/smtpd[100]: Anonymous TLS connection established from a.example[192.0.2.1]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
].join('\n');
const PART2 = [
  'Dec  1 14:00:02 mx postfix/smtpd[100]: disconnect from a.example[192.0.2.1] ehlo=2 starttls=1 quit=1 commands=4',
  'Dec  1 14:00:03 mx postfix/smtpd[101]: connect from b.example[192.0.2.2]',
  'Dec  1 14:00:03 mx postfix/smtpd[101]: disconnect from b.example[192.0.2.2] ehlo=1 quit=1 commands=2',
  'Dec  1 14:00:04 mx postfix/smtp[300]: 4ABCDE1234: to=<u@dest.example>, relay=mx.dest.example[198.51.100.1]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 ok)',
  'Dec  1 14:00:05 mx postfix/smtpd[102]: SSL_accept error from c.example[192.0.2.3]: -1',
  '',
].join('\n');
const LOG = `${PART1}\n${PART2}`;

describe('postfix-lint --maillog (the CLI process)', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillog-cli-'));
    fs.writeFileSync(path.join(dir, 'mail.log'), LOG);
    fs.writeFileSync(path.join(dir, 'mail.log.1.gz'), gzipSync(LOG));
    // A rotation that cut between a session's connect and its disconnect.
    fs.writeFileSync(path.join(dir, 'part1'), PART1);
    fs.writeFileSync(path.join(dir, 'part2'), PART2);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('text: shares with percentages, clear-text peers, failures with line numbers', () => {
    const r = run(['--maillog', path.join(dir, 'mail.log')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^TLS report of 7 log lines\n/);
    assert.match(r.stdout, /Inbound: 2 smtpd sessions, 1 with TLS \(50\.0%\)/);
    assert.match(r.stdout, /protocols: TLSv1\.3 1 \(100\.0%\)/);
    assert.match(r.stdout, /Outbound: 1 smtp\/lmtp deliveries, 0 over TLS \(0\.0%\)/);
    assert.match(r.stdout, /in clear text to \(1 peer\):\n {4}1 {2}mx\.dest\.example\[198\.51\.100\.1\]:25/);
    assert.match(r.stdout, /TLS failures: 1: SSL_accept error 1\n {2}line 7: SSL_accept error \(c\.example\[192\.0\.2\.3\]\)/);
  });

  it('json: the same report from a file, a .gz file and standard input', () => {
    const plain = run(['--maillog', path.join(dir, 'mail.log'), '--format', 'json']);
    assert.equal(plain.status, 0, plain.stderr);
    const report = JSON.parse(plain.stdout);
    assert.deepEqual(Object.keys(report), ['inbound', 'outbound', 'failures']);
    assert.deepEqual(report.inbound, { sessions: 2, tls: 1, protocols: { 'TLSv1.3': 1 }, trust: { Anonymous: 1 } });
    assert.deepEqual(JSON.parse(run(['--maillog', path.join(dir, 'mail.log.1.gz'), '--format=json']).stdout), report);
    assert.deepEqual(JSON.parse(run(['--maillog', '-', '--format', 'json'], LOG).stdout), report);
    assert.deepEqual(JSON.parse(run(['--format', 'json', '--maillog', '-'], gzipSync(LOG)).stdout), report, 'gzip on standard input');
    fs.writeFileSync(path.join(dir, 'rotated-without-suffix'), gzipSync(LOG));
    assert.deepEqual(JSON.parse(run(['--maillog', path.join(dir, 'rotated-without-suffix'), '--format', 'json']).stdout), report, 'gzip by its magic number, not its name');
  });

  it('several files are one log: a session cut by rotation still pairs up', () => {
    const r = run(['--maillog', path.join(dir, 'part1'), path.join(dir, 'part2'), '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).inbound.sessions, 2);
    assert.deepEqual(JSON.parse(r.stdout).failures, [{ line: 7, kind: 'SSL_accept error', peer: 'c.example[192.0.2.3]' }]);
  });

  it('bad input: a message and exit status 2, never a stack trace', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--maillog', path.join(dir, 'nope.log')], /nope\.log: no such file/],
      [['--maillog', dir], /is a directory/],
      [['--maillog'], /needs a FILE/],
      [['--maillog', path.join(dir, 'mail.log'), '--format', 'sarif'], /prints text or json, not "sarif"/],
      [['--maillog', path.join(dir, 'mail.log'), '--rule', 'x=off'], /--rule does not go with --maillog/],
    ];
    fs.writeFileSync(path.join(dir, 'broken.gz'), Buffer.concat([gzipSync(LOG).subarray(0, 12), Buffer.from('garbage, not deflate data')]));
    cases.push([['--maillog', path.join(dir, 'broken.gz')], /broken\.gz: not a valid gzip file/]);
    for (const [args, message] of cases) {
      const r = run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });
});
