/**
 * Which `.upscriptrc.json` files apply (docs/configuration.md): the walk stops at the repository
 * root, at the working directory (outside a repository), at `"root": true`; nested files are
 * merged with the ones above; a file owned by another user is ignored with a warning;
 * `--print-config` and `--debug` show what applies; `--state` is checked against
 * docs/state.schema.json and never hangs on a FIFO or a device.
 */
import { spawnSync, execFileSync } from "node:child_process";
import { chownSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigCache, findConfigFile, walkCeiling } from "../../server/src/node/config-files.js";
import { cliPath, runCli } from "../helpers/cli.js";
import { tempDir, writeTree } from "./tmp.js";

/** A typo'd verb: an error unless a config switches the rule off. */
const TYPO = "mod cmd UP1 tims /allow 24\n";
const RULE_OFF = JSON.stringify({ rules: { "unknown-up-verb": "off" } });
const lint = (cwd: string, ...args: string[]) => runCli(["lint", "-f", "gcc", ...args], { cwd });
const typoReported = (run: { stdout: string }) => run.stdout.includes("[unknown-up-verb]");

describe("where the walk stops", () => {
  it("a config above the repository root is not used", () => {
    const outer = writeTree(tempDir("disc-git"), { ".upscriptrc.json": RULE_OFF, "repo/sites/update-ip232.htm": TYPO });
    mkdirSync(join(outer, "repo", ".git"));
    // Even from the folder holding that config: the repository is the boundary.
    const run = lint(outer, "repo/sites/update-ip232.htm");
    expect(run.code).toBe(1);
    expect(typoReported(run)).toBe(true);
    // Inside the repository the same config applies, from any working directory in it.
    writeFileSync(join(outer, "repo", ".upscriptrc.json"), RULE_OFF);
    expect(lint(outer, "repo/sites/update-ip232.htm")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(lint(join(outer, "repo", "sites"), "update-ip232.htm")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("a .git file (worktree, submodule) marks a repository root too", () => {
    const outer = writeTree(tempDir("disc-gitfile"), { ".upscriptrc.json": RULE_OFF, "repo/.git": "gitdir: /elsewhere\n", "repo/update-ip232.htm": TYPO });
    expect(lint(outer, "repo/update-ip232.htm").code).toBe(1);
  });

  it("outside a repository, a config above the working directory is not used", () => {
    const dir = writeTree(tempDir("disc-cwd"), { ".upscriptrc.json": RULE_OFF, "sub/update-ip232.htm": TYPO });
    const below = lint(join(dir, "sub"), "update-ip232.htm");
    expect(below.code).toBe(1);
    expect(typoReported(below)).toBe(true);
    // From the folder holding it (or above, down to it), it applies.
    expect(lint(dir, "sub/update-ip232.htm")).toEqual({ code: 0, stdout: "", stderr: "" });
    // A script outside the working directory: only its own folder is searched.
    const elsewhere = lint(tempDir("disc-elsewhere"), join(dir, "sub", "update-ip232.htm"));
    expect(elsewhere.code).toBe(1);
  });

  it('"root": true stops the walk', () => {
    const dir = writeTree(tempDir("disc-root"), {
      ".upscriptrc.json": RULE_OFF,
      "site/.upscriptrc.json": '{ "root": true, "rules": { "plain-http-transfer": "off" } }',
      "site/update-ip232.htm": TYPO,
      "other/.upscriptrc.json": '{ "rules": { "plain-http-transfer": "off" } }',
      "other/update-ip232.htm": TYPO,
    });
    const stopped = lint(dir, "site/update-ip232.htm");
    expect(stopped.code).toBe(1);
    expect(typoReported(stopped)).toBe(true);
    expect(stopped.stderr).toBe("");
    // Without root, the file above is merged in.
    expect(lint(dir, "other/update-ip232.htm")).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("cascading", () => {
  function site() {
    return writeTree(tempDir("disc-cascade"), {
      ".upscriptrc.json": JSON.stringify({ server: { "http://10.0.0.5/": "./webroot" }, rules: { "unknown-up-verb": "off" } }),
      "webroot/cfg/site.txt": "config change NTP0 /addr 10.0.0.1\n",
      "webroot/berlin/.upscriptrc.json": JSON.stringify({ rules: { "plain-http-transfer": "off", "missing-serial": "off", "missing-final-command": "off" } }),
      "webroot/berlin/update-ip232.htm": `${TYPO}mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt\nmod cmd UP0 cfg http://10.0.0.5/cfg/missing.txt\n`,
    });
  }

  it("a nested config keeps the parent's server map (relative to the parent's folder) and rules", () => {
    const dir = site();
    const run = lint(dir, "webroot/berlin/update-ip232.htm");
    expect(run.stderr).toBe("");
    // Only missing.txt is missing: cfg/site.txt is found under the parent's ./webroot.
    expect(run.stdout).toMatch(/^webroot\/berlin\/update-ip232\.htm:3:17: warning: http:\/\/10\.0\.0\.5\/cfg\/missing\.txt does not exist in the web root .*\[missing-file\]\n$/);
    expect(run.code).toBe(0);
  });

  it("--print-config shows the merged configuration and the files, outermost first", () => {
    const dir = site();
    const run = runCli(["lint", "--print-config", "webroot/berlin/update-ip232.htm"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const printed = JSON.parse(run.stdout);
    expect(printed.configFiles).toEqual([".upscriptrc.json", join("webroot", "berlin", ".upscriptrc.json")]);
    expect(printed.ignored).toEqual([]);
    expect(printed.stoppedAt).toBe("working-directory");
    expect(printed.config.server).toEqual({ "http://10.0.0.5/": join(dir, "webroot") });
    expect(printed.config.rules).toEqual({ "unknown-up-verb": "off", "plain-http-transfer": "off", "missing-serial": "off", "missing-final-command": "off" });
    expect(printed.config.files).toEqual(["**/*.upscript", "**/update*.htm", "**/update*.txt"]);
  });

  it("--print-config with --config prints that file alone; problems are exit 2", () => {
    const dir = site();
    const only = JSON.parse(runCli(["lint", "--config", ".upscriptrc.json", "--print-config", "webroot/berlin/x.htm"], { cwd: dir }).stdout);
    expect(only.configFiles).toEqual([".upscriptrc.json"]);
    expect(only.config.rules).toEqual({ "unknown-up-verb": "off" });
    writeFileSync(join(dir, "webroot", "berlin", ".upscriptrc.json"), '{ "rulez": {} }');
    const bad = runCli(["lint", "--print-config", "webroot/berlin/x.htm"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^upscript: webroot\/berlin\/\.upscriptrc\.json:1:3: unknown key 'rulez'/);
    expect(runCli(["lint", "--print-config", "a.htm", "b.htm"], { cwd: dir }).code).toBe(2);
  });

  it("a problem in a parent config is reported with that file's name", () => {
    const dir = site();
    writeFileSync(join(dir, ".upscriptrc.json"), '{ "server": { "http://10.0.0.5/": "./webroot" }, "rules": { "unknown-up-verb": "of" } }');
    const run = lint(dir, "webroot/berlin/update-ip232.htm");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^upscript: \.upscriptrc\.json:1:\d+: rules\.unknown-up-verb: 'of' is not one of/);
  });

  it("--debug names the files used for each script folder and where the walk stopped", () => {
    const dir = site();
    writeTree(dir, { "webroot/paris/update-ip232.htm": "mod cmd UP1 times /allow 24\n" });
    const run = runCli(["lint", "--debug", "-f", "gcc", "webroot"], { cwd: dir });
    const lines = run.stderr.split("\n").filter((l) => l.startsWith("upscript: debug: "));
    const berlin = join("webroot", "berlin");
    expect(lines).toContain(
      `upscript: debug: config for scripts in ${berlin}: .upscriptrc.json, ${join(berlin, ".upscriptrc.json")} (merged, nearest last) — searched up to ., stopped at the working directory`,
    );
    expect(lines).toContain(`upscript: debug: config for scripts in ${join("webroot", "paris")}: .upscriptrc.json — searched up to ., stopped at the working directory`);
    // Each folder once.
    expect(new Set(lines).size).toBe(lines.length);
    // Also as a global option, before the command.
    expect(runCli(["--debug", "dry-run", "--device", "IP232", "webroot/paris/update-ip232.htm"], { cwd: dir }).stderr).toContain("upscript: debug: config for scripts in");
  });
});

describe("ownership", () => {
  const posixRoot = typeof process.getuid === "function" && process.getuid() === 0;

  it.skipIf(!posixRoot)("a config owned by another user is ignored, with one warning", () => {
    const dir = writeTree(tempDir("disc-owner"), { ".upscriptrc.json": RULE_OFF, "update-ip232.htm": TYPO, "update-ip1200.htm": TYPO });
    chownSync(join(dir, ".upscriptrc.json"), 12345, 12345);
    const run = lint(dir, ".");
    expect(run.code).toBe(1);
    expect(run.stdout.match(/\[unknown-up-verb\]/g)).toHaveLength(2);
    expect(run.stderr).toBe("upscript: warning: ignoring config '.upscriptrc.json': owned by uid 12345, not by you (uid 0) or root\n");
    expect(JSON.parse(runCli(["lint", "--print-config", "update-ip232.htm"], { cwd: dir }).stdout).ignored).toEqual([
      { path: ".upscriptrc.json", reason: "owned by uid 12345, not by you (uid 0) or root" },
    ]);
    // Named with --config, it is the user's choice, and used.
    expect(runCli(["lint", "--config", ".upscriptrc.json", "update-ip232.htm"], { cwd: dir }).code).toBe(0);
  });

  it.skipIf(!posixRoot)("the language server's cache logs it once", () => {
    const dir = writeTree(tempDir("disc-owner-lsp"), { ".upscriptrc.json": RULE_OFF });
    chownSync(join(dir, ".upscriptrc.json"), 12345, 12345);
    const warnings: string[] = [];
    const cache = new ConfigCache(undefined, { stopAt: [dir], warn: (m) => warnings.push(m) });
    expect(cache.forScript(join(dir, "a.htm")).paths).toEqual([]);
    cache.forScript(join(dir, "sub", "b.htm"));
    cache.clear();
    cache.forScript(join(dir, "a.htm"));
    expect(warnings).toEqual([`ignoring config '${join(dir, ".upscriptrc.json")}': owned by uid 12345, not by you (uid 0) or root`]);
    expect(findConfigFile(dir, { stopAt: [dir] })).toBeUndefined();
  });
});

describe("the language server's stop points", () => {
  it("stops at the workspace folder, and without one at the script's folder, whatever the working directory", () => {
    const dir = writeTree(tempDir("disc-lsp"), { ".upscriptrc.json": RULE_OFF, "ws/.upscriptrc.json": "{}", "ws/a/.upscriptrc.json": "{}" });
    const ws = join(dir, "ws");
    expect(new ConfigCache(undefined, { stopAt: [ws] }).forScript(join(ws, "a", "b", "x.htm")).paths).toEqual([join(ws, ".upscriptrc.json"), join(ws, "a", ".upscriptrc.json")]);
    expect(walkCeiling(join(ws, "a"), { stopAt: [ws] })).toEqual({ folder: ws, reason: "workspace-folder" });
    // No workspace folder holds it: the script's folder only, even when the process runs in `dir`.
    expect(new ConfigCache(undefined, { stopAt: [], cwd: dir }).forScript(join(ws, "a", "x.htm")).paths).toEqual([join(ws, "a", ".upscriptrc.json")]);
    expect(new ConfigCache(undefined, { stopAt: () => [join(dir, "elsewhere")] }).forScript(join(ws, "x.htm")).stop).toEqual({ folder: ws, reason: "script-folder" });
    // The CLI (no stopAt) goes up to its working directory.
    expect(new ConfigCache(undefined, { cwd: dir }).forScript(join(ws, "x.htm")).paths).toEqual([join(dir, ".upscriptrc.json"), join(ws, ".upscriptrc.json")]);
  });
});

describe("--state", () => {
  const SCRIPT = "mod cmd UP1 times /allow 0-23\nmod cmd UP0 scfg http://10.0.0.5/backup/#m-#bn.txt\n";
  const project = () => writeTree(tempDir("disc-state"), { "update-ip232.htm": SCRIPT });
  /** The CLI, with a deadline far below the helper's: a hang must fail the test, not stall it. */
  const quick = (cwd: string, args: string[]) => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: "utf8", timeout: 15_000, env: { ...process.env, NO_COLOR: "1" } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
  };

  it('backupIndex: "x" is exit 2 naming the key, the type and the file', () => {
    const dir = project();
    writeFileSync(join(dir, "st.json"), '{ "backupIndex": "x" }');
    expect(runCli(["dry-run", "--device", "IP232", "--state", "st.json", "update-ip232.htm"], { cwd: dir })).toEqual({
      code: 2,
      stdout: "",
      stderr: "upscript: state 'st.json': backupIndex must be a whole number of at least 0, not string\n",
    });
  });

  it("backupIndex must be below backupSlots, the config's when the file names none", () => {
    const dir = project();
    writeFileSync(join(dir, "st.json"), '{ "backupIndex": 3 }');
    writeFileSync(join(dir, ".upscriptrc.json"), '{ "dryRun": { "backupSlots": 3 } }');
    expect(runCli(["dry-run", "--device", "IP232", "--state", "st.json", "update-ip232.htm"], { cwd: dir })).toEqual({
      code: 2,
      stdout: "",
      stderr: "upscript: state 'st.json': backupIndex must be below backupSlots, 3 (dryRun.backupSlots in the config), not 3\n",
    });
  });

  it("other wrong types are exit 2 too, for simulate as well", () => {
    const dir = project();
    for (const [state, message] of [
      ['{ "uptime": "600" }', "uptime must be a whole number of at least 0, not string"],
      ['{ "variables": { "CHECK": 2026 } }', "variables.CHECK must be a string, not number"],
      ['{ "fresh": "yes" }', "fresh must be true or false, not string"],
      ['{ "at": "tomorrow" }', "at: 'tomorrow' is not a local time YYYY-MM-DDTHH:MM"],
      ['{ "clock": 0 }', "clock must be a string or null, not number"],
    ]) {
      writeFileSync(join(dir, "st.json"), state!);
      expect(runCli(["simulate", "--days", "1", "--device", "IP232", "--state", "st.json", "update-ip232.htm"], { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: `upscript: state 'st.json': ${message}\n` });
    }
  });

  it.skipIf(process.platform === "win32")("a FIFO is refused at once, not waited on", () => {
    const dir = project();
    execFileSync("mkfifo", [join(dir, "fifo.json")]);
    const run = quick(dir, ["dry-run", "--device", "IP232", "--state", "fifo.json", "update-ip232.htm"]);
    expect(run).toMatchObject({ code: 2, stdout: "", stderr: "upscript: cannot read state 'fifo.json': is a named pipe (FIFO), not a regular file\n" });
    expect(run.ms).toBeLessThan(10_000);
  });

  it.skipIf(process.platform === "win32")("/dev/zero is refused at once, not read for ever", () => {
    const run = quick(project(), ["dry-run", "--device", "IP232", "--state", "/dev/zero", "update-ip232.htm"]);
    expect(run).toMatchObject({ code: 2, stdout: "", stderr: "upscript: cannot read state '/dev/zero': is a character device, not a regular file\n" });
    expect(run.ms).toBeLessThan(10_000);
  });
});
