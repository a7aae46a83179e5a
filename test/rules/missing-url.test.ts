import { ruleTester } from "./tester.js";

ruleTester("missing-url", {
  valid: ["mod cmd UP0 prot http://10.0.0.5/fw/ ireset 1", "mod cmd UP0 scfg https://10.0.0.5/b/#m.txt", "mod cmd UP0 prot ftp://10.0.0.5/fw/ ireset 1"],
  invalid: [
    { code: "mod cmd UP0 prot ireset 04-5656", errors: [{ range: "0:12-0:16", message: "prot has no URL: 'ireset' stands where the URL of the file should be, so the device has nothing to fetch" }] },
    { code: "mod cmd UP0 prot /ser 04-5679", errors: [{ range: "0:17-0:21", message: "'/ser' is not a URL: prot expects http://… or https://… here" }] },
    { code: "mod cmd UP0 cfg", errors: [{ range: "0:12-0:15", message: /cfg has no URL: write the address/ }] },
    { code: "mod cmd UP0 scfg 10.0.0.5/backup/", errors: [{ range: "0:17-0:33" }] },
  ],
});
