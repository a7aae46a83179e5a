/**
 * Chevrotain tokens for the text of one line (the line splitter in parse.ts has already removed
 * the line end). Keywords match in any case so that `MOD CMD` is still read as a module command;
 * the keyword-case rule then reports the spelling.
 */
import { createToken, Lexer, type IToken, type TokenType } from "chevrotain";

/** Any word: the category that argument positions consume. */
export const AnyWord = createToken({ name: "AnyWord", pattern: Lexer.NA });

/** A maximal run of characters other than blank and tab (ranges, not a complement, so the lexer can optimise). */
export const Word = createToken({ name: "Word", pattern: /[\x00-\x08\x0a-\x1f\x21-\uffff]+/, categories: [AnyWord] });

export const Blank = createToken({ name: "Blank", pattern: /[ \t]+/, group: Lexer.SKIPPED });

/** `#…` is a comment only as the first thing on a line; elsewhere `#` belongs to a word (`#bn`). */
export const Comment = createToken({
  name: "Comment",
  pattern: (text: string, offset: number, matched: IToken[]) =>
    matched.length === 0 && text.charCodeAt(offset) === 35 ? [text.slice(offset)] : null,
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

export const allTokens: TokenType[] = [Comment, Blank, Mod, Cmd, Config, Vars, Word, AnyWord];

/**
 * Grammar self-checks cost start-up time; tests and development keep them on. The production
 * bundles turn them off at build time (scripts/build.mjs defines UPSCRIPT_SKIP_GRAMMAR_CHECKS):
 * the grammar itself reads no environment.
 */
declare const UPSCRIPT_SKIP_GRAMMAR_CHECKS: boolean | undefined;
export const skipValidations = typeof UPSCRIPT_SKIP_GRAMMAR_CHECKS === "boolean" && UPSCRIPT_SKIP_GRAMMAR_CHECKS;

export const lineLexer = new Lexer(allTokens, {
  positionTracking: "onlyOffset",
  ensureOptimizations: true,
  skipValidations,
});
