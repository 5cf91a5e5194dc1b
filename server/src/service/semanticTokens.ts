import { definedInSomeService } from './rules/general';
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { EffectiveConfig } from './config';
import type { ParsedConfig } from './parser/ast';
import { positionAt } from './parser/lines';
import { findTags } from './parser/templates';
import { facts, isBuiltin } from './knowledge/knowledge';
import { occurrences } from './occurrences';

/**
 * Token types: `property` a name Postfix knows, `variable` a user-defined name that is used,
 * `unknownParameter` (declared in package.json, falls back to `variable`) a name Postfix does
 * not know and nothing uses, or a reference to a name that is nowhere defined; `macro` the
 * delimiters of template tags. Definitions carry `declaration`; a `$name` reference is the
 * same type without it (the token covers the `$` or `${` too). Built-in names carry
 * `defaultLibrary`, deprecated ones `deprecated`.
 */
export const TOKEN_TYPES = ['property', 'variable', 'unknownParameter', 'macro'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'deprecated', 'defaultLibrary'] as const;

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

type TokenType = (typeof TOKEN_TYPES)[number];
type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

interface Token {
  line: number;
  character: number;
  length: number;
  type: TokenType;
  modifiers: TokenModifier[];
}

/** A decoded token, for tests and debugging. */
export interface DecodedToken {
  line: number;
  character: number;
  length: number;
  type: string;
  modifiers: string[];
}

function modifiersOf(name: string): TokenModifier[] {
  const out: TokenModifier[] = [];
  if (facts(name)?.deprecated) out.push('deprecated');
  if (isBuiltin(name)) out.push('defaultLibrary');
  return out;
}

const OPEN = /^(?:<%[=#-]?|\{\{-?|\{%-?|\{#)/;
const CLOSE = /(?:-?%>|-?\}\}|-?%\}|#\})$/;

export function getSemanticTokens(doc: TextDocument, parsed: ParsedConfig, cfg: EffectiveConfig): SemanticTokens {
  const tokens: Token[] = [];
  const push = (line: number, character: number, endLine: number, endCharacter: number, type: TokenType, modifiers: TokenModifier[]) => {
    // Tokens never span lines.
    if (line !== endLine || endCharacter <= character) return;
    tokens.push({ line, character, length: endCharacter - character, type, modifiers });
  };
  // Restriction classes are known to Postfix once listed, but the name is the user's.
  const postfixName = (n: string) => cfg.isKnown(n) && (!cfg.restrictionClasses.has(n) || !!facts(n));
  for (const o of occurrences(parsed, cfg.restrictionClasses)) {
    const known = postfixName(o.name);
    if (o.kind === 'reference' && o.ref) {
      const defined = cfg.isDefinedOrKnown(o.name, o.def.service) || cfg.restrictionClasses.has(o.name) || (o.def.origin === 'main' && definedInSomeService(cfg, o.name));
      const type: TokenType = known ? 'property' : defined ? 'variable' : 'unknownParameter';
      const start = positionAt(o.def.logical, o.def.valueOffset + o.ref.start);
      push(start.line, start.character, o.range.end.line, o.range.end.character, type, modifiersOf(o.name));
      continue;
    }
    const type: TokenType = known ? 'property' : o.kind === 'class' || cfg.restrictionClasses.has(o.name) || cfg.isUsed(o.name, o.def) ? 'variable' : 'unknownParameter';
    const mods = modifiersOf(o.name);
    if (o.kind === 'definition' || o.kind === 'override') mods.unshift('declaration');
    push(o.range.start.line, o.range.start.character, o.range.end.line, o.range.end.character, type, mods);
  }
  if (parsed.template) {
    const text = doc.getText();
    for (const tag of findTags(text)) {
      const t = text.slice(tag.start, tag.end);
      if (t.startsWith('%%')) {
        const a = doc.positionAt(tag.start);
        const b = doc.positionAt(tag.end);
        push(a.line, a.character, b.line, b.character, 'macro', []);
        continue;
      }
      const open = OPEN.exec(t)?.[0];
      const close = t.length > (open?.length ?? 0) ? CLOSE.exec(t)?.[0] : undefined;
      if (open) {
        const a = doc.positionAt(tag.start);
        push(a.line, a.character, a.line, a.character + open.length, 'macro', []);
      }
      if (close) {
        const b = doc.positionAt(tag.end);
        push(b.line, b.character - close.length, b.line, b.character, 'macro', []);
      }
    }
  }
  tokens.sort((a, b) => a.line - b.line || a.character - b.character);
  const data: number[] = [];
  let line = 0;
  let character = 0;
  let lastEnd = { line: -1, character: 0 };
  for (const t of tokens) {
    // Overlapping tokens are not allowed: keep the first.
    if (t.line === lastEnd.line && t.character < lastEnd.character) continue;
    const dl = t.line - line;
    data.push(dl, dl === 0 ? t.character - character : t.character, t.length, TOKEN_TYPES.indexOf(t.type), t.modifiers.reduce((m, x) => m | (1 << TOKEN_MODIFIERS.indexOf(x)), 0));
    line = t.line;
    character = t.character;
    lastEnd = { line: t.line, character: t.character + t.length };
  }
  return { data };
}

/** Turns the relative encoding back into absolute tokens with names. */
export function decodeSemanticTokens(tokens: SemanticTokens, legend: SemanticTokensLegend = SEMANTIC_TOKENS_LEGEND): DecodedToken[] {
  const out: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  const d = tokens.data;
  for (let i = 0; i + 4 < d.length; i += 5) {
    line += d[i];
    character = d[i] === 0 ? character + d[i + 1] : d[i + 1];
    const mods = legend.tokenModifiers.filter((_, k) => (d[i + 4] >> k) & 1);
    out.push({ line, character, length: d[i + 2], type: legend.tokenTypes[d[i + 3]], modifiers: mods });
  }
  return out;
}
