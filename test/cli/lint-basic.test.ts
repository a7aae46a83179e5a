/** The first `upscript lint`: syntax diagnostics, gcc-style and JSON output, exit codes. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "upscript-lint-"));
  writeFileSync(join(dir, "clean.htm"), "mod cmd UP1 times /allow 23,0,1 /initial 6\nmod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-138765\n");
  writeFileSync(join(dir, "info.htm"), "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765\n");
  mkdirSync(join(dir, "badconfig"));
  writeFileSync(join(dir, "badconfig", ".upscriptrc.json"), '{\n  "rules": { "times-hourz": "off" }\n}\n');
  writeFileSync(join(dir, "badconfig", "update-ip232.htm"), "mod cmd UP1 poll\n");
  writeFileSync(join(dir, "broken.htm"), "mod cmd UP1 poll\r\nmod cmd\r\n  config\r\n");
  writeFileSync(join(dir, "binary.htm"), Buffer.from([0x6d, 0x6f, 0x00, 0x01, 0x02]));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("upscript lint (syntax)", () => {
  it("exits 0 on a clean script and prints nothing", () => {
    const run = runCli(["lint", join(dir, "clean.htm")]);
    expect(run).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("prints file:line:column severity message [code] and exits 1", () => {
    const file = join(dir, "broken.htm");
    const run = runCli(["lint", "--format", "gcc", file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `${file}:2:1: error: 'mod cmd' must be followed by a module name such as UP0, UP1, WLANMGR0; the device cannot run this line [syntax]\n` +
        `${file}:3:3: error: 'config' must be followed by a verb such as change, add, rem, write or activate; the device cannot run this line [syntax]\n`,
    );
  });

  it("--format json gives 1-based positions", () => {
    const file = join(dir, "broken.htm");
    const run = runCli(["lint", "--format", "json", file]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        file,
        diagnostics: [
          { rule: "syntax", severity: "error", message: "'mod cmd' must be followed by a module name such as UP0, UP1, WLANMGR0; the device cannot run this line", line: 2, column: 1, endLine: 2, endColumn: 8, fixable: "none" },
          { rule: "syntax", severity: "error", message: "'config' must be followed by a verb such as change, add, rem, write or activate; the device cannot run this line", line: 3, column: 3, endLine: 3, endColumn: 9, fixable: "none" },
        ],
      },
    ]);
  });

  it("exits 0 when there are only infos and warnings, and still prints them", () => {
    const run = runCli(["lint", "--format", "gcc", join(dir, "info.htm")]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/info: prot over 'http'.*\[plain-http-transfer\]/);
  });

  it("exits 2 and names the key when the nearest config is bad", () => {
    const run = runCli(["lint", join(dir, "badconfig", "update-ip232.htm")], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`upscript: ${join("badconfig", ".upscriptrc.json")}:2:14: unknown rule 'times-hourz' (did you mean 'times-hours'?)\n`);
    expect(run.stdout).toBe("");
  });

  it("exits 2 with one clear line for a missing file", () => {
    const run = runCli(["lint", join(dir, "nope.htm")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`upscript: cannot read '${join(dir, "nope.htm")}': no such file\n`);
  });

  it("reports a binary file as skipped", () => {
    const run = runCli(["lint", join(dir, "binary.htm")]);
    expect(run.stderr).toBe(`upscript: skipping '${join(dir, "binary.htm")}': binary file, skipped\n`);
  });

  it("exits 2 on a usage error", () => {
    expect(runCli(["lint", "--format", "xml", join(dir, "clean.htm")]).code).toBe(2);
    expect(runCli(["lint", "--stdin", join(dir, "clean.htm")]).code).toBe(2);
  });
});
