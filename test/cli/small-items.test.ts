/**
 * Small command-line items a new user ran into: the `rules` table and `rules --format json`,
 * `--help` defaults, `explain` rendered for a terminal, the info-only summary of `stylish`,
 * colours (FORCE_COLOR, NO_COLOR, --color / --no-color) and `lint --output-file`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "@upscript/language";
import { stylish } from "../../server/src/cli/format/stylish.js";
import { formatAll } from "../../server/src/cli/format/types.js";
import { colourWanted } from "../../server/src/cli/process.js";
import { renderMarkdownForTerminal } from "../../server/src/cli/terminal-markdown.js";
import { cliPath, repoRoot, runCli, type CliRun } from "../helpers/cli.js";
import { tempDir, writeTree } from "./tmp.js";

const ESC = "\u001b[";
const docs = join(repoRoot, "docs", "rules");
const ruleIds = readdirSync(docs)
  .filter((name) => name.endsWith(".md"))
  .map((name) => name.slice(0, -3))
  .sort();

/** The CLI with exactly these colour variables (none of the caller's), and no TTY. */
function runWithEnv(args: readonly string[], colourEnv: Record<string, string>, cwd = repoRoot): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, ...colourEnv };
  for (const name of ["NO_COLOR", "FORCE_COLOR", "TERM"]) if (!(name in colourEnv)) delete env[name];
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, env, encoding: "utf8", timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface RuleJson {
  readonly id: string;
  readonly severity: string;
  readonly category: string;
  readonly fixable: "safe" | "unsafe" | "none";
  readonly description: string;
  readonly docsUrl: string;
}

describe("upscript rules", () => {
  const json = runCli(["rules", "--format", "json"]);
  let parsed: RuleJson[] | undefined;
  /** Parsed in the tests, so that output that is no JSON fails them rather than the whole file. */
  const rulesJson = () => (parsed ??= JSON.parse(json.stdout) as RuleJson[]);

  it("--format json: one entry per rule with id, severity, category, fixable, description and docs URL", () => {
    expect(json.code).toBe(0);
    expect(json.stderr).toBe("");
    const rules = rulesJson();
    expect(rules.map((r) => r.id).sort()).toEqual(ruleIds);
    for (const rule of rules) {
      expect(Object.keys(rule)).toEqual(["id", "severity", "category", "fixable", "description", "docsUrl"]);
      expect(rule.severity).toMatch(/^(error|warning|info)$/);
      expect(rule.fixable).toMatch(/^(safe|unsafe|none)$/);
      expect(rule.docsUrl).toBe(`https://github.com/upscript/upscript/blob/main/docs/rules/${rule.id}.md`);
    }
    expect(rules.find((r) => r.id === "times-hours")).toMatchObject({ severity: "error", category: "correctness", fixable: "unsafe" });
    expect(rules.find((r) => r.id === "times-duplicate-hour")).toMatchObject({ fixable: "safe" });
    expect(rules.find((r) => r.id === "syntax")).toMatchObject({ fixable: "none" });
  });

  it("the text table: every header starts where its column starts, in every row", () => {
    const result = runCli(["rules"]);
    expect(result.code).toBe(0);
    const rules = rulesJson();
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    const titles = ["rule", "severity", "category", "fix", "what it reports"];
    const starts = titles.map((title) => header!.indexOf(title));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[0]).toBe(0);
    expect(header!.slice(starts.at(-1)!)).toBe("what it reports");
    const cells = (row: string) => starts.map((start, i) => row.slice(start, starts[i + 1]));
    rows.forEach((row, r) => {
      const rule = rules[r]!;
      const found = cells(row);
      // Each cell: its value, then only blanks up to the next column, with at least two of them.
      expect(found.map((cell) => cell.trim()), row).toEqual([rule.id, rule.severity, rule.category, rule.fixable === "none" ? "" : rule.fixable, rule.description]);
      for (const cell of found.slice(0, -1)) expect(cell, row).toMatch(/^\S*\s{2,}$|^\s+$/);
    });
    expect(rows).toHaveLength(rules.length);
  });
});

