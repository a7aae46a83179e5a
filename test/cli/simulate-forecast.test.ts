/**
 * `upscript simulate --fleet` and the rollout report's inputs and outputs end to end, on real
 * files in a temporary folder: the sizes (dryRun.builds objects, files under the web root,
 * --size, the catalog's typical sizes), --office-hours, --devices-out (CSV and JSON with every
 * device), --compare (text, JSON that follows docs/dry-run.schema.json), and their usage errors.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, runDryRunJson } from "../helpers/cli.js";
import { tempDir, writeTree } from "./tmp.js";


const NIGHT = `mod cmd UP0 scfg http://10.0.0.5/backup/#h-#bn.txt no-op DAILY /force 24
mod cmd UP1 times /allow 23,0,1,2,3,4
mod cmd UP1 check iresetn 2026-11-20a
mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765
`;
/** The same with a wider window, and no times line for devices without a clock to stop at. */
const WIDER = NIGHT.replace("/allow 23,0,1,2,3,4", "/allow 20,21,22,23,0,1,2,3,4,5");
const ANYTIME = NIGHT.replace("mod cmd UP1 times /allow 23,0,1,2,3,4\n", "");

const PRODUCTS = ["IP232", "IP112", "IP1202"];
/** 30 devices, 10 per product; the last two have no clock (blocked by /allow). */
const FLEET = [
  "product,mac,firmware,clockOffset",
  ...Array.from({ length: 30 }, (_, i) => `${PRODUCTS[i % 3]},00-90-33-00-01-${(i + 16).toString(16)},13-130000,${i >= 28 ? "none" : ""}`),
].join("\n");
const AT = ["--at", "2026-11-20T12:00", "--days", "2"];

let dir: string;
beforeAll(() => {
  dir = writeTree(tempDir("forecast"), {
    ".upscriptrc.json": JSON.stringify({
      server: { "http://10.0.0.5/": "./web" },
      // IP112's file: the config gives its size (and the build it holds, the script's), over the file's.
      dryRun: { builds: { "http://10.0.0.5/fw/ip112.bin": { build: "13-138765", size: "3MB" } } },
    }),
    // The firmware files are in the web root (a missing one would fail with 404); the backups are not there yet.
    "web/fw/ip232.bin": new Uint8Array(100_000),
    "web/fw/ip1202.bin": new Uint8Array(200_000),
    "web/fw/ip112.bin": new Uint8Array(10),
    "web/update.htm": NIGHT,
    "web/update-wider.htm": WIDER,
    "web/update-anytime.htm": ANYTIME,
    "devices.csv": `${FLEET}\n`,
  });
});

const simulate = (args: string[]) => runCli(["simulate", ...args], { cwd: dir });

function json(args: string[]) {
  return runDryRunJson(["simulate", ...args, "--format", "json"], { cwd: dir }) as any;
}

interface SizedUrl {
  url: string;
  bytes: number;
  source: string;
}
const urlOf = (f: { load: { urls: SizedUrl[] } }, end: string) => f.load.urls.find((u) => u.url.endsWith(end));

