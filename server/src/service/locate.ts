import type { Position } from 'vscode-languageserver-types';
import type { ParamDef, ParsedConfig, ServiceEntry } from './parser/ast';
import { offsetInLogical } from './parser/lines';
import { ListItem, Reference, scanReferences, splitList } from './parser/values';
import { isRawParameter } from './knowledge/rawParameters';

export type Located =
  | { kind: 'name'; def: ParamDef }
  | { kind: 'reference'; def: ParamDef; ref: Reference }
  | { kind: 'value'; def: ParamDef; item: ListItem; offset: number }
  | { kind: 'service'; service: ServiceEntry; field: number };

function contains(r: { start: Position; end: Position }, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/** The definition under the cursor, and the part of it (name, `$ref`, list item). */
export function locate(doc: ParsedConfig, pos: Position): Located | undefined {
  for (const def of doc.defs) {
    if (pos.line < def.range.start.line || pos.line > def.range.end.line) continue;
    if (contains(def.nameRange, pos)) return { kind: 'name', def };
    if (!contains(def.valueRange, pos)) continue;
    const off = offsetInLogical(def.logical, pos);
    if (off === undefined) continue;
    const v = off - def.valueOffset;
    // In mailbox_command or smtpd_reject_footer a `$NAME` is the program's own macro, not a reference.
    const ref = isRawParameter(def.name) ? undefined : scanReferences(def.value).refs.find((r) => v >= r.nameStart - 1 && v <= r.end && v >= r.start && (v <= r.nameEnd || !r.operator));
    if (ref) return { kind: 'reference', def, ref };
    const item = splitList(def.value).find((i) => v >= i.start && v <= i.end);
    if (item) return { kind: 'value', def, item, offset: v };
  }
  for (const s of doc.services) {
    if (pos.line < s.range.start.line || pos.line > s.range.end.line) continue;
    const k = s.fields.findIndex((f) => contains(f.range, pos));
    if (k >= 0) return { kind: 'service', service: s, field: k };
    if (s.command && contains(s.command.range, pos)) return { kind: 'service', service: s, field: 7 };
  }
  return undefined;
}
