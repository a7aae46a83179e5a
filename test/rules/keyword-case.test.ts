import { ruleTester } from "./tester.js";

ruleTester("keyword-case", {
  valid: [
    "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765",
    "mod cmd UP1 times /allow 23,0,1 /initial 6",
    "config change PHONE SIG /prot SIP",
    "mod cmd MyModule x",
    "iresetn",
  ],
  invalid: [
    {
      code: "mod cmd UP0 PROT http://10.0.0.5/fw/ IRESET 1",
      errors: [
        { range: "0:12-0:16", message: "'PROT' must be written 'prot': the device compares keywords and module names exactly, so it does not recognise 'PROT' and ignores this line", severity: "error" },
        { range: "0:37-0:43", message: /'IRESET' must be written 'ireset'/ },
      ],
      output: "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 1",
    },
    { code: "mod cmd up0 prot http://10.0.0.5/ ireset 1", errors: [{ range: "0:8-0:11", message: /^'up0' must be written 'UP0': .*ignores this line$/, severity: "error" }], output: "mod cmd UP0 prot http://10.0.0.5/ ireset 1" },
    {
      name: "a wrong case is ignored like a misspelling: Times sets no window",
      code: "mod cmd UP1 Times /allow 23,0,1",
      errors: [{ range: "0:12-0:17", message: "'Times' must be written 'times': the device compares keywords and module names exactly, so it does not recognise 'Times' and ignores this line", severity: "error" }],
      output: "mod cmd UP1 times /allow 23,0,1",
    },
    {
      code: "MOD CMD UP1 times /ALLOW 1,2\nConfig Write\nIRESETN",
      errors: [{ range: "0:0-0:3" }, { range: "0:4-0:7" }, { range: "0:18-0:24" }, { range: "1:0-1:6" }, { range: "1:7-1:12" }, { range: "2:0-2:7" }],
      output: "mod cmd UP1 times /allow 1,2\nconfig write\niresetn",
    },
  ],
});
