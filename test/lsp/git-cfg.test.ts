/**
 * The language server's git base for cfg-serial-unchanged: the files a document's cfg lines load
 * are read at git HEAD in the background, and the document is checked again once they are known.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../cli/tmp.js";
import { inProcessClient, type Client } from "./harness.js";

const SCRIPT = "mod cmd UP1 check ser 2026-11-20a\nmod cmd UP0 cfg https://10.0.0.5/cfg/site.txt iresetn CFG-1\n";
const SITE = "config change NTP0 /addr 10.0.0.1\n";

let repo: string;
let client: Client;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  repo = tempDir("lsp-git-cfg");
  const home = tempDir("lsp-git-cfg-home");
  writeFileSync(join(home, ".gitconfig"), "");
  // The server runs git in this process: without the user's or the system's git settings.
  const env = { HOME: home, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: join(home, ".gitconfig") };
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  writeTree(repo, { ".upscriptrc.json": JSON.stringify({ server: { "https://10.0.0.5/": "." } }), "update-ip232.htm": SCRIPT, "cfg/site.txt": SITE });
  const git = (...args: string[]) => {
    const r = spawnSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  git("init", "-q", "--initial-branch=main");
  git("add", ".");
  git("commit", "-q", "-m", "first");
  writeFileSync(join(repo, "cfg", "site.txt"), SITE.replace("10.0.0.1", "10.0.0.2"));
  client = inProcessClient({ scanLimits: { maxFiles: 100, maxMillis: 2000 } });
  await client.initialize(repo);
});

afterAll(() => {
  client.dispose();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("cfg-serial-unchanged in the editor", () => {
  it("reports a changed cfg target whose cfg line kept its serial (compared with git HEAD)", async () => {
    const uri = pathToFileURL(join(repo, "update-ip232.htm")).href;
    client.open(uri, SCRIPT);
    const found = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === "cfg-serial-unchanged"));
    expect(found.filter((d) => d.code === "cfg-serial-unchanged")).toMatchObject([
      { range: { start: { line: 1, character: 54 }, end: { line: 1, character: 59 } }, severity: 1, message: expect.stringMatching(/^cfg\/site\.txt changed since the base \(first change on its line 1\)/) },
    ]);
  });

  it("a new serial typed in the editor clears it", async () => {
    const uri = pathToFileURL(join(repo, "update-ip232.htm")).href;
    client.change(uri, 2, [{ text: SCRIPT.replace("CFG-1", "CFG-2") }]);
    const found = await client.waitForDiagnostics(uri, (_, version) => version === 2);
    expect(found.filter((d) => d.code === "cfg-serial-unchanged")).toEqual([]);
  });
});
