import { ruleTester } from "./tester.js";

ruleTester("unknown-up-verb", {
  valid: ["mod cmd UP1 times /allow 12,22", "mod cmd UP0 cfg http://10.0.0.5/a.txt ser 1", "mod cmd WLANMGR0 something", "mod cmd UP0 PROT http://10.0.0.5/ ireset 1"],
  invalid: [
    {
      code: "mod cmd UP1 time /allow 12,22",
      errors: [{ range: "0:12-0:16", message: "'time' is not a UP1 command: the device ignores this line, so the time window is NOT applied and everything below runs at any hour. Did you mean 'times'?", severity: "error" }],
      output: "mod cmd UP1 times /allow 12,22",
    },
    { code: "mod cmd UP0 prt http://10.0.0.5/ ireset 1", errors: [{ range: "0:12-0:15", message: /'prt' is not a UP0 command: the device ignores this line. Did you mean 'prot'/ }], output: "mod cmd UP0 prot http://10.0.0.5/ ireset 1" },
    { code: "mod cmd UP1 prot http://10.0.0.5/ ireset 1", errors: [{ range: "0:8-0:11", message: "'prot' is a UP0 command, not a UP1 one: the device ignores this line" }], output: "mod cmd UP0 prot http://10.0.0.5/ ireset 1" },
    { code: "mod cmd UP0 cfg-diff http://10.0.0.5/a.txt", errors: [{ range: "0:12-0:20", message: /'cfg-diff' is not a UP0 command/ }] },
    { code: "mod cmd UP1 frobnicate", errors: [{ range: "0:12-0:22", message: /UP1 knows check, times, poll, reinit, provision/ }] },
  ],
});
