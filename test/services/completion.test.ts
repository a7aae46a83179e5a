/**
 * Completion: what is offered at each kind of position, in which order, with which range, and
 * the snippets built from the catalog; malformed and CRLF texts; a no-throw property.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMANDS, CONFIG_SETTINGS, CONFIG_VERBS, FINALS, FINAL_WORDS, META_SEQUENCES, MODULES, VARS_VERBS } from "@upscript/grammar";
import { DEFAULT_CONFIG, RULE_IDS, completion, documentContext, type CompletionEntry, type DocumentContext, type Position, type UpscriptConfig } from "@upscript/language";

const CURSOR = "¦";

function at(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf(CURSOR);
  if (offset < 0) throw new Error(`no cursor in ${marked}`);
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset);
  const lineStart = Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1;
  const line = before.split(/\r\n|\r|\n/).length - 1;
  return { text, position: { line, column: offset - lineStart } };
}

interface Result {
  readonly entries: CompletionEntry[];
  /** Labels in sortText order. */
  readonly labels: string[];
  /** The text every entry replaces (they all share one range). */
  readonly replaced: string | undefined;
}

function complete(marked: string, options: { config?: UpscriptConfig; fileName?: string } = {}): Result {
  const { text, position } = at(marked);
  const entries = completion(documentContext(text, options), position);
  const ranges = new Set(entries.map((e) => `${e.range.start}-${e.range.end}`));
  // One partial word per position; every range lies on the cursor's line and reaches the cursor.
  expect(ranges.size).toBeLessThanOrEqual(1);
  for (const e of entries) {
    expect(e.range.line).toBe(position.line);
    expect(e.range.column).toBeLessThanOrEqual(position.column);
    expect(e.range.endColumn).toBeGreaterThanOrEqual(position.column);
    expect(e.sortText).toBeDefined();
  }
  const labels = [...entries].sort((a, b) => (a.sortText! < b.sortText! ? -1 : a.sortText! > b.sortText! ? 1 : 0)).map((e) => e.label);
  const first = entries[0];
  return { entries, labels, replaced: first && text.slice(first.range.start, first.range.end) };
}

const entry = (result: Result, label: string) => result.entries.find((e) => e.label === label)!;
const SIGNATURES = COMMANDS.map((c) => c.signature);

