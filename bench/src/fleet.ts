/** Fleet simulation: devices × 7 days, with wall time and peak memory, at three sizes. */
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
  readonly peakRssMb: number;
}

/** Worker side: one fleet size, in a fresh process so its peak RSS is its own. */
export function fleetTask(size: number): FleetSample {
  const program = compile(SCRIPT);
  const start = parseLocalTime("2026-11-20T12:00")!;
  const fleet = fleetOf(size);
  const samples: number[] = [];
  let polls = 0;
  const runs = size >= 100_000 ? 1 : 3;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const forecast = simulateFleet(program, fleet, { days: 7, start, environment: () => ({ updateUrl: "http://10.0.0.5/phones/" }) });
    samples.push(performance.now() - t0);
    polls = forecast.totals.polls;
  }
  return { ms: median(samples), polls, runs, peakRssMb: peakRssMb() };
}

export function fleetSection(sizes: readonly number[] = [1_000, 10_000, 100_000]): Row[] {
  let base: number | undefined;
  return sizes.map((size) => {
    const s = inChild<FleetSample>("fleet", size);
    base ??= s.ms / size;
    return {
      section: "fleet",
      measure: `${size.toLocaleString("en-US")} devices × 7 days`,
      value: `${fmt(s.ms / 1000, 2)} s`,
      ratio: `${fmt(s.ms / size / base, 2)}× per device vs 1k`,
      rss: `${fmt(s.peakRssMb, 0)} MB`,
      note: `${s.polls.toLocaleString("en-US")} polls; median of ${s.runs}`,
    };
  });
}
