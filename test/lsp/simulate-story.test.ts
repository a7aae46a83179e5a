/**
 * One judgement everywhere, for fleets: the same script, device list and settings through the
 * CLI's `simulate --fleet --format json` and the editor's `upscript/simulate` request give the same
 * forecast, with the same file sizes (dryRun.builds objects, files under the web root, the
 * catalog's typical sizes: node/transfer-sizes.ts) and the same text report.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { writeTree } from "../cli/tmp.js";
import { inProcessClient, type Client } from "./harness.js";

const SCRIPT = `mod cmd UP0 scfg http://10.0.0.5/backup/#h-#bn.txt no-op DAILY /force 24
mod cmd UP1 times /allow 23,0,1,2,3,4
mod cmd UP1 check iresetn 2026-11-20a
mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765
mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser CFG-1
`;
const FLEET = ["product,mac,firmware,clockOffset", ...Array.from({ length: 12 }, (_, i) => `${i % 2 ? "IP232" : "IP112"},00-90-33-00-02-${(i + 16).toString(16)},13-130000,${i === 11 ? "none" : ""}`)].join("\n");

let root: string;
let client: Client;

beforeAll(async () => {
  root = writeTree(mkdtempSync(join(tmpdir(), "upscript-simulate-story-")), {
    ".upscriptrc.json": JSON.stringify({
      server: { "http://10.0.0.5/": "./web" },
      dryRun: { interval: 20, builds: { "http://10.0.0.5/fw/ip112.bin": { build: "13-138765", size: "6.5MB" } } },
    }),
    "web/update-ip232.htm": SCRIPT,
    "web/fw/ip232.bin": new Uint8Array(123_456),
    "web/fw/ip112.bin": new Uint8Array(1),
    "web/cfg/site.txt": "config change NTP0 /addr 10.0.0.1\n",
    "devices.csv": `${FLEET}\n`,
  });
  client = inProcessClient({ scanLimits: { maxFiles: 100, maxMillis: 2000 } });
  await client.initialize(root, {}, { preview: {} });
  const uri = pathToFileURL(join(root, "web/update-ip232.htm")).href;
  client.open(uri, SCRIPT);
  await client.waitForDiagnostics(uri);
}, 60_000);

afterAll(() => {
  client?.dispose();
  rmSync(root, { recursive: true, force: true });
});

interface Answer {
  json: { kind: string; load: { urls: { url: string; bytes: number; source: string }[] } };
  text: string;
  html: string;
}

describe("the CLI and the editor forecast one rollout", () => {
  it("the same JSON, sizes and text for the same script, device list and settings", async () => {
    const args = ["simulate", join(root, "web/update-ip232.htm"), "--fleet", join(root, "devices.csv"), "--days", "2", "--at", "2026-11-20T12:00"];
    const cliJson = runCli([...args, "--format", "json"], { cwd: root });
    expect(cliJson.stderr).toBe("");
    const cliText = runCli(args, { cwd: root });
    const uri = pathToFileURL(join(root, "web/update-ip232.htm")).href;
    const answer = await client.request<Answer>("upscript/simulate", { uri, days: 2, device: { at: "2026-11-20T12:00" }, fleet: { path: join(root, "devices.csv") } });
    expect(answer.json).toEqual(JSON.parse(cliJson.stdout));
    expect(answer.text).toBe(cliText.stdout);
    const sources = Object.fromEntries(answer.json.load.urls.map((u) => [u.url.slice(u.url.lastIndexOf("/") + 1), [u.bytes, u.source]]));
    expect(sources).toMatchObject({ "ip112.bin": [6.5 * 1024 ** 2, "config"], "ip232.bin": [123_456, "web-root"], "site.txt": [34, "web-root"] });
    expect(answer.json.load.urls.some((u) => u.source === "default")).toBe(true);
    expect(answer.html.startsWith("<!doctype html>")).toBe(true);
  });
});
