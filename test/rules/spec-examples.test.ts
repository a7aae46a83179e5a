/** The examples of the acceptance list lint as semantics.md says. */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, applyFixes, lint } from "@upscript/language";

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
    // Renaming the verb makes the device apply the time window: an unsafe fix, so --fix leaves it.
    expect(found[0]!.fixes.map((f) => f.safety)).toEqual(["unsafe"]);
    expect(applyFixes(text, found, { unsafe: false }).text).toBe(text);
    expect(applyFixes(text, found, { unsafe: true }).text).toBe("mod cmd UP1 times /allow 12,22");
  });

  describe("version 2: what real update servers emit", () => {
    const rules = (text: string) => lint(text).map((d) => `${d.rule} ${d.severity}`);

    it("uploads above the times line are the vendor's pattern: no times-after-action", () => {
      const text = [
        "mod cmd UP0 scfg http://10.0.0.5/update.php?mode=query&sn=#m&id=admin ser nop /always mod%20cmd%20CMD0%20xml-info",
        "mod cmd UP1 times /allow 23,0,1,2,3,4 /initial 6",
        "mod cmd UP0 prot https://10.0.0.5/fw/ iresetn 13-138765",
      ].join("\n");
      expect(rules(text)).not.toContain("times-after-action warning");
      expect(rules("mod cmd UP0 prot https://10.0.0.5/fw/ iresetn 13-138765\nmod cmd UP1 times /allow 23,0,1")).toContain("times-after-action warning");
    });

    it("`Times` is ignored like `tiems`: keyword-case is an error", () => {
      const found = lint("mod cmd UP1 Times /allow 23,0,1").filter((d) => d.rule === "keyword-case");
      expect(found.map((d) => d.severity)).toEqual(["error"]);
      expect(found[0]!.message).toMatch(/ignores this line/);
    });

    it("a cfg without serial whose final restarts is a reset loop (error); with ser it stays a warning", () => {
      expect(rules("mod cmd UP0 cfg https://10.0.0.5/site.txt ireset")).toContain("missing-serial error");
      expect(rules("mod cmd UP0 cfg https://10.0.0.5/site.txt ser")).toContain("missing-serial warning");
    });

    it("two times lines without a common hour: times-disjoint", () => {
      expect(rules("mod cmd UP1 times /allow 23,0,1\nmod cmd UP1 times /allow 12,13")).toContain("times-disjoint error");
    });

    it("two prot lines with different builds: conflicting-builds", () => {
      expect(rules("mod cmd UP0 prot https://10.0.0.5/a/ iresetn 13-1\nmod cmd UP0 prot https://10.0.0.5/b/ iresetn 13-2")).toContain("conflicting-builds warning");
    });

    it("a download that restarts nothing, with nothing after it that does: download-not-activated", () => {
      expect(rules("mod cmd UP0 prot https://10.0.0.5/fw/ ser 13-1")).toContain("download-not-activated info");
      expect(rules("mod cmd UP0 prot https://10.0.0.5/fw/ iresetn 13-1")).not.toContain("download-not-activated info");
    });

    it("a check above transfers that can fail: the serial is stored anyway (check-stores-on-failure), never 'tries again'", () => {
      const text = "mod cmd UP1 check ireset 2026-11-20a\nmod cmd UP0 cfg http://10.0.0.5/site.txt ser 1";
      expect(rules(text)).toContain("check-stores-on-failure info");
      expect(rules("mod cmd UP0 cfg http://10.0.0.5/site.txt ser 1")).not.toContain("check-stores-on-failure info");
      const missing = lint(text, { config: { ...DEFAULT_CONFIG, server: { "http://10.0.0.5/": "." } }, resolve: () => ({ kind: "missing", path: "site.txt" }) }).find((d) => d.rule === "missing-file");
      expect(missing!.message).not.toMatch(/try again on every poll/);
      expect(missing!.message).toMatch(/does not try again until that serial changes/);
    });
  });
});
