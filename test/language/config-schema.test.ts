/**
 * `.upscriptrc.json` and the `--state` file against their JSON Schemas: every bad key, type and
 * range is a problem with the exact range; `__proto__`, `constructor` and `prototype` keys are
 * refused anywhere and never reach Object.prototype; the published schemas in docs/ are the
 * generated ones, and ajv with them agrees with the checker row by row.
 */
import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configSchema, mergeConfigs, parseConfig, parseState, stateSchema } from "@upscript/language";
import { showRange } from "../helpers/dump-tree.js";

const docs = join(import.meta.dirname, "..", "..", "docs");
const schemaFile = (name: string) => JSON.parse(readFileSync(join(docs, name), "utf8"));
const ajv = () => new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
const validateConfig = ajv().compile(schemaFile("upscriptrc.schema.json"));
const validateState = ajv().compile(schemaFile("state.schema.json"));

/** `«…»` marks the range the problem must have; returns the text without the marks and that range. */
function marked(source: string): { text: string; range: string } {
  const start = source.indexOf("«");
  const end = source.indexOf("»") - 1;
  const text = source.replace("«", "").replace("»", "");
  const before = text.slice(0, start);
  const line = before.split("\n").length - 1;
  const column = start - (before.lastIndexOf("\n") + 1);
  const endBefore = text.slice(0, end);
  const endLine = endBefore.split("\n").length - 1;
  const endColumn = end - (endBefore.lastIndexOf("\n") + 1);
  return { text, range: `${line}:${column}-${endLine}:${endColumn}` };
}

const show = (p: { path: string; message: string; range: Parameters<typeof showRange>[0] }) => `${p.path} @${showRange(p.range)}: ${p.message}`;

