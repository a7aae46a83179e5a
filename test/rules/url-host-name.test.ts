import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isIPv4 } from "../../server/src/language/rules/util-url.js";
import { ruleTester } from "./tester.js";

const OLD = { target: { firmware: "8.00" } };

ruleTester("url-host-name", {
  valid: [
    "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765",
    "mod cmd UP0 cfg https://192.168.255.0:8443/cfg.txt ireset 1",
    "mod cmd UP0 scfg https://[fd00::5]:443/backup/#h.txt ser WEEKLY",
    { name: "IPv6 without a port", code: "mod cmd UP0 scfg https://[fd00::5]/backup/x.txt" },
    // A meta in the host is left alone (#i is the device's own address).
    "mod cmd UP0 scfg http://#i/backup/x.txt",
    // A target that resolves host names.
    { code: "mod cmd UP0 prot https://update.example.com/fw/ ireset 1", config: { target: { firmware: "9.00" } } },
    { code: "mod cmd UP0 prot https://update.example.com/fw/ ireset 1", config: { target: { firmware: "13r3" } } },
    // A bad character in the host is url-malformed's finding.
    "mod cmd UP0 cfg http://ex!ample/c.txt ireset 1",
    // Not a URL at all.
    "mod cmd UP0 cfg update.example.com/c.txt ireset 1",
  ],
  invalid: [
    {
      code: "mod cmd UP0 prot https://update.example.com/fw/ ireset 1",
      errors: [
        {
          range: "0:25-0:43",
          message:
            "'update.example.com' is a host name: firmware before 9.00 accepts only IP addresses in URLs and cannot reach this server (fine if every device runs 9.00 or later)",
          severity: "info",
        },
      ],
    },
    {
      name: "older target: warning naming the version as written",
      code: "mod cmd UP0 cfg http://files.local:8080/cfg.txt ireset 1",
      config: OLD,
      errors: [
        {
          range: "0:23-0:34",
          message: "'files.local' is a host name, but the target firmware 8.00 accepts only IP addresses in URLs: devices running it cannot reach this server",
          severity: "warning",
        },
      ],
    },
    {
      name: "user info and query around the host",
      code: "mod cmd UP0 boot http://u@Boot-Server/boot/?x=1 ireboot 205",
      config: { target: { firmware: "6.00 sr2 hotfix3" } },
      errors: [{ range: "0:26-0:37", message: /^'Boot-Server' is a host name, but the target firmware 6\.00 sr2 hotfix3 / }],
    },
    {
      name: "numbers that are no IPv4 address",
      code: "mod cmd UP0 prot http://10.0.0.256/fw/ ireset 1\nmod cmd UP0 bmc http://10.0.5/r.bin ireset 1",
      errors: [
        { range: "0:24-0:34", message: /^'10\.0\.0\.256' is not an IP address \(four numbers 0–255\), so it would be looked up as a host name: / },
        { range: "1:23-1:29", message: /^'10\.0\.5' is not an IP address/ },
      ],
    },
    { name: "localhost", code: "mod cmd UP0 scfg http://localhost/b.txt", errors: [{ range: "0:24-0:33" }] },
  ],
});

describe("isIPv4", () => {
  it.each([
    ["10.0.0.5", true],
    ["0.0.0.0", true],
    ["255.255.255.255", true],
    ["010.001.0.5", true],
    ["256.0.0.1", false],
    ["1.2.3", false],
    ["1.2.3.4.5", false],
    ["1..2.3", false],
    [".1.2.3", false],
    ["1.2.3.", false],
    ["1.2.3.4444", false],
    ["1.2.3.a", false],
    ["", false],
    ["１.2.3.4", false],
  ])("%s: %s", (text, expected) => expect(isIPv4(text)).toBe(expected));

  it("agrees with four dot-separated numbers of 1–3 digits up to 255", () => {
    const reference = (text: string) => {
      const parts = text.split(".");
      return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
    };
    const host = fc.oneof(
      fc.string({ unit: fc.constantFrom("0", "1", "2", "5", "9", ".", "a", "-"), maxLength: 18 }),
      fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300)).map((n) => n.join(".")),
    );
    fc.assert(fc.property(host, (text) => isIPv4(text) === reference(text)), { numRuns: 5000 });
  });
});
