/**
 * Seeing before writing: `lint --diff` (and its other name `--fix-dry-run`) and `fmt --diff` print
 * a unified diff of what `lint --fix` / `fmt --write` would change and write nothing;
 * `lint --stdin --fix` prints the fixed script; the `fixed N problems in M files` line. Line ends
 * and byte order marks are kept in the diff; other controls are shown escaped.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { applyPatch } from "diff";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../server/src/cli/diff.js";
import { runCli } from "../helpers/cli.js";
import { bytes, tempDir, writeTree } from "./tmp.js";

/**
 * Four fixable problems: times-hours, times-duplicate-hour, keyword-case, missing-final-command;
 * all but the duplicate hour are unsafe fixes, so these tests pass --unsafe-fixes (the difference
 * is in unsafe-fixes.test.ts).
 */
const BROKEN = "mod cmd UP1 times /allow 22-2,3,3\r\nmod cmd UP0 PROT https://10.0.0.5/fw/ ireset 13-1\r\nmod cmd UP1 check 7\r\n";
const FIXED = "mod cmd UP1 times /allow 22,23,0,1,2,3\r\nmod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-1\r\nmod cmd UP1 check ser 7\r\n";
/** One fixable warning (the second 1) and one error no fix removes (hour 25). */
const LEFT = "mod cmd UP1 times /allow 25,1,1\n";
const HOUR_25 = "update-left.htm\n  1:26  error    hour 25 is outside 0–23: the device never runs the script at that hour  times-hours\n\n✖ 1 problem (1 error, 0 warnings, 0 infos)\n";

const hunk = (prefix = "") =>
  "@@ -1,3 +1,3 @@\n" +
  `-${prefix}mod cmd UP1 times /allow 22-2,3,3\r\n` +
  "-mod cmd UP0 PROT https://10.0.0.5/fw/ ireset 13-1\r\n" +
  "-mod cmd UP1 check 7\r\n" +
  `+${prefix}mod cmd UP1 times /allow 22,23,0,1,2,3\r\n` +
  "+mod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-1\r\n" +
  "+mod cmd UP1 check ser 7\r\n";
const BROKEN_DIFF = `--- a/update-ip232.htm\n+++ b/update-ip232.htm\n${hunk()}`;
const BOM_DIFF = `--- a/update-bom.htm\n+++ b/update-bom.htm\n${hunk("\uFEFF")}`;

/** The files of a folder with their bytes and modification times, to show nothing was written. */
function snapshot(dir: string, names: readonly string[]) {
  return names.map((name) => ({ name, bytes: bytes(join(dir, name)), mtime: statSync(join(dir, name)).mtimeMs }));
}

