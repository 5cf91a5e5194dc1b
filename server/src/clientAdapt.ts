// Shapes the service's answers to what the client said it can take (LSP 3.17 client
// capabilities): plain text for clients without snippets or markdown, commands only where they
// can run, Command literals for clients without codeActionLiteralSupport, a bounded number of
// diagnostics, and settings checked field by field. Pure functions: server.ts wires them in.
import {
  CodeAction,
  CodeActionKind,
  Command,
  CompletionItem,
  Diagnostic,
  DiagnosticSeverity,
  Hover,
  InsertTextFormat,
  MarkupContent,
  MarkupKind,
  TextEdit,
} from 'vscode-languageserver-types';
import type { LanguageSettings } from './service/languageService';

/** A snippet's text as a client without snippet support should insert it: placeholders become their defaults, choices their first option, tab stops vanish. */
export function snippetToPlain(snippet: string): string {
  let i = 0;
  const parse = (stopAt?: string): string => {
    let s = '';
    while (i < snippet.length) {
      const c = snippet[i];
      if (stopAt && c === stopAt) return s;
      if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) {
        s += snippet[i + 1];
        i += 2;
      } else if (c === '$' && /^\d/.test(snippet.slice(i + 1))) {
        i += 1;
        while (/\d/.test(snippet[i] ?? '')) i++;
      } else if (c === '$' && snippet[i + 1] === '{' && /^\d/.test(snippet.slice(i + 2))) {
        i += 2;
        while (/\d/.test(snippet[i] ?? '')) i++;
        if (snippet[i] === ':') {
          i++;
          s += parse('}');
        } else if (snippet[i] === '|') {
          // A choice `${1|a,b|}`: its first option.
          const end = snippet.indexOf('|}', i + 1);
          if (end >= 0) {
            s += snippet.slice(i + 1, end).split(',')[0].replace(/\\([,|\\])/g, '$1');
            i = end + 1;
          }
        }
        if (snippet[i] === '}') i++;
      } else {
        s += c;
        i++;
      }
    }
    return s;
  };
  return parse();
}

/**
 * Markdown as plain text for clients that render no markdown: `**bold**` and `` `code` `` lose
 * their marks, `[text](url)` becomes "text (url)", headings and escapes their markers.
 */
