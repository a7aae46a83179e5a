/**
 * Exit codes of `upscript lint` and `upscript fmt`, as linters define them: the findings decide
 * 0 or 1 (errors, or more warnings than --max-warnings); 2 is only for the tool's own trouble —
 * usage, configuration, a path that matches no script, a file it cannot read or a write it
 * refuses. Each case is a temporary tree, the arguments, and the expected exit code with
 * fragments of stdout and stderr. A case with `why` is a behaviour that changed: it failed
 * before (the old exit code is in the text).
 */
import { chmodSync, chownSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliForAnyUser, cliPath, runCli } from "../helpers/cli.js";
import { bytes, tempDir, writeTree } from "./tmp.js";

/** One warning (times-duplicate-hour), nothing else. */
const WARNING = "mod cmd UP1 times /allow 1,1 /initial 6\n";
/** One error (times-hours). */
const ERROR = "mod cmd UP1 times /allow 25\n";
const CLEAN = "mod cmd UP1 times /allow 23,0,1 /initial 6\nmod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-138765\n";
const UNFORMATTED = "mod  cmd UP1 times /allow 23,0,1 /initial 6\n";
const BINARY = new Uint8Array([0x6d, 0x6f, 0x64, 0x00, 0x01, 0x02]);

/** A web root declared in the config whose script loads a cfg file that is not there. */
const MISSING_CFG_TARGET = {
  ".upscriptrc.json": '{ "server": { "http://10.0.0.5/": "www" }, "rules": { "plain-http-transfer": "off" } }\n',
  "www/phones/update-ip232.htm": "mod cmd UP0 cfg http://10.0.0.5/cfg/missing.txt ser C1\nconfig activate\n",
};
const MISSING_FILE = "www/phones/update-ip232.htm:1:17: warning: http://10.0.0.5/cfg/missing.txt does not exist in the web root (no file www/cfg/missing.txt)";

interface Case {
  readonly name: string;
  /** What changed, and what the old behaviour was; the case failed before. */
  readonly why?: string;
  readonly tree: Record<string, string | Uint8Array>;
  /** Folders to create empty. */
  readonly dirs?: readonly string[];
  readonly args: readonly string[];
  readonly input?: string;
  readonly code: number;
  readonly stdout?: readonly string[];
  readonly stderr?: readonly string[];
  /** stderr exactly (instead of fragments). */
  readonly stderrIs?: string;
  readonly stdoutIs?: string;
}

