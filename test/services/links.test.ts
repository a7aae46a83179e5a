/** Document links for transfer URLs under the web root, and the cfg go-to-definition target. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, cfgTarget, documentContext, documentLinks, type LinkResult, type ResolvedFile, type Resolver } from "@upscript/language";

const ROOT = "http://10.0.0.5/";

/** A web root with a few files; `missing` under the root, `unmapped` elsewhere. */
const files: Record<string, ResolvedFile> = {
  "http://10.0.0.5/firmware/ip232.bin": { kind: "found", path: "firmware/ip232.bin", fsPath: "/srv/www/firmware/ip232.bin", text: "" },
  "http://10.0.0.5/firmware/boot232.bin": { kind: "found", path: "firmware/boot232.bin", fsPath: "/srv/www/firmware/boot232.bin", text: "" },
  "http://10.0.0.5/firmware/ip1200.bin": { kind: "found", path: "firmware/ip1200.bin", fsPath: "/srv/www/firmware/ip1200.bin", text: "" },
  "http://10.0.0.5/dect/bmc1200.bin": { kind: "found", path: "dect/bmc1200.bin", fsPath: "/srv/www/dect/bmc1200.bin", text: "" },
  "http://10.0.0.5/cfg/site.txt": { kind: "found", path: "cfg/site.txt", fsPath: "/srv/www/cfg/site.txt", text: "config change PHONE\n" },
  "http://10.0.0.5/cfg/virtual.txt": { kind: "found", path: "cfg/virtual.txt", text: "" },
  "http://10.0.0.5/cfg/big.txt": { kind: "unreadable", path: "cfg/big.txt", fsPath: "/srv/www/cfg/big.txt", reason: "too large" },
  "http://10.0.0.5/backup/ip232.txt": { kind: "found", path: "backup/ip232.txt", fsPath: "/srv/www/backup/ip232.txt", text: "" },
};

const resolve: Resolver = (url) => {
  const file = files[url];
  if (file) return file;
  if (!url.startsWith(ROOT)) return { kind: "unmapped" };
  const path = url.slice(ROOT.length);
  return { kind: "missing", path, fsPath: `/srv/www/${path}` };
};

const SCRIPT = [
  "# Site Berlin", // 0
  "mod cmd UP0 scfg http://10.0.0.5/backup/ip232.txt no-op WEEKLY /force 168", // 1
  "mod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765", // 2
  "MOD CMD UP0 BOOT http://10.0.0.5/firmware/ ireboot 205", // 3
  "mod cmd UP0 bmc http://10.0.0.5/dect/bmc1200.bin ireset PCS08af", // 4
  "mod cmd UP0 bmc http://10.0.0.5/dect/ ireset PCS08af", // 5
  "mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser CFG-7", // 6
  "mod cmd UP0 cfg http://10.0.0.5/cfg/gone.txt ser CFG-7", // 7
  "mod cmd UP0 cfg http://10.0.0.5/cfg/virtual.txt ser 1", // 8
  "mod cmd UP0 cfg http://10.0.0.5/cfg/big.txt ser 1", // 9
  "mod cmd UP0 cfg http://other.example/cfg/site.txt ser 1", // 10
  "mod cmd UP0 cfg http://10.0.0.5/cfg/ ser 1", // 11
  "mod cmd UP0 prot ireset 13-1", // 12
  "mod cmd UP0 prot http://10.0.0.5/firmware/ip232.bin ireset 13-138765", // 13
  "mod cmd FLASHMAN0 reset http://10.0.0.5/firmware/ip232.bin", // 14
  "\tmod  cmd UP0 cfg   http://10.0.0.5/cfg/site.txt ser 2  ", // 15
].join("\r\n");

/** Each link as `line:column-endColumn fsPath`. */
const render = (links: readonly LinkResult[]) => links.map((l) => `${l.range.line}:${l.range.column}-${l.range.endColumn} ${l.fsPath}`);

