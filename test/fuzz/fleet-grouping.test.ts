/**
 * The fleet forecast simulates devices that cannot behave differently once (FleetOptions.grouped).
 * On random scripts as update servers write them and random fleets (products, builds, serials,
 * clocks, uptimes, IPs, MACs that --fail patterns match), the grouped forecast equals the one
 * that runs every device on its own, figure by figure and device by device.
 * `UPSCRIPT_FUZZ_RUNS` sets the number of cases.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, failurePatterns, fleetJson, parseLocalTime, simulateFleet, type FailHook, type FleetDevice, type PollEnvironment, type ResolvedFile } from "@upscript/language";
import { BUILDS, SERIALS, WEB, maybe, updateServerScript } from "./arbitraries.js";

const RUNS = Math.max(20, Math.floor(Number(process.env.UPSCRIPT_FUZZ_RUNS ?? 300) / 3));

const MACS = Array.from({ length: 12 }, (_, i) => `00-90-33-00-00-${i.toString(16).padStart(2, "0")}`);

const device: fc.Arbitrary<Omit<FleetDevice, "mac">> = fc.record(
  {
    product: fc.constantFrom("IP232", "IP1202", "IPVA", "IP9999"),
    ip: fc.constantFrom("10.0.0.7", "10.0.0.8"),
    firmware: fc.constantFrom(...BUILDS),
    boot: fc.constantFrom(...BUILDS),
    variables: fc.record({ CHECK: fc.constantFrom("", ...SERIALS), CFG: fc.constantFrom("", ...SERIALS), PROT: fc.constantFrom("", ...BUILDS) }, { requiredKeys: [] }),
    clockOffset: fc.constantFrom<number | null>(0, 0, 90, -300, null),
    uptimeMinutes: fc.constantFrom(0, 5, 600),
    fresh: fc.boolean(),
  },
  { requiredKeys: ["product"] },
);

/** One field of a device changed: a copy that differs from its kind in exactly that, which grouping must notice. */
const tweak: fc.Arbitrary<Partial<FleetDevice>> = fc.oneof(
  fc.constantFrom<Partial<FleetDevice>>({}, {}, {}),
  fc.constantFrom(0, 90, -300, null).map((clockOffset) => ({ clockOffset })),
  fc.constantFrom(0, 5, 600).map((uptimeMinutes) => ({ uptimeMinutes })),
  fc.boolean().map((fresh) => ({ fresh })),
  fc.constantFrom(...BUILDS).map((firmware) => ({ firmware })),
  fc.constantFrom(...BUILDS).map((boot) => ({ boot })),
  fc.constantFrom("", ...SERIALS).map((CFG) => ({ variables: { CFG } })),
  fc.constantFrom("IP232", "IP1202").map((product) => ({ product })),
);

