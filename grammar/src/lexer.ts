/**
 * The tokens of a script's lines: Chevrotain token types, defined with their patterns, and
 * `LineLexer`, which makes the tokens of one line for the Chevrotain parser (parser.ts).
 *
 * The patterns are the lexical grammar; `LineLexer` is the scan that implements it, because the
 * grammar is this small: blanks, line ends, a comment when `#` is the first thing on a line, and
 * words, four of which are keywords. Chevrotain's own lexer built from these tokens makes exactly
 * the same tokens (test/grammar/lexer.test.ts checks it on random text) but took a third of the
 * parse time, matching every token against its patterns (docs/architecture.md, "Data flow").
 * Keywords match in any case so that `MOD CMD` is still read as a module command; the
 * keyword-case rule then reports the spelling.
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

/** The tokens in the order Chevrotain's lexer tries them: what `LineLexer` implements. */
export const lexicalGrammar: TokenType[] = [Comment, Blank, LineEnd, Mod, Cmd, Config, Vars, Word, AnyWord];

const TAB = 9;
const SPACE = 32;
const HASH = 35;

/**
 * Lexes lines one after another into the same array and the same token objects (refilled), for
 * a reader that is done with a line's tokens before it lexes the next: the parser and the
 * builder, which keep words made from them, never a token (a lint of the 10 MB benchmark script
 * made 1.4 million token objects before).
 */
export class LineLexer {
  private readonly tokens: IToken[] = [];
  private readonly pool: IToken[] = [];

  /**
   * The tokens of the line `text[from, to)` (no line end inside), offsets counting from `from`,
   * valid until the next call: blanks skipped, a comment when `#` comes first, else words, a
   * word that is `mod`, `cmd`, `config` or `vars` in any case a keyword. Every other character
   * is part of a word, so a line always lexes.
   */
  lex(text: string, from: number, to: number): IToken[] {
    const tokens = this.tokens;
    let n = 0;
    let i = from;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === TAB) {
        i++;
        continue;
      }
      if (c === HASH && n === 0) {
        tokens[n] = this.token(n, text.slice(i, to), i - from, Comment);
        n++;
        break;
      }
      let end = i + 1;
      while (end < to) {
        const d = text.charCodeAt(end);
        if (d === SPACE || d === TAB) break;
        end++;
      }
      tokens[n] = this.token(n, text.slice(i, end), i - from, wordType(text, i, end));
      n++;
      i = end;
    }
    // Setting an array's length is a call into the runtime: only when the line has fewer tokens than the last.
    if (tokens.length !== n) tokens.length = n;
    return tokens;
  }

  /** Token object `at` of the pool, refilled; the fields, in the order, of the tokens Chevrotain's lexer makes with positionTracking "onlyOffset". */
  private token(at: number, image: string, startOffset: number, tokenType: TokenType): IToken {
    const known = this.pool[at];
    if (known === undefined) return (this.pool[at] = { image, startOffset, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType } as IToken);
    known.image = image;
    known.startOffset = startOffset;
    known.tokenTypeIdx = tokenType.tokenTypeIdx!;
    known.tokenType = tokenType;
    return known;
  }
}

/** A keyword's type if `text[from, to)` is one in any case (ASCII letters only, as `/mod/i` matches), else Word. */
function wordType(text: string, from: number, to: number): TokenType {
  switch (to - from) {
    case 3:
      if (isWord(text, from, "mod")) return Mod;
      if (isWord(text, from, "cmd")) return Cmd;
      return Word;
    case 4:
      return isWord(text, from, "vars") ? Vars : Word;
    case 6:
      return isWord(text, from, "config") ? Config : Word;
    default:
      return Word;
  }
}

/** Whether `text` at `from` spells the lowercase `word`, in any case. */
function isWord(text: string, from: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    // Setting bit 0x20 lowers an ASCII capital; for a lowercase letter only it and its capital match.
    if ((text.charCodeAt(from + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}
