/**
 * The pre-commit framework hook (`.pre-commit-hooks.yaml`, id `upscript`) as a user's repository
 * gets it: the real `pre-commit` clones upscript from a git repository at a commit, installs it in
 * its own Node environment (npm install, npm pack, npm install -g: the build's devDependencies come
 * from the npm registry) and runs `upscript lint` on the matching files. Nothing of this checkout's
 * node_modules/ or dist/ is used. See docs/git-hooks-and-ci.md, "The pre-commit framework".
 *
 * `npm run test:precommit` (vitest.precommit.config.ts); skipped when `pre-commit` is not installed.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const hookName = "upscript (innovaphone update scripts)";
/** The first run installs the hook: a git clone, then npm fetching the build's packages. */
const installTimeout = 15 * 60_000;
const runTimeout = 2 * 60_000;

const ownSuite = process.env.UPSCRIPT_PRECOMMIT_TEST === "1";
const preCommitVersion = (() => {
  const result = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
})();
const skipReason = !ownSuite
  ? "runs with 'npm run test:precommit' only"
  : preCommitVersion === undefined
    ? "'pre-commit' is not installed (Debian: apt-get install pre-commit; else pip install pre-commit)"
    : undefined;
if (ownSuite && skipReason) console.warn(`test/precommit skipped: ${skipReason}`);

const badLine = "mod cmd UP1 tiems /allow 1\n";
const goodPhoneScript = "mod cmd UP1 times /allow 1\n";
const goodDectScript = [
  "# IP1200 DECT bases: new firmware at night only.",
  "mod cmd UP1 times /allow 22,23,0,1,2,3,4,5",
  "mod cmd UP1 check iresetn 2026-12-01a",
  "mod cmd UP0 prot https://10.0.0.5/firmware/ ireset 13-138765",
  "",
].join("\n");

let work: string;
let env: NodeJS.ProcessEnv;
let scripts: string;

/** The environment of every git and pre-commit call: no user or system git config, no npm run variables of the outer run. */
function isolatedEnv(gitConfig: string, preCommitHome: string): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^GIT_/.test(name) || name === "SKIP" || name === "INIT_CWD") continue;
    // What `npm run` sets for its own script, not npm configuration (the registry, a CA file) that the install needs.
    if (/^npm_(lifecycle_|package_|command$|execpath$|node_execpath$|config_(local_prefix|global_prefix|prefix)$)/.test(name)) continue;
    result[name] = value;
  }
  return {
    ...result,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: gitConfig,
    GIT_AUTHOR_NAME: "upscript test",
    GIT_AUTHOR_EMAIL: "test@upscript.invalid",
    GIT_COMMITTER_NAME: "upscript test",
    GIT_COMMITTER_EMAIL: "test@upscript.invalid",
    PRE_COMMIT_HOME: preCommitHome,
    PRE_COMMIT_COLOR: "never",
    NO_COLOR: "1",
  };
}

function run(command: string, args: string[], cwd: string, timeout = runTimeout): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} ${args.join(" ")}: ${result.error.message}\n${result.stdout}\n${result.stderr}`);
  return result;
}

function git(cwd: string, ...args: string[]): string {
  const result = run("git", args, cwd);
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout.trim();
}

/** pre-commit's output with its log file's location, for failure messages. */
function transcript(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}\n(log: ${join(env.PRE_COMMIT_HOME!, "pre-commit.log")})`;
}

/**
 * A git repository holding this working tree as it is now, uncommitted changes and new files
 * included, in one commit; what is ignored (node_modules/, dist/) stays out.
 */
