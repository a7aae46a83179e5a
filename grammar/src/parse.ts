/**
 * `parse(text)`: the public entry of the syntax layer. Pure and synchronous; never throws.
 *
 * The text is cut into lines here (LF, CRLF and lone CR, mixed freely); each line is lexed
 * (LineLexer) and its tokens parsed on their own by Chevrotain with one reused parser. A line can
 * never affect another one, so cost grows linearly and memory stays bounded by the tree itself.
 */
import type { IRecognitionException } from "chevrotain";
import { isConfigLoad, type DirectiveLine, type LineEnd, type LineNode, type Script, type TransferLine } from "./ast.js";
import { COMMANDS } from "./catalog.js";
import { blankLine, buildLine, oversizedLine, type LineFrame } from "./build.js";
import { LIMITS } from "./limits.js";
import { LineLexer } from "./lexer.js";
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
const lexer = new LineLexer();
const LF = 10;
const CR = 13;
const BOM = 0xfeff;
/** parseRuns hands over the lines of about this many characters at a time. */
const RUN_CHARS = 16 * 1024;

export function parse(text: string): ParseResult {
  const lines: LineNode[] = [];
  const syntaxDiagnostics: SyntaxDiagnostic[] = [];
  parseRuns(text, (run, syntax) => {
    for (const node of run) lines.push(node);
    for (const d of syntax) syntaxDiagnostics.push(d);
  });
  return { tree: { text, bom: text.charCodeAt(0) === BOM, lines }, syntaxDiagnostics };
}

/**
 * `parse` a run of lines at a time: `onRun` gets the nodes of each run of lines (about RUN_CHARS
 * of text) in order, with their syntax diagnostics; neither array is touched after the call. The
 * same nodes as `parse`, for a caller that reads a script without keeping its tree (the lint of
 * a long script, docs/architecture.md "Data flow").
 */
export function parseRuns(text: string, onRun: (lines: readonly LineNode[], syntaxDiagnostics: readonly SyntaxDiagnostic[]) => void): void {
  const length = text.length;
  const ends = new LineEnds(text);
  for (let start = 0, line = 0; start < length; ) {
    const nodes: LineNode[] = [];
    const syntax: SyntaxDiagnostic[] = [];
    for (const runStart = start; start < length && start - runStart < RUN_CHARS; line++) {
      const span = lineSpan(text, start, line, ends);
      nodes.push(parseSpan(text, span, syntax));
      start = span.next;
    }
    onRun(nodes, syntax);
  }
}

/** One line of a text, parsed alone: its node, its syntax diagnostic if any, and where the next line starts. */
export interface ParsedLine {
  readonly node: LineNode;
  readonly syntax: SyntaxDiagnostic | undefined;
  readonly next: number;
}

/**
 * Parses the line that starts at offset `start` of `text` (a line start: 0 or just after a line
 * end) as line number `line`. `parse` gives the same nodes; the incremental document calls this
 * for the lines an edit touched.
 */
export function parseLineAt(text: string, start: number, line: number): ParsedLine {
  const span = lineSpan(text, start, line);
  const syntax: SyntaxDiagnostic[] = [];
  const node = parseSpan(text, span, syntax);
  return { node, syntax: syntax[0], next: span.next };
}

/**
 * The lines of a text that hold a match of `pattern` (a global RegExp), parsed as `parse` parses
 * them, in line order; the other lines are not parsed. For a reader that wants a few kinds of
 * line and knows a word each of them must hold.
 */
export function linesMatching(text: string, pattern: RegExp): LineNode[] {
  const out: LineNode[] = [];
  const search = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
  let line = 0;
  let lineStart = 0;
  for (let match = search.exec(text); match; match = search.exec(text)) {
    // Count the line ends between the last line read and this one, as lineSpan finds them.
    for (let i = lineStart; i < match.index; i++) {
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) {
        if (c === CR && text.charCodeAt(i + 1) === LF) i++;
        line++;
        lineStart = i + 1;
      }
    }
    const parsed = parseLineAt(text, lineStart, line);
    out.push(parsed.node);
    line++;
    lineStart = parsed.next;
    search.lastIndex = parsed.next;
    if (parsed.next >= text.length) break;
  }
  return out;
}