describe("completion: the first word of a line", () => {
  const all = ["mod cmd", ...SIGNATURES, "config", "vars", ...FINAL_WORDS, "night firmware rollout", "weekly configuration backup"];

  it.each([
    ["an empty document", "¦"],
    ["an empty line", "mod cmd UP1 poll\n¦\nmod cmd UP1 poll"],
    ["a blank line", "  ¦ "],
    ["the line after a final line end", "mod cmd UP1 poll\n¦"],
    ["the line after a final CRLF", "mod cmd UP1 poll\r\n¦"],
  ])("%s: keywords, command snippets, finals and script snippets in order", (_name, marked) => {
    const result = complete(marked);
    expect(result.labels).toEqual(all);
    expect(result.replaced).toBe("");
  });

  it("typing the first word: the whole word is replaced and matching labels come first", () => {
    const result = complete("ire¦");
    expect(result.replaced).toBe("ire");
    expect(result.labels.slice(0, 3)).toEqual(["ireset", "iresetn", "ireboot"]);
    expect(result.labels).toHaveLength(all.length);
    expect(complete("co¦nf").labels[0]).toBe("config");
    expect(complete("co¦nf").replaced).toBe("conf");
    expect(complete("mo¦").labels.slice(0, 2)).toEqual(["mod cmd", "mod cmd UP1 check FINAL SERIAL"]);
  });

  it("on the first word of a longer line: no whole-line snippets", () => {
    const result = complete("mo¦d cmd UP0 prot http://a/ ireset 1");
    expect(result.replaced).toBe("mod");
    expect(result.labels).toEqual(["mod cmd", "config", "vars", ...FINAL_WORDS]);
    expect(complete(" ¦ mod cmd UP1 poll").labels).toEqual(["mod cmd", "config", "vars", ...FINAL_WORDS]);
    expect(complete(" ¦ mod cmd UP1 poll").replaced).toBe("");
  });

  it("a bare final and an unknown word are still first words", () => {
    expect(complete("iresetn¦").replaced).toBe("iresetn");
    expect(complete("iresetn¦").labels).toEqual(all.filter((l) => l.startsWith("iresetn")).concat(all.filter((l) => !l.startsWith("iresetn"))));
    expect(complete("hello¦ world").replaced).toBe("hello");
  });

  it("keyword and final entries", () => {
    const result = complete("¦");
    expect(entry(result, "mod cmd")).toMatchObject({ kind: "keyword", insertText: "mod cmd", detail: "mod cmd MODULE VERB ARGS…" });
    expect(entry(result, "config")).toMatchObject({ kind: "keyword", insertText: "config", documentation: "Changes the device configuration: add, change, rem, write, activate." });
    expect(entry(result, "vars")).toMatchObject({ kind: "keyword", insertText: "vars", documentation: "Works on device variables: create, del, read." });
    expect(entry(result, "ireset")).toEqual({ label: "ireset", kind: "final", detail: "restart when idle", documentation: FINALS.ireset.doc, insertText: "ireset", range: expect.anything(), sortText: expect.any(String) });
    expect(entry(result, "resetn").detail).toBe("restart now, only if needed");
    expect(entry(result, "ireboot").detail).toBe("hard restart when idle");
    expect(entry(result, "no-op").detail).toBe("no restart");
  });

  it("one snippet per command, from its signature", () => {
    const result = complete("¦");
    const snippets = Object.fromEntries(COMMANDS.map((c) => [c.id, entry(result, c.signature)]));
    const finals = "${2|ireset,reset,iresetn,resetn,reboot,ireboot,ser,no-op|}";
    expect(snippets.prot).toMatchObject({
      kind: "snippet",
      snippet: true,
      insertText: `mod cmd UP0 prot \${1:http://10.0.0.5/firmware/} ${finals} \${3:BUILD}`,
      detail: "Update the firmware.",
      documentation: COMMANDS.find((c) => c.id === "prot")!.doc,
    });
    expect(snippets.boot!.insertText).toBe(`mod cmd UP0 boot \${1:http://10.0.0.5/firmware/} ${finals} \${3:BUILD}`);
    expect(snippets.bmc!.insertText).toBe(`mod cmd UP0 bmc \${1:http://10.0.0.5/firmware/bmc.bin} ${finals} \${3:BUILD}`);
    expect(snippets.cfg!.insertText).toBe(`mod cmd UP0 cfg \${1:http://10.0.0.5/config/settings.txt} ${finals} \${3:SERIAL}`);
    expect(snippets.scfg!.insertText).toBe(`mod cmd UP0 scfg \${1:http://10.0.0.5/backup/#h-#bn.txt} ${finals} \${3:SERIAL} /force \${4:HOURS}`);
    expect(snippets.check!.insertText).toBe("mod cmd UP1 check ${1|ireset,reset,iresetn,resetn,reboot,ireboot,ser,no-op|} ${2:SERIAL}");
    expect(snippets.times!.insertText).toBe("mod cmd UP1 times /allow ${1:HOURS} /initial ${2:MINUTES}");
    expect(snippets.poll!.insertText).toBe("mod cmd UP1 poll");
    expect(snippets.provision!.insertText).toBe("mod cmd UP1 provision ${1:MINUTES}");
    expect(snippets["activate-pwr"]!.insertText).toBe("mod cmd WLANMGR0 activate-pwr");
  });

  it("snippet URLs use the declared web root, escaped for snippet syntax", () => {
    const config: UpscriptConfig = { ...DEFAULT_CONFIG, server: { "https://fw.example/$v}": "web" } };
    const result = complete("¦", { config });
    expect(entry(result, "mod cmd UP0 prot URL FINAL BUILD").insertText).toContain("${1:https://fw.example/\\$v\\}/firmware/}");
    expect(entry(result, "weekly configuration backup").insertText).toBe("mod cmd UP0 scfg ${1:https://fw.example/\\$v\\}/backup/#h-#bn.txt} no-op ${2:WEEKLY} /force ${3:168}");
  });

  it("whole-script snippets, with the document's line ends", () => {
    const night = [
      "mod cmd UP1 times /allow ${1:22,23,0,1,2,3,4,5} /initial ${2:6}",
      "mod cmd UP1 check ${3|iresetn,ser|} ${4:SERIAL}",
      "mod cmd UP0 prot ${5:http://10.0.0.5/firmware/} ${6|ireset,iresetn|} ${7:BUILD}",
    ];
    expect(entry(complete("¦"), "night firmware rollout")).toMatchObject({ kind: "snippet", snippet: true, insertText: night.join("\n") });
    expect(entry(complete("# x\r\n¦"), "night firmware rollout").insertText).toBe(night.join("\r\n"));
    expect(entry(complete("¦"), "weekly configuration backup")).toMatchObject({
      detail: "scfg with #h-#bn and /force 168",
      insertText: "mod cmd UP0 scfg ${1:http://10.0.0.5/backup/#h-#bn.txt} no-op ${2:WEEKLY} /force ${3:168}",
    });
  });
});

