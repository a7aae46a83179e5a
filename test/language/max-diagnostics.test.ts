/**
 * The max-diagnostics limit: the first 1,000 findings in order are kept as they are reported (a
 * script with 100,000 findings never holds them all), and a last info says how many more there
 * were, just past the last one shown.
 */
import { describe, expect, it } from "vitest";
import { LIMITS } from "@upscript/grammar";
import { lint } from "@upscript/language";

const line = (i: number) => `mod cmd UP0 prot http://10.0.0.${i % 250}/fw/ ireset 13-${i}`;

describe("max-diagnostics", () => {
  it("keeps the first findings in order, counts the rest and places the limit note after the last one shown", () => {
    // Each line: plain-http-transfer (info) and, from the second on, conflicting-builds (warning).
    const lines = Array.from({ length: 800 }, (_, i) => line(i));
    const text = `${lines.join("\n")}\n`;
    const all = lint(text);
    expect(all).toHaveLength(LIMITS.maxDiagnostics + 1);
    const shown = all.slice(0, -1);
    const starts = shown.map((d) => d.range.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const note = all.at(-1)!;
    const last = shown.at(-1)!.range;
    expect(note.message).toBe(`${(1599 - LIMITS.maxDiagnostics).toLocaleString("en-US")} more problems after line ${last.line + 1} are not shown: upscript reports at most 1,000 per script (limit max-diagnostics)`);
    // A plain range, on the last one shown's end: readable as JSON and by every reader.
    expect(JSON.parse(JSON.stringify(note.range))).toEqual({ start: last.end, end: last.end, line: last.line, column: last.endColumn, endLine: last.line, endColumn: last.endColumn });
    expect(Object.keys(note.range).sort()).toEqual(["column", "end", "endColumn", "endLine", "line", "start"]);
  });

  it("a suppressed finding does not count and does not take a place", () => {
    const lines = Array.from({ length: 800 }, (_, i) => line(i));
    const text = `# upscript-disable plain-http-transfer\n${lines.join("\n")}\n`;
    const all = lint(text);
    expect(all.filter((d) => d.rule === "plain-http-transfer")).toEqual([]);
    expect(all).toHaveLength(799);
  });
});
