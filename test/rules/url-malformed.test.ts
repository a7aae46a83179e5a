import { expect, it } from "vitest";
import { lintCase, ruleTester } from "./tester.js";

ruleTester("url-malformed", {
  valid: [
    "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765",
    "mod cmd UP0 cfg https://10.0.0.5:8443/cfg/site%20a.txt?x=1 ireset 1",
    "mod cmd UP0 scfg HTTPS://[fd00::5]:443/backup/#h-#bn.txt ser WEEKLY",
    "mod cmd UP0 boot http://update.example.com:65535/boot/ ireboot 205",
    // Not a URL at all: missing-url's business.
    "mod cmd UP0 prot 10.0.0.5/fw/ ireset 1",
  ],
  invalid: [
    {
      code: "mod cmd UP0 prot ftp://10.0.0.5/fw/ ireset 1",
      errors: [
        {
          range: "0:17-0:20",
          message: "malformed URL: unsupported scheme 'ftp': the device fetches only http and https URLs; the device would report failed(502)",
          severity: "error",
        },
      ],
    },
    {
      name: "one slash after the scheme",
      code: "mod cmd UP0 prot http:/10.0.0.5/fw/ ireset 1",
      errors: [{ range: "0:17-0:23", message: "malformed URL: 'http:' must be followed by '//' and a host; the device would report failed(502)" }],
      output: "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 1",
    },
    { name: "no slash after the scheme", code: "mod cmd UP0 cfg https:10.0.0.5/c.txt ireset 1", errors: [{ range: "0:16-0:22" }], output: "mod cmd UP0 cfg https://10.0.0.5/c.txt ireset 1" },
    { name: "no host", code: "mod cmd UP0 cfg http:///cfg.txt ireset 1", errors: [{ range: "0:16-0:23", message: /^malformed URL: the URL has no host; / }] },
    { name: "port out of range", code: "mod cmd UP0 prot http://10.0.0.5:70000/fw/ ireset 1", errors: [{ range: "0:32-0:38", message: /port '70000' is not a number from 1 to 65535/ }] },
    { name: "empty port", code: "mod cmd UP0 prot http://10.0.0.5:/fw/ ireset 1", errors: [{ range: "0:32-0:33", message: /empty port/ }] },
    { name: "bad host character", code: "mod cmd UP0 bmc http://dect!base/radio.bin ireset 1", errors: [{ range: "0:27-0:28", message: /character '!' is not allowed in a host name/ }] },
    { name: "bad percent escape", code: "mod cmd UP0 scfg http://10.0.0.5/b/100%.txt", errors: [{ range: "0:38-0:41", message: /'%' must be followed by two hex digits/ }] },
    {
      name: "two problems in one URL",
      code: "mod cmd UP0 prot gopher://10.0.0.5:x/fw ireset 1",
      errors: [{ range: "0:17-0:23", message: /unsupported scheme 'gopher'/ }, { range: "0:34-0:36", message: /port 'x'/ }],
    },
  ],
});

const suggestionsFor = (code: string) =>
  lintCase({ code })
    .filter((d) => d.rule === "url-malformed")
    .map((d) => [...d.fixes, ...d.suggestions].map((s) => `${s.safety} ${s.edits.map((e) => `${e.range.column}-${e.range.endColumn} ${e.newText}`).join()}`));

it("url-malformed fixes '//' after the scheme, never as a safe fix (the device then fetches the URL)", () => {
  expect(suggestionsFor("mod cmd UP0 prot http:/10.0.0.5/fw/ ireset 1")).toEqual([["unsafe 17-23 http://"]]);
  expect(suggestionsFor("mod cmd UP0 cfg HTTPS:10.0.0.5/c.txt ireset 1")).toEqual([["unsafe 16-22 HTTPS://"]]);
  expect(suggestionsFor("mod cmd UP0 prot ftp://10.0.0.5/fw/ ireset 1")).toEqual([[]]);
  // Nothing after the scheme: no host to complete.
  expect(suggestionsFor("mod cmd UP0 prot http:/ ireset 1")).toEqual([[]]);
});
