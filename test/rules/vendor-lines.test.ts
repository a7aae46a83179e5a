/**
 * What innovaphone's own update server emits (scfg … /always COMMAND, config add|rem UP1 …):
 * the example lines lint as the model says, and the URL rules read the decoded update URL.
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "@upscript/language";
import { showRange } from "../helpers/dump-tree.js";
import { lintCase } from "./tester.js";

/** The rules these lines concern; others (being written elsewhere) are left out of the comparison. */
const RULES = new Set([
  "syntax", "unknown-command", "unknown-up-verb", "keyword-case", "missing-url", "missing-final-command", "unknown-final-command",
  "missing-serial", "too-many-arguments", "times-after-action", "reused-backup-index", "meta-not-expanded", "unknown-meta", "scfg-force",
  "url-malformed", "url-host-name", "url-credentials", "plain-http-transfer", "version-feature", "poll-interval", "scfg-always",
]);

const show = (ds: readonly Diagnostic[]) => ds.filter((d) => RULES.has(d.rule)).map((d) => `${showRange(d.range)} ${d.rule} ${d.severity}: ${d.message}`);
const lintText = (code: string) => show(lintCase({ code }));

const VENDOR = [
  "mod cmd UP0 scfg http://10.0.0.5/update.php?mode=query&sn=#m&id=admin ser nop /always mod%20cmd%20CMD0%20xml-info",
  "mod cmd UP0 scfg http://10.0.0.5/update.php?mode=vardump&sn=#m&var=X509/REQUEST&file=certs%2F00-90-33-3e-00-01-request.p10.der ser nop /always vars%20read%20X509%2FREQUEST",
  "mod cmd UP1 provision 5",
  "config add UP1 /poll 1",
  "config add UP1 /url http%3A%2F%2F10.0.0.5%2Fupdate.php%3Fphase%3D_first_update%26type%3D%23t%26sn%3D%23m%26hwid%3D%23h%26ip%3D%23i",
  "config add UP1 /no-dhcp",
  "config rem UP1 /provision",
  "config write",
  "config activate",
].join("\n");

