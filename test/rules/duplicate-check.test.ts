import { ruleTester } from "./tester.js";

ruleTester("duplicate-check", {
  valid: [
    "mod cmd UP1 check ser 7\nmod cmd UP1 times /allow 2\nmod cmd UP0 prot http://10.0.0.5/fw/ iresetn 1",
    "mod cmd UP0 prot http://10.0.0.5/fw/ iresetn 1",
    // Not a check line: a comment and a config line mentioning check.
    "mod cmd UP1 check ser 7\n# mod cmd UP1 check ser 8\nconfig change UP1 /check 8",
    // A check of another module is not UP1's check.
    "mod cmd UP1 check ser 7\nmod cmd X1 check ser 8",
  ],
  invalid: [
    {
      code: "mod cmd UP1 check ser A\nmod cmd UP0 cfg http://10.0.0.5/a.txt ser 1\nmod cmd UP1 check iresetn B",
      errors: [
        {
          range: "2:12-2:17",
          message: "second check in the script: at the end of a run the device stores only the last check's serial 'B', so the check on line 1 (serial 'A') never matches and every poll runs the script again down to line 3",
          severity: "warning",
        },
      ],
    },
    {
      code: "mod cmd UP1 check ser 7\r\n# again\r\nmod cmd UP1 CHECK ser 7",
      errors: [{ range: "2:12-2:17", message: "this check repeats serial '7' of the check on line 1: the line is redundant, remove it" }],
    },
    {
      name: "three checks: every one after the first is reported against the first",
      code: "mod cmd UP1 check ser 1\nmod cmd UP1 check ser 2\nmod cmd UP1 check ser 3",
      errors: [
        { range: "1:12-1:17", message: /the last check's serial '3', so the check on line 1 \(serial '1'\) never matches .* down to line 3$/ },
        { range: "2:12-2:17", message: /the last check's serial '3'/ },
      ],
    },
    {
      name: "the last check repeats the first serial: the middle one never decides anything",
      code: "mod cmd UP1 check ser A\nmod cmd UP1 check ser B\nmod cmd UP1 check ser A",
      errors: [
        { range: "1:12-1:17", message: "this check never decides anything: a complete run stores 'A' again, so the check on line 1 stops every later run before this line; remove it" },
        { range: "2:12-2:17", message: /repeats serial 'A' of the check on line 1/ },
      ],
    },
    {
      name: "a check without a serial",
      code: "mod cmd UP1 check ser 7\nmod cmd UP1 check ser",
      errors: [{ range: "1:12-1:17", message: "second check in the script (the check on line 1 comes first): the device keeps a single serial in UPDATE/CHECK, so keep one check line" }],
    },
  ],
});
