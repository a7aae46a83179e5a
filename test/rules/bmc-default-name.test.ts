import { ruleTester } from "./tester.js";

ruleTester("bmc-default-name", {
  valid: [
    "mod cmd UP0 bmc http://10.0.0.5/dect/pcs04fd.bin ireset PCS04fd",
    // A query string means no name is appended.
    "mod cmd UP0 bmc http://10.0.0.5/bmc.php?dir=/ ireset PCS04fd",
    // prot and boot have usable default names.
    "mod cmd UP0 prot http://10.0.0.5/fw/ iresetn 1\nmod cmd UP0 boot http://10.0.0.5/boot/ reboot 205",
    // No URL at all is missing-url's finding.
    "mod cmd UP0 bmc ireset PCS04fd",
  ],
  invalid: [
    {
      code: "mod cmd UP0 bmc http://10.0.0.5/dect/ ireset PCS04fd",
      errors: [
        {
          range: "0:16-0:37",
          message: "'http://10.0.0.5/dect/' ends in '/': the device appends a file name without .bin, which is not the name of the radio code file on the server; write the file's full name, .bin included, at the end of the URL",
          severity: "warning",
        },
      ],
    },
    {
      name: "upper-case verb, after other lines",
      code: "mod cmd UP1 check ser 7\r\n# radio code\r\nMOD CMD UP0 BMC https://10.0.0.5/ ireset PCS04fd\r\nmod cmd UP0 bmc http://10.0.0.5/x/ ireset PCS04fd",
      errors: [{ range: "2:16-2:33", message: /^'https:\/\/10\.0\.0\.5\/' ends in '\/'/ }, { range: "3:16-3:34" }],
    },
  ],
});
