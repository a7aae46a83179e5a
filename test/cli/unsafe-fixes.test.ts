/**
 * Safe and unsafe fixes: `lint --fix` applies only the fixes after which every device does what it
 * did before; `--unsafe-fixes` adds those that change what devices do (with --fix, --diff and
 * --stdin --fix). The summary says how many unsafe fixes were left out and how to apply them, the
 * stylish report counts the two kinds apart, JSON names the kind.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixAll, lint, type Diagnostic, type Fix } from "@upscript/language";
import { stylish } from "../../server/src/cli/format/stylish.js";
import { formatAll } from "../../server/src/cli/format/types.js";
import { runCli } from "../helpers/cli.js";
import { bytes, tempDir, text, writeTree } from "./tmp.js";

/** A duplicate hour (safe: the same hours), an hour range and a keyword in the wrong case (unsafe: both lines start to count). */
const MIXED = "mod cmd UP1 times /allow 22-2,3,3\nmod cmd UP0 PROT https://10.0.0.5/fw/ ireset 13-1\n";
const SAFE_FIXED = "mod cmd UP1 times /allow 22-2,3\nmod cmd UP0 PROT https://10.0.0.5/fw/ ireset 13-1\n";
const ALL_FIXED = "mod cmd UP1 times /allow 22,23,0,1,2,3\nmod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-1\n";
/** Only unsafe fixes: adding the missing final command makes the check run. */
const UNSAFE_ONLY = "mod cmd UP1 check 7\n";

const RANGE = "'22-2' is a range, which the device does not understand: list the hours one by one: 22,23,0,1,2";
const PROT = "'PROT' must be written 'prot': the device compares keywords and module names exactly, so it does not recognise 'PROT' and ignores this line";

