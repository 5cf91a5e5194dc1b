// TLS policy table source files (smtp_tls_policy_maps): the parse as postmap and the SMTP client
// read it, the findings with their ranges, hover and completion. A `¦` marks the cursor (a `|`
// belongs to fingerprint lists), `«...»` the text a finding must cover.
import * as assert from 'node:assert/strict';
import * as nodeFs from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeCertificateInspector } from '../../server/src/nodeCertificates';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/service/languageService';
import { offsetAt, parseTableSource } from '../../server/src/service/tables/source';
import { parsePolicyTable } from '../../server/src/service/tables/policy';
import { policySummary, tableCodeActions, tableCompletion, TableContext, tableFindings, TableFinding, tableHover } from '../../server/src/service/tables';
import { kindOf } from '../../server/src/service/documentKinds';
import { policyLookup } from '../../server/src/service/tables/lookup';
import { parseVersion } from '../../server/src/service/knowledge/version';

let n = 0;
const URI = 'file:///etc/postfix/tls_policy';
const tableDoc = (text: string) => TextDocument.create(URI, 'postfix-tls-policy', ++n, text);

function withMain(main: string, targetVersion?: string): TableContext {
  const m = TextDocument.create('file:///etc/postfix/main.cf', 'postfix-main', ++n, main);
  return { kind: 'tls-policy', program: 'smtp', cfg: getLanguageService().config({ main: m }, { targetVersion }) };
}

const MAIN = 'compatibility_level = 3.11\nsmtp_tls_security_level = may\n';

/** Findings of a table written with `«...»` around the text the one expected finding covers. */
function lintTable(marked: string, ctx: TableContext = withMain(MAIN)): { fs: TableFinding[]; doc: TextDocument; span?: [number, number] } {
  const a = marked.indexOf('«');
  const text = marked.replace(/[«»]/g, '');
  const doc = tableDoc(text);
  const span: [number, number] | undefined = a >= 0 ? [a, marked.indexOf('»') - 1] : undefined;
  return { fs: tableFindings(doc, ctx), doc, span };
}

function expectOne(marked: string, rule: string, severity: string, message: string[] = [], ctx?: TableContext): TableFinding {
  const { fs, doc, span } = lintTable(marked, ctx);
  const mine = fs.filter((f) => f.rule === rule);
  assert.equal(mine.length, 1, `one ${rule} expected, got ${JSON.stringify(fs.map((f) => [f.rule, f.message]))}`);
  const f = mine[0];
  assert.equal(f.severity, severity);
  if (span) assert.deepEqual([doc.offsetAt(f.range.start), doc.offsetAt(f.range.end)], span, `range of ${rule}: ${JSON.stringify(f.range)}`);
  for (const m of message) assert.ok(f.message.includes(m), `"${f.message}" lacks "${m}"`);
  return f;
}

function expectQuiet(text: string, ctx?: TableContext, rules?: string[]): void {
  const { fs } = lintTable(text, ctx);
  const shown = rules ? fs.filter((f) => rules.includes(f.rule)) : fs;
  assert.deepEqual(shown.map((f) => `${f.rule}: ${f.message}`), []);
}

