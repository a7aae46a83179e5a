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
  return rangeInLine(outer.line, outer.start - outer.column, outer.column + from, outer.column + to);
}

/** The smallest range covering both. */
export function coverRanges(a: Range, b: Range): Range {
  const first = a.start <= b.start ? a : b;
  const last = a.end >= b.end ? a : b;
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
