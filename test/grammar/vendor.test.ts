/**
 * What innovaphone's own update server emits (scfg … /always COMMAND, config add|rem UP1 …):
 * every example line parses into the expected structure. The whole tree of these lines is in the
 * golden file fixtures/vendor.tree; here the fields that matter are spelt out.
 */
import { describe, expect, it } from "vitest";
import {
  isSettingsLine,
  parse,
  unknownSwitches,
  type EncodedUrlArg,
  type LineNode,
  type ScfgLine,
  type SettingsLine,
} from "@upscript/grammar";
import { showRange } from "../helpers/dump-tree.js";

const lineOf = (text: string): LineNode => parse(text).tree.lines[0]!;

function scfg(text: string): ScfgLine {
  const line = lineOf(text);
  if (line.kind !== "module" || line.id !== "scfg") throw new Error(`no scfg line: ${text}`);
  return line;
}

function settings(text: string): SettingsLine {
  const line = lineOf(text);
  if (!isSettingsLine(line)) throw new Error(`no settings line: ${text}`);
  return line;
}

/** `name=value (spec)` per setting, compact. */
const shape = (line: SettingsLine) =>
  line.settings.map((s) => `${s.name.text}${s.value ? `=${s.value.text}` : ""}${s.spec ? "" : " (unknown)"}`);

describe("scfg … /always COMMAND (vendor lines)", () => {
  it("uploads the output of mod cmd CMD0 xml-info", () => {
    const line = scfg("mod cmd UP0 scfg http://10.0.0.5/update.php?mode=query&sn=#m&id=admin ser nop /always mod%20cmd%20CMD0%20xml-info");
    expect(line.url?.text).toBe("http://10.0.0.5/update.php?mode=query&sn=#m&id=admin");
    expect(line.url?.metas.map((m) => m.name)).toEqual(["m"]);
    expect(line.final?.final).toBe("ser");
    expect(line.serial?.text).toBe("nop");
    expect(line.force).toBeUndefined();
    expect(line.always?.spec?.name).toBe("/always");
    expect(line.always?.value).toEqual({ text: "mod%20cmd%20CMD0%20xml-info", decoded: "mod cmd CMD0 xml-info", range: line.always!.value!.range });
    expect(showRange(line.always!.value!.range)).toBe("0:86-0:113");
    expect(line.extra).toEqual([]);
    expect(unknownSwitches(line)).toEqual([]);
  });

  it("uploads the output of vars read X509/REQUEST; %2F in the URL stays as written", () => {
    const line = scfg(
      "mod cmd UP0 scfg http://10.0.0.5/update.php?mode=vardump&sn=#m&var=X509/REQUEST&file=certs%2F00-90-33-3e-00-01-request.p10.der ser nop /always vars%20read%20X509%2FREQUEST",
    );
    expect(line.url?.query?.text).toBe("mode=vardump&sn=#m&var=X509/REQUEST&file=certs%2F00-90-33-3e-00-01-request.p10.der");
    expect(line.url?.problems).toEqual([]);
    expect(line.always?.value?.decoded).toBe("vars read X509/REQUEST");
  });

  it("/always without a command, one that does not decode, and unknown switches", () => {
    expect(scfg("mod cmd UP0 scfg http://h/ ser nop /always").always).toMatchObject({ name: { text: "/always" } });
    expect(scfg("mod cmd UP0 scfg http://h/ ser nop /always").always?.value).toBeUndefined();
    expect(scfg("mod cmd UP0 scfg http://h/ ser nop /always bad%zz").always?.value).toMatchObject({ text: "bad%zz", decoded: undefined });
    expect(scfg("mod cmd UP0 scfg http://h/ ser nop /always %ff").always?.value?.decoded).toBeUndefined();
    expect(scfg("mod cmd UP0 scfg http://h/ ser nop /ALWAYS x%2By").always).toMatchObject({ spec: { name: "/always" }, value: { decoded: "x+y" } });
    const line = scfg("mod cmd UP0 scfg http://h/ no-op W /forse 168 /force 1 /x");
    expect(unknownSwitches(line).map((s) => `${s.name.text}${s.value ? ` ${s.value.text}` : ""}`)).toEqual(["/forse 168", "/x"]);
    expect(line.force?.value?.text).toBe("1");
    expect(line.extra).toEqual([]);
  });
});

