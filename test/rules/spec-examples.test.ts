/** The examples of the acceptance list lint as semantics.md says. */
import { describe, expect, it } from "vitest";
import { applyFixes, lint } from "@upscript/language";

describe("examples from the spec", () => {
  it("a night window with /initial is clean", () => {
    expect(lint("mod cmd UP1 times /allow 23,0,1,2,3,4 /initial 6")).toEqual([]);
  });

  it("prot without its URL reports missing-url", () => {
    expect(lint("mod cmd UP0 prot ireset 04-5656").map((d) => d.rule)).toContain("missing-url");
  });

  it("the scraped `prot /ser 04-5679` is not clean", () => {
    const found = lint("mod cmd UP0 prot /ser 04-5679");
    expect(found.filter((d) => d.severity === "error").length).toBeGreaterThan(0);
  });

  it("`time` for `times` reports unknown-up-verb and suggests times", () => {
    const text = "mod cmd UP1 time /allow 12,22";
    const found = lint(text).filter((d) => d.rule === "unknown-up-verb");
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/did you mean 'times'/i);
    expect(found[0]!.message).toMatch(/time window is NOT applied/);
    expect(applyFixes(text, found).text).toBe("mod cmd UP1 times /allow 12,22");
  });
});
