/** Table-driven checks of what the tree says for the forms an admin writes (and mistypes). */
import { describe, expect, it } from "vitest";
import { parse, pieces, type LineNode, type ModuleLine } from "@upscript/grammar";
import { showRange } from "../helpers/dump-tree.js";

function only(text: string): LineNode {
  const { tree } = parse(text);
  expect(tree.lines).toHaveLength(1);
  return tree.lines[0]!;
}

function moduleLine(text: string): ModuleLine {
  const line = only(text);
  if (line.kind !== "module") throw new Error(`expected a module line, got ${line.kind}`);
  return line;
}

describe("line kinds", () => {
  it.each([
    ["", undefined],
    ["   \t ", "blank"],
    ["# a comment", "comment"],
    ["   # indented", "comment"],
    ["# upscript-disable-next-line times-hours", "directive"],
    ["mod cmd UP1 poll", "module"],
    ["config change UP1 /url http%3A%2F%2F10.0.0.5%2F", "config"],
    ["vars create X509/REQUEST pb 00", "vars"],
    ["iresetn", "final"],
    ["hello world", "other"],
  ] as const)("%j is %s", (text, kind) => {
    const { tree } = parse(text);
    expect(tree.lines[0]?.kind).toBe(kind);
  });

  it("keeps # inside a line as part of the word", () => {
    const line = moduleLine("mod cmd UP0 scfg http://10.0.0.5/#m.txt");
    expect(line.words.map((w) => w.text)).toEqual(["mod", "cmd", "UP0", "scfg", "http://10.0.0.5/#m.txt"]);
  });
});

describe("typed commands", () => {
  it("check FINAL SERIAL", () => {
    const line = moduleLine("mod cmd UP1 check ireset WEEK47");
    expect(line.id).toBe("check");
    if (line.id !== "check") return;
    expect(line.final?.final).toBe("ireset");
    expect(line.serial?.text).toBe("WEEK47");
    expect(showRange(line.serial!.range)).toBe("0:25-0:31");
  });

  it("check with only a serial has no final command", () => {
    const line = moduleLine("mod cmd UP1 check 7");
    if (line.id !== "check") throw new Error(line.id);
    expect(line.final).toBeUndefined();
    expect(line.serial?.text).toBe("7");
  });

  it("times splits /allow into items and keeps bad ones", () => {
    const line = moduleLine("mod cmd UP1 times /allow 23,24,x,22-4,,5 /initial 6");
    if (line.id !== "times") throw new Error(line.id);
    const items = line.allow?.value?.items ?? [];
    expect(items.map((i) => `${i.kind}:${i.text}`)).toEqual(["hour:23", "hour:24", "invalid:x", "range:22-4", "empty:", "hour:5"]);
    expect(line.initial?.value?.value).toBe(6);
  });

  it("times with a switch value missing", () => {
    const line = moduleLine("mod cmd UP1 times /allow /initial 6");
    if (line.id !== "times") throw new Error(line.id);
    expect(line.allow?.value).toBeUndefined();
    expect(line.initial?.value?.text).toBe("6");
  });

  it("prot URL FINAL BUILD with URL parts", () => {
    const line = moduleLine("mod cmd UP0 prot https://fw.example.com:8443/ip232/ ireset 13-138765");
    if (line.id !== "prot") throw new Error(line.id);
    expect(line.url?.scheme?.text).toBe("https");
    expect(line.url?.host?.text).toBe("fw.example.com");
    expect(line.url?.port?.text).toBe("8443");
    expect(line.url?.path?.text).toBe("/ip232/");
    expect(line.url?.endsWithSlash).toBe(true);
    expect(line.final?.final).toBe("ireset");
    expect(line.serial?.text).toBe("13-138765");
  });

  it.each([
    ["mod cmd UP0 prot ireset 04-5656", undefined, "ireset", "04-5656"],
    ["mod cmd UP0 prot http://10.0.0.5/ 04-5656", "http://10.0.0.5/", undefined, "04-5656"],
    ["mod cmd UP0 prot http://10.0.0.5/ ireset", "http://10.0.0.5/", "ireset", undefined],
    ["mod cmd UP0 prot /ser 04-5679", "/ser", undefined, "04-5679"],
    ["mod cmd UP0 cfg http://10.0.0.5/a.txt", "http://10.0.0.5/a.txt", undefined, undefined],
  ])("missing arguments never shift the others: %s", (text, url, final, serial) => {
    const line = moduleLine(text);
    if (line.id !== "prot" && line.id !== "cfg") throw new Error(String(line.id));
    expect(line.url?.text).toBe(url);
    expect(line.final?.text).toBe(final);
    expect(line.serial?.text).toBe(serial);
  });

  it("scfg with optional parts and switches", () => {
    const line = moduleLine("mod cmd UP0  scfg http://10.0.0.5/b/#h-#bn.txt no-op WEEKLY /force 168");
    if (line.id !== "scfg") throw new Error(line.id);
    expect(line.url?.metas.map((m) => m.name)).toEqual(["h", "bn"]);
    expect(line.final?.final).toBe("no-op");
    expect(line.serial?.text).toBe("WEEKLY");
    expect(line.force?.value?.value).toBe(168);
  });

  it("extra words are kept", () => {
    const line = moduleLine("mod cmd UP0 prot http://10.0.0.5/ ireset 1 2 3");
    expect(line.extra.map((w) => w.text)).toEqual(["2", "3"]);
  });

  it("wrong keyword case still types the command and records the spelling", () => {
    const line = moduleLine("MOD cmd up0 PROT http://10.0.0.5/ IRESET 1");
    expect(line.id).toBe("prot");
    expect(line.caseIssues.map((c) => `${c.word.text}->${c.expected}`)).toEqual(["MOD->mod", "up0->UP0", "PROT->prot", "IRESET->ireset"]);
  });

  it("unknown verbs stay generic", () => {
    const line = moduleLine("mod cmd UP1 time /allow 12,22");
    expect(line.id).toBeUndefined();
    expect(line.verb?.text).toBe("time");
    expect(line.args.map((w) => w.text)).toEqual(["/allow", "12,22"]);
  });

  it("WLANMGR0 power commands", () => {
    expect(moduleLine("mod cmd WLANMGR0 activate-pwr").id).toBe("activate-pwr");
    expect(moduleLine("mod cmd WLANMGR0 deactivate-pwr").id).toBe("deactivate-pwr");
  });

  it("meta sequences: #bn before one letter, unknown ones kept", () => {
    const line = moduleLine("mod cmd UP0 scfg http://h/#bn#b#x#");
    if (line.id !== "scfg") throw new Error(line.id);
    expect(line.url?.metas.map((m) => `${m.text}:${m.name ?? "?"}`)).toEqual(["#bn:bn", "#b:?", "#x:?", "#:?"]);
  });
});

