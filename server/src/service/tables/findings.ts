import type { Range, TextEdit } from 'vscode-languageserver-types';
import { finding, Finding, FindingArgs, Severity } from '../findings';
import type { RuleId } from '../rules/catalogue';

/** A quick fix of a table finding: edits on the table's own text (tables have no cross-file fixes). */
export interface TableFix {
  title: string;
  preferred?: boolean;
  edits: TextEdit[];
}

export interface TableFinding extends Finding {
  edits?: TableFix[];
}

/** Turns document offsets into ranges; a TextDocument is one. */
export interface Positions {
  positionAt(offset: number): Range['start'];
}

export function rangeOf(doc: Positions, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

/** Collects findings of one table; `at` turns offsets into a range once. */
export class TableReport {
  readonly out: TableFinding[] = [];
  constructor(readonly doc: Positions) {}
  /** A finding with the catalogue's severity, unless `extra.severity` says otherwise (a 'mixed' rule must). */
  add(rule: RuleId, start: number, end: number, message: string, extra: Omit<Partial<TableFinding>, 'severity'> & { severity?: Severity } = {}): void {
    const { edits, ...rest } = extra;
    const f: TableFinding = finding({ ...rest, rule, range: rangeOf(this.doc, start, end), message } as FindingArgs<RuleId>);
    this.out.push(edits ? { ...f, edits } : f);
  }
  fix(title: string, start: number, end: number, newText: string, preferred = true): TableFix {
    return { title, preferred, edits: [{ range: rangeOf(this.doc, start, end), newText }] };
  }
}
