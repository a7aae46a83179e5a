/**
 * Signature help: the command's signature, its parameters as written in it, and the active
 * parameter at many positions, on complete, short and malformed lines; a no-throw property.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMANDS, CONFIG_SETTINGS } from "@upscript/grammar";
import { DEFAULT_CONFIG, documentContext, signatureHelp, type DocumentContext, type Position } from "@upscript/language";

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

function help(marked: string) {
  const { text, position } = at(marked);
  return signatureHelp(documentContext(text), position);
}

/** The label of the active parameter, `-1` for none, undefined without signature help. */
function active(marked: string): string | -1 | undefined {
  const result = help(marked);
  if (!result) return undefined;
  return result.activeParameter < 0 ? -1 : result.parameters[result.activeParameter]!.label;
}

describe("signature help: parameters", () => {
  it.each(COMMANDS.map((c) => [c.id, c] as const))("%s: label, doc, and parameters that are substrings of the signature", (_id, spec) => {
    const result = help(`${spec.signature.split(" ").slice(0, 4).join(" ")}¦`)!;
    expect(result.label).toBe(spec.signature);
    expect(result.documentation).toBe(spec.doc);
    for (const p of result.parameters) expect(spec.signature).toContain(p.label);
  });

  it("exact parameters of each kind of command", () => {
    const labels = (text: string) => help(text)!.parameters.map((p) => p.label);
    expect(labels("mod cmd UP0 prot¦")).toEqual(["URL", "FINAL", "BUILD"]);
    expect(labels("mod cmd UP0 cfg¦")).toEqual(["URL", "FINAL", "SERIAL"]);
    expect(labels("mod cmd UP1 check¦")).toEqual(["FINAL", "SERIAL"]);
    expect(labels("mod cmd UP1 times¦")).toEqual(["[/allow HOURS]", "[/initial MINUTES]"]);
    expect(labels("mod cmd UP0 scfg¦")).toEqual(["URL", "FINAL", "SERIAL", "[/force HOURS]", "[/always COMMAND]"]);
    expect(labels("mod cmd UP1 provision¦")).toEqual(["MINUTES"]);
    expect(labels("mod cmd UP1 poll¦")).toEqual([]);
    expect(labels("mod cmd WLANMGR0 activate-pwr¦")).toEqual([]);
  });

  it("config add|change|rem UP1: one parameter per setting, substrings of the signature", () => {
    const up1 = CONFIG_SETTINGS.find((m) => m.module === "UP1")!;
    const add = help("config add UP1 ¦")!;
    expect(add.label).toBe(up1.signature);
    expect(add.documentation).toBe(up1.doc);
    expect(add.parameters.map((p) => p.label)).toEqual(["/url URL", "/poll MIN", "/poll-fast MIN", "/provision MIN", "/no-dhcp", "/disc"]);
    expect(add.parameters.map((p) => p.documentation)).toEqual(up1.settings.map((s) => s.doc));
    const rem = help("config rem UP1 ¦")!;
    expect(rem.label).toBe(up1.remSignature);
    expect(rem.parameters.map((p) => p.label)).toEqual(["/url", "/poll", "/poll-fast", "/provision", "/no-dhcp", "/disc"]);
    for (const result of [add, rem]) for (const p of result.parameters) expect(result.label).toContain(p.label);
  });

  it("parameter docs come from the catalog", () => {
    const prot = COMMANDS.find((c) => c.id === "prot")!;
    const times = COMMANDS.find((c) => c.id === "times")!;
    expect(help("mod cmd UP0 prot ¦")!.parameters).toEqual(prot.slots.map((s) => ({ label: s.name.toUpperCase(), documentation: s.doc })));
    expect(help("mod cmd UP1 times ¦")!.parameters.map((p) => p.documentation)).toEqual(times.switches.map((s) => s.doc));
  });
});