describe("completion: mod cmd, modules and verbs", () => {
  it("after mod: cmd", () => {
    expect(complete("mod ¦").labels).toEqual(["cmd"]);
    expect(complete("mod c¦").replaced).toBe("c");
    expect(complete("MOD ¦").labels).toEqual(["cmd"]);
  });

  it("after mod cmd: the modules", () => {
    const result = complete("mod cmd ¦");
    expect(result.labels).toEqual(MODULES.map((m) => m.name));
    expect(entry(result, "UP0")).toMatchObject({ kind: "module", documentation: MODULES[0]!.doc, insertText: "UP0" });
    expect(complete("mod cmd U¦P").replaced).toBe("UP");
    expect(complete("mod cmd W¦").labels[0]).toBe("WLANMGR0");
  });

  it("after mod cmd UP0: its typed verbs with signature and doc", () => {
    const result = complete("mod cmd UP0 ¦");
    expect(result.labels).toEqual(["prot", "boot", "bmc", "cfg", "scfg"]);
    const prot = COMMANDS.find((c) => c.id === "prot")!;
    expect(entry(result, "prot")).toMatchObject({ kind: "verb", detail: prot.signature, documentation: prot.doc, insertText: "prot" });
    expect(complete("mod cmd UP1 ¦").labels).toEqual(["check", "times", "poll", "reinit", "provision"]);
    expect(complete("mod cmd up1 t¦").labels[0]).toBe("times");
    expect(complete("mod cmd WLANMGR0 ¦").labels).toEqual(["activate-pwr", "deactivate-pwr"]);
  });

  it("the verb under the cursor is replaced, even on a typed line", () => {
    const result = complete("mod cmd UP0 pr¦ot http://a/ ireset 1");
    expect(result.replaced).toBe("prot");
    expect(result.labels[0]).toBe("prot");
  });

  it("known verbs of other modules", () => {
    expect(complete("mod cmd X509 ¦").labels).toEqual(["xml-info", "servercert-create"]);
    expect(entry(complete("mod cmd FLASHMAN0 ¦"), "reset")).toMatchObject({ kind: "verb", detail: "mod cmd FLASHMAN0 reset …" });
    expect(complete("mod cmd TLS0 ¦").labels).toEqual([]);
    expect(complete("mod cmd FOO0 ¦").labels).toEqual([]);
  });

  it("config and vars verbs", () => {
    expect(complete("config ¦").labels).toEqual(CONFIG_VERBS.map((v) => v.verb));
    expect(entry(complete("config ¦"), "activate")).toMatchObject({ kind: "verb", detail: "config activate", documentation: CONFIG_VERBS[4]!.doc });
    expect(complete("vars ¦").labels).toEqual(VARS_VERBS.map((v) => v.verb));
    expect(complete("CONFIG w¦").labels[0]).toBe("write");
    expect(complete("config change ¦").labels).toEqual(["UP1"]);
    expect(complete("config write ¦").labels).toEqual([]);
    expect(complete("config change PHONE ¦").labels).toEqual([]);
  });

  it("nothing after a bare final or an unknown first word", () => {
    expect(complete("iresetn ¦").labels).toEqual([]);
    expect(complete("hello ¦").labels).toEqual([]);
  });
});