describe("sizes", () => {
  it("a builds object with a size (config), a file in the web root (web-root), else the typical size (default)", () => {
    const f = json(["web/update.htm", "--fleet", "devices.csv", ...AT]);
    expect(urlOf(f, "/ip112.bin")).toMatchObject({ bytes: 3 * 1024 ** 2, source: "config" });
    expect(urlOf(f, "/ip232.bin")).toMatchObject({ bytes: 100_000, source: "web-root" });
    expect(urlOf(f, "/ip1202.bin")).toMatchObject({ bytes: 200_000, source: "web-root" });
    expect(urlOf(f, ".txt")).toMatchObject({ bytes: 32 * 1024, source: "default" });
    // Total bytes: each URL's size times its transfers.
    expect(f.load.bytes).toBe(f.load.urls.reduce((sum: number, u: SizedUrl & { transfers: number }) => sum + u.bytes * u.transfers, 0));
  });

  it("--size sets what neither the config nor the web root gives, and changes the peak bandwidth", () => {
    const small = json(["web/update.htm", "--fleet", "devices.csv", ...AT, "--size", "scfg=1KB"]);
    const large = json(["web/update.htm", "--fleet", "devices.csv", ...AT, "--size", "prot=1KB,scfg=50MB"]);
    expect(urlOf(small, ".txt")).toMatchObject({ bytes: 1024, source: "option" });
    expect(urlOf(large, ".txt")).toMatchObject({ bytes: 50 * 1024 ** 2, source: "option" });
    // The config's and the web root's sizes stay.
    expect(urlOf(large, "/ip112.bin")).toMatchObject({ bytes: 3 * 1024 ** 2, source: "config" });
    expect(urlOf(large, "/ip232.bin")).toMatchObject({ bytes: 100_000, source: "web-root" });
    expect(large.load.peakBytesPerSecond.value).toBeGreaterThan(small.load.peakBytesPerSecond.value);
    expect(large.load.bytes).toBeGreaterThan(small.load.bytes);
    // The same transfers, only bigger.
    expect(large.peakConcurrentDownloads).toEqual(small.peakConcurrentDownloads);
    expect(large.load.peakUploads).toEqual(small.load.peakUploads);
  });

  it("the text report names the peak, the total and the sizes with their sources", () => {
    const result = simulate(["web/update.htm", "--fleet", "devices.csv", ...AT]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\n {2}web server: [\d.]+ [KMG]?B\/s at the peak at 2026-11-2\d \d\d:\d\d, [\d.]+ [KMG]?B in all\n/);
    expect(result.stdout).toContain("\nSizes assumed (one transfer each):\n");
    expect(result.stdout).toMatch(/ 3\.0 MB {2}GET http:\/\/10\.0\.0\.5\/fw\/ip112\.bin {2}prot, dryRun\.builds, 9 transfers\n/);
    expect(result.stdout).toMatch(/ 98 KB {2}GET http:\/\/10\.0\.0\.5\/fw\/ip232\.bin {2}prot, file in the web root, \d+ transfers\n/);
    expect(result.stdout).toMatch(/ 32 KB {2}PUT http:\/\/10\.0\.0\.5\/backup\/\S+ {2}scfg, typical size, \d+ transfers\n/);
    expect(result.stdout).toContain("\nBlocked devices by cause:\n  2 no-clock: the device has no time, and /allow stops every run without one\n");
    expect(result.stdout).toMatch(/\n {2}50 % of the devices on target at 2026-11-2\d \d\d:\d\d, 90 % at 2026-11-2\d \d\d:\d\d, 100 % not within 2 days\n/);
    expect(result.stdout).toContain("\n  28 of 30 on target at the end\n");
  });
});

describe("--office-hours", () => {
  it("counts the restarts in the given hours", () => {
    const night = json(["web/update-anytime.htm", "--fleet", "devices.csv", ...AT, "--office-hours", "0-24"]);
    const usual = json(["web/update-anytime.htm", "--fleet", "devices.csv", ...AT]);
    expect(usual.restarts.officeHours).toEqual({ from: 8, to: 18, weekdays: [1, 2, 3, 4, 5] });
    expect(night.restarts.officeHours).toEqual({ from: 0, to: 24, weekdays: [1, 2, 3, 4, 5] });
    // 2026-11-20 is a Friday: every restart of the first hours falls on it.
    expect(night.restarts.inOfficeHours).toBe(night.restarts.total);
    expect(night.restarts.total).toBeGreaterThan(0);
    expect(usual.restarts.inOfficeHours).toBeLessThanOrEqual(night.restarts.inOfficeHours);
  });
});

