// Installing only the command-line tools: `npm pack` gives a tarball with the two bundles, and
// `npm install -g` of it puts postfix-lint and postfix-language-server on the PATH, with no
// node_modules needed at run time. The .vsix keeps its own whitelist (.vscodeignore).
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { findProjectRoot } from '../protocol/lspClient';

const ROOT = findProjectRoot();
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  files?: string[];
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
  scripts: Record<string, string>;
};
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function npm(args: string[], cwd: string) {
  const r = spawnSync(NPM, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `npm ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The entry names of a zip file, from its central directory. */
function zipEntries(zip: Buffer): string[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

describe('postfix-lint and postfix-language-server as an npm package', () => {
  it('package.json: no runtime dependencies, no "files" (vsce refuses it beside .vscodeignore), prepack builds production bundles', () => {
    assert.deepEqual(Object.keys(PKG.dependencies ?? {}), []);
    assert.equal(PKG.files, undefined);
    assert.match(PKG.scripts.prepack, /esbuild\.mjs --production/);
  });

  it('the bundles load nothing but Node built-ins', () => {
    for (const bundle of ['cli.js', 'postfix-lint.js', 'server.js', 'postfix-language-server.js']) {
      const text = fs.readFileSync(path.join(ROOT, 'dist', bundle), 'utf8');
      const modules = new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
      const builtins = new Set(builtinModules);
      for (const m of modules) assert.ok(m.startsWith('node:') || builtins.has(m), `${bundle} requires ${m}`);
    }
  });

  it('npm pack + npm install -g --prefix: postfix-lint --version and postfix-language-server answer', async function () {
    this.timeout(60000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-pack-'));
    try {
      // --ignore-scripts: pack the bundles `npm run build` made (prepack would rebuild dist/ under the other tests).
      const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], ROOT)) as Array<{ filename: string; files: Array<{ path: string }> }>;
      assert.deepEqual(packed[0].files.map((f) => f.path).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/postfix-language-server.js', 'dist/postfix-lint.js', 'dist/server.js', 'package.json']);
      const prefix = path.join(tmp, 'prefix');
      npm(['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, path.join(tmp, packed[0].filename)], tmp);
      const bin = (name: string) => (process.platform === 'win32' ? path.join(prefix, `${name}.cmd`) : path.join(prefix, 'bin', name));

      const version = spawnSync(bin('postfix-lint'), ['--version'], { encoding: 'utf8' });
      assert.equal(version.status, 0, version.stderr);
      assert.equal(version.stdout, `${PKG.version}\n`);
      fs.writeFileSync(path.join(tmp, 'main.cf'), 'foo_bar = 1\n');
      const lint = spawnSync(bin('postfix-lint'), ['--format', 'github', 'main.cf'], { encoding: 'utf8', cwd: tmp });
      assert.match(lint.stdout, /^::warning file=main\.cf,line=1,col=1,endLine=1,endColumn=8,title=unknown-parameter::/);

      // The language server answers initialize over stdio.
      const server = spawn(bin('postfix-language-server'), ['--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      const reply = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no initialize result: ${out}`)), 20000);
        server.stdout.on('data', (d: Buffer) => {
          out += d.toString('utf8');
          if (out.includes('"capabilities"')) {
            clearTimeout(timer);
            resolve(out);
          }
        });
        server.on('error', reject);
        server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      });
      server.kill();
      assert.match(reply, /"id":1,"result":\{"capabilities"/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('vsce still packages the .vsix with its .vscodeignore whitelist, without the command-line linter', function () {
    this.timeout(60000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-vsix-'));
    try {
      const out = path.join(tmp, 'test.vsix');
      const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
      const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const listed = zipEntries(fs.readFileSync(out))
        .filter((n) => n.startsWith('extension/'))
        .map((n) => n.slice('extension/'.length));
      const allowed = fs
        .readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('!'))
        .map((l) => new RegExp(`^${l.slice(1).replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`, 'i'));
      // vsce renames these three in the package.
      const renamed: Record<string, string> = { 'LICENSE.txt': 'LICENSE', 'changelog.md': 'CHANGELOG.md', 'readme.md': 'README.md' };
      for (const f of listed) assert.ok(allowed.some((re) => re.test(renamed[f] ?? f)), `${f} is packed but not let in by .vscodeignore`);
      for (const f of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/postfix-language-server.js', 'dist/web/client.js', 'dist/web/server.js', 'readme.md']) assert.ok(listed.includes(f), `${f} missing from the .vsix`);
      assert.ok(!listed.includes('dist/cli.js') && !listed.includes('dist/postfix-lint.js'), 'the .vsix does not carry the command-line linter');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('.pre-commit-hooks.yaml: hook postfix-lint, language node, entry a bin of the package, files main.cf and master.cf', () => {
    const text = fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
    const field = (name: string) => new RegExp(`^ {2}${name}: (.*)$`, 'm').exec(text)?.[1];
    assert.match(text, /^- id: postfix-lint$/m);
    assert.equal(field('language'), 'node');
    assert.ok(Object.keys(PKG.bin).includes(field('entry')!));
    const files = new RegExp(field('files')!); // pre-commit: Python re.search on the path
    for (const p of ['main.cf', 'master.cf', 'etc/postfix/main.cf', 'roles/mail/files/master.cf']) assert.ok(files.test(p), p);
    for (const p of ['main.cf.erb', 'domain.cf', 'README.md', 'main.cf/x']) assert.ok(!files.test(p), p);
  });
});
