// Data tests: the knowledge against the raw outputs of real postconf builds committed in
// data/postfix-facts/<version>/ (written by scripts/postfix-facts/extract.sh). They need no
// Postfix: CI, which has only Debian's 3.7, checks every recorded release this way.
//
// For every recorded build (the newest patch release of each series 3.2 ... 3.11, the 3.12
// snapshot, and Debian's 3.7.11 as an exact release):
//   - every TLS parameter (name containing "tls") postconf -d lists has that default in the
//     knowledge for that target, exactly as postconf prints it, and no other TLS name is known;
//   - the first version the knowledge gives each TLS parameter agrees with the builds: the first
//     build knowing it is of that series (or of a series it was backported to), and names the
//     oldest build knows are not dated after it;
//   - defaults that depend on compatibility_level evaluate, at each level, to what postconf -x says;
//   - `--print --all` of an empty main.cf prints the build's postconf -d TLS lines (and all its
//     other lines but the host-specific ones).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  defaultHistory,
  defaultValue,
  isBuiltin,
  isHostSpecific,
  postconfDefaults,
  removedNote,
  sinceInfo,
  backportsOf,
} from '../../server/src/service/knowledge/knowledge';
import { compareVersions, parseVersion, Version, VersionContext } from '../../server/src/service/knowledge/version';
import { getLanguageService } from '../../server/src/service/languageService';
import { findProjectRoot } from '../projectRoot';


const ROOT = findProjectRoot(__dirname);
const DATA = path.join(ROOT, 'data', 'postfix-facts');

interface Build {
  dir: string;
  version: string;
  /** What a user would target to get this build: the series (newest patch), or the exact release. */
  target: Version;
  exact: boolean;
  defaults: Map<string, string>;
  names: Set<string>;
  compat: Map<string, Map<string, string>>;
}

function readPostconf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const i = line.indexOf(' =');
    out.set(line.slice(0, i), line.slice(i + 2).replace(/^ /, ''));
  }
  return out;
}

function readBuilds(): Build[] {
  return fs
    .readdirSync(DATA)
    .filter((d) => /^\d/.test(d) && fs.existsSync(path.join(DATA, d, 'postconf-d.txt')))
    .map((dir) => {
      const read = (f: string) => fs.readFileSync(path.join(DATA, dir, f), 'utf8');
      const version = read('mail_version').trim();
      const exact = dir.endsWith('-debian');
      const v = parseVersion(version)!;
      const names = new Set(read('names.txt').split('\n').filter(Boolean));
      const all = readPostconf(read('postconf-d.txt'));
      const compat = new Map<string, Map<string, string>>();
      for (const line of read('compat.txt').split('\n').filter(Boolean)) {
        const [level, rest] = line.split('\t');
        const m = readPostconf(rest);
        for (const [n, val] of m) {
          const perLevel = compat.get(n) ?? new Map<string, string>();
          perLevel.set(level, val);
          compat.set(n, perLevel);
        }
      }
      return {
        dir,
        version,
        exact,
        target: exact ? v : [v[0], v[1], 0],
        defaults: new Map([...all].filter(([n]) => names.has(n))),
        names,
        compat,
      };
    })
    .sort((a, b) => compareVersions(parseVersion(a.version)!, parseVersion(b.version)!));
}

const BUILDS = readBuilds();
const SERIES_BUILDS = BUILDS.filter((b) => !b.exact);
const ctxOf = (target: Version, compat: Version = [0, 0, 0]): VersionContext => ({ target, targetSource: 'setting', compat });
const isTls = (n: string) => n.includes('tls');
const series = (v: string) => parseVersion(v)!.slice(0, 2).join('.');

