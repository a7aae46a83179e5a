/** The syntax layer of upscript: parse, tree types, ranges and the dialect catalog. */
export * from "./ast.js";
export * from "./catalog.js";
export { configLoadLines, directiveLines, linesMatching, parse, parseLineAt, parseRuns, type ParsedLine, type ParseResult, type SyntaxDiagnostic } from "./parse.js";
export { relocateLine } from "./relocate.js";
export { pieces, type Piece, type PieceKind } from "./pieces.js";
export * from "./range.js";
export { looksLikeUrl } from "./url.js";
export { badEscape, decodePercent, type BadEscape } from "./encoded.js";
export { LIMITS, overLimit, type LimitProblem } from "./limits.js";
export { describeHours, hourMask, hourRuns, hoursOf, isUsableHour, HOURS_PER_DAY, type HourRun } from "./hours.js";
