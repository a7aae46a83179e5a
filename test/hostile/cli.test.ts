/**
 * Hostile input on the command line: every case ends in bounded time with a clear message or a
 * diagnostic that names the limit, and never with a crash or a stack trace.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "upscript-hostile-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a file in the temporary folder and returns its name (the CLI runs there and shows relative paths). */
function file(name: string, content: string | Buffer): string {
  writeFileSync(join(dir, name), content);
  return name;
}

/** Runs the CLI and checks it ended by itself, without a stack trace, within `seconds`. */
function bounded(args: string[], seconds: number, cwd = dir) {
  const started = Date.now();
  const run = runCli(args, { cwd });
  const elapsed = (Date.now() - started) / 1000;
  expect(elapsed, `took ${elapsed}s`).toBeLessThan(seconds);
  expect(run.stderr).not.toMatch(/\n\s+at .*\(|internal error/);
  return run;
}

describe("hostile input on the command line", () => {
  it("a 50 MB script: one diagnostic naming the size limit", () => {
    const path = file("update-big.htm", "mod cmd UP1 poll\n".repeat(Math.ceil((50 * 2 ** 20) / 17)));
    const run = bounded(["lint", "-f", "gcc", path], 30);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`${path}:1:1: error: the script is 50.0 MB, more than the 16.0 MB upscript reads (limit max-text-length); it was not checked [syntax]\n`);
  });

  it("a file beyond what is read from disk at all is skipped with the limit", () => {
    const path = file("update-huge.htm", "");
    // A sparse file: 70 MB without writing 70 MB.
    truncateSync(join(dir, path), 70 * 2 ** 20);
    const run = bounded(["lint", path], 10);
    expect(run.stderr).toBe(`upscript: skipping '${path}': 70.0 MB, more than the 64 MB upscript reads from disk (limit max-file-size)\n`);
  });

  it("a single 5 MB line: reported with the line-length limit, the rest of the file still checked", () => {
    const path = file("update-longline.htm", `mod cmd UP1 time /allow 1\nmod cmd UP0 scfg http://10.0.0.5/${"a".repeat(5 * 2 ** 20)}.txt\n`);
    const run = bounded(["lint", "-f", "json", path], 20);
    const [result] = JSON.parse(run.stdout) as { diagnostics: { rule: string; line: number; message: string }[] }[];
    expect(result!.diagnostics.map((d) => [d.rule, d.line])).toEqual([["unknown-up-verb", 1], ["syntax", 2]]);
    expect(result!.diagnostics[1]!.message).toBe("line 2 is 5,242,917 characters long, more than the 1,048,576 upscript reads (limit max-line-length); it was not checked");
  });

  it("1,000,000 short lines: the line limit", () => {
    const path = file("update-million.htm", "iresetn\n".repeat(1_000_000));
    const run = bounded(["lint", "-f", "gcc", path], 20);
    expect(run.stdout).toBe(`${path}:1:1: error: the script has more than 300,000 lines, the most upscript reads (limit max-lines); it was not checked [syntax]\n`);
  });

  it("100,000 '#' characters in a URL: the diagnostics limit", () => {
    const path = file("update-hashes.htm", `mod cmd UP0 scfg http://10.0.0.5/${"#".repeat(100_000)}.txt\n`);
    const run = bounded(["lint", "-f", "json", path], 30);
    const [result] = JSON.parse(run.stdout) as { diagnostics: { rule: string; message: string; severity: string }[] }[];
    expect(result!.diagnostics).toHaveLength(1001);
    expect(result!.diagnostics.at(-1)).toMatchObject({ rule: "syntax", severity: "info", message: "99,001 more problems after line 1 are not shown: upscript reports at most 1,000 per script (limit max-diagnostics)" });
  });

  it("NUL bytes, invalid UTF-8 and UTF-16 are reported and skipped", () => {
    const nul = file("update-nul.htm", Buffer.from("mod cmd UP1 poll\n\0\0\0"));
    const bad = file("update-latin1.htm", Buffer.from([0x6d, 0x6f, 0x64, 0x20, 0xe9, 0x0a]));
    const utf16 = file("update-utf16.htm", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("mod cmd UP1 poll\n", "utf16le")]));
    const run = bounded(["lint", nul, bad, utf16], 10);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `upscript: skipping '${nul}': binary file, skipped\n` +
        `upscript: skipping '${bad}': not valid UTF-8 text, skipped\n` +
        `upscript: skipping '${utf16}': UTF-16 text; save it as UTF-8 (the devices read ASCII/UTF-8)\n`,
    );
  });

  it("a directory named like a script is not a script", () => {
    const folder = join(dir, "tree");
    mkdirSync(join(folder, "update-ip232.htm"), { recursive: true });
    writeFileSync(join(folder, "update-ip222.htm"), "mod cmd UP1 poll\n");
    const run = bounded(["lint", "-f", "gcc", "tree"], 10);
    expect(run).toMatchObject({ code: 0, stdout: "", stderr: "" });
    // Named explicitly it is a folder to search, like any other folder; without scripts in it, exit 2.
    const named = bounded(["lint", join("tree", "update-ip232.htm")], 10);
    expect(named).toEqual({ code: 2, stdout: "", stderr: `upscript: no scripts found in '${join("tree", "update-ip232.htm")}'\n` });
  });

  it("a symbolic link loop in a linted folder ends", () => {
    const folder = join(dir, "loop");
    mkdirSync(join(folder, "a"), { recursive: true });
    symlinkSync(folder, join(folder, "a", "back"));
    symlinkSync(join(folder, "a"), join(folder, "a", "again"));
    writeFileSync(join(folder, "a", "update-ip232.htm"), "mod cmd UP1 poll\n");
    const run = bounded(["lint", "-f", "gcc", "loop"], 10);
    expect(run).toMatchObject({ code: 0, stderr: "" });
  });

  it("a config that is not JSON is a clear error", () => {
    const folder = join(dir, "badjson");
    mkdirSync(folder);
    writeFileSync(join(folder, ".upscriptrc.json"), "rules:\n  times-hours: off\n");
    writeFileSync(join(folder, "update-ip232.htm"), "mod cmd UP1 poll\n");
    const run = bounded(["lint", join(folder, "update-ip232.htm")], 10, folder);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^upscript: \.upscriptrc\.json:1:1: not valid JSON: /);
  });

  it("a cfg chain that loops (a loads b loads a) ends, with nested-cfg on both", () => {
    const folder = join(dir, "chain");
    mkdirSync(join(folder, "cfg"), { recursive: true });
    writeFileSync(join(folder, ".upscriptrc.json"), '{ "server": { "http://10.0.0.5/": "." } }');
    writeFileSync(join(folder, "cfg", "a.txt"), "mod cmd UP0 cfg http://10.0.0.5/cfg/b.txt ser 1\n");
    writeFileSync(join(folder, "cfg", "b.txt"), "mod cmd UP0 cfg http://10.0.0.5/cfg/a.txt ser 1\n");
    writeFileSync(join(folder, "update-ip232.htm"), "mod cmd UP0 cfg http://10.0.0.5/cfg/a.txt ser 1\n");
    const run = bounded(["lint", "-f", "gcc", "."], 10, folder);
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n").filter((l) => l.includes("[nested-cfg]")).map((l) => l.split(":")[0])).toEqual(["update-ip232.htm", "cfg/a.txt"]);
    const dry = bounded(["dry-run", "update-ip232.htm", "--at", "2026-11-20T23:30", "--format", "json"], 10, folder);
    expect(dry.code).toBe(0);
    expect((JSON.parse(dry.stdout) as { diagnostics: { rule: string }[] }).diagnostics.map((d) => d.rule)).toEqual(["nested-cfg"]);
  });

  it("a cfg line that loads a 5 MB file (firmware by mistake): not read, reported with the limit", () => {
    const folder = join(dir, "bigcfg");
    mkdirSync(join(folder, "cfg"), { recursive: true });
    writeFileSync(join(folder, ".upscriptrc.json"), '{ "server": { "http://10.0.0.5/": "." } }');
    writeFileSync(join(folder, "cfg", "site.txt"), "");
    truncateSync(join(folder, "cfg", "site.txt"), 5 * 2 ** 20);
    writeFileSync(join(folder, "update-ip232.htm"), "mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser 1\n");
    const run = bounded(["lint", "-f", "gcc", "update-ip232.htm"], 10, folder);
    expect(run.stdout).toContain("update-ip232.htm:1:17: info: cfg/site.txt is larger than the 4 MB upscript reads for a file loaded by cfg (limit max-cfg-file-size)");
  });
});