const CASES: readonly Case[] = [
  // Findings decide.
  {
    name: "a cfg target missing under the web root, the folder linted: missing-file on the cfg line, a warning, exit 0",
    why: "exited 2 with \"cannot read 'www/cfg/missing.txt'\" while the same script through --stdin exited 0",
    tree: MISSING_CFG_TARGET,
    args: ["lint", "-f", "gcc", "www"],
    code: 0,
    stdout: [`${MISSING_FILE}`, "[missing-file]"],
    stderrIs: "",
  },
  {
    name: "the same with --max-warnings 0: exit 1",
    why: "exited 2 (the cfg target was read as a script and missing)",
    tree: MISSING_CFG_TARGET,
    args: ["lint", "-f", "gcc", "--max-warnings", "0", "www"],
    code: 1,
    stdout: [MISSING_FILE],
    stderrIs: "upscript: 1 warning, more than --max-warnings 0\n",
  },
  {
    name: "the same script on standard input: the same finding and exit code",
    tree: MISSING_CFG_TARGET,
    args: ["lint", "-f", "gcc", "--stdin", "--stdin-filename", "www/phones/update-ip232.htm"],
    input: MISSING_CFG_TARGET["www/phones/update-ip232.htm"],
    code: 0,
    stdout: [MISSING_FILE],
    stderrIs: "",
  },
  { name: "errors: exit 1", tree: { "update-a.htm": ERROR }, args: ["lint", "update-a.htm"], code: 1, stdout: ["1 error"], stderrIs: "" },
  { name: "warnings alone: exit 0", tree: { "update-a.htm": WARNING }, args: ["lint", "update-a.htm"], code: 0, stdout: ["1 warning"], stderrIs: "" },
  {
    name: "more warnings than --max-warnings: exit 1",
    tree: { "update-a.htm": WARNING, "update-b.htm": WARNING },
    args: ["lint", "--max-warnings", "1", "."],
    code: 1,
    stderrIs: "upscript: 2 warnings, more than --max-warnings 1\n",
  },
  { name: "a clean script: exit 0, nothing printed", tree: { "update-a.htm": CLEAN }, args: ["lint", "update-a.htm"], code: 0, stdoutIs: "", stderrIs: "" },

  // Paths that match no script.
  {
    name: "lint: a glob that matches nothing: exit 2, named",
    why: "exited 0 with 'no scripts found in …': a mistyped path in CI passed silently",
    tree: { "update-a.htm": CLEAN },
    args: ["lint", "nomatch/*.htm"],
    code: 2,
    stderrIs: "upscript: no scripts match 'nomatch/*.htm'\n",
  },
  {
    name: "lint: a folder without scripts: exit 2, named",
    why: "exited 0",
    tree: { "emptydir/readme.txt": "no scripts here\n" },
    args: ["lint", "emptydir"],
    code: 2,
    stderrIs: "upscript: no scripts found in 'emptydir'\n",
  },
  {
    name: "lint: a glob and a folder that match nothing next to a script with an error: exit 2, the script still checked",
    why: "exited 1",
    tree: { "update-a.htm": ERROR },
    dirs: ["emptydir"],
    args: ["lint", "-f", "gcc", "update-a.htm", "nomatch/*.htm", "emptydir"],
    code: 2,
    stdout: ["update-a.htm:1:26: error:"],
    stderrIs: "upscript: no scripts match 'nomatch/*.htm'\nupscript: no scripts found in 'emptydir'\n",
  },
  {
    name: "lint --no-error-on-unmatched-pattern: warnings on stderr, the findings decide (0)",
    why: "an unknown option (exit 2)",
    tree: { "update-a.htm": CLEAN },
    dirs: ["emptydir"],
    args: ["lint", "--no-error-on-unmatched-pattern", "update-a.htm", "nomatch/*.htm", "emptydir", "gone.htm"],
    code: 0,
    stdoutIs: "",
    stderrIs: "upscript: warning: cannot read 'gone.htm': no such file\nupscript: warning: no scripts match 'nomatch/*.htm'\nupscript: warning: no scripts found in 'emptydir'\n",
  },
  {
    name: "lint --no-error-on-unmatched-pattern with an error in the script: exit 1",
    why: "an unknown option (exit 2)",
    tree: { "update-a.htm": ERROR },
    args: ["lint", "--no-error-on-unmatched-pattern", "update-a.htm", "nomatch/*.htm"],
    code: 1,
    stderrIs: "upscript: warning: no scripts match 'nomatch/*.htm'\n",
  },
  {
    name: "lint: a named file that does not exist: exit 2",
    tree: { "update-a.htm": CLEAN },
    args: ["lint", "update-a.htm", "gone.htm"],
    code: 2,
    stderrIs: "upscript: cannot read 'gone.htm': no such file\n",
  },
  {
    name: "lint with no path lints the current folder",
    why: "was a usage error (exit 2: 'name the scripts or folders to check')",
    tree: { "update-a.htm": ERROR, "sub/update-b.htm": WARNING },
    args: ["lint", "-f", "gcc"],
    code: 1,
    stdout: ["sub/update-b.htm:1:28: warning:", "update-a.htm:1:26: error:"],
    stderrIs: "",
  },
  {
    name: "lint with no path in a folder without scripts: exit 2",
    tree: { "notes.txt": "nothing\n" },
    args: ["lint"],
    code: 2,
    stderrIs: "upscript: no scripts found in '.'\n",
  },
  {
    name: "fmt with no path checks the current folder",
    tree: { "update-a.htm": UNFORMATTED, "update-b.htm": CLEAN },
    args: ["fmt", "--check"],
    code: 1,
    stdoutIs: "update-a.htm\n",
    stderrIs: "upscript: 1 file would be reformatted (run upscript fmt --write)\n",
  },
  {
    name: "fmt with no path in a folder without scripts: exit 2",
    why: "exited 0",
    tree: { "notes.txt": "nothing\n" },
    args: ["fmt", "--check"],
    code: 2,
    stderrIs: "upscript: no scripts found in '.'\n",
  },
  {
    name: "fmt: a glob that matches nothing: exit 2, named",
    why: "exited 0",
    tree: { "update-a.htm": CLEAN },
    args: ["fmt", "--check", "nomatch/*.htm"],
    code: 2,
    stderrIs: "upscript: no scripts match 'nomatch/*.htm'\n",
  },
  {
    name: "fmt --no-error-on-unmatched-pattern: a warning, exit by what needs formatting",
    why: "an unknown option (exit 2)",
    tree: { "update-a.htm": UNFORMATTED },
    dirs: ["emptydir"],
    args: ["fmt", "--check", "--no-error-on-unmatched-pattern", "update-a.htm", "emptydir"],
    code: 1,
    stdoutIs: "update-a.htm\n",
    stderrIs: "upscript: warning: no scripts found in 'emptydir'\nupscript: 1 file would be reformatted (run upscript fmt --write)\n",
  },

  // Files passed over are not errors.
  {
    name: "lint: a binary file named is skipped, not an error",
    tree: { "update-a.htm": BINARY },
    args: ["lint", "update-a.htm"],
    code: 0,
    stderrIs: "upscript: skipping 'update-a.htm': binary file, skipped\n",
  },
  {
    name: "lint: a binary file found in a folder is skipped; the other script decides",
    tree: { "update-a.htm": BINARY, "update-b.htm": WARNING },
    args: ["lint", "-f", "gcc", "."],
    code: 0,
    stdout: ["update-b.htm:1:28: warning:"],
    stderrIs: "upscript: skipping 'update-a.htm': binary file, skipped\n",
  },
  {
    name: "fmt: a binary file is skipped, not an error",
    tree: { "update-a.htm": BINARY },
    args: ["fmt", "--check", "update-a.htm"],
    code: 0,
    stderrIs: "upscript: skipping 'update-a.htm': binary file, skipped\n",
  },
  {
    name: "lint --stdin: binary input is skipped, not an error",
    why: "exited 2 ('cannot read standard input: binary file, skipped')",
    tree: {},
    args: ["lint", "--stdin"],
    input: "mod\0\u0001",
    code: 0,
    stderrIs: "upscript: skipping standard input: binary file, skipped\n",
  },
  {
    name: "lint --stdin --fix: binary input cannot give the fixed script: exit 2",
    tree: {},
    args: ["lint", "--stdin", "--fix"],
    input: "mod\0\u0001",
    code: 2,
    stdoutIs: "",
    stderrIs: "upscript: cannot fix standard input: binary file, skipped\n",
  },

  // The tool's own trouble.
  {
    name: "lint: a bad config: exit 2 with the position",
    tree: { ".upscriptrc.json": '{\n  "rules": { "times-hourz": "off" }\n}\n', "update-a.htm": CLEAN },
    args: ["lint", "update-a.htm"],
    code: 2,
    stderrIs: "upscript: .upscriptrc.json:2:14: unknown rule 'times-hourz' (did you mean 'times-hours'?)\n",
  },
  {
    name: "fmt: a bad config: exit 2",
    tree: { ".upscriptrc.json": "{ not json\n", "update-a.htm": UNFORMATTED },
    args: ["fmt", "--check", "update-a.htm"],
    code: 2,
    stderr: ["upscript: .upscriptrc.json:1:"],
  },
  { name: "lint: a usage error: exit 2", tree: { "update-a.htm": CLEAN }, args: ["lint", "--max-warnings", "many", "update-a.htm"], code: 2, stderr: ["--max-warnings takes a whole number"] },
  {
    name: "lint: --fix with --diff: exit 2",
    tree: { "update-a.htm": CLEAN },
    args: ["lint", "--fix", "--diff", "update-a.htm"],
    code: 2,
    stderrIs: "upscript: choose --fix or --diff, not both\n",
  },
  {
    name: "fmt: --diff with --write: exit 2",
    tree: { "update-a.htm": CLEAN },
    args: ["fmt", "--diff", "--write", "update-a.htm"],
    code: 2,
    stderrIs: "upscript: choose --diff or --write, not both\n",
  },
];

