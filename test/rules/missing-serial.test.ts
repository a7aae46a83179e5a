import { ruleTester } from "./tester.js";

ruleTester("missing-serial", {
  valid: ["mod cmd UP0 cfg http://10.0.0.5/a.txt ser 1", "mod cmd UP0 scfg http://10.0.0.5/b.txt", "mod cmd UP0 scfg http://10.0.0.5/b.txt no-op W", "mod cmd UP1 check ser 1"],
  invalid: [
    { code: "mod cmd UP0 cfg http://10.0.0.5/a.txt ser", errors: [{ range: "0:12-0:15", message: "cfg has no serial: the device loads and writes the configuration file on every poll", severity: "warning" }] },
    {
      name: "iresetn restarts after a load too: a reset loop",
      code: "mod cmd UP0 cfg http://10.0.0.5/a.txt iresetn",
      errors: [{ range: "0:12-0:15", message: "cfg has no serial and 'iresetn' restarts the device (a load marks a restart as required): it loads the configuration file and restarts on every poll, a reset loop", severity: "error" }],
    },
    { code: "mod cmd UP0 prot http://10.0.0.5/fw/ ireset", errors: [{ range: "0:12-0:16", message: /prot has no build/, severity: "error" }] },
    { code: "mod cmd UP1 check ser", errors: [{ range: "0:12-0:17", message: /check has no serial/ }] },
    { code: "mod cmd UP0 scfg http://10.0.0.5/b.txt no-op", errors: [{ range: "0:12-0:16", message: /scfg has a final command but no serial/ }] },
    { code: "mod cmd UP0 cfg http://10.0.0.5/a.txt no-op", config: { rules: { "missing-serial": "error" } }, errors: [{ range: "0:12-0:15", severity: "error" }] },
    // A final that restarts whenever it runs: the file loads and the device restarts on every poll.
    {
      code: "mod cmd UP0 cfg http://10.0.0.5/a.txt ireset",
      errors: [{ range: "0:12-0:15", message: "cfg has no serial and 'ireset' restarts the device: it loads the configuration file and restarts on every poll, a reset loop", severity: "error" }],
    },
    {
      name: "reset, reboot, ireboot and resetn too, in any case; ser and no-op stay warnings",
      code: [
        "mod cmd UP0 cfg http://10.0.0.5/a.txt reset",
        "mod cmd UP0 cfg http://10.0.0.5/a.txt REBOOT",
        "mod cmd UP0 cfg http://10.0.0.5/a.txt ireboot",
        "mod cmd UP0 cfg http://10.0.0.5/a.txt ser",
        "mod cmd UP0 cfg http://10.0.0.5/a.txt no-op",
        "mod cmd UP0 cfg http://10.0.0.5/a.txt resetn",
      ].join("\n"),
      errors: [
        { range: "0:12-0:15", message: /^cfg has no serial and 'reset' restarts the device/, severity: "error" },
        { range: "1:12-1:15", message: /^cfg has no serial and 'REBOOT' restarts the device/, severity: "error" },
        { range: "2:12-2:15", message: /^cfg has no serial and 'ireboot' restarts the device/, severity: "error" },
        { range: "3:12-3:15", message: /^cfg has no serial: the device loads/, severity: "warning" },
        { range: "4:12-4:15", severity: "warning" },
        { range: "5:12-5:15", message: /^cfg has no serial and 'resetn' restarts the device \(a load marks/, severity: "error" },
      ],
    },
    { code: "mod cmd UP0 cfg http://10.0.0.5/a.txt reset", config: { rules: { "missing-serial": "warning" } }, errors: [{ range: "0:12-0:15", severity: "warning" }] },
  ],
});
