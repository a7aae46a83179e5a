/** A device over days (semantics.md §6): schedule, fast polling, restarts, loops, steady state. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, renderTimelineText, simulate, step, type PollEnvironment } from "@upscript/language";
import { expectGolden } from "../helpers/golden.js";
import { device, env } from "./helpers.js";

const golden = (name: string) => join(import.meta.dirname, "golden", `${name}.txt`);

/** The minutes at which polls run (quiet repeats included). */
function pollMinutes(script: string, dev: ReturnType<typeof device>, days: number, environment: PollEnvironment = env(), interval = 15): number[] {
  const minutes: number[] = [];
  step(compile(script), dev, environment, { days, interval }, { poll: (m) => minutes.push(m), quiet: (m) => minutes.push(m), restart: () => {} }, false);
  return minutes;
}

const PHONES = `mod cmd UP1 times /allow 22,23,0,1,2,3,4,5 /initial 6
mod cmd UP1 check iresetn 2026-11-20a
mod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765
mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser CFG-1
config activate
iresetn
`;

describe("poll schedule", () => {
  it("a device polls one interval after boot, then every interval", () => {
    expect(pollMinutes("config write\n", device("IP232", { uptimeMinutes: 5 }), 0.05)).toEqual([10, 25, 40, 55, 70]);
  });

  it("a fresh device polls every minute until a run succeeds, then every interval", () => {
    const minutes = pollMinutes("mod cmd UP1 times /initial 6\nconfig write\n", device("IP232", { fresh: true, uptimeMinutes: 0 }), 0.1);
    expect(minutes).toEqual([1, 2, 3, 4, 5, 6, 15, 30, 45, 60, 75, 90, 105, 120, 135]);
  });

  it("`mod cmd UP1 poll` polls again at once", () => {
    expect(pollMinutes("mod cmd UP1 check ser A\nmod cmd UP1 poll\n", device("IP232", { uptimeMinutes: 5 }), 0.02)).toEqual([10, 11, 25]);
  });

  it("after a restart the next poll is one interval later", () => {
    expect(pollMinutes("mod cmd UP1 check ireset A\n", device("IP232", { uptimeMinutes: 5 }), 0.03)).toEqual([10, 25, 40]);
  });
});

describe("timeline", () => {
  it("rolls out firmware and configuration at night and then settles", () => {
    const dev = device("IP232", { firmware: "13-130000", at: "2026-11-20T12:00" });
    const t = simulate(compile(PHONES), dev, env(), { days: 2 });
    expect(t.loops).toEqual([]);
    expect(t.restarts.map((r) => `${r.time} ${r.cause} line ${r.line}`)).toEqual(["2026-11-20 22:00 reset-when-idle line 3", "2026-11-20 22:15 reset-when-idle line 6"]);
    expect(t.steadyTime).toBe("2026-11-20 22:45");
    expect(t.final.firmware).toBe("13-138765");
    expect(t.final.variables.CHECK).toBe("2026-11-20a");
    expect(t.hours.reduce((sum, h) => sum + h.polls, 0)).toBe(t.polls);
    expectGolden(renderTimelineText(t, "update-ip232.htm", "IP232"), golden("timeline-rollout"));
  });

  it("names a download loop when the file holds another build than the script says", () => {
    const dev = device("IP232", { firmware: "13-130000", at: "2026-11-20T12:00" });
    const t = simulate(compile(PHONES), dev, env({ builds: { "http://10.0.0.5/firmware/ip232.bin": "13-138700" } }), { days: 1 });
    expect(t.loops).toEqual([
      {
        kind: "download-loop",
        line: 3,
        firstMinute: 600,
        description: "line 3 downloads http://10.0.0.5/firmware/ip232.bin again after every restart: the file holds build 13-138700, not 13-138765 as the script declares",
      },
    ]);
    expect(t.steadyMinute).toBeNull();
    expect(t.restarts.length).toBeGreaterThan(20);
    expectGolden(renderTimelineText(t, "update-ip232.htm", "IP232"), golden("timeline-download-loop"));
  });

  it("names a restart on every poll", () => {
    const t = simulate(compile("mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ireset\n"), device("IP232", { at: "2026-11-20T12:00" }), env(), { days: 0.25 });
    expect(t.loops.map((l) => l.kind)).toEqual(["reset-loop"]);
    expect(t.loops[0]!.description).toBe("the device restarts on every poll (line 1): 3 polls in a row ended in a restart");
  });

  it("a device that never has the time never runs an /allow script", () => {
    const t = simulate(compile(PHONES), device("IP232", { at: null }), env(), { days: 1 });
    expect(t.changes).toEqual([]);
    expect(t.start).toBeNull();
    expect(t.steadyMinute).toBe(0);
  });

  it("uploads a weekly backup again after /force hours and keeps counting polls correctly", () => {
    const script = "mod cmd UP0 scfg http://10.0.0.5/b/#h-#bn.txt no-op WEEKLY /force 168\n";
    const t = simulate(compile(script), device("IP232", { at: "2026-11-20T00:00", uptimeMinutes: 0 }), env(), { days: 15 });
    const uploads = t.changes.map((c) => c.transfers.map((x) => x.url).join());
    expect(uploads).toEqual(["http://10.0.0.5/b/IP232-03-0d-f0-0.txt", "http://10.0.0.5/b/IP232-03-0d-f0-1.txt", "http://10.0.0.5/b/IP232-03-0d-f0-2.txt"]);
    expect(t.changes.map((c) => c.time)).toEqual(["2026-11-20 00:15", "2026-11-27 00:15", "2026-12-04 00:15"]);
    expect(t.polls).toBe(15 * 96 - 1);
  });
});