describe("completion: arguments of typed commands", () => {
  it("URL slot: declared web roots, then https:// and http://", () => {
    const config: UpscriptConfig = { ...DEFAULT_CONFIG, server: { "http://10.0.0.5/": "webroot", "https://fw.example/files/": "fw" } };
    const result = complete("mod cmd UP0 prot ¦", { config });
    expect(result.labels).toEqual(["http://10.0.0.5/", "https://fw.example/files/", "https://", "http://"]);
    expect(entry(result, "http://10.0.0.5/")).toMatchObject({ kind: "url", detail: "web root: webroot" });
    expect(complete("mod cmd UP0 cfg ¦").labels).toEqual(["https://", "http://"]);
    expect(complete("mod cmd UP0 scfg ht¦").replaced).toBe("ht");
    expect(complete("mod cmd UP0 scfg ht¦").labels).toEqual(["https://", "http://"]);
  });

  it("a missing URL is still the URL slot: before a final command", () => {
    expect(complete("mod cmd UP0 prot ¦ ireset 13").labels).toEqual(["https://", "http://"]);
  });

  it("FINAL slot: the eight finals, the usual ones of the command first", () => {
    expect(complete("mod cmd UP0 prot http://a/ ¦").labels).toEqual(["ireset", "iresetn", "reset", "resetn", "reboot", "ireboot", "ser", "no-op"]);
    expect(complete("mod cmd UP0 boot http://a/ ¦").labels.slice(0, 2)).toEqual(["ireboot", "reboot"]);
    expect(complete("mod cmd UP0 scfg http://a/ ¦").labels.slice(0, 2)).toEqual(["no-op", "ser"]);
    expect(complete("mod cmd UP0 cfg http://a/ ¦").labels.slice(0, 3)).toEqual(["reset", "iresetn", "ser"]);
    expect(complete("mod cmd UP1 check ¦").labels.slice(0, 2)).toEqual(["iresetn", "ser"]);
    const prot = complete("mod cmd UP0 prot http://a/ ¦ 13");
    expect(prot.labels).toHaveLength(8);
    expect(entry(prot, "iresetn")).toMatchObject({ kind: "final", documentation: FINALS.iresetn.doc, detail: "restart when idle, only if needed" });
  });

  it("a half-typed final is the FINAL slot it becomes, not the BUILD the parser guesses", () => {
    const result = complete("mod cmd UP0 prot http://a/ i¦");
    expect(result.replaced).toBe("i");
    expect(result.labels.slice(0, 3)).toEqual(["ireset", "iresetn", "ireboot"]);
    expect(complete("mod cmd UP1 check r¦").labels[0]).toBe("reset");
    expect(complete("MOD CMD UP0 PROT http://a/ IRE¦SET 1").replaced).toBe("IRESET");
  });

  it("SERIAL, BUILD and MINUTES slots: nothing to offer", () => {
    expect(complete("mod cmd UP0 prot http://a/ ireset ¦").labels).toEqual([]);
    expect(complete("mod cmd UP0 prot http://a/ ireset 13¦").labels).toEqual([]);
    expect(complete("mod cmd UP0 prot ireset ¦").labels).toEqual([]);
    expect(complete("mod cmd UP1 check ser ¦").labels).toEqual([]);
    expect(complete("mod cmd UP1 provision ¦").labels).toEqual([]);
    expect(complete("mod cmd UP0 prot http://a/ ireset 13 ¦").labels).toEqual([]);
    expect(complete("mod cmd UP1 poll ¦").labels).toEqual([]);
  });

  it("times: its switches, skipping the ones present", () => {
    const result = complete("mod cmd UP1 times ¦");
    expect(result.labels).toEqual(["/allow", "/initial"]);
    expect(entry(result, "/allow")).toMatchObject({ kind: "switch", detail: "/allow HOURS", documentation: COMMANDS[1]!.switches[0]!.doc, insertText: "/allow" });
    expect(complete("mod cmd UP1 times /allow 1,2 ¦").labels).toEqual(["/initial"]);
    expect(complete("mod cmd UP1 times /allow 1,2 /initial 5 ¦").labels).toEqual([]);
    expect(complete("mod cmd UP1 times /in¦").labels).toEqual(["/initial", "/allow"]);
    expect(complete("mod cmd UP1 times /in¦").replaced).toBe("/in");
    // The switch under the cursor does not hide itself.
    expect(complete("mod cmd UP1 times /allow¦ 1").labels).toEqual(["/allow", "/initial"]);
  });

  it("scfg: switches after the serial, or when a / is typed", () => {
    expect(complete("mod cmd UP0 scfg http://a/ no-op W ¦").labels).toEqual(["/force", "/always"]);
    expect(entry(complete("mod cmd UP0 scfg http://a/ no-op W ¦"), "/force").detail).toBe("/force HOURS");
    expect(entry(complete("mod cmd UP0 scfg http://a/ no-op W ¦"), "/always").detail).toBe("/always COMMAND");
    expect(complete("mod cmd UP0 scfg http://a/ no-op W /force 168 ¦").labels).toEqual(["/always"]);
    expect(complete("mod cmd UP0 scfg http://a/ /¦").labels).toEqual(["/force", "/always"]);
    // prot takes no switches: a word with a slash after the URL is read as its BUILD.
    expect(complete("mod cmd UP0 prot http://a/ /¦").labels).toEqual([]);
  });

  it("after /allow: hour lists", () => {
    const result = complete("mod cmd UP1 times /allow ¦");
    expect(result.labels).toEqual(["22,23,0,1,2,3,4,5", "18,19,20,21,22,23", "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23"]);
    expect(entry(result, "22,23,0,1,2,3,4,5")).toMatchObject({ kind: "value", detail: "night: 22:00–05:59 (8 hours)" });
    expect(entry(result, "18,19,20,21,22,23").detail).toBe("evening: 18:00–23:59 (6 hours)");
    const typing = complete("mod cmd UP1 times /allow 18,¦ /initial 5");
    expect(typing.replaced).toBe("18,");
    expect(typing.labels[0]).toBe("18,19,20,21,22,23");
  });

  it("config add|change|rem: UP1, then its settings, skipping the ones present", () => {
    const UP1 = CONFIG_SETTINGS.find((m) => m.module === "UP1")!;
    const names = UP1.settings.map((s) => s.name);
    expect(complete("config add ¦").labels).toEqual(["UP1"]);
    expect(entry(complete("config rem U¦"), "UP1")).toMatchObject({ kind: "module", documentation: UP1.doc, insertText: "UP1" });
    expect(complete("config activate ¦").labels).toEqual([]);
    const result = complete("config add UP1 ¦");
    expect(result.labels).toEqual(names);
    expect(entry(result, "/url")).toMatchObject({ kind: "switch", detail: "/url URL", documentation: UP1.settings[0]!.doc, insertText: "/url" });
    expect(entry(result, "/no-dhcp").detail).toBe("/no-dhcp");
    expect(entry(complete("config rem UP1 ¦"), "/poll").detail).toBe("/poll");
    expect(complete("config change UP1 /poll 1 ¦").labels).toEqual(names.filter((n) => n !== "/poll"));
    expect(complete("config add UP1 /poll-f¦").labels[0]).toBe("/poll-fast");
    expect(complete("config add UP1 /poll-f¦").replaced).toBe("/poll-f");
    // The setting under the cursor does not hide itself; a value gets nothing.
    expect(complete("config add UP1 /poll¦ 1").labels).toEqual(["/poll", "/poll-fast", "/url", "/provision", "/no-dhcp", "/disc"]);
    expect(complete("config add UP1 /poll ¦").labels).toEqual([]);
    expect(complete("config add UP1 /url http¦").labels).toEqual([]);
    // Other modules stay open.
    expect(complete("config add PHONE ¦").labels).toEqual([]);
  });

  it("the scfg snippet leaves /always out", () => {
    const scfg = complete("¦").entries.find((e) => e.label === COMMANDS.find((c) => c.id === "scfg")!.signature)!;
    expect(scfg.insertText).not.toContain("/always");
    expect(scfg.insertText).toContain("/force ${4:HOURS}");
  });

  it("after /force: 168 and 24; after /initial and /always: nothing", () => {
    expect(complete("mod cmd UP0 scfg http://a/ no-op W /force ¦").labels).toEqual(["168", "24"]);
    expect(complete("mod cmd UP1 times /initial ¦").labels).toEqual([]);
    expect(complete("mod cmd UP0 scfg http://a/ ser 1 /always ¦").labels).toEqual([]);
  });
});