describe("signature help: the active parameter", () => {
  const PROT = "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765";
  const cases: [string, string | -1 | undefined][] = [
    // prot, complete
    [`¦${PROT}`, -1],
    [`mod cmd UP0 pr¦ot${PROT.slice(16)}`, -1],
    [`mod cmd UP0 prot¦${PROT.slice(16)}`, -1],
    [`mod cmd UP0 prot ¦${PROT.slice(17)}`, "URL"],
    [PROT.replace("10.0", "10¦.0"), "URL"],
    [PROT.replace("fw/", "fw/¦"), "URL"],
    [PROT.replace(" ireset", " ¦ireset"), "FINAL"],
    [PROT.replace("ireset", "ires¦et"), "FINAL"],
    [PROT.replace("ireset", "ireset¦"), "FINAL"],
    [PROT.replace("13-", "¦13-"), "BUILD"],
    [`${PROT}¦`, "BUILD"],
    [`${PROT} ¦`, -1],
    [`${PROT} extra¦`, -1],
    // prot, typed word by word
    ["mod cmd UP0 prot ¦", "URL"],
    ["mod cmd UP0 prot h¦", "URL"],
    ["mod cmd UP0 prot http://a/ ¦", "FINAL"],
    ["mod cmd UP0 prot http://a/ i¦", "FINAL"],
    ["mod cmd UP0 prot http://a/ ireset ¦", "BUILD"],
    ["mod cmd UP0 prot http://a/ ireset 1¦", "BUILD"],
    // missing arguments: the slots the parser gives the words
    ["mod cmd UP0 prot ireset¦ 04-5656", "FINAL"],
    ["mod cmd UP0 prot ireset 04-5656¦", "BUILD"],
    ["mod cmd UP0 prot ireset ¦", "BUILD"],
    ["mod cmd UP0 prot ¦ ireset 04-5656", "URL"],
    ["mod cmd UP0 prot http://a/ 04-5656¦", "BUILD"],
    ["mod cmd UP0 prot http://a/ ¦ 04-5656", "FINAL"],
    ["mod cmd UP1 check ¦", "FINAL"],
    ["mod cmd UP1 check 7¦", "SERIAL"],
    ["mod cmd UP1 check ser¦", "FINAL"],
    ["mod cmd UP1 check ser ¦", "SERIAL"],
    ["mod cmd UP1 check ser 2026-11-20 ¦", -1],
    // times
    ["mod cmd UP1 times ¦", "[/allow HOURS]"],
    ["mod cmd UP1 times /al¦", "[/allow HOURS]"],
    ["mod cmd UP1 times /allow ¦", "[/allow HOURS]"],
    ["mod cmd UP1 times /allow 22,23¦", "[/allow HOURS]"],
    ["mod cmd UP1 times /allow 22,23 ¦", "[/initial MINUTES]"],
    ["mod cmd UP1 times /allow 22,23 /initial ¦", "[/initial MINUTES]"],
    ["mod cmd UP1 times /allow 22,23 /initial 6¦", "[/initial MINUTES]"],
    ["mod cmd UP1 times /allow 22,23 /initial 6 ¦", -1],
    ["mod cmd UP1 times /initial 6 ¦", "[/allow HOURS]"],
    ["mod cmd UP1 times /alow¦ 1", -1],
    ["mod cmd UP1 times /¦", -1],
    ["mod cmd UP1 times /i¦ 5", "[/initial MINUTES]"],
    ["mod cmd UP1 times /al¦ 5", "[/allow HOURS]"],
    ["mod cmd UP1 times /ALLOW¦ 1", "[/allow HOURS]"],
    ["mod cmd UP1 times 5¦", -1],
    // scfg
    ["mod cmd UP0 scfg ¦", "URL"],
    ["mod cmd UP0 scfg http://a/#h-#bn.txt ¦", "FINAL"],
    ["mod cmd UP0 scfg http://a/#h-#bn.txt no-op ¦", "SERIAL"],
    ["mod cmd UP0 scfg http://a/#h-#bn.txt no-op WEEKLY¦", "SERIAL"],
    ["mod cmd UP0 scfg http://a/#h-#bn.txt no-op WEEKLY ¦", "[/force HOURS]"],
    ["mod cmd UP0 scfg http://a/#h-#bn.txt no-op WEEKLY /force 16¦8", "[/force HOURS]"],
    ["mod cmd UP0 scfg http://a/#h-#bn.txt no-op WEEKLY /force 168 ¦", -1],
    ["mod cmd UP0 scfg http://a/ ser 1 /always x¦", "[/always COMMAND]"],
    ["mod cmd UP0 scfg http://a/ ser 1 /alw¦ x", "[/always COMMAND]"],
    // /always is another form of scfg, never proposed as the next step
    ["mod cmd UP0 scfg http://a/ ser 1 /force 24 ¦", -1],
    // config UP1 settings
    ["config add UP1 ¦", -1],
    ["config add UP1 /po¦", -1],
    ["config add UP1 /poll-¦", "/poll-fast MIN"],
    ["config add UP1 /poll 1¦", "/poll MIN"],
    ["config add UP1 /poll ¦", "/poll MIN"],
    ["config add UP1 /poll 1 /no-dhcp¦", "/no-dhcp"],
    ["config change UP1 /url http%3A%2F%2Fh%2F ¦", -1],
    ["config change UP1 /url h¦ttp%3A%2F%2Fh%2F", "/url URL"],
    ["config rem UP1 /provision¦", "/provision"],
    ["config add PHONE /poll 1¦", undefined],
    // others
    ["mod cmd UP1 provision ¦", "MINUTES"],
    ["mod cmd UP1 provision 5¦", "MINUTES"],
    ["mod cmd UP1 poll ¦", -1],
    // uppercase keywords are still typed commands
    ["MOD CMD up0 PROT ¦", "URL"],
    ["MOD CMD UP0 PROT HTTP://A/ IRESET¦", "FINAL"],
    // no signature help
    ["¦", undefined],
    ["mod¦", undefined],
    ["mod cmd¦", undefined],
    ["mod cmd UP0¦", undefined],
    ["mod cmd UP0 pro ¦", undefined],
    ["mod cmd FLASHMAN0 reset ¦", undefined],
    ["config change ¦", undefined],
    ["iresetn ¦", undefined],
    ["# mod cmd UP0 prot ¦", undefined],
  ];
  it.each(cases)("%j → %j", (marked, expected) => {
    expect(active(marked)).toBe(expected);
  });
});