describe("config add|change|rem UP1 … (vendor lines)", () => {
  const URL = "http%3A%2F%2F10.0.0.5%2Fupdate.php%3Fphase%3D_first_update%26type%3D%23t%26sn%3D%23m%26hwid%3D%23h%26ip%3D%23i";

  it("config add UP1 /poll 1", () => {
    const line = settings("config add UP1 /poll 1");
    expect(line).toMatchObject({ kind: "config", settingVerb: "add", module: { text: "UP1" }, extra: [], caseIssues: [] });
    expect(line.settings).toHaveLength(1);
    expect(line.settings[0]).toMatchObject({ name: { text: "/poll" }, spec: { name: "/poll", value: "minutes" }, value: { text: "1", value: 1 } });
    // The open fields stay as they were.
    expect(line.args.map((w) => w.text)).toEqual(["UP1", "/poll", "1"]);
  });

  it("config add UP1 /url, fully percent-encoded: decoded and read as a URL; every range inside is the word's", () => {
    const line = settings(`config add UP1 /url ${URL}`);
    const value = line.settings[0]!.value as EncodedUrlArg;
    expect(value.text).toBe(URL);
    expect(value.verbatim).toBe(false);
    expect(value.decoded).toBe("http://10.0.0.5/update.php?phase=_first_update&type=#t&sn=#m&hwid=#h&ip=#i");
    const url = value.decodedUrl!;
    expect(url).toMatchObject({ text: value.decoded, looksLikeUrl: true, scheme: { text: "http" }, host: { text: "10.0.0.5" }, path: { text: "/update.php" }, problems: [] });
    expect(url.query?.text).toBe("phase=_first_update&type=#t&sn=#m&hwid=#h&ip=#i");
    expect(url.metas.map((m) => m.name)).toEqual(["t", "m", "h", "i"]);
    const word = showRange(value.range);
    expect(word).toBe("0:20-0:130");
    for (const r of [url.range, url.scheme!.range, url.host!.range, url.path!.range, url.query!.range, ...url.metas.map((m) => m.range)]) expect(showRange(r)).toBe(word);
  });

  it("a /url written plain keeps exact ranges", () => {
    const value = settings("config change UP1 /url http://10.0.0.5/u.php?sn=#m").settings[0]!.value as EncodedUrlArg;
    expect(value.verbatim).toBe(true);
    expect(value.decodedUrl?.text).toBe(value.text);
    expect(showRange(value.decodedUrl!.metas[0]!.range)).toBe("0:48-0:50");
    expect(showRange(value.decodedUrl!.host!.range)).toBe("0:30-0:38");
  });

  it("/url values that do not decode, or decode to no URL", () => {
    expect(settings("config add UP1 /url http%3A%2F%2F%zz").settings[0]!.value).toMatchObject({ decoded: undefined, decodedUrl: undefined, verbatim: false });
    expect(settings("config add UP1 /url update%2Ephp").settings[0]!.value).toMatchObject({ decoded: "update.php", decodedUrl: { looksLikeUrl: false } });
    expect(settings("config add UP1 /url").settings[0]!.value).toBeUndefined();
  });

  it("config add UP1 /no-dhcp and config rem UP1 /provision: no values", () => {
    expect(shape(settings("config add UP1 /no-dhcp"))).toEqual(["/no-dhcp"]);
    const rem = settings("config rem UP1 /provision");
    expect(rem.settingVerb).toBe("rem");
    expect(shape(rem)).toEqual(["/provision"]);
    // After rem nothing takes a value; after a flag neither.
    expect(shape(settings("config rem UP1 /poll 15"))).toEqual(["/poll"]);
    expect(settings("config rem UP1 /poll 15").extra.map((w) => w.text)).toEqual(["15"]);
    expect(settings("config add UP1 /disc 5").extra.map((w) => w.text)).toEqual(["5"]);
  });

  it("several settings on one line, unknown ones, extra words and the wrong case", () => {
    const line = settings("config CHANGE up1 /URL http%3A%2F%2Fh%2F /POLL 15 /poll-fast x /foo bar extra /provision 5");
    expect(shape(line)).toEqual(["/URL=http%3A%2F%2Fh%2F", "/POLL=15", "/poll-fast=x", "/foo=bar (unknown)", "/provision=5"]);
    expect(line.settings[2]!.value).toMatchObject({ text: "x", value: undefined });
    expect(line.extra.map((w) => w.text)).toEqual(["extra"]);
    expect(line.caseIssues.map((c) => `${c.word.text}→${c.expected}`)).toEqual(["CHANGE→change", "up1→UP1", "/URL→/url", "/POLL→/poll"]);
  });

  it("other config lines stay open", () => {
    for (const text of ["config add PHONE /poll 1", "config write", "config activate", "config add", "config add UP10 /poll 1", "vars create UP1 /poll 1"]) {
      const line = lineOf(text);
      expect(isSettingsLine(line), text).toBe(false);
      expect(line.kind === "config" || line.kind === "vars" ? [line.module, line.settings, line.extra] : [], text).toEqual(
        line.kind === "config" || line.kind === "vars" ? [undefined, undefined, undefined] : [],
      );
    }
  });
});
