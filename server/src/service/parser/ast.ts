import type { Range } from 'vscode-languageserver-types';
import type { LogicalLine } from './lines';
import type { BranchMark } from './templates';
import type { ConfigFileKind } from '../../shared/documentKinds';

/** The file a definition is in (the configuration's two files, shared/documentKinds.ts). */
export type Origin = ConfigFileKind;

/** One `name = value` definition: a main.cf line or a master.cf `-o` override. */
export interface ParamDef {
  name: string;
  nameRange: Range;
  /** The value as Postfix stores it (continuations joined with a blank). */
  value: string;
  /** Offset of the value in `logical.text`. */
  valueOffset: number;
  valueRange: Range;
  /** The whole definition, name to end of value. */
  range: Range;
  logical: LogicalLine;
  origin: Origin;
  /** master.cf service (`name/type`) for `-o` overrides. */
  service?: ServiceEntry;
  /** Name or value holds a template tag: we cannot know the rendered text. */
  templated: boolean;
  /** Physical lines of indented continuations that look like `name = value` themselves. */
  suspiciousContinuations: Array<{ line: number; range: Range; name: string }>;
}

export interface ParseProblem {
  range: Range;
  message: string;
  /** The rule that reports it (its severity comes from the rule catalogue). */
  code: 'syntax';
}

export interface Field {
  text: string;
  range: Range;
}

export interface ServiceEntry {
  /** `service/type`, the key Postfix uses (`smtp/inet`). */
  key: string;
  name: Field;
  type: Field;
  fields: Field[];
  command?: Field;
  args: Field[];
  overrides: ParamDef[];
  range: Range;
  logical: LogicalLine;
}

export interface ParsedConfig {
  kind: Origin;
  /** All definitions in source order (main.cf lines or master.cf overrides). */
  defs: ParamDef[];
  services: ServiceEntry[];
  problems: ParseProblem[];
  /** Physical lines that hold only template tags (control flow of the template). */
  templateLines: number[];
  /** Lines holding template control tags (`<% if %>`, `{% else %}`). */
  controlLines: number[];
  /** Templates: the arms of the template's conditionals (parser/templates.ts branchMarks). */
  branches?: BranchMark[];
  /** Lines that are comments (for suppression comments and folding). */
  commentLines: number[];
  /** master.cf: comment lines that hold a commented-out service entry. */
  commentedServices?: number[];
  template: boolean;
  lineCount: number;
}
