import { expect, it } from "vitest";
import { lintCase, ruleTester } from "./tester.js";

ruleTester("plain-http-transfer", {
  valid: [
    "mod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-138765",
    "mod cmd UP0 scfg HTTPS://10.0.0.5/backup/#h.txt ser WEEKLY",
    // Another scheme is url-malformed's finding.
    "mod cmd UP0 cfg ftp://10.0.0.5/c.txt ireset 1",
    // http in the path or query is not the scheme.
    "mod cmd UP0 cfg https://10.0.0.5/http/c.txt?via=http://x ireset 1",
    // Not a URL at all.
    "mod cmd UP0 cfg 10.0.0.5/http.txt ireset 1",
  ],
  invalid: [
    {
      name: "scfg /always: the command's output travels, not the configuration",
      code: "mod cmd UP0 scfg http://10.0.0.5/update.php?mode=query&sn=#m ser nop /always vars%20read%20X509%2FREQUEST",
      errors: [{ range: "0:17-0:21", message: "scfg over 'http': the output of `vars read X509/REQUEST` is uploaded unencrypted and can be read by anyone on the way; use https" }],
    },
    {
      code: "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765",
      errors: [
        {
          range: "0:17-0:21",
          message: "prot over 'http': the firmware is downloaded unencrypted and could be read or replaced on the way; use https",
          severity: "info",
        },
      ],
    },
    {
      code: "mod cmd UP0 scfg HTTP://10.0.0.5/backup/#h.txt ser WEEKLY",
      errors: [
        {
          range: "0:17-0:21",
          message: "scfg over 'HTTP': the configuration backup, passwords included, is uploaded unencrypted and can be read by anyone on the way; use https",
        },
      ],
    },
    { code: "mod cmd UP0 boot http://10.0.0.5/boot/ ireboot 205", errors: [{ range: "0:17-0:21", message: /^boot over 'http': the boot code is downloaded unencrypted/ }] },
    { code: "mod cmd UP0 bmc Http://10.0.0.5/r.bin ireset PCS04fd", errors: [{ range: "0:16-0:20", message: /^bmc over 'Http': the DECT radio code is downloaded unencrypted/ }] },
    { code: "mod cmd UP0 cfg http://10.0.0.5:80/c.txt ireset 1", errors: [{ range: "0:16-0:20", message: /^cfg over 'http': the configuration is downloaded unencrypted and could be read or altered/ }] },
    {
      name: "one finding per line",
      code: "mod cmd UP0 cfg http://10.0.0.5/a.txt ireset 1\nmod cmd UP0 cfg https://10.0.0.5/b.txt ireset 2\nmod cmd UP0 scfg http://10.0.0.5/s.txt",
      errors: [{ range: "0:16-0:20" }, { range: "2:17-2:21" }],
    },
  ],
});

it("plain-http-transfer offers https as a suggestion, not a fix", () => {
  const [finding] = lintCase({ code: "mod cmd UP0 prot HTTP://10.0.0.5/fw/ ireset 1" }).filter((d) => d.rule === "plain-http-transfer");
  expect(finding?.fixes).toEqual([]);
  expect(finding?.suggestions.map((s) => s.edits.map((e) => `${e.range.column}-${e.range.endColumn} ${e.newText}`))).toEqual([["17-21 https"]]);
});
