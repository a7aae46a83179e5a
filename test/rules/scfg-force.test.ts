import { ruleTester } from "./tester.js";

ruleTester("scfg-force", {
  valid: [
    "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt no-op WEEKLY /force 168",
    "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt no-op WEEKLY",
    "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt",
    "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt no-op W /FORCE 1",
    // With a final command but no serial, missing-serial reports the line.
    "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt no-op /force 24",
    // /force on another command is not scfg's switch.
    "mod cmd UP0 cfg http://10.0.0.5/a.txt ser 1 /force 0",
  ],
  invalid: [
    {
      code: "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt /force 168",
      errors: [
        {
          range: "0:42-0:48",
          message: "/force needs a serial before it: without one scfg uploads on every poll, so /force changes nothing; write a final command and a serial, e.g. no-op WEEKLY /force 168",
          severity: "error",
        },
      ],
    },
    {
      code: "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt no-op WEEKLY /force",
      errors: [{ range: "0:55-0:61", message: "/force has no number of hours: write how many hours must pass before the backup is uploaded again, e.g. /force 168 for weekly" }],
    },
    {
      code: "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt no-op WEEKLY /force 0",
      errors: [{ range: "0:62-0:63", message: "'0' is not a positive whole number: /force takes the hours after which the backup is uploaded again even with an unchanged serial, e.g. 168 for weekly" }],
    },
    {
      name: "several lines with different problems",
      code: "mod cmd UP0 scfg http://10.0.0.5/b/#m.txt no-op W /Force weekly\r\n# next\r\nmod cmd UP0 scfg http://10.0.0.5/c/#m.txt no-op W /force 1.5\nmod cmd UP0 scfg http://10.0.0.5/d/#m.txt no-op W /force -1\nmod cmd UP0 scfg http://10.0.0.5/e/#m.txt no-op W /force /always x",
      errors: [
        { range: "0:57-0:63", message: /^'weekly' is not a positive whole number: \/Force takes/ },
        { range: "2:57-2:60", message: /^'1\.5' is not a positive whole number/ },
        { range: "3:57-3:59", message: /^'-1' is not a positive whole number/ },
        { range: "4:50-4:56", message: /^\/force has no number of hours/ },
      ],
    },
  ],
});
