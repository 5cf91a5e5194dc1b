// Grammar tests for syntaxes/postfix-main.tmLanguage.json, syntaxes/postfix-master.tmLanguage.json,
// syntaxes/postfix-tls-policy.tmLanguage.json and syntaxes/postfix-sni.tmLanguage.json.
//
// The grammars are loaded from the paths declared in package.json and run through the real
// TextMate engine used by VS Code (vscode-textmate + vscode-oniguruma). Each case is written as
// source text with a marker (default `|`, removed before tokenizing) in front of the character
// whose token is checked. Multi-line sources are tokenized line by line, carrying the rule stack,
// exactly as the editor does.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { findProjectRoot } from '../projectRoot';

type Lang = 'main' | 'master' | 'tls-policy' | 'sni';

const SCOPES: Record<Lang, string> = {
  main: 'source.postfix.main',
  master: 'source.postfix.master',
  'tls-policy': 'source.postfix.tls-policy',
  sni: 'source.postfix.sni',
};

interface GrammarContribution {
  language: string;
  scopeName: string;
  path: string;
}

interface Token {
  text: string;
  start: number;
  end: number;
  scopes: string[];
}


const ROOT = findProjectRoot(__dirname);

function grammarContributions(): GrammarContribution[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes?: { grammars?: GrammarContribution[] };
  };
  return pkg.contributes?.grammars ?? [];
}

const grammars = new Map<Lang, vsctm.IGrammar>();