/**
 * The directive lines of a text (`# upscript-disable …`): only lines that hold `upscript-` (in
 * any case) can be one. For a lint that applies the directives to each finding as it is found
 * while it reads the lines.
 */
export function directiveLines(text: string): DirectiveLine[] {
  return linesMatching(text, /upscript-/gi).filter((line): line is DirectiveLine => line.kind === "directive");
}

/**
 * The catalog's verbs that load a configuration file, as a word of their own (blanks before,
 * blanks or a line end after): every such line holds one, and a URL's `/cfg/` is not one.
 */
const CONFIG_LOAD_WORDS = new RegExp(
  `(?<=[ \\t])(?:${COMMANDS.filter((c) => c.transfer?.loadsConfig)
    .map((c) => c.verb)
    .join("|")})(?=[ \\t\\r\\n]|$)`,
  "gi",
);

/** The lines of a text that load a configuration file (`mod cmd UP0 cfg …`), without parsing the others. */
export function configLoadLines(text: string): TransferLine[] {
  return linesMatching(text, CONFIG_LOAD_WORDS).filter(isConfigLoad);
}

/** Where a line's parts lie in the text. */
interface LineSpan {
  readonly line: number;
  readonly start: number;
  /** After a BOM on the first line, else `start`. */
  readonly contentStart: number;
  /** Where its line end (or the text) begins. */
  readonly end: number;
  /** Where the next line starts. */
  readonly next: number;
  readonly eol: LineEnd;
}

function lineSpan(text: string, start: number, line: number, ends: LineEnds = new LineEnds(text)): LineSpan {
  const length = text.length;
  const end = ends.from(start);
  let eol: LineEnd = "";
  if (end < length) {
    if (text.charCodeAt(end) === CR) eol = text.charCodeAt(end + 1) === LF ? "\r\n" : "\r";
    else eol = "\n";
  }
  const contentStart = start === 0 && text.charCodeAt(0) === BOM ? 1 : start;
  return { line, start, contentStart, end, next: end + eol.length, eol };
}

/**
 * Where the next line end of a text is, from an offset on: LF and CR are looked up with
 * `indexOf` and each position is kept until a line start passes it, so a text with no CR is
 * searched for one once (a loop over the characters was an eighth of the parse).
 */
class LineEnds {
  private lf = -1;
  private cr = -1;

  constructor(private readonly text: string) {}

  from(start: number): number {
    const { text } = this;
    if (this.lf < start) {
      const at = text.indexOf("\n", start);
      this.lf = at < 0 ? text.length : at;
    }
    if (this.cr < start) {
      const at = text.indexOf("\r", start);
      this.cr = at < 0 ? text.length : at;
    }
    return this.lf < this.cr ? this.lf : this.cr;
  }
}

/** The node of one line. */
/** The node of one line; its syntax diagnostic, if any, is added to `syntax`. */
function parseSpan(text: string, span: LineSpan, syntax: SyntaxDiagnostic[]): LineNode {
  const { line, start, contentStart, end, next, eol } = span;
  const anchor = { line, lineStart: start };
  const frame: LineFrame = { line, anchor, contentColumn: contentStart - start, fullRange: fullLineRange(anchor, next - start, eol.length), eol };
  return parseLine(text, contentStart, end, frame, syntax);
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function parseLine(text: string, from: number, to: number, frame: LineFrame, diagnostics: SyntaxDiagnostic[]): LineNode {
  // Blanks and tabs are the only characters that make no token.
  if (isBlank(text, from, to)) return blankLine(frame);
  if (to - from > LIMITS.maxLineLength) {
    const content = text.slice(from, to);
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
  const node = buildLine(frame, parser.read(lexer.lex(text, from, to)));
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
