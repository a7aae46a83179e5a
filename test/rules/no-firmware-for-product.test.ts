import { ruleTester } from "./tester.js";

const PROT = "mod cmd UP0 prot http://10.0.0.5/fw/ iresetn 13-138765";
const BOOT = "mod cmd UP0 boot http://10.0.0.5/fw/ iresetn 205";
const BOTH = `${PROT}\n${BOOT}`;
const products = (...names: string[]) => ({ target: { products: names } });
const NO_FIRMWARE = "takes no firmware through the update server: the device ignores the line (the dry-run skips it too)";
const NO_BOOT = "takes no boot code through the update server: the device ignores the line (the dry-run skips it too)";

ruleTester("no-firmware-for-product", {
  valid: [
    { name: "no product known: nothing to say", code: BOTH },
    { name: "a phone takes both", code: BOTH, fileName: "update-ip232.htm" },
    { name: "gateways and DECT systems take both", code: BOTH, config: products("IP811", "IP1200", "IP29-2", "IP21") },
    { name: "IPVA and IPVADECT take firmware", code: PROT, config: products("IPVA", "IPVADECT") },
    { name: "MYPBXA takes firmware (mypbx.apk)", code: PROT, fileName: "update-mypbxa.htm" },
    { name: "the file name wins over target.products", code: BOTH, fileName: "web/update-IP222.htm", config: products("IPBS") },
    { name: "bmc, cfg and scfg are not firmware", code: "mod cmd UP0 bmc http://10.0.0.5/dect/r.bin ireset PCS04fd\nmod cmd UP0 cfg http://10.0.0.5/c.txt ireset 1\nmod cmd UP0 scfg http://10.0.0.5/b/#m.txt", config: products("IPBS", "SWPHONE") },
    { name: "comments and other lines", code: "# mod cmd UP0 prot http://10.0.0.5/fw/ iresetn 1\nmod cmd UP1 check ser 7", fileName: "update-pbl.htm" },
  ],
  invalid: [
    {
      name: "prot and boot in the script of a DECT base station",
      code: BOTH,
      fileName: "update-ipbs.htm",
      errors: [
        { range: "0:12-0:16", severity: "warning", message: `'prot' loads firmware, but the IPBS ${NO_FIRMWARE}` },
        { range: "1:12-1:16", severity: "warning", message: `'boot' loads boot code, but the IPBS ${NO_BOOT}` },
      ],
    },
    {
      name: "virtual appliances have no boot code",
      code: BOTH,
      config: products("IPVA", "IPVADECT"),
      errors: [{ range: "1:12-1:16", message: "'boot' loads boot code, but the IPVA and IPVADECT take no boot code through the update server: the device ignores the line (the dry-run skips it too)" }],
    },
    {
      name: "a mixed fleet: the products without are named, with the advice to split",
      code: BOTH,
      config: products("IP232", "SWPHONE", "MYPBXA"),
      errors: [
        { range: "0:12-0:16", message: `'prot' loads firmware, but the SWPHONE ${NO_FIRMWARE}; give the SWPHONE a script of its own` },
        { range: "1:12-1:16", message: "'boot' loads boot code, but the SWPHONE and MYPBXA take no boot code through the update server: the device ignores the line (the dry-run skips it too); give the SWPHONE and MYPBXA a script of their own" },
      ],
    },
    {
      name: "every client and base station at once: no advice to split",
      code: PROT,
      config: products("SWPHONE", "MYPBXI", "IPBS", "IPBS2", "PBL"),
      errors: [{ range: "0:12-0:16", message: `'prot' loads firmware, but the SWPHONE, MYPBXI, IPBS, IPBS2 and PBL take no firmware through the update server: the device ignores the line (the dry-run skips it too)` }],
    },
    {
      name: "upper case, CRLF, after other lines; MYPBXA's boot",
      code: "mod cmd UP1 check ser 7\r\n# boot code\r\nMOD CMD UP0 BOOT http://10.0.0.5/fw/ reboot 205\r\n  mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1",
      fileName: "update-MYPBXA.htm",
      errors: [{ range: "2:12-2:16", message: `'BOOT' loads boot code, but the MYPBXA ${NO_BOOT}` }],
    },
  ],
});
