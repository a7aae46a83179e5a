/**
 * One judgement everywhere: the same script and the same device settings through the CLI's
 * `dry-run --format json`, the editor's preview request (`upscript/dryRun` over JSON-RPC) and
 * the code lens (textDocument/codeLens) give the same plan, the same update URL and the same
 * clock. The code lens title is the plan's headline (planHeadline).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planHeadline, type PollPlan } from "@upscript/language";
import { runCli } from "../helpers/cli.js";
import { inProcessClient, type Client } from "./harness.js";

/** The editor's settings of the preview device (upscript.preview.*), and the same as CLI flags. */
interface Settings {
  device?: string;
  firmware?: string;
  boot?: string;
  at?: string;
  uptime?: number;
  fresh?: boolean;
  noClock?: boolean;
}

function flags(s: Settings): string[] {
  return [
    ...(s.device ? ["--device", s.device] : []),
    ...(s.firmware ? ["--firmware", s.firmware] : []),
    ...(s.boot ? ["--boot", s.boot] : []),
    ...(s.at ? ["--at", s.at] : []),
    ...(s.uptime !== undefined ? ["--uptime", String(s.uptime)] : []),
    ...(s.fresh ? ["--fresh"] : []),
    ...(s.noClock ? ["--no-clock"] : []),
  ];
}

const PHONES = `mod cmd UP0 scfg http://10.0.0.5/backup/#h-#bn.txt no-op WEEKLY /force 168
mod cmd UP1 times /allow 22,23,0,1,2,3,4,5 /initial 6
mod cmd UP1 check iresetn 2026-11-20a
mod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765
mod cmd UP0 boot http://10.0.0.5/firmware/ ireset 13-138765
mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser CFG-1
config change UP1 /poll 5
config write
config activate
iresetn
`;
const NIGHT = `mod cmd UP1 times /allow 1-4
mod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765
config change NTP0 /addr 10.0.0.1
`;

let root: string;
let client: Client;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "upscript-one-story-"));
  for (const dir of ["web/phones", "web/cfg", "web/firmware", "drafts"]) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, ".upscriptrc.json"), JSON.stringify({ server: { "http://10.0.0.5/": "./web" }, dryRun: { firmware: "13-130000", device: "IP1202", interval: 30 } }));
  writeFileSync(join(root, "web/phones/update-ip232.htm"), PHONES);
  writeFileSync(join(root, "web/phones/night-rollout.htm"), NIGHT);
  writeFileSync(join(root, "drafts/update-ip232.htm"), PHONES);
  writeFileSync(join(root, "web/cfg/site.txt"), "config change NTP0 /addr 10.0.0.1\n");
  writeFileSync(join(root, "web/firmware/ip232.bin"), "firmware");
  client = inProcessClient({ scanLimits: { maxFiles: 100, maxMillis: 2000 } });
  await client.initialize(root, {}, { preview: {} });
  for (const path of ["web/phones/update-ip232.htm", "web/phones/night-rollout.htm", "drafts/update-ip232.htm"]) {
    const uri = pathToFileURL(join(root, path)).href;
    client.open(uri, path.includes("night") ? NIGHT : PHONES);
    await client.waitForDiagnostics(uri);
  }
}, 60_000);

afterAll(() => {
  client?.dispose();
  rmSync(root, { recursive: true, force: true });
});

interface PlanJson {
  device: { product: string; clock: string | null; firmware: string; uptimeMinutes: number; fresh: boolean };
  request: { method: string; url: string };
  stoppedAt: number | null;
  transfers: { build: string | null }[];
  summary: string;
}

/** planHeadline reads the plan's transfers, stop line, outcome, changes and device: the JSON carries all of them. */
function headlineOf(json: PlanJson): string {
  return planHeadline({ ...json, stoppedAt: json.stoppedAt ?? undefined, transfers: json.transfers.map((t) => ({ ...t, build: t.build ?? undefined })) } as unknown as PollPlan);
}

async function story(path: string, settings: Settings) {
  const cli = runCli(["dry-run", join(root, path), "--format", "json", ...flags(settings)], { cwd: root });
  expect(cli.stderr).toBe("");
  const fromCli = JSON.parse(cli.stdout) as PlanJson;
  const uri = pathToFileURL(join(root, path)).href;
  // The editor's settings, which the code lens runs on; the client sends the same with the preview request.
  await client.rpc.sendNotification("workspace/didChangeConfiguration", { settings: { upscript: { preview: settings } } });
  const preview = await client.request<{ json: PlanJson }>("upscript/dryRun", { uri, device: settings });
  const lenses = await client.request<{ command: { title: string } }[]>("textDocument/codeLens", { textDocument: { uri } });
  return { cli: fromCli, preview: preview.json, lens: lenses[0]!.command.title };
}

describe("the CLI, the preview and the code lens tell one story", () => {
  it("a script in a web root the config maps, with its product in the file name: the request URL from the server map", async () => {
    const s = await story("web/phones/update-ip232.htm", { at: "2026-11-20T23:30" });
    expect(s.preview).toEqual(s.cli);
    expect(s.cli.request.url).toBe("http://10.0.0.5/phones/update-ip232.htm?CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=");
    expect(s.cli.device).toMatchObject({ product: "IP232", clock: "2026-11-20 23:30", firmware: "13-130000" });
    expect(s.lens).toBe(headlineOf(s.cli));
    expect(s.lens).toBe("23:30 IP232: upload backup, download 13-138765, reset when idle");
  });

  it("explicit at, firmware, boot, uptime and fresh", async () => {
    const s = await story("web/phones/update-ip232.htm", { device: "IP232", at: "2026-11-20T14:00", firmware: "13-138765", boot: "13-138765", uptime: 3, fresh: true });
    expect(s.preview).toEqual(s.cli);
    expect(s.cli.device).toMatchObject({ product: "IP232", clock: "2026-11-20 14:00", firmware: "13-138765", uptimeMinutes: 3, fresh: true });
    expect(s.cli.stoppedAt).toBe(2);
    expect(s.lens).toBe(headlineOf(s.cli));
    expect(s.lens).toBe("14:00 IP232: upload backup, stops at line 2");
  });

  it("no clock", async () => {
    const s = await story("web/phones/update-ip232.htm", { noClock: true, uptime: 600 });
    expect(s.preview).toEqual(s.cli);
    expect(s.cli.device.clock).toBeNull();
    expect(s.lens).toBe(headlineOf(s.cli));
    expect(s.lens).toMatch(/^no clock, IP232: .*stops at line 2/);
  });

  it("a script the config does not map: the default update URL with its file name, the product from dryRun.device", async () => {
    const s = await story("drafts/update-ip232.htm", { at: "2026-11-21T02:00" });
    expect(s.preview).toEqual(s.cli);
    expect(s.cli.request.url).toBe("http://update-server/update-ip232.htm?CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=");
    expect(s.lens).toBe(headlineOf(s.cli));
    const night = await story("web/phones/night-rollout.htm", { at: "2026-11-21T02:00" });
    expect(night.preview).toEqual(night.cli);
    expect(night.cli.device.product).toBe("IP1202");
    expect(night.cli.request.url).toBe("http://10.0.0.5/phones/night-rollout.htm?CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=");
    expect(night.lens).toBe(headlineOf(night.cli));
  });
});
