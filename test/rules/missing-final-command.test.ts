import { ruleTester } from "./tester.js";

ruleTester("missing-final-command", {
  valid: ["mod cmd UP0 prot http://10.0.0.5/fw/ ireset 1", "mod cmd UP1 check ser 7", "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt", "mod cmd UP0 prot http://10.0.0.5/ irest 1"],
  invalid: [
    {
      code: "mod cmd UP0 prot http://10.0.0.5/fw/ 04-5656",
      errors: [{ range: "0:12-0:16", message: "prot has no final command: write ireset, reset, iresetn, resetn, reboot, ireboot, ser or no-op before '04-5656' (ser does nothing afterwards)" }],
      output: "mod cmd UP0 prot http://10.0.0.5/fw/ ser 04-5656",
    },
    { code: "mod cmd UP1 check 7", errors: [{ range: "0:12-0:17" }], output: "mod cmd UP1 check ser 7" },
    { code: "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt WEEKLY", errors: [{ range: "0:12-0:16" }], output: "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt ser WEEKLY" },
    { code: "mod cmd UP0 cfg http://10.0.0.5/a.txt", errors: [{ range: "0:12-0:15" }], output: "mod cmd UP0 cfg http://10.0.0.5/a.txt ser" },
  ],
});
