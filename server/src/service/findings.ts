import type { Range } from 'vscode-languageserver-types';
import { MixedRuleId, ruleInfo, RuleId } from './rules/catalogue';
import type { ConfigFileKind } from '../shared/documentKinds';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** What a rule reports; the facade turns it into an LSP Diagnostic or a linter line. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  range: Range;
  message: string;
  /** Facts for clients that read Diagnostic.data: the name a "did you mean" suggests. Fixes are in `fixes`. */
  data?: { suggestion: string };
  related?: Array<{ range: Range; message: string }>;
  /** Code that is now pointless (greyed out by editors). */
  unnecessary?: boolean;
  deprecated?: boolean;
  /** Fixes this finding offers, planned against the configuration (turned into edits by fixes.ts, for every rule). */
  fixes?: FixPlan[];
}

/** The file of the configuration an edit or finding belongs to. */
export type FileKind = ConfigFileKind;

/** An edit described by intent, so it can be applied to the current text without duplicating definitions. */
export type EditPlan =
  | { kind: 'replace'; file: FileKind; range: Range; text: string }
  /** Set a parameter: edit its definition if there is one (in main.cf, or the service's `-o`), else add one. */
  | { kind: 'set'; name: string; value: string; service?: string }
  /** Delete the whole lines of a definition. */
  | { kind: 'remove'; file: FileKind; range: Range }
  /** Insert a recommended block; `at` puts it after (or before) a main.cf line, where the finding was shown. */
  | { kind: 'insertBlock'; block: 'client' | 'server'; at?: { line: number; before?: boolean } };

export interface FixPlan {
  title: string;
  preferred?: boolean;
  /** false: never part of "fix all" (source.fixAll, run by editors on save), even when preferred. */
  fixAll?: false;
  edits: EditPlan[];
}

/**
 * What an emit site says: the rule, where and what; the severity only where the rule's catalogue
 * entry has none ('mixed') or the case differs from it (noted in the catalogue's `when`).
 */
export type FindingArgs<R extends RuleId> = Omit<Finding, 'rule' | 'severity'> & { rule: R } & (R extends MixedRuleId ? { severity: Severity } : { severity?: Severity });

/** A finding with its severity taken from the rule catalogue unless the emit site gives one. */
export function finding<R extends RuleId>(a: FindingArgs<R>): Finding {
  const severity = a.severity ?? ruleInfo(a.rule).severity;
  // The types keep a mixed rule from reaching here without a severity; a cast elsewhere would not.
  if (severity === 'mixed') throw new Error(`rule ${a.rule} has no default severity: the finding must name one`);
  return { ...a, severity };
}
