import { describe, expect, it } from "vitest";
import { lintCase, ruleTester } from "./tester.js";

const CFG = "mod cmd UP0 cfg http://10.0.0.5/a.txt ser 1";

ruleTester("cfg-not-activated", {
  valid: [
    // The documented pattern: write with ser, then activate and restart when idle.
    `${CFG}\nconfig activate\niresetn`,
    // A final command that restarts activates the settings.
    "mod cmd UP0 cfg http://10.0.0.5/a.txt reset 1",
    "mod cmd UP0 cfg http://10.0.0.5/a.txt iresetn 1",
    // config activate alone, in any case, with comments between.
    `${CFG}\n# activate now\n\nConfig ACTIVATE`,
    // A later bare restart.
    `${CFG}\nmod cmd UP0 prot http://10.0.0.5/fw/ ser 1\nIRESET`,
    // The check's final command runs at the end of a complete run, even when the check is above.
    `mod cmd UP1 check iresetn 7\n${CFG}`,
    `${CFG}\nmod cmd UP1 check ireboot 7`,
    // Unknown or missing final commands are other rules' findings.
    "mod cmd UP0 cfg http://10.0.0.5/a.txt sre 1",
    "mod cmd UP0 cfg http://10.0.0.5/a.txt",
    // A cfg inside a cfg target is nested-cfg's finding.
    { code: CFG, role: "cfg-target" },
  ],
  invalid: [
    {
      code: CFG,
      errors: [
        {
          range: "0:38-0:41",
          message: "'ser' restarts nothing and no later line runs config activate or a restart: the device writes the settings this cfg loads, but they take effect only at its next restart",
          severity: "warning",
        },
      ],
    },
    {
      name: "activation and restart above the cfg do not count",
      code: `config activate\niresetn\nmod cmd UP0 cfg http://10.0.0.5/a.txt no-op 2`,
      errors: [{ range: "2:38-2:43", message: /^'no-op' restarts nothing/ }],
    },
    {
      name: "a bare ser, another config verb and a check that never restarts do not count",
      code: `mod cmd UP1 check ser 7\n${CFG}\nconfig write\nser\nmod cmd UP0 prot http://10.0.0.5/fw/ iresetn 1`,
      errors: [{ range: "1:38-1:41" }],
    },
    {
      name: "a restarting check replaced by a later check that does not restart",
      code: `mod cmd UP1 check iresetn 7\n${CFG}\nmod cmd UP1 check ser 8`,
      errors: [{ range: "1:38-1:41" }],
    },
    {
      name: "only the cfg lines after which nothing activates",
      code: `${CFG}\nconfig activate\nmod cmd UP0 cfg http://10.0.0.5/b.txt SER 2\n`,
      errors: [{ range: "2:38-2:41", message: /^'SER' restarts nothing/ }],
    },
  ],
});

describe("cfg-not-activated suggestion", () => {
  const suggestion = (code: string) => lintCase({ code }).find((d) => d.rule === "cfg-not-activated")!.suggestions[0]!;
  const apply = (code: string) => {
    const { edits } = suggestion(code);
    expect(edits).toHaveLength(1);
    const { range, newText } = edits[0]!;
    return code.slice(0, range.start) + newText + code.slice(range.end);
  };

  it("adds config activate and iresetn after the cfg line, with the line's own line end", () => {
    expect(suggestion(CFG).title).toBe("Add 'config activate' and 'iresetn' after this line");
    expect(apply(`${CFG}\r\nmod cmd UP0 scfg http://10.0.0.5/b.txt\r\n`)).toBe(`${CFG}\r\nconfig activate\r\niresetn\r\nmod cmd UP0 scfg http://10.0.0.5/b.txt\r\n`);
  });

  it("uses a newline when the cfg is the last line without one", () => {
    expect(apply(`# load\n${CFG}`)).toBe(`# load\n${CFG}\nconfig activate\niresetn`);
  });

  it("is not applied by --fix", () => {
    expect(lintCase({ code: CFG }).find((d) => d.rule === "cfg-not-activated")!.fixes).toEqual([]);
  });
});
