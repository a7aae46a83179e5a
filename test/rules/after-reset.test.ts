import { ruleTester } from "./tester.js";

ruleTester("after-reset", {
  valid: [
    // The transfer that restarts at once is the last command.
    "mod cmd UP1 check ser 7\nmod cmd UP0 prot http://10.0.0.5/fw/ reset 13-1\n# done\n\n",
    // Restarting when idle lets the rest of the script run.
    "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 1\nmod cmd UP0 cfg http://10.0.0.5/a.txt iresetn 1",
    // Final commands that never restart.
    "mod cmd UP0 cfg http://10.0.0.5/a.txt ser 1\nconfig activate\niresetn",
    // A bare reset line is not a transfer; a check's final runs at the very end.
    "mod cmd UP1 check reset 7\nmod cmd UP0 prot http://10.0.0.5/fw/ iresetn 1\nreset",
    // Unknown final command: unknown-final-command's finding.
    "mod cmd UP0 prot http://10.0.0.5/fw/ rest 1\nmod cmd UP0 cfg http://10.0.0.5/a.txt iresetn 1",
  ],
  invalid: [
    {
      code: "mod cmd UP0 prot http://10.0.0.5/fw/ reset 13-1\nmod cmd UP0 cfg http://10.0.0.5/a.txt iresetn 1",
      errors: [
        {
          range: "0:37-0:42",
          message: "'reset' restarts the device as soon as prot downloads new firmware: the line below (line 2) runs only on polls where no firmware is downloaded",
          severity: "info",
        },
      ],
    },
    {
      name: "comments and blank lines are not counted",
      code: "mod cmd UP0 boot http://10.0.0.5/boot/ REBOOT 205\n# then\n\nmod cmd WLANMGR0 deactivate-pwr\r\nconfig activate\niresetn",
      errors: [{ range: "0:39-0:45", message: "'REBOOT' restarts the device as soon as boot downloads new boot code: the 3 lines below (from line 4) run only on polls where no boot code is downloaded" }],
    },
    {
      name: "every transfer with a restart at once is reported, the last one only when something follows",
      code: "mod cmd UP0 bmc http://10.0.0.5/pcs.bin resetn PCS04fd\nmod cmd UP0 cfg http://10.0.0.5/a.txt reset 2\nmod cmd UP0 prot http://10.0.0.5/fw/ reset 1",
      errors: [
        { range: "0:40-0:46", message: "'resetn' restarts the device as soon as bmc downloads new radio code: the 2 lines below (from line 2) run only on polls where no radio code is downloaded" },
        { range: "1:38-1:43", message: "'reset' restarts the device as soon as cfg loads the configuration file: the line below (line 3) runs only on polls where the file is not loaded" },
      ],
    },
    {
      name: "resetn after scfg restarts only when an earlier step requires it",
      code: "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt resetn W\nmod cmd UP0 prot http://10.0.0.5/fw/ iresetn 1",
      errors: [{ range: "0:42-0:48", message: "'resetn' restarts the device right after the scfg upload whenever an earlier step requires a restart: the line below (line 2) then does not run in that poll" }],
    },
    {
      name: "reset after scfg",
      code: "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt reset W\nmod cmd UP1 poll\nmod cmd UP1 poll",
      errors: [{ range: "0:42-0:47", message: /as soon as scfg uploads the backup: the 2 lines below \(from line 2\) run only on polls where no backup is uploaded$/ }],
    },
  ],
});
