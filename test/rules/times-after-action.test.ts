import { ruleTester } from "./tester.js";

const TIMES = "mod cmd UP1 times /allow 23,0,1 /initial 6";
const PROT = "mod cmd UP0 prot http://10.0.0.5/fw/ iresetn 13-138765";
const CFG = "mod cmd UP0 cfg http://10.0.0.5/a.txt ser 1";

ruleTester("times-after-action", {
  valid: [
    // The usual order: check, times, then the transfers.
    `mod cmd UP1 check ser 7\n${TIMES}\n${PROT}\n${CFG}`,
    // No times line at all: the script is meant to run at any hour.
    `${PROT}\n${CFG}`,
    // A times line without /allow or /initial sets no window (times-arguments reports it).
    `${PROT}\nmod cmd UP1 times`,
    // Only the first times line with a window counts; transfers between two times lines are below it.
    `${TIMES}\n${PROT}\nmod cmd UP1 times /allow 2`,
    // Non-transfer lines above the times line are fine.
    `mod cmd WLANMGR0 activate-pwr\nconfig change UP1 /url x\n# comment\n${TIMES}\n${PROT}`,
    // Uploads above the window are deliberate: backups and queries run at any hour.
    `mod cmd UP0 scfg http://10.0.0.5/backup/#h-#bn.txt no-op WEEKLY /force 168\nmod cmd UP0 scfg http://10.0.0.5/q?sn=#m ser nop /always mod%20cmd%20CMD0%20xml-info\n${TIMES}\n${PROT}`,
    // A cfg target has no time window of its own.
    { code: `${PROT}\n${TIMES}`, role: "cfg-target" },
  ],
  invalid: [
    {
      code: `${PROT}\n${TIMES}`,
      errors: [{ range: "0:12-0:16", message: "prot runs at any hour and right after a boot: it is above the times line on line 2 (/allow 23,0,1 /initial 6), and the device applies that window only to the lines below it", severity: "warning" }],
    },
    {
      name: "every download verb above the window, with comments and blank lines between; scfg is left alone",
      code: `mod cmd UP1 check ser 7\nmod cmd UP0 boot http://10.0.0.5/boot/ reboot 205\n# firmware\n\nmod cmd UP0 bmc http://10.0.0.5/pcs.bin ireset PCS04fd\n${CFG}\nmod cmd UP0 scfg http://10.0.0.5/b/#m.txt\nmod cmd UP1 times /allow 2,3\n${PROT}`,
      errors: [
        { range: "1:12-1:16", message: "boot runs at any hour: it is above the times line on line 8 (/allow 2,3), and the device applies that window only to the lines below it" },
        { range: "4:12-4:15", message: /^bmc runs at any hour: .* line 8 \(\/allow 2,3\)/ },
        { range: "5:12-5:15", message: /^cfg runs at any hour/ },
      ],
    },
    {
      name: "only /initial, written in upper case",
      code: `MOD CMD UP0 PROT http://10.0.0.5/fw/ iresetn 1\r\nmod cmd UP1 TIMES /INITIAL 10`,
      errors: [{ range: "0:12-0:16", message: "PROT runs right after a boot: it is above the times line on line 2 (/INITIAL 10), and the device applies that window only to the lines below it" }],
    },
    {
      name: "a times line without a window does not count; the next one does",
      code: `${CFG}\nmod cmd UP1 times\n${PROT}\nmod cmd UP1 times /allow 4`,
      errors: [
        { range: "0:12-0:15", message: /on line 4 \(\/allow 4\)/ },
        { range: "2:12-2:16", message: /^prot runs at any hour: .* on line 4/ },
      ],
    },
    {
      name: "an hour list split by blanks is quoted as written",
      code: `${CFG}\nmod cmd UP1 times /allow 23, 0,1`,
      errors: [{ range: "0:12-0:15", message: "cfg runs at any hour: it is above the times line on line 2 (/allow 23, 0,1), and the device applies that window only to the lines below it" }],
    },
    {
      name: "/allow without hours",
      code: `${CFG}\nmod cmd UP1 times /allow`,
      errors: [{ range: "0:12-0:15", message: /^cfg runs at any hour: .*line 2 \(\/allow\)/ }],
    },
  ],
});
