/**
 * Positions in a script. Everything is 0-based and counted in UTF-16 code units, the unit of
 * JavaScript strings and of LSP positions. A range never spans a line end except for a line's
 * `fullRange`, which includes its terminator.
 */
export interface Range {
  /** Offset of the first character. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * Where a line of a parsed script stands: its number and the offset of its first character. The
 * ranges inside the line are anchored to it (`anchoredRange`), so the incremental document moves
 * a kept line, and every range in it, by changing these two numbers (docs/architecture.md,
 * "Positions and the incremental document").
 */
export interface LineAnchor {
  line: number;
  lineStart: number;
}

/**
 * A range inside one line, held as columns on the line's anchor: offsets and line numbers are
 * read through the anchor. It serialises (`toJSON`) as a plain Range.
 */
class AnchoredRange implements Range {
  constructor(
    readonly anchor: LineAnchor,
    readonly column: number,
    readonly endColumn: number,
  ) {}
  get start(): number {
    return this.anchor.lineStart + this.column;
  }
  get end(): number {
    return this.anchor.lineStart + this.endColumn;
  }
  get line(): number {
    return this.anchor.line;
  }
  get endLine(): number {
    return this.anchor.line;
  }
  toJSON(): Range {
    return plainRange(this);
  }
}

/**
 * A line's `fullRange`, from its first character to the start of the next line (its line end
 * included), read through the line's anchor like the ranges inside it: a kept line moves without
 * this range being touched. It ends on the next line, so `subRange`, `coverRanges` and
 * `emptyRangeAt` treat it as the plain range it reads as.
 */
class FullLineRange implements Range {
  constructor(
    readonly anchor: LineAnchor,
    /** Characters from the line's start to the next line's, its line end included. */
    private readonly length: number,
    private readonly eolLength: number,
  ) {}
  get start(): number {
    return this.anchor.lineStart;
  }
  get end(): number {
    return this.anchor.lineStart + this.length;
  }
  get line(): number {
    return this.anchor.line;
  }
  get column(): number {
    return 0;
  }
  get endLine(): number {
    return this.eolLength > 0 ? this.anchor.line + 1 : this.anchor.line;
  }
  get endColumn(): number {
    return this.eolLength > 0 ? 0 : this.length;
  }
  toJSON(): Range {
    return plainRange(this);
  }
}

/** The range of a whole line of `length` characters, `eolLength` of them its line end; it moves with the anchor. */
export function fullLineRange(anchor: LineAnchor, length: number, eolLength: number): Range {
  return new FullLineRange(anchor, length, eolLength);
}

/** A range from `startColumn` to `endColumn` of the anchored line; it moves with the anchor. */
export function anchoredRange(anchor: LineAnchor, startColumn: number, endColumn: number): Range {
  return new AnchoredRange(anchor, startColumn, endColumn);
}

/** The line anchor of a range made by `anchoredRange` or `fullLineRange`, undefined for any other range. */
export function anchorOf(range: Range): LineAnchor | undefined {
  return range instanceof AnchoredRange || range instanceof FullLineRange ? range.anchor : undefined;
}

/** The same positions as a plain object, detached from any anchor. */
export function plainRange(r: Range): Range {
  return { start: r.start, end: r.end, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

/** A range inside one line. `lineStart` is the offset of that line's first character. */
export function rangeInLine(line: number, lineStart: number, startColumn: number, endColumn: number): Range {
  return {
    start: lineStart + startColumn,
    end: lineStart + endColumn,
    line,
    column: startColumn,
    endLine: line,
    endColumn,
  };
}

/** A sub-range of a one-line range, by offsets relative to its start. */
export function subRange(outer: Range, from: number, to: number): Range {
  if (outer instanceof AnchoredRange) return new AnchoredRange(outer.anchor, outer.column + from, outer.column + to);
  return rangeInLine(outer.line, outer.start - outer.column, outer.column + from, outer.column + to);
}

/** The smallest range covering both. */
export function coverRanges(a: Range, b: Range): Range {
  const first = a.start <= b.start ? a : b;
  const last = a.end >= b.end ? a : b;
  if (first instanceof AnchoredRange && last instanceof AnchoredRange && first.anchor === last.anchor) return new AnchoredRange(first.anchor, first.column, last.endColumn);
  return {
    start: first.start,
    end: last.end,
    line: first.line,
    column: first.column,
    endLine: last.endLine,
    endColumn: last.endColumn,
  };
}

export function emptyRangeAt(range: Range, atEnd = false): Range {
  if (range instanceof AnchoredRange) return new AnchoredRange(range.anchor, atEnd ? range.endColumn : range.column, atEnd ? range.endColumn : range.column);
  return atEnd
    ? { start: range.end, end: range.end, line: range.endLine, column: range.endColumn, endLine: range.endLine, endColumn: range.endColumn }
    : { start: range.start, end: range.start, line: range.line, column: range.column, endLine: range.line, endColumn: range.column };
}

export function compareRanges(a: Range, b: Range): number {
  return a.start - b.start || a.end - b.end;
}

/** Offsets of line starts, for turning offsets into ranges in any text (configs, other files). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The range between two offsets, using line starts from `lineStarts`. */
export function rangeAt(starts: readonly number[], start: number, end: number): Range {
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const line = lineOf(start);
  const endLine = lineOf(end);
  return { start, end, line, column: start - starts[line]!, endLine, endColumn: end - starts[endLine]! };
}
