/**
 * The fast poll (timelines, fleets) and the traced poll (the plan of dry-run, the preview and the
 * code lens) are one interpreter: on random scripts of realistic lines and random devices they
 * agree on everything the fast one returns. `UPSCRIPT_FUZZ_RUNS` sets the number of cases (a few
 * hundred in `npm test`; `npm run fuzz` runs the long version).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findProduct, productOrGuess } from "@upscript/grammar";
import { compile, createDevice, parseLocalTime, runPoll, runPollFast, type PollEnvironment, type ResolvedFile } from "@upscript/language";
import { runPollTraced } from "../../server/src/language/dryrun/poll.js";
import { BUILDS, WEB, maybe, serial, updateServerScript as script } from "./arbitraries.js";

const RUNS = Number(process.env.UPSCRIPT_FUZZ_RUNS ?? 300);

const variables = fc.record(
  { CHECK: serial, PROT: fc.constantFrom("", ...BUILDS), BOOT: fc.constantFrom("", ...BUILDS), BMC: fc.constantFrom("", ...BUILDS), CFG: serial, SCFG: fc.constantFrom("", "WEEKLY", "S1") },
  { requiredKeys: [] },
);

const device = fc
  .record({
    product: fc.constantFrom("IP232", "IP1202", "IPVA", "SWPHONE", "IP9999"),
    firmware: fc.constantFrom(...BUILDS, "unknown"),
    boot: fc.constantFrom(...BUILDS, "unknown"),
    bmc: fc.constantFrom(...BUILDS, "unknown"),
    clock: fc.option(fc.constantFrom("2026-11-20T23:30", "2026-11-20T12:00", "2026-11-21T03:59"), { nil: null }),
    uptime: fc.constantFrom(0, 3, 600, 1440),
    fresh: fc.boolean(),
    resetRequired: fc.boolean(),
    variables,
    backupIndex: fc.nat(4),
    scfgWrittenAt: maybe(fc.constantFrom("2026-11-13T23:45", "2026-11-20T23:00")),
    settings: fc.constantFrom<Record<string, string | number>[]>({}, { "/poll": 1 }, { "/url": `${WEB}other/` }),
  })
  .map((d) =>
    createDevice({
      product: productOrGuess(d.product)!.product,
      firmware: d.firmware,
      boot: d.boot,
      bmc: d.bmc,
      clock: d.clock === null ? null : parseLocalTime(d.clock)!,
      uptimeMinutes: d.uptime,
      fresh: d.fresh,
      resetRequired: d.resetRequired,
      variables: d.variables,
      backupIndex: d.backupIndex,
      ...(d.scfgWrittenAt !== undefined && { scfgWrittenAt: parseLocalTime(d.scfgWrittenAt)! }),
      settings: d.settings,
    }),
  );

const resolve = (url: string): ResolvedFile => {
  if (!url.startsWith(WEB)) return { kind: "unmapped" };
  const path = url.slice(WEB.length);
  if (path.startsWith("missing") || path.includes("/missing")) return { kind: "missing", path };
  return { kind: "found", path, text: path.startsWith("cfg/") ? "config change NTP0 /addr 10.0.0.1\n" : "bytes" };
};
const environment = fc.record({ failing: fc.boolean(), interval: maybe(fc.constantFrom(1, 15, 60)) }).map(
  ({ failing, interval }): PollEnvironment => ({
    resolve,
    updateUrl: `${WEB}phones/`,
    builds: { [`${WEB}fw/ip232.bin`]: "13-130001" },
    ...(failing && { fail: (url: string) => (url.includes("/fail/") ? 503 : undefined) }),
    ...(interval !== undefined && { interval }),
  }),
);

describe("the fast and the traced poll agree", () => {
  it("on changes, outcome, stop line, variables and the device state after", () => {
    fc.assert(
      fc.property(script, device, environment, (text, start, env) => {
        const program = compile(text);
        const fast = runPollFast(program, start, env);
        const plan = runPoll(program, start, env);
        const traced = runPollTraced(program, start, env).result;
        // The compact result of a traced run is the fast one, field by field.
        expect(traced).toEqual(fast);
        // And the plan says the same.
        expect(plan.changes).toBe(fast.changes);
        expect(plan.outcome).toBe(fast.outcome);
        expect(plan.outcomeLine).toBe(fast.outcomeLine);
        expect(plan.after).toEqual(fast.after);
        expect(plan.variables.after).toEqual(fast.after.variables);
        expect(fast.stoppedByTimes).toBe(plan.stoppedAt !== undefined && plan.lines.find((l) => l.line === plan.stoppedAt)?.text.includes(" times") === true);
        const ok = plan.transfers.filter((t) => t.result === "ok");
        expect(fast.downloads).toBe(ok.filter((t) => t.method === "GET" && t.purpose !== "configuration").length);
        expect(fast.loads).toBe(ok.filter((t) => t.purpose === "configuration").length);
        expect(fast.uploads).toBe(ok.filter((t) => t.method === "PUT").length);
        expect(fast.failures).toBe(plan.transfers.length - ok.length);
        expect(fast.pollNow).toBe(plan.effects.some((e) => e.kind === "poll"));
        expect(fast.downloaded.map((d) => [d.line, d.url, d.expected])).toEqual(ok.filter((t) => t.method === "GET" && t.purpose !== "configuration").map((t) => [t.line, t.url, t.build]));
        expect(fast.transferred).toEqual(ok.map(({ line, method, url }) => ({ line, method, url })));
        expect(fast.stoppedBy !== undefined).toBe(fast.stoppedByTimes);
        expect(fast.stoppedAt).toBe(plan.stoppedAt);
      }),
      { numRuns: RUNS },
    );
  });

  it("a config, vars or provision line changes the device in both (the case that once differed)", () => {
    const start = createDevice({ product: findProduct("IP232")!, clock: parseLocalTime("2026-11-20T23:30")! });
    for (const text of ["config change NTP0 /addr 10.0.0.1\n", "vars create PHONE/LANG pn de\n", "mod cmd UP1 provision 5\n", "config add UP1 /poll 1\nconfig activate\n"]) {
      const program = compile(text);
      const env = { updateUrl: `${WEB}phones/` };
      expect(runPoll(program, start, env).changes, text).toBe(true);
      expect(runPollFast(program, start, env).changes, text).toBe(true);
    }
  });
});
