/**
 * Chevrotain tokens for the lines of a script. parse.ts lexes a run of lines in one call (a
 * tokenize call has a set-up cost as large as lexing a short line) and hands the parser one
 * line's tokens at a time, cut at the `LineEnd` tokens; the incremental document lexes a single
 * line, without its line end. Keywords match in any case so that `MOD CMD` is still read as a
 * module command; the keyword-case rule then reports the spelling.
 */
import { createToken, Lexer, type IToken, type TokenType } from "chevrotain";

/** Any word: the category that argument positions consume. */
export const AnyWord = createToken({ name: "AnyWord", pattern: Lexer.NA });

/** A maximal run of characters other than blank, tab and line ends (ranges, not a complement, so the lexer can optimise). */
export const Word = createToken({ name: "Word", pattern: /[\x00-\x08\x0b\x0c\x0e-\x1f\x21-\uffff]+/, categories: [AnyWord] });

export const Blank = createToken({ name: "Blank", pattern: /[ \t]+/, group: Lexer.SKIPPED });

/** LF, CRLF or a lone CR, as parse.ts cuts lines. Never reaches the parser. */
export const LineEnd = createToken({ name: "LineEnd", pattern: /\r\n|\r|\n/, line_breaks: true });

const LF = 10;
const CR = 13;

/**
 * `#…` is a comment only as the first thing on a line (blanks aside); elsewhere `#` belongs to a
 * word (`#bn`). It runs to the line end.
 */
export const Comment = createToken({
  name: "Comment",
  pattern: (text: string, offset: number, matched: IToken[]) => {
    if (text.charCodeAt(offset) !== 35) return null;
    if (matched.length > 0 && matched[matched.length - 1]!.tokenType !== LineEnd) return null;
    let end = offset + 1;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === LF || c === CR) break;
      end++;
    }
    return [text.slice(offset, end)];
  },
  start_chars_hint: ["#"],
  line_breaks: false,
});

function keyword(name: string, pattern: RegExp): TokenType {
  return createToken({ name, pattern, longer_alt: Word, categories: [AnyWord] });
}

export const Mod = keyword("Mod", /mod/i);
export const Cmd = keyword("Cmd", /cmd/i);
export const Config = keyword("Config", /config/i);
export const Vars = keyword("Vars", /vars/i);

/** The parser's vocabulary: what a line's tokens can be. */
export const allTokens: TokenType[] = [Comment, Blank, Mod, Cmd, Config, Vars, Word, AnyWord];

/**
 * Grammar self-checks cost start-up time; tests and development keep them on. The production
 * bundles turn them off at build time (scripts/build.mjs defines UPSCRIPT_SKIP_GRAMMAR_CHECKS):
 * the grammar itself reads no environment.
 */
declare const UPSCRIPT_SKIP_GRAMMAR_CHECKS: boolean | undefined;
export const skipValidations = typeof UPSCRIPT_SKIP_GRAMMAR_CHECKS === "boolean" && UPSCRIPT_SKIP_GRAMMAR_CHECKS;

export const lineLexer = new Lexer([Comment, Blank, LineEnd, Mod, Cmd, Config, Vars, Word, AnyWord], {
  positionTracking: "onlyOffset",
  ensureOptimizations: true,
  skipValidations,
});
