import { ruleTester } from "./tester.js";

const PROT = (final: string) => `mod cmd UP0 prot http://10.0.0.5/fw/ ${final} 13-138765`;

ruleTester("download-not-activated", {
  valid: [
    // Final commands that restart; iresetn and resetn too, since the download requires a restart.
    PROT("ireset"),
    PROT("reset"),
    PROT("iresetn"),
    PROT("resetn"),
    "mod cmd UP0 boot http://10.0.0.5/fw/ ireboot 205",
    // A later bare restart, in any case, with comments between.
    `${PROT("ser")}\n# restart when idle\n\nIRESETN`,
    // A later transfer whose final command restarts.
    `${PROT("ser")}\nmod cmd UP0 boot http://10.0.0.5/fw/ reboot 205`,
    `mod cmd UP0 bmc http://10.0.0.5/fw/pcs.bin no-op PCS04fd\nmod cmd UP0 cfg http://10.0.0.5/a.txt iresetn 1`,
    `${PROT("ser")}\nmod cmd UP0 scfg http://10.0.0.5/b.txt resetn 1`,
    // The check's final command runs at the end of a complete run, wherever the check stands.
    `mod cmd UP1 check iresetn 7\n${PROT("ser")}`,
    `${PROT("no-op")}\nmod cmd UP1 check ireset 7`,
    // Unknown or missing final commands are other rules' findings.
    PROT("sre"),
    "mod cmd UP0 prot http://10.0.0.5/fw/",
    // Without a URL nothing is downloaded (missing-url reports it).
    "mod cmd UP0 prot ser 13-1",
    // Not run as a transfer in a file loaded by cfg.
    { code: PROT("ser"), role: "cfg-target" },
  ],
  invalid: [
    {
      code: PROT("ser"),
      errors: [
        {
          range: "0:37-0:40",
          severity: "info",
          message: "'ser' restarts nothing and no later line restarts the device: the new firmware build 13-138765 is downloaded, but it starts only when the device restarts for some other reason",
        },
      ],
    },
    {
      name: "restarts above do not count, nor a check that restarts nothing, nor config activate",
      code: `iresetn\nmod cmd UP0 cfg http://10.0.0.5/a.txt ireset 1\nmod cmd UP1 check ser 7\nmod cmd UP0 boot http://10.0.0.5/fw/ no-op 205\nconfig activate\nser`,
      errors: [{ range: "3:37-3:42", message: "'no-op' restarts nothing and no later line restarts the device: the new boot code build 205 is downloaded, but it starts only when the device restarts for some other reason" }],
    },
    {
      name: "a restarting check replaced by a later one that does not restart",
      code: `mod cmd UP1 check ireset 7\nmod cmd UP0 bmc http://10.0.0.5/fw/pcs.bin SER PCS04fd\nmod cmd UP1 check ser 8`,
      errors: [{ range: "1:43-1:46", message: /^'SER' restarts nothing .* the new radio code build PCS04fd is downloaded/ }],
    },
    {
      name: "only the downloads after which nothing restarts; no build named when there is none",
      code: `${PROT("ser")}\nmod cmd UP0 boot http://10.0.0.5/fw/ ireset 205\nmod cmd UP0 prot http://10.0.0.5/fw/ no-op`,
      errors: [{ range: "2:37-2:42", message: "'no-op' restarts nothing and no later line restarts the device: the new firmware is downloaded, but it starts only when the device restarts for some other reason" }],
    },
  ],
});