describe("--help", () => {
  const commands = ["lint", "dry-run", "simulate", "fmt", "rules", "explain"];

  it.each(commands)("%s --help shows no '(default: [])' and no quoted numbers", (command) => {
    const help = runCli([command, "--help"]).stdout;
    expect(help).not.toContain("default: []");
    expect(help).not.toMatch(/default: "\d+"/);
  });

  it("simulate --help shows the numeric defaults as numbers", () => {
    const help = runCli(["simulate", "--help"]).stdout.replace(/\s+/g, " ");
    expect(help).toContain("how many days (default: 7)");
    expect(help).toContain("concurrent downloads (default: 5)");
    expect(help).toContain("minutes since boot (default: 1440)");
  });

  it("the program's help names --color and --no-color", () => {
    const help = runCli(["--help"]).stdout;
    expect(help).toMatch(/^ {2}--color /m);
    expect(help).toMatch(/^ {2}--no-color /m);
  });

  it("repeatable options still collect every value, and none when not given", () => {
    const script = join(repoRoot, "examples", "webroot", "phones", "update-ip232.htm");
    const none = runCli(["dry-run", script, "--at", "2026-11-20T23:30", "-f", "json"]);
    expect(none.stderr).toBe("");
    expect(none.code).not.toBe(2);
    const given = runCli(["dry-run", script, "--at", "2026-11-20T23:30", "-f", "json", "--var", "CHECK=a", "--var", "PROT=13-1"]);
    expect(given.code, given.stderr).not.toBe(2);
    expect(given.stdout).toContain('"CHECK": "a"');
    expect(given.stdout).toContain('"PROT": "13-1"');
    const rule = runCli(["lint", "--rule", "plain-http-transfer=off", "--rule", "url-host-name=off", "examples/webroot"]);
    expect(rule.stdout).not.toContain("plain-http-transfer");
    expect(rule.stdout).not.toContain("url-host-name");
  });

  it("simulate still runs with the default days and download minutes", () => {
    const script = join(repoRoot, "examples", "webroot", "phones", "update-ip232.htm");
    const result = runCli(["simulate", script, "--at", "2026-11-20T23:30", "--firmware", "13-130000", "-f", "json"]);
    expect(result.stderr).toBe("");
    expect((JSON.parse(result.stdout) as { days: number }).days).toBe(7);
  });
});

