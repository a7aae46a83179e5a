import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, lint } from "@upscript/language";
import { bumpSerial } from "../../server/src/language/rules/check-serial-unchanged.js";
import { ruleTester } from "./tester.js";

const BASE = "mod cmd UP1 check ireset 2026-11-20a\nmod cmd UP1 times /allow 23,0,1\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1\n";

ruleTester("check-serial-unchanged", {
  valid: [
    { name: "no base", code: BASE.replace("13-1", "13-2") },
    { name: "unchanged", code: BASE, base: BASE },
    { name: "serial bumped with the change", code: BASE.replace("13-1", "13-2").replace("20a", "20b"), base: BASE },
    {
      name: "only comments, blanks, directives, spacing and line ends changed",
      code: `# night update\r\n\r\nmod cmd UP1   check ireset 2026-11-20a\r\n# upscript-disable-next-line times-after-action\r\nmod cmd UP1 times /allow 23,0,1\r\n\tmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1   `,
      base: BASE,
    },
    { name: "no check in the script", code: "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-2", base: "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1" },
    { name: "check newly added", code: BASE, base: "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1" },
    { name: "base's first check had another serial", code: "mod cmd UP1 check ireset 8\nmod cmd UP1 check ireset 7\nser", base: "mod cmd UP1 check ireset 7\nmod cmd UP1 check ireset 8" },
  ],
  invalid: [
    {
      name: "build changed, serial kept",
      code: BASE.replace("13-1", "13-2"),
      base: BASE,
      errors: [
        {
          range: "0:25-0:36",
          severity: "error",
          message: "the script changed since the base (first change on line 3) but the check serial is still '2026-11-20a': every device that already stored 2026-11-20a stops at this check and never runs the change",
        },
      ],
      output: BASE.replace("13-1", "13-2").replace("20a", "20b"),
    },
    {
      name: "line numbers count comments and blanks of the current script",
      code: "# weekly\n\nmod cmd UP1 check ser WEEK47\nmod cmd UP0 cfg http://10.0.0.5/site.txt reset 5",
      base: "mod cmd UP1 check ser WEEK47\nmod cmd UP0 cfg http://10.0.0.5/site.txt reset 4",
      errors: [{ range: "2:22-2:28", message: /^the script changed since the base \(first change on line 4\) but the check serial is still 'WEEK47'/ }],
      output: "# weekly\n\nmod cmd UP1 check ser WEEK48\nmod cmd UP0 cfg http://10.0.0.5/site.txt reset 5",
    },
    {
      name: "lines removed at the end",
      code: "mod cmd UP1 check ireset 7\n",
      base: "mod cmd UP1 check ireset 7\nmod cmd UP0 cfg http://10.0.0.5/site.txt reset 4",
      errors: [{ range: "0:25-0:26", message: /\(lines removed after line 1\) but the check serial is still '7'/ }],
      output: "mod cmd UP1 check ireset 8\n",
    },
    {
      name: "the check's own final command changed",
      code: "mod cmd UP1 check iresetn 04-09\nmod cmd UP0 prot http://10.0.0.5/fw/ ser 13-1",
      base: "mod cmd UP1 check ireset 04-09\nmod cmd UP0 prot http://10.0.0.5/fw/ ser 13-1",
      errors: [{ range: "0:26-0:31", message: /first change on line 1/ }],
      output: "mod cmd UP1 check iresetn 04-10\nmod cmd UP0 prot http://10.0.0.5/fw/ ser 13-1",
    },
  ],
});

describe("check-serial-unchanged fix", () => {
  it("bumps the serial as an unsafe fix: every device that ran the script runs it again", () => {
    const [d, ...rest] = lint(BASE.replace("13-1", "13-2"), { config: DEFAULT_CONFIG, base: BASE }).filter((x) => x.rule === "check-serial-unchanged");
    expect(rest).toEqual([]);
    expect(d!.suggestions).toEqual([]);
    expect(d!.fixes.map((s) => [s.title, s.safety, s.edits.map((e) => e.newText)])).toEqual([["Change the serial to '2026-11-20b'", "unsafe", ["2026-11-20b"]]]);
  });

  it.each([
    ["2026-11-20a", "2026-11-20b"],
    ["7", "8"],
    ["WEEK47", "WEEK48"],
    ["04-09", "04-10"],
    ["007", "008"],
    ["99", "100"],
    ["V1B", "V1C"],
    ["rollout-z", "rollout-z-2"],
    ["x_", "x_-2"],
  ])("%s → %s", (from, to) => {
    expect(bumpSerial(from)).toBe(to);
  });
});
