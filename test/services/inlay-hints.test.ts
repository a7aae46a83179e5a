/** Inlay hints: default file names after URLs ending in `/`, the /allow window, /initial. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, documentContext, inlayHints, type InlayHintResult, type UpscriptConfig } from "@upscript/language";

const SCRIPT = [
  "# Backup", // 0
  "mod cmd UP0 scfg http://10.0.0.5/backup/ no-op WEEKLY /force 168", // 1
  "mod cmd UP1 times /allow 22,23,0,1,2,3,4,5 /initial 6", // 2
  "mod cmd UP1 check iresetn 2026-11-20a", // 3
  "mod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765", // 4
  "MOD CMD UP0 BOOT http://10.0.0.5/firmware/ ireboot 205", // 5
  "mod cmd UP0 bmc http://10.0.0.5/dect/ ireset PCS08af", // 6
  "mod cmd UP0 prot http://10.0.0.5/firmware/ip232.bin ireset 13-138765", // 7
  "mod cmd UP0 prot http://10.0.0.5/firmware/?v=1 ireset 13-138765", // 8
  "mod cmd UP0 cfg http://10.0.0.5/cfg/ ser 1", // 9
].join("\r\n");

function config(products: string[], fileNames: UpscriptConfig["fileNames"] = {}): UpscriptConfig {
  return { ...DEFAULT_CONFIG, target: { products }, fileNames };
}

/** Each hint as `line:column label`. */
const render = (hints: readonly InlayHintResult[]) => hints.map((h) => `${h.position.line}:${h.position.column} ${h.label}`);

const TIMES = ["2:42 22:00–05:59", "2:53 6 min after boot"];

describe("inlayHints", () => {
  it.each<[string, Parameters<typeof documentContext>[1], string[]]>([
    ["no product known: the name pattern", {}, [...TIMES, "4:42 ip<model>.bin", "5:42 boot<model>.bin", "6:37 (no usable name)"]],
    ["the product from the file name", { fileName: "/srv/www/phones/update-ip232.htm" }, [...TIMES, "4:42 ip232.bin", "5:42 boot232.bin", "6:37 (no usable name)"]],
    [
      "several products from the config",
      { config: config(["IP232", "IP1200"]) },
      [...TIMES, "4:42 ip232.bin | ip1200.bin", "5:42 boot232.bin | boot1200.bin", "6:37 (no usable name)"],
    ],
    [
      "the file name's product, before the config's",
      { fileName: "update-ip232.htm", config: config(["IP232", "IP1200"]) },
      [...TIMES, "4:42 ip232.bin", "5:42 boot232.bin", "6:37 (no usable name)"],
    ],
    ["products sharing a file name give it once", { config: config(["IP29", "IP29-2"]) }, [...TIMES, "4:42 ip29.bin", "5:42 boot29.bin", "6:37 (no usable name)"]],
    ["a product without default names", { config: config(["IPBS"]) }, [...TIMES, "4:42 (no default file name)", "5:42 (no default file name)", "6:37 (no usable name)"]],
    [
      "file names overridden in the config",
      { config: config(["IP232", "IPVA"], { IP232: { firmware: "ip232-13r3.bin" } }) },
      [...TIMES, "4:42 ip232-13r3.bin | ipva.bin", "5:42 boot232.bin", "6:37 (no usable name)"],
    ],
  ])("%s", (_name, options, expected) => {
    expect(render(inlayHints(documentContext(SCRIPT, options)))).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ["mod cmd UP1 times /allow 22,23,3", ["0:32 03:00–03:59, 22:00–23:59"]],
    ["mod cmd UP1 times /allow 23,0,1,5,6", ["0:35 05:00–06:59, 23:00–01:59"]],
    ["mod cmd UP1 times /allow 7", ["0:26 07:00–07:59"]],
    [`mod cmd UP1 times /allow ${Array.from({ length: 24 }, (_, h) => h).join(",")}`, ["0:86 all day"]],
    ["mod cmd UP1 times /allow 22-4,x,,25,3 /initial soon", ["0:37 03:00–03:59"]],
    ["mod cmd UP1 times /allow x,25 /initial 0", ["0:40 0 min after boot"]],
    ["mod cmd UP1 times /allow", []],
    ["mod cmd UP1 times /allow /initial 30", ["0:36 30 min after boot"]],
    ["mod cmd UP1 time /allow 3 /initial 6", []],
    ["\uFEFFmod cmd UP1 times /initial 12", ["0:30 12 min after boot"]],
    ["mod cmd UP0 prot ireset 13-1", []],
    ["mod cmd UP0 prot firmware/ ireset 13-1", []],
    ["mod cmd UP0 scfg http://h/#h/ no-op 1", []],
    ["mod cmd", []],
  ])("%j", (text, expected) => {
    expect(render(inlayHints(documentContext(text)))).toEqual(expected);
  });

  it("gives tooltips that explain the hint", () => {
    const hints = inlayHints(documentContext(SCRIPT, { config: config(["IP232", "IP1200"]) }));
    expect(hints.map((h) => h.tooltip)).toEqual([
      "The lines below run only in these hours of the device's local clock (22:00–05:59).",
      "Nothing below this line runs during the first 6 minutes after each boot.",
      "The device appends its default firmware file name: ip232.bin for IP232; ip1200.bin for IP1200.",
      "The device appends its default boot code file name: boot232.bin for IP232; boot1200.bin for IP1200.",
      "A bmc URL ending in / gets a name appended that lacks the .bin suffix, so the download fails: name the radio code file in the URL.",
    ]);
  });

  it.each<[number, number, string[]]>([
    [0, 1, []],
    [2, 2, TIMES],
    [4, 5, ["4:42 ip232.bin", "5:42 boot232.bin"]],
    [6, 100, ["6:37 (no usable name)"]],
    [-5, 3, TIMES],
    [5, 4, []],
  ])("only lines %i to %i", (startLine, endLine, expected) => {
    expect(render(inlayHints(documentContext(SCRIPT, { fileName: "update-ip232.htm" }), { startLine, endLine }))).toEqual(expected);
  });

  it("never throws on random texts; every hint sits at the end of a word of its line", () => {
    const unit = fc.constantFrom("mod cmd UP1 times ", "mod cmd UP0 prot ", "http://h/", "/allow ", "/initial ", "1", "2", ",", " ", "\n", "\r\n", "x", "#");
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 40 }), fc.string({ unit: "binary", maxLength: 120 })), (text) => {
        const context = documentContext(text, { fileName: "update-ip1200.htm" });
        for (const hint of inlayHints(context)) {
          const line = context.parsed.tree.lines[hint.position.line]!;
          expect(line.words.some((w) => w.range.endColumn === hint.position.column)).toBe(true);
          expect(hint.label.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
