/**
 * The sizes of transferred files (server/src/node/transfer-sizes.ts), the one SizeOf of the CLI
 * and the language server: `dryRun.builds` objects with a size, then the file under the web root,
 * then `--size VERB=SIZE`, then the catalog's typical size; and `dryRun.builds` entries as objects
 * in the config's checker and its published schema.
 */
import Ajv from "ajv";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildsByUrl, configSchema, configuredSize, parseConfig, sizeByVerb } from "@upscript/language";
import { ConfigCache } from "../../server/src/node/config-files.js";
import { parseSizeOptions, transferSizes } from "../../server/src/node/transfer-sizes.js";
import { repoRoot } from "../helpers/cli.js";
import { tempDir, writeTree } from "../cli/tmp.js";

const FW = "http://10.0.0.5/firmware/ip232.bin";

function site(config: object, files: Record<string, string | Uint8Array> = {}) {
  const dir = writeTree(tempDir("sizes"), { ".upscriptrc.json": JSON.stringify(config), "web/update.htm": "", ...files });
  return { dir, loaded: new ConfigCache(undefined, { cwd: dir }).forScript(join(dir, "web/update.htm")) };
}

describe("transferSizes", () => {
  it("a dryRun.builds object with a size wins over the web root and --size", () => {
    const { loaded } = site(
      { server: { "http://10.0.0.5/": "./web" }, dryRun: { builds: { [FW]: { build: "13-138765", size: "7.5MB" }, "http://10.0.0.5/firmware/ip112.bin": { size: 1234 } } } },
      { "web/firmware/ip232.bin": new Uint8Array(100) },
    );
    const sizeOf = transferSizes(loaded, { prot: 1 });
    expect(sizeOf(FW, "prot")).toEqual({ bytes: Math.round(7.5 * 1024 * 1024), source: "config" });
    expect(sizeOf("http://10.0.0.5/firmware/ip112.bin", "prot")).toEqual({ bytes: 1234, source: "config" });
  });

  it("else the size of the file under the web root, read from its metadata only", () => {
    const { loaded } = site({ server: { "http://10.0.0.5/": "./web" }, dryRun: { builds: { [FW]: "13-138765" } } }, { "web/firmware/ip232.bin": new Uint8Array(4321), "web/cfg/site.txt": "x\n" });
    const sizeOf = transferSizes(loaded, { prot: 99 });
    expect(sizeOf(FW, "prot")).toEqual({ bytes: 4321, source: "web-root" });
    expect(sizeOf("http://10.0.0.5/cfg/site.txt", "cfg")).toEqual({ bytes: 2, source: "web-root" });
  });

  it("else --size for the verb, else the catalog's typical size; a folder or a missing file has no size", () => {
    const { loaded } = site({ server: { "http://10.0.0.5/": "./web" } }, { "web/firmware/sub/x": "" });
    const sizeOf = transferSizes(loaded, { prot: 5000 });
    expect(sizeOf(FW, "prot")).toEqual({ bytes: 5000, source: "option" });
    expect(sizeOf("http://10.0.0.5/firmware/sub", "boot")).toEqual(sizeByVerb()("x", "boot"));
    expect(sizeOf("http://10.0.0.5/cfg/site.txt", "cfg")).toEqual({ bytes: expect.any(Number), source: "default" });
    // A URL outside the mapped prefix: the typical size too.
    expect(sizeOf("http://elsewhere/ip232.bin", "prot")).toEqual({ bytes: 5000, source: "option" });
  });

  it("each URL is looked up once", () => {
    const { dir, loaded } = site({ server: { "http://10.0.0.5/": "./web" } }, { "web/firmware/ip232.bin": new Uint8Array(10) });
    const sizeOf = transferSizes(loaded);
    expect(sizeOf(FW, "prot").bytes).toBe(10);
    writeFileSync(join(dir, "web/firmware/ip232.bin"), new Uint8Array(20));
    expect(sizeOf(FW, "prot").bytes).toBe(10);
    expect(transferSizes(loaded)(FW, "prot").bytes).toBe(20);
  });

  it("a web root that is not there: the typical size", () => {
    const dir = tempDir("sizes-noroot");
    mkdirSync(join(dir, "s"));
    writeFileSync(join(dir, ".upscriptrc.json"), JSON.stringify({ server: { "http://10.0.0.5/": "./missing" } }));
    const loaded = new ConfigCache(undefined, { cwd: dir }).forScript(join(dir, "s/update.htm"));
    expect(transferSizes(loaded)(FW, "prot").source).toBe("default");
  });
});

