/** What the suppression directives hide, on whole scripts. */
import { describe, expect, it } from "vitest";
import { parse } from "@upscript/grammar";
import { disableLineFix, lint } from "@upscript/language";

const found = (text: string) => lint(text).map((d) => `${d.range.line}:${d.rule}`);

describe("suppression directives", () => {
  it("disable-next-line hides only the next line", () => {
    expect(found("# upscript-disable-next-line keyword-case\nmod cmd UP1 POLL\nmod cmd UP1 POLL")).toEqual(["2:keyword-case"]);
  });

  it("disable … enable hides the lines in between", () => {
    expect(found("mod cmd UP1 POLL\n# upscript-disable keyword-case\nmod cmd UP1 POLL\n# upscript-enable keyword-case\nmod cmd UP1 POLL")).toEqual(["0:keyword-case", "4:keyword-case"]);
  });

  it("disable without enable runs to the end of the file", () => {
    expect(found("# upscript-disable keyword-case\nmod cmd UP1 POLL\n\nmod cmd UP1 POLL")).toEqual([]);
  });

  it("disable-file hides the rule everywhere, also above the directive", () => {
    expect(found("mod cmd UP1 POLL\n# upscript-disable-file keyword-case\nmod cmd UP1 POLL")).toEqual([]);
  });

  it("enable RULE inside disable all turns just that rule back on", () => {
    const text = "# upscript-disable all\nmod cmd UP1 POLL\nmod cmd UP1 times\n# upscript-enable keyword-case\nmod cmd UP1 POLL\nmod cmd UP1 times\n";
    expect(found(text)).toEqual(["4:keyword-case"]);
  });

  it("all hides every rule on the next line", () => {
    expect(found("# upscript-disable-next-line all\nmod cmd UP1 time /allow 24,24")).toEqual([]);
  });

  it("unused-disable itself cannot be hidden", () => {
    expect(found("# upscript-disable-file unused-disable\n# upscript-disable-next-line times-hours\nmod cmd UP1 poll")).toEqual(["0:unused-disable", "1:unused-disable"]);
  });

  it("a directive for a rule turned off in the config counts as unused", () => {
    const diagnostics = lint("# upscript-disable-next-line keyword-case\nmod cmd UP1 POLL", { config: { ...emptyConfig(), rules: { "keyword-case": "off" } } });
    expect(diagnostics.map((d) => d.rule)).toEqual(["unused-disable"]);
  });
});

function emptyConfig() {
  return { rules: {}, target: {}, server: {}, files: [], ignore: [], dryRun: {}, fileNames: {} };
}

describe("disableLineFix", () => {
  const apply = (text: string, rule: string, line: number) => {
    const fix = disableLineFix(parse(text).tree, rule, line)!;
    const edit = fix.edits[0]!;
    return text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
  };

  it("puts the directive above the line, with its indentation and the file's line end; it is safe", () => {
    expect(apply("mod cmd UP1 poll\r\n  mod cmd UP1 times /allow 22-4\r\n", "times-hours", 1)).toBe("mod cmd UP1 poll\r\n  # upscript-disable-next-line times-hours\r\n  mod cmd UP1 times /allow 22-4\r\n");
    expect(apply("\uFEFF\tmod cmd UP1 times /allow 22-4", "times-hours", 0)).toBe("\uFEFF\t# upscript-disable-next-line times-hours\n\tmod cmd UP1 times /allow 22-4");
    expect(disableLineFix(parse("iresetn\n").tree, "x", 0)!.safety).toBe("safe");
  });

  it("offers nothing for unused-disable or a line the script does not have", () => {
    expect(disableLineFix(parse("iresetn\n").tree, "unused-disable", 0)).toBeUndefined();
    expect(disableLineFix(parse("iresetn\n").tree, "times-hours", 5)).toBeUndefined();
  });
});
