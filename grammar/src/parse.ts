/**
 * `parse(text)`: the public entry of the syntax layer. Pure and synchronous; never throws.
 *
 * The text is cut into lines here (LF, CRLF and lone CR, mixed freely), then each line is
 * lexed and parsed on its own by Chevrotain with one reused parser. A line can never affect
 * another one, so cost grows linearly and memory stays bounded by the tree itself.
 */
import type { IRecognitionException } from "chevrotain";
import type { LineEnd, LineNode, Script } from "./ast.js";
import { blankLine, buildLine, oversizedLine, type LineFrame } from "./build.js";
import { LIMITS } from "./limits.js";
import { lineLexer } from "./lexer.js";
import { LineParser } from "./parser.js";
import { anchoredRange, fullLineRange, type Range } from "./range.js";

export interface SyntaxDiagnostic {
  readonly code: "syntax";
  readonly severity: "error";
  readonly message: string;
  readonly range: Range;
  /** Set when the line was left unread because it is beyond a limit. */
  readonly limit?: "max-line-length";
}

export interface ParseResult {
  readonly tree: Script;
  readonly syntaxDiagnostics: SyntaxDiagnostic[];
}

const parser = new LineParser();
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

export function parse(text: string): ParseResult {
  const lines: LineNode[] = [];
  const syntaxDiagnostics: SyntaxDiagnostic[] = [];
  const length = text.length;
  for (let start = 0, line = 0; start < length; line++) {
    const parsed = parseLineAt(text, start, line);
    lines.push(parsed.node);
    if (parsed.syntax) syntaxDiagnostics.push(parsed.syntax);
    start = parsed.next;
  }
  return { tree: { text, bom: text.charCodeAt(0) === BOM, lines }, syntaxDiagnostics };
}

/** One line of a text, parsed alone: its node, its syntax diagnostic if any, and where the next line starts. */
export interface ParsedLine {
  readonly node: LineNode;
  readonly syntax: SyntaxDiagnostic | undefined;
  readonly next: number;
}

/**
 * Parses the line that starts at offset `start` of `text` (a line start: 0 or just after a line
 * end) as line number `line`. `parse` is this, line after line; the incremental document calls it
 * for the lines an edit touched.
 */
export function parseLineAt(text: string, start: number, line: number): ParsedLine {
  const length = text.length;
  let end = start;
  while (end < length) {
    const c = text.charCodeAt(end);
    if (c === LF || c === CR) break;
    end++;
  }
  let next = end;
  let eol: LineEnd = "";
  if (end < length) {
    if (text.charCodeAt(end) === CR) eol = text.charCodeAt(end + 1) === LF ? "\r\n" : "\r";
    else eol = "\n";
    next = end + eol.length;
  }
  const anchor = { line, lineStart: start };
  const frame: LineFrame = { line, anchor, contentColumn: start === 0 && text.charCodeAt(0) === BOM ? 1 : 0, fullRange: fullLineRange(anchor, next - start, eol.length), eol };
  const out: SyntaxDiagnostic[] = [];
  const node = parseLine(text.slice(start + frame.contentColumn, end), frame, out);
  return { node, syntax: out[0], next };
}

function isBlank(content: string): boolean {
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function parseLine(content: string, frame: LineFrame, diagnostics: SyntaxDiagnostic[]): LineNode {
  if (isBlank(content)) return blankLine(frame);
  if (content.length > LIMITS.maxLineLength) {
    const node = oversizedLine(frame, content);
    diagnostics.push({
      code: "syntax",
      severity: "error",
      message: `line ${frame.line + 1} is ${content.length.toLocaleString("en-US")} characters long, more than the ${LIMITS.maxLineLength.toLocaleString("en-US")} upscript reads (limit max-line-length); it was not checked`,
      range: node.words[0]?.range ?? node.range,
      limit: "max-line-length",
    });
    return node;
  }
  const { tokens } = lineLexer.tokenize(content);
  parser.input = tokens;
  const cst = parser.line();
  const node = buildLine(frame, cst);
  if (parser.errors.length > 0) diagnostics.push(syntaxDiagnostic(parser.errors[0]!, node, frame));
  return node;
}

/** One diagnostic per line: recovery may report follow-on errors that say nothing new. */
function syntaxDiagnostic(error: IRecognitionException, node: LineNode, frame: LineFrame): SyntaxDiagnostic {
  const token = error.token;
  const real = token.image !== "" && !Number.isNaN(token.startOffset) && !token.isInsertedInRecovery;
  const from = frame.contentColumn + token.startOffset;
  const range = real ? anchoredRange(frame.anchor, from, from + token.image.length) : node.range;
  return { code: "syntax", severity: "error", message: error.message, range };
}