async function loadGrammars(): Promise<void> {
  const byScope = new Map(grammarContributions().map((g) => [g.scopeName, path.join(ROOT, g.path)]));
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  const onigLib: Promise<vsctm.IOnigLib> = oniguruma.loadWASM(wasm).then(() => ({
    createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
    createOnigString: (text: string) => new oniguruma.OnigString(text),
  }));
  const registry = new vsctm.Registry({
    onigLib,
    loadGrammar: async (scopeName: string) => {
      const file = byScope.get(scopeName);
      if (!file) return null;
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  for (const lang of Object.keys(SCOPES) as Lang[]) {
    const grammar = await registry.loadGrammar(SCOPES[lang]);
    assert.ok(grammar, `grammar ${SCOPES[lang]} could not be loaded`);
    grammars.set(lang, grammar);
  }
}

function grammarFor(lang: Lang): vsctm.IGrammar {
  const grammar = grammars.get(lang);
  if (!grammar) throw new Error(`grammar for ${lang} not loaded`);
  return grammar;
}

/** Tokenizes all lines, carrying the rule stack from one line to the next. */
function tokenize(lang: Lang, text: string): { lines: Token[][]; stack: vsctm.StateStack } {
  const grammar = grammarFor(lang);
  let stack = vsctm.INITIAL;
  const lines: Token[][] = [];
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, stack);
    lines.push(
      result.tokens.map((t) => ({
        text: line.slice(t.startIndex, t.endIndex),
        start: t.startIndex,
        end: t.endIndex,
        scopes: t.scopes,
      })),
    );
    stack = result.ruleStack;
  }
  return { lines, stack };
}

/** The token at the marker in `source`. */
function tokenAt(lang: Lang, source: string, marker: string): Token {
  const offset = source.indexOf(marker);
  assert.ok(offset >= 0 && source.indexOf(marker, offset + marker.length) < 0, `exactly one ${marker} expected in ${JSON.stringify(source)}`);
  const text = source.slice(0, offset) + source.slice(offset + marker.length);
  const before = text.slice(0, offset).split('\n');
  const lineNo = before.length - 1;
  const column = before[lineNo].length;
  const { lines } = tokenize(lang, text);
  const token = lines[lineNo].find((t) => t.start <= column && column < t.end);
  assert.ok(token, `no token at line ${lineNo} column ${column} of ${JSON.stringify(text)}`);
  return token;
}

function describeToken(token: Token): string {
  return `${JSON.stringify(token.text)} has scopes [${token.scopes.join(', ')}]`;
}

/** Asserts that the token at the marker carries a scope containing `scope`. */
function expectScope(lang: Lang, source: string, scope: string, marker = '|'): void {
  const token = tokenAt(lang, source, marker);
  assert.ok(token.scopes.some((s) => s.includes(scope)), `${source}: expected ${scope}, but ${describeToken(token)}`);
}

/** Asserts that the token at the marker is exactly `text` and carries a scope containing `scope`. */
function expectToken(lang: Lang, source: string, text: string, scope: string, marker = '|'): void {
  const token = tokenAt(lang, source, marker);
  assert.strictEqual(token.text, text, `${source}: expected token ${JSON.stringify(text)}, but ${describeToken(token)}`);
  assert.ok(token.scopes.some((s) => s.includes(scope)), `${source}: expected ${scope}, but ${describeToken(token)}`);
}

/** Asserts that no scope of the token at the marker contains `scope`. */
function expectNoScope(lang: Lang, source: string, scope: string, marker = '|'): void {
  const token = tokenAt(lang, source, marker);
  assert.ok(!token.scopes.some((s) => s.includes(scope)), `${source}: did not expect ${scope}, but ${describeToken(token)}`);
}

type Case = [source: string, scope: string];

function cases(lang: Lang, table: Case[]): void {
  for (const [source, scope] of table) {
    it(`${JSON.stringify(source)} → ${scope}`, () => expectScope(lang, source, scope));
  }
}

describe('TextMate grammars', function () {
  before(async function () {
    await loadGrammars();
  });

  describe('package.json contributions', function () {
    it('declares both grammars with existing files whose scopeName matches', function () {
      const contributions = grammarContributions();
      for (const scopeName of Object.values(SCOPES)) {
        const c = contributions.find((g) => g.scopeName === scopeName);
        assert.ok(c, `no grammar contribution for ${scopeName}`);
        const raw = JSON.parse(fs.readFileSync(path.join(ROOT, c.path), 'utf8')) as { scopeName?: string };
        assert.strictEqual(raw.scopeName, scopeName);
      }
    });

    it('language-configuration.json uses # comments and keeps parameter names and TLS versions as words', function () {
      const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'language-configuration.json'), 'utf8')) as {
        comments: { lineComment: string };
        wordPattern: string;
      };
      assert.strictEqual(config.comments.lineComment, '#');
      const words = 'smtpd_tls_security_level = >=TLSv1.2'.match(new RegExp(config.wordPattern, 'g'));
      assert.deepStrictEqual(words, ['smtpd_tls_security_level', 'TLSv1.2']);
    });
  });

  describe('main.cf: comments', function () {
    it('a # at line start is a comment', () => expectToken('main', '|# comment', '#', 'comment.line.number-sign.postfix'));
    it('an indented # line is a comment', () => expectScope('main', '   # indented |comment', 'comment.line.number-sign'));
    it('a # inside a value is not a comment', () =>
      expectNoScope('main', 'smtpd_banner = $myhostname ESMTP |# not a comment', 'comment'));
    it('text after a # inside a value is still value', () =>
      expectScope('main', 'smtpd_banner = $myhostname ESMTP # not |a comment', 'string.unquoted.value'));
    it('a # in a continuation line after text is not a comment', () =>
      expectNoScope('main', 'mydestination =\n    localhost |#x', 'comment'));
  });

  describe('main.cf: name = value', function () {
    cases('main', [
      ['|smtpd_tls_security_level = encrypt', 'support.type.property-name'],
      ['|smtpd_tls_security_level = encrypt', 'variable.other.definition.postfix'],
      ['smtpd_tls_security_level |= encrypt', 'keyword.operator.assignment.postfix'],
      ['smtpd_tls_security_level = |encrypt', 'constant.language.tls.security-level'],
      ['smtpd_tls_security_level=|encrypt', 'constant.language.tls'],
      ['smtpd_use_tls = |yes', 'constant.language.boolean'],
      ['smtpd_tls_ciphers = |high', 'constant.language.tls.cipher-grade'],
      ['smtpd_tls_exclude_ciphers = aNULL, |RC4', 'constant.language.tls.cipher'],
      ['maximal_queue_lifetime = |5d', 'constant.numeric'],
      ['maximal_queue_lifetime = 5|d', 'keyword.other.unit'],
      ['smtp_connection_cache_time_limit = |3600s', 'constant.numeric'],
      ['mynetworks = |127.0.0.0/8, [::1]/128', 'constant.numeric.ip-address'],
      ['smtpd_recipient_restrictions = |permit_mynetworks, reject_unauth_destination', 'support.function.restriction'],
      ['smtpd_recipient_restrictions = permit_mynetworks, |reject_unauth_destination', 'support.function.restriction'],
      ['smtpd_recipient_restrictions = permit_mynetworks|, reject_unauth_destination', 'punctuation.separator.delimiter.comma'],
      ['smtpd_client_restrictions = |check_client_access hash:/etc/postfix/access', 'support.function.restriction'],
      ['smtpd_relay_restrictions = |permit_sasl_authenticated', 'support.function.restriction'],
      ['myorigin = |/etc/mailname', 'string.unquoted.value'],
    ]);
    it('yes/no only as whole words', () => expectNoScope('main', 'x = |no_such_value', 'constant.language.boolean'));
    it('security levels only as whole words', () => expectNoScope('main', 'x = /var/|may/x', 'constant.language.tls'));
    it('dane-only is one keyword', () =>
      expectToken('main', 'smtp_tls_security_level = |dane-only', 'dane-only', 'constant.language.tls.security-level'));
  });

  describe('main.cf: references', function () {
    cases('main', [
      ['relayhost = $|myhostname', 'variable.other.reference.postfix'],
      ['relayhost = |$myhostname', 'punctuation.definition.variable'],
      ['x = ${|name?{a}:{b}}', 'variable.other.reference.postfix'],
      ['x = ${name|?{a}:{b}}', 'keyword.operator.conditional'],
      ['x = ${name?{a}|:{b}}', 'keyword.operator.conditional'],
      ['x = ${name?{|a}:{b}}', 'meta.braces.postfix'],
      ['x = ${name?{a}:{|b}}', 'meta.reference.postfix'],
      ['x = ${name?{a}:{b}|}', 'punctuation.definition.variable.end'],
      ['x = ${name?{a}:{b}} |yes', 'constant.language.boolean'],
      ['x = $(|name)', 'variable.other.reference.postfix'],
      ['x = ${name:|$other}', 'variable.other.reference.postfix'],
      ['x = ${{$a} |== {b} ? {c} : {d}}', 'keyword.operator.comparison'],
    ]);
    it('text after a closed reference is not inside it', () =>
      expectNoScope('main', 'x = ${name?{a}:{b}} |yes', 'meta.reference'));
    it('$$ is an escaped dollar', () => expectToken('main', 'x = |$$y', '$$', 'constant.character.escape'));
  });

  describe('main.cf: lookup tables', function () {
    it('hash: is a table type', () =>
      expectToken('main', 'virtual_alias_maps = |hash:/etc/postfix/virtual', 'hash', 'entity.name.type.lookup-table'));
    it('the table name is a string', () =>
      expectToken('main', 'virtual_alias_maps = hash:|/etc/postfix/virtual', '/etc/postfix/virtual', 'string.unquoted.table-name'));
    cases('main', [
      ['virtual_alias_maps = hash|:/etc/postfix/virtual', 'punctuation.separator.lookup-table'],
      ['smtp_connection_cache = |btree:${data_directory}/smtp_scache', 'entity.name.type.lookup-table'],
      ['smtp_connection_cache = btree:${|data_directory}/smtp_scache', 'variable.other.reference'],
      ['smtp_connection_cache = btree:${data_directory}|/smtp_scache', 'string.unquoted.table-name'],
      ['x = proxy:|mysql:/etc/postfix/mysql.cf', 'entity.name.type.lookup-table'],
      ['x = inline:{ |a=b, c=d }', 'meta.lookup-table'],
      ['x = inline:{ a=b, c=d }, |hash:/x', 'entity.name.type.lookup-table'],
    ]);
  });

  describe('main.cf: TLS protocols', function () {
    it('>= is an operator', () => expectToken('main', 'smtpd_tls_protocols = |>=TLSv1.2', '>=', 'keyword.operator'));
    it('TLSv1.2 after >= is a protocol', () =>
      expectToken('main', 'smtpd_tls_protocols = >=|TLSv1.2', 'TLSv1.2', 'constant.language.tls.protocol'));
    it('! is an operator', () => expectToken('main', 'smtpd_tls_mandatory_protocols = |!SSLv3, !TLSv1', '!', 'keyword.operator'));
    it('SSLv3 after ! is a protocol', () =>
      expectToken('main', 'smtpd_tls_mandatory_protocols = !|SSLv3, !TLSv1', 'SSLv3', 'constant.language.tls.protocol'));
    it('<=TLSv1.3 after a comma', () =>
      expectScope('main', 'smtp_tls_protocols = >=TLSv1.2, <=|TLSv1.3', 'constant.language.tls.protocol'));
  });

  describe('main.cf: continuation lines', function () {
    cases('main', [
      ['smtpd_recipient_restrictions =\n    |permit_sasl_authenticated,', 'support.function.restriction'],
      ['smtpd_recipient_restrictions =\n    |permit_sasl_authenticated,', 'meta.value.continuation'],
      ['smtpd_recipient_restrictions =\n    permit_mynetworks,\n    |reject_unauth_destination', 'support.function.restriction'],
      ['alias_maps =\n\t|hash:/etc/aliases', 'entity.name.type.lookup-table'],
      ['smtpd_tls_protocols =\n# a comment in between\n  |!SSLv2', 'keyword.operator'],
      ['smtpd_recipient_restrictions =\n    permit_mynetworks\n|smtpd_tls_loglevel = 1', 'support.type.property-name'],
    ]);
    it('a continuation line is not a parameter name', () =>
      expectNoScope('main', 'mydestination =\n    |localhost', 'support.type.property-name'));
  });

  describe('main.cf: ERB and Jinja tags', function () {
    cases('main', [
      ['|<%= @prefix %>_tls_cert_file = /x', 'punctuation.section.embedded.begin.erb'],
      ['<%= |@prefix %>_tls_cert_file = /x', 'meta.embedded.block.erb'],
      ['<%= @prefix |%>_tls_cert_file = /x', 'punctuation.section.embedded.end.erb'],
      ['<%= @prefix %>|_tls_cert_file = /x', 'support.type.property-name'],
      ['<%= @prefix %>_tls_cert_file |= /x', 'keyword.operator.assignment'],
      ['smtpd_tls_security_level = |<%= @level %>', 'meta.embedded.block.erb'],
      ['smtpd_tls_protocols = <%= @p %>, |>=TLSv1.2', 'keyword.operator'],
      ['smtpd_tls_protocols = <%= "%>" %> |!SSLv3', 'keyword.operator'],
      ['|<% if @tls -%>', 'meta.embedded.block.erb'],
      ['<% if @tls -%>\n|smtpd_tls_cert_file = /etc/ssl/cert.pem', 'support.type.property-name'],
      ['<%- if @tls -%>\nsmtpd_tls_security_level = |may\n<%- end -%>', 'constant.language.tls'],
      ['<%# an ERB |comment %>\nx = y', 'comment.block.erb'],
      ['|{{ postfix_prefix }}_security_level = may', 'meta.embedded.block.jinja'],
      ['{{ postfix_prefix }}|_security_level = may', 'support.type.property-name'],
      ['{{ postfix_prefix }}_security_level = |may', 'constant.language.tls'],
      ['smtpd_{{ role }}|_level = encrypt', 'support.type.property-name'],
      ['smtpd_{{ role }}_level = |encrypt', 'constant.language.tls'],
      ['relayhost = {{ relay }}|:587', 'string.unquoted.value'],
      ['|{% if tls_enabled %}', 'punctuation.section.embedded.begin.jinja'],
      ['{% if tls_enabled %}\n|smtpd_tls_security_level = may\n{% endif %}', 'support.type.property-name'],
      ['{%- if x -%}smtpd_use_tls = |yes{% endif %}', 'constant.language.boolean'],
      ['{# a Jinja |comment #}', 'comment.block.jinja'],
      ['{# a Jinja comment #}\n|smtpd_use_tls = yes', 'support.type.property-name'],
      ['x = ${name?{{ |y }}} encrypt', 'meta.embedded.block.jinja'],
      ['x = ${name?{{ y }}} |encrypt', 'constant.language.tls'],
      ['x = {{ a\n   ~ b }} |yes', 'constant.language.boolean'],
      ['x = {{ a\n   ~ b }} yes\n|y = z', 'support.type.property-name'],
      ['# {{ commented }} and <% unclosed\n|smtpd_use_tls = yes', 'support.type.property-name'],
    ]);
    it('text inside a Jinja tag is opaque (no postfix scopes)', () =>
      expectNoScope('main', '{{ postfix_prefix }}_security_level = {{ |encrypt }}', 'constant.language.tls'));
    it('a Jinja filter pipe and a quoted }} do not end the tag early', () =>
      expectScope('main', "x = {{ level | default('}}') }} ¦yes", 'constant.language.boolean', '¦'));
    it('a quoted }} inside a Jinja tag belongs to the tag', () =>
      expectScope('main', "x = {{ level | default('}}¦') }} yes", 'meta.embedded.block.jinja', '¦'));
    it('a quoted %> inside an ERB tag belongs to the tag', () =>
      expectScope('main', 'x = <%= "%>|" %> yes', 'meta.embedded.block.erb'));
    it('nested braces inside a Jinja expression do not end the tag', () =>
      expectScope('main', "x = {{ {'a': {'b': 1}}|['a'] }} yes", 'meta.embedded.block.jinja'));
    it('text inside an ERB tag is opaque', () =>
      expectNoScope('main', 'x = <%= |hash:/x %>', 'entity.name.type.lookup-table'));
  });

  describe('master.cf: service lines', function () {
    const line = 'smtp      inet  n       -       y       -       -       smtpd';
    const at = (field: number): string => {
      const starts = [...line.matchAll(/\S+/g)].map((m) => m.index ?? 0);
      return line.slice(0, starts[field]) + '|' + line.slice(starts[field]);
    };
    cases('master', [
      ['|# service type  private unpriv  chroot  wakeup  maxproc command + args', 'comment.line.number-sign'],
      [at(0), 'entity.name.function.service'],
      [at(1), 'storage.type.service-type'],
      [at(2), 'constant.language.boolean'],
      [at(3), 'constant.language.default'],
      [at(4), 'constant.language.boolean'],
      [at(5), 'constant.language.default'],
      [at(6), 'constant.language.default'],
      [at(7), 'support.function.command'],
      ['pickup    unix  n       -       y       |60?     1       pickup', 'constant.numeric'],
      ['pickup    unix  n       -       y       60|?     1       pickup', 'keyword.operator'],
      ['pickup    unix  n       -       y       60?     |1       pickup', 'constant.numeric'],
      ['|127.0.0.1:submission inet n - n - - smtpd', 'constant.other.address'],
      ['127.0.0.1|:submission inet n - n - - smtpd', 'punctuation.separator.port'],
      ['127.0.0.1:|submission inet n - n - - smtpd', 'entity.name.function.service'],
      ['bogus     |tcp   n       -       n       -       -       smtpd', 'invalid.illegal'],
      ['bogus     unix  |x       -       n       -       -       smtpd', 'invalid.illegal'],
      ['maildrop  unix  -       n       n       -       -       pipe\n  |flags=DRhu user=vmail argv=/usr/bin/maildrop -d ${recipient}', 'variable.parameter.attribute'],
      ['maildrop  unix  -       n       n       -       -       pipe\n  flags=DRhu user=vmail argv=/usr/bin/maildrop -d ${|recipient}', 'variable.other.reference'],
      ['maildrop  unix  -       n       n       -       -       pipe\n  flags=DRhu user=vmail argv=/usr/bin/maildrop |-d ${recipient}', 'constant.other.option'],
    ]);
    it('the service type unix-dgram is one token', () =>
      expectToken('master', 'x |unix-dgram n - n - - y', 'unix-dgram', 'storage.type.service-type'));
  });

  describe('master.cf: -o overrides', function () {
    const service = 'submission inet n       -       n       -       -       smtpd\n';
    cases('master', [
      [service + '  |-o smtpd_tls_security_level=encrypt', 'constant.other.option'],
      [service + '  -o |smtpd_tls_security_level=encrypt', 'support.type.property-name'],
      [service + '  -o smtpd_tls_security_level|=encrypt', 'keyword.operator.assignment'],
      [service + '  -o smtpd_tls_security_level=|encrypt', 'constant.language.tls.security-level'],
      [service + '  -o smtpd_tls_protocols=|>=TLSv1.2', 'keyword.operator'],
      [service + '  -o smtpd_tls_protocols=>=|TLSv1.2', 'constant.language.tls.protocol'],
      [service + '  -o smtpd_recipient_restrictions=|permit_sasl_authenticated,reject', 'support.function.restriction'],
      [service + '  -o smtpd_sender_login_maps=|hash:/etc/postfix/senders', 'entity.name.type.lookup-table'],
      [service + '  |-o { smtpd_tls_auth_only = yes }', 'constant.other.option'],
      [service + '  -o |{ smtpd_tls_auth_only = yes }', 'punctuation.section.braces.begin'],
      [service + '  -o { |smtpd_tls_auth_only = yes }', 'support.type.property-name'],
      [service + '  -o { smtpd_tls_auth_only |= yes }', 'keyword.operator.assignment'],
      [service + '  -o { smtpd_tls_auth_only = |yes }', 'constant.language.boolean'],
      [service + '  -o { smtpd_tls_auth_only = yes |}', 'punctuation.section.braces.end'],
      [service + '  -o { smtpd_tls_auth_only = yes }\n  |-o syslog_name=postfix/submission', 'constant.other.option'],
      [service + '  -o syslog_name=postfix/submission |-o smtpd_tls_wrappermode=yes', 'constant.other.option'],
      ['smtps inet n - n - - smtpd |-o smtpd_tls_wrappermode=yes', 'constant.other.option'],
      ['smtps inet n - n - - smtpd -o smtpd_tls_wrappermode=|yes', 'constant.language.boolean'],
      [service + '  |# an indented comment', 'comment.line.number-sign'],
    ]);
    it('a # after an override is not a comment', () =>
      expectNoScope('master', service + '  -o smtpd_tls_security_level=encrypt |# x', 'comment'));
  });

  describe('master.cf: ERB and Jinja tags', function () {
    cases('master', [
      ['|{{ s.name }} {{ s.type }} n - n - - smtpd', 'meta.embedded.block.jinja'],
      ['{{ s.name }} {{ s.type }} n - n - - |smtpd', 'support.function.command'],
      ['{{ s.name }} {{ s.type }} |n - n - - smtpd', 'constant.language.boolean'],
      ['submission inet n - |<%= @chroot %> - - smtpd', 'meta.embedded.block.erb'],
      ['submission inet n - <%= @chroot %> |- - smtpd', 'constant.language.default'],
      ['submission inet n - <%= @chroot %> - - |smtpd', 'support.function.command'],
      ['<% if @submission -%>\n|submission inet n - n - - smtpd', 'entity.name.function.service'],
      ['{% for s in services if s.enabled %}\n|{{ s.name }} unix - - n - - smtp', 'meta.embedded.block.jinja'],
      ['{% for s in services if s.enabled %}\n{{ s.name }} unix - - n - - |smtp', 'support.function.command'],
      ['submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=|{{ level }}', 'meta.embedded.block.jinja'],
      ['submission inet n - n - - smtpd\n  -o smtpd_tls_security_level={{ level }} |-o a=b', 'constant.other.option'],
      ['submission inet n - n - - smtpd\n  -o |<%= @name %>=encrypt', 'meta.embedded.block.erb'],
      ['submission inet n - n - - smtpd\n  -o <%= @name %>|=encrypt', 'keyword.operator.assignment'],
      ['submission inet n - n - - smtpd\n  -o <%= @name %>=|encrypt', 'constant.language.tls'],
    ]);
    it('a Jinja statement with eight words is not a service line', () =>
      expectNoScope('master', '{% for s in |services if s.enabled %}', 'meta.service'));
    it('a Jinja statement with eight words stays one tag', () =>
      expectToken('master', '{% for s in services if s.enabled |%}', '%}', 'punctuation.section.embedded.end.jinja'));
  });

  describe('rule stack', function () {
    it('returns to the top level after a templated main.cf', function () {
      const text = [
        '# Managed by configuration management',
        '{% if postfix_tls %}',
        'smtpd_tls_security_level = {{ level | default("may") }}',
        'smtpd_tls_protocols = >=TLSv1.2, !SSLv3',
        '{% endif %}',
        '<% if @relay -%>',
        'relayhost = [<%= @relay %>]:587',
        '<% end -%>',
        'smtpd_recipient_restrictions =',
        '    permit_mynetworks, ${name?{a}:{b}},',
        '    check_client_access inline:{ 1.2.3.4=REJECT },',
        '    reject_unauth_destination',
        '',
      ].join('\n');
      const baseline = tokenize('main', '').stack.depth;
      assert.strictEqual(tokenize('main', text).stack.depth, baseline);
    });

    it('returns to the top level after a templated master.cf', function () {
      const text = [
        'smtp      inet  n       -       y       -       -       smtpd',
        '{% for s in services %}',
        '{{ s.name }} inet n - n - - smtpd',
        '  -o { smtpd_tls_auth_only = yes }',
        '  -o smtpd_tls_security_level={{ s.level }}',
        '{% endfor %}',
        '',
      ].join('\n');
      const baseline = tokenize('master', '').stack.depth;
      assert.strictEqual(tokenize('master', text).stack.depth, baseline);
    });
  });

  // A `¦` marks the token in table cases: `|` joins fingerprints there.
  describe('TLS policy table', function () {
    const policy = (table: Case[]) => {
      for (const [source, scope] of table) it(`${JSON.stringify(source)} → ${scope}`, () => expectScope('tls-policy', source, scope, '¦'));
    };
    policy([
      ['¦example.com secure', 'entity.name.tag.key'],
      ['[relay.example.net]:¦587 encrypt', 'constant.numeric.port'],
      ['¦[relay.example.net]:587 encrypt', 'punctuation.definition.brackets'],
      ['example.com ¦secure', 'constant.language.tls.security-level'],
      ['example.com ¦SECURE', 'constant.language.tls.security-level'],
      ['example.com ¦secuer', 'invalid.illegal.security-level'],
      ['example.com encrypt ¦protocols=>=TLSv1.2', 'support.type.property-name.attribute'],
      ['example.com encrypt protocols¦=>=TLSv1.2', 'keyword.operator.assignment'],
      ['example.com encrypt protocols=>=¦TLSv1.2', 'constant.language.tls.protocol'],
      ['example.com encrypt protocols=!SSLv2¦:!SSLv3', 'punctuation.separator'],
      ['example.com encrypt protocols=!SSLv2,¦!SSLv3', 'invalid.illegal.attribute'],
      ['example.com encrypt ciphers=¦high', 'constant.language.tls.cipher-grade'],
      ['example.com secure match=¦nexthop:dot-nexthop', 'constant.language'],
      ['example.com secure match=nexthop,¦tafile=/etc/ta.pem', 'support.type.property-name.attribute'],
      ['example.com encrypt ¦protocol=>=TLSv1.2', 'invalid.illegal.attribute-name'],
      ['[thumb] fingerprint\n    ¦match=ab:cd', 'support.type.property-name.attribute'],
      ['[thumb] fingerprint\n# ¦old\n    match=ab:cd', 'comment.line.number-sign'],
      ['x.example secure { ¦match = a, b }', 'support.type.property-name.attribute'],
    ]);
    it('a # after text is data, not a comment', () => expectNoScope('tls-policy', 'example.com may ¦#x', 'comment', '¦'));
    it('the level is found after a tab', () => expectScope('tls-policy', 'example.com\t¦encrypt', 'constant.language.tls.security-level', '¦'));
  });

  describe('SNI table', function () {
    it('the key', () => expectScope('sni', '¦example.com /etc/postfix/sni/example.pem', 'entity.name.tag.key', '¦'));
    it('chain files, also on continuation lines', () => {
      expectScope('sni', 'example.com ¦/etc/postfix/rsa.pem, /etc/postfix/ec.pem', 'string.unquoted.path', '¦');
      expectScope('sni', 'example.com /etc/postfix/rsa.pem,\n    ¦/etc/postfix/ec.pem', 'string.unquoted.path', '¦');
    });
    it('comments', () => expectScope('sni', '  ¦# a comment', 'comment.line.number-sign', '¦'));
  });
});