afterEach(() => {
  // Nothing in these tests may reach Object.prototype.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

describe("published schemas", () => {
  it("docs/upscriptrc.schema.json is the generated one", () => expect(schemaFile("upscriptrc.schema.json")).toEqual(configSchema()));
  it("docs/state.schema.json is the generated one", () => expect(schemaFile("state.schema.json")).toEqual(stateSchema()));
  it("both compile in ajv's strict mode", () => {
    expect(() => new Ajv({ strict: true, allowUnionTypes: true }).compile(configSchema())).not.toThrow();
    expect(() => new Ajv({ strict: true, allowUnionTypes: true }).compile(stateSchema())).not.toThrow();
  });
  it("every state key has a type and a description", () => {
    const properties = stateSchema().properties as Record<string, { type?: unknown; description?: string }>;
    expect(Object.keys(properties).sort()).toEqual(
      ["at", "backupIndex", "backupSlots", "bmc", "boot", "clock", "device", "firmware", "fresh", "ip", "mac", "pending", "product", "resetRequired", "savedSettings", "scfgWrittenAt", "settings", "uptime", "variables"].sort(),
    );
    for (const [key, p] of Object.entries(properties)) {
      expect(p.type, key).toBeDefined();
      expect(p.description, key).toBeTruthy();
    }
  });
});

describe(".upscriptrc.json: one problem per bad key, type or range, at the exact range", () => {
  it.each([
    // keys that would reach Object.prototype, at any depth
    ['{ «"__proto__"»: { "rules": {} } }', "__proto__", /^'__proto__' cannot be a key/],
    ['{ «"constructor"»: 1 }', "constructor", /^'constructor' cannot be a key/],
    ['{ "rules": { «"constructor"»: "off" } }', "rules.constructor", /^'constructor' cannot be a key/],
    ['{ "rules": { «"prototype"»: "off" } }', "rules.prototype", /^'prototype' cannot be a key/],
    ['{ "server": { «"__proto__"»: "." } }', "server.__proto__", /^'__proto__' cannot be a key/],
    ['{ "dryRun": { "builds": { «"__proto__"»: "1" } } }', "dryRun.builds.__proto__", /^'__proto__' cannot be a key/],
    ['{ "fileNames": { «"constructor"»: { "update": "x" } } }', "fileNames.constructor", /^'constructor' cannot be a key/],
    ['{ "target": { «"__proto__"»: { "firmware": "7.00" } } }', "target.__proto__", /^'__proto__' cannot be a key/],
    // types
    ['{ "root": «"yes"» }', "root", /^root must be true or false, not string$/],
    ['{ "rules": «[]» }', "rules", /^rules must be an object, not array$/],
    ['{ "rules": { "syntax": «1» } }', "rules.syntax", /^rules.syntax must be a string, not number$/],
    ['{ "target": «[]» }', "target", /^target must be an object, not array$/],
    ['{ "target": { "products": «"IP232"» } }', "target.products", /^target.products must be a list, not string$/],
    ['{ "server": { "http://10.0.0.5/": «null» } }', "server.http://10.0.0.5/", /must be a string, not null$/],
    ['{ "ignore": [«1»] }', "ignore[0]", /^ignore\[0\] must be a string, not number$/],
    ['{ "dryRun": { "firmware": «13» } }', "dryRun.firmware", /^dryRun.firmware must be a string, not number$/],
    ['{ "dryRun": { "builds": { "http://x/a.bin": «1» } } }', "dryRun.builds.http://x/a.bin", /must be a build \(a string\) or an object with build and size, not number$/],
    ['{ "dryRun": { "builds": { "http://x/a.bin": { "size": «"big"» } } } }', "dryRun.builds.http://x/a.bin.size", /: 'big' is not a size such as 7\.5MB, 512KB or 20000$/],
    // ranges and values
    ['{ "dryRun": { "backupSlots": «0» } }', "dryRun.backupSlots", /^dryRun.backupSlots must be a whole number of at least 1$/],
    ['{ "dryRun": { "backupSlots": «2.5» } }', "dryRun.backupSlots", /^dryRun.backupSlots must be a whole number of at least 1$/],
    ['{ "dryRun": { "backupSlots": «"5"» } }', "dryRun.backupSlots", /^dryRun.backupSlots must be a whole number of at least 1, not string$/],
    ['{ "dryRun": { "interval": «-1» } }', "dryRun.interval", /^dryRun.interval must be a whole number of at least 1$/],
    ['{ "dryRun": { "interval": «true» } }', "dryRun.interval", /^dryRun.interval must be a whole number of at least 1, not boolean$/],
    // dryRun.device may be a product upscript does not know (the dry-run guesses), but it must look like a name
    ['{ "dryRun": { "device": «"IP 9"» } }', "dryRun.device", /^dryRun.device: 'IP 9' is not a product name such as IP232/],
    // a typo in target.products would switch the product rules off: a problem, with a did-you-mean
    ['{ "target": { "products": [«"IP2322"»] } }', "target.products[0]", /^target.products\[0\]: 'IP2322' is not one of the \d+ known values \(did you mean 'IP222' or 'IP232'\?\)$/],
    ['{ "dryRun": { "builds": { «"x"»: "1" } } }', "dryRun.builds.x", /^'x' is not a URL$/],
    ['{ "target": { "firmware": «"latest"» } }', "target.firmware", /^target.firmware: 'latest' is not a firmware version/],
    ['{ "fileNames": { «"IP9"»: {} } }', "fileNames.IP9", /^unknown product 'IP9'/],
    ['{ "fileNames": { "IP232": { «"kernel"»: "x" } } }', "fileNames.IP232.kernel", /^unknown key 'kernel' in fileNames.IP232$/],
    ['{ «"roots"»: true }', "roots", /^unknown key 'roots' \(did you mean 'root'\?\)$/],
    ['«"text"»', "", /^the configuration must be an object, not string$/],
  ])("%s", (source, path, message) => {
    const { text, range } = marked(source);
    const problems = parseConfig(text).problems;
    expect(problems).toHaveLength(1);
    expect(show(problems[0]!)).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} @${range}: `));
    expect(problems[0]!.message).toMatch(message);
    // The published schema refuses it too.
    expect(validateConfig(JSON.parse(text))).toBe(false);
  });

  it.each([
    "{}",
    '{ "root": true }',
    '{ "root": false, "rules": { "times-hours": "off" } }',
    '{ "server": { "http://10.0.0.5/": "." }, "dryRun": { "interval": 1, "backupSlots": 1, "builds": { "https://x/a.bin": "13-1" } } }',
    '{ "target": { "firmware": "13r3", "products": ["IP232"] }, "fileNames": { "IPBS": { "update": "u.htm" } }, "files": [], "ignore": ["a/**"] }',
    '{ "dryRun": { "device": "IP9999" }, "target": { "products": ["SWPHONE", "MYPBXA", "IPVADECT", "PBL", "IP29-2"] } }',
  ])("valid for both the checker and the schema: %s", (text) => {
    expect(parseConfig(text).problems).toEqual([]);
    expect(validateConfig(JSON.parse(text))).toBe(true);
  });

  it("finds forbidden keys anywhere, also below keys that are wrong themselves", () => {
    const problems = parseConfig('{ "rulez": { "__proto__": 1 }, "files": [{ "constructor": 1 }] }').problems.map((p) => p.path).sort();
    expect(problems).toEqual(["files[0]", "files[0].constructor", "rulez", "rulez.__proto__"]);
  });

  it("a __proto__ key changes neither the result's prototype nor Object.prototype", () => {
    const text = '{ "__proto__": { "polluted": true }, "rules": { "__proto__": { "polluted": true }, "syntax": "off" }, "dryRun": { "builds": { "__proto__": "x" } } }';
    const { config, declared, problems } = parseConfig(text);
    expect(problems).toHaveLength(3);
    expect(Object.keys(config.rules)).toEqual(["syntax"]);
    expect(Object.getPrototypeOf(config.rules)).toBeNull();
    expect(Object.getPrototypeOf(config.dryRun.builds)).toBeNull();
    expect(Object.keys(config.dryRun.builds ?? {})).toEqual([]);
    expect((config as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect((declared as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect((config.rules as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("'constructor' and 'prototype' are not mistaken for known keys", () => {
    const { config } = parseConfig('{ "rules": { "constructor": "off" }, "dryRun": { "constructor": 1 } }');
    expect(Object.keys(config.rules)).toEqual([]);
    expect(Object.keys(config.dryRun)).toEqual([]);
  });

  it("reads root", () => {
    expect(parseConfig('{ "root": true }').root).toBe(true);
    expect(parseConfig("{}").root).toBe(false);
    expect(parseConfig('{ "root": true }').config).not.toHaveProperty("root");
  });
});

describe("mergeConfigs: outermost first, nearest wins", () => {
  it("merges maps and objects key by key; lists are replaced", () => {
    const outer = parseConfig(
      '{ "rules": { "times-hours": "off", "missing-serial": "error" }, "server": { "http://a/": "/srv/a" }, "target": { "firmware": "7.00", "products": ["IP232"] }, "files": ["**/*.htm"], "ignore": ["old/**"], "dryRun": { "device": "IP232", "builds": { "http://a/x.bin": "1" } }, "fileNames": { "IPBS": { "update": "u.htm", "boot": "b.bin" } } }',
    ).declared;
    const inner = parseConfig(
      '{ "rules": { "times-hours": "warning" }, "server": { "http://b/": "/srv/b" }, "target": { "products": ["IP1200"] }, "ignore": [], "dryRun": { "interval": 5, "builds": { "http://a/y.bin": "2" } }, "fileNames": { "IPBS": { "update": "U.htm" } } }',
    ).declared;
    const config = mergeConfigs([outer, inner]);
    expect({ ...config.rules }).toEqual({ "times-hours": "warning", "missing-serial": "error" });
    expect({ ...config.server }).toEqual({ "http://a/": "/srv/a", "http://b/": "/srv/b" });
    expect({ ...config.target }).toEqual({ firmware: "7.00", products: ["IP1200"] });
    expect(config.files).toEqual(["**/*.htm"]);
    expect(config.ignore).toEqual([]);
    expect({ ...config.dryRun, builds: { ...config.dryRun.builds } }).toEqual({ device: "IP232", interval: 5, builds: { "http://a/x.bin": "1", "http://a/y.bin": "2" } });
    expect({ ...config.fileNames.IPBS }).toEqual({ update: "U.htm", boot: "b.bin" });
  });

  it("no layer: the defaults", () => expect(mergeConfigs([]).files).toEqual(["**/*.upscript", "**/update*.htm", "**/update*.txt"]));

  it("never merges a __proto__ key, even from an object built elsewhere", () => {
    const hostile = JSON.parse('{ "rules": { "__proto__": { "polluted": true } }, "__proto__": { "polluted": true } }');
    const config = mergeConfigs([hostile, hostile]);
    expect((config.rules as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(config.rules)).toEqual([]);
  });
});

describe("--state file: one problem per bad key, type or range, at the exact range", () => {
  // checkerOnly: rules the schema cannot say (across keys; dates that do not exist).
  it.each([
    ['{ "backupIndex": «"x"» }', "backupIndex", /^backupIndex must be a whole number of at least 0, not string$/],
    ['{ "backupIndex": «-1» }', "backupIndex", /^backupIndex must be a whole number of at least 0$/],
    ['{ "backupIndex": «1.5» }', "backupIndex", /^backupIndex must be a whole number of at least 0$/],
    ['{ "backupSlots": «0» }', "backupSlots", /^backupSlots must be a whole number of at least 1$/],
    ['{ "uptime": «"600"» }', "uptime", /^uptime must be a whole number of at least 0, not string$/],
    ['{ "uptime": «-5» }', "uptime", /^uptime must be a whole number of at least 0$/],
    ['{ "variables": «[]» }', "variables", /^variables must be an object, not array$/],
    ['{ "variables": { «"FOO"»: "x" } }', "variables.FOO", /^unknown variable 'FOO'/],
    ['{ "variables": { "CHECK": «3» } }', "variables.CHECK", /^variables.CHECK must be a string, not number$/],
    ['{ "variables": { «"constructor"»: "x" } }', "variables.constructor", /^'constructor' cannot be a key/],
    ['{ "at": «"2026-11-20 23:30"» }', "at", /^at: '2026-11-20 23:30' is not a local time YYYY-MM-DDTHH:MM$/],
    ['{ "at": «1» }', "at", /^at must be a string, not number$/],
    ['{ "scfgWrittenAt": «null» }', "scfgWrittenAt", /^scfgWrittenAt must be a string, not null$/],
    ['{ "clock": «5» }', "clock", /^clock must be a string or null, not number$/],
    ['{ "clock": «"noon"» }', "clock", /^clock: 'noon' is not a local time/],
    ['{ "fresh": «"yes"» }', "fresh", /^fresh must be true or false, not string$/],
    ['{ "resetRequired": «1» }', "resetRequired", /^resetRequired must be true or false, not number$/],
    ['{ "device": «"IP/9"» }', "device", /^device: 'IP\/9' is not a product name such as IP232/],
    ['{ "product": «232» }', "product", /^product must be a string, not number$/],
    ['{ "mac": «"00-90-33"» }', "mac", /^mac: '00-90-33' is not a MAC address/],
    ['{ "firmware": «13» }', "firmware", /^firmware must be a string, not number$/],
    ['{ «"firmwar"»: "x" }', "firmwar", /^unknown key 'firmwar' \(known: device, product, /],
    ['{ «"__proto__"»: { "backupIndex": 1 } }', "__proto__", /^'__proto__' cannot be a key/],
    ['«[]»', "", /^the state must be an object, not array$/],
  ])("%s", (source, path, message) => {
    const { text, range } = marked(source);
    const { problems, notJson } = parseState(text);
    expect(notJson).toBe(false);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe(path);
    expect(showRange(problems[0]!.range)).toBe(range);
    expect(problems[0]!.message).toMatch(message);
    expect(validateState(JSON.parse(text))).toBe(false);
  });

  it.each([
    ['{ "backupIndex": «5» }', {}, /^backupIndex must be below backupSlots, 5 \(the default\), not 5$/],
    ['{ "backupSlots": 3, "backupIndex": «3» }', {}, /^backupIndex must be below backupSlots, 3, not 3$/],
    ['{ "backupIndex": «2» }', { backupSlots: 2 }, /^backupIndex must be below backupSlots, 2 \(dryRun.backupSlots in the config\), not 2$/],
    ['{ "at": «"2026-02-30T10:00"» }', {}, /^at: '2026-02-30T10:00' is not a date and time that exists/],
    ['{ "scfgWrittenAt": «"2026-13-45T99:00"» }', {}, /^scfgWrittenAt: .* is not a date and time that exists/],
  ])("checked beyond the schema: %s", (source, options, message) => {
    const { text, range } = marked(source);
    const { problems } = parseState(text, options);
    expect(problems.map((p) => [showRange(p.range), p.message])).toEqual([[range, expect.stringMatching(message)]]);
  });

  it.each([
    "{}",
    readFileSync(join(import.meta.dirname, "..", "cli", "fixtures", "dry-run", "state-ip1200.json"), "utf8"),
    readFileSync(join(import.meta.dirname, "..", "cli", "fixtures", "dry-run", "state-done.json"), "utf8"),
    '{ "clock": null, "fresh": true, "resetRequired": false, "uptime": 0, "backupIndex": 4, "backupSlots": 5 }',
    '{ "product": "IP1200", "mac": "0090.3303.0df0", "variables": { "UPDATE/CHECK": "2026-11-20", "SCFG": "" } }',
  ])("valid for both the checker and the schema: %s", (text) => {
    expect(parseState(text).problems).toEqual([]);
    expect(validateState(JSON.parse(text))).toBe(true);
  });

  it("variables may be written with or without UPDATE/; the result has plain names", () => {
    const { state } = parseState('{ "variables": { "UPDATE/CHECK": "a", "PROT": "b" } }');
    expect({ ...state?.variables }).toEqual({ CHECK: "a", PROT: "b" });
  });

  it("text that is not JSON (comments are not allowed either) is reported as such", () => {
    expect(parseState("device=IP1200").notJson).toBe(true);
    expect(parseState('{ /* x */ "uptime": 1 }').notJson).toBe(true);
  });
});
