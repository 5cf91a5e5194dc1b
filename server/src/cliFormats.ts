// Output formats of postfix-lint for pipelines: JSON, SARIF 2.1.0 (code scanning) and GitHub
// workflow commands (annotations). Pure functions of the findings, so tests can call them too.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from './service/findings';
import { RULES, ruleAnchor, type RuleInfo } from './service/rules/catalogue';

export interface Row {
  /** The path as given on the command line (or joined to a directory given there). */
  file: string;
  f: Finding;
}

export interface ToolInfo {
  version: string;
  /**
   * Where the tool is described (package.json homepage or repository, whose page shows the README);
   * each rule's helpUri is its row of the README rule table there (#rule-<id>). Without one, both are left out.
   */
  informationUri?: string;
}

/** The default text format: `file:line:column: severity [rule] message`, one line per finding. */
export function textLine({ file, f }: Row): string {
  return `${file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} [${f.rule}] ${f.message}\n`;
}

/** `--format json`: one array of these, in the order of the files and lines. */
export function jsonFindings(rows: Row[]) {
  return rows.map(({ file, f }) => ({
    file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
  }));
}

/** A path relative to the current directory with / separators, or the absolute path when it lies outside. */
function relativePath(file: string, cwd: string): string | undefined {
  const rel = relative(cwd, resolve(cwd, file));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/** SARIF artifact URI: relative to the current directory (a URI reference), else a file: URI. */
export function artifactUri(file: string, cwd = process.cwd()): string {
  const rel = relativePath(file, cwd);
  if (rel === undefined) return pathToFileURL(resolve(cwd, file)).href;
  return rel.split('/').map(encodeURIComponent).join('/');
}

function sarifLevel(s: RuleInfo['severity']): 'error' | 'warning' | 'note' {
  if (s === 'error') return 'error';
  if (s === 'warning' || s === 'mixed') return 'warning';
  return 'note'; // info, hint
}

/** `--format sarif`: a SARIF 2.1.0 log with one run. */
export function sarifLog(rows: Row[], tool: ToolInfo, cwd = process.cwd()) {
  const readme = tool.informationUri?.replace(/#.*$/, '');
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const rules = RULES.map((r) => ({
    id: r.id,
    shortDescription: { text: firstClause(r.when) },
    fullDescription: { text: r.when },
    ...(readme ? { helpUri: `${readme}#${ruleAnchor(r.id)}` } : {}),
    defaultConfiguration: r.off ? { enabled: false, level: 'note' as const } : { level: sarifLevel(r.severity) },
    properties: { tags: [r.group], ...(r.severity === 'mixed' ? { severity: 'depends on the case' } : {}) },
  }));
  const results = rows.map(({ file, f }) => ({
    ruleId: f.rule,
    ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(file, cwd) },
          region: {
            startLine: f.range.start.line + 1,
            startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: f.range.end.character + 1,
          },
        },
      },
    ],
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'postfix-lint',
            version: tool.version,
            semanticVersion: tool.version,
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules,
          },
        },
        // LSP positions count UTF-16 code units, as SARIF does by default; said explicitly.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** The short description: the `when` text up to its first colon or parenthesis, as a sentence. */
function firstClause(when: string): string {
  const cut = when.search(/ \(|: /);
  const s = cut > 0 ? when.slice(0, cut) : when;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** GitHub workflow-command escaping of the message (data). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub workflow-command escaping of a property value: the data escapes plus : and ,. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `--format github`: one `::error file=...::message` annotation per finding. */
export function githubAnnotations(rows: Row[], cwd = process.cwd()): string {
  const command = (s: Severity) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'notice');
  return rows
    .map(({ file, f }) => {
      const props = [
        `file=${escapeProperty(relativePath(file, cwd) ?? file)}`,
        `line=${f.range.start.line + 1}`,
        `col=${f.range.start.character + 1}`,
        `endLine=${f.range.end.line + 1}`,
        `endColumn=${f.range.end.character + 1}`,
        `title=${escapeProperty(f.rule)}`,
      ];
      return `::${command(f.severity)} ${props.join(',')}::${escapeData(f.message)}\n`;
    })
    .join('');
}
