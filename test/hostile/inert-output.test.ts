/**
 * Output is inert: a script (or a file name, a fleet list, a command-line value) full of terminal
 * control sequences — ESC[2J, an OSC title, an OSC 8 hyperlink, hidden text, backspaces, a
 * carriage return, bidi overrides — never reaches the terminal raw through the text outputs; each
 * such character is shown as `\x1b` or `\u202e`. JSON keeps the text as data (JSON.stringify
 * escapes C0 controls itself). Runs the built bundle (dist/upscript.cjs). docs/security.md,
 * "Output is inert".
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../helpers/cli.js";

const ESC = "\x1b";
const BEL = "\x07";

/** What must never reach a terminal: C0 controls but TAB and LF, DEL, C1, bidi overrides and isolates. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const SCRIPT = [
  `# Firmware ${ESC}]0;pwned${BEL} rollout \u202eevil\u202c comment ${ESC}[8mhidden`,
  `mod cmd UP1 times /allow 1${ESC}[2J,2`,
  `mod cmd UP1 check iresetn SER${ESC}]8;;http://evil/${BEL}click${ESC}]8;;${BEL}\b\b\b`,
  `mod cmd UP0 prot http://10.0.0.5/fw\u202e/ip232.bin ireset 13-1${ESC}[8mhidden`,
  `mod cmd UP0 cfg http://10.0.0.5/${ESC}[31mred\u2066.txt reset 1`,
  `mod cmd UP1 bo\u0008gus${ESC}[2J word\rmod cmd UP1 poll x${ESC}[1A`,
  "",
].join("\n");

/** A file name a shell can make: with an ESC sequence and a bidi override in it. */
const HOSTILE_NAME = `update-ip232${ESC}[2J\u202e.htm`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "upscript-inert-"));
  writeFileSync(join(dir, "update-ip232.htm"), SCRIPT);
  writeFileSync(join(dir, HOSTILE_NAME), SCRIPT);
  writeFileSync(join(dir, "fleet.csv"), `product,mac,firmware\nIP232,00-90-33-00-00-01,13-1${ESC}[5m\nIP${ESC}]0;x${BEL}232,00-90-33-00-00-02,1\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]): CliRun => runCli(args, { cwd: dir });

/** Neither stream holds a raw control character; no stack trace. */
function expectInert(result: CliRun): void {
  expect(result.stdout, result.stdout).not.toMatch(RAW);
  expect(result.stderr, result.stderr).not.toMatch(RAW);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at .*\(/);
}

describe("lint formatters show script text inert", () => {
  it("stylish", () => {
    const result = run("lint", "--format", "stylish", "update-ip232.htm", HOSTILE_NAME);
    expect(result.code).toBe(1);
    expectInert(result);
    expect(result.stdout).toContain("'1\\x1b[2J' is not an hour");
    expect(result.stdout).toContain("'bo\\x08gus\\x1b[2J' is not a UP1 command");
    expect(result.stdout).toContain("update-ip232\\x1b[2J\\u202e.htm");
  });

  it("gcc: one line per problem, a control can neither drive the terminal nor forge a line", () => {
    const result = run("lint", "--format", "gcc", "update-ip232.htm", HOSTILE_NAME);
    expect(result.code).toBe(1);
    expectInert(result);
    expect(result.stdout).toContain("update-ip232.htm:2:26: error: '1\\x1b[2J' is not an hour");
    expect(result.stdout).toContain("update-ip232\\x1b[2J\\u202e.htm:2:26: error:");
    for (const line of result.stdout.trimEnd().split("\n")) expect(line).toMatch(/^update-ip232[^:]*\.htm:\d+:\d+: (error|warning|info): .* \[[a-z-]+\]$/);
  });

  it("json and sarif stay raw data: JSON.stringify escapes the C0 controls, parsing gives the script's text back", () => {
    const json = run("lint", "--format", "json", "update-ip232.htm");
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    const [file] = JSON.parse(json.stdout) as { diagnostics: { message: string }[] }[];
    expect(file!.diagnostics.map((d) => d.message)).toContain(`'1${ESC}[2J' is not an hour: the list takes whole hours 0–23 separated by commas`);
    const sarif = run("lint", "--format", "sarif", "update-ip232.htm");
    expect(sarif.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(sarif.stdout).toContain("\\u001b[2J");
  });
});

describe("dry-run and simulate show script text inert", () => {
  it("dry-run: lines, reasons, transfers, variables, the device and the file name", () => {
    const result = run("dry-run", HOSTILE_NAME, "--device", "IP232", "--at", "2026-01-01T02:00", "--firmware", `13${ESC}[5m`, "--var", `CFG=${ESC}]0;t${BEL}`);
    expect(result.code).toBe(0);
    expectInert(result);
    expect(result.stdout).toContain("Dry run of update-ip232\\x1b[2J\\u202e.htm for an IP232");
    expect(result.stdout).toContain("firmware 13\\x1b[5m");
    expect(result.stdout).toContain("mod cmd UP1 check iresetn SER\\x1b]8;;http://evil/\\x07click\\x1b]8;;\\x07\\x08\\x08\\x08");
    expect(result.stdout).toContain("GET http://10.0.0.5/fw\\u202e/ip232.bin");
    expect(result.stdout).toContain("stores 13-1\\x1b[8mhidden");
  });

  it("dry-run --format json keeps the raw text as data", () => {
    const result = run("dry-run", "update-ip232.htm", "--device", "IP232", "--at", "2026-01-01T02:00", "--format", "json");
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(result.stdout).toContain("\\u001b[8mhidden");
  });

  it("simulate: the timeline", () => {
    const result = run("simulate", "update-ip232.htm", "--device", "IP232", "--at", "2026-01-01T01:00", "--days", "1");
    expect(result.code).toBe(0);
    expectInert(result);
    expect(result.stdout).toContain("now running firmware 13-1\\x1b[8mhidden");
  });

  it("simulate --fleet: the forecast and the problems of the device list", () => {
    const result = run("simulate", "update-ip232.htm", "--fleet", "fleet.csv", "--days", "1");
    expectInert(result);
    expect(result.stdout).toContain("Rollout forecast for update-ip232.htm");
    expect(result.stderr).toContain("unknown product 'IP\\x1b]0;x\\x07232'");
  });
});

describe("error messages on stderr are inert", () => {
  it.each([
    ["a bad --var", ["dry-run", "update-ip232.htm", "--device", "IP232", "--var", `CHE${ESC}[2JCK=1`], "--var CHE\\x1b[2JCK=1: write NAME=VALUE"],
    ["an unknown product", ["dry-run", "update-ip232.htm", "--device", `IP${ESC}]0;t${BEL}\r`], "unknown product 'IP\\x1b]0;t\\x07\\x0d'"],
    ["a bad --at", ["simulate", "update-ip232.htm", "--at", `x\u202e${ESC}[2J`], "--at x\\u202e\\x1b[2J"],
    ["a missing file", ["lint", `nofile${ESC}[2J\b`], "cannot read 'nofile\\x1b[2J\\x08'"],
    ["a line feed cannot forge a line", ["lint", "nofile\nupscript: all good"], "cannot read 'nofile\n  upscript: all good'"],
  ])("%s", (_name, args, shown) => {
    const result = run(...args);
    expect(result.code).not.toBe(0);
    expectInert(result);
    expect(result.stderr).toContain(shown);
    expect(result.stderr).not.toMatch(/^upscript: all good/m);
  });
});

describe("usage errors of the argument parser", () => {
  it("escape the argument they quote", () => {
    const run = runCli(["lint", "--\x1b[2Jbogus"]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain("\x1b");
    expect(run.stderr).toContain("\\x1b[2Jbogus");
  });
});