describe("completion: meta sequences in URLs", () => {
  const order = ["#h", "#m", "#bn", "#d", "#t", "#i", "#F", "#B", "#H"];

  it("typing # in an scfg URL: every meta sequence, marked as replaced", () => {
    const result = complete("mod cmd UP0 scfg http://a/backup/#¦");
    expect(result.labels).toEqual(order);
    expect(result.replaced).toBe("#");
    const h = META_SEQUENCES.find((m) => m.name === "h")!;
    expect(entry(result, "#h")).toEqual({
      label: "#h",
      kind: "meta",
      detail: `replaced in scfg URLs; e.g. ${h.example}`,
      documentation: `${h.doc} (e.g. \`${h.example}\`).`,
      insertText: "#h",
      range: expect.anything(),
      sortText: expect.any(String),
    });
  });

  it("in a prot URL they are marked as not replaced", () => {
    const result = complete("mod cmd UP0 prot http://a/#¦ ireset 1");
    expect(result.labels).toEqual(order);
    expect(entry(result, "#bn").detail).toBe("not replaced in prot URLs; e.g. 3");
    expect(entry(result, "#bn").documentation).toContain("in a prot URL it stays as written");
  });

  it("the partial sequence is the range, and matching labels come first", () => {
    const result = complete("mod cmd UP0 scfg http://a/#h-#b¦.txt no-op W");
    expect(result.replaced).toBe("#b");
    expect(result.labels.slice(0, 2)).toEqual(["#bn", "#B"]);
  });

  it("not after a complete path segment", () => {
    expect(complete("mod cmd UP0 scfg http://a/#h-x¦").labels).toEqual(["https://", "http://"]);
    expect(complete("mod cmd UP0 scfg http://a/#bnx¦").labels).toEqual(["https://", "http://"]);
  });
});