describe("the vendor's lines", () => {
  it("lint as the model says: only plain http and the one-minute poll interval", () => {
    expect(lintText(VENDOR)).toEqual([
      "0:17-0:21 plain-http-transfer info: scfg over 'http': the output of `mod cmd CMD0 xml-info` is uploaded unencrypted and can be read by anyone on the way; use https",
      "1:17-1:21 plain-http-transfer info: scfg over 'http': the output of `vars read X509/REQUEST` is uploaded unencrypted and can be read by anyone on the way; use https",
      "3:21-3:22 poll-interval info: every device that runs this polls every minute: 1,440 polls a day per device, 15 times as many as at the default 15 minutes; make sure the update server can take the load of the whole fleet",
      "4:20-4:24 plain-http-transfer info: update URL over 'http': devices fetch their update script unencrypted, and anyone on the way could read it or replace the commands they run; use https",
    ]);
  });

  it("over https there is only the interval left", () => {
    expect(lintText(VENDOR.replace(/http:\/\//g, "https://").replace("http%3A", "https%3A"))).toEqual([
      expect.stringMatching(/^3:21-3:22 poll-interval info: /),
    ]);
  });

  it("the same serial nop on several /always lines is no problem; #bn follows the scfg rules", () => {
    const code = "mod cmd UP0 scfg https://10.0.0.5/a?x=#bn ser nop /always a\nmod cmd UP0 scfg https://10.0.0.5/b?x=#bn ser nop /always b";
    expect(lintText(code)).toEqual([expect.stringMatching(/^1:\d+-1:\d+ reused-backup-index error: /)]);
  });

  it("a declared old firmware sees the optional part of an /always line", () => {
    const found = show(lintCase({ code: VENDOR.split("\n")[0]!.replace("http:", "https:"), config: { target: { firmware: "6.00" } } }));
    expect(found).toEqual([expect.stringMatching(/^0:71-0:74 version-feature warning: firmware 6\.00 ignores the final command, serial and \/force of scfg/)]);
  });
});

describe("URL rules on the decoded update URL (config add|change UP1 /url)", () => {
  const url = (encoded: string, verb = "add") => `config ${verb} UP1 /url ${encoded}`;
  const at = (encoded: string) => `0:${20}-0:${20 + encoded.length}`;

  it("url-malformed: a broken URL inside the encoding covers the word and quotes the decoded URL", () => {
    const encoded = "http%3A%2F%2F10.0.0.5%3A99999%2Fu.php";
    expect(lintText(url(encoded).replace("http%3A", "https%3A"))).toEqual([
      `0:20-0:${20 + encoded.length + 1} url-malformed error: malformed update URL (decoded: 'https://10.0.0.5:99999/u.php'): port '99999' is not a number from 1 to 65535; the device would report failed(502) on every poll`,
    ]);
  });

  it("url-malformed: a value that does not decode, is no URL, or is missing", () => {
    expect(lintText("config add UP1 /url https%3A%2F%2Fh%2F%zz /poll 15")).toEqual([
      "0:38-0:41 url-malformed error: malformed update URL: '%zz' is no percent escape (a '%' must be followed by two hex digits, such as %3A for ':'), so the device cannot decode the value of /url",
    ]);
    expect(lintText("config change UP1 /url https%3A%2F%2Fh%2F%ff")).toEqual([
      "0:23-0:44 url-malformed error: malformed update URL: the escapes in the value of /url do not spell UTF-8 text, so the device cannot decode it",
    ]);
    expect(lintText("config add UP1 /url update%2Ephp")).toEqual([
      "0:20-0:32 url-malformed error: the update URL 'update.php' does not start with http:// or https://: the device cannot poll it",
    ]);
    expect(lintText("config add UP1 /url /poll 15")).toEqual([
      "0:15-0:19 url-malformed error: /url needs the update URL, e.g. /url http%3A%2F%2F10.0.0.5%2Fupdate.php: without it the device has no address to poll",
    ]);
  });

  it("url-malformed: a URL written plain gets exact ranges and the slashes fix", () => {
    const found = lintCase({ code: "config add UP1 /url https:/10.0.0.5/u.php" }).filter((d) => d.rule === "url-malformed");
    expect(found.map((d) => `${showRange(d.range)} ${d.message}`)).toEqual(["0:20-0:27 malformed update URL: 'https:' must be followed by '//' and a host; the device would report failed(502) on every poll"]);
    expect(found[0]!.fixes.map((f) => [f.title, f.safety])).toEqual([["Write 'https://'", "unsafe"]]);
  });

  it("unknown-meta: %23x decoded; a suggestion only where the characters are known", () => {
    const encoded = "https%3A%2F%2F10.0.0.5%2Fu.php%3Ft%3D%23T%26b%3D%23bN";
    const found = lintCase({ code: url(encoded) }).filter((d) => d.rule === "unknown-meta");
    expect(found.map((d) => `${showRange(d.range)} ${d.message}`)).toEqual([
      `${at(encoded)} '#T' is no meta sequence: the device sends it unchanged. Known meta sequences: #bn #F #B #H #h #m #d #i #t. Did you mean '#t'? Case matters.`,
      `${at(encoded)} '#bN' is no meta sequence: the device sends it unchanged. Known meta sequences: #bn #F #B #H #h #m #d #i #t. Did you mean '#bn'? Case matters.`,
    ]);
    expect(found.flatMap((d) => d.suggestions)).toEqual([]);
    const plain = lintCase({ code: url("https://10.0.0.5/u.php?t=#T") }).filter((d) => d.rule === "unknown-meta");
    expect(plain.map((d) => showRange(d.range))).toEqual(["0:45-0:47"]);
    expect(plain[0]!.suggestions.map((f) => f.title)).toEqual(["Write '#t'"]);
  });

  it("meta-not-expanded does not apply: the update URL expands meta sequences", () => {
    expect(lintText(url("https%3A%2F%2F10.0.0.5%2F%23h%2F%23m%23d%23i%23t%23F%23B%23H%23bn.htm"))).toEqual([]);
  });

  it("url-host-name and url-credentials on the decoded URL", () => {
    const encoded = "https%3A%2F%2Fadmin%3Asecret%40upd.example.com%2Fu.php%3Fuser%3Da";
    expect(lintText(url(encoded, "change"))).toEqual([
      `0:23-0:${23 + encoded.length} url-credentials warning: query parameter 'user' puts the user name 'a' into the URL: anyone who can read this script or the web server's logs can read it`,
      `0:23-0:${23 + encoded.length} url-credentials warning: the URL contains the user 'admin' and a password: anyone who can read this script or the web server's logs can read both`,
      `0:23-0:${23 + encoded.length} url-host-name info: 'upd.example.com' is a host name: firmware before 9.00 accepts only IP addresses in URLs and cannot reach this server (fine if every device runs 9.00 or later)`,
    ]);
  });

  it("plain-http-transfer: the scheme's own characters when the word starts with it, with the https suggestion", () => {
    const found = lintCase({ code: url("http%3A%2F%2F10.0.0.5%2F") }).filter((d) => d.rule === "plain-http-transfer");
    expect(found.map((d) => showRange(d.range))).toEqual(["0:20-0:24"]);
    expect(found[0]!.suggestions.map((f) => [f.title, f.safety, f.edits[0]!.newText])).toEqual([["Use https", "unsafe", "https"]]);
    // Encoded scheme letters: the finding covers the word, no edit.
    const odd = lintCase({ code: url("%68ttp%3A%2F%2F10.0.0.5%2F") }).filter((d) => d.rule === "plain-http-transfer");
    expect(odd.map((d) => [showRange(d.range), d.suggestions.length])).toEqual([["0:20-0:46", 0]]);
  });

  it("rem names the setting only: no URL to check", () => {
    expect(lintText("config rem UP1 /url http%3A%2F%2Fh")).toEqual([]);
  });
});