/** Few kinds of devices, each repeated, some copies with one field changed: groups next to devices that must not join them. */
const fleet = fc
  .array(fc.tuple(device, fc.array(tweak, { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 4 })
  .map((kinds) => kinds.flatMap(([kind, copies]) => copies.map((change) => ({ ...kind, ...change }))))
  .map((entries) => entries.slice(0, MACS.length).map((entry, i): FleetDevice => ({ ...entry, mac: MACS[i]! })));

const resolve = (url: string): ResolvedFile => {
  if (!url.startsWith(WEB)) return { kind: "unmapped" };
  const path = url.slice(WEB.length);
  if (path.startsWith("missing") || path.includes("/missing")) return { kind: "missing", path };
  return { kind: "found", path, text: path.startsWith("cfg/") ? "config change NTP0 /addr 10.0.0.1\n" : "bytes" };
};

/** --fail patterns, some of them matching the MACs or the hardware ids in backup URLs of a few devices only. */
const failItems = fc.subarray(["backup/00-90-33-00-00-0", "00-00-03", "IP232-00-00-0", "fail/", "10.0.0.7", "ip232.bin=503"]);

const options = fc.record({ days: fc.constantFrom(1, 2), interval: fc.constantFrom(1, 15, 60), downloadMinutes: fc.constantFrom(1, 5) });

function forecast(text: string, devices: readonly FleetDevice[], fail: readonly string[], o: { days: number; interval: number; downloadMinutes: number }, grouped: boolean) {
  const hook = failurePatterns(fail, "--fail");
  if (!hook.ok) throw new Error(hook.error);
  const env: PollEnvironment = { resolve, updateUrl: `${WEB}phones/`, builds: { [`${WEB}fw/ip232.bin`]: "13-130001" }, fail: hook.value };
  const result = simulateFleet(compile(text), devices, { ...o, start: parseLocalTime("2026-11-20T21:00")!, environment: () => env, grouped });
  return { result, unmatched: (hook.value as FailHook).unmatched() };
}

describe("fleet grouping", () => {
  it("the grouped forecast equals the forecast of every device on its own", () => {
    fc.assert(
      fc.property(updateServerScript, fleet, failItems, options, (text, devices, fail, o) => {
        const grouped = forecast(text, devices, fail, o, true);
        const single = forecast(text, devices, fail, o, false);
        const { simulated: groups, ...a } = fleetJson(grouped.result, "s.htm");
        const { simulated: all, ...b } = fleetJson(single.result, "s.htm");
        expect(a).toEqual(b);
        expect(grouped.unmatched).toEqual(single.unmatched);
        expect(all).toBe(devices.length);
        expect(groups).toBeLessThanOrEqual(all);
      }),
      { numRuns: RUNS },
    );
  });

  it("groups devices that differ only in MAC and IP, unless a failing transfer URL holds them", () => {
    const devices: FleetDevice[] = MACS.slice(0, 6).map((mac, i) => ({ product: "IP232", mac, ip: `10.0.0.${i + 1}`, firmware: "13-130000", uptimeMinutes: 600 }));
    const o = { days: 1, interval: 15, downloadMinutes: 5 };
    const backup = `mod cmd UP0 scfg ${WEB}backup/#m-#bn.txt no-op WEEKLY\nmod cmd UP0 prot ${WEB}firmware/ ireset 13-138765\n`;
    expect(forecast(backup, devices, [], o, true).result.simulated).toBe(1);
    // A pattern could match one device's backup URL and not another's: each device runs on its own.
    const failing = forecast(backup, devices, ["backup/00-90-33-00-00-03"], o, true).result;
    expect(failing.simulated).toBe(6);
    expect(failing.devices.filter((d) => d.firstFailure !== null).map((d) => d.mac)).toEqual(["00-90-33-00-00-03"]);
  });
});

describe("fleet forecast figures", () => {
  const program = compile(`mod cmd UP1 times /allow 22,23\nmod cmd UP0 prot ${WEB}firmware/ ireset 13-138765\n`);
  const devices: FleetDevice[] = MACS.slice(0, 4).map((mac) => ({ product: "IP232", mac, firmware: "13-130000", uptimeMinutes: 600 }));
  const run = (sizeOf?: (url: string, verb: string) => { bytes: number; source: "option" }) =>
    simulateFleet(program, devices, { days: 1, start: parseLocalTime("2026-11-20T12:00")!, interval: 15, downloadMinutes: 5, environment: () => ({ updateUrl: `${WEB}phones/` }), ...(sizeOf && { sizeOf }) });

  it("sizes each transfer, and spreads its bytes over the download time", () => {
    const f = run(() => ({ bytes: 3_000_000, source: "option" }));
    // Four devices with the same uptime download in the same minute: 4 × 3 MB over 5 minutes.
    expect(f.peakConcurrentDownloads.count).toBe(4);
    expect(f.load.peakBytesPerSecond.value).toBe(40_000);
    expect(f.load.bytes).toBe(12_000_000);
    expect(f.load.urls).toEqual([{ url: `${WEB}firmware/ip232.bin`, verb: "prot", method: "GET", bytes: 3_000_000, source: "option", transfers: 4 }]);
    expect(Math.max(...f.load.minutes.bytesPerSecond)).toBe(40_000);
    // Per hour over the whole day, the most of any minute: the peak's hour holds the peak.
    expect(f.load.hourlyPeaks.bytesPerSecond).toHaveLength(f.hours.length);
    expect(Math.max(...f.load.hourlyPeaks.bytesPerSecond)).toBe(40_000);
    expect(f.load.hourlyPeaks.downloads[Math.floor(f.peakConcurrentDownloads.minute! / 60)]).toBe(4);
  });

  it("the catalog's typical size when nothing says how big a file is", () => {
    const f = run();
    expect(f.load.urls[0]).toMatchObject({ verb: "prot", bytes: 8 * 1024 * 1024, source: "default" });
  });

  it("on target after the restart into the new firmware; restarts in the allowed hours", () => {
    const f = run();
    expect(f.target.products).toEqual([{ product: "IP232", devices: 4, target: { firmware: "13-138765" }, description: "firmware 13-138765" }]);
    expect(f.target.onTarget).toBe(4);
    // The window opens at 22:00 (minute 600); each device downloads there and restarts at once.
    expect(f.target.reached.all?.time.slice(11)).toMatch(/^22:/);
    expect(f.restarts).toMatchObject({ total: 4, allowed: "22–23", outsideAllowed: 0, inOfficeHours: 0 });
    expect(f.target.curve.counts[0]).toBe(0);
    expect(f.target.curve.counts.at(-1)).toBe(4);
  });
});
