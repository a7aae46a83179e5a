import { ruleTester } from "./tester.js";

ruleTester("reused-backup-index", {
  valid: [
    "mod cmd UP0 scfg http://10.0.0.5/backup/#m-#bn.txt no-op WEEKLY /force 168",
    // Two backups, only one of them rotating.
    "mod cmd UP0 scfg http://10.0.0.5/backup/#m-#bn.txt no-op WEEKLY /force 168\nmod cmd UP0 scfg http://10.0.0.5/last/#m.txt",
    // #bn outside an scfg URL is meta-not-expanded's business.
    "mod cmd UP0 scfg http://10.0.0.5/backup/#bn.txt\nmod cmd UP0 cfg http://10.0.0.5/#bn.txt ser 1",
    // A #bn in a comment is no URL.
    "mod cmd UP0 scfg http://10.0.0.5/backup/#bn.txt\n# mod cmd UP0 scfg http://10.0.0.5/other/#bn.txt",
  ],
  invalid: [
    {
      code: "mod cmd UP0 scfg http://10.0.0.5/a/#m-#bn.txt\nmod cmd UP0 scfg http://10.0.0.5/b/#m-#bn.txt",
      errors: [
        {
          range: "1:38-1:41",
          message: "#bn is already used by the scfg on line 1: the two uploads advance one shared rolling backup index, so they take slot numbers from each other and neither keeps a clean rotation of backups; use #bn in one scfg only",
          severity: "error",
        },
      ],
    },
    {
      name: "three scfg lines, comments and other lines between: both later ones name line 2",
      code: "# backups\nmod cmd UP0 scfg http://10.0.0.5/#bn.txt no-op W /force 24\nmod cmd UP0 prot http://10.0.0.5/fw/ iresetn 1\n\nmod cmd UP0 SCFG http://10.0.0.5/x/#h/#bn no-op W\nmod cmd UP0 scfg https://10.0.0.5/#bn/#d.txt",
      errors: [
        { range: "4:38-4:41", message: /^#bn is already used by the scfg on line 2:/ },
        { range: "5:34-5:37", message: /^#bn is already used by the scfg on line 2:/ },
      ],
    },
  ],
});
