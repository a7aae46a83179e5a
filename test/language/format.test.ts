/** The formatter: canonical spacing, never a changed word, line ends kept, idempotent. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "@upscript/grammar";
import { format, formatEdits, applyFixList } from "@upscript/language";

/** Lines as (words, line end), leaving out a last line of blanks without a line end: formatting empties it. */
function lines(text: string) {
  const all = parse(text).tree.lines.map((l) => ({ words: l.words.map((w) => w.text), eol: l.eol }));
  const last = all.at(-1);
  return last && last.eol === "" && last.words.length === 0 ? all.slice(0, -1) : all;
}

describe("format", () => {
  it.each([
    ["  mod  cmd\tUP0   prot http://x/ ireset 1  \n", "mod cmd UP0 prot http://x/ ireset 1\n"],
    ["mod cmd UP1 poll\r\n   \r\n# a comment   \rconfig write", "mod cmd UP1 poll\r\n\r\n# a comment\rconfig write"],
    ["\uFEFF  mod cmd UP1 poll\n", "\uFEFFmod cmd UP1 poll\n"],
    ["\t#   keep   inner   spacing   \n", "#   keep   inner   spacing\n"],
    ["", ""],
  ])("%j", (input, expected) => {
    expect(format(input)).toBe(expected);
  });

  it("range formatting touches only the given lines", () => {
    const text = "mod  cmd UP1 poll\nmod  cmd UP1 poll\nmod  cmd UP1 poll\n";
    const edits = formatEdits(text, 1, 1);
    expect(edits.map((e) => e.range.line)).toEqual([1]);
    expect(applyFixList(text, [{ title: "format", edits }]).text).toBe("mod  cmd UP1 poll\nmod cmd UP1 poll\nmod  cmd UP1 poll\n");
  });

  it("never changes a word, keeps every line end, and is idempotent", () => {
    const unit = fc.constantFrom("m", "o", "d", " ", " ", "\t", "#", "/", "c", "U", "P", "0", "h", "\u00e4", "%");
    const line = fc.string({ unit, maxLength: 40 });
    const eol = fc.constantFrom("\n", "\r\n", "\r", "");
    const text = fc.array(fc.tuple(line, eol), { maxLength: 20 }).map((parts) => parts.map(([l, e]) => l + e).join(""));
    fc.assert(
      fc.property(fc.tuple(fc.constantFrom("", "\uFEFF"), text), ([bom, body]) => {
        const input = bom + body;
        const output = format(input);
        expect(lines(output)).toEqual(lines(input));
        expect(format(output)).toBe(output);
        expect(applyFixList(input, [{ title: "format", edits: formatEdits(input) }]).text).toBe(output);
      }),
      { numRuns: 1000 },
    );
  });
});