describe("documentLinks", () => {
  it("links the found files of prot, boot, bmc and cfg URLs, for every target product", () => {
    const context = documentContext(SCRIPT, { config: { ...DEFAULT_CONFIG, target: { products: ["IP232", "IP1200"] } }, resolve });
    expect(render(documentLinks(context))).toEqual([
      "2:17-42 /srv/www/firmware/ip232.bin",
      "2:17-42 /srv/www/firmware/ip1200.bin",
      "3:17-42 /srv/www/firmware/boot232.bin",
      "4:16-48 /srv/www/dect/bmc1200.bin",
      "6:16-44 /srv/www/cfg/site.txt",
      "13:17-51 /srv/www/firmware/ip232.bin",
      "15:20-48 /srv/www/cfg/site.txt",
    ]);
  });

  it("uses the product of the file name", () => {
    const context = documentContext(SCRIPT, { fileName: "update-ip1200.htm", resolve });
    expect(render(documentLinks(context)).filter((l) => l.startsWith("2:") || l.startsWith("3:"))).toEqual(["2:17-42 /srv/www/firmware/ip1200.bin"]);
  });

  it("gives no default-name links without a product, and no links at all without a resolver", () => {
    expect(render(documentLinks(documentContext(SCRIPT, { resolve }))).map((l) => l.split(" ")[0])).toEqual(["4:16-48", "6:16-44", "13:17-51", "15:20-48"]);
    expect(documentLinks(documentContext(SCRIPT, { fileName: "update-ip232.htm" }))).toEqual([]);
  });

  it("survives a resolver that throws", () => {
    const throwing: Resolver = () => {
      throw new Error("disk on fire");
    };
    expect(documentLinks(documentContext(SCRIPT, { fileName: "update-ip232.htm", resolve: throwing }))).toEqual([]);
    expect(cfgTarget(documentContext(SCRIPT, { resolve: throwing }), { line: 6, column: 0 })).toBeUndefined();
  });
});

describe("cfgTarget", () => {
  const context = documentContext(SCRIPT, { resolve });
  it.each<[string, number, number, ReturnType<typeof cfgTarget>]>([
    ["the start of the line", 6, 0, { url: "http://10.0.0.5/cfg/site.txt", fsPath: "/srv/www/cfg/site.txt", path: "cfg/site.txt", exists: true }],
    ["the URL", 6, 30, { url: "http://10.0.0.5/cfg/site.txt", fsPath: "/srv/www/cfg/site.txt", path: "cfg/site.txt", exists: true }],
    ["past the end of the line", 6, 500, { url: "http://10.0.0.5/cfg/site.txt", fsPath: "/srv/www/cfg/site.txt", path: "cfg/site.txt", exists: true }],
    ["the leading blanks of an indented line", 15, 0, { url: "http://10.0.0.5/cfg/site.txt", fsPath: "/srv/www/cfg/site.txt", path: "cfg/site.txt", exists: true }],
    ["a missing file", 7, 3, { url: "http://10.0.0.5/cfg/gone.txt", fsPath: "/srv/www/cfg/gone.txt", path: "cfg/gone.txt", exists: false }],
    ["a file without a location on disk", 8, 3, { url: "http://10.0.0.5/cfg/virtual.txt", path: "cfg/virtual.txt", exists: true }],
    ["an unreadable file", 9, 3, { url: "http://10.0.0.5/cfg/big.txt", fsPath: "/srv/www/cfg/big.txt", path: "cfg/big.txt", exists: true }],
    ["a URL outside the web root", 10, 3, undefined],
    ["a folder URL", 11, 3, { url: "http://10.0.0.5/cfg/", fsPath: "/srv/www/cfg/", path: "cfg/", exists: false }],
    ["a prot line", 2, 20, undefined],
    ["an scfg line", 1, 20, undefined],
    ["a comment", 0, 3, undefined],
    ["a line past the end", 99, 0, undefined],
  ])("on %s", (_name, line, column, expected) => {
    expect(cfgTarget(context, { line, column })).toEqual(expected);
  });

  it("is undefined without a resolver", () => {
    expect(cfgTarget(documentContext(SCRIPT), { line: 6, column: 0 })).toBeUndefined();
  });
});

describe("links properties", () => {
  it("never throws on random texts; every link covers a URL word", () => {
    const unit = fc.constantFrom("mod cmd UP0 ", "prot ", "cfg ", "bmc ", "scfg ", "http://10.0.0.5/", "cfg/site.txt", "firmware/", "ireset 1", " ", "\n", "\r", "#");
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 30 }), fc.string({ unit: "binary", maxLength: 120 })), fc.nat(40), fc.nat(200), (text, line, column) => {
        const context = documentContext(text, { fileName: "update-ip232.htm", resolve });
        for (const link of documentLinks(context)) {
          expect(text.slice(link.range.start, link.range.end)).toMatch(/^http:\/\//);
        }
        cfgTarget(context, { line, column });
      }),
      { numRuns: 1000 },
    );
  });
});
