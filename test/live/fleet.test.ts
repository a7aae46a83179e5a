/**
 * `upscript poll URL --fleet devices.csv`: every device of the list polls the live generator
 * (test/live/generator.ts), never more than --concurrency at once, and the report says per
 * product what the server served, the findings, the outcomes and the devices in trouble.
 */
import Ajv from "ajv";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { livePollSchema, type LiveFleet } from "@upscript/language";
import { tempDir } from "../cli/tmp.js";
import { startGenerator, type Generator } from "./generator.js";
import { runCliAsync } from "./helpers.js";

const CSV = `product,mac,firmware,boot,PROT
IP232,00-90-33-3e-00-01,13-130000,130000,
IP232,00-90-33-3e-00-02,13-130000,130000,
IP232,00-90-33-3e-00-03,13-138765,130000,13-138765
IP112,00-90-33-3e-01-01,13-130000,130000,
IP112,00-90-33-3e-01-02,13-130000,130000,
IPBS,00-90-33-3e-02-01,,,
`;

let gen: Generator;
let cwd: string;
let fleetFile: string;
beforeAll(async () => {
  // Each answer takes a while, so that devices do overlap.
  gen = await startGenerator({ delayMs: 40 });
  cwd = tempDir("live-fleet");
  fleetFile = join(cwd, "devices.csv");
  writeFileSync(fleetFile, CSV);
});
afterAll(async () => {
  await gen.close();
});

describe("a fleet against the live generator", () => {
  let fleet: LiveFleet;
  let code: number | null;

  beforeAll(async () => {
    const run = await runCliAsync(["poll", `${gen.base}/update.php?phase=staging&type=#t&sn=#m`, "--fleet", fleetFile, "--concurrency", "2", "--check-transfers", "--at", "2026-11-20T23:30", "--format", "json"], { cwd });
    expect(run.stderr).toBe("");
    code = run.code;
    fleet = JSON.parse(run.stdout) as LiveFleet;
  });

  it("follows the schema", () => {
    const validate = new Ajv({ strict: true, allErrors: true }).compile(livePollSchema());
    const ok = validate(fleet);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(fleet.kind).toBe("live-fleet");
  });

  it("polls every device once, each with its own request", () => {
    expect(fleet.devices.map((d) => `${d.product} ${d.mac} ${d.polls.length}`)).toEqual([
      "IP232 00-90-33-3e-00-01 1",
      "IP232 00-90-33-3e-00-02 1",
      "IP232 00-90-33-3e-00-03 1",
      "IP112 00-90-33-3e-01-01 1",
      "IP112 00-90-33-3e-01-02 1",
      "IPBS 00-90-33-3e-02-01 1",
    ]);
    expect(fleet.devices[3]!.polls[0]!.request.url).toBe(`${gen.base}/update.php?phase=staging&type=ip112&sn=00-90-33-3e-01-01&CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=`);
    expect(gen.requests.filter((r) => r.url.startsWith("/update.php")).length).toBe(6);
  });

  it("never has more than --concurrency requests at the server at once", () => {
    expect(gen.maxInFlight()).toBe(2);
  });

  it("summarises per product: the scripts served, the findings, the outcomes, the devices in trouble", () => {
    const [ip112, ip232, ipbs] = fleet.products;
    expect(fleet.products.map((p) => `${p.product} ${p.devices}`)).toEqual(["IP112 2", "IP232 3", "IPBS 1"]);
    // Two IP232 got the full staging script; the one that reports its firmware got a shorter one.
    expect(ip232!.served.map((s) => `${s.polls} polls, ${s.devices} devices`)).toEqual(["2 polls, 2 devices", "1 polls, 1 devices"]);
    expect(ip232!.outcomes).toEqual({ downloads: 5, uploads: 3, loads: 0, restarts: 3, failedTransfers: 0 });
    expect(ip232!.verdicts).toMatchObject({ changing: 3, failing: 0 });
    // The server has no IP112 firmware: both devices fail, and try again on the next poll.
    expect(ip112!.outcomes.failedTransfers).toBe(4);
    expect(ip112!.trouble.map((t) => `${t.mac} ${t.verdict}`)).toEqual(["00-90-33-3e-01-01 failing", "00-90-33-3e-01-02 failing"]);
    expect(ip112!.trouble[0]!.why).toMatch(/ip112\.bin failed\(404\).*boot112\.bin failed\(404\); the device tries again on the next poll$/);
    // A DECT base takes no firmware through the update server: lint says so.
    expect(ipbs!.findings.map((f) => f.rule)).toContain("no-firmware-for-product");
    expect(ipbs!.statuses).toEqual({ ok: 1 });
  });

  it("exits 1: transfers failed", () => {
    expect(code).toBe(1);
  });

  it("the text report", async () => {
    const run = await runCliAsync(["poll", `${gen.base}/update.php?phase=staging&type=#t&sn=#m`, "--fleet", fleetFile, "--concurrency", "3", "--at", "2026-11-20T23:30"], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Live poll of 6 devices$/m);
    expect(run.stdout).toMatch(/^ {2}00-90-33-3e-01-01 IP112 {4}1 poll, last ok: changing$/m);
    expect(run.stdout).toMatch(/^IP232: 3 devices, 3 polls$/m);
    expect(run.stdout).toMatch(/^ {2}served [0-9a-f]{12} \(\d+ bytes\) on 2 polls to 2 devices: \d+ infos?$/m);
    expect(gen.maxInFlight()).toBeLessThanOrEqual(3);
  });
});