describe("completion: directives", () => {
  it("directive keywords after #", () => {
    const result = complete("# ups¦");
    expect(result.labels).toEqual(["upscript-disable-next-line", "upscript-disable", "upscript-enable", "upscript-disable-file"]);
    expect(result.replaced).toBe("ups");
    expect(complete("#¦").labels).toHaveLength(4);
    expect(complete("# a note¦").labels).toEqual([]);
    expect(complete("¦# a note").labels).toEqual([]);
  });

  it("rule ids after the keyword, without the ones named", () => {
    const result = complete("# upscript-disable-next-line times-hours, ¦");
    expect(result.labels).toEqual(["all", ...RULE_IDS.filter((id) => id !== "times-hours")]);
    expect(entry(result, "all")).toMatchObject({ detail: "every rule" });
    const typing = complete("# upscript-disable tim¦es-h");
    expect(typing.replaced).toBe("times-h");
    expect(typing.labels.slice(0, 4)).toEqual(["times-hours", "times-duplicate-hour", "times-arguments", "times-after-action"]);
    expect(complete("# upscript-disable-next-line all -- ¦").labels).toEqual([]);
    expect(complete("# upscript-nope ¦").labels).toEqual([]);
  });
});

describe("completion: positions and line ends", () => {
  it("beyond the line end counts as the line end", () => {
    const { text } = at("mod cmd UP1 times ¦");
    const context = documentContext(text);
    expect(completion(context, { line: 0, column: 200 }).map((e) => e.label)).toEqual(["/allow", "/initial"]);
  });

  it("out of range positions give nothing", () => {
    const context = documentContext("mod cmd UP1 poll");
    for (const position of [
      { line: -1, column: 0 },
      { line: 0, column: -1 },
      { line: 1, column: 0 },
      { line: 3, column: 0 },
      { line: Number.NaN, column: 0 },
      { line: 0, column: 0.5 },
    ]) {
      expect(completion(context, position)).toEqual([]);
    }
  });

  it("CRLF and lone CR texts", () => {
    const text = "mod cmd UP1 check ser 1\r\nmod cmd UP0 prot \r\rmod cmd \r\n";
    const context = documentContext(text);
    const urls = completion(context, { line: 1, column: 17 });
    expect(urls.map((e) => e.label)).toEqual(["https://", "http://"]);
    expect(urls[0]!.range).toEqual({ start: 42, end: 42, line: 1, column: 17, endLine: 1, endColumn: 17 });
    expect(completion(context, { line: 2, column: 0 }).map((e) => e.label)).toContain("night firmware rollout");
    expect(completion(context, { line: 3, column: 8 }).map((e) => e.label)).toEqual(MODULES.map((m) => m.name));
    expect(completion(context, { line: 4, column: 0 }).map((e) => e.label)).toContain("mod cmd");
  });

  it("a BOM before the first word", () => {
    const context = documentContext("\uFEFFmod cmd UP1 t");
    const verbs = completion(context, { line: 0, column: 14 });
    expect(verbs[0]).toMatchObject({ label: "check", range: { start: 13, end: 14, column: 13, endColumn: 14 } });
  });

  it("malformed lines", () => {
    expect(complete("mod cmd¦").labels).toEqual(["cmd"]);
    expect(complete("mod cmd UP0¦").labels[0]).toBe("UP0");
    expect(complete("MOD CMD UP0 PROT ¦").labels).toEqual(["https://", "http://"]);
    expect(complete("mod cmd UP0 prot ireset ¦").labels).toEqual([]);
    expect(complete("mod cmd UP0 pro ¦").labels).toEqual([]);
  });
});

