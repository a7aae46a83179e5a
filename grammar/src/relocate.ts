/**
 * Moving parsed lines: the incremental document keeps the nodes of lines an edit did not touch,
 * and the lines below an edit move by a number of lines and of offsets. `relocateLine` moves, in
 * place, a line node and what was found on it (its syntax diagnostic, a rule's findings and their
 * fixes): copying them cost an allocation per range, and on a long script that was most of a
 * keystroke's time (docs/architecture.md, "Positions and the incremental document").
 *
 * Objects are shared inside a line (a word is both in `words` and the line's `verb`; a finding's
 * range may be its word's range), so a range can be reached more than once. It is moved once,
 * without remembering what was visited: every range of a line starts on that line, at the line's
 * start plus its `column`, so a range still at the old line and the old line start is one not
 * moved yet, and one at the new line and the new line start has been (the two differ, since an
 * edit that moves nothing moves no line). Catalog entries (`spec`) hold no
 * positions and are not walked.
 */
import type { Range } from "./range.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Move {
  readonly line: number;
  readonly start: number;
  readonly lines: number;
  readonly offset: number;
}

/**
 * Moves `node` (a line node whose first character is at `start` and whose index is `node.line`)
 * and `found` (what was found on it) by `lines` lines and `offset` characters.
 */
export function relocateLine(node: { line: number; fullRange: Range }, found: readonly unknown[], lines: number, offset: number): void {
  if (lines === 0 && offset === 0) return;
  const move: Move = { line: node.line, start: node.fullRange.start, lines, offset };
  walk(node, move);
  for (const value of found) walk(value, move);
  (node as Mutable<typeof node>).line = move.line + lines;
}

function walk(value: unknown, move: Move): void {
  if (typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, move);
    return;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.start === "number" && typeof v.endColumn === "number") {
    const r = v as unknown as Mutable<Range>;
    if (r.line !== move.line || r.start - r.column !== move.start) return;
    r.start += move.offset;
    r.end += move.offset;
    r.line += move.lines;
    r.endLine += move.lines;
    return;
  }
  for (const key in v) {
    const x = v[key];
    if (typeof x === "object" && key !== "spec") walk(x, move);
  }
}
