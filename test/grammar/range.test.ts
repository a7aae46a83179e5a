import { describe, expect, it } from "vitest";
import { anchorOf, anchoredRange, coverRanges, emptyRangeAt, parse, plainRange, rangeInLine, relocateLine, subRange } from "@upscript/grammar";

describe("anchored ranges", () => {
  it("read as absolute positions and serialise as the plain six numbers", () => {
    const r = anchoredRange({ line: 3, lineStart: 100 }, 4, 9);
    expect(plainRange(r)).toEqual({ start: 104, end: 109, line: 3, column: 4, endLine: 3, endColumn: 9 });
    expect(JSON.parse(JSON.stringify({ r }))).toEqual({ r: rangeInLine(3, 100, 4, 9) });
  });

  it("sub-ranges, covers and empty ranges keep the anchor and move with it", () => {
    const anchor = { line: 3, lineStart: 100 };
    const word = anchoredRange(anchor, 4, 9);
    const derived = [subRange(word, 1, 3), coverRanges(word, anchoredRange(anchor, 12, 15)), emptyRangeAt(word, true)];
    for (const d of derived) expect(anchorOf(d)).toBe(anchor);
    anchor.line = 7;
    anchor.lineStart = 250;
    expect(derived.map(plainRange)).toEqual([rangeInLine(7, 250, 5, 7), rangeInLine(7, 250, 4, 15), rangeInLine(7, 250, 9, 9)]);
  });

  it("a range that mixes anchors or plain ranges stays plain", () => {
    const a = anchoredRange({ line: 0, lineStart: 0 }, 0, 3);
    expect(anchorOf(coverRanges(a, rangeInLine(0, 0, 5, 8)))).toBeUndefined();
    expect(anchorOf(subRange(rangeInLine(2, 10, 0, 4), 1, 2))).toBeUndefined();
  });

  it("every range of a parsed line hangs on one anchor: moving the line moves them all", () => {
    const text = "# head\nmod cmd UP1 times /allow 23,0,1 /initial 6\nmod cmd UP0 prot http://h/fw/#m ireset 13-1\n";
    const { tree } = parse(text);
    const node = tree.lines[2]!;
    relocateLine(node, [], 5, 40);
    const shifted = parse("\n".repeat(5) + " ".repeat(40 - 5) + text).tree.lines[7]!;
    expect(JSON.parse(JSON.stringify(node))).toEqual(JSON.parse(JSON.stringify(shifted)));
  });
});
