/** `.upscriptrc.json`: parsing, checking with key paths and ranges, and the published schema. */
import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configSchema, parseConfig, parseVersion, compareVersions } from "@upscript/language";
import { showRange } from "../helpers/dump-tree.js";

const problemsOf = (text: string) => parseConfig(text).problems.map((p) => `${p.path} @${showRange(p.range)}: ${p.message}`);

describe("parseConfig", () => {
  it("reads a full config with comments and trailing commas", () => {
    const { config, problems } = parseConfig(`{
      // rules
      "rules": { "plain-http-transfer": "off", "missing-serial": "error", },
      "target": { "firmware": "13r3", "products": ["IP232", "IP1200"] },
      "server": { "http://10.0.0.5/": "webroot" },
      "files": ["**/*.htm"],
      "dryRun": { "device": "IP232", "interval": 15, "backupSlots": 5, "builds": { "http://10.0.0.5/fw/ip232.bin": "13-138765" } },
      "fileNames": { "IPBS": { "update": "update-IPBS.htm" } }
    }`);
    expect(problems).toEqual([]);
    expect(config.rules).toEqual({ "plain-http-transfer": "off", "missing-serial": "error" });
    expect(config.target).toEqual({ firmware: "13r3", products: ["IP232", "IP1200"] });
    expect(config.server).toEqual({ "http://10.0.0.5/": "webroot" });
    expect(config.files).toEqual(["**/*.htm"]);
    expect(config.dryRun.interval).toBe(15);
    expect(config.fileNames).toEqual({ IPBS: { update: "update-IPBS.htm" } });
  });

  it("keeps the defaults for missing sections", () => {
    const { config } = parseConfig("{}");
    expect(config.files).toEqual(["**/*.upscript", "**/update*.htm", "**/update*.txt"]);
    expect(config.rules).toEqual({});
  });

  it.each([
    ['{ "rulez": {} }', "rulez @0:2-0:9: unknown key 'rulez' (did you mean 'rules'?)"],
    ['{ "rules": { "times-hourz": "off" } }', "rules.times-hourz @0:13-0:26: unknown rule 'times-hourz' (did you mean 'times-hours'?)"],
    ['{ "rules": { "times-hours": "warn" } }', "rules.times-hours @0:28-0:34: rules.times-hours: 'warn' is not one of 'off', 'info', 'warning', 'error' (did you mean 'warning'?)"],
    ['{ "target": { "firmware": "seven" } }', "target.firmware @0:26-0:33: target.firmware: 'seven' is not a firmware version such as 7.00, 13r3 or 6.00 sr2 hotfix3"],
    ['{ "target": { "products": ["IP2322"] } }', "target.products[0] @0:27-0:35: target.products[0]: 'IP2322' is not one of the 65 known values (did you mean 'IP222' or 'IP232'?)"],
    ['{ "server": { "10.0.0.5": "." } }', "server.10.0.0.5 @0:14-0:24: '10.0.0.5' is not a URL prefix (http:// or https://)"],
    ['{ "dryRun": { "interval": 0 } }', "dryRun.interval @0:26-0:27: dryRun.interval must be a whole number of at least 1"],
    ['{ "files": "*.htm" }', "files @0:11-0:18: files must be a list, not string"],
    ["[]", " @0:0-0:2: the configuration must be an object, not array"],
  ])("%s", (text, expected) => {
    expect(problemsOf(text)).toEqual([expected]);
  });

  it("reports JSON syntax errors with a position and still returns a config", () => {
    const { config, problems } = parseConfig('{\n  "rules": { "syntax": "off" \n');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.message).toMatch(/^not valid JSON: /);
    expect(problems[0]!.range.line).toBe(2);
    expect(config.files.length).toBe(3);
  });

  it("reports text that is not JSON at all", () => {
    expect(parseConfig("rules: off").problems[0]?.message).toMatch(/^not valid JSON/);
  });
});

describe("firmware versions", () => {
  it.each([
    ["7.00", [7, 0, 0, 0]],
    ["13r3", [13, 3, 0, 0]],
    ["V9", [9, 0, 0, 0]],
    ["6.00 sr2 hotfix3", [6, 0, 2, 3]],
    ["6.00 SR2 HF3", [6, 0, 2, 3]],
    ["13r3 sr12", [13, 3, 12, 0]],
  ])("%s", (text, expected) => expect(parseVersion(text)).toEqual(expected));

  it("orders versions", () => {
    const v = (t: string) => parseVersion(t)!;
    expect(compareVersions(v("6.00 sr2 hotfix3"), v("6.00 sr2"))).toBeGreaterThan(0);
    expect(compareVersions(v("6.00"), v("7.00"))).toBeLessThan(0);
    expect(compareVersions(v("13r3"), v("9.00"))).toBeGreaterThan(0);
  });

  it("rejects other text", () => expect(parseVersion("latest")).toBeUndefined());
});

describe("JSON Schema", () => {
  const schemaPath = join(import.meta.dirname, "..", "..", "docs", "upscriptrc.schema.json");

  it("docs/upscriptrc.schema.json is up to date (npm run generate)", () => {
    expect(JSON.parse(readFileSync(schemaPath, "utf8"))).toEqual(configSchema());
  });

  const validate = new Ajv({ strict: true }).compile(configSchema());
  it.each([
    '{ "rules": { "syntax": "off" } }',
    '{ "rules": { "syntaxx": "off" } }',
    '{ "rules": { "syntax": "warn" } }',
    '{ "target": { "firmware": "6.00 sr2 hotfix3", "products": ["IP21"] } }',
    '{ "target": { "firmware": "seven" } }',
    '{ "server": { "http://10.0.0.5/": "." } }',
    '{ "server": { "ftp://10.0.0.5/": "." } }',
    '{ "dryRun": { "backupSlots": 0 } }',
    '{ "dryRun": { "device": "IP1200", "builds": { "http://x/a.bin": "1" } } }',
    '{ "fileNames": { "IP232": { "firmware": "x.bin" } } }',
    '{ "fileNames": { "IP232": { "kernel": "x.bin" } } }',
    '{ "extra": 1 }',
  ])("schema and checker agree on %s", (text) => {
    expect(validate(JSON.parse(text))).toBe(parseConfig(text).problems.length === 0);
  });
});