describe("exit codes of lint and fmt", () => {
  for (const c of CASES) {
    it(c.why ? `${c.name} (was: ${c.why})` : c.name, () => {
      const dir = writeTree(tempDir("exit"), c.tree);
      for (const d of c.dirs ?? []) mkdirSync(join(dir, d), { recursive: true });
      const run = runCli(c.args, { cwd: dir, ...(c.input !== undefined && { input: c.input }) });
      const shown = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
      expect(run.code, shown).toBe(c.code);
      for (const fragment of c.stdout ?? []) expect(run.stdout, shown).toContain(fragment);
      for (const fragment of c.stderr ?? []) expect(run.stderr, shown).toContain(fragment);
      if (c.stdoutIs !== undefined) expect(run.stdout).toBe(c.stdoutIs);
      if (c.stderrIs !== undefined) expect(run.stderr).toBe(c.stderrIs);
    });
  }
});

describe("exit codes when writing or reading fails", () => {
  it("lint --fix on a read-only file: the write is refused, exit 2, the file unchanged", () => {
    const dir = writeTree(tempDir("exit-ro"), { "update-a.htm": WARNING });
    chmodSync(join(dir, "update-a.htm"), 0o444);
    const run = runCli(["lint", "--fix", "update-a.htm"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("upscript: cannot write 'update-a.htm': the file is read-only; left unchanged\n");
    expect(bytes(join(dir, "update-a.htm")).toString()).toBe(WARNING);
  });

  it("fmt --write on a read-only file: exit 2", () => {
    const dir = writeTree(tempDir("exit-ro"), { "update-a.htm": UNFORMATTED });
    chmodSync(join(dir, "update-a.htm"), 0o444);
    const run = runCli(["fmt", "--write", "update-a.htm"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("upscript: cannot write 'update-a.htm': the file is read-only; left unchanged\n");
  });

  it.skipIf(process.platform === "win32")(
    "a cfg target that cannot be read is skipped (its cfg line has the warning); a named script that cannot be read is exit 2 (was: exit 2 for the cfg target too)",
    () => {
      // As root every file is readable: run as nobody then, as test/hostile/rewrite.test.ts does.
      const isRoot = process.getuid?.() === 0;
      const nobody = 65534;
      const dir = writeTree(tempDir("exit-unreadable"), {
        ".upscriptrc.json": '{ "server": { "http://10.0.0.5/": "www" }, "rules": { "plain-http-transfer": "off" } }\n',
        "www/phones/update-ip232.htm": "mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser C1\nconfig activate\n",
        "www/cfg/site.txt": "config change DNS0 /addr 10.0.0.1\n",
        "update-secret.htm": CLEAN,
      });
      chmodSync(join(dir, "www", "cfg", "site.txt"), 0o000);
      chmodSync(join(dir, "update-secret.htm"), 0o000);
      if (isRoot) chownSync(dir, nobody, nobody);
      const cli = (args: string[]) => {
        const result = spawnSync(process.execPath, [cliForAnyUser(), ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, ...(isRoot && { uid: nobody, gid: nobody }) });
        return { code: result.status, stdout: result.stdout, stderr: result.stderr };
      };
      const folder = cli(["lint", "-f", "gcc", "www"]);
      expect(folder.code, folder.stderr).toBe(0);
      expect(folder.stdout).toContain("www/phones/update-ip232.htm:1:17: warning: http://10.0.0.5/cfg/site.txt cannot be read from the web root");
      expect(folder.stderr).toBe("upscript: skipping 'www/cfg/site.txt': permission denied\n");
      const named = cli(["lint", "update-secret.htm"]);
      expect(named).toEqual({ code: 2, stdout: "", stderr: "upscript: cannot read 'update-secret.htm': permission denied\n" });
    },
  );
});