describe("parseSizeOptions (--size)", () => {
  it("repeated and comma-separated items, verbs in any case, sizes as parseSize reads them", () => {
    expect(parseSizeOptions(["prot=7.2MB", "cfg=4KB, SCFG=100"])).toEqual({ ok: true, value: { prot: Math.round(7.2 * 1024 ** 2), cfg: 4096, scfg: 100 } });
    expect(parseSizeOptions([])).toEqual({ ok: true, value: {} });
  });

  it.each([
    ["kernel=1MB", "--size kernel=1MB: unknown verb 'kernel'"],
    ["prot=huge", "--size prot=huge: 'huge' is not a size"],
    ["prot", "--size prot: write VERB=SIZE"],
  ])("%s: an error that names the known verbs", (item, message) => {
    const parsed = parseSizeOptions([item]);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.startsWith(message)).toBe(true);
      expect(parsed.error).toContain("prot, boot, bmc, cfg, scfg");
    }
  });
});

describe("dryRun.builds entries as objects", () => {
  const validate = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true }).compile(JSON.parse(readFileSync(join(repoRoot, "docs", "upscriptrc.schema.json"), "utf8")));

  it.each([
    `{ "dryRun": { "builds": { "${FW}": "13-1" } } }`,
    `{ "dryRun": { "builds": { "${FW}": { "build": "13-1", "size": "7.5MB" } } } }`,
    `{ "dryRun": { "builds": { "${FW}": { "size": 7000000 } } } }`,
    `{ "dryRun": { "builds": { "${FW}": { "build": "13-1", "size": "512 KiB" } } } }`,
    `{ "dryRun": { "builds": { "${FW}": {} } } }`,
  ])("valid for the checker and the schema: %s", (text) => {
    expect(parseConfig(text).problems).toEqual([]);
    expect(validate(JSON.parse(text))).toBe(true);
  });

  it.each([
    [`{ "dryRun": { "builds": { "${FW}": 1 } } }`, `dryRun.builds.${FW} must be a build (a string) or an object with build and size, not number`],
    [`{ "dryRun": { "builds": { "${FW}": { "size": "big" } } } }`, `dryRun.builds.${FW}.size: 'big' is not a size such as 7.5MB, 512KB or 20000`],
    [`{ "dryRun": { "builds": { "${FW}": { "size": -1 } } } }`, `dryRun.builds.${FW}.size must be a whole number of at least 0`],
    [`{ "dryRun": { "builds": { "${FW}": { "size": true } } } }`, `dryRun.builds.${FW}.size must be a number of bytes or a size such as 7.5MB, not boolean`],
    [`{ "dryRun": { "builds": { "${FW}": { "bytes": 1 } } } }`, `unknown key 'bytes' in dryRun.builds.${FW}`],
  ])("refused by both: %s", (text, message) => {
    expect(parseConfig(text).problems.map((p) => p.message)).toEqual([expect.stringContaining(message)]);
    expect(validate(JSON.parse(text))).toBe(false);
  });

  it("the poll environment gets URL → build strings; the sizes come through configuredSize", () => {
    const { config } = parseConfig(`{ "dryRun": { "builds": { "${FW}": { "build": "13-1", "size": "1KB" }, "http://a/b.bin": "13-2", "http://a/c.bin": { "size": 5 } } } }`);
    expect({ ...buildsByUrl(config.dryRun) }).toEqual({ [FW]: "13-1", "http://a/b.bin": "13-2" });
    expect(configuredSize(config.dryRun, FW)).toBe(1024);
    expect(configuredSize(config.dryRun, "http://a/c.bin")).toBe(5);
    expect(configuredSize(config.dryRun, "http://a/b.bin")).toBeUndefined();
    expect(configuredSize(config.dryRun, "constructor")).toBeUndefined();
  });

  it("docs/upscriptrc.schema.json is the generated one", () => {
    expect(JSON.parse(readFileSync(join(repoRoot, "docs", "upscriptrc.schema.json"), "utf8"))).toEqual(configSchema());
  });
});
