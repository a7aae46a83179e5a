/**
 * Moving parsed lines: the incremental document keeps the nodes of lines an edit did not touch,
 * and the lines below an edit move by a number of lines and of offsets. `relocate` copies a
 * node (or anything else made of plain data with ranges in it: syntax diagnostics, a rule's
 * findings and their fixes) with every range, and a line node's `line`, moved. The copy shares
 * nothing that holds a position with the original; an object reached twice (a word that is both
 * in `words` and the line's `verb`) is copied once, so the copy keeps the original's sharing of
 * words and lists (not of ranges: a shared range is copied where it is reached).
 * Catalog entries (`spec`) are shared as they are.
 */
import type { Range } from "./range.js";

export function relocate<T>(value: T, lines: number, offset: number): T {
  if (lines === 0 && offset === 0) return value;
  const seen = new Map<object, unknown>();
  const move = (value: unknown): unknown => {
    if (typeof value !== "object" || value === null) return value;
    const v = value as Record<string, unknown>;
    // A range is a leaf: copied wherever it is reached (code compares ranges by position, never by identity).
    if (typeof v.start === "number" && typeof v.endColumn === "number") {
      const r = v as unknown as Range;
      return { start: r.start + offset, end: r.end + offset, line: r.line + lines, column: r.column, endLine: r.endLine + lines, endColumn: r.endColumn };
    }
    const known = seen.get(value);
    if (known !== undefined) return known;
    let out: unknown;
    if (Array.isArray(value)) {
      out = value.length === 0 ? value : value.map(move);
    } else {
      const copy: Record<string, unknown> = {};
      for (const key in v) {
        const x = v[key];
        if (key === "line" && typeof x === "number") copy[key] = x + lines;
        else copy[key] = key === "spec" || typeof x !== "object" ? x : move(x);
      }
      out = copy;
    }
    seen.set(value, out);
    return out;
  };
  return move(value) as T;
}