describe("lint --diff and --fix-dry-run", () => {
  it("print a unified diff of what --fix would change (CRLF kept, the BOM in the first line) and write nothing", () => {
    const dir = writeTree(tempDir("diff"), { "update-ip232.htm": BROKEN, "update-bom.htm": `\uFEFF${BROKEN}` });
    const before = snapshot(dir, ["update-bom.htm", "update-ip232.htm"]);
    for (const option of ["--diff", "--fix-dry-run"]) {
      expect(runCli(["lint", option, "--unsafe-fixes", "."], { cwd: dir }), option).toEqual({
        code: 0,
        stdout: BOM_DIFF + BROKEN_DIFF,
        stderr: "upscript: would fix 8 problems in 2 files (6 fixes change what devices do)\n",
      });
      expect(snapshot(dir, ["update-bom.htm", "update-ip232.htm"]), option).toEqual(before);
    }
  });

  it("the diff is exactly what --fix writes: git apply of it gives the same bytes", () => {
    const dir = writeTree(tempDir("diff-apply"), { "a/update-ip232.htm": BROKEN, "a/update-bom.htm": `\uFEFF${BROKEN}`, "a/update-lf.htm": LEFT });
    const patch = runCli(["lint", "--diff", "--unsafe-fixes", "a"], { cwd: dir }).stdout;
    const fixed = writeTree(tempDir("diff-fixed"), {});
    for (const name of ["update-ip232.htm", "update-bom.htm", "update-lf.htm"]) copyFileSync(join(dir, "a", name), join(fixed, name));
    runCli(["lint", "--fix", "--unsafe-fixes", "."], { cwd: fixed });
    const applied = spawnSync("git", ["apply", "-p2", "-"], { cwd: join(dir, "a"), input: patch, encoding: "utf8" });
    expect(applied.status, applied.stderr).toBe(0);
    for (const name of ["update-ip232.htm", "update-bom.htm", "update-lf.htm"]) expect(bytes(join(dir, "a", name)), name).toEqual(bytes(join(fixed, name)));
  });

  it("the exit code is the findings' after the fixes; the report goes to stderr (stdout is the diff)", () => {
    const dir = writeTree(tempDir("diff-left"), { "update-left.htm": LEFT });
    const diff = "--- a/update-left.htm\n+++ b/update-left.htm\n@@ -1,1 +1,1 @@\n-mod cmd UP1 times /allow 25,1,1\n+mod cmd UP1 times /allow 25,1\n";
    expect(runCli(["lint", "--diff", "update-left.htm"], { cwd: dir })).toEqual({ code: 1, stdout: diff, stderr: `${HOUR_25}upscript: would fix 1 problem in 1 file\n` });
    const json = runCli(["lint", "--diff", "-f", "json", "update-left.htm"], { cwd: dir });
    expect(json.code).toBe(1);
    expect(json.stdout).toBe(diff);
    const [report, summary] = json.stderr.split(/\n(?=upscript: )/);
    expect((JSON.parse(report!) as { diagnostics: { rule: string }[] }[])[0]!.diagnostics.map((d) => d.rule)).toEqual(["times-hours"]);
    expect(summary).toBe("upscript: would fix 1 problem in 1 file\n");
    expect(bytes(join(dir, "update-left.htm")).toString()).toBe(LEFT);
  });

  it("nothing to fix: no diff, no summary, the findings decide", () => {
    const dir = writeTree(tempDir("diff-none"), { "update-a.htm": "mod cmd UP1 times /allow 25\n" });
    expect(runCli(["lint", "--diff", "-f", "gcc", "update-a.htm"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: "update-a.htm:1:26: error: hour 25 is outside 0–23: the device never runs the script at that hour [times-hours]\n",
    });
  });

  it("--stdin --diff names the file by --stdin-filename", () => {
    expect(runCli(["lint", "--stdin", "--diff", "--unsafe-fixes", "--stdin-filename", "phones/update-ip232.htm"], { cwd: tempDir("diff-stdin"), input: BROKEN })).toEqual({
      code: 0,
      stdout: `--- a/phones/update-ip232.htm\n+++ b/phones/update-ip232.htm\n${hunk()}`,
      stderr: "upscript: would fix 4 problems in 1 file (3 fixes change what devices do)\n",
    });
  });
});

describe("lint --stdin --fix", () => {
  it("prints the fixed script (CRLF and BOM kept) and the summary on stderr", () => {
    const cwd = tempDir("stdin-fix");
    const summary = "upscript: fixed 4 problems in 1 file (3 fixes change what devices do)\n";
    expect(runCli(["lint", "--stdin", "--fix", "--unsafe-fixes"], { cwd, input: BROKEN })).toEqual({ code: 0, stdout: FIXED, stderr: summary });
    expect(runCli(["lint", "--stdin", "--fix", "--unsafe-fixes"], { cwd, input: `\uFEFF${BROKEN}` })).toEqual({ code: 0, stdout: `\uFEFF${FIXED}`, stderr: summary });
  });

  it("what is left is reported on stderr in the chosen format and decides the exit code; a clean script comes back as it was", () => {
    const cwd = tempDir("stdin-left");
    expect(runCli(["lint", "--stdin", "--fix", "--stdin-filename", "update-left.htm"], { cwd, input: LEFT })).toEqual({
      code: 1,
      stdout: "mod cmd UP1 times /allow 25,1\n",
      stderr: `${HOUR_25}upscript: fixed 1 problem in 1 file\n`,
    });
    const clean = "mod cmd UP1 times /allow 23,0,1 /initial 6\n";
    expect(runCli(["lint", "--stdin", "--fix", "-f", "gcc"], { cwd, input: clean })).toEqual({ code: 0, stdout: clean, stderr: "" });
  });
});

describe("the summary of --fix", () => {
  it("fixed N problems in M files, on stderr; nothing when nothing was fixed", () => {
    const dir = writeTree(tempDir("fix-summary"), { "update-a.htm": BROKEN, "update-b.htm": "mod cmd UP1 times /allow 1,1\n", "update-c.htm": "mod cmd UP1 poll\n" });
    expect(runCli(["lint", "--fix", "--unsafe-fixes", "."], { cwd: dir })).toEqual({ code: 0, stdout: "", stderr: "upscript: fixed 5 problems in 2 files (3 fixes change what devices do)\n" });
    expect(runCli(["lint", "--fix", "--unsafe-fixes", "."], { cwd: dir })).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("fmt --diff", () => {
  it("prints the diff of what --write would change, exits 1, writes nothing; formatted files give nothing and 0", () => {
    const dir = writeTree(tempDir("fmt-diff"), {
      "update-crlf.htm": "mod  cmd UP1 poll \r\nmod cmd UP1 times /allow 1\r\n",
      "update-bom.htm": "\uFEFFmod cmd UP1  poll\n",
      "update-clean.htm": "mod cmd UP1 poll\n",
    });
    const names = ["update-bom.htm", "update-clean.htm", "update-crlf.htm"];
    const before = snapshot(dir, names);
    const expected =
      "--- a/update-bom.htm\n+++ b/update-bom.htm\n@@ -1,1 +1,1 @@\n-\uFEFFmod cmd UP1  poll\n+\uFEFFmod cmd UP1 poll\n" +
      "--- a/update-crlf.htm\n+++ b/update-crlf.htm\n@@ -1,2 +1,2 @@\n-mod  cmd UP1 poll \r\n+mod cmd UP1 poll\r\n mod cmd UP1 times /allow 1\r\n";
    expect(runCli(["fmt", "--diff"], { cwd: dir })).toEqual({ code: 1, stdout: expected, stderr: "upscript: 2 files would be reformatted (run upscript fmt --write)\n" });
    // With --check as well (as black and ruff take it): the diff instead of the names.
    expect(runCli(["fmt", "--check", "--diff"], { cwd: dir }).stdout).toBe(expected);
    expect(snapshot(dir, names)).toEqual(before);
    expect(runCli(["fmt", "--diff", "update-clean.htm"], { cwd: dir })).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("lone CR line ends and controls are shown escaped: one diff line per script line, nothing reaches the terminal raw", () => {
    const dir = writeTree(tempDir("fmt-diff-cr"), { "update-cr.htm": "mod  cmd UP1 poll\rmod cmd UP1  times /allow 1\r", "update-esc.htm": "# a\x1b[2J  b\nmod  cmd UP1 poll\n" });
    const run = runCli(["fmt", "--diff", "update-cr.htm", "update-esc.htm"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      "--- a/update-cr.htm\n+++ b/update-cr.htm\n@@ -1,2 +1,2 @@\n-mod  cmd UP1 poll\\x0d\n-mod cmd UP1  times /allow 1\\x0d\n+mod cmd UP1 poll\\x0d\n+mod cmd UP1 times /allow 1\\x0d\n" +
        "--- a/update-esc.htm\n+++ b/update-esc.htm\n@@ -1,2 +1,2 @@\n # a\\x1b[2J  b\n-mod  cmd UP1 poll\n+mod cmd UP1 poll\n",
    );
    expect(run.stdout).not.toMatch(/[\x1b\r]/);
  });
});

describe("unifiedDiff", () => {
  it("is empty for equal texts and marks a last line without a line end", () => {
    expect(unifiedDiff("x.htm", "a\n", "a\n")).toBe("");
    expect(unifiedDiff("x.htm", "a\nb", "a\nc")).toBe("--- a/x.htm\n+++ b/x.htm\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
  });

  it("quotes a path with a control or a quote in the headers, as git does", () => {
    expect(unifiedDiff('a"\x1b.htm', "a\n", "b\n").split("\n").slice(0, 2)).toEqual(['--- "a/a\\"\\033.htm"', '+++ "b/a\\"\\033.htm"']);
  });

  it("keeps 3 lines of context and applies back (jsdiff applyPatch), also when too many lines change for the shortest diff", () => {
    const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join("\n") + "\n";
    const old = lines(20, (i) => `line ${i}`);
    const one = lines(20, (i) => (i === 10 ? "changed" : `line ${i}`));
    const diff = unifiedDiff("x.htm", old, one);
    expect(diff).toBe("--- a/x.htm\n+++ b/x.htm\n@@ -8,7 +8,7 @@\n line 7\n line 8\n line 9\n-line 10\n+changed\n line 11\n line 12\n line 13\n");
    expect(applyPatch(old, diff)).toBe(one);
    // 6,000 changed lines between unchanged ones: more than jsdiff is asked to search, so one hunk.
    const bigOld = lines(10_000, (i) => `mod cmd UP1 times /allow ${i % 24}  `);
    const bigNew = lines(10_000, (i) => (i >= 2000 && i < 8000 ? `mod cmd UP1 times /allow ${i % 24}` : `mod cmd UP1 times /allow ${i % 24}  `));
    const started = Date.now();
    const big = unifiedDiff("big.htm", bigOld, bigNew);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(big.split("\n")[2]).toBe("@@ -1998,6006 +1998,6006 @@");
    expect(applyPatch(bigOld, big)).toBe(bigNew);
    const noEnd = unifiedDiff("x.htm", "a  b\nc", `${"x\n".repeat(3000)}c`);
    expect(applyPatch("a  b\nc", noEnd)).toBe(`${"x\n".repeat(3000)}c`);
  });
});
