// `postfix-lint --probe` as a process (dist/cli.js, built by `npm run build`) against a scripted
// SMTP server in this process: the JSON shape the README documents, the text report, the exit
// status, the comparison with a main.cf, and usage errors.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { TLSSocket } from 'node:tls';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { makeTestPki, opensslFingerprint, TestPki } from '../probe/testCertificates';
import { findProjectRoot } from '../protocol/lspClient';

const CLI = path.join(findProjectRoot(), 'dist', 'cli.js');

/** The JSON schema the README gives for `--probe --format json`, with undocumented keys made errors. */
function readmeSchema(): object {
  const readme = fs.readFileSync(path.join(findProjectRoot(), 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf("### Checking a server's STARTTLS"));
  const m = /```json\n([\s\S]*?)```/.exec(section);
  assert.ok(m, 'README has no JSON schema for --probe');
  const schema = JSON.parse(m[1]) as { additionalProperties?: boolean; properties: Record<string, { items?: { additionalProperties?: boolean } }> };
  schema.additionalProperties = false;
  schema.properties.chain.items!.additionalProperties = false;
  return schema;
}

/** Asynchronous: the scripted server runs in this process and must keep answering. */
function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A Postfix-like server: offers STARTTLS when given a key and certificate, else not. */
function server(tls?: { key: string; cert: string }, silent = false): Promise<{ port: number; close: () => void }> {
  const sockets = new Set<Socket>();
  const s: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => undefined);
    sock.on('close', () => sockets.delete(sock));
    if (silent) return;
    const talk = (io: Socket, canTls: boolean) => {
      let buf = '';
      const onData = (b: Buffer) => {
        buf += b.toString('latin1');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim().toUpperCase();
          buf = buf.slice(nl + 1);
          if (line.startsWith('EHLO')) io.write(`250-fake.example\r\n250-PIPELINING\r\n${canTls ? '250-STARTTLS\r\n' : ''}250 8BITMIME\r\n`);
          else if (line === 'STARTTLS' && canTls && tls) {
            io.write('220 2.0.0 Ready to start TLS\r\n');
            io.off('data', onData);
            const t = new TLSSocket(io, { isServer: true, key: fs.readFileSync(tls.key), cert: fs.readFileSync(tls.cert) });
            t.on('error', () => undefined);
            talk(t, false);
            return;
          } else if (line === 'QUIT') io.end('221 2.0.0 Bye\r\n');
          else io.write('502 5.5.2 Error\r\n');
        }
      };
      io.on('data', onData);
    };
    sock.write('220 fake.example ESMTP\r\n');
    talk(sock, !!tls);
  });
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () =>
      resolve({
        port: (s.address() as { port: number }).port,
        close: () => {
          for (const x of sockets) x.destroy();
          s.close();
        },
      }),
    ),
  );
}