describe('version facts: the knowledge against real postconf builds (data/postfix-facts)', () => {
  it('versions.json is what scripts/postfix-facts/generate.mjs makes of the recorded outputs', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'postfix-facts', 'generate.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('has the recorded builds', () => {
    assert.ok(SERIES_BUILDS.length >= 2, `builds in ${DATA}: ${BUILDS.map((b) => b.dir).join(', ')}`);
  });

  for (const b of BUILDS) {
    describe(`Postfix ${b.dir}`, () => {
      it('every TLS default equals postconf -d, and the TLS names are the same', () => {
        const ours = new Map(postconfDefaults(ctxOf(b.target)).filter(([n]) => isTls(n)));
        const theirs = new Map([...b.defaults].filter(([n]) => isTls(n)));
        const bad: string[] = [];
        for (const [n, v] of theirs) if (ours.get(n) !== v) bad.push(`${n}: postconf "${v}", ours ${ours.has(n) ? `"${ours.get(n)}"` : 'absent'}`);
        for (const n of ours.keys()) if (!theirs.has(n)) bad.push(`${n}: unknown to postconf ${b.version}, known to ours`);
        assert.deepEqual(bad, []);
      });

      it('defaultValue() of every TLS parameter evaluates postconf -d at each compatibility level as postconf -x does', () => {
        const bad: string[] = [];
        for (const [n, raw] of b.defaults) {
          if (!isTls(n)) continue;
          const perLevel = b.compat.get(n);
          for (const level of ['0', '1', '2', '3.6', '3.11']) {
            const got = defaultValue(n, ctxOf(b.target, parseVersion(level)!));
            const x = perLevel?.get(level);
            if (x !== undefined && !got?.includes('$')) {
              if (got !== x) bad.push(`${n} at level ${level}: postconf -x "${x}", ours "${got}"`);
            } else if (!raw.includes('{$compatibility_level}') && got !== raw) {
              bad.push(`${n} at level ${level}: postconf -d "${raw}", ours "${got}"`);
            }
          }
        }
        assert.deepEqual(bad, []);
      });

      if (!b.exact) {
        it('the first version of every TLS parameter agrees with the builds', () => {
          const bad: string[] = [];
          const oldest = SERIES_BUILDS[0];
          for (const n of b.names) {
            if (!isTls(n)) continue;
            const first = SERIES_BUILDS.find((x) => x.names.has(n))!;
            const since = sinceInfo(n)?.version;
            if (first === oldest) {
              if (since && compareVersions(since.slice(0, 2), parseVersion(series(oldest.version))!) > 0 && !backportsOf(n).some((p) => series(p) === series(oldest.version)))
                bad.push(`${n}: known to ${oldest.version}, ours says since ${since.join('.')}`);
            } else {
              const s = since ? since.slice(0, 2).join('.') : 'none';
              const backported = backportsOf(n).some((p) => series(p) === series(first.version));
              if (s !== series(first.version) && !backported) bad.push(`${n}: first known to ${first.version}, ours says since ${since?.join('.') ?? 'early releases'}`);
            }
          }
          assert.deepEqual(bad, []);
        });
      }

      it('--print --all of an empty main.cf prints the postconf -d TLS lines', () => {
        const svc = getLanguageService();
        const main = TextDocument.create('file:///x/main.cf', 'postfix-main', 1, '');
        const master = TextDocument.create('file:///x/master.cf', 'postfix-master', 1, '');
        const printed = svc.print(main, { main, master }, { targetVersion: b.exact ? b.version : series(b.version) }, true);
        const ours = printed.split('\n').filter((l) => l && isTls(l.split(' =')[0]));
        const theirs = [...b.defaults].filter(([n]) => isTls(n)).map(([n, v]) => (v ? `${n} = ${v}` : `${n} =`));
        assert.deepEqual(ours, theirs);
        // And every other built-in line but the host-specific ones.
        const rest = (lines: string[]) => lines.filter((l) => l && !isHostSpecific(l.split(' =')[0]));
        const allTheirs = [...b.defaults].map(([n, v]) => (v ? `${n} = ${v}` : `${n} =`));
        assert.deepEqual(rest(printed.split('\n')), rest(allTheirs));
      });
    });
  }

  it('names newer than the newest stable build are not removed, names a stable release dropped are', () => {
    assert.ok(isBuiltin('tls_config_name'));
    assert.match(removedNote('tls_legacy_public_key_fingerprints') ?? '', /removed in Postfix 3\.11/);
    assert.equal(isBuiltin('tls_legacy_public_key_fingerprints'), false);
  });

  it('facts the issue lists', () => {
    const at = (n: string, t: string, compat = '0') => defaultValue(n, ctxOf(parseVersion(t)!, parseVersion(compat)!));
    assert.equal(at('tls_high_cipherlist', '3.7'), 'aNULL:-aNULL:HIGH:@STRENGTH');
    assert.equal(at('tls_high_cipherlist', '3.11'), 'aNULL:-aNULL:HIGH:!SEED:!IDEA:!3DES:!RC2:!RC4:!RC5:!kDH:!kECDH:!aDSS:!MD5:@STRENGTH');
    assert.equal(at('tls_low_cipherlist', '3.11'), '');
    assert.equal(at('tls_export_cipherlist', '3.8'), '');
    assert.equal(at('lmtp_tls_enable_rpk', '3.11'), 'no');
    assert.equal(at('lmtp_tls_eckey_file', '3.11'), '$lmtp_tls_eccert_file');
    assert.equal(at('smtp_tls_dane_insecure_mx_policy', '3.11'), 'dane');
    assert.equal(at('smtp_tls_dane_insecure_mx_policy', '3.7.11'), '${{$smtp_tls_security_level} == {dane} ? {dane} : {may}}');
    assert.equal(at('smtp_tls_security_level', '3.11', '3.11'), 'may');
    assert.equal(at('smtp_tls_security_level', '3.11', '0'), '');
    assert.equal(at('smtp_tls_fingerprint_digest', '3.11', '0'), 'md5');
    assert.equal(at('smtp_tls_fingerprint_digest', '3.11', '3.6'), 'sha256');
    assert.deepEqual(sinceInfo('tls_config_name')?.version, [3, 9, 0]);
    assert.deepEqual(sinceInfo('smtpd_tls_key_file')?.version, [2, 2, 0]);
    assert.deepEqual(sinceInfo('smtp_tls_enforce_sts_mx_patterns')?.version, [3, 10, 5]);
    assert.deepEqual(sinceInfo('tls_required_enable')?.version, [3, 10, 0]);
    const h = defaultHistory('tls_high_cipherlist', ctxOf([3, 11, 0]));
    assert.equal(h[h.length - 1].since, '3.8');
    assert.equal(h[0].since, `before ${series(SERIES_BUILDS[0].version)}`);
  });
});