const alphabet = fc.constantFrom(
  "mod", "cmd", "MOD", "UP0", "UP1", "up0", "WLANMGR0", "X509", "prot", "scfg", "times", "check", "cfg", "bmc", "provision", "config", "vars",
  "ireset", "NO-OP", "i", "/allow", "/initial", "/force", "/always", "/", "22,23,0", "1,,x", "168", "http://a/", "https://10.0.0.5/b/#h-#bn.txt",
  "http://a/#", "#", "#b", "# upscript-disable-next-line all, -- r", "# upscript-enable ", "# ups", " ", "  ", "\t", "\n", "\r\n", "\r", "\uFEFF", "😀", "x",
  "add", "rem", "/poll", "/url", "/no-dhcp", "http%3A%2F%2Fh%2F",
);
const randomText = fc.array(alphabet, { maxLength: 30 }).map((parts) => parts.join(""));
const randomPosition = fc.record({
  line: fc.oneof(fc.integer({ min: -2, max: 8 }), fc.constantFrom(Number.NaN, 0.5, Number.MAX_SAFE_INTEGER)),
  column: fc.oneof(fc.integer({ min: -2, max: 90 }), fc.constantFrom(Number.NaN, 1.5, Number.POSITIVE_INFINITY)),
});

function contexts(text: string): DocumentContext[] {
  return [
    documentContext(text),
    documentContext(text, { fileName: "update-ip232.htm", config: { ...DEFAULT_CONFIG, server: { "http://a/": "web" } } }),
  ];
}

describe("completion: never throws", () => {
  it("on random texts and positions", () => {
    fc.assert(
      fc.property(randomText, randomPosition, (text, position) => {
        for (const context of contexts(text)) {
          for (const e of completion(context, position)) {
            expect(e.label.length).toBeGreaterThan(0);
            expect(e.range.start).toBeGreaterThanOrEqual(0);
            expect(e.range.end).toBeLessThanOrEqual(text.length);
            expect(e.range.start).toBeLessThanOrEqual(e.range.end);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
