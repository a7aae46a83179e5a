/**
 * `LineLexer` against Chevrotain's lexer built from the same token definitions (the lexical
 * grammar, grammar/src/lexer.ts): for any line, the same tokens (type, image, offset), in the
 * same object shape, also when one lexer reads many lines in turn and refills its tokens. Lines
 * are cut as parse.ts cuts them, so they hold no line end.
 */
import fc from "fast-check";
import { Lexer, type IToken } from "chevrotain";
import { describe, expect, it } from "vitest";
import { LineLexer, lexicalGrammar } from "../../grammar/src/lexer.js";

const NUM_RUNS = Number(process.env.UPSCRIPT_FUZZ_RUNS ?? 2000);

const reference = new Lexer(lexicalGrammar, { positionTracking: "onlyOffset", ensureOptimizations: true });

/** Chevrotain's tokens of one line; a lexing error would be a gap in the lexical grammar. */
function referenceTokens(line: string): IToken[] {
  const { tokens, errors } = reference.tokenize(line);
  expect(errors).toEqual([]);
  return tokens;
}

/** A fresh lexer's tokens, copied: a LineLexer refills them on its next line. */
function lexed(text: string, from = 0, to = text.length, lexer = new LineLexer()): IToken[] {
  return lexer.lex(text, from, to).map((t) => ({ ...t }));
}

/** Characters where the two could part: blanks, `#`, keyword letters in both cases, controls, non-ASCII look-alikes. */
const tricky = fc.constantFrom(
  " ", "\t", "#", "m", "M", "o", "O", "d", "D", "c", "C", "n", "f", "i", "g", "G", "v", "V", "a", "r", "s", "S",
  "\x00", "\x0b", "\x0c", "\x1f", "\x7f", "\u00a0", "\u017f", "\u212a", "\u0130", "\ufeff", "\ud83d", "\ude00", "/", "%", "x",
);
const words = fc.constantFrom("mod", "MOD", "Mod", "cmd", "CMD", "config", "CONFIG", "Config", "vars", "VARS", "modx", "cmd#", "#bn", "config2", "ſars", "var", "UP0");
const line = fc.oneof(
  fc.string({ unit: tricky, maxLength: 40 }),
  fc.array(fc.tuple(fc.stringMatching(/^[ \t]{0,2}$/), fc.oneof(words, fc.string({ unit: tricky, maxLength: 6 }))), { maxLength: 8 }).map((parts) => parts.map(([b, w]) => b + w).join("")),
  fc.string({ unit: "binary", maxLength: 60 }).map((s) => s.replace(/[\r\n]/g, " ")),
);

describe("LineLexer", () => {
  it("makes the tokens Chevrotain's lexer makes from the lexical grammar", () => {
    fc.assert(
      fc.property(line, (text) => {
        const ours = lexed(text);
        const theirs = referenceTokens(text);
        expect(ours.map((t) => [t.tokenType.name, t.image, t.startOffset])).toEqual(theirs.map((t) => [t.tokenType.name, t.image, t.startOffset]));
        // The same fields in the same order: the parser and the tree see one token shape.
        expect(ours.map((t) => Object.keys(t))).toEqual(theirs.map((t) => Object.keys(t)));
        expect(ours.map((t) => t.tokenTypeIdx)).toEqual(theirs.map((t) => t.tokenTypeIdx));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("lexes a line inside a longer text with offsets from the line's start", () => {
    fc.assert(
      fc.property(line, line, line, (before, text, after) => {
        const whole = `${before}\n${text}\r\n${after}`;
        const from = before.length + 1;
        expect(lexed(whole, from, from + text.length)).toEqual(lexed(text));
      }),
      { numRuns: Math.max(200, NUM_RUNS / 4) },
    );
  });

  it("lexes each of many lines as a fresh lexer does, reusing its tokens", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (lines) => {
        const reused = new LineLexer();
        for (const text of lines) expect(lexed(text, 0, text.length, reused)).toEqual(lexed(text));
      }),
      { numRuns: Math.max(200, NUM_RUNS / 4) },
    );
  });

  it.each([
    ["mod cmd UP0 prot http://h/ ireset 1", ["Mod", "Cmd", "Word", "Word", "Word", "Word", "Word"]],
    ["  # a comment  ", ["Comment"]],
    ["x # not a comment", ["Word", "Word", "Word", "Word", "Word"]],
    ["MOD Cmd config VARS", ["Mod", "Cmd", "Config", "Vars"]],
    ["model cmdx configs ſars", ["Word", "Word", "Word", "Word"]],
    ["", []],
    [" \t ", []],
  ])("%j", (text, types) => {
    expect(lexed(text).map((t) => t.tokenType.name)).toEqual(types);
    expect(referenceTokens(text).map((t) => t.tokenType.name)).toEqual(types);
  });
});
