/** Folding: comment blocks of two or more lines, and sections spanning two or more lines. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { documentContext, foldingRanges, type Fold } from "@upscript/language";

const foldsOf = (text: string) => foldingRanges(documentContext(text));

describe("foldingRanges", () => {
  it.each<[string, string, Fold[]]>([
    [
      "a realistic script: header comment, sections, a directive inside a heading block (CRLF)",
      [
        "# IP232 phones, site Berlin", // 0
        "# maintained by the PBX team", // 1
        "", // 2
        "mod cmd UP1 check iresetn 7", // 3
        "", // 4
        "# === Firmware ===", // 5
        "# upscript-disable-next-line plain-http-transfer", // 6
        "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765", // 7
        "# boot code needs a watchdog restart", // 8
        "# so use ireboot", // 9
        "mod cmd UP0 boot http://10.0.0.5/fw/ ireboot 205", // 10
        "", // 11
        "mod cmd UP0 bmc http://10.0.0.5/dect/bmc.bin ireset PCS04fd", // 12
        "# trailing note", // 13
        "", // 14
        "# Settings", // 15
        "mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser CFG-7", // 16
        "config activate", // 17
        "iresetn", // 18
      ].join("\r\n"),
      [
        { startLine: 0, endLine: 1, kind: "comment" },
        { startLine: 5, endLine: 12, kind: "region" },
        { startLine: 8, endLine: 9, kind: "comment" },
        { startLine: 15, endLine: 18, kind: "region" },
      ],
    ],
    [
      "a BOM; a section runs on across blank lines and single comments until the next heading (CR)",
      "\uFEFF# Poll\rmod cmd UP1 poll\r\r# one line only\r\rMOD CMD UP1 REINIT\r\r# end\r# of file\r",
      [
        { startLine: 0, endLine: 5, kind: "region" },
        { startLine: 7, endLine: 8, kind: "comment" },
      ],
    ],
    [
      "a two-line section ends at its last command",
      "# Poll\nmod cmd UP1 poll\n\n# a note\n",
      [{ startLine: 0, endLine: 1, kind: "region" }],
    ],
    [
      "a heading not preceded by a blank line is an ordinary comment; broken lines count as commands",
      "mod cmd\n# not a heading\n# still not\nmod\n\n# Broken\nmod cmd UP0 prot ireset 04-5656\nhello world\n",
      [
        { startLine: 1, endLine: 2, kind: "comment" },
        { startLine: 5, endLine: 7, kind: "region" },
      ],
    ],
    ["no folds without comments", "mod cmd UP1 poll\nmod cmd UP1 reinit\n", []],
    ["empty", "", []],
  ])("%s", (_name, text, expected) => {
    expect(foldsOf(text)).toEqual(expected);
  });

  it("never throws on random texts; folds span two or more lines inside the document, sorted", () => {
    const unit = fc.constantFrom("# x", "\n", "\r\n", "\r", " ", "mod cmd UP1 poll", "config", "#", "\uFEFF", "m");
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 60 }), fc.string({ unit: "binary", maxLength: 120 })), (text) => {
        const lines = documentContext(text).parsed.tree.lines.length;
        const folds = foldsOf(text);
        for (const [i, fold] of folds.entries()) {
          expect(fold.endLine).toBeGreaterThan(fold.startLine);
          expect(fold.startLine).toBeGreaterThanOrEqual(0);
          expect(fold.endLine).toBeLessThan(lines);
          if (i > 0) expect(fold.startLine).toBeGreaterThan(folds[i - 1]!.startLine);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
