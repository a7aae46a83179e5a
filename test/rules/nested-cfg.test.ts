import { ruleTester } from "./tester.js";

const LOAD = "mod cmd UP0 cfg http://10.0.0.5/site.txt ser 1";

ruleTester("nested-cfg", {
  valid: [
    { name: "cfg target with configuration lines only", role: "cfg-target", code: "config change PHONE APP /bg-image http://10.0.0.5/bg.png\nconfig write\nconfig activate" },
    { name: "UP1 and other modules in a cfg target", role: "cfg-target", code: "mod cmd UP1 poll\nmod cmd FLASHMAN0 reset ldap\nvars create X pb 1" },
    { name: "cfg lines in the update script itself", code: `${LOAD}\nmod cmd UP0 cfg http://10.0.0.5/more.txt ser 1\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 1` },
    { name: "no web root resolver: nothing to read", code: LOAD },
    { name: "target without UP0 lines", code: LOAD, files: { "http://10.0.0.5/site.txt": "config change NTP0 /addr pool.ntp.org\n# mod cmd UP0 cfg http://10.0.0.5/x.txt ser 1\n" } },
    { name: "missing target is missing-file's business", code: LOAD, files: { "http://10.0.0.5/other.txt": "mod cmd UP0 cfg http://10.0.0.5/x.txt ser 1" } },
    { name: "unmapped URL", code: "mod cmd UP0 cfg http://192.168.1.1/site.txt ser 1", files: {} },
    { name: "URL ending in / is not read", code: "mod cmd UP0 cfg http://10.0.0.5/ ser 1", files: { "http://10.0.0.5/": "mod cmd UP0 cfg http://10.0.0.5/x.txt ser 1" } },
    { name: "UP0 prot in the update script is fine", code: "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1", files: {} },
  ],
  invalid: [
    {
      name: "a target too large to read is reported with the limit",
      code: LOAD,
      files: { "http://10.0.0.5/site.txt": null },
      errors: [
        {
          range: "0:16-0:40",
          severity: "info",
          message: "site.txt is larger than the 4 MB upscript reads for a file loaded by cfg (limit max-cfg-file-size), so it was not checked; a configuration file is a few KB: is this a firmware image?",
        },
      ],
    },
    {
      name: "cfg inside a cfg target",
      role: "cfg-target",
      code: "config change PHONE SIG /prot SIP\nmod cmd UP0 cfg http://10.0.0.5/more.txt ser 2\nconfig write",
      errors: [
        {
          range: "1:12-1:15",
          severity: "error",
          message: "cfg in a file that is itself loaded by cfg: the device cannot nest UP0 commands, so 'http://10.0.0.5/more.txt' is never loaded from here",
        },
      ],
    },
    {
      name: "module and verb in another case",
      role: "cfg-target",
      code: "mod cmd up0 CFG http://10.0.0.5/more.txt ser 2",
      errors: [{ range: "0:12-0:15", severity: "error", message: /cannot nest UP0 commands/ }],
    },
    {
      name: "other UP0 commands in a cfg target are warnings",
      role: "cfg-target",
      code: "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1\nmod cmd UP0 frob x",
      errors: [
        {
          range: "0:12-0:16",
          severity: "warning",
          message: "UP0 prot in a file loaded by cfg: the device does not run UP0 commands from such a file as transfers; move the line into the update script",
        },
        { range: "1:12-1:16", severity: "warning", message: /^UP0 frob in a file loaded by cfg/ },
      ],
    },
    {
      name: "the script's cfg loads a file with a cfg",
      code: `# site settings\n${LOAD}`,
      files: { "http://10.0.0.5/site.txt": "config change NTP0 /addr pool.ntp.org\n\nmod cmd UP0 cfg http://10.0.0.5/x.txt ser 1\nconfig write\n" },
      errors: [
        {
          range: "1:16-1:40",
          severity: "error",
          message: "site.txt, loaded here, has its own cfg on line 3: the device cannot nest UP0 commands, so that inner cfg never loads its file",
        },
      ],
    },
    {
      name: "a nested cfg wins over other UP0 lines",
      code: LOAD,
      files: { "http://10.0.0.5/site.txt": "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 1\nmod cmd UP0 cfg http://10.0.0.5/a.txt ser 1\nmod cmd UP0 CFG http://10.0.0.5/b.txt ser 1" },
      errors: [{ range: "0:16-0:40", severity: "error", message: /^site\.txt, loaded here, has its own cfg on lines 2 and 3:/ }],
    },
    {
      name: "the script's cfg loads a file with other UP0 commands",
      code: LOAD,
      files: { "http://10.0.0.5/site.txt": "mod cmd UP0 scfg http://10.0.0.5/backup/#m.txt\nconfig write\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 1" },
      errors: [
        {
          range: "0:16-0:40",
          severity: "warning",
          message: "site.txt, loaded here, has UP0 scfg and prot on lines 1 and 3: UP0 commands in a file loaded by cfg are not run as transfers",
        },
      ],
    },
  ],
});