describe("--devices-out", () => {
  it("CSV: every device of the fleet with its verdict, and the counts add up to the forecast's", () => {
    const out = join(dir, "devices-out.csv");
    const result = simulate(["web/update.htm", "--fleet", "devices.csv", ...AT, "--devices-out", out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`upscript: wrote ${out}\n`);
    const rows = parseCsv(readFileSync(out, "utf8"), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(30);
    expect(Object.keys(rows[0]!)).toEqual(["mac", "product", "ip", "verdict", "blockedBy", "onTargetSince", "steadyTime", "firmware", "restarts", "restartsOutsideAllowed", "restartsInOfficeHours", "why"]);
    const f = json(["web/update.htm", "--fleet", "devices.csv", ...AT]);
    expect(rows.map((r) => r.mac)).toEqual(f.devices.map((d: { mac: string }) => d.mac));
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.verdict!] = (counts[r.verdict!] ?? 0) + 1;
    expect(counts).toEqual(Object.fromEntries(Object.entries(f.verdicts).filter(([, n]) => n !== 0)));
    const blocked = rows.filter((r) => r.verdict === "blocked");
    expect(blocked).toHaveLength(2);
    for (const r of blocked) expect(r).toMatchObject({ blockedBy: "no-clock", onTargetSince: "", why: "the device has no time, and /allow stops every run without one", firmware: "13-130000" });
    const settled = rows.find((r) => r.verdict === "settled")!;
    expect(settled).toMatchObject({ firmware: "13-138765", restarts: "1", why: "" });
    expect(settled.onTargetSince).toMatch(/^2026-11-2\d \d\d:\d\d$/);
  });

  it("JSON: a list of the same rows; an existing file is replaced", () => {
    const out = join(dir, "devices-out.json");
    expect(simulate(["web/update.htm", "--fleet", "devices.csv", ...AT, "--devices-out", out]).code).toBe(0);
    expect(simulate(["web/update.htm", "--fleet", "devices.csv", ...AT, "--devices-out", out, "-f", "json", "-o", join(dir, "forecast.json")])).toEqual({
      code: 0,
      stdout: "",
      stderr: `upscript: wrote ${join(dir, "forecast.json")}\nupscript: wrote ${out}\n`,
    });
    const rows = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>[];
    const f = JSON.parse(readFileSync(join(dir, "forecast.json"), "utf8"));
    expect(rows).toHaveLength(f.devices.length);
    expect(rows.filter((r) => r.verdict === "settled")).toHaveLength(f.verdicts.settled);
    expect(rows.find((r) => r.verdict === "blocked")).toMatchObject({ blockedBy: "no-clock", onTargetSince: null, steadyTime: expect.any(String), restarts: 0 });
  });

  it("a folder that is not there is exit 2, and nothing is written", () => {
    const out = join(dir, "no", "devices.csv");
    const result = simulate(["web/update.htm", "--fleet", "devices.csv", ...AT, "--devices-out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`upscript: cannot write '${out}': no such file\n`);
    expect(existsSync(out)).toBe(false);
  });
});

describe("--compare", () => {
  it("text: the figures side by side, the better one marked", () => {
    const result = simulate(["web/update.htm", "--fleet", "devices.csv", ...AT, "--compare", "web/update-wider.htm"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("Comparison of update.htm (A) and update-wider.htm (B): 30 devices over 2 days from 2026-11-20 12:00");
    expect(lines[2]).toMatch(/^ {2}\s+A\s+B$/);
    // The wider window starts at 20:00: half the fleet is there three hours earlier.
    expect(result.stdout).toMatch(/\n {2}50 % of the devices on target +2026-11-20 23:\d\d +2026-11-20 20:\d\d ✓\n/);
    expect(result.stdout).toMatch(/\n {2}devices never past the times lines +2 +2\n/);
    expect(lines.at(-2)).toMatch(/^✓ the better of the two; A is better in \d+ figures?, B in [1-9]\d*, \d+ equal$/);
  });

  it("json: both forecasts and the figures, following the schema", () => {
    const c = json(["web/update.htm", "--fleet", "devices.csv", ...AT, "--compare", "web/update-wider.htm"]);
    expect(c.kind).toBe("comparison");
    expect(c.version).toBe(1);
    expect([c.a.kind, c.a.script, c.b.kind, c.b.script]).toEqual(["fleet", "update.htm", "fleet", "update-wider.htm"]);
    expect(c.a).toEqual(json(["web/update.htm", "--fleet", "devices.csv", ...AT]));
    const half = c.figures.find((f: { key: string }) => f.key === "half");
    expect(half).toMatchObject({ unit: "moment", better: "b", a: { time: c.a.target.reached.half.time }, b: { time: c.b.target.reached.half.time } });
    expect(c.figures.find((f: { key: string }) => f.key === "blocked")).toMatchObject({ a: 2, b: 2, better: null });
  });

  it("html: a complete page", () => {
    const result = simulate(["web/update.htm", "--fleet", "devices.csv", ...AT, "--compare", "web/update-wider.htm", "-f", "html"]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith("<!doctype html>")).toBe(true);
    expect(result.stdout).toContain("update-wider.htm");
  });

  it("--fail-on checks the first script", () => {
    const blocked = ["--fleet", "devices.csv", ...AT, "--fail-on", "blocked"];
    const first = simulate(["web/update.htm", ...blocked, "--compare", "web/update-anytime.htm"]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/^upscript: rollout check failed: 2 devices blocked/);
    expect(simulate(["web/update-anytime.htm", ...blocked, "--compare", "web/update.htm"])).toMatchObject({ code: 0, stderr: "" });
  });

  it("a script that cannot be read is exit 2", () => {
    expect(simulate(["web/update.htm", "--fleet", "devices.csv", "--compare", "nothere.htm"])).toEqual({ code: 2, stdout: "", stderr: "upscript: cannot read 'nothere.htm': no such file\n" });
  });
});

describe("usage errors: exit 2", () => {
  const KNOWN = "(verbs: prot, boot, bmc, cfg, scfg; sizes such as 7.2MB, 512KB or 20000)";
  it.each([
    [["--fleet", "devices.csv", "--size", "kernel=1MB"], `--size kernel=1MB: unknown verb 'kernel' ${KNOWN}`],
    [["--fleet", "devices.csv", "--size", "prot=1MB,cfg=big"], `--size cfg=big: 'big' is not a size ${KNOWN}`],
    [["--fleet", "devices.csv", "--size", "prot"], `--size prot: write VERB=SIZE, e.g. prot=7.2MB ${KNOWN}`],
    [["--fleet", "devices.csv", "--office-hours", "18-8"], "--office-hours 18-8: write FROM-TO in full hours, e.g. 8-18 (weekdays; FROM before TO, TO at most 24)"],
    [["--fleet", "devices.csv", "--office-hours", "nine"], "--office-hours nine: write FROM-TO in full hours, e.g. 8-18 (weekdays; FROM before TO, TO at most 24)"],
    [["--fleet", "devices.csv", "--devices-out", "devices.txt"], "--devices-out devices.txt: the file name must end in .csv or .json"],
    [["--compare", "web/update-wider.htm"], "--compare needs a fleet: simulate FILE --fleet devices.csv --compare …"],
    [["--devices-out", "d.csv"], "--devices-out needs a fleet: simulate FILE --fleet devices.csv --devices-out …"],
    [["--size", "prot=1MB"], "--size needs a fleet: simulate FILE --fleet devices.csv --size …"],
    [["--office-hours", "8-18"], "--office-hours needs a fleet: simulate FILE --fleet devices.csv --office-hours …"],
  ])("%j", (args, message) => {
    expect(simulate(["web/update.htm", ...args])).toEqual({ code: 2, stdout: "", stderr: `upscript: ${message}\n` });
  });

  it("nothing is written after a usage error", () => {
    expect(simulate(["web/update.htm", "--devices-out", "early.csv"]).code).toBe(2);
    expect(existsSync(join(dir, "early.csv"))).toBe(false);
  });
});