describe("lint --fix applies the safe fixes only", () => {
  it("rewrites the file with the safe fix, reports the rest, and says how to apply the unsafe ones", () => {
    const dir = writeTree(tempDir("unsafe-fix"), { "update-ip232.htm": MIXED });
    const result = runCli(["lint", "--fix", "-f", "gcc", "update-ip232.htm"], { cwd: dir });
    expect(result).toEqual({
      code: 1,
      stdout: `update-ip232.htm:1:26: error: ${RANGE} [times-hours]\nupdate-ip232.htm:2:13: error: ${PROT} [keyword-case]\n`,
      stderr: "upscript: fixed 1 problem in 1 file; 2 more fixes would change what devices do: add --unsafe-fixes to apply them\n",
    });
    expect(text(join(dir, "update-ip232.htm"))).toBe(SAFE_FIXED);
  });

  it("the stylish report after --fix counts what is left as fixable with --unsafe-fixes", () => {
    const dir = writeTree(tempDir("unsafe-fix-stylish"), { "update-ip232.htm": MIXED });
    expect(runCli(["lint", "--fix", "update-ip232.htm"], { cwd: dir }).stdout.split("\n").slice(-3)).toEqual([
      "✖ 2 problems (2 errors, 0 warnings, 0 infos)",
      "  2 problems fixable with --unsafe-fixes (they change what devices do)",
      "",
    ]);
  });

  it("a file with unsafe fixes only is not touched; the summary names them", () => {
    const dir = writeTree(tempDir("unsafe-only"), { "update-a.htm": UNSAFE_ONLY });
    const before = statSync(join(dir, "update-a.htm")).mtimeMs;
    const result = runCli(["lint", "--fix", "-f", "gcc", "update-a.htm"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("upscript: 1 fix would change what devices do: add --unsafe-fixes to apply it\n");
    expect(statSync(join(dir, "update-a.htm")).mtimeMs).toBe(before);
    expect(text(join(dir, "update-a.htm"))).toBe(UNSAFE_ONLY);
  });
});

describe("lint --fix --unsafe-fixes applies both", () => {
  it("rewrites the file with every fix and says how many change what devices do; a second run changes nothing", () => {
    const dir = writeTree(tempDir("unsafe-all"), { "update-ip232.htm": MIXED, "update-a.htm": UNSAFE_ONLY });
    expect(runCli(["lint", "--fix", "--unsafe-fixes", "."], { cwd: dir })).toEqual({
      code: 0,
      stdout: "",
      stderr: "upscript: fixed 4 problems in 2 files (3 fixes change what devices do)\n",
    });
    expect(text(join(dir, "update-ip232.htm"))).toBe(ALL_FIXED);
    expect(text(join(dir, "update-a.htm"))).toBe("mod cmd UP1 check ser 7\n");
    expect(runCli(["lint", "--fix", "--unsafe-fixes", "."], { cwd: dir })).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("--unsafe-fixes alone is a usage error: it only says which fixes --fix or --diff apply", () => {
    const dir = writeTree(tempDir("unsafe-alone"), { "update-a.htm": UNSAFE_ONLY });
    expect(runCli(["lint", "--unsafe-fixes", "update-a.htm"], { cwd: dir })).toEqual({
      code: 2,
      stdout: "",
      stderr: "upscript: --unsafe-fixes goes with --fix or --diff: it adds the fixes that change what devices do\n",
    });
    expect(text(join(dir, "update-a.htm"))).toBe(UNSAFE_ONLY);
  });
});

describe("lint --diff with and without --unsafe-fixes", () => {
  const header = "--- a/update-ip232.htm\n+++ b/update-ip232.htm\n";

  it("without: the diff of the safe fixes, the unsafe ones counted; nothing written", () => {
    const dir = writeTree(tempDir("unsafe-diff"), { "update-ip232.htm": MIXED });
    const result = runCli(["lint", "--diff", "-f", "gcc", "update-ip232.htm"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${header}@@ -1,2 +1,2 @@\n-mod cmd UP1 times /allow 22-2,3,3\n+mod cmd UP1 times /allow 22-2,3\n mod cmd UP0 PROT https://10.0.0.5/fw/ ireset 13-1\n`);
    expect(result.stderr.split("\n").at(-2)).toBe("upscript: would fix 1 problem in 1 file; 2 more fixes would change what devices do: add --unsafe-fixes to see them");
    expect(bytes(join(dir, "update-ip232.htm")).toString()).toBe(MIXED);
  });

  it("with: the diff of every fix; nothing written", () => {
    const dir = writeTree(tempDir("unsafe-diff-all"), { "update-ip232.htm": MIXED });
    for (const option of ["--diff", "--fix-dry-run"]) {
      expect(runCli(["lint", option, "--unsafe-fixes", "update-ip232.htm"], { cwd: dir }), option).toEqual({
        code: 0,
        stdout:
          `${header}@@ -1,2 +1,2 @@\n` +
          "-mod cmd UP1 times /allow 22-2,3,3\n-mod cmd UP0 PROT https://10.0.0.5/fw/ ireset 13-1\n" +
          "+mod cmd UP1 times /allow 22,23,0,1,2,3\n+mod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-1\n",
        stderr: "upscript: would fix 3 problems in 1 file (2 fixes change what devices do)\n",
      });
    }
    expect(bytes(join(dir, "update-ip232.htm")).toString()).toBe(MIXED);
  });

  it("--fix and --diff are still exclusive, with --unsafe-fixes too", () => {
    expect(runCli(["lint", "--fix", "--diff", "--unsafe-fixes", "--stdin"], { cwd: tempDir("unsafe-both"), input: MIXED }).code).toBe(2);
  });
});

describe("lint --stdin --fix", () => {
  it("prints the script with the safe fixes only, or with every fix under --unsafe-fixes", () => {
    const cwd = tempDir("unsafe-stdin");
    const safe = runCli(["lint", "--stdin", "--fix", "-f", "gcc"], { cwd, input: MIXED });
    expect(safe.code).toBe(1);
    expect(safe.stdout).toBe(SAFE_FIXED);
    expect(safe.stderr.split("\n").at(-2)).toBe("upscript: fixed 1 problem in 1 file; 2 more fixes would change what devices do: add --unsafe-fixes to apply them");
    expect(runCli(["lint", "--stdin", "--fix", "--unsafe-fixes"], { cwd, input: MIXED })).toEqual({
      code: 0,
      stdout: ALL_FIXED,
      stderr: "upscript: fixed 3 problems in 1 file (2 fixes change what devices do)\n",
    });
  });

  it("a script with unsafe fixes only comes back as it was, with the count", () => {
    const result = runCli(["lint", "--stdin", "--fix", "-f", "gcc"], { cwd: tempDir("unsafe-stdin-only"), input: UNSAFE_ONLY });
    expect(result.stdout).toBe(UNSAFE_ONLY);
    expect(result.stderr.split("\n").at(-2)).toBe("upscript: 1 fix would change what devices do: add --unsafe-fixes to apply it");
  });
});

describe("the reports name the two kinds apart", () => {
  it("json: fixable is safe, unsafe or none", () => {
    const result = runCli(["lint", "--stdin", "-f", "json"], { cwd: tempDir("unsafe-json"), input: `${MIXED}mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-2\n` });
    const [file] = JSON.parse(result.stdout) as { diagnostics: { rule: string; fixable: string }[] }[];
    const shown = ["times-hours", "times-duplicate-hour", "keyword-case", "plain-http-transfer"];
    expect(file!.diagnostics.filter((d) => shown.includes(d.rule)).map((d) => `${d.rule} ${d.fixable}`)).toEqual([
      "times-hours unsafe",
      "times-duplicate-hour safe",
      "keyword-case unsafe",
      // Switching to https is only a suggestion in the editor: whether the server speaks it, upscript cannot tell.
      "plain-http-transfer none",
    ]);
  });

  const fix = (safety: Fix["safety"]): Fix => ({ title: "fix", edits: [], safety });
  const diagnostic = (severity: Diagnostic["severity"], line: number, fixes: Fix[]): Diagnostic => ({
    rule: "times-hours",
    severity,
    message: "a message",
    range: { start: 0, end: 4, line, column: 0, endLine: line, endColumn: 4 },
    docsUrl: "",
    fixes,
    suggestions: [],
  });
  const plain = { bold: String, dim: String, green: String, yellow: String, red: String, cyan: String };
  const lastLine = (...list: [Diagnostic["severity"], Fix[]][]) =>
    formatAll(stylish, [{ file: "a.htm", diagnostics: list.map(([s, f], i) => diagnostic(s, i, f)) }], plain)
      .trimEnd()
      .split("\n")
      .at(-1);

  it("stylish: 'fixable with --fix' counts safe fixes only; unsafe ones are named apart", () => {
    expect(lastLine(["error", [fix("safe")]], ["warning", [fix("safe")]])).toBe("  2 problems fixable with --fix");
    expect(lastLine(["error", [fix("safe")]], ["error", [fix("unsafe")]])).toBe("  1 problem fixable with --fix (1 more with --unsafe-fixes: it changes what devices do)");
    expect(lastLine(["error", [fix("unsafe")]], ["error", [fix("unsafe")]], ["error", []])).toBe("  2 problems fixable with --unsafe-fixes (they change what devices do)");
    expect(lastLine(["info", [fix("unsafe")]])).toBe("  1 info fixable with --unsafe-fixes (it changes what devices do)");
    expect(lastLine(["error", []])).toBe("✖ 1 problem (1 error, 0 warnings, 0 infos)");
  });
});

describe("fixAll counts what it applied and what it left", () => {
  const lintText = (t: string) => lint(t);

  it("safe only: the unsafe fixes are left and counted", () => {
    expect(fixAll(MIXED, lintText, { unsafe: false })).toEqual({ text: SAFE_FIXED, applied: 1, unsafeApplied: 0, unsafeLeft: 2 });
  });

  it("with unsafe: everything applied, the unsafe ones counted among them", () => {
    expect(fixAll(MIXED, lintText, { unsafe: true })).toEqual({ text: ALL_FIXED, applied: 3, unsafeApplied: 2, unsafeLeft: 0 });
  });

  it("suggestions are never applied, whatever the options", () => {
    const http = "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1\n";
    expect(lint(http).find((d) => d.rule === "plain-http-transfer")!.suggestions.map((s) => s.safety)).toEqual(["unsafe"]);
    expect(fixAll(http, lintText, { unsafe: true })).toEqual({ text: http, applied: 0, unsafeApplied: 0, unsafeLeft: 0 });
  });
});
