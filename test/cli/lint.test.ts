/**
 * `upscript lint` end to end: every output format, exit codes, configs, rule overrides, warnings
 * limits, standard input, folder and pattern search, cfg targets, --fix and unreadable files.
 */
import { chmodSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers/cli.js";
import { bytes, tempDir, text, webroot, writeTree } from "./tmp.js";

/** One warning (a safe fix), one info, one error (an unsafe fix: it adds a final command). */
const SAMPLE = "mod cmd UP1 times /allow 1,2,2\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1\nmod cmd UP1 check 7\n";
const CLEAN = "mod cmd UP1 times /allow 23,0,1 /initial 6\nmod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-138765\n";
const HOUR_25 = "mod cmd UP1 times /allow 25\n";

const MSG = {
  duplicate: "hour 2 is listed twice",
  http: "prot over 'http': the firmware is downloaded unencrypted and could be read or replaced on the way; use https",
  final: "check has no final command: write ireset, reset, iresetn, resetn, reboot, ireboot, ser or no-op before '7' (ser does nothing afterwards)",
  hour25: "hour 25 is outside 0–23: the device never runs the script at that hour",
};

let dir: string;
beforeAll(() => {
  dir = writeTree(tempDir("lint"), {
    "sample.htm": SAMPLE,
    "clean.htm": CLEAN,
    "two-warnings.htm": "mod cmd UP1 times /allow 1,1,2\nmod cmd UP1 times /allow 2,2,1\n",
    "binary.htm": new Uint8Array([0x6d, 0x6f, 0x64, 0x00, 0x01, 0x02]),
    "utf16le.htm": new Uint8Array([0xff, 0xfe, ...Buffer.from("mod cmd UP1 poll\n", "utf16le")]),
    "utf16be.htm": new Uint8Array([0xfe, 0xff, ...Buffer.from("mod cmd UP1 poll\n", "utf16le").swap16()]),
    "latin1.htm": new Uint8Array([...Buffer.from("# Gr"), 0xfc, ...Buffer.from("\nmod cmd UP1 poll\n")]),
    "bom.htm": `\uFEFF${HOUR_25}`,
    "empty/readme.txt": "no scripts here\n",
  });
});

const run = (args: string[], input?: string) => runCli(args, { cwd: dir, ...(input !== undefined && { input }) });

describe("output formats", () => {
  it("stylish is the default: problems grouped by file, a count, exit 1 on an error", () => {
    expect(run(["lint", "sample.htm"])).toEqual({
      code: 1,
      stdout: [
        "sample.htm",
        `  1:30  warning  ${MSG.duplicate}  times-duplicate-hour`,
        `  2:18  info     ${MSG.http}  plain-http-transfer`,
        `  3:13  error    ${MSG.final}  missing-final-command`,
        "",
        "✖ 3 problems (1 error, 1 warning, 1 info)",
        "  1 problem fixable with --fix (1 more with --unsafe-fixes: it changes what devices do)",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("stylish prints nothing for a clean file and exits 0", () => {
    expect(run(["lint", "clean.htm"])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(run(["lint", "--format", "stylish", "clean.htm"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("gcc: one file:line:column: severity: message [rule] line per problem", () => {
    expect(run(["lint", "--format", "gcc", "sample.htm", "clean.htm"])).toEqual({
      code: 1,
      stdout:
        `sample.htm:1:30: warning: ${MSG.duplicate} [times-duplicate-hour]\n` +
        `sample.htm:2:18: info: ${MSG.http} [plain-http-transfer]\n` +
        `sample.htm:3:13: error: ${MSG.final} [missing-final-command]\n`,
      stderr: "",
    });
  });

  it("json: every file (clean ones too) with 1-based ranges and which fix exists (safe, unsafe or none)", () => {
    const result = run(["lint", "-f", "json", "sample.htm", "clean.htm"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([
      {
        file: "sample.htm",
        diagnostics: [
          { rule: "times-duplicate-hour", severity: "warning", message: MSG.duplicate, line: 1, column: 30, endLine: 1, endColumn: 31, fixable: "safe" },
          { rule: "plain-http-transfer", severity: "info", message: MSG.http, line: 2, column: 18, endLine: 2, endColumn: 22, fixable: "none" },
          { rule: "missing-final-command", severity: "error", message: MSG.final, line: 3, column: 13, endLine: 3, endColumn: 18, fixable: "unsafe" },
        ],
      },
      { file: "clean.htm", diagnostics: [] },
    ]);
  });

  describe("sarif", () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json"), "utf8"));
    const ajv = new Ajv({ strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid = (log: unknown) => {
      const ok = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    };

    interface SarifRule {
      id: string;
      helpUri: string;
      shortDescription: { text: string };
      defaultConfiguration: { level: string };
    }
    interface SarifResult {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }[];
      partialFingerprints: Record<string, string>;
    }

    it("validates against the SARIF 2.1.0 schema, with stable rule ids and rule metadata for every result", () => {
      const result = run(["lint", "--format", "sarif", "sample.htm", "clean.htm"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe("");
      const log = JSON.parse(result.stdout);
      valid(log);
      expect(log.version).toBe("2.1.0");
      expect(log.runs).toHaveLength(1);
      const run0 = log.runs[0];
      expect(run0.tool.driver.name).toBe("upscript");
      expect(run0.tool.driver.version).toBe(JSON.parse(text(join(repoRoot, "package.json"))).version);
      const rules: SarifRule[] = run0.tool.driver.rules;
      const results: SarifResult[] = run0.results;
      expect(results.map((r) => [r.ruleId, r.level, r.message.text])).toEqual([
        ["times-duplicate-hour", "warning", MSG.duplicate],
        ["plain-http-transfer", "note", MSG.http],
        ["missing-final-command", "error", MSG.final],
      ]);
      for (const r of results) {
        const rule = rules[r.ruleIndex]!;
        expect(rule.id).toBe(r.ruleId);
        expect(rule.helpUri).toBe(`https://github.com/upscript/upscript/blob/main/docs/rules/${r.ruleId}.md`);
        expect(rule.shortDescription.text).not.toBe("");
        expect(r.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: "sample.htm", uriBaseId: "%SRCROOT%" });
        expect(Object.keys(r.partialFingerprints)).toEqual(["upscript/v1"]);
      }
      expect(results[2]!.locations[0]!.physicalLocation.region).toEqual({ startLine: 3, startColumn: 13, endLine: 3, endColumn: 18 });
      // Every rule has metadata with a help URI, whether it fired or not; the ids are those `upscript rules` lists.
      const listed = runCli(["rules"]).stdout.split("\n").slice(1, -1).map((line) => line.split(" ")[0]);
      expect(rules.map((r) => r.id)).toEqual(listed);
      for (const rule of rules) expect(rule.helpUri).toBe(`https://github.com/upscript/upscript/blob/main/docs/rules/${rule.id}.md`);
    });

    it("the same problem keeps its rule id and fingerprint when other lines move", () => {
      const moved = writeTree(tempDir("sarif"), { "sample.htm": `# a comment\n\n${SAMPLE}` });
      const before = JSON.parse(run(["lint", "-f", "sarif", "sample.htm"]).stdout).runs[0].results as SarifResult[];
      const after = JSON.parse(runCli(["lint", "-f", "sarif", "sample.htm"], { cwd: moved }).stdout).runs[0].results as SarifResult[];
      expect(after.map((r) => r.ruleId)).toEqual(before.map((r) => r.ruleId));
      expect(after.map((r) => r.partialFingerprints)).toEqual(before.map((r) => r.partialFingerprints));
      expect(after.map((r) => r.locations[0]!.physicalLocation.region.startLine)).toEqual([3, 4, 5]);
    });

    it("a file outside the working folder gets a file: URI; a clean run has no results; both validate", () => {
      const outside = runCli(["lint", "-f", "sarif", join(dir, "sample.htm")], { cwd: tempDir("elsewhere") });
      const log = JSON.parse(outside.stdout);
      valid(log);
      expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: `file://${join(dir, "sample.htm")}` });
      const clean = run(["lint", "-f", "sarif", "clean.htm"]);
      expect(clean.code).toBe(0);
      const cleanLog = JSON.parse(clean.stdout);
      valid(cleanLog);
      expect(cleanLog.runs[0].results).toEqual([]);
    });
  });

  it("an unknown format is a usage error", () => {
    const result = run(["lint", "--format", "xml", "clean.htm"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("upscript: error: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are stylish, json, sarif, gcc.");
  });
});

describe("files that cannot be checked", () => {
  it("a missing file: exit 2 and one line", () => {
    expect(run(["lint", "x.htm"])).toEqual({ code: 2, stdout: "", stderr: "upscript: cannot read 'x.htm': no such file\n" });
  });

  it("a missing file next to a good one: the good one is still checked, exit 2", () => {
    expect(run(["lint", "-f", "gcc", "sample.htm", "x.htm"])).toEqual({
      code: 2,
      stdout:
        `sample.htm:1:30: warning: ${MSG.duplicate} [times-duplicate-hour]\n` +
        `sample.htm:2:18: info: ${MSG.http} [plain-http-transfer]\n` +
        `sample.htm:3:13: error: ${MSG.final} [missing-final-command]\n`,
      stderr: "upscript: cannot read 'x.htm': no such file\n",
    });
  });

  it("a folder without scripts is an error (exit 2), named on stderr", () => {
    expect(run(["lint", "empty"])).toEqual({ code: 2, stdout: "", stderr: "upscript: no scripts found in 'empty'\n" });
  });

  it("a binary file is reported and skipped; the other files are checked", () => {
    expect(run(["lint", "binary.htm"])).toEqual({ code: 0, stdout: "", stderr: "upscript: skipping 'binary.htm': binary file, skipped\n" });
    const both = run(["lint", "-f", "gcc", "binary.htm", "sample.htm"]);
    expect(both.code).toBe(1);
    expect(both.stderr).toBe("upscript: skipping 'binary.htm': binary file, skipped\n");
    expect(both.stdout.split("\n")).toHaveLength(4);
  });

  it("UTF-16 files (either byte order) are skipped with a hint", () => {
    const hint = "UTF-16 text; save it as UTF-8 (the devices read ASCII/UTF-8)";
    expect(run(["lint", "utf16le.htm", "utf16be.htm"])).toEqual({
      code: 0,
      stdout: "",
      stderr: `upscript: skipping 'utf16le.htm': ${hint}\nupscript: skipping 'utf16be.htm': ${hint}\n`,
    });
  });

  it("a file that is not UTF-8 is skipped", () => {
    expect(run(["lint", "latin1.htm"])).toEqual({ code: 0, stdout: "", stderr: "upscript: skipping 'latin1.htm': not valid UTF-8 text, skipped\n" });
  });

  it("a UTF-8 byte order mark does not shift the columns", () => {
    expect(run(["lint", "-f", "gcc", "bom.htm"])).toEqual({ code: 1, stdout: `bom.htm:1:26: error: ${MSG.hour25} [times-hours]\n`, stderr: "" });
  });

  it("no paths searches the current folder (here: no update*.htm in it, so exit 2)", () => {
    expect(run(["lint"])).toEqual({ code: 2, stdout: "", stderr: "upscript: no scripts found in '.'\n" });
  });
});

describe("configuration", () => {
  let cdir: string;
  beforeAll(() => {
    cdir = writeTree(tempDir("config"), {
      "badkey/.upscriptrc.json": '{\n  "rules": {},\n  "taget": {}\n}\n',
      "badkey/update-ip232.htm": SAMPLE,
      "badseverity/.upscriptrc.json": '{ "rules": { "times-hours": "loud" } }\n',
      "badseverity/update-ip232.htm": SAMPLE,
      "notjson/.upscriptrc.json": '{ "rules": \n',
      "notjson/update-ip232.htm": SAMPLE,
      "quiet/.upscriptrc.json": '{ "rules": { "plain-http-transfer": "off", "times-duplicate-hour": "error" } }\n',
      "quiet/deeper/update-ip232.htm": SAMPLE,
      "other.json": '// comments and trailing commas are fine\n{ "rules": { "missing-final-command": "warning", }, }\n',
    });
  });
  const crun = (args: string[]) => runCli(args, { cwd: cdir });

  it("a config with an unknown key: exit 2, file:line:col: message, nothing checked", () => {
    expect(crun(["lint", "badkey/update-ip232.htm"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "upscript: badkey/.upscriptrc.json:3:3: unknown key 'taget' (did you mean 'target'?)\n",
    });
  });

  it("a config with a bad severity or broken JSON: exit 2 with the position", () => {
    expect(crun(["lint", "badseverity/update-ip232.htm"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "upscript: badseverity/.upscriptrc.json:1:29: rules.times-hours: 'loud' is not one of 'off', 'info', 'warning', 'error'\n",
    });
    const broken = crun(["lint", "notjson/update-ip232.htm"]);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toBe("");
    expect(broken.stderr).toMatch(/^upscript: notjson\/\.upscriptrc\.json:\d+:\d+: not valid JSON: .+\n/);
  });

  it("the nearest config above the script applies", () => {
    expect(crun(["lint", "-f", "gcc", "quiet/deeper/update-ip232.htm"])).toEqual({
      code: 1,
      stdout: `quiet/deeper/update-ip232.htm:1:30: error: ${MSG.duplicate} [times-duplicate-hour]\nquiet/deeper/update-ip232.htm:3:13: error: ${MSG.final} [missing-final-command]\n`,
      stderr: "",
    });
  });

  it("--config FILE replaces the nearest config for every script", () => {
    expect(crun(["lint", "-f", "gcc", "--config", "other.json", "quiet/deeper/update-ip232.htm", "badkey/update-ip232.htm"])).toEqual({
      code: 0,
      stdout:
        `quiet/deeper/update-ip232.htm:1:30: warning: ${MSG.duplicate} [times-duplicate-hour]\n` +
        `quiet/deeper/update-ip232.htm:2:18: info: ${MSG.http} [plain-http-transfer]\n` +
        `quiet/deeper/update-ip232.htm:3:13: warning: ${MSG.final} [missing-final-command]\n` +
        `badkey/update-ip232.htm:1:30: warning: ${MSG.duplicate} [times-duplicate-hour]\n` +
        `badkey/update-ip232.htm:2:18: info: ${MSG.http} [plain-http-transfer]\n` +
        `badkey/update-ip232.htm:3:13: warning: ${MSG.final} [missing-final-command]\n`,
      stderr: "",
    });
  });

  it("--config with a missing or bad file: exit 2", () => {
    expect(crun(["lint", "--config", "nothere.json", "quiet/deeper/update-ip232.htm"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "upscript: cannot read config 'nothere.json': no such file\n",
    });
    expect(crun(["lint", "--config", "badkey/.upscriptrc.json", "quiet/deeper/update-ip232.htm"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "upscript: badkey/.upscriptrc.json:3:3: unknown key 'taget' (did you mean 'target'?)\n",
    });
  });

  it("--rule ID=SEVERITY overrides the default and the config, and may be repeated", () => {
    expect(crun(["lint", "-f", "gcc", "--rule", "times-duplicate-hour=off", "--rule", "plain-http-transfer=error", "--rule", "missing-final-command=info", "quiet/deeper/update-ip232.htm"])).toEqual({
      code: 1,
      stdout: `quiet/deeper/update-ip232.htm:2:18: error: ${MSG.http} [plain-http-transfer]\nquiet/deeper/update-ip232.htm:3:13: info: ${MSG.final} [missing-final-command]\n`,
      stderr: "",
    });
  });

  it("a bad --rule is a usage error", () => {
    expect(crun(["lint", "--rule", "times-hourz=off", "quiet/deeper/update-ip232.htm"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "upscript: --rule times-hourz=off: unknown rule 'times-hourz'\n",
    });
    expect(crun(["lint", "--rule", "times-hours=fatal", "quiet/deeper/update-ip232.htm"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "upscript: --rule times-hours=fatal: the severity must be off, info, warning or error\n",
    });
    expect(crun(["lint", "--rule", "times-hours", "quiet/deeper/update-ip232.htm"]).code).toBe(2);
  });
});

describe("--max-warnings and --quiet", () => {
  const stylishTwo = [
    "two-warnings.htm",
    "  1:28  warning  hour 1 is listed twice  times-duplicate-hour",
    "  2:28  warning  hour 2 is listed twice  times-duplicate-hour",
    "",
    "✖ 2 problems (0 errors, 2 warnings, 0 infos)",
    "  2 problems fixable with --fix",
    "",
  ].join("\n");

  it("warnings alone exit 0", () => {
    expect(run(["lint", "two-warnings.htm"])).toEqual({ code: 0, stdout: stylishTwo, stderr: "" });
  });

  it("more warnings than --max-warnings exit 1 and say so", () => {
    expect(run(["lint", "--max-warnings", "1", "two-warnings.htm"])).toEqual({ code: 1, stdout: stylishTwo, stderr: "upscript: 2 warnings, more than --max-warnings 1\n" });
    expect(run(["lint", "--max-warnings", "0", "two-warnings.htm"]).code).toBe(1);
  });

  it("as many warnings as --max-warnings, or -1, exit 0", () => {
    expect(run(["lint", "--max-warnings", "2", "two-warnings.htm"])).toEqual({ code: 0, stdout: stylishTwo, stderr: "" });
    expect(run(["lint", "--max-warnings", "-1", "two-warnings.htm"]).code).toBe(0);
  });

  it("a --max-warnings that is not a whole number is a usage error", () => {
    expect(run(["lint", "--max-warnings", "abc", "two-warnings.htm"])).toEqual({ code: 2, stdout: "", stderr: "upscript: --max-warnings takes a whole number, not 'abc'\n" });
  });

  it("--quiet shows errors only; the exit code is unchanged", () => {
    expect(run(["lint", "--quiet", "sample.htm"])).toEqual({
      code: 1,
      stdout: ["sample.htm", `  3:13  error    ${MSG.final}  missing-final-command`, "", "✖ 1 problem (1 error, 0 warnings, 0 infos)", "  1 problem fixable with --unsafe-fixes (it changes what devices do)", ""].join("\n"),
      stderr: "",
    });
    expect(run(["lint", "-q", "two-warnings.htm"])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(run(["lint", "-q", "-f", "json", "two-warnings.htm"]).stdout).toBe('[\n  {\n    "file": "two-warnings.htm",\n    "diagnostics": []\n  }\n]\n');
  });
});

describe("--stdin", () => {
  let sdir: string;
  beforeAll(() => {
    sdir = writeTree(tempDir("stdin"), {
      "site/.upscriptrc.json": '{ "rules": { "plain-http-transfer": "off" } }\n',
    });
  });

  it("checks standard input as <stdin> without a file name", () => {
    expect(runCli(["lint", "--stdin", "-f", "gcc"], { cwd: sdir, input: SAMPLE })).toEqual({
      code: 1,
      stdout: `<stdin>:1:30: warning: ${MSG.duplicate} [times-duplicate-hour]\n<stdin>:2:18: info: ${MSG.http} [plain-http-transfer]\n<stdin>:3:13: error: ${MSG.final} [missing-final-command]\n`,
      stderr: "",
    });
  });

  it("--stdin-filename names the output and finds the config from that name (the file need not exist)", () => {
    expect(runCli(["lint", "--stdin", "--stdin-filename", "site/update-ip232.htm", "-f", "gcc"], { cwd: sdir, input: SAMPLE })).toEqual({
      code: 1,
      stdout: `site/update-ip232.htm:1:30: warning: ${MSG.duplicate} [times-duplicate-hour]\nsite/update-ip232.htm:3:13: error: ${MSG.final} [missing-final-command]\n`,
      stderr: "",
    });
  });

  it("the product is inferred from the stdin file name", () => {
    const reboot = "mod cmd UP0 prot https://10.0.0.5/fw/ reboot 13-1\n";
    expect(runCli(["lint", "--stdin", "--stdin-filename", "update-ip21.htm", "-f", "gcc"], { cwd: sdir, input: reboot })).toEqual({
      code: 0,
      stdout: "update-ip21.htm:1:39: warning: 'reboot': it does not work on the IP21. Use reset instead [version-feature]\n",
      stderr: "",
    });
    expect(runCli(["lint", "--stdin", "--stdin-filename", "update-ip232.htm", "-f", "gcc"], { cwd: sdir, input: reboot })).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("the product and the web root of the example decide which firmware file must exist", () => {
    const prot = "mod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765\n";
    const phones = join(webroot, "phones");
    const ip232 = runCli(["lint", "--stdin", "--stdin-filename", join(phones, "update-ip232.htm"), "-f", "json", "--rule", "plain-http-transfer=off"], { input: prot });
    expect(ip232.code).toBe(0);
    expect(JSON.parse(ip232.stdout)[0].diagnostics).toEqual([]);
    const ip222 = runCli(["lint", "--stdin", "--stdin-filename", join(phones, "update-ip222.htm"), "-f", "json", "--rule", "plain-http-transfer=off"], { input: prot });
    expect(ip222.code).toBe(0);
    expect(JSON.parse(ip222.stdout)[0].diagnostics).toMatchObject([
      { rule: "missing-file", severity: "warning", message: expect.stringContaining("http://10.0.0.5/firmware/ip222.bin (the prot file for IP222) does not exist in the web root") },
    ]);
  });

  it("a bad config found from the stdin file name is exit 2", () => {
    const bad = writeTree(tempDir("stdin-bad"), { "x/.upscriptrc.json": '{ "rulez": {} }' });
    const result = runCli(["lint", "--stdin", "--stdin-filename", "x/update-ip232.htm"], { cwd: bad, input: SAMPLE });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("upscript: x/.upscriptrc.json:1:3: unknown key 'rulez' (did you mean 'rules'?)\n");
  });

  it("binary input is skipped (exit 0), but cannot be fixed (exit 2); paths next to --stdin are an error", () => {
    expect(runCli(["lint", "--stdin"], { cwd: sdir, input: "ab\0c" })).toEqual({ code: 0, stdout: "", stderr: "upscript: skipping standard input: binary file, skipped\n" });
    expect(runCli(["lint", "--stdin", "--fix"], { cwd: sdir, input: "ab\0c" })).toEqual({ code: 2, stdout: "", stderr: "upscript: cannot fix standard input: binary file, skipped\n" });
    expect(runCli(["lint", "--stdin", "sample.htm"], { cwd: sdir, input: SAMPLE })).toEqual({ code: 2, stdout: "", stderr: "upscript: --stdin reads the script from standard input; give no paths\n" });
  });
});

describe("searching folders and patterns", () => {
  let sdir: string;
  beforeAll(() => {
    sdir = writeTree(tempDir("search"), {
      "root/.gitignore": "build/\n*.bak.htm\n",
      "root/.upscriptrc.json": '{ "files": ["**/update*.htm", "**/*.script"], "ignore": ["archive/**"] }\n',
      "root/a/update-ip232.htm": HOUR_25,
      "root/a/update-old.bak.htm": HOUR_25,
      "root/a/notes.htm": HOUR_25,
      "root/build/update-x.htm": HOUR_25,
      "root/archive/update-old.htm": HOUR_25,
      "root/other/site.script": HOUR_25,
      "root/other/foo.upscript": HOUR_25,
      "root/nested/.gitignore": "update-local.htm\n",
      "root/nested/update-a.htm": HOUR_25,
      "root/nested/update-local.htm": HOUR_25,
      "root/node_modules/pkg/update-z.htm": HOUR_25,
      "root/.hidden/update-h.htm": HOUR_25,
      "plain/update-ip232.htm": HOUR_25,
      "plain/x.upscript": HOUR_25,
      "plain/update-dect.txt": HOUR_25,
      "plain/other.htm": HOUR_25,
      "plain/sub/update-ip1200.htm": HOUR_25,
    });
  });
  const gccLine = (file: string) => `${file}:1:26: error: ${MSG.hour25} [times-hours]\n`;

  it("a folder is searched with the config's files and ignore patterns, honouring .gitignore (also nested ones)", () => {
    expect(runCli(["lint", "-f", "gcc", "."], { cwd: join(sdir, "root") })).toEqual({
      code: 1,
      stdout: gccLine("a/update-ip232.htm") + gccLine("nested/update-a.htm") + gccLine("other/site.script"),
      stderr: "",
    });
  });

  it("the same rules apply when a subfolder or the folder from outside is searched", () => {
    expect(runCli(["lint", "-f", "gcc", "a"], { cwd: join(sdir, "root") })).toEqual({ code: 1, stdout: gccLine("a/update-ip232.htm"), stderr: "" });
    expect(runCli(["lint", "-f", "gcc", "root"], { cwd: sdir })).toEqual({
      code: 1,
      stdout: gccLine("root/a/update-ip232.htm") + gccLine("root/nested/update-a.htm") + gccLine("root/other/site.script"),
      stderr: "",
    });
  });

  it("a git-ignored folder has no scripts to search, but a file named explicitly is checked", () => {
    expect(runCli(["lint", "-f", "gcc", "build"], { cwd: join(sdir, "root") })).toEqual({ code: 2, stdout: "", stderr: "upscript: no scripts found in 'build'\n" });
    expect(runCli(["lint", "-f", "gcc", "build/update-x.htm"], { cwd: join(sdir, "root") })).toEqual({ code: 1, stdout: gccLine("build/update-x.htm"), stderr: "" });
  });

  it("without a config the default patterns apply: *.upscript, update*.htm, update*.txt", () => {
    expect(runCli(["lint", "-f", "gcc", "plain"], { cwd: sdir })).toEqual({
      code: 1,
      stdout: gccLine("plain/sub/update-ip1200.htm") + gccLine("plain/update-dect.txt") + gccLine("plain/update-ip232.htm") + gccLine("plain/x.upscript"),
      stderr: "",
    });
  });

  it("a glob pattern is expanded by upscript itself (any matching file), sorted", () => {
    expect(runCli(["lint", "-f", "gcc", "plain/**/*.htm"], { cwd: sdir })).toEqual({
      code: 1,
      stdout: gccLine("plain/other.htm") + gccLine("plain/sub/update-ip1200.htm") + gccLine("plain/update-ip232.htm"),
      stderr: "",
    });
    expect(runCli(["lint", "-f", "gcc", "plain/*.{txt,upscript}"], { cwd: sdir })).toEqual({
      code: 1,
      stdout: gccLine("plain/update-dect.txt") + gccLine("plain/x.upscript"),
      stderr: "",
    });
  });

  it("a pattern that matches nothing is an error (exit 2) naming it", () => {
    expect(runCli(["lint", "nothing/**/*.htm"], { cwd: sdir })).toEqual({ code: 2, stdout: "", stderr: "upscript: no scripts match 'nothing/**/*.htm'\n" });
  });

  it("a file reached twice is checked once", () => {
    expect(runCli(["lint", "-f", "gcc", "plain/x.upscript", "plain/*.upscript", "plain/../plain/x.upscript"], { cwd: sdir })).toEqual({ code: 1, stdout: gccLine("plain/x.upscript"), stderr: "" });
  });
});

describe("cfg targets through the server map", () => {
  let wdir: string;
  beforeAll(() => {
    wdir = writeTree(tempDir("webroot"), {
      ".upscriptrc.json": '{ "server": { "http://10.0.0.5/": "." }, "rules": { "plain-http-transfer": "off" } }\n',
      "phones/update-ip232.htm": "mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser C1\nconfig activate\n",
      "cfg/site.txt": "config change DNS0 /addr 10.0.0.1\nmod cmd UP0 cfg http://10.0.0.5/cfg/other.txt ser C2\n",
    });
  });

  it("a folder search checks the files the cfg lines load, as cfg targets", () => {
    expect(runCli(["lint", "-f", "gcc", "."], { cwd: wdir })).toEqual({
      code: 1,
      stdout:
        "phones/update-ip232.htm:1:17: error: cfg/site.txt, loaded here, has its own cfg on line 2: the device cannot nest UP0 commands, so that inner cfg never loads its file [nested-cfg]\n" +
        "cfg/site.txt:2:13: error: cfg in a file that is itself loaded by cfg: the device cannot nest UP0 commands, so 'http://10.0.0.5/cfg/other.txt' is never loaded from here [nested-cfg]\n",
      stderr: "",
    });
  });

  it("the example web root: its cfg target is checked with the scripts", () => {
    const result = runCli(["lint", "-f", "json", "examples/webroot"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const files = JSON.parse(result.stdout) as { file: string; diagnostics: { rule: string }[] }[];
    expect(files.map((f) => f.file)).toEqual(["examples/webroot/dect/update-ip1200.htm", "examples/webroot/phones/update-ip232.htm", "examples/webroot/cfg/site-berlin.txt"]);
    // Hints only: plain http, and what a stored check serial means for a failed transfer.
    expect(new Set(files.flatMap((f) => f.diagnostics.map((d) => d.rule)))).toEqual(new Set(["plain-http-transfer", "check-stores-on-failure"]));
  });
});

describe("--fix", () => {
  const BROKEN = "mod cmd UP1 times /allow 22-2,3,3\r\nmod cmd UP0 PROT https://10.0.0.5/fw/ ireset 13-1\r\nmod cmd UP1 check 7\r\n";
  const FIXED = "mod cmd UP1 times /allow 22,23,0,1,2,3\r\nmod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-1\r\nmod cmd UP1 check ser 7\r\n";

  it("with --unsafe-fixes rewrites the file with every fix, keeps CRLF, says what it fixed, and a second run changes nothing", () => {
    const fdir = writeTree(tempDir("fix"), { "update-ip232.htm": BROKEN, "bom.htm": `\uFEFF${BROKEN}` });
    const first = runCli(["lint", "--fix", "--unsafe-fixes", "update-ip232.htm", "bom.htm"], { cwd: fdir });
    expect(first).toEqual({ code: 0, stdout: "", stderr: "upscript: fixed 8 problems in 2 files (6 fixes change what devices do)\n" });
    expect(text(join(fdir, "update-ip232.htm"))).toBe(FIXED);
    expect(bytes(join(fdir, "bom.htm"))).toEqual(Buffer.from(`\uFEFF${FIXED}`));
    const second = runCli(["lint", "--fix", "--unsafe-fixes", "update-ip232.htm", "bom.htm"], { cwd: fdir });
    expect(second).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(text(join(fdir, "update-ip232.htm"))).toBe(FIXED);
    expect(bytes(join(fdir, "bom.htm"))).toEqual(Buffer.from(`\uFEFF${FIXED}`));
  });

  it("reports what it cannot fix (or may not: an unsafe fix) and exits by what is left", () => {
    const fdir = writeTree(tempDir("fix-left"), { "sample.htm": SAMPLE });
    expect(runCli(["lint", "--fix", "-f", "gcc", "sample.htm"], { cwd: fdir })).toEqual({
      code: 1,
      stdout: `sample.htm:2:18: info: ${MSG.http} [plain-http-transfer]\nsample.htm:3:13: error: ${MSG.final} [missing-final-command]\n`,
      stderr: "upscript: fixed 1 problem in 1 file; 1 more fix would change what devices do: add --unsafe-fixes to apply it\n",
    });
    expect(text(join(fdir, "sample.htm"))).toBe("mod cmd UP1 times /allow 1,2\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1\nmod cmd UP1 check 7\n");
    expect(runCli(["lint", "--fix", "--unsafe-fixes", "-f", "gcc", "sample.htm"], { cwd: fdir })).toEqual({
      code: 0,
      stdout: `sample.htm:2:18: info: ${MSG.http} [plain-http-transfer]\n`,
      stderr: "upscript: fixed 1 problem in 1 file (1 fix changes what devices do)\n",
    });
    expect(text(join(fdir, "sample.htm"))).toBe("mod cmd UP1 times /allow 1,2\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1\nmod cmd UP1 check ser 7\n");
  });

  it("a file without fixable problems is not touched", () => {
    const fdir = writeTree(tempDir("fix-none"), { "clean.htm": CLEAN });
    const before = statSync(join(fdir, "clean.htm")).mtimeMs;
    expect(runCli(["lint", "--fix", "clean.htm"], { cwd: fdir })).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(statSync(join(fdir, "clean.htm")).mtimeMs).toBe(before);
  });

  it("a read-only file: exit 2, the message names the file, the file stays byte for byte (also as root)", () => {
    const fdir = writeTree(tempDir("fix-ro"), { "update-ip232.htm": BROKEN });
    const file = join(fdir, "update-ip232.htm");
    chmodSync(file, 0o444);
    const result = runCli(["lint", "--fix", "-f", "gcc", "update-ip232.htm"], { cwd: fdir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("upscript: cannot write 'update-ip232.htm': the file is read-only; left unchanged\n");
    expect(result.stdout.split("\n").filter(Boolean).map((line) => line.replace(/:.*\[/, " ["))).toEqual([
      "update-ip232.htm [times-hours]",
      "update-ip232.htm [times-duplicate-hour]",
      "update-ip232.htm [keyword-case]",
      "update-ip232.htm [missing-final-command]",
    ]);
    expect(bytes(file)).toEqual(Buffer.from(BROKEN));
    expect(statSync(file).mode & 0o777).toBe(0o444);
  });
});
