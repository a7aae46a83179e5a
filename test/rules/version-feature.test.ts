import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, lint } from "@upscript/language";
import { ruleTester } from "./tester.js";

const SCFG = "mod cmd UP0 scfg http://10.0.0.5/b.txt no-op 1 /force 168";
const REBOOTS = "mod cmd UP1 check reboot 7\nmod cmd UP0 prot http://10.0.0.5/fw/ ireboot 13-1\nREBOOT";
const fw = (firmware: string, products?: string[]) => ({ target: { firmware, ...(products && { products }) } });

ruleTester("version-feature", {
  valid: [
    { name: "no target declared", code: `${SCFG}\n${REBOOTS}` },
    { name: "firmware 7.00 has everything", code: `${SCFG}\n${REBOOTS}`, config: fw("7.00") },
    { name: "reboot exactly at 6.00 SR2 hotfix 3", code: REBOOTS, config: fw("6.00 SR2 HF3") },
    { name: "plain scfg on old firmware", code: "mod cmd UP0 scfg http://10.0.0.5/backup/#m.txt", config: fw("6.00") },
    { name: "reset and ireset on old firmware and IP21", code: "mod cmd UP1 check ireset 7\nmod cmd UP0 prot http://10.0.0.5/fw/ reset 13-1\nresetn", config: fw("5.00", ["IP21"]) },
    { name: "reboot on products that have it", code: REBOOTS, config: { target: { products: ["IP232", "IP811"] } } },
    { name: "13r3 is newer than both boundaries", code: `${SCFG}\n${REBOOTS}`, config: fw("13r3 sr12", ["IP232"]) },
  ],
  invalid: [
    {
      name: "scfg options before 7.00",
      code: SCFG,
      config: fw("6.00"),
      errors: [
        {
          range: "0:39-0:44",
          severity: "warning",
          message: "firmware 6.00 ignores the final command, serial and /force of scfg (they came with 7.00): the device uploads the configuration on every poll",
        },
      ],
    },
    {
      name: "/force alone is reported on /force",
      code: "mod cmd UP0 scfg http://10.0.0.5/b.txt /force 168",
      config: fw("V6"),
      errors: [{ range: "0:39-0:45", message: /^firmware V6 ignores the final command, serial and \/force of scfg/ }],
    },
    {
      name: "reboot and ireboot before 6.00 SR2 hotfix 3, in check, transfer and bare lines",
      code: REBOOTS,
      config: fw("6.00 sr2 hotfix2"),
      errors: [
        {
          range: "0:18-0:24",
          message: "'reboot': firmware 6.00 sr2 hotfix2 does not know it (it came with 6.00 SR2 hotfix 3), so the device does not restart here as intended. Use reset instead",
        },
        { range: "1:37-1:44", message: /^'ireboot': firmware 6\.00 sr2 hotfix2 does not know it .* Use ireset instead$/ },
        { range: "2:0-2:6", message: /^'REBOOT': .* Use reset instead$/ },
      ],
    },
    {
      name: "reboot on an IP21 whatever the firmware",
      code: "mod cmd UP0 boot http://10.0.0.5/fw/ reboot 205",
      config: fw("13r3", ["IP232", "IP21"]),
      errors: [{ range: "0:37-0:43", message: "'reboot': it does not work on the IP21. Use reset instead" }],
    },
    {
      name: "IP21 from the file name",
      code: "mod cmd UP1 check ireboot 7",
      fileName: "update-ip21.htm",
      errors: [{ range: "0:18-0:25", message: "'ireboot': it does not work on the IP21. Use ireset instead" }],
    },
    {
      name: "old firmware and IP21 together give one finding",
      code: "ireboot",
      config: fw("5.00", ["IP21"]),
      errors: [
        {
          range: "0:0-0:7",
          message: "'ireboot': firmware 5.00 does not know it (it came with 6.00 SR2 hotfix 3), so the device does not restart here as intended; and it does not work on the IP21. Use ireset instead",
        },
      ],
    },
    {
      name: "scfg with reboot before 6.00 SR2 hotfix 3: both problems",
      code: "mod cmd UP0 scfg http://10.0.0.5/b.txt reboot 1",
      config: fw("6.00"),
      errors: [{ range: "0:39-0:45", message: /^'reboot': firmware 6\.00/ }, { range: "0:39-0:45", message: /^firmware 6\.00 ignores/ }],
    },
  ],
});

describe("version-feature suggestions", () => {
  it("offers reset for reboot and ireset for ireboot, never as a fix (a soft restart may not start new boot code)", () => {
    const found = lint(REBOOTS, { config: { ...DEFAULT_CONFIG, target: { products: ["IP21"] } } }).filter((d) => d.rule === "version-feature");
    expect(found.map((d) => d.fixes.length)).toEqual([0, 0, 0]);
    expect(found.map((d) => d.suggestions.map((s) => `${s.safety} ${s.edits.map((e) => e.newText).join()}`))).toEqual([["unsafe reset"], ["unsafe ireset"], ["unsafe reset"]]);
  });

  it("scfg findings carry no edit", () => {
    const [d] = lint(SCFG, { config: { ...DEFAULT_CONFIG, target: { firmware: "6.00" } } }).filter((x) => x.rule === "version-feature");
    expect(d!.suggestions).toEqual([]);
    expect(d!.fixes).toEqual([]);
  });
});
