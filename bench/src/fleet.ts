/** Fleet simulation: devices × 7 days, with wall time and peak memory, at three sizes. */
import { compile, parseLocalTime, simulateFleet, type FleetDevice } from "@upscript/language";
import { fmt, rssMb, type Row } from "./measure.js";

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

export function fleetSection(sizes: readonly number[] = [1_000, 10_000, 100_000]): Row[] {
  const program = compile(SCRIPT);
  const start = parseLocalTime("2026-11-20T12:00")!;
  const rows: Row[] = [];
  let base: number | undefined;
  for (const size of sizes) {
    const fleet = fleetOf(size);
    const samples: number[] = [];
    let peakRss = rssMb();
    let polls = 0;
    const runs = size >= 100_000 ? 1 : 3;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const forecast = simulateFleet(program, fleet, { days: 7, start, environment: () => ({ updateUrl: "http://10.0.0.5/phones/" }) });
      samples.push(performance.now() - t0);
      polls = forecast.totals.polls;
      peakRss = Math.max(peakRss, rssMb());
    }
    const ms = samples.sort((a, b) => a - b)[samples.length >> 1]!;
    base ??= ms / size;
    rows.push({
      section: "fleet",
      measure: `${size.toLocaleString("en-US")} devices × 7 days`,
      value: `${fmt(ms / 1000, 2)} s`,
      ratio: `${fmt(ms / size / base, 2)}× per device vs 1k`,
      note: `${polls.toLocaleString("en-US")} polls; peak RSS ${fmt(peakRss, 0)} MB; median of ${runs}`,
    });
  }
  return rows;
}
