// The installed Postfix release (server/src/installedPostfix.ts): asked from postconf once, then
// read from the cache directory until the program file changes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installedVersion } from '../../server/src/installedPostfix';

describe('installedVersion: postconf asked once per program file', () => {
  let dir = '';
  let calls = '';
  let fake = '';
  const env = () => ({ POSTFIX_TLS_CODE_CACHE: path.join(dir, 'cache'), PATH: path.join(dir, 'bin') });
  /** A postconf that answers `release` to -d -h mail_version and counts its runs. */
  const writeFake = (release: string) => {
    fs.writeFileSync(fake, `#!/bin/sh\necho run >> '${calls}'\n[ "$*" = "-d -h mail_version" ] && echo ${release} && exit 0\nexit 1\n`, { mode: 0o755 });
  };
  const runs = () => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').split('\n').filter(Boolean).length : 0);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postfix-installed-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    calls = path.join(dir, 'calls');
    fake = path.join(dir, 'bin', 'postconf');
    writeFake('3.7.11');
  });

  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a path given: the first answer runs postconf, the next ones read the cache', () => {
    assert.equal(installedVersion(fake, env()), '3.7.11');
    assert.equal(installedVersion(fake, env()), '3.7.11');
    assert.equal(runs(), 1);
    assert.ok(fs.existsSync(path.join(dir, 'cache', 'postconf-version.json')));
  });

  it('postconf found on the PATH is cached the same way', () => {
    assert.equal(installedVersion(undefined, env()), '3.7.11');
    assert.equal(installedVersion(undefined, env()), '3.7.11');
    assert.equal(runs(), 1);
  });

  it('an upgraded program (a new file) is asked again', () => {
    assert.equal(installedVersion(fake, env()), '3.7.11');
    fs.rmSync(fake);
    writeFake('3.10.4');
    // A different size, and a new inode: as a package upgrade replaces the file.
    assert.equal(installedVersion(fake, env()), '3.10.4');
    assert.equal(runs(), 2);
    assert.equal(installedVersion(fake, env()), '3.10.4');
    assert.equal(runs(), 2);
  });

  it('no cache directory (POSTFIX_TLS_CODE_CACHE empty) or a broken cache file: asked every time, same answer', () => {
    const off = { POSTFIX_TLS_CODE_CACHE: '', PATH: path.join(dir, 'bin') };
    assert.equal(installedVersion(fake, off), '3.7.11');
    assert.equal(installedVersion(fake, off), '3.7.11');
    assert.equal(runs(), 2);
    fs.mkdirSync(path.join(dir, 'cache'));
    fs.writeFileSync(path.join(dir, 'cache', 'postconf-version.json'), '{not json');
    assert.equal(installedVersion(fake, env()), '3.7.11');
    assert.equal(runs(), 3);
    assert.equal(installedVersion(fake, env()), '3.7.11');
    assert.equal(runs(), 3);
  });

  it('no postconf: undefined, and nothing is cached', () => {
    fs.rmSync(fake);
    assert.equal(installedVersion(path.join(dir, 'bin', 'postconf'), env()), undefined);
    assert.equal(fs.existsSync(path.join(dir, 'cache', 'postconf-version.json')), false);
  });
});
