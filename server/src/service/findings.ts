import type { Range } from 'vscode-languageserver-types';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export type GeneralRuleId =
  | 'syntax'
  | 'accidental-continuation'
  | 'unknown-parameter'
  | 'duplicate-parameter'
  | 'invalid-value'
  | 'undefined-reference'
  | 'version-mismatch'
  | 'deprecated-parameter';

/** What a rule reports; the facade turns it into an LSP Diagnostic or a linter line. */
export interface Finding {
  rule: string;
  severity: Severity;
  range: Range;
  message: string;
  /** For quick fixes: what to put instead, or other rule-specific facts. */
  data?: FindingData;
  related?: Array<{ range: Range; message: string }>;
  /** Code that is now pointless (greyed out by editors). */
  unnecessary?: boolean;
  deprecated?: boolean;
}

export interface FindingData {
  /** Replace `range` of the name with this name. */
  rename?: string;
  /** Replace the whole definition (name to end of value) with this text; empty means delete the line(s). */
  replaceDefinition?: string;
  /** The whole definition's range (for replaceDefinition). */
  definitionRange?: Range;
  suggestion?: string;
  preferred?: boolean;
}
