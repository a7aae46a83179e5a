import { ruleTester } from "./tester.js";

ruleTester("meta-not-expanded", {
  valid: [
    // scfg is where meta sequences are replaced.
    "mod cmd UP0 scfg http://10.0.0.5/backup/#h-#bn.txt ser WEEKLY /force 168",
    "mod cmd UP0 scfg https://10.0.0.5/save.php?mac=#m&ip=#i&type=#t&d=#d",
    "mod cmd UP0 prot http://10.0.0.5/fw/ip232.bin ireset 13-138765",
    // An unknown #x is unknown-meta's finding, not this rule's.
    "mod cmd UP0 cfg http://10.0.0.5/cfg/#x.txt ireset 1",
    // Not a URL at all: missing-url's business.
    "mod cmd UP0 cfg files/#m.txt ireset 1",
  ],
  invalid: [
    {
      code: "mod cmd UP0 cfg http://10.0.0.5/cfg/#m.txt ireset 1",
      errors: [
        {
          range: "0:36-0:38",
          message:
            "'#m' (MAC address) is not replaced in a cfg URL: the device requests the characters '#m' as they stand; only scfg URLs and the update URL get meta sequences filled in",
          severity: "warning",
        },
      ],
    },
    {
      name: "every known meta in a prot URL, #bn as one sequence",
      code: "mod cmd UP0 prot http://10.0.0.5/fw/#t/#F-#B-#H-#h-#bn-#i-#d.bin ireset 13-1",
      errors: [
        { range: "0:36-0:38", message: /^'#t' \(device type in lower case\) is not replaced in a prot URL/ },
        { range: "0:39-0:41", message: /^'#F' / },
        { range: "0:42-0:44", message: /^'#B' / },
        { range: "0:45-0:47", message: /^'#H' / },
        { range: "0:48-0:50", message: /^'#h' / },
        { range: "0:51-0:54", message: /^'#bn' \(rolling backup index/ },
        { range: "0:55-0:57", message: /^'#i' / },
        { range: "0:58-0:60", message: /^'#d' / },
      ],
    },
    { code: "mod cmd UP0 boot https://10.0.0.5/boot/?hw=#H ireboot 205", errors: [{ range: "0:43-0:45", message: /in a boot URL/ }] },
    { code: "mod cmd UP0 bmc http://10.0.0.5:8080/dect/#h.bin ireset PCS04fd", errors: [{ range: "0:42-0:44", message: /in a bmc URL/ }] },
    {
      name: "known next to unknown: only the known one",
      code: "mod cmd UP0 cfg http://10.0.0.5/#q/#m ireset 1",
      errors: [{ range: "0:35-0:37", message: /^'#m' / }],
    },
  ],
});
