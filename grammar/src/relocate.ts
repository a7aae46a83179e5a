/**
 * Moving parsed lines: the incremental document keeps the nodes of lines an edit did not touch,
 * and the lines below an edit move by a number of lines and of offsets. `relocateLine` moves, in
 * place, a line node and what was found on it (its syntax diagnostic, a rule's findings and their
 * fixes) (docs/architecture.md, "Positions and the incremental document").
 *
 * Every range the parser makes in a line, its `fullRange` too, is anchored to the line
 * (`anchoredRange`, `fullLineRange`), so the node moves by changing its anchor and its `line`:
 * nothing inside it is walked.
 * Findings may hold ranges of their own that are not anchored (a rule may build one from numbers);
 * those are walked and moved. A range still at the old line and the old line start is one not
 * moved yet; an anchored one reads the new anchor and is left alone (the two differ, since an edit
 * that moves nothing moves no line). Catalog entries (`spec`) hold no positions and are not walked.
 */
import { anchorOf, type Range } from "./range.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Move {
  readonly line: number;
  readonly start: number;
  readonly lines: number;
  readonly offset: number;
}

/**
 * Moves `node` (a line node whose first character is at `fullRange.start` and whose index is
 * `node.line`) and `found` (what was found on it) by `lines` lines and `offset` characters.
 */
export function relocateLine(node: { line: number; range: Range; fullRange: Range }, found: readonly unknown[], lines: number, offset: number): void {
  if (lines === 0 && offset === 0) return;
  const line = node.line;
  const start = node.fullRange.start;
  const move: Move = { line, start, lines, offset };
  const anchor = anchorOf(node.range);
  if (anchor) {
    anchor.line += lines;
    anchor.lineStart += offset;
    // The parser's fullRange reads the same anchor; one built elsewhere is moved on its own.
    if (anchorOf(node.fullRange) !== anchor) moveRange(node.fullRange as Mutable<Range>, move);
  } else {
    walk(node, move);
  }
  for (let i = 0; i < found.length; i++) walk(found[i], move);
  if (lines !== 0) (node as Mutable<typeof node>).line = line + lines;
}

function moveRange(r: Mutable<Range>, move: Move): void {
  r.start += move.offset;
  r.end += move.offset;
  r.line += move.lines;
  r.endLine += move.lines;
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
    if (anchorOf(r) || r.line !== move.line || r.start - r.column !== move.start) return;
    moveRange(r, move);
    return;
  }
  for (const key in v) {
    const x = v[key];
    if (typeof x === "object" && key !== "spec") walk(x, move);
  }
}