describe('TLS policy table: the source as postmap reads it', () => {
  it('key and value split at the first blank; continuation lines join with their leading blanks; comments and blank lines inside an entry are skipped', () => {
    const t = parseTableSource('Example.COM may\n# note\n\n  protocols=>=TLSv1.2\n\tciphers=high   \nfoo.org\tencrypt\n');
    assert.deepEqual(t.entries.map((e) => [e.key, e.value]), [['Example.COM', 'may  protocols=>=TLSv1.2\tciphers=high'], ['foo.org', 'encrypt']]);
    // Every value character keeps its place in the text.
    const e = t.entries[0];
    assert.equal(offsetAt(e, e.value.indexOf('protocols')), '# note\n\n  '.length + 'Example.COM may\n'.length);
    assert.equal(offsetAt(e, e.value.length), 'Example.COM may\n# note\n\n  protocols=>=TLSv1.2\n\tciphers=high'.length);
  });

  it('a "#" after text is part of the value; an indented "#" line is a comment', () => {
    const t = parseTableSource('a.example may #not a comment\n   # a comment\n');
    assert.deepEqual(t.entries.map((e) => e.value), ['may #not a comment']);
    assert.equal(t.comments.length, 1);
  });

  it('what postmap drops with a warning: no value, leading blanks at the top, an unbalanced quote', () => {
    const t = parseTableSource('  orphan may\nbare\nk"ey may\nok may\n');
    assert.deepEqual(t.problems.map((p) => [p.kind, p.line]), [['leading-whitespace', 0], ['no-value', 1], ['unbalanced-quote', 2]]);
    assert.deepEqual(t.entries.map((e) => e.key), ['ok']);
  });

  it('quotes and backslashes keep a blank inside the key', () => {
    const t = parseTableSource('k"a b" v\nk\\ x y\n');
    assert.deepEqual(t.entries.map((e) => [e.key, e.value]), [['k"a b"', 'v'], ['k\\ x', 'y']]);
  });

  it('the value as the client reads it: level, then name=value attributes split at blanks and commas', () => {
    const t = parsePolicyTable('[relay]:587 encrypt protocols=>=TLSv1.2,ciphers=high  match=a:b\n', false);
    const e = t.entries[0];
    assert.equal(e.level?.text, 'encrypt');
    assert.deepEqual(e.attributes.map((a) => [a.name, a.value?.text]), [['protocols', '>=TLSv1.2'], ['ciphers', 'high'], ['match', 'a:b']]);
  });

  it('braces group an attribute with blanks and commas from 3.10; before that they are split like any text', () => {
    const modern = parsePolicyTable('x.example secure { match = a.example, b.example }\n', true).entries[0];
    assert.deepEqual(modern.attributes.map((a) => [a.name, a.value?.text, a.braced]), [['match', 'a.example, b.example', true]]);
    const old = parsePolicyTable('x.example secure { match = a.example, b.example }\n', false).entries[0];
    assert.ok(old.attributes.every((a) => a.malformed));
  });
});