describe("signature help: positions and line ends", () => {
  it("beyond the line end counts as the line end", () => {
    const context = documentContext("mod cmd UP0 prot http://a/ ");
    expect(signatureHelp(context, { line: 0, column: 500 })?.activeParameter).toBe(1);
    const short = documentContext("mod cmd UP0 prot");
    expect(signatureHelp(short, { line: 0, column: 500 })?.activeParameter).toBe(-1);
  });

  it("out of range positions give nothing", () => {
    const context = documentContext("mod cmd UP0 prot ");
    for (const position of [
      { line: -1, column: 0 },
      { line: 0, column: -1 },
      { line: 1, column: 0 },
      { line: Number.NaN, column: 3 },
      { line: 0, column: 2.5 },
    ]) {
      expect(signatureHelp(context, position)).toBeUndefined();
    }
  });

  it("CRLF, lone CR and BOM texts", () => {
    const context = documentContext("\uFEFFmod cmd UP1 check ser \r\nmod cmd UP0 prot \rmod cmd UP1 times /allow 1 \r\n");
    expect(signatureHelp(context, { line: 0, column: 23 })?.activeParameter).toBe(1);
    expect(signatureHelp(context, { line: 0, column: 21 })?.activeParameter).toBe(0);
    expect(signatureHelp(context, { line: 1, column: 17 })?.activeParameter).toBe(0);
    expect(signatureHelp(context, { line: 2, column: 27 })?.activeParameter).toBe(1);
    expect(signatureHelp(context, { line: 3, column: 0 })).toBeUndefined();
  });

  it("empty documents", () => {
    expect(signatureHelp(documentContext(""), { line: 0, column: 0 })).toBeUndefined();
    expect(signatureHelp(documentContext("\n\n"), { line: 1, column: 0 })).toBeUndefined();
  });
});

const alphabet = fc.constantFrom(
  "mod", "cmd", "MOD", "UP0", "UP1", "up0", "WLANMGR0", "prot", "scfg", "times", "check", "cfg", "bmc", "provision", "poll", "activate-pwr",
  "ireset", "NO-OP", "i", "/allow", "/initial", "/force", "/always", "/ALLOW", "/", "22,23,0", "1,,x", "168", "http://a/", "https://b/#h-#bn.txt",
  "#", "# c", " ", "  ", "\t", "\n", "\r\n", "\r", "\uFEFF", "😀", "x",
  "config", "add", "rem", "/poll", "/url", "/no-dhcp", "http%3A%2F%2Fh%2F",
);
const randomText = fc.array(alphabet, { maxLength: 30 }).map((parts) => parts.join(""));
const randomPosition = fc.record({
  line: fc.oneof(fc.integer({ min: -2, max: 8 }), fc.constantFrom(Number.NaN, 0.5, Number.MAX_SAFE_INTEGER)),
  column: fc.oneof(fc.integer({ min: -2, max: 90 }), fc.constantFrom(Number.NaN, 1.5, Number.POSITIVE_INFINITY)),
});

function contexts(text: string): DocumentContext[] {
  return [documentContext(text), documentContext(text, { config: { ...DEFAULT_CONFIG, target: { products: ["IP232"] } } })];
}

describe("signature help: never throws", () => {
  it("on random texts and positions", () => {
    fc.assert(
      fc.property(randomText, randomPosition, (text, position) => {
        for (const context of contexts(text)) {
          const result = signatureHelp(context, position);
          if (result) {
            expect(result.activeParameter).toBeGreaterThanOrEqual(-1);
            expect(result.activeParameter).toBeLessThan(result.parameters.length);
            for (const p of result.parameters) expect(result.label).toContain(p.label);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
