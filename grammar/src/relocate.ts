/**
 * Moving parsed lines: the incremental document keeps the nodes of lines an edit did not touch,
 * and the lines below an edit move by a number of lines and of offsets. `relocate` copies a
 * node (or anything else made of plain data with ranges in it: syntax diagnostics, a rule's
 * findings and their fixes) with every range, and a line node's `line`, moved. The copy shares
 * nothing that holds a position; catalog entries (`spec`) are shared as they are.
 */
import type { Range } from "./range.js";

export function relocate<T>(value: T, lines: number, offset: number): T {
  if (lines === 0 && offset === 0) return value;
  return move(value, lines, offset) as T;
}

function move(value: unknown, lines: number, offset: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return value;
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = move(value[i], lines, offset);
    return out;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.start === "number" && typeof v.endColumn === "number") {
    const r = v as unknown as Range;
    return { start: r.start + offset, end: r.end + offset, line: r.line + lines, column: r.column, endLine: r.endLine + lines, endColumn: r.endColumn };
  }
  const out: Record<string, unknown> = {};
  for (const key in v) {
    const x = v[key];
    if (key === "line" && typeof x === "number") out[key] = x + lines;
    else out[key] = key === "spec" || typeof x !== "object" ? x : move(x, lines, offset);
  }
  return out;
}
