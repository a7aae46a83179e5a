import { describe, expect, it } from "vitest";
import { lintCase, ruleTester } from "./tester.js";

const SITE = "http://10.0.0.5/cfg/site.txt";
const SCRIPT = `mod cmd UP1 check ser 2026-11-20a\nmod cmd UP0 cfg ${SITE} iresetn CFG-1\n`;
const V1 = "# site settings\nconfig change NTP0 /addr 10.0.0.1\nconfig change DNS0 /addr 10.0.0.1\n";
const V2 = V1.replace("DNS0 /addr 10.0.0.1", "DNS0 /addr 10.0.0.2");

ruleTester("cfg-serial-unchanged", {
  valid: [
    { name: "no base", code: SCRIPT, files: { [SITE]: V2 }, baseFiles: { [SITE]: V1 } },
    { name: "no base resolver (no web root at the base)", code: SCRIPT, base: SCRIPT, files: { [SITE]: V2 } },
    { name: "the file is unchanged", code: SCRIPT, base: SCRIPT, files: { [SITE]: V1 }, baseFiles: { [SITE]: V1 } },
    {
      name: "only comments, blank lines and spacing changed in the file",
      code: SCRIPT,
      base: SCRIPT,
      files: { [SITE]: `# new comment\r\n\r\n  config change NTP0   /addr 10.0.0.1\r\nconfig change DNS0 /addr 10.0.0.1` },
      baseFiles: { [SITE]: V1 },
    },
    { name: "serial bumped with the file", code: SCRIPT.replace("CFG-1", "CFG-2"), base: SCRIPT, files: { [SITE]: V2 }, baseFiles: { [SITE]: V1 } },
    { name: "the file did not exist at the base", code: SCRIPT, base: SCRIPT, files: { [SITE]: V2 }, baseFiles: {} },
    { name: "the file is gone now (missing-file reports it)", code: SCRIPT, base: SCRIPT, files: {}, baseFiles: { [SITE]: V1 } },
    { name: "the file is too large to read", code: SCRIPT, base: SCRIPT, files: { [SITE]: null }, baseFiles: { [SITE]: V1 } },
    { name: "the base loaded another file", code: SCRIPT, base: SCRIPT.replace("site.txt", "old.txt"), files: { [SITE]: V2 }, baseFiles: { [SITE]: V1 } },
    { name: "a cfg line without a serial (missing-serial reports it)", code: `mod cmd UP0 cfg ${SITE} iresetn`, base: `mod cmd UP0 cfg ${SITE} iresetn`, files: { [SITE]: V2 }, baseFiles: { [SITE]: V1 } },
    { name: "a cfg line in a cfg target loads nothing", role: "cfg-target", code: SCRIPT, base: SCRIPT, files: { [SITE]: V2 }, baseFiles: { [SITE]: V1 } },
  ],
  invalid: [
    {
      name: "a setting changed, the serial kept",
      code: SCRIPT,
      base: SCRIPT,
      files: { [SITE]: V2 },
      baseFiles: { [SITE]: V1 },
      errors: [
        {
          range: "1:53-1:58",
          severity: "error",
          message:
            "cfg/site.txt changed since the base (first change on its line 3) but this cfg line still has the serial 'CFG-1' it had there: every device that already loaded the file stored CFG-1 in UPDATE/CFG, so it skips this line and never gets the change",
        },
      ],
      output: SCRIPT.replace("CFG-1", "CFG-2"),
    },
    {
      name: "the script changed around the line, the file lost lines; two lines load it",
      code: `# phones\nmod cmd UP0 cfg ${SITE} iresetn CFG-1\nmod cmd UP0 cfg http://10.0.0.5/cfg/other.txt ser 9\nmod cmd UP0 cfg ${SITE} ser CFG-1`,
      base: `mod cmd UP0 cfg http://10.0.0.5/cfg/other.txt ser 9\nmod cmd UP0 cfg ${SITE} ireset CFG-1`,
      files: { [SITE]: "config change NTP0 /addr 10.0.0.1\n", "http://10.0.0.5/cfg/other.txt": "config write" },
      baseFiles: { [SITE]: V1, "http://10.0.0.5/cfg/other.txt": "config write" },
      errors: [
        { range: "1:53-1:58", message: /^cfg\/site\.txt changed since the base \(lines removed after its line 1\) but this cfg line still has the serial 'CFG-1'/ },
        { range: "3:49-3:54", message: /^cfg\/site\.txt changed since the base \(lines removed after its line 1\)/ },
      ],
      output: `# phones\nmod cmd UP0 cfg ${SITE} iresetn CFG-2\nmod cmd UP0 cfg http://10.0.0.5/cfg/other.txt ser 9\nmod cmd UP0 cfg ${SITE} ser CFG-2`,
    },
    {
      name: "every command removed from the file",
      code: SCRIPT,
      base: SCRIPT,
      files: { [SITE]: "# emptied\n" },
      baseFiles: { [SITE]: V1 },
      errors: [{ range: "1:53-1:58", message: /^cfg\/site\.txt changed since the base \(all its commands removed\)/ }],
      output: SCRIPT.replace("CFG-1", "CFG-2"),
    },
  ],
});

describe("cfg-serial-unchanged fix", () => {
  it("offers the next serial, marked unsafe", () => {
    const found = lintCase({ code: SCRIPT, base: SCRIPT, files: { [SITE]: V2 }, baseFiles: { [SITE]: V1 } }).filter((d) => d.rule === "cfg-serial-unchanged");
    expect(found.flatMap((d) => d.fixes.map((f) => [f.title, f.safety, f.edits.map((e) => e.newText)]))).toEqual([["Change the serial to 'CFG-2'", "unsafe", ["CFG-2"]]]);
  });
});
