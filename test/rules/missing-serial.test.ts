import { ruleTester } from "./tester.js";

ruleTester("missing-serial", {
  valid: ["mod cmd UP0 cfg http://10.0.0.5/a.txt ser 1", "mod cmd UP0 scfg http://10.0.0.5/b.txt", "mod cmd UP0 scfg http://10.0.0.5/b.txt no-op W", "mod cmd UP1 check ser 1"],
  invalid: [
    { code: "mod cmd UP0 cfg http://10.0.0.5/a.txt iresetn", errors: [{ range: "0:12-0:15", message: "cfg has no serial: the device loads and writes the configuration file on every poll", severity: "warning" }] },
    { code: "mod cmd UP0 prot http://10.0.0.5/fw/ ireset", errors: [{ range: "0:12-0:16", message: /prot has no build/, severity: "error" }] },
    { code: "mod cmd UP1 check ser", errors: [{ range: "0:12-0:17", message: /check has no serial/ }] },
    { code: "mod cmd UP0 scfg http://10.0.0.5/b.txt no-op", errors: [{ range: "0:12-0:16", message: /scfg has a final command but no serial/ }] },
    { code: "mod cmd UP0 cfg http://10.0.0.5/a.txt iresetn", config: { rules: { "missing-serial": "error" } }, errors: [{ range: "0:12-0:15", severity: "error" }] },
  ],
});
