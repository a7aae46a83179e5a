/** Fleet input and forecast: device lists, determinism, per-hour totals, download concurrency. */
import { describe, expect, it } from "vitest";
import { compile, macHash, parseFleet, parseLocalTime, peakConcurrency, simulateFleet, type FleetDevice } from "@upscript/language";
import { env } from "./helpers.js";

describe("parseFleet", () => {
  it("reads CSV with variables in capitals and the running boot code in lower case", () => {
    const csv = "product,mac,ip,firmware,boot,CHECK,BOOT,clockOffset\nIP232,00:90:33:AA:BB:01,10.0.1.1,13-1,201,2026-11-01,205,+01:00\nip1200,009033aabb02,,,,,,none\n";
    const { devices, problems } = parseFleet(csv, "csv");
    expect(problems).toEqual([]);
    expect(devices).toEqual([
      { product: "IP232", mac: "00-90-33-aa-bb-01", ip: "10.0.1.1", firmware: "13-1", boot: "201", variables: { CHECK: "2026-11-01", BOOT: "205" }, clockOffset: 60 },
      { product: "IP1200", mac: "00-90-33-aa-bb-02", variables: { CHECK: "", BOOT: "" }, clockOffset: null },
    ]);
  });

  it("reads JSON (a list or { devices: [...] })", () => {
    const json = JSON.stringify({ devices: [{ product: "IP232", mac: "00-90-33-00-00-01", PROT: "13-1", uptime: 30, fresh: true }] });
    expect(parseFleet(json, "json").devices).toEqual([{ product: "IP232", mac: "00-90-33-00-00-01", variables: { PROT: "13-1" }, uptimeMinutes: 30, fresh: true }]);
  });

  it("reports bad rows with their line and keeps the good ones", () => {
    const csv = "product,mac,colour\nIP 9999,00-90-33-00-00-01,red\nIP232,not-a-mac,red\nIP232,00-90-33-00-00-02,red\nIP232,00-90-33-00-00-02,blue\n";
    const { devices, problems } = parseFleet(csv, "csv");
    expect(devices.map((d) => d.mac)).toEqual(["00-90-33-00-00-02"]);
    // A header problem is said once, on the header's line (test/dryrun/fleet-csv.test.ts has more).
    expect(problems).toEqual([
      { line: 1, message: "unknown column 'colour'" },
      { line: 2, message: "unknown product 'IP 9999': a product name is letters, digits, '-' and '_'" },
      { line: 3, message: "'not-a-mac' is not a MAC address" },
      { line: 5, message: "MAC 00-90-33-00-00-02 is listed twice (first on line 4)" },
    ]);
  });

  it("says what is wrong with text that is no device list", () => {
    expect(parseFleet("{ nope", "json").problems[0]!.message).toMatch(/^cannot read the device list/);
    expect(parseFleet('{"x": 1}', "json").problems).toEqual([{ line: 1, message: "expected a list of devices, or an object with a 'devices' list" }]);
  });
});

describe("peakConcurrency", () => {
  it.each([
    [[], 5, { count: 0, minute: null }],
    [[0, 1, 2, 10], 5, { count: 3, minute: 2 }],
    [[0, 5, 10], 5, { count: 1, minute: 0 }],
    [[3, 3, 3, 4], 1, { count: 3, minute: 3 }],
  ])("%j with %i-minute downloads", (starts, duration, expected) => {
    expect(peakConcurrency([...starts], duration)).toEqual(expected);
  });
});

describe("simulateFleet", () => {
  const script = `mod cmd UP1 times /allow 22,23,0,1,2,3,4,5 /initial 6
mod cmd UP1 check iresetn 2026-11-20a
mod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765
`;
  const fleet: FleetDevice[] = Array.from({ length: 60 }, (_, i) => ({
    product: i % 3 ? "IP232" : "IP222",
    mac: `00-90-33-00-00-${i.toString(16).padStart(2, "0")}`,
    firmware: i % 10 === 0 ? "13-138765" : "13-130000",
    ...(i === 7 && { clockOffset: null }),
  }));
  const options = {
    days: 2,
    start: parseLocalTime("2026-11-20T12:00")!,
    environment: () => env({ builds: { "http://10.0.0.5/firmware/ip222.bin": "13-138700" } }),
  };

  it("is deterministic and spreads poll phases by MAC", () => {
    const a = simulateFleet(compile(script), fleet, options);
    const b = simulateFleet(compile(script), [...fleet].reverse(), options);
    const byMac = (f: typeof a) => Object.fromEntries(f.devices.map((d) => [d.mac, d.changes.map((c) => `${c.time} ${c.kind}`)]));
    expect(byMac(b)).toEqual(byMac(a));
    const firstDownloads = new Set(a.devices.map((d) => d.changes.find((c) => c.kind === "download")?.time).filter(Boolean));
    expect(firstDownloads.size).toBeGreaterThan(5);
    expect(macHash("00-90-33-00-00-01")).toBe(macHash("00-90-33-00-00-01"));
  });

  it("adds up: hours match totals, verdicts match devices", () => {
    const f = simulateFleet(compile(script), fleet, options);
    const sum = (key: "polls" | "downloads" | "uploads" | "resets") => f.hours.reduce((s, h) => s + h[key], 0);
    expect(sum("polls")).toBe(f.totals.polls);
    expect(sum("downloads")).toBe(f.totals.downloads);
    expect(sum("resets")).toBe(f.totals.resets);
    expect(f.totals.polls).toBe(60 * 2 * 96);
    expect(Object.values(f.verdicts).reduce((s, n) => s + n, 0)).toBe(60);
    // IP222s download a file holding another build and loop (18; two already run the build). IP232s
    // settle after their download; those already on the build (4) and the one without a clock,
    // which never gets past the time window, need no download or restart at all.
    expect(f.verdicts.looping).toBe(18);
    expect(f.devices.find((d) => d.mac === "00-90-33-00-00-07")!.verdict).toBe("blocked");
    expect(f.devices.filter((d) => d.product === "IP232" && d.verdict === "settled").length).toBe(35);
    expect(f.verdicts.unchanged).toBe(2 + 4);
    expect(f.verdicts.blocked).toBe(1);
    expect(f.peakConcurrentDownloads.count).toBeGreaterThan(0);
    expect(f.peakConcurrentDownloads.time?.slice(11, 13)).toBe("22");
  });
});