describe('postfix-lint --probe (the CLI process)', function () {
  this.timeout(30_000);
  let dir = '';
  let pki: TestPki;

  before(() => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-probe-cli-'));
    pki = makeTestPki(path.join(dir, 'tls'));
    fs.writeFileSync(path.join(dir, 'main.cf'), `smtpd_tls_security_level = may\nsmtpd_tls_chain_files = ${pki.leafKey}, ${pki.leafCert}\n`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--format json: the documented shape, exit 0, and the comparison with the main.cf given', async () => {
    const s = await server({ key: pki.leafKey, cert: pki.leafCert });
    try {
      const r = await cli('--probe', `localhost:${s.port}`, '--format', 'json', dir);
      assert.equal(r.status, 0, r.stderr);
      const j = JSON.parse(r.stdout) as Record<string, unknown>;
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats(ajv);
      const validate = ajv.compile(readmeSchema());
      assert.ok(validate(j), `not as the README documents it: ${ajv.errorsText(validate.errors)}`);
      assert.deepEqual(Object.keys(j), [
        'target', 'host', 'port', 'address', 'implicitTls', 'tls', 'banner', 'starttlsOffered', 'protocol', 'cipher', 'keyExchange', 'trust',
        'verified', 'verifyError', 'trustStore', 'nameMatches', 'configured', 'chain', 'extensions', 'notes', 'transcript', 'elapsedMs',
      ]);
      assert.equal(j.target, `localhost:${s.port}`);
      assert.equal(j.port, s.port);
      assert.equal(j.tls, true);
      assert.equal(j.starttlsOffered, true);
      assert.match(String(j.protocol), /^TLSv1\.[23]$/);
      assert.equal(j.trust, 'Untrusted');
      assert.equal(j.verified, false);
      assert.equal(j.nameMatches, true);
      assert.deepEqual(j.extensions, ['PIPELINING', 'STARTTLS', '8BITMIME']);
      const chain = j.chain as Array<Record<string, unknown>>;
      assert.deepEqual(Object.keys(chain[0]), ['subject', 'issuer', 'validFrom', 'validTo', 'expired', 'daysLeft', 'fingerprint256', 'subjectAltName', 'selfSigned']);
      assert.equal(chain[0].fingerprint256, opensslFingerprint(pki.leafCert));
      assert.equal(chain[0].subjectAltName, 'DNS:localhost, IP Address:127.0.0.1');
      assert.match(String(chain[0].validTo), /^\d{4}-\d\d-\d\dT/);
      assert.deepEqual(j.configured, {
        files: [
          { setting: 'smtpd_tls_chain_files', file: pki.leafKey, certificates: [] },
          { setting: 'smtpd_tls_chain_files', file: pki.leafCert, certificates: [{ subject: 'CN=localhost', fingerprint256: opensslFingerprint(pki.leafCert) }] },
        ],
        presented: true,
        matchedSetting: 'smtpd_tls_chain_files',
      });
    } finally {
      s.close();
    }
  });

  it('text: the report an admin reads; exit 1 and the reason when STARTTLS is not offered', async () => {
    const s = await server();
    try {
      const r = await cli('--probe', `127.0.0.1:${s.port}`);
      assert.equal(r.status, 1);
      assert.match(r.stdout, new RegExp(`^STARTTLS check of 127\\.0\\.0\\.1:${s.port}\\n  banner:       220 fake\\.example ESMTP\\n  STARTTLS:     NOT offered\\n  result:       FAILED at ehlo: the server does not offer STARTTLS: mail to it goes in cleartext\\n`));
      const j = JSON.parse((await cli('--probe', `127.0.0.1:${s.port}`, '--format=json')).stdout) as Record<string, unknown>;
      assert.equal(j.tls, false);
      assert.equal(j.stage, 'ehlo');
      assert.equal(j.chain instanceof Array && j.chain.length, 0);
    } finally {
      s.close();
    }
  });

  it('--timeout bounds a silent server', async () => {
    const s = await server(undefined, true);
    try {
      const started = Date.now();
      const r = await cli('--probe', `127.0.0.1:${s.port}`, '--timeout', '0.5', '--format', 'json');
      assert.equal(r.status, 1);
      assert.match((JSON.parse(r.stdout) as { error: string }).error, /within 0\.5 s/);
      assert.ok(Date.now() - started < 10_000);
    } finally {
      s.close();
    }
  });

  it('usage errors: exit 2 with the reason', async () => {
    for (const [args, message] of [
      [['--probe', 'a b'], /--probe: "a b" is not a host name or IP address/],
      [['--probe', 'mx.example.com', '--format', 'sarif'], /--probe prints text or json/],
      [['--probe', 'mx.example.com', '--timeout', '0'], /--timeout expects seconds/],
      [['--timeout', '5', 'main.cf'], /--timeout and --implicit-tls go with --probe/],
      [['--probe', 'mx.example.com', 'a', 'b'], /one main\.cf/],
    ] as Array<[string[], RegExp]>) {
      const r = await cli(...args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });
});
