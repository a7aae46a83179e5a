/**
 * The lossless view of a tree: every word (tokens and comments) and every piece of trivia
 * (byte order mark, blanks, line ends) in order. Joining the pieces' texts gives back the input
 * exactly; the formatter and quick fixes rely on it.
 */
import type { Script } from "./ast.js";

export type PieceKind = "bom" | "blank" | "word" | "comment" | "eol";

export interface Piece {
  readonly kind: PieceKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export function* pieces(script: Script): Generator<Piece> {
  const { text } = script;
  for (const line of script.lines) {
    let at = line.fullRange.start;
    const piece = (kind: PieceKind, end: number): Piece => {
      const p = { kind, text: text.slice(at, end), start: at, end };
      at = end;
      return p;
    };
    if (line.line === 0 && script.bom) yield piece("bom", at + 1);
    for (const word of line.words) {
      if (word.range.start > at) yield piece("blank", word.range.start);
      yield piece(line.kind === "comment" || line.kind === "directive" ? "comment" : "word", word.range.end);
    }
    const contentEnd = line.fullRange.end - line.eol.length;
    if (contentEnd > at) yield piece("blank", contentEnd);
    if (line.eol) yield piece("eol", line.fullRange.end);
  }
}
