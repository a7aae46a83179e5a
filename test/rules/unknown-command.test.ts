import { ruleTester } from "./tester.js";

ruleTester("unknown-command", {
  valid: ["mod cmd UP1 poll", "config write", "vars del X", "iresetn", "# prot", "mod cmd FOO0 bar"],
  invalid: [
    {
      code: "prot http://10.0.0.5/fw/ ireset 1",
      errors: [{ range: "0:0-0:4", message: "'prot' is not a command on its own: did you mean 'mod cmd UP0 prot'? As written, the device does not know this line", severity: "info" }],
      output: "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 1",
    },
    { code: "set UP1 poll", errors: [{ range: "0:0-0:3", message: "'set' is not a command upscript knows; the device may reject the line (did you mean 'ser'?)" }] },
    { code: "configure x", errors: [{ range: "0:0-0:9", message: /did you mean 'config'\?/ }] },
  ],
});
