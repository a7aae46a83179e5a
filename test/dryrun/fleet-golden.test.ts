/**
 * A golden rollout forecast whose fleet holds every verdict: settled, looping (the file holds
 * another build), stuck (a backup fails behind the check line and the serial is stored anyway),
 * unchanged, and blocked for each cause (no clock, a clock that never reaches the window, two
 * windows with no hour in common, /initial). Run through the CLI, as an admin runs it, with the
 * device list written by --devices-out.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../helpers/golden.js";
import { runCli } from "../helpers/cli.js";

const dir = join(import.meta.dirname, "golden", "fleet-verdicts");

describe("golden fleet forecast", () => {
  const out = mkdtempSync(join(tmpdir(), "upscript-fleet-golden-"));
  const devicesOut = join(out, "devices.csv");
  const run = runCli(["simulate", "update.htm", "--fleet", "devices.csv", "--days", "0.5", "--at", "2026-11-20T18:00", "--fail", "backup/", "--format", "json", "--devices-out", devicesOut], { cwd: dir });

  it("matches the golden JSON", () => {
    // The default gates (loop, stuck) fail: the report is still written.
    expect(run.stderr).toMatch(/rollout check failed: 1 device looping .*1 device stuck/);
    expect(run.code).toBe(1);
    expectGolden(run.stdout, join(dir, "forecast.json"));
  });

  it("holds every verdict and every blocked cause, and the counts add up to the fleet", () => {
    const f = JSON.parse(run.stdout) as { verdicts: Record<string, number>; blocked: Record<string, number>; devices: { verdict: string }[] };
    const fleetSize = readFileSync(join(dir, "devices.csv"), "utf8").trim().split("\n").length - 1;
    expect(f.devices).toHaveLength(fleetSize);
    expect(Object.values(f.verdicts).reduce((a, b) => a + b, 0)).toBe(fleetSize);
    expect(f.verdicts).toMatchObject({ settled: 3, looping: 1, stuck: 1, unchanged: 1, blocked: 4 });
    expect(f.blocked).toEqual({ "no-clock": 1, "outside-window": 1, "disjoint-windows": 1, initial: 1, "no-poll": 0 });
    expect(Object.values(f.blocked).reduce((a, b) => a + b, 0)).toBe(f.verdicts.blocked);
  });

  it("lists every device in --devices-out, with the verdict the JSON gives it", () => {
    const f = JSON.parse(run.stdout) as { devices: { mac: string; verdict: string; blockedBy: string | null }[] };
    const rows = parseCsv(readFileSync(devicesOut, "utf8"), { columns: true }) as { mac: string; verdict: string; blockedBy: string }[];
    expect(rows.map((r) => [r.mac, r.verdict, r.blockedBy])).toEqual(f.devices.map((d) => [d.mac, d.verdict, d.blockedBy ?? ""]));
  });
});