describe("syntax diagnostics", () => {
  it.each([
    ["mod cmd", "'mod cmd' must be followed by a module name such as UP0, UP1, WLANMGR0", "0:0-0:7"],
    ["mod", "'mod' must be followed by 'cmd'", "0:0-0:3"],
    ["mod cmd UP1", "'mod cmd UP1' must be followed by a command", "0:0-0:11"],
    ["  mod cnd UP1 poll", "'mod' must be followed by 'cmd', found 'cnd'", "0:6-0:9"],
    ["config", "'config' must be followed by a verb such as change, add, rem, write or activate", "0:0-0:6"],
  ])("%j", (text, message, range) => {
    const { tree, syntaxDiagnostics } = parse(text);
    expect(tree.lines).toHaveLength(1);
    expect(syntaxDiagnostics.map((d) => [d.code, d.message, showRange(d.range)])).toEqual([["syntax", message, range]]);
  });

  it("a clean script has none", () => {
    expect(parse("mod cmd UP1 times /allow 23,0,1,2,3,4 /initial 6\nmod cmd UP0 prot http://10.0.0.5/ ireset 1\n").syntaxDiagnostics).toEqual([]);
  });
});

describe("line ends and trivia", () => {
  it.each([
    ["LF", "a\nb\n", ["\n", "\n"]],
    ["CRLF", "a\r\nb\r\n", ["\r\n", "\r\n"]],
    ["lone CR", "a\rb\r", ["\r", "\r"]],
    ["mixed", "a\r\nb\rc\nd", ["\r\n", "\r", "\n", ""]],
    ["CR then LF lines", "a\r\r\nb", ["\r", "\r\n", ""]],
    ["no final newline", "a", [""]],
    ["empty", "", []],
    ["only newlines", "\n\n", ["\n", "\n"]],
  ])("%s", (_, text, eols) => {
    const { tree } = parse(text);
    expect(tree.lines.map((l) => l.eol)).toEqual(eols);
    expect([...pieces(tree)].map((p) => p.text).join("")).toBe(text);
  });

  it("a BOM is trivia of the first line", () => {
    const { tree } = parse("\uFEFFmod cmd UP1 poll\n");
    expect(tree.bom).toBe(true);
    const line = tree.lines[0]!;
    expect(line.kind).toBe("module");
    expect(showRange(line.range)).toBe("0:1-0:17");
    expect([...pieces(tree)].map((p) => p.kind)).toEqual(["bom", "word", "blank", "word", "blank", "word", "blank", "word", "eol"]);
  });

  it("tabs and runs of blanks separate words", () => {
    const line = moduleLine("\tmod \t cmd   UP1\tpoll  \t");
    expect(line.words.map((w) => showRange(w.range))).toEqual(["0:1-0:4", "0:7-0:10", "0:13-0:16", "0:17-0:21"]);
    expect(showRange(line.range)).toBe("0:1-0:21");
  });

  it("a very long line is one node", () => {
    const url = `http://10.0.0.5/${"a".repeat(200_000)}.bin`;
    const line = moduleLine(`mod cmd UP0 prot ${url} ireset 1`);
    if (line.id !== "prot") throw new Error(String(line.id));
    expect(line.url?.text).toBe(url);
    expect(line.serial?.range.endColumn).toBe(17 + url.length + 9);
  });
});

describe("URL parts", () => {
  it.each([
    ["http://[fd00::5]/fw/", "[fd00::5]", undefined, []],
    ["http://[fd00::5]:8080/fw/", "[fd00::5]", "8080", []],
    ["http://10.0.0.5:80/", "10.0.0.5", "80", []],
    ["http://[fd00::5/fw/", "[fd00::5", undefined, ["IPv6 address without closing ']'"]],
  ])("%s", (url, host, port, problems) => {
    const line = parse(`mod cmd UP0 prot ${url} ireset 1`).tree.lines[0]!;
    if (line.kind !== "module" || line.id !== "prot") throw new Error("not prot");
    expect(line.url?.host?.text).toBe(host);
    expect(line.url?.port?.text).toBe(port);
    expect(line.url?.problems.map((p) => p.message)).toEqual(problems);
  });
});
