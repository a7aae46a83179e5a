import { describe, expect, it } from "vitest";
import { lintCase, ruleTester } from "./tester.js";

const ON = "mod cmd WLANMGR0 activate-pwr";
const OFF = "mod cmd WLANMGR0 deactivate-pwr";
const PROT = "mod cmd UP0 prot http://10.0.0.5/fw/ iresetn 1";
const BOOT = "mod cmd UP0 boot http://10.0.0.5/boot/ iresetn 2";

ruleTester("wlan-power-unpaired", {
  valid: [
    `${ON}\n${PROT}\n${BOOT}\n${OFF}`,
    // Only deactivate: nothing to pair.
    `${PROT}\n${OFF}`,
    // Any case.
    `mod cmd wlanmgr0 ACTIVATE-PWR\n# downloads\n${PROT}\nmod cmd WLANMGR0 Deactivate-Pwr`,
    // No power commands at all.
    PROT,
  ],
  invalid: [
    {
      code: `${ON}\n${PROT}\n${BOOT}`,
      errors: [
        {
          range: "0:17-0:29",
          message: "activate-pwr takes the phone out of power-save mode and no deactivate-pwr follows: it stays that way, draining the battery, until it next restarts",
          severity: "info",
        },
      ],
    },
    {
      name: "a deactivate above the activate does not pair it",
      code: `${OFF}\n${PROT}\n${ON}`,
      errors: [{ range: "2:17-2:29" }],
    },
    {
      name: "two activations, the first one paired",
      code: `${ON}\n${PROT}\n${OFF}\nMOD CMD WLANMGR0 ACTIVATE-PWR\n${BOOT}`,
      errors: [{ range: "3:17-3:29", message: /^ACTIVATE-PWR takes the phone out of power-save mode/ }],
    },
    {
      name: "a deactivate in a comment does not count",
      code: `${ON}\n# ${OFF}`,
      errors: [{ range: "0:17-0:29" }],
    },
  ],
});

describe("wlan-power-unpaired suggestion", () => {
  const apply = (code: string) => {
    const found = lintCase({ code }).find((d) => d.rule === "wlan-power-unpaired")!;
    expect(found.fixes).toEqual([]);
    const [suggestion] = found.suggestions;
    expect(suggestion!.edits).toHaveLength(1);
    const { range, newText } = suggestion!.edits[0]!;
    return { title: suggestion!.title, text: code.slice(0, range.start) + newText + code.slice(range.end) };
  };

  it("adds deactivate-pwr after the last transfer below the activate line", () => {
    const code = `${ON}\r\n${PROT}\r\n${BOOT}\r\nconfig activate\r\n`;
    expect(apply(code)).toEqual({
      title: "Add 'mod cmd WLANMGR0 deactivate-pwr' after line 3",
      text: `${ON}\r\n${PROT}\r\n${BOOT}\r\n${OFF}\r\nconfig activate\r\n`,
    });
  });

  it("adds it after the last transfer even when that is the last line without a line end", () => {
    expect(apply(`${ON}\n${PROT}`).text).toBe(`${ON}\n${PROT}\n${OFF}`);
  });

  it("adds it right after the activate line when no transfer follows", () => {
    expect(apply(`${PROT}\n${ON}\nconfig activate`).text).toBe(`${PROT}\n${ON}\n${OFF}\nconfig activate`);
  });
});