describe('TLS policy table: findings', () => {
  it('policy-unknown-level: a misspelt level, with the fix', () => {
    const f = expectOne('example.com «secuer» match=nexthop\n', 'policy-unknown-level', 'error', ['"secuer"', 'did you mean "secure"', 'defers mail for example.com']);
    assert.equal(f.edits?.[0].edits[0].newText, 'secure');
  });

  it('policy-unknown-level near miss: levels are case-insensitive', () => {
    expectQuiet('example.com SECURE match=nexthop\n', withMain(`${MAIN}smtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\n`));
  });

  it('policy-version: dane on a target that predates it; enable_rpk before 3.9', () => {
    expectOne('example.com «dane»\n', 'policy-version', 'error', ['needs Postfix 2.11'], withMain(MAIN, '2.10'));
    expectOne('example.com encrypt «enable_rpk»=yes\n', 'policy-version', 'error', ['needs Postfix 3.9'], withMain(MAIN, '3.8'));
  });

  it('policy-attribute-level: match on encrypt invalidates the entry, with a fix that removes it', () => {
    const f = expectOne('example.com encrypt «match»=nexthop\n', 'policy-attribute-level', 'error', ['not accepted at level "encrypt"', 'defers mail']);
    const t = 'example.com encrypt match=nexthop\n';
    const d = tableDoc(t);
    const [action] = tableCodeActions(d, [f], [], f.range);
    assert.equal(TextDocument.applyEdits(d, action.edit!.changes![URI]), 'example.com encrypt\n');
  });

  it('policy-attribute-level: tafile only with verify and secure; anything on none is ignored (a warning)', () => {
    expectOne('example.com dane-only «tafile»=/etc/ta.pem\n', 'policy-attribute-level', 'error', ['only verify, secure']);
    const f = expectOne('example.com none «ciphers=high»\n', 'policy-attribute-level', 'warning', ['ignores "ciphers=high"']);
    assert.equal(f.unnecessary, true);
  });

  it('policy-malformed-attribute: protocols=!SSLv2,!SSLv3 splits at the comma; the fix joins with ":"', () => {
    const text = '[relay]:587 encrypt protocols=!SSLv2,«!SSLv3»\n';
    const f = expectOne(text, 'policy-malformed-attribute', 'error', ['missing \'=\'', 'write ":" between its items']);
    const d = tableDoc(text.replace(/[«»]/g, ''));
    const [action] = tableCodeActions(d, [f], [], f.range);
    assert.equal(TextDocument.applyEdits(d, action.edit!.changes![URI]), '[relay]:587 encrypt protocols=!SSLv2:!SSLv3\n');
  });

  it('policy-malformed-attribute: a single-instance attribute twice, an empty value, a bad yes/no', () => {
    expectOne('a.example encrypt ciphers=high «ciphers»=medium\n', 'policy-malformed-attribute', 'error', ['only once']);
    expectOne('a.example secure «match=»\n', 'policy-malformed-attribute', 'error', ['empty value']);
    expectOne('a.example encrypt connection_reuse=«maybe»\n', 'policy-malformed-attribute', 'error', ['yes or no']);
  });

  it('policy-malformed-attribute near miss: match and tafile may repeat', () => {
    expectQuiet('a.example secure match=nexthop match=.example.net tafile=/a.pem tafile=/b.pem\n');
  });

  it('policy-unknown-attribute: with "did you mean"', () => {
    expectOne('a.example encrypt «protocol»=>=TLSv1.2\n', 'policy-unknown-attribute', 'error', ['did you mean "protocols"']);
  });

  it('main.cf protocol rules on protocols=: SSLv3 allowed, a gap, legacy syntax, ">=" before 3.6', () => {
    expectOne('a.example encrypt protocols=«!SSLv2»\n', 'weak-protocol-ssl', 'error', ['allows SSLv3']);
    expectOne('a.example may protocols=«!SSLv2:!SSLv3:!TLSv1.1»\n', 'protocol-gap', 'error', ['TLSv1.1 is excluded']);
    const f = expectOne('a.example may protocols=«!SSLv2:!SSLv3»\n', 'protocol-legacy-syntax', 'hint', []);
    assert.equal(f.edits?.[0].edits[0].newText, '>=TLSv1');
    expectOne('a.example encrypt protocols=«>=TLSv1.2»\n', 'protocol-invalid', 'error', ['needs Postfix 3.6'], withMain(MAIN, '3.5'));
  });

  it('weak-protocol-tls10 only where the level requires TLS', () => {
    expectOne('example.gov encrypt protocols=«TLSv1»\n', 'weak-protocol-tls10', 'warning', ['level "encrypt" requires TLS'], undefined);
    expectQuiet('example.gov may protocols=>=TLSv1\n');
  });

  it('cipher rules on ciphers= and exclude=', () => {
    expectOne('a.example encrypt ciphers=«HIGH:!aNULL»\n', 'invalid-grade', 'error', ['not a cipher grade']);
    expectOne('a.example encrypt ciphers=«null»\n', 'null-cipher', 'error', []);
    expectOne('a.example encrypt exclude=aNULL:«!RC4»\n', 'exclude-syntax', 'error', []);
    expectQuiet('a.example encrypt ciphers=high exclude=aNULL:RC4\n');
  });

  it('dane-no-dnssec: a dane entry while main.cf leaves smtp_dns_support_level unset', () => {
    expectOne('example.org «dane-only»\n', 'dane-no-dnssec', 'error', ['smtp_dns_support_level is ""', 'mail is deferred']);
    expectQuiet('example.org dane-only\n', withMain(`${MAIN}smtp_dns_support_level = dnssec\n`));
  });

  it('dane-no-dnssec is not judged without main.cf, or when master.cf sets it for a service', () => {
    expectQuiet('example.org dane\n', { kind: 'tls-policy' });
  });

  it('verify-no-trust: secure without tafile and no CA at all; quiet with a CA file, tafile, or the system CAs', () => {
    expectOne('example.com «secure»\n', 'verify-no-trust', 'warning', ['tls_append_default_CA = no']);
    expectQuiet('example.com secure\n', withMain(`${MAIN}smtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\n`));
    expectQuiet('example.com secure tafile=/etc/postfix/ta.pem\n');
    expectQuiet('example.com verify\n', withMain(`${MAIN}tls_append_default_CA = yes\n`));
    expectQuiet('example.com verify\n', { kind: 'tls-policy' });
  });

  it('table-duplicate-key: keys are folded to lower case; the first one wins', () => {
    const f = expectOne('Example.com secure\n«example.COM» may\n', 'table-duplicate-key', 'warning', ['line 1', 'keeps the first'], withMain(`${MAIN}smtp_tls_CAfile = /ca.pem\n`));
    assert.equal(f.related?.[0].range.start.line, 0);
  });

  it('policy-relayhost-key: [relay]:587 while relayhost is [relay]:submission', () => {
    const ctx = withMain(`${MAIN}relayhost = [relay.example.net]:submission\n`);
    const f = expectOne('«[relay.example.net]:587» encrypt\n', 'policy-relayhost-key', 'warning', ['587 and submission name the same port', 'never applies'], ctx);
    assert.equal(f.edits?.[0].edits[0].newText, '[relay.example.net]:submission');
    expectQuiet('[relay.example.net]:submission encrypt\n', ctx);
    expectQuiet('[RELAY.example.net]:submission encrypt\n', ctx);
  });

  it('policy-match-impossible: a fingerprint of the wrong length for the digest, or not hex at all', () => {
    const sha1 = '12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0:12:34:56:78';
    const sha256 = `${sha1}:12:34:56:78:9a:bc:de:f0:12:34:56:78`;
    expectOne(`[thumb.example.org] fingerprint match=«${sha1}»|${sha256}\n`, 'policy-match-impossible', 'error', ['20 bytes', 'sha256']);
    expectOne('[thumb.example.org] fingerprint match=«b6:b4:72:...:2f»\n', 'policy-match-impossible', 'error', ['not a hexadecimal fingerprint']);
    expectQuiet(`[thumb.example.org] fingerprint\n  match=${sha1.replace(/:/g, '')}\n`, withMain(`${MAIN}smtp_tls_fingerprint_digest = sha1\n`), ['policy-match-impossible']);
  });

  it('secure-hostname in match= at level secure', () => {
    expectOne('example.net secure match=nexthop:«hostname»\n', 'secure-hostname', 'warning', []);
  });

  it('cert-file-missing: a tafile= the client cannot load makes the entry invalid; read only with an inspector, a root-only file is not judged', () => {
    const dir = nodeFs.mkdtempSync(path.join(os.tmpdir(), 'postfix-tafile-'));
    try {
      const anchors = path.join(dir, 'anchors.pem');
      // A trust anchor may be a bare public key (PUBLIC KEY), as the client loads it.
      nodeFs.writeFileSync(anchors, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }));
      const empty = path.join(dir, 'empty.pem');
      nodeFs.writeFileSync(empty, 'no PEM here\n');
      const missing = path.join(dir, 'missing.pem');
      const files = new NodeCertificateInspector();
      const ctx: TableContext = { ...withMain(MAIN), certificates: files };
      expectOne(`example.com secure tafile=«${missing}»\n`, 'cert-file-missing', 'error', ['tafile for example.com', 'defers mail for example.com'], ctx);
      expectOne(`example.com verify tafile=«${empty}»\n`, 'cert-file-missing', 'error', ['tafile for example.com'], ctx);
      expectQuiet(`example.com secure tafile=${anchors}\n`, ctx, ['cert-file-missing']);
      // Without an inspector (browser, Restricted Mode, certificateChecks off or away from the host) nothing is read.
      expectQuiet(`example.com secure tafile=${missing}\n`, withMain(MAIN), ['cert-file-missing']);
      // $names and relative paths are not guessed at.
      expectQuiet('example.com secure tafile=$config_directory/ta.pem\nexample.net secure tafile=ta.pem\n', ctx, ['cert-file-missing']);
      const denied: NodeCertificateInspector = Object.assign(Object.create(files) as NodeCertificateInspector, { inspect: (p: string) => ({ path: p, error: 'permission denied', reason: 'denied' as const, blocks: [], certificates: [], issuedByNext: [] }) });
      expectQuiet(`example.com secure tafile=${missing}\n`, { ...withMain(MAIN), certificates: denied }, ['cert-file-missing']);
    } finally {
      nodeFs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('policy-wildcard-key: "*" is no wildcard in a policy table (seen in a real table: "* may" after per-domain entries)', () => {
    expectOne('gmail.com may\n«*» may\n', 'policy-wildcard-key', 'warning', ['never applies', 'smtp_tls_security_level = may']);
    expectOne('«*.example.com» encrypt\n', 'policy-wildcard-key', 'warning', ['parent domains']);
    expectQuiet('.example.com encrypt\nexample.com encrypt\n[relay.example.net]:587 encrypt\n', undefined, ['policy-wildcard-key']);
  });

  it('table-syntax: an entry without a level', () => {
    expectOne('«example.com»\n', 'table-syntax', 'error', ['no value']);
  });

  it('the Postfix documentation example is clean apart from its elided fingerprints and its TLSv1 example', () => {
    const text = [
      'example.edu                 none',
      'example.mil                 may',
      'example.gov                 encrypt protocols=TLSv1',
      'example.com                 verify ciphers=high',
      'example.net                 secure',
      '.example.net                secure match=.example.net:example.net',
      '[mail.example.org]:587      secure match=nexthop',
      '# Postfix 2.5 and later',
      '[thumb.example.org]          fingerprint',
      '    match=b6:b4:72:34:e2:59:cd:...:c2:ca:63:0d:4d:cc:2c:7d:84:de:e6:2f',
      '',
    ].join('\n');
    const { fs } = lintTable(text, withMain(`${MAIN}smtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\n`));
    assert.deepEqual(fs.map((f) => `${f.rule}@${f.range.start.line}`).sort(), ['policy-match-impossible@9', 'tls13-disabled@2', 'weak-protocol-tls10@2']);
  });
});

/** Text with one `¦` cursor. */
function at(text: string): { doc: TextDocument; pos: ReturnType<TextDocument['positionAt']> } {
  const i = text.indexOf('¦');
  const doc = tableDoc(text.replace('¦', ''));
  return { doc, pos: doc.positionAt(i) };
}

const hoverText = (text: string, ctx: TableContext = withMain(MAIN)) => {
  const { doc, pos } = at(text);
  const h = tableHover(doc, pos, ctx);
  return h ? (h.contents as MarkupContent).value : '';
};

describe('TLS policy table: hover', () => {
  it('a level: what it does, its attributes, since when', () => {
    const h = hoverText('example.com sec¦ure\n');
    assert.match(h, /^\*\*secure\*\*/);
    assert.match(h, /`match`/);
    assert.match(h, /Postfix 2\.3 and later/);
  });

  it('an attribute, explained for the level it is on, with what it overrides', () => {
    const may = hoverText('a.example may proto¦cols=>=TLSv1.2\n');
    assert.match(may, /Overrides smtp_tls_protocols for this destination/);
    const enc = hoverText('a.example encrypt proto¦cols=>=TLSv1.2\n');
    assert.match(enc, /Overrides smtp_tls_mandatory_protocols/);
    const fp = hoverText('a.example fingerprint mat¦ch=ab:cd\n');
    assert.match(fp, /joined with `\|`/);
    assert.match(hoverText('a.example encrypt mat¦ch=x\n'), /Not accepted at level `encrypt`/);
  });

  it('the version an attribute appeared, and whether the target has it', () => {
    assert.match(hoverText('a.example may enable¦_rpk=yes\n', withMain(MAIN, '3.8')), /Postfix 3\.9 and later: \*\*not available\*\* on the target, Postfix 3\.8/);
  });

  it('the protocols value: which protocols it allows', () => {
    assert.match(hoverText('a.example may protocols=>=TLS¦v1.2\n'), /Allows TLSv1\.2, TLSv1\.3\./);
  });

  it('keys: [host]:port, .domain, and the relayhost entry', () => {
    assert.match(hoverText('[mail.exa¦mple.org]:587 secure\n'), /`587` and `submission` do not match/);
    assert.match(hoverText('.exa¦mple.net secure\n'), /every subdomain/);
    assert.match(hoverText('[re¦lay]:587 encrypt\n', withMain(`${MAIN}relayhost = [relay]:587\n`)), /relayhost of main\.cf/);
  });
});

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

describe('TLS policy table: completion', () => {
  const complete = (text: string, ctx: TableContext = withMain(MAIN)) => {
    const { doc, pos } = at(text);
    return tableCompletion(doc, pos, ctx).items;
  };

  it('levels after the key', () => {
    assert.deepEqual(labels(complete('example.com ¦\n')).sort(), ['dane', 'dane-only', 'encrypt', 'fingerprint', 'may', 'none', 'secure', 'verify']);
  });

  it('attributes the level accepts: match on secure, not on encrypt; nothing on none', () => {
    assert.ok(labels(complete('example.com secure ¦\n')).includes('match='));
    const enc = labels(complete('example.com encrypt ¦\n'));
    assert.ok(!enc.includes('match=') && enc.includes('protocols='));
    assert.deepEqual(complete('example.com none ¦\n'), []);
  });

  it('on a continuation line, after a comment line, the entry above decides', () => {
    assert.ok(labels(complete('[thumb] fingerprint\n# the old one\n  ¦\n')).includes('match='));
  });

  it('a single-instance attribute already given is not offered again; values after "="', () => {
    assert.ok(!labels(complete('a encrypt ciphers=high ¦\n')).includes('ciphers='));
    assert.deepEqual(labels(complete('a encrypt ciphers=¦\n')), ['high', 'medium', 'low', 'export', 'null']);
  });

  it('attributes newer than the target are left out', () => {
    const l = labels(complete('a encrypt ¦\n', withMain(MAIN, '3.3')));
    assert.ok(!l.includes('servername=') && !l.includes('connection_reuse=') && l.includes('exclude='));
  });

  it('keys: the relayhost as main.cf spells it', () => {
    assert.ok(labels(complete('¦\n', withMain(`${MAIN}relayhost = [relay]:submission\n`))).includes('[relay]:submission'));
  });
});

describe('TLS policy table: recognition and main.cf side', () => {
  it('by language id, then by common file names; never a built .db', () => {
    assert.equal(kindOf({ uri: 'file:///x/whatever', languageId: 'postfix-tls-policy' }), 'tls-policy');
    for (const name of ['tls_policy', 'smtp_tls_policy', 'tls_policy_maps', 'lmtp-tls_policy.txt']) assert.equal(kindOf({ uri: `file:///etc/postfix/${name}` }), 'tls-policy', name);
    for (const name of ['sni', 'sni_maps', 'tls_server_sni']) assert.equal(kindOf({ uri: `file:///etc/postfix/${name}` }), 'sni', name);
    for (const name of ['tls_policy.db', 'snippets', 'sni.lmdb', 'tls_policy.cdb']) assert.ok(!['tls-policy', 'sni'].includes(kindOf({ uri: `file:///etc/postfix/${name}` })), name);
  });

  it('the entry a next hop uses: verbatim, then parent domains with a leading dot for plain domains only', () => {
    const t = parsePolicyTable('example.com secure\n.example.com encrypt\n[relay]:587 verify\nEXAMPLE.org may\n.org none\n', true);
    const level = (nexthop: string) => policyLookup(t, nexthop)?.level?.text;
    assert.equal(level('example.com'), 'secure');
    assert.equal(level('mx.sub.example.com'), 'encrypt');
    assert.equal(level('[relay]:587'), 'verify');
    assert.equal(level('[relay]:submission'), undefined);
    assert.equal(level('[relay]'), undefined);
    assert.equal(level('example.ORG'), 'may');
    assert.equal(level('other.org'), 'none');
    assert.equal(level('[x.example.com]'), undefined);
  });

  it('the summary for the main.cf hover: entries per level, strongest first', () => {
    assert.equal(policySummary('a may\nb secure\nc secure\nd bogus\n', parseVersion('3.11')!), '4 entries: 2 secure, 1 may, 1 with an unknown level');
  });
});

describe('TLS policy table: through the language service', () => {
  const MAIN_URI = 'file:///etc/postfix/main.cf';
  const main = (text: string) => TextDocument.create(MAIN_URI, 'postfix-main', ++n, text);
  const REFERS = `${MAIN}smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n`;

  it('judged with main.cf when main.cf names the table: dane without dnssec', () => {
    const ls = getLanguageService();
    const doc = tableDoc('example.org dane-only\n');
    assert.deepEqual(ls.validate(doc, { main: main(REFERS) }).map((d) => d.code), ['dane-no-dnssec']);
  });

  it('a main.cf that does not name the table is no context: the table is judged alone', () => {
    const ls = getLanguageService();
    assert.deepEqual(ls.validate(tableDoc('example.org dane-only\n'), { main: main(MAIN) }).map((d) => d.code), []);
  });

  it('lmtp_tls_policy_maps: messages name the LMTP client\'s parameters', () => {
    const ls = getLanguageService();
    const [d] = ls.validate(tableDoc('example.org dane\n'), { main: main(`${MAIN}lmtp_tls_policy_maps = texthash:/etc/postfix/tls_policy\n`) });
    assert.match(d.message, /lmtp_dns_support_level/);
  });

  it('postfix.rules and suppression comments apply as in main.cf', () => {
    const ls = getLanguageService();
    const text = '# postfix-lint disable-next-line policy-unknown-level\na.example bogus\nb.example bogus\n';
    assert.deepEqual(ls.validate(tableDoc(text), {}).map((d) => [d.code, d.range.start.line]), [['policy-unknown-level', 2]]);
    const set = ls.validate(tableDoc(text), {}, { rules: { 'policy-unknown-level': 'info' } });
    assert.equal(set[0].severity, 3);
    assert.deepEqual(ls.validate(tableDoc(text), {}, { rules: { 'policy-unknown-level': 'off' } }), []);
  });

  it('quick fixes for the diagnostics the client sends back', () => {
    const ls = getLanguageService();
    const doc = tableDoc('a.example secuer\n');
    const diags = ls.validate(doc, {});
    const actions = ls.getCodeActions(doc, diags[0].range, diags, {});
    assert.deepEqual(actions.map((a) => a.title), ['Change to "secure"']);
    assert.equal(TextDocument.applyEdits(doc, actions[0].edit!.changes![URI]), 'a.example secure\n');
  });

  it('outline, folding, and nothing from the main.cf features (rename, formatting)', () => {
    const ls = getLanguageService();
    const doc = tableDoc('# a\n# b\n[thumb] fingerprint\n  match=ab:cd\n');
    assert.deepEqual(ls.findDocumentSymbols(doc, {}).map((x) => [x.name, x.detail]), [['[thumb]', 'fingerprint match=ab:cd']]);
    assert.deepEqual(ls.getFoldingRanges(doc).map((f) => [f.startLine, f.endLine]), [[0, 1], [2, 3]]);
    assert.deepEqual(ls.format(doc), []);
    assert.equal(ls.prepareRename(doc, { line: 2, character: 1 }, {}), null);
  });

  it('main.cf: hovering smtp_tls_policy_maps summarises the table it names, read through the injected reader', () => {
    const read: string[] = [];
    const ls = getLanguageService({ tables: { read: (p) => (read.push(p), p === '/etc/postfix/tls_policy' ? 'a secure\nb secure\nc may\n' : undefined) } });
    const m = main(REFERS);
    const h = ls.doHover(m, { line: 2, character: 3 }, { main: m });
    assert.match((h?.contents as MarkupContent).value, /\*\*\/etc\/postfix\/tls_policy\*\*: 3 entries: 2 secure, 1 may/);
    assert.deepEqual(read, ['/etc/postfix/tls_policy']);
    const without = getLanguageService().doHover(m, { line: 2, character: 3 }, { main: m });
    assert.doesNotMatch((without?.contents as MarkupContent).value, /entries/);
  });

  it('client-sasl-cleartext reads the policy table: quiet when it requires TLS for the relay, reported when its entry is "may" or missing, quiet when it cannot be read', () => {
    const SASL = 'compatibility_level = 3.11\nsmtp_tls_security_level = may\nrelayhost = [relay.example.net]:587\nsmtp_sasl_auth_enable = yes\nsmtp_sasl_security_options = noanonymous\nsmtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n';
    const m = main(SASL);
    const sasl = (table: string | undefined, withReader = true) => {
      const ls = getLanguageService(withReader ? { tables: { read: () => table } } : {});
      return ls.findings(m, { main: m }).filter((f) => f.rule === 'client-sasl-cleartext');
    };
    assert.deepEqual(sasl('[relay.example.net]:587 encrypt\n'), []);
    assert.deepEqual(sasl('[relay.example.net]:587 secure match=nexthop\n'), []);
    assert.match(sasl('[relay.example.net]:587 may\n')[0].message, /\/etc\/postfix\/tls_policy gives \[relay\.example\.net\]:587 level "may"/);
    assert.match(sasl('[relay.example.net]:submission encrypt\n')[0].message, /smtp_tls_policy_maps \(main\.cf line 6\) has no entry for \[relay\.example\.net\]:587/);
    assert.deepEqual(sasl(undefined), []);
    assert.deepEqual(sasl('[relay.example.net]:587 may\n', false), []);
  });

  describe('client-no-tls counts the policy table (global level "none")', () => {
    const NONE = 'compatibility_level = 3.11\nsmtp_tls_security_level = none\n';
    const TABLE = 'smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n';
    /** client-no-tls messages for a main.cf, the table text the reader returns (undefined: unreadable), or no reader at all. */
    const noTls = (text: string, table: string | undefined, withReader = true): string[] => {
      const m = main(text);
      const ls = getLanguageService(withReader ? { tables: { read: (p) => (p === '/etc/postfix/tls_policy' ? table : undefined) } } : {});
      return ls.findings(m, { main: m }).filter((f) => f.rule === 'client-no-tls').map((f) => f.message);
    };
    const RELAY = `${NONE}relayhost = [relay.example.net]:587\n${TABLE}`;

    it('relayhost given a TLS level by the table (may, encrypt, secure, dane): all mail leaves encrypted, nothing reported', () => {
      for (const level of ['may', 'encrypt', 'secure match=nexthop', 'dane']) assert.deepEqual(noTls(RELAY, `[relay.example.net]:587 ${level}\n`), [], level);
      // Entries for other destinations are never looked up: the relay's counts.
      assert.deepEqual(noTls(RELAY, 'example.com none\n[relay.example.net]:587 encrypt\n'), []);
    });

    it('relayhost level "none" or missing in the table: reported, saying what the table gives the relay', () => {
      assert.match(noTls(RELAY, '[relay.example.net]:587 none\n')[0], /^outgoing mail is sent in cleartext: smtp_tls_security_level is "none" \(main\.cf line 2\); \/etc\/postfix\/tls_policy gives relayhost \[relay\.example\.net\]:587 level "none"\. "may" encrypts/);
      const [missing] = noTls(RELAY, '[relay.example.net]:submission encrypt\nexample.com secure\n');
      assert.match(missing, /^outgoing mail is sent in cleartext: .*; smtp_tls_policy_maps \(main\.cf line 4\) has no entry for relayhost \[relay\.example\.net\]:587\./);
    });

    it('relayhost covered but transport_maps may route past it: reported for that mail only', () => {
      const [m] = noTls(`${RELAY}transport_maps = hash:/etc/postfix/transport\n`, '[relay.example.net]:587 encrypt\n');
      assert.match(m, /^outgoing mail that transport_maps sends past relayhost \[relay\.example\.net\]:587 is sent in cleartext: .*, unless smtp_tls_policy_maps \(main\.cf line 4\) gives its next hop a TLS level\./);
      const [two] = noTls(`${RELAY}sender_dependent_relayhost_maps = hash:/etc/postfix/sender_relay\ndefault_transport = smtp:[other.example.net]\n`, '[relay.example.net]:587 encrypt\n');
      assert.match(two, /^outgoing mail that sender_dependent_relayhost_maps or default_transport send past relayhost \[relay\.example\.net\]:587 is sent in cleartext/);
      // A transport without a next hop of its own uses relayhost.
      assert.deepEqual(noTls(`${RELAY}default_transport = smtp\nrelay_transport = relay\n`, '[relay.example.net]:587 encrypt\n'), []);
    });

    it('table set but unreadable (missing file, no reader, table without a source file): reported with the exception stated', () => {
      for (const [text, table, reader] of [[RELAY, undefined, true], [RELAY, '[relay.example.net]:587 encrypt\n', false]] as const) {
        const [m] = noTls(text, table, reader);
        assert.match(m, /^outgoing mail is sent in cleartext: smtp_tls_security_level is "none" \(main\.cf line 2\), except to destinations that smtp_tls_policy_maps \(main\.cf line 4\) gives a TLS level \(the table could not be read here: if it gives relayhost \[relay\.example\.net\]:587 a TLS level, nothing is sent in cleartext\)\./);
      }
      const [unknownRelay] = noTls(`${NONE}relayhost = $smarthost\n${TABLE}`, '[relay.example.net]:587 encrypt\n');
      assert.match(unknownRelay, /, except to destinations that smtp_tls_policy_maps \(main\.cf line 4\) gives a TLS level \(relayhost is not known here\)\./);
      const [inline] = noTls(`${NONE}smtp_tls_policy_maps = inline:{ example.com=secure }\n`, undefined);
      assert.match(inline, /, except to destinations that smtp_tls_policy_maps \(main\.cf line 3\) gives a TLS level \(the table could not be read here\)\./);
    });

    it('no relayhost, the table lists destinations with TLS: only the others are said to go in cleartext', () => {
      const [m] = noTls(`${NONE}${TABLE}`, 'example.com secure\n.example.org encrypt\nold.example none\n');
      assert.match(m, /^outgoing mail to destinations smtp_tls_policy_maps does not list with a TLS level is sent in cleartext: smtp_tls_security_level is "none" \(main\.cf line 2\); smtp_tls_policy_maps \(main\.cf line 3\) gives a TLS level to 2 of its 3 entries\./);
    });

    it('near miss: no table, or a table giving nothing TLS, keeps the plain message', () => {
      assert.match(noTls(NONE, undefined)[0], /^outgoing mail is sent in cleartext: smtp_tls_security_level is "none" \(main\.cf line 2\)\. "may"/);
      assert.match(noTls(`${NONE}${TABLE}`, 'old.example none\n# nothing else\n')[0], /^outgoing mail is sent in cleartext: smtp_tls_security_level is "none" \(main\.cf line 2\)\. "may"/);
    });
  });
});

describe('TLS policy and SNI tables: bad input never throws (fast-check, fixed seed)', () => {
  const piece = fc.constantFrom('a.example', '[h]:587', ' ', '\t', '\n', '\r\n', '#', ',', ':', '|', '=', '{', '}', '"', '\\', 'secure', 'none', 'match=', 'protocols=', '>=', '!SSLv3', 'ciphers=high', 'x\u0000y', '\u{1F600}');
  const texts = fc.array(piece, { maxLength: 40 }).map((xs) => xs.join(''));
  it('findings, hover, completion, symbols and folding on any text, at any position, with and without main.cf', () => {
    const ctxs: TableContext[] = [withMain(`${MAIN}relayhost = [h]:submission\nsmtp_tls_fingerprint_digest = sha1\n`), { kind: 'tls-policy' }, { kind: 'sni' }];
    const ls = getLanguageService();
    fc.assert(
      fc.property(texts, fc.nat(), (text, at) => {
        const doc = tableDoc(text);
        const pos = doc.positionAt(at % (text.length + 1));
        for (const ctx of ctxs) {
          tableFindings(doc, ctx);
          tableHover(doc, pos, ctx);
          tableCompletion(doc, pos, ctx);
        }
        ls.findDocumentSymbols(doc, {});
        ls.getFoldingRanges(doc);
        ls.validate(TextDocument.create('file:///etc/postfix/sni', 'postfix-sni', 1, text), {});
      }),
      { seed: 11, numRuns: 400 },
    );
  });
});