function cloneWorkingTree(target: string): string {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files in ${repoRoot}: ${listed.stderr}`);
  mkdirSync(target, { recursive: true });
  let copied = 0;
  for (const file of new Set(listed.stdout.split("\0").filter(Boolean))) {
    try {
      if (!lstatSync(join(repoRoot, file)).isFile()) continue;
    } catch {
      continue; // tracked, but deleted in the working tree
    }
    mkdirSync(dirname(join(target, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(target, file));
    copied++;
  }
  expect(copied).toBeGreaterThan(50);
  git(target, "init", "--quiet");
  git(target, "add", "--all");
  git(target, "commit", "--quiet", "--no-verify", "--no-gpg-sign", "--message", "upscript working tree for the pre-commit test");
  return git(target, "rev-parse", "HEAD");
}

describe.skipIf(skipReason !== undefined)(`the pre-commit framework hook${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "upscript-precommit-"));
    const gitConfig = join(work, "gitconfig");
    writeFileSync(gitConfig, "");
    env = isolatedEnv(gitConfig, join(work, "pre-commit-home"));

    const upscript = join(work, "upscript");
    const rev = cloneWorkingTree(upscript);

    scripts = join(work, "scripts");
    mkdirSync(scripts);
    git(scripts, "init", "--quiet");
    // JSON is YAML: the path is quoted whatever it contains.
    writeFileSync(
      join(scripts, ".pre-commit-config.yaml"),
      ["repos:", `  - repo: ${JSON.stringify(upscript)}`, `    rev: ${rev}`, "    hooks:", "      - id: upscript", ""].join("\n"),
    );
    for (const [file, text] of Object.entries({
      "phones/update-ip232.htm": badLine,
      "dect/update-ip1200.htm": goodDectScript,
      // Not an update script by name: the hook's `files` pattern leaves it alone.
      "notes/readme.txt": badLine,
    })) {
      mkdirSync(dirname(join(scripts, file)), { recursive: true });
      writeFileSync(join(scripts, file), text);
    }
    git(scripts, "add", "--all");
  }, 2 * 60_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("installs from the git repository and fails on the script with an error", () => {
    const started = Date.now();
    const result = run("pre-commit", ["run", "--all-files", "--color", "never"], scripts, installTimeout);
    console.log(`${preCommitVersion}: installing the hook environment and the first run took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const output = result.stdout + result.stderr;
    expect(output, transcript(result)).not.toMatch(/An unexpected error has occurred/);
    expect(result.status, transcript(result)).toBe(1);
    expect(output).toMatch(new RegExp(`${hookName.replace(/[()]/g, "\\$&")}\\.+Failed`));
    expect(output).toContain("phones/update-ip232.htm");
    expect(output).toMatch(/1:13\s+error\s+'tiems' is not a UP1 command.*unknown-up-verb/);
    // The good script may get hints (infos), never an error.
    expect(output).not.toMatch(/dect\/update-ip1200\.htm\n(?:\s+\d+:\d+\s+(?:info|warning).*\n)*\s+\d+:\d+\s+error/);
    expect(output).not.toContain("notes/readme.txt");
  }, installTimeout + 60_000);

  it("passes once the script is fixed", () => {
    writeFileSync(join(scripts, "phones/update-ip232.htm"), goodPhoneScript);
    git(scripts, "add", "--all");
    const result = run("pre-commit", ["run", "--all-files", "--color", "never"], scripts);
    expect(result.status, transcript(result)).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`${hookName.replace(/[()]/g, "\\$&")}\\.+Passed`));
  });

  it("as the git pre-commit hook, stops a commit whose staged script has an error", () => {
    const installed = run("pre-commit", ["install"], scripts);
    expect(installed.status, transcript(installed)).toBe(0);
    git(scripts, "commit", "--quiet", "--message", "good scripts");
    const head = git(scripts, "rev-parse", "HEAD");

    writeFileSync(join(scripts, "dect/update-ip1200.htm"), goodDectScript + badLine);
    git(scripts, "add", "dect/update-ip1200.htm");
    const commit = run("git", ["commit", "--message", "bad dect script"], scripts);
    expect(commit.status, transcript(commit)).toBe(1);
    expect(commit.stdout + commit.stderr).toMatch(/dect\/update-ip1200\.htm\n(?:.*\n)*?\s+5:13\s+error\s+'tiems'.*unknown-up-verb/);
    expect(git(scripts, "rev-parse", "HEAD")).toBe(head);
  });
});
