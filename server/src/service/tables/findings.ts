import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { Finding, Severity } from '../findings';

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
  add(rule: string, severity: Severity, start: number, end: number, message: string, extra: Partial<TableFinding> = {}): void {
    this.out.push({ rule, severity, range: rangeOf(this.doc, start, end), message, ...extra });
  }
  fix(title: string, start: number, end: number, newText: string, preferred = true): TableFix {
    return { title, preferred, edits: [{ range: rangeOf(this.doc, start, end), newText }] };
  }
}
