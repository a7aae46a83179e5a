/**
 * `upscript fmt` end to end: printing, --check, --write (twice), line ends (LF, CRLF, lone CR)
 * and byte order marks kept, folders, and the errors. The inputs come from fixtures/fmt and are
 * copied to a temporary folder before anything could write them.
 */
import { chmodSync, copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { bytes, fixtures, tempDir, writeTree } from "./tmp.js";

const FORMATTED: Record<string, string> = {
  "update-spaced.htm": "# Phones,   site   Berlin\n\nmod cmd UP1 times /allow 22,23 /initial 6\nmod cmd UP1 check ireset 2026-11-20a\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765\n",
  "update-crlf.htm": "mod cmd UP1 poll\r\nmod cmd UP1 times /allow 1\r\n\r\n",
  "update-cr.htm": "mod cmd UP1 poll\rmod cmd UP1 times /allow 1\r",
  "update-bom.htm": "\uFEFFmod cmd UP1 poll\nmod cmd UP1 times /allow 1\n",
  "update-clean.htm": "mod cmd UP1 poll\nmod cmd UP1 times /allow 1\n",
};
const NAMES = Object.keys(FORMATTED).sort();
const UNFORMATTED = NAMES.filter((n) => n !== "update-clean.htm");

let dir: string;
const original = (name: string) => bytes(join(fixtures, "fmt", name));
const current = (name: string) => bytes(join(dir, name));
beforeEach(() => {
  dir = tempDir("fmt");
  for (const name of readdirSync(join(fixtures, "fmt"))) copyFileSync(join(fixtures, "fmt", name), join(dir, name));
});
const fmt = (args: string[]) => runCli(["fmt", ...args], { cwd: dir });

describe("upscript fmt", () => {
  it("the fixtures are what the tests expect (line ends and BOM survived git)", () => {
    expect(readdirSync(join(fixtures, "fmt")).sort()).toEqual(NAMES);
    expect(original("update-crlf.htm").includes(Buffer.from(" \r\n"))).toBe(true);
    expect(original("update-cr.htm").includes(Buffer.from("\n"))).toBe(false);
    expect([...original("update-bom.htm").subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("without a mode prints the formatted text and leaves the file alone", () => {
    for (const name of NAMES) {
      const result = fmt([name]);
      expect(result, name).toEqual({ code: 0, stdout: FORMATTED[name], stderr: "" });
      expect(current(name)).toEqual(original(name));
    }
  });

  it("--check lists the files that need formatting and exits 1; nothing is written", () => {
    expect(fmt(["--check", "update-spaced.htm"])).toEqual({
      code: 1,
      stdout: "update-spaced.htm\n",
      stderr: "upscript: 1 file would be reformatted (run upscript fmt --write)\n",
    });
    expect(current("update-spaced.htm")).toEqual(original("update-spaced.htm"));
    expect(fmt(["--check", ...NAMES])).toEqual({
      code: 1,
      stdout: UNFORMATTED.map((n) => `${n}\n`).join(""),
      stderr: `upscript: ${UNFORMATTED.length} files would be reformatted (run upscript fmt --write)\n`,
    });
    for (const name of NAMES) expect(current(name), name).toEqual(original(name));
  });

  it("--check on formatted files prints nothing and exits 0", () => {
    expect(fmt(["--check", "update-clean.htm"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("--write rewrites what needs it, keeping CRLF, lone CR and the BOM; a second run changes nothing and prints nothing", () => {
    expect(fmt(["--write", ...NAMES])).toEqual({ code: 0, stdout: UNFORMATTED.map((n) => `formatted ${n}\n`).join(""), stderr: "" });
    for (const name of NAMES) expect(current(name).toString("utf8"), name).toBe(FORMATTED[name]);
    expect([...current("update-bom.htm").subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const after = Object.fromEntries(NAMES.map((n) => [n, current(n)]));
    expect(fmt(["--write", ...NAMES])).toEqual({ code: 0, stdout: "", stderr: "" });
    for (const name of NAMES) expect(current(name), name).toEqual(after[name]);
    expect(fmt(["--check", ...NAMES])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("without paths, the scripts below the current folder are formatted", () => {
    writeTree(dir, { "sub/update-deep.htm": "mod  cmd UP1 poll\n", "sub/notes.htm": "a  b\n" });
    expect(fmt(["--check"])).toEqual({
      code: 1,
      stdout: `sub/update-deep.htm\n${UNFORMATTED.map((n) => `${n}\n`).join("")}`,
      stderr: `upscript: ${UNFORMATTED.length + 1} files would be reformatted (run upscript fmt --write)\n`,
    });
    expect(fmt(["--write", "sub"])).toEqual({ code: 0, stdout: "formatted sub/update-deep.htm\n", stderr: "" });
    expect(current("sub/notes.htm").toString()).toBe("a  b\n");
  });

  it("--write on a read-only file: exit 2, the file stays as it was", () => {
    chmodSync(join(dir, "update-spaced.htm"), 0o444);
    expect(fmt(["--write", "update-spaced.htm", "update-crlf.htm"])).toEqual({
      code: 2,
      stdout: "formatted update-crlf.htm\n",
      stderr: "upscript: cannot write 'update-spaced.htm': the file is read-only; left unchanged\n",
    });
    expect(current("update-spaced.htm")).toEqual(original("update-spaced.htm"));
  });

  it("binary and UTF-16 files are skipped", () => {
    writeTree(dir, { "update-bin.htm": new Uint8Array([0x6d, 0x00, 0x20, 0x20]), "update-16.htm": new Uint8Array([0xff, 0xfe, 0x6d, 0x00]) });
    expect(fmt(["--check", "update-bin.htm", "update-16.htm"])).toEqual({
      code: 0,
      stdout: "",
      stderr: "upscript: skipping 'update-bin.htm': binary file, skipped\nupscript: skipping 'update-16.htm': UTF-16 text; save it as UTF-8 (the devices read ASCII/UTF-8)\n",
    });
  });

  it("errors: --check with --write, a missing file", () => {
    expect(fmt(["--check", "--write", "update-spaced.htm"])).toEqual({ code: 2, stdout: "", stderr: "upscript: choose --check or --write, not both\n" });
    expect(fmt(["--check", "nothere.htm"])).toEqual({ code: 2, stdout: "", stderr: "upscript: cannot read 'nothere.htm': no such file\n" });
  });
});
