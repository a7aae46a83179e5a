/**
 * A rule that throws must not hide the other rules' findings: it says so on the first line and
 * the lint goes on, in the lint that keeps no tree and in the lint of a kept tree alike.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "@upscript/grammar";
import { RULES, lint } from "@upscript/language";
import { lintParsed } from "../../server/src/language/lint.js";
import type { LineRule, ScriptRule } from "../../server/src/language/rules/types.js";

const script = "mod cmd UP1 check ser 1\nmod cmd UP1 check ser 2\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1\n";

const restore: (() => void)[] = [];
afterEach(() => restore.splice(0).forEach((undo) => undo()));

function patch<R extends object, K extends keyof R>(rule: R, key: K, value: R[K]): void {
  const before = rule[key];
  rule[key] = value;
  restore.push(() => (rule[key] = before));
}

const lints = { "without a tree": (text: string) => lint(text), "of a kept tree": (text: string) => lintParsed(parse(text), {}) };

describe.each(Object.entries(lints))("a rule that throws, lint %s", (_, run) => {
  it("a rule that compares lines: reported on the first line, once, and the other rules still report", () => {
    const rule = RULES.find((r) => r.id === "duplicate-check") as ScriptRule;
    patch(rule, "visit", () => ({
      line(line) {
        if (line.kind === "module" && line.id === "check") throw new Error("boom");
      },
      end() {},
    }));
    const found = run(script);
    const failures = found.filter((d) => d.rule === "duplicate-check");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ severity: "error", message: "upscript could not run this rule (boom); please report it", range: { line: 0, column: 0 } });
    expect(found.some((d) => d.rule === "plain-http-transfer")).toBe(true);
  });

  it("a line rule: reported, and the other rules still report", () => {
    const rule = RULES.find((r) => r.id === "plain-http-transfer") as LineRule;
    patch(rule, "check", () => {
      throw new Error("bang");
    });
    const found = run(script);
    expect(found.filter((d) => d.rule === "plain-http-transfer").map((d) => d.message)).toEqual(["upscript could not run this rule (bang); please report it"]);
    expect(found.some((d) => d.rule === "duplicate-check")).toBe(true);
  });
});
