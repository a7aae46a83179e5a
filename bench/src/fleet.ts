/** Fleet simulation: the rollout forecast grouped and per device, with wall time and peak memory. */
import { compile, parseLocalTime, simulateFleet, type FleetDevice } from "@upscript/language";
import { fmt, median, type Row } from "./measure.js";
import { inChild, peakRssMb } from "./worker.js";

const SCRIPT = `mod cmd UP0 scfg http://10.0.0.5/backup/#h-#bn.txt no-op WEEKLY /force 168
mod cmd UP1 times /allow 22,23,0,1,2,3,4,5 /initial 6
mod cmd UP1 check iresetn 2026-11-20a
mod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765
mod cmd UP0 cfg http://10.0.0.5/cfg/site-berlin.txt ser CFG-2026-11-20
config activate
iresetn
`;

export function fleetOf(count: number): FleetDevice[] {
  return Array.from({ length: count }, (_, i) => ({
    product: i % 3 ? "IP232" : "IP222",
    mac: `00-90-33-${[(i >> 16) & 255, (i >> 8) & 255, i & 255].map((b) => b.toString(16).padStart(2, "0")).join("-")}`,
    firmware: i % 50 ? "13-130000" : "13-138765",
  }));
}

interface FleetSample {
  readonly ms: number;
  readonly polls: number;
  readonly runs: number;
  readonly simulated: number;
  readonly peakRssMb: number;
}

/** Worker side: one fleet size and span, grouped or every device on its own, in a fresh process so its peak RSS is its own. */
export function fleetTask(size: number, days: number, grouped: boolean): FleetSample {
  const program = compile(SCRIPT);
  const start = parseLocalTime("2026-11-20T12:00")!;
  const fleet = fleetOf(size);
  const samples: number[] = [];
  let polls = 0;
  let simulated = 0;
  // Long runs once: the per-device million takes minutes.
  const runs = grouped ? 3 : size * days >= 700_000 ? 1 : 3;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const forecast = simulateFleet(program, fleet, { days, start, environment: () => ({ updateUrl: "http://10.0.0.5/phones/" }), grouped });
    samples.push(performance.now() - t0);
    polls = forecast.totals.polls;
    simulated = forecast.simulated;
  }
  return { ms: median(samples), polls, runs, simulated, peakRssMb: peakRssMb() };
}

const n = (x: number) => x.toLocaleString("en-US");

/**
 * The rollout forecast at the sizes of issue 16 (100,000 devices × 30 days, 1,000,000 × 7 days),
 * grouped (devices that cannot differ run once) against every device on its own, side by side;
 * then every device on its own at growing sizes, for the cost per device.
 */
export function fleetSection(): Row[] {
  const rows: Row[] = [];
  for (const [size, days] of [
    [100_000, 30],
    [1_000_000, 7],
  ] as const) {
    const grouped = inChild<FleetSample>("fleet", size, days, "grouped");
    const single = inChild<FleetSample>("fleet", size, days, "single");
    rows.push({
      section: "fleet",
      measure: `${n(size)} devices × ${days} days, grouped`,
      value: `${fmt(grouped.ms / 1000, 2)} s`,
      baseline: `${fmt(single.ms / 1000, 2)} s every device on its own (${fmt(single.peakRssMb, 0)} MB)`,
      ratio: `${fmt(single.ms / grouped.ms, 1)}× faster`,
      rss: `${fmt(grouped.peakRssMb, 0)} MB`,
      note: `${n(grouped.polls)} polls, ${n(grouped.simulated)} behaviours simulated; same forecast (test/fuzz/fleet-grouping.test.ts); median of ${grouped.runs} vs ${single.runs}`,
    });
  }
  let base: number | undefined;
  for (const size of [1_000, 10_000, 100_000]) {
    const s = inChild<FleetSample>("fleet", size, 7, "single");
    base ??= s.ms / size;
    rows.push({
      section: "fleet",
      measure: `${n(size)} devices × 7 days, every device on its own`,
      value: `${fmt(s.ms / 1000, 2)} s`,
      ratio: `${fmt(s.ms / size / base, 2)}× per device vs 1k`,
      rss: `${fmt(s.peakRssMb, 0)} MB`,
      note: `${n(s.polls)} polls; median of ${s.runs}`,
    });
  }
  return rows;
}
