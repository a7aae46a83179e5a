import { ruleTester } from "./tester.js";

const T = (hours: string, more = "") => `mod cmd UP1 times /allow ${hours}${more}`;

ruleTester("times-disjoint", {
  valid: [
    T("23,0,1,2,3,4 /initial 6"),
    // A common hour: polls at 2 o'clock pass both lines.
    `${T("1,2")}\n${T("2,3")}`,
    // Lines without /allow set no hours to compare.
    `${T("1,2")}\nmod cmd UP1 times /initial 10\nmod cmd UP1 times`,
    // No valid hour in one list (times-hours reports it), or a list split by blanks.
    `${T("24,x")}\n${T("1")}`,
    `${T("23, 0")}\n${T("5")}`,
    // A range is not understood by the device; times-hours reports it and offers to expand it.
    `${T("22-4")}\n${T("5")}`,
    // Not run as times lines in a file loaded by cfg.
    { code: `${T("1")}\n${T("2")}`, role: "cfg-target" },
  ],
  invalid: [
    {
      code: `${T("1,2")}\n${T("3,4")}`,
      errors: [
        {
          range: "1:25-1:28",
          severity: "error",
          message:
            "no hour in common with the times line on line 1: that line lets a poll through only at hours 1,2, this one only at hours 3,4, so every poll stops at one of them and nothing below line 2 ever runs",
        },
      ],
    },
    {
      name: "both with /initial: a factory-fresh device still gets past",
      code: `# night\n${T("23,0,0", " /initial 6")}\n\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 1\n${T("12", " /initial 6")}`,
      errors: [
        {
          range: "4:25-4:27",
          message:
            "no hour in common with the times line on line 2: that line lets a poll through only at hours 23,0, this one only at hour 12, so every poll stops at one of them and nothing below line 5 ever runs (only a factory-fresh device gets past both, because /initial skips their hour test)",
        },
      ],
    },
    {
      name: "reported once, at the first line that can never be passed; invalid items are left out",
      code: `${T("1,2")}\n${T("2,3,25")}\n${T("4")}\n${T("5")}`,
      errors: [{ range: "2:25-2:26", message: /^no hour in common with the times line on line 1: .* only at hours 1,2, this one only at hour 4, .* nothing below line 3 ever runs$/ }],
    },
    {
      name: "compared with every earlier list, not only the one above",
      code: `${T("1,2,3")}\nMOD CMD UP1 TIMES /ALLOW 3,9\n${T("9,10")}`,
      errors: [{ range: "2:25-2:29", message: /^no hour in common with the times line on line 1: .* hours 1,2,3, this one only at hours 9,10,/ }],
    },
  ],
});
