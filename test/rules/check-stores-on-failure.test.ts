import { ruleTester } from "./tester.js";

const CHECK = "mod cmd UP1 check ireset 2026-11-20a";
const PROT = "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765";
const CFG = "mod cmd UP0 cfg http://10.0.0.5/a.txt iresetn 4";

ruleTester("check-stores-on-failure", {
  valid: [
    // No check: a failed transfer is tried again on every poll.
    `${PROT}\n${CFG}`,
    // A check with nothing below it that can fail.
    `${CHECK}\nmod cmd UP1 times /allow 1,2\nconfig change PHONE APP /lang de\niresetn`,
    // Transfers above the check run before it on every poll, so they are retried.
    `${PROT}\n${CFG}\n${CHECK}`,
    // A transfer without a URL cannot be sent (missing-url reports it).
    `${CHECK}\nmod cmd UP0 prot ireset 04-5656`,
    // The last check has no serial: nothing is stored (missing-serial reports it).
    `mod cmd UP1 check ser\n${PROT}`,
    // A check in a file loaded by cfg is not run as one.
    { code: `${CHECK}\n${PROT}`, role: "cfg-target" },
  ],
  invalid: [
    {
      code: `${CHECK}\n${PROT}`,
      errors: [
        {
          range: "0:12-0:17",
          severity: "info",
          message:
            "a run that gets to the end stores '2026-11-20a' even when a transfer below this check fails (prot on line 2): the failed transfer keeps its variable and skips its final command, the run goes on, and from then on the device stops here, so it does not try that transfer again until the serial changes",
        },
      ],
    },
    {
      name: "every kind of transfer below, more than five counted",
      code: [
        "# rollout",
        CHECK,
        "mod cmd UP1 times /allow 23,0,1",
        PROT,
        "mod cmd UP0 boot http://10.0.0.5/fw/ reboot 205",
        "mod cmd UP0 bmc http://10.0.0.5/fw/pcs.bin ireset PCS04fd",
        CFG,
        "mod cmd UP0 scfg http://10.0.0.5/backup/#h-#bn.txt no-op WEEKLY /force 168",
        "mod cmd UP0 cfg http://10.0.0.5/b.txt iresetn 5",
        "mod cmd UP0 cfg http://10.0.0.5/c.txt iresetn 6",
      ].join("\r\n"),
      errors: [
        {
          range: "1:12-1:17",
          message:
            /^a run that gets to the end stores '2026-11-20a' even when a transfer below this check fails \(prot on line 4, boot on line 5, bmc on line 6, cfg on line 7, scfg on line 8 and 2 more\): /,
        },
      ],
    },
    {
      name: "two checks: the last one's serial is stored, the first check with it stops later polls",
      code: `mod cmd UP1 check ser 7\n${PROT}\nmod cmd UP1 check ser 8\n${CFG}`,
      errors: [{ range: "2:12-2:17", message: /^a run that gets to the end stores '8' even when a transfer below this check fails \(cfg on line 4\): / }],
    },
    {
      name: "the same serial twice: the first of them stops later polls",
      code: `mod cmd UP1 check ser 8\n${PROT}\nmod cmd UP1 check ser 8`,
      errors: [{ range: "0:12-0:17", message: /^a run that gets to the end stores '8' \(the serial of the last check, line 3\) even when a transfer below this check fails \(prot on line 2\): / }],
    },
  ],
});
