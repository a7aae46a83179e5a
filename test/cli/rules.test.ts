/**
 * `upscript rules`, `upscript explain`, and the program-wide behaviour: --help on every command,
 * --version, unknown commands and options.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers/cli.js";

const docs = join(repoRoot, "docs", "rules");
const documented = readdirSync(docs)
  .filter((name) => name.endsWith(".md"))
  .map((name) => name.slice(0, -3))
  .sort();
/** The ids in docs/rules.md, in its order. */
const indexed = [...readFileSync(join(repoRoot, "docs", "rules.md"), "utf8").matchAll(/^\| \[`([a-z0-9-]+)`\]\(rules\//gm)].map((m) => m[1]!);

describe("upscript rules", () => {
  const result = runCli(["rules"]);
  const rows = result.stdout.split("\n").slice(1, -1);

  it("exits 0 and prints a header and one row per rule", () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")[0]).toMatch(/^rule +severity +category +fix +what it reports$/);
    expect(result.stdout.endsWith("\n")).toBe(true);
  });

  it("lists every rule id: those of docs/rules.md, each with its documentation page", () => {
    const ids = rows.map((row) => row.split(" ")[0]!);
    expect(ids).toEqual(indexed);
    expect([...ids].sort()).toEqual(documented);
  });

  it("each row has the default severity, a category and a description", () => {
    for (const row of rows) expect(row).toMatch(/^[a-z0-9-]+ +(error|warning|info) +(correctness|style|compatibility|security) +(safe|unsafe|      ) +\S.*$/);
    expect(rows.find((row) => row.startsWith("times-hours "))).toMatch(/^times-hours +error +correctness +unsafe +An \/allow item that is not an hour 0–23/);
    expect(rows.find((row) => row.startsWith("times-duplicate-hour "))).toMatch(/^times-duplicate-hour +warning +style +safe +An hour listed twice/);
  });
});

describe("upscript explain", () => {
  // Rendered for a terminal by default: test/cli/small-items.test.ts.
  it("--format markdown prints docs/rules/times-hours.md as it is", () => {
    expect(runCli(["explain", "times-hours", "--format", "markdown"])).toEqual({ code: 0, stdout: readFileSync(join(docs, "times-hours.md"), "utf8"), stderr: "" });
  });

  it("other rules print their pages too (the first, the last and one from the middle of the list)", () => {
    for (const id of [indexed[0]!, indexed[Math.floor(indexed.length / 2)]!, indexed.at(-1)!]) {
      const result = runCli(["explain", id, "--format", "markdown"]);
      expect(result.code, id).toBe(0);
      expect(result.stdout, id).toBe(readFileSync(join(docs, `${id}.md`), "utf8"));
    }
  });

  it("an unknown id: exit 2 with a did-you-mean", () => {
    expect(runCli(["explain", "times-hourz"])).toEqual({ code: 2, stdout: "", stderr: "upscript: unknown rule 'times-hourz' (did you mean 'times-hours'?); 'upscript rules' lists them\n" });
    expect(runCli(["explain", "zzzzzzzzzzzz"])).toEqual({ code: 2, stdout: "", stderr: "upscript: unknown rule 'zzzzzzzzzzzz'; 'upscript rules' lists them\n" });
  });

  it("no id is a usage error", () => {
    expect(runCli(["explain"])).toEqual({ code: 2, stdout: "", stderr: "upscript: error: missing required argument 'rule'\n(add --help for usage)\n" });
  });
});

describe("the program", () => {
  const commands = ["lint", "dry-run", "simulate", "fmt", "rules", "explain"];

  it.each(commands)("%s --help exits 0 with its usage on stdout", (command) => {
    const result = runCli([command, "--help"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(new RegExp(`^Usage: upscript ${command} \\[options\\]`));
    expect(runCli(["help", command])).toEqual(result);
  });

  it("--help lists every command", () => {
    const result = runCli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.startsWith("Usage: upscript [options] [command]\n")).toBe(true);
    for (const command of commands) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    expect(runCli(["-h"])).toEqual(result);
  });

  it("the help names the options the docs describe", () => {
    const lint = runCli(["lint", "--help"]).stdout;
    for (const option of ["--format", "--config", "--max-warnings", "--rule", "--fix", "--base", "--stdin", "--stdin-filename", "--quiet"]) expect(lint).toContain(option);
    const dryRun = runCli(["dry-run", "--help"]).stdout;
    for (const option of ["--device", "--firmware", "--var", "--at", "--no-clock", "--uptime", "--fresh", "--state", "--fail", "--detailed-exitcode"]) expect(dryRun).toContain(option);
    const simulate = runCli(["simulate", "--help"]).stdout;
    for (const option of ["--days", "--fleet", "--interval", "--download-minutes", "--format", "--out"]) expect(simulate).toContain(option);
  });

  it("--version and -v print the package version", () => {
    const version = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).version as string;
    expect(runCli(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect(runCli(["-v"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("an unknown command exits 2", () => {
    expect(runCli(["frobnicate"])).toEqual({ code: 2, stdout: "", stderr: "upscript: error: unknown command 'frobnicate'\n(add --help for usage)\n" });
  });

  it("an unknown option exits 2, for the program and for each command", () => {
    expect(runCli(["--frob"])).toEqual({ code: 2, stdout: "", stderr: "upscript: error: unknown option '--frob'\n(add --help for usage)\n" });
    for (const command of commands) {
      const result = runCli([command, "--frob", "x"]);
      expect(result.code, command).toBe(2);
      expect(result.stdout, command).toBe("");
      expect(result.stderr, command).toBe("upscript: error: unknown option '--frob'\n(add --help for usage)\n");
    }
  });

  it("no command at all: the usage on stderr, exit 2", () => {
    const result = runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Usage: upscript [options] [command]");
  });
});
