import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, lint } from "@upscript/language";
import { ruleTester } from "./tester.js";

const FW = "http://10.0.0.5/fw/";
const ip232 = { target: { products: ["IP232"] } };

ruleTester("missing-file", {
  valid: [
    {
      name: "the file name's product only, not every product of the config",
      code: `mod cmd UP0 prot ${FW} ireset 13-1`,
      fileName: "update-ip232.htm",
      config: { target: { products: ["IP232", "IP1200"] } },
      files: { [`${FW}ip232.bin`]: "" },
    },
    { name: "cfg target exists", code: "mod cmd UP0 cfg http://10.0.0.5/site.txt ser 1", files: { "http://10.0.0.5/site.txt": "config write" } },
    { name: "prot folder with the product's firmware", code: `mod cmd UP0 prot ${FW} ireset 13-1`, config: ip232, files: { [`${FW}ip232.bin`]: "" } },
    { name: "boot folder, product from the file name", code: `mod cmd UP0 boot ${FW} reboot 205`, fileName: "update-ip232.htm", files: { [`${FW}boot232.bin`]: "" } },
    { name: "no web root declared (no resolver)", code: "mod cmd UP0 cfg http://10.0.0.5/site.txt ser 1" },
    { name: "URL outside the web root", code: "mod cmd UP0 prot http://192.168.0.9/fw/ip232.bin ireset 1", files: {} },
    { name: "meta sequence in the URL", code: `mod cmd UP0 prot ${FW}#t.bin ireset 1`, files: {} },
    { name: "malformed URL is url-malformed's business", code: "mod cmd UP0 cfg http://10.0.0.5:0/site.txt ser 1", files: {} },
    { name: "bmc and cfg folders are not guessed", code: `mod cmd UP0 bmc ${FW} ireset PCS08af\nmod cmd UP0 cfg http://10.0.0.5/ ser 1`, config: { target: { products: ["IP1200"] } }, files: {} },
    { name: "scfg uploads, nothing to find", code: "mod cmd UP0 scfg http://10.0.0.5/backup/new.txt", files: {} },
    { name: "product without a default boot file", code: `mod cmd UP0 boot ${FW} reboot 1`, config: { target: { products: ["IPVA"] } }, files: {} },
    { name: "UP0 lines in a cfg target are not run", role: "cfg-target", code: "mod cmd UP0 cfg http://10.0.0.5/gone.txt ser 1", files: {} },
  ],
  invalid: [
    {
      name: "folder URLs without known products: said once, at the first",
      code: `mod cmd UP0 prot ${FW} ireset 13-1\nmod cmd UP0 boot ${FW} ireset 205`,
      files: {},
      errors: [
        {
          range: "0:17-0:36",
          severity: "info",
          message:
            "the prot file for 'http://10.0.0.5/fw/' was not looked up in the web root: which devices poll this script is not known (name the file update-<product>.htm, e.g. update-ip232.htm, or set target.products in .upscriptrc.json); the same holds for every URL ending in '/' below",
        },
      ],
    },
    {
      name: "cfg file missing, no check: tried again on every poll",
      code: "mod cmd UP0 cfg http://10.0.0.5/site.txt ser 1",
      files: {},
      errors: [
        {
          range: "0:16-0:40",
          severity: "warning",
          message: "http://10.0.0.5/site.txt does not exist in the web root (no file site.txt): the device would get failed(404), skip the final command and try again on every poll",
        },
      ],
    },
    {
      name: "cfg file missing below a check: the serial is stored anyway, no retry",
      code: "mod cmd UP1 check ireset 7\nmod cmd UP0 cfg http://10.0.0.5/site.txt ser 1",
      files: {},
      errors: [
        {
          range: "1:16-1:40",
          severity: "warning",
          message:
            "http://10.0.0.5/site.txt does not exist in the web root (no file site.txt): the device would get failed(404), skip the final command and go on; at the end of the run it stores the check serial '7' (line 1), so it does not try again until that serial changes",
        },
      ],
    },
    {
      name: "a check below the missing file: later polls reach the line before the check and try again",
      code: "mod cmd UP0 cfg http://10.0.0.5/site.txt ser 1\nmod cmd UP1 check ireset 7\nmod cmd UP0 cfg http://10.0.0.5/other.txt ser 1",
      files: {},
      errors: [
        { range: "0:16-0:40", message: /failed\(404\), skip the final command and try again on every poll$/ },
        { range: "2:16-2:41", message: /stores the check serial '7' \(line 2\), so it does not try again until that serial changes$/ },
      ],
    },
    {
      name: "two checks: the last one's serial is stored, and only a check with that serial stops later polls",
      code: "mod cmd UP1 check ser A\nmod cmd UP0 cfg http://10.0.0.5/site.txt ser 1\nmod cmd UP1 check ser B",
      files: {},
      errors: [{ range: "1:16-1:40", message: /try again on every poll$/ }],
    },
    {
      name: "firmware missing for one of two products",
      code: `mod cmd UP0 prot ${FW} ireset 13-1`,
      config: { target: { products: ["IP232", "IP1200"] } },
      files: { [`${FW}ip232.bin`]: "" },
      errors: [
        {
          range: "0:17-0:36",
          message: "http://10.0.0.5/fw/ip1200.bin (the prot file for IP1200) does not exist in the web root (no file fw/ip1200.bin): the device would get failed(404), skip the final command and try again on every poll",
        },
      ],
    },
    {
      name: "boot code missing, product from the file name",
      code: `mod cmd UP0 boot ${FW} reboot 205`,
      fileName: "update-ip232.htm",
      files: { [`${FW}ip232.bin`]: "" },
      errors: [{ range: "0:17-0:36", message: /^http:\/\/10\.0\.0\.5\/fw\/boot232\.bin \(the boot file for IP232\) does not exist/ }],
    },
    {
      name: "products sharing a file name give one finding",
      code: `mod cmd UP0 prot ${FW} ireset 13-1`,
      config: { target: { products: ["IP29", "IP29-2"] } },
      files: {},
      errors: [{ range: "0:17-0:36", message: /^http:\/\/10\.0\.0\.5\/fw\/ip29\.bin \(the prot file for IP29 and IP29-2\)/ }],
    },
    {
      name: "file name override from the config",
      code: `mod cmd UP0 prot ${FW} ireset 13-1`,
      config: { target: { products: ["IP232"] }, fileNames: { IP232: { firmware: "ip232-13r3.bin" } } },
      files: { [`${FW}ip232.bin`]: "" },
      errors: [{ range: "0:17-0:36", message: /fw\/ip232-13r3\.bin \(the prot file for IP232\)/ }],
    },
    {
      name: "bmc and prot with full file names",
      code: `mod cmd UP0 bmc ${FW}bmc1200.bin ireset PCS08af\nmod cmd UP0 prot ${FW}ip1200.bin ireset 13-1`,
      files: { [`${FW}ip1200.bin`]: "" },
      errors: [{ range: "0:16-0:46", message: /^http:\/\/10\.0\.0\.5\/fw\/bmc1200\.bin does not exist in the web root \(no file fw\/bmc1200\.bin\)/ }],
    },
  ],
});

describe("missing-file with an unreadable file", () => {
  it("says the file cannot be read", () => {
    const found = lint("mod cmd UP0 cfg http://10.0.0.5/site.txt ser 1", {
      config: { ...DEFAULT_CONFIG, server: { "http://10.0.0.5/": "." } },
      resolve: () => ({ kind: "unreadable", path: "web/site.txt", reason: "EACCES" }),
    }).filter((d) => d.rule === "missing-file");
    expect(found.map((d) => d.message)).toEqual([
      "http://10.0.0.5/site.txt cannot be read from the web root (web/site.txt: EACCES), so upscript cannot tell whether the device would get it",
    ]);
  });
});