describe("upscript explain", () => {
  /** The lines of each fenced code block of a page. */
  const codeBlocks = (markdown: string) => [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]!.replace(/\n$/, "").split("\n"));

  it.each(ruleIds)("%s: plain text, the examples kept verbatim and indented", (id) => {
    const result = runCli(["explain", id]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const lines = result.stdout.split("\n");
    const prose = lines.filter((line) => !line.startsWith("    "));
    const page = readFileSync(join(docs, `${id}.md`), "utf8");
    // The page's headings (outside its code blocks) come out as plain lines, without their #.
    const headings = [...page.replace(/^```[\s\S]*?^```$/gm, "").matchAll(/^(#{1,6}) (.*)$/gm)].map((m) => m[2]!);
    expect(headings.length).toBeGreaterThan(1);
    for (const heading of headings) expect(prose).toContain(heading);
    for (const line of prose) {
      // A line may begin with a code span such as `# upscript-disable-next-line`, but never with ## or deeper.
      expect(line, line).not.toMatch(/^#{2,6} /);
      expect(line, line).not.toContain("**");
      expect(line, line).not.toContain("`");
      expect(line, line).not.toMatch(/\]\(/);
    }
    expect(result.stdout).not.toContain(ESC);
    // The title, underlined.
    expect(lines.slice(0, 2)).toEqual([id, "=".repeat(id.length)]);
    for (const block of codeBlocks(page)) {
      const rendered = block.map((line) => (line ? `    ${line}` : "")).join("\n");
      expect(result.stdout).toContain(`\n${rendered}\n`);
    }
  });

  it("times-hours: sections underlined, emphasis and code markers gone, a blank line between blocks", () => {
    const out = runCli(["explain", "times-hours"]).stdout;
    expect(out).toContain("\nWhy it matters on the device\n----------------------------\n\n");
    expect(out).toContain("Default severity: error · Category: correctness · Fix: unsafe\n");
    expect(out).toContain("Reports an item of a mod cmd UP1 times /allow list");
    expect(out).toContain("Problems:\n\n    mod cmd UP1 times /allow 22-4 /initial 6\n    mod cmd UP1 times /allow 23, 0,1,2\n");
    expect(out).toContain('In .upscriptrc.json: { "rules": { "times-hours": "off" } }.');
  });

  it("links: their text, then the URL in parentheses, relative ones resolved", () => {
    const missingFile = runCli(["explain", "missing-file"]).stdout.replace(/\s+/g, " ");
    expect(missingFile).toContain("see bmc-default-name (https://github.com/upscript/upscript/blob/main/docs/rules/bmc-default-name.md)");
    const nestedCfg = runCli(["explain", "nested-cfg"]).stdout.replace(/\s+/g, " ");
    expect(nestedCfg).toContain("see limits (https://github.com/upscript/upscript/blob/main/docs/limits.md)");
  });

  it("--format markdown prints the page as it is", () => {
    for (const id of ["times-hours", "missing-file"]) {
      expect(runCli(["explain", id, "--format", "markdown"])).toEqual({ code: 0, stdout: readFileSync(join(docs, `${id}.md`), "utf8"), stderr: "" });
    }
  });

  it("colours only when colours are on: bold headings", () => {
    const coloured = runWithEnv(["explain", "times-hours", "--color"], {}).stdout;
    expect(coloured.startsWith(`${ESC}1mtimes-hours${ESC}22m\n===========\n`)).toBe(true);
    expect(runWithEnv(["explain", "times-hours"], {}).stdout).not.toContain(ESC);
  });
});

describe("renderMarkdownForTerminal", () => {
  const render = (markdown: string) => renderMarkdownForTerminal(markdown, { base: "https://example.com/docs/rules/a.md" });

  it.each<[string, string, string]>([
    ["headings: the title and sections underlined, deeper ones plain", "# T\n\n## Two words\n\n### Three\n", "T\n=\n\nTwo words\n---------\n\nThree\n"],
    ["emphasis, strikethrough and code markers go, the text stays", "**bold** *em* _em_ ~~gone~~ `code` ``a ` b``\n", "bold em em gone code a ` b\n"],
    ["escaped characters are shown as they are", "\\*not em\\* \\# \\`x\\`\n", "*not em* # `x`\n"],
    ["links: text (URL), relative ones resolved, autolinks once", "[doc](../x.md#y), [abs](https://a.b/c) and <https://a.b/d>\n", "doc (https://example.com/docs/x.md#y), abs (https://a.b/c) and https://a.b/d\n"],
    ["an image: its alt text and its URL", "![a chart](img/c.png)\n", "a chart (https://example.com/docs/rules/img/c.png)\n"],
    ["a fenced block: verbatim, indented, blank lines kept without blanks", "```sh\na  *b*  `c`\n\n# d\n```\n", "    a  *b*  `c`\n\n    # d\n"],
    ["an indented code block", "text\n\n    code here\n", "text\n\n    code here\n"],
    ["a tight list, a nested one and a continued item", "- one\n- two\n  more\n  - inner\n", "• one\n• two\n  more\n  • inner\n"],
    ["a loose ordered list from 9", "9. nine\n\n10. ten\n", "9.  nine\n\n10. ten\n"],
    ["a block quote", "> quoted\n>\n> two\n", "│ quoted\n│\n│ two\n"],
    ["a table: columns aligned", "| a | bb |\n|---|---|\n| ccc | `d` |\n", "a    bb\n---  --\nccc  d\n"],
    ["raw HTML is text, not markup", "<b>x</b> <!-- y -->\n", "<b>x</b> <!-- y -->\n"],
    ["control characters are made visible", "a\u001b[31mred\n\n```\n\u001b[2J\n```\n", "a\\x1b[31mred\n\n    \\x1b[2J\n"],
    ["a rule line", "a\n\n---\n\nb\n", `a\n\n${"─".repeat(40)}\n\nb\n`],
    ["nothing", "", ""],
  ])("%s", (_, markdown, text) => {
    expect(render(markdown)).toBe(text);
  });

  it("colours: bold headings and strong text, cyan code spans, dim URLs; none in code blocks", () => {
    const tag = (name: string) => (s: string) => `<${name}>${s}</${name}>`;
    const style = { bold: tag("b"), dim: tag("d"), green: tag("g"), yellow: tag("y"), red: tag("r"), cyan: tag("c") };
    expect(renderMarkdownForTerminal("# T\n\n**s** `c` [l](https://x.y/)\n\n```\n**k**\n```\n", { style })).toBe("<b>T</b>\n=\n\n<b>s</b> <c>c</c> l (<d>https://x.y/</d>)\n\n    **k**\n");
  });
});

describe("the stylish summary", () => {
  const diagnostic = (severity: Diagnostic["severity"], line: number, fixable = false): Diagnostic => ({
    rule: "plain-http-transfer",
    severity,
    message: "a message",
    range: { start: 0, end: 4, line, column: 0, endLine: line, endColumn: 4 },
    docsUrl: "",
    fixes: fixable ? [{ title: "fix", edits: [], safety: "safe" }] : [],
    suggestions: [],
  });
  const plain = { bold: String, dim: String, green: String, yellow: String, red: String, cyan: String };
  const summary = (severities: Diagnostic["severity"][], fixable = false) =>
    formatAll(stylish, [{ file: "a.htm", diagnostics: severities.map((s, i) => diagnostic(s, i, fixable)) }], plain)
      .trimEnd()
      .split("\n")
      .slice(severities.length + 2);

  it("infos alone: 'ℹ N infos', no ✖ and no 'problems'", () => {
    expect(summary(["info", "info", "info", "info", "info", "info"])).toEqual(["ℹ 6 infos"]);
    expect(summary(["info"])).toEqual(["ℹ 1 info"]);
    expect(summary(["info", "info"], true)).toEqual(["ℹ 2 infos", "  2 infos fixable with --fix"]);
  });

  it("with errors or warnings: ✖ and the counts, as before", () => {
    expect(summary(["error", "warning", "info"])).toEqual(["✖ 3 problems (1 error, 1 warning, 1 info)"]);
    expect(summary(["warning", "info"], true)).toEqual(["✖ 2 problems (0 errors, 1 warning, 1 info)", "  2 problems fixable with --fix"]);
  });

  it("an info-only run of the CLI ends with the info count", () => {
    const result = runCli(["lint", "examples/webroot"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("✖");
    expect(result.stdout).not.toContain("problem");
    expect(result.stdout.trimEnd().split("\n").at(-1)).toMatch(/^ℹ \d+ infos?$/);
  });
});

describe("colours", () => {
  /** Whether `upscript rules` (a dim header) came out coloured. */
  const coloured = (args: string[], env: Record<string, string>) => {
    const result = runWithEnv(args, env);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.includes(ESC);
  };

  it.each<[string, string[], Record<string, string>, boolean]>([
    ["no TTY, no variables: off", ["rules"], {}, false],
    ["FORCE_COLOR=1 without a TTY: on", ["rules"], { FORCE_COLOR: "1" }, true],
    ["FORCE_COLOR=true: on", ["rules"], { FORCE_COLOR: "true" }, true],
    ["FORCE_COLOR=3: on", ["rules"], { FORCE_COLOR: "3" }, true],
    ["FORCE_COLOR=0: off", ["rules"], { FORCE_COLOR: "0" }, false],
    ["FORCE_COLOR=false: off", ["rules"], { FORCE_COLOR: "false" }, false],
    ["an empty FORCE_COLOR counts as unset: off", ["rules"], { FORCE_COLOR: "" }, false],
    ["FORCE_COLOR beats TERM=dumb", ["rules"], { FORCE_COLOR: "1", TERM: "dumb" }, true],
    ["NO_COLOR wins over FORCE_COLOR", ["rules"], { FORCE_COLOR: "1", NO_COLOR: "1" }, false],
    ["NO_COLOR set but empty still wins", ["rules"], { FORCE_COLOR: "1", NO_COLOR: "" }, false],
    ["--color wins over NO_COLOR", ["--color", "rules"], { NO_COLOR: "1" }, true],
    ["--color wins over FORCE_COLOR=0", ["--color", "rules"], { FORCE_COLOR: "0" }, true],
    ["--color after the command", ["rules", "--color"], { NO_COLOR: "1", FORCE_COLOR: "0" }, true],
    ["--no-color wins over FORCE_COLOR", ["--no-color", "rules"], { FORCE_COLOR: "1" }, false],
    ["--no-color after the command", ["rules", "--no-color"], { FORCE_COLOR: "1" }, false],
    ["the last of --color and --no-color counts", ["--color", "rules", "--no-color"], {}, false],
  ])("%s", (_, args, env, expected) => {
    expect(coloured(args, env)).toBe(expected);
  });

  it("on a terminal: on, unless TERM=dumb; the flag and the variables come first (colourWanted)", () => {
    expect(colourWanted(undefined, {}, true)).toBe(true);
    expect(colourWanted(undefined, { TERM: "xterm-256color" }, true)).toBe(true);
    expect(colourWanted(undefined, { TERM: "dumb" }, true)).toBe(false);
    expect(colourWanted(undefined, { NO_COLOR: "1" }, true)).toBe(false);
    expect(colourWanted(undefined, { FORCE_COLOR: "0" }, true)).toBe(false);
    expect(colourWanted(undefined, { FORCE_COLOR: "1" }, false)).toBe(true);
    expect(colourWanted(false, { FORCE_COLOR: "1" }, true)).toBe(false);
    expect(colourWanted(true, { NO_COLOR: "1", TERM: "dumb" }, false)).toBe(true);
  });

  it("--no-color does not clash with dry-run's --no-clock", () => {
    const script = join(repoRoot, "examples", "webroot", "phones", "update-ip232.htm");
    const device = (args: string[]) => (JSON.parse(runWithEnv(["dry-run", script, "-f", "json", ...args], { FORCE_COLOR: "1" }).stdout) as { device: { clock: unknown } }).device;
    expect(device(["--no-clock", "--no-color"]).clock).toBeNull();
    expect(device(["--no-color", "--at", "2026-11-20T23:30"]).clock).not.toBeNull();
    expect(device(["--color", "--no-clock"]).clock).toBeNull();
  });
});

describe("lint --output-file", () => {
  const dir = writeTree(tempDir("output-file"), {
    "update-a.htm": "mod cmd UP1 times /allow 22-4\nmod cmd UP0 PROT http://10.0.0.5/fw/ ireset 13-1\n",
    "update-clean.htm": "mod cmd UP1 times /allow 23,0,1\n",
  });

  it("writes the report to the file without colours, prints nothing on stdout, keeps messages on stderr and the exit code", () => {
    const expected = runWithEnv(["lint", "update-a.htm", "missing.htm"], {}, dir);
    expect(expected.stdout).toContain("times-hours");
    const result = runWithEnv(["lint", "update-a.htm", "missing.htm", "--output-file", "report.txt"], { FORCE_COLOR: "1" }, dir);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(expected.stderr);
    expect(result.stderr).toContain("cannot read 'missing.htm'");
    expect(result.code).toBe(expected.code);
    expect(readFileSync(join(dir, "report.txt"), "utf8")).toBe(expected.stdout);
  });

  it("-o with a machine format; an existing report is replaced, no temporary file is left", () => {
    writeFileSync(join(dir, "report.json"), "old");
    const result = runCli(["lint", "-o", "report.json", "-f", "json", "update-a.htm"], { cwd: dir });
    expect(result).toMatchObject({ code: 1, stdout: "", stderr: "" });
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as { file: string; diagnostics: { rule: string }[] }[];
    expect(report[0]!.diagnostics.map((d) => d.rule)).toContain("times-hours");
    expect(readdirSync(dir).filter((name) => name.endsWith(".upscript-tmp"))).toEqual([]);
  });

  it("a clean run empties the report instead of leaving an old one", () => {
    writeFileSync(join(dir, "clean.txt"), "stale report");
    expect(runCli(["lint", "-o", "clean.txt", "update-clean.htm"], { cwd: dir })).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(join(dir, "clean.txt"), "utf8")).toBe("");
  });

  it("a usage error writes no report; an unwritable path is an error", () => {
    expect(runCli(["lint", "-o", "never.txt", "--rule", "nope=off", "update-a.htm"], { cwd: dir }).code).toBe(2);
    expect(existsSync(join(dir, "never.txt"))).toBe(false);
    const result = runCli(["lint", "-o", join(dir, "no-such-folder", "r.txt"), "update-a.htm"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^upscript: cannot write '.*r\.txt': /);
  });
});

describe("--output-file with the modes whose standard output is not the report", () => {
  it.each([["--diff"], ["--fix-dry-run"]])("%s with --output-file is a usage error", (flag) => {
    const run = runCli(["lint", "examples/webroot", flag, "-o", "/tmp/upscript-never-written.txt"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--output-file writes the report");
  });
});
