/**
 * `upscript lint --base REV` in a real git repository, and the pre-commit hook published in
 * docs/git-hooks-and-ci.md, installed in a temporary repository and run by `git commit`.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliPath, repoRoot, runCli } from "../helpers/cli.js";
import { gitEnv } from "../helpers/git.js";
import { tempDir, writeTree } from "./tmp.js";


function git(cwd: string, env: Record<string, string>, ...args: string[]) {
  const result = spawnSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function newRepo(name: string) {
  const home = tempDir(`${name}-home`);
  writeFileSync(join(home, ".gitconfig"), "");
  const env = gitEnv(home);
  const repo = tempDir(name);
  const g = (...args: string[]) => git(repo, env, ...args);
  const ok = (...args: string[]) => {
    const result = g(...args);
    if (result.code !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
    return result.stdout;
  };
  ok("init", "-q", "--initial-branch=main");
  ok("config", "user.name", "Test");
  ok("config", "user.email", "test@example.com");
  ok("config", "commit.gpgsign", "false");
  return { repo, env, git: g, ok };
}

const QUIET = ["--rule", "check-stores-on-failure=off"];
const V1 = "# IP232 phones\nmod cmd UP1 check ireset 2026-01\nmod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-138765\n";
const SERIAL = "the script changed since the base (first change on line 3) but the check serial is still '2026-01': every device that already stored 2026-01 stops at this check and never runs the change";

describe("lint --base REV", () => {
  let r: ReturnType<typeof newRepo>;
  beforeAll(() => {
    r = newRepo("base");
    writeTree(r.repo, { "update-ip232.htm": V1 });
    r.ok("add", ".");
    r.ok("commit", "-q", "-m", "first");
  });
  // check-stores-on-failure (an info on every check line above a transfer) is not what these tests are about.
  const lint = (...args: string[]) => runCli(["lint", "-f", "gcc", ...QUIET, ...args], { cwd: r.repo, env: r.env });

  it("an unchanged script has no check-serial-unchanged error", () => {
    expect(lint("--base", "HEAD", "update-ip232.htm")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("a changed line with the same check serial is an error at the serial (exit 1)", () => {
    writeTree(r.repo, { "update-ip232.htm": V1.replace("13-138765", "13-139001") });
    expect(lint("--base", "HEAD", "update-ip232.htm")).toEqual({
      code: 1,
      stdout: `update-ip232.htm:2:26: error: ${SERIAL} [check-serial-unchanged]\n`,
      stderr: "",
    });
    // Without --base there is nothing to compare with.
    expect(lint("update-ip232.htm")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("works from another folder, with the path as given", () => {
    const result = runCli(["lint", "-f", "json", ...QUIET, "--base", "HEAD", join(r.repo, "update-ip232.htm")], { env: r.env });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)[0].diagnostics).toMatchObject([{ rule: "check-serial-unchanged", line: 2, column: 26 }]);
  });

  it("a new serial with the change: no error", () => {
    writeTree(r.repo, { "update-ip232.htm": V1.replace("13-138765", "13-139001").replace("2026-01", "2026-02") });
    expect(lint("--base", "HEAD", "update-ip232.htm")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("comments and spacing alone do not need a new serial", () => {
    writeTree(r.repo, { "update-ip232.htm": V1.replace("# IP232 phones", "# IP232 desk phones").replace("ireset 13-138765", "ireset  13-138765") });
    expect(lint("--base", "HEAD", "--rule", "unused-disable=off", "update-ip232.htm")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("the staged text on standard input is compared too (as the pre-commit hook does)", () => {
    const changed = V1.replace("13-138765", "13-139001");
    expect(runCli(["lint", "-f", "gcc", ...QUIET, "--base", "HEAD", "--stdin", "--stdin-filename", "update-ip232.htm"], { cwd: r.repo, env: r.env, input: changed })).toEqual({
      code: 1,
      stdout: `update-ip232.htm:2:26: error: ${SERIAL} [check-serial-unchanged]\n`,
      stderr: "",
    });
  });

  it("a file git does not know at the base: no error from that rule", () => {
    writeTree(r.repo, { "update-new.htm": V1.replace("13-138765", "13-139001") });
    expect(lint("--base", "HEAD", "update-new.htm")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("a file outside any repository: --base is a usage error, not a silent no-op", () => {
    const outside = writeTree(tempDir("no-repo"), { "update-ip232.htm": V1 });
    expect(runCli(["lint", "-f", "gcc", ...QUIET, "--base", "HEAD", "update-ip232.htm"], { cwd: outside, env: { ...r.env, GIT_CEILING_DIRECTORIES: dirname(outside) } })).toEqual({
      code: 2,
      stdout: "",
      stderr: "upscript: --base HEAD: 'update-ip232.htm' is not inside a git repository\n",
    });
  });

  it("a revision git does not know is a usage error", () => {
    const run = lint("--base", "origin/nope", "update-ip232.htm");
    expect(run).toEqual({ code: 2, stdout: "", stderr: "upscript: --base origin/nope: git does not know that revision (fetch it first, e.g. git fetch origin main)\n" });
  });
});

/** The hook script exactly as docs/git-hooks-and-ci.md prints it. */
function hookFromDocs(): string {
  const doc = readFileSync(join(repoRoot, "docs", "git-hooks-and-ci.md"), "utf8");
  const blocks = [...doc.matchAll(/```sh\n(#!\/bin\/sh\n[\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks).toHaveLength(1);
  return blocks[0]!;
}

describe("the pre-commit hook from docs/git-hooks-and-ci.md", () => {
  let r: ReturnType<typeof newRepo>;
  let env: Record<string, string>;
  beforeAll(() => {
    r = newRepo("hook");
    // `upscript` on the PATH is the built CLI.
    const bin = tempDir("bin");
    writeFileSync(join(bin, "upscript"), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
    chmodSync(join(bin, "upscript"), 0o755);
    env = { ...r.env, PATH: `${bin}:${process.env.PATH ?? ""}`, NO_COLOR: "1" };
    writeFileSync(join(r.repo, ".git", "hooks", "pre-commit"), hookFromDocs());
    chmodSync(join(r.repo, ".git", "hooks", "pre-commit"), 0o755);
  });
  const commit = (message: string) => git(r.repo, env, "commit", "-q", "-m", message);
  const head = () => git(r.repo, env, "rev-parse", "--verify", "--quiet", "HEAD").stdout.trim();

  it("stops the first commit of a script with an error", () => {
    writeTree(r.repo, { "phones/update-ip232.htm": "mod cmd UP1 times /allow 25\n" });
    r.ok("add", ".");
    const result = commit("bad");
    expect(result.code).not.toBe(0);
    // git passes a hook's output on to its own stderr.
    expect(result.stderr).toContain("phones/update-ip232.htm\n  1:26  error    hour 25 is outside 0–23");
    expect(result.stderr).toContain("pre-commit: upscript found problems in the staged scripts");
    expect(head()).toBe("");
  });

  it("lets a clean script through (also one with a blank in its name)", () => {
    writeTree(r.repo, { "phones/update-ip232.htm": V1, "dect/update ip1200.htm": "mod cmd UP1 poll\n" });
    r.ok("add", ".");
    const result = commit("good");
    expect(result.code).toBe(0);
    expect(head()).not.toBe("");
    expect(r.ok("log", "--format=%s")).toBe("good\n");
    expect(r.ok("ls-files")).toBe("dect/update ip1200.htm\nphones/update-ip232.htm\n");
  });

  it("checks the staged text, not the working copy", () => {
    const before = head();
    writeTree(r.repo, { "phones/update-ip232.htm": V1.replace("2026-01", "2026-01x").replace("ireset 13-138765", "ireset 13-139001") });
    r.ok("add", ".");
    // The broken working copy is not staged.
    writeTree(r.repo, { "phones/update-ip232.htm": "mod cmd UP1 times /allow 25\n" });
    expect(commit("staged is fine").code).toBe(0);
    expect(head()).not.toBe(before);
    writeTree(r.repo, { "phones/update-ip232.htm": V1.replace("2026-01", "2026-01x").replace("ireset 13-138765", "ireset 13-139001") });
  });

  it("stops a change that keeps the check serial (compared with HEAD)", () => {
    const before = head();
    writeTree(r.repo, { "phones/update-ip232.htm": V1.replace("2026-01", "2026-01x").replace("ireset 13-138765", "ireset 13-139002") });
    r.ok("add", ".");
    const result = commit("serial unchanged");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("check-serial-unchanged");
    expect(head()).toBe(before);
    r.ok("reset", "-q", "--hard", "HEAD");
  });

  it("ignores files that are no update scripts", () => {
    writeTree(r.repo, { "notes.txt": "mod cmd UP1 times /allow 25\n" });
    r.ok("add", ".");
    expect(commit("notes").code).toBe(0);
  });

  it("uses the same file pattern as .pre-commit-hooks.yaml", () => {
    const yaml = readFileSync(join(repoRoot, ".pre-commit-hooks.yaml"), "utf8");
    const files = /^\s*files:\s*'([^']+)'\s*$/m.exec(yaml)![1]!;
    expect(hookFromDocs()).toContain(`grep -E '${files}'`);
    const re = new RegExp(files);
    const matching = ["update-ip232.htm", "phones/update-ip232.htm", "dect/update.txt", "x.upscript", "a/b/site.upscript", "update ip1200.htm"];
    const other = ["cfg/site-berlin.txt", "notes.txt", "update/readme.md", "update/site.htm", "phones/update-ip232.html", "README.md"];
    expect(matching.filter((f) => !re.test(f))).toEqual([]);
    expect(other.filter((f) => re.test(f))).toEqual([]);
    expect(yaml).toMatch(/^- id: upscript$/m);
    expect(yaml).toMatch(/^ {2}entry: upscript lint$/m);
    expect(yaml).toMatch(/^ {2}language: node$/m);
    expect(yaml).toMatch(/^ {2}name: \S/m);
    expect(yaml).not.toMatch(/pass_filenames/);
  });
});
