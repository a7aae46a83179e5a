import { ruleTester } from "./tester.js";

const PROT = (build: string, final = "ireset") => `mod cmd UP0 prot http://10.0.0.5/fw/ ${final} ${build}`;

ruleTester("conflicting-builds", {
  valid: [
    PROT("13-138765"),
    // The same build twice (from two servers, say) is no conflict.
    `${PROT("13-138765")}\nmod cmd UP0 prot http://10.0.0.6/fw/ ireset 13-138765`,
    // prot, boot and bmc builds are different things.
    `${PROT("205")}\nmod cmd UP0 boot http://10.0.0.5/fw/ reboot 206\nmod cmd UP0 bmc http://10.0.0.5/fw/pcs.bin ireset 207`,
    // A line without a build is missing-serial's finding.
    `${PROT("13-1")}\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset`,
    // Lines the device cannot run (no URL, an unknown or missing final command) are other rules' findings.
    `${PROT("13-1")}\nmod cmd UP0 prot ireset 04-5656\n${PROT("13-2", "irest")}\nmod cmd UP0 prot http://10.0.0.5/fw/ 13-3`,
    // Not run as transfers in a file loaded by cfg.
    { code: `${PROT("13-1")}\n${PROT("13-2")}`, role: "cfg-target" },
  ],
  invalid: [
    {
      code: `${PROT("13-138765")}\n${PROT("13-139001", "iresetn")}`,
      errors: [
        {
          range: "1:45-1:54",
          severity: "warning",
          message:
            "prot asks for build '13-139001', the prot on line 1 for '13-138765': a device holds one firmware build, so it downloads the two in turn, poll after poll (or restart after restart), and never settles",
        },
      ],
    },
    {
      name: "boot and bmc; every line that differs from the first, builds compared exactly",
      code: [
        "mod cmd UP0 boot http://10.0.0.5/fw/ reboot 205",
        "# radio code",
        "mod cmd UP0 bmc http://10.0.0.5/fw/pcs.bin ireset PCS04fd",
        "mod cmd UP0 boot http://10.0.0.5/fw/ reboot 206",
        "mod cmd UP0 bmc http://10.0.0.5/fw/pcs.bin ireset pcs04fd",
        "mod cmd UP0 boot http://10.0.0.5/fw/ reboot 205",
        "mod cmd UP0 boot http://10.0.0.5/fw/ reboot 207",
      ].join("\n"),
      errors: [
        { range: "3:44-3:47", message: "boot asks for build '206', the boot on line 1 for '205': a device holds one boot code build, so it downloads the two in turn, poll after poll (or restart after restart), and never settles" },
        { range: "4:50-4:57", message: /^bmc asks for build 'pcs04fd', the bmc on line 3 for 'PCS04fd': a device holds one radio code build,/ },
        { range: "6:44-6:47", message: /^boot asks for build '207', the boot on line 1 for '205'/ },
      ],
    },
  ],
});
