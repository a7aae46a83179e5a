/**
 * cfg-serial-unchanged through the CLI's `--base REV`: the files that cfg lines load are read at
 * the revision with git, inside the web root only.
 */
import { spawnSync } from "node:child_process";
import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_STYLE, type Diagnostic } from "@upscript/language";
import { lintCommand } from "../../server/src/cli/lint-command.js";
import { loadConfigFile } from "../../server/src/node/config-files.js";
import { baseResolverSync } from "../../server/src/node/git-base.js";
import { gitEnv } from "../helpers/git.js";
import { tempDir, writeTree } from "./tmp.js";


const SCRIPT = "mod cmd UP1 check ser 2026-11-20a\nmod cmd UP0 cfg https://10.0.0.5/cfg/site.txt iresetn CFG-1\n";
const SITE = "config change NTP0 /addr 10.0.0.1\n";

let repo: string;
let outside: string;
function git(...args: string[]) {
  const home = join(repo, "..");
  const result = spawnSync("git", args, { cwd: repo, encoding: "utf8", env: { ...process.env, ...gitEnv(home) } });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
}

beforeAll(() => {
  repo = tempDir("git-cfg");
  outside = tempDir("git-cfg-outside");
  writeTree(repo, {
    ".upscriptrc.json": JSON.stringify({ server: { "https://10.0.0.5/": "web" } }),
    "web/update-ip232.htm": SCRIPT,
    "web/cfg/site.txt": SITE,
    "secret.txt": SITE,
  });
  git("init", "-q", "--initial-branch=main");
  git("add", ".");
  git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "first");
  writeFileSync(join(repo, "web", "cfg", "site.txt"), SITE.replace("10.0.0.1", "10.0.0.2"));
});

async function lint(...args: string[]): Promise<{ code: number; diagnostics: Diagnostic[]; errors: string[] }> {
  let stdout = "";
  const errors: string[] = [];
  const code = await lintCommand(args, { format: "json", rule: [], base: "HEAD" }, { write: (t) => void (stdout += t), error: (m) => void errors.push(m), style: NO_STYLE });
  const files = JSON.parse(stdout) as { diagnostics: Diagnostic[] }[];
  return { code, diagnostics: files.flatMap((f) => f.diagnostics), errors };
}

describe("lint --base REV and the files cfg lines load", () => {
  it("a cfg target changed since the base with the same serial on its cfg line: error at the serial", async () => {
    const run = await lint(join(repo, "web", "update-ip232.htm"));
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(1);
    const found = run.diagnostics.filter((d) => d.rule === "cfg-serial-unchanged");
    expect(found).toMatchObject([{ line: 2, column: 55, message: expect.stringMatching(/^web\/cfg\/site\.txt changed since the base \(first change on its line 1\) but this cfg line still has the serial 'CFG-1'/) }]);
  });

  it("a new serial on the cfg line: no error", async () => {
    writeFileSync(join(repo, "web", "update-ip232.htm"), SCRIPT.replace("CFG-1", "CFG-2"));
    try {
      const run = await lint(join(repo, "web", "update-ip232.htm"));
      expect(run.diagnostics.filter((d) => d.rule === "cfg-serial-unchanged")).toEqual([]);
    } finally {
      writeFileSync(join(repo, "web", "update-ip232.htm"), SCRIPT);
    }
  });
});

describe("the base resolver", () => {
  const loaded = () => loadConfigFile(join(repo, ".upscriptrc.json"));

  it("reads a web root file at the revision, and says when git has none there", () => {
    const resolve = baseResolverSync(loaded(), "HEAD");
    expect(resolve("https://10.0.0.5/cfg/site.txt")).toMatchObject({ kind: "found", path: "web/cfg/site.txt", text: SITE });
    expect(resolve("https://10.0.0.5/cfg/new.txt")).toMatchObject({ kind: "missing", path: "web/cfg/new.txt" });
  });

  it("keeps to the web root: URLs outside it are never looked up in git", () => {
    const resolve = baseResolverSync(loaded(), "HEAD");
    expect(resolve("https://10.0.0.5/%2E%2E/secret.txt").kind).toBe("refused");
    expect(resolve("https://10.0.0.5/../secret.txt").kind).not.toBe("found");
    expect(resolve("https://10.0.0.9/cfg/site.txt")).toEqual({ kind: "unmapped" });
    symlinkSync(join(outside), join(repo, "web", "out"));
    expect(resolve("https://10.0.0.5/out/x.txt").kind).toBe("refused");
  });
});