export function markdownToPlain(md: string): string {
  return md
    .replace(/```[^\n]*\n([\s\S]*?)```/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, text: string, url: string) => (text === url ? url : `${text} (${url})`))
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^\w*])\*([^*\n]+)\*(?!\w)/g, '$1$2')
    .replace(/(^|[^\w_])_([^_\n]+)_(?!\w)/g, '$1$2')
    .replace(/``\s?([^`]+?)\s?``|`([^`]+)`/g, (_, a: string | undefined, b: string | undefined) => a ?? b ?? '')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\s*---+\s*$/gm, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>$])/g, '$1')
    .replace(/ {2}\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n');
}

function plainMarkup(m: MarkupContent): MarkupContent {
  return m.kind === MarkupKind.Markdown ? { kind: MarkupKind.PlainText, value: markdownToPlain(m.value) } : m;
}

/** The hover as plain text, when the client takes no markdown. */
export function plainHover(h: Hover | null): Hover | null {
  if (!h || typeof h.contents !== 'object' || !('kind' in h.contents)) return h;
  return { ...h, contents: plainMarkup(h.contents) };
}

export interface CompletionShape {
  snippets: boolean;
  markdown: boolean;
  /** Commands the client runs itself (initializationOptions.clientCommands). */
  commands: ReadonlySet<string>;
}

/** One completion item as the client can take it. */
export function shapeCompletionItem(item: CompletionItem, shape: CompletionShape): CompletionItem {
  let out = item;
  if (!shape.snippets && item.insertTextFormat === InsertTextFormat.Snippet) {
    out = { ...out, insertTextFormat: InsertTextFormat.PlainText };
    if (out.textEdit) out.textEdit = { ...out.textEdit, newText: snippetToPlain(out.textEdit.newText) };
    if (out.insertText !== undefined) out.insertText = snippetToPlain(out.insertText);
    if (out.textEditText !== undefined) out.textEditText = snippetToPlain(out.textEditText);
  }
  if (!shape.markdown && out.documentation && typeof out.documentation === 'object') out = { ...out, documentation: plainMarkup(out.documentation) };
  if (out.command && !shape.commands.has(out.command.command)) {
    out = { ...out };
    delete out.command;
  }
  return out;
}

/** The client command behind "Mark as known parameter" (client/src/common.ts). */
const ADD_KNOWN_PARAMETER = 'postfix.addKnownParameter';

/**
 * Code actions as the client can run them. A command the client did not declare is never sent:
 * "Mark as known parameter" becomes an edit that inserts a suppression comment above the line.
 * Without codeActionLiteralSupport only Command literals go out, so actions that need an edit
 * are left out (the server has no command that would apply one).
 */
export function shapeCodeActions(actions: CodeAction[], uri: string, commands: ReadonlySet<string>, literals: boolean): Array<CodeAction | Command> {
  const out: CodeAction[] = [];
  for (const a of actions) {
    if (a.command && !commands.has(a.command.command)) {
      if (a.command.command === ADD_KNOWN_PARAMETER && !a.edit && a.diagnostics?.length) {
        const d = a.diagnostics[0];
        const line = d.range.start.line;
        const rule = String(d.code ?? 'unknown-parameter');
        out.push({
          title: `Suppress ${rule} on this line (# postfix-lint disable-next-line ${rule})`,
          kind: CodeActionKind.QuickFix,
          diagnostics: a.diagnostics,
          isPreferred: false,
          edit: { changes: { [uri]: [TextEdit.insert({ line, character: 0 }, `# postfix-lint disable-next-line ${rule}\n`)] } },
        });
        continue;
      }
      if (!a.edit) continue;
      const rest = { ...a };
      delete rest.command;
      out.push(rest);
      continue;
    }
    out.push(a);
  }
  if (literals) return out;
  return out.filter((a) => a.command && !a.edit).map((a) => Command.create(a.title, a.command!.command, ...(a.command!.arguments ?? [])));
}

export const DEFAULT_MAX_DIAGNOSTICS = 1000;

/** At most `max` diagnostics, the last of them a summary that says how many more there are. */
export function capDiagnostics(diagnostics: Diagnostic[], max: number, source: string): Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const kept = diagnostics.slice(0, Math.max(0, max - 1));
  const more = diagnostics.length - kept.length;
  const at = diagnostics[kept.length].range.start;
  kept.push({
    range: { start: at, end: at },
    severity: DiagnosticSeverity.Information,
    source,
    code: 'too-many-diagnostics',
    message: `${more} more diagnostics are not shown (postfix.maxDiagnostics is ${max}); postfix-lint prints them all.`,
  });
  return kept;
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

export interface CheckedSettings {
  settings: LanguageSettings;
  /** One message per field that was ignored. */
  problems: string[];
}

/** Settings as the client sent them, with every field of the wrong type left out (and named in problems). */
export function checkSettings(raw: unknown): CheckedSettings {
  const problems: string[] = [];
  const settings: LanguageSettings = {};
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { settings, problems: [`postfix: the settings are not an object (${JSON.stringify(raw)}): ignored`] };
  const r = raw as Record<string, unknown>;
  const bad = (field: string, want: string) => problems.push(`postfix: ignored the setting postfix.${field} = ${short(r[field.split('.')[0]])}: it must be ${want}`);
  if (r.targetVersion !== undefined) {
    if (typeof r.targetVersion === 'string') settings.targetVersion = r.targetVersion;
    else bad('targetVersion', 'a string');
  }
  if (r.postconfPath !== undefined) {
    if (typeof r.postconfPath === 'string') settings.postconfPath = r.postconfPath;
    else bad('postconfPath', 'a string');
  }
  if (r.knownParameters !== undefined) {
    if (Array.isArray(r.knownParameters) && r.knownParameters.every((n) => typeof n === 'string')) settings.knownParameters = r.knownParameters as string[];
    else bad('knownParameters', 'an array of strings');
  }
  if (r.certificateChecks !== undefined) {
    const v = r.certificateChecks;
    if (typeof v === 'boolean' || v === 'auto' || v === 'on' || v === 'off') settings.certificateChecks = v;
    else bad('certificateChecks', '"auto", "on", "off" (or true / false)');
  }
  if (r.inlayHints !== undefined) {
    const ih = r.inlayHints;
    if (typeof ih === 'object' && ih !== null && !Array.isArray(ih) && ((ih as { enabled?: unknown }).enabled === undefined || typeof (ih as { enabled?: unknown }).enabled === 'boolean')) {
      settings.inlayHints = { enabled: (ih as { enabled?: boolean }).enabled };
    } else bad('inlayHints.enabled', 'true or false');
  }
  if (r.rules !== undefined) {
    if (typeof r.rules === 'object' && r.rules !== null && !Array.isArray(r.rules)) {
      const rules: Record<string, 'error' | 'warning' | 'info' | 'hint' | 'off'> = {};
      for (const [id, sev] of Object.entries(r.rules as Record<string, unknown>)) {
        if (typeof sev === 'string' && SEVERITIES.has(sev)) rules[id] = sev as 'error';
        else problems.push(`postfix: ignored postfix.rules["${id}"] = ${short(sev)}: a severity is one of error, warning, info, hint, off`);
      }
      settings.rules = rules;
    } else bad('rules', 'an object of rule ids and severities');
  }
  if (r.maxDiagnostics !== undefined) {
    if (typeof r.maxDiagnostics === 'number' && Number.isInteger(r.maxDiagnostics) && r.maxDiagnostics >= 1) settings.maxDiagnostics = r.maxDiagnostics;
    else bad('maxDiagnostics', 'a whole number of at least 1');
  }
  return { settings, problems };
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
