/**
 * Verdicts for failed transfers (docs/dry-run.md): a device whose transfer failed on a poll that
 * then stored the pending check serial is stuck (every later run stops at the check line, so it
 * never tries again); a device that retries a failing transfer on every poll keeps failing. Neither
 * is steady, settled or unchanged.
 */
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { compile, dryRunSchema, fleetJson, parseLocalTime, planJson, renderFleetHtml, renderFleetText, renderTimelineHtml, renderTimelineText, simulate, simulateFleet, timelineJson, troubleGroups, type FleetDevice } from "@upscript/language";
import { device, env, plan } from "./helpers.js";

const FW = "http://10.0.0.5/fw/ip232.bin";
/** Check first, then the download: the usual layout. */
const CHECKED = `mod cmd UP1 check iresetn 2026-11-20a
mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser CFG-1
mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765
`;
const NO_CHECK = "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765\n";
const failFirmware = env({ fail: (url) => (url === FW ? 404 : undefined) });
const dev = (extra: Parameters<typeof device>[1] = {}) => device("IP232", { firmware: "13-130000", at: "2026-11-20T12:00", ...extra });

const validate = new Ajv({ strict: true, allErrors: true }).compile(dryRunSchema());
const check = (value: unknown) => {
  const ok = validate(JSON.parse(JSON.stringify(value)));
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
};

describe("one poll", () => {
  it("a failed download behind the check line on a poll that stores the check serial is stuck", () => {
    const p = plan(CHECKED, dev({ uptimeMinutes: 600 }), failFirmware);
    expect(p.variables.after.CHECK).toBe("2026-11-20a");
    expect(p.stuck).toEqual({
      checkLine: 1,
      serial: "2026-11-20a",
      transfers: [{ line: 3, method: "GET", url: FW, result: "failed(404)" }],
      description: `line 3, GET ${FW} failed(404), and the run still stored check serial '2026-11-20a': every later poll stops at line 1, so the device never tries again until the serial changes`,
    });
  });

  it("not stuck: no failure, no check, a failed line above the check line, or a reinit that clears the serial", () => {
    expect(plan(CHECKED, dev()).stuck).toBeUndefined();
    expect(plan(NO_CHECK, dev(), failFirmware).stuck).toBeUndefined();
    const above = `${NO_CHECK}mod cmd UP1 check ser 2026-11-20a\n`;
    const p = plan(above, dev(), failFirmware);
    expect(p.variables.after.CHECK).toBe("2026-11-20a");
    expect(p.stuck).toBeUndefined();
    const reinit = `mod cmd UP1 reinit\n${CHECKED}`;
    expect(plan(reinit, dev(), failFirmware).stuck).toBeUndefined();
  });
});

describe("one poll tells one story", () => {
  it("the failed line, the summary and the JSON say stuck, never 'the next poll tries again'", () => {
    const p = plan(CHECKED, dev({ uptimeMinutes: 600 }), failFirmware);
    const line = p.lines.find((l) => l.line === 3)!;
    expect(line.reason).toBe(
      "download failed(404): UPDATE/PROT stays empty and 'ireset' is skipped; the run goes on and stores check serial '2026-11-20a' at its end, so later polls stop at line 1 and the device does not try again until the serial changes",
    );
    expect(p.lines.map((l) => l.reason).join("\n")).not.toContain("tries again");
    expect(p.summary).toContain("STUCK: firmware 13-138765 not downloaded, CHECK 2026-11-20a stored: not retried until the serial changes");
    const json = planJson(p, "update-ip232.htm");
    check(json);
    expect(json.stuck).toMatchObject({ checkLine: 1, serial: "2026-11-20a" });
  });

  it("without a check, or above it, the failed line says the next poll tries again, and the summary has no STUCK", () => {
    for (const script of [NO_CHECK, `${NO_CHECK}mod cmd UP1 check ser 2026-11-20a\n`]) {
      const p = plan(script, dev(), failFirmware);
      expect(p.lines.find((l) => l.line === 1)!.reason).toMatch(/; the next poll tries again$/);
      expect(p.summary).not.toContain("STUCK");
      expect(planJson(p, "x").stuck).toBeNull();
    }
  });

  it("a restart later in the run keeps the check from being stored: the failed line is tried again", () => {
    const script = `mod cmd UP1 check iresetn 2026-11-20a\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765\nreset\n`;
    const p = plan(script, dev(), failFirmware);
    expect(p.variables.after.CHECK).toBe("");
    expect(p.lines.find((l) => l.line === 2)!.reason).toMatch(/; the next poll tries again$/);
  });
});

describe("timeline", () => {
  it("stuck: names the poll, the check line and the failed transfer; not steady", () => {
    const t = simulate(compile(CHECKED), dev(), failFirmware, { days: 1 });
    expect(t.verdict).toBe("stuck");
    expect(t.stuck).toMatchObject({ minute: 0, time: "2026-11-20 12:00", checkLine: 1, serial: "2026-11-20a", transfers: [{ line: 3, url: FW, result: "failed(404)" }] });
    expect(t.steadyMinute).toBeNull();
    expect(t.loops).toEqual([]);
    // The download was never tried again: one failure on the first poll, then every run stops at line 1.
    expect(t.hours.reduce((sum, h) => sum + h.failures, 0)).toBe(1);
    expect(t.firstFailure).toMatchObject({ minute: 0, line: 3, method: "GET", url: FW, result: "failed(404)" });
    expect(t.final.firmware).toBe("13-130000");
    expect(t.restarts.map((r) => [r.minute, r.line])).toEqual([[0, 1]]);
    const text = renderTimelineText(t, "update-ip232.htm", "IP232");
    expect(text).toContain(`Stuck from 2026-11-20 12:00: line 3, GET ${FW} failed(404), and the run still stored check serial '2026-11-20a': every later poll stops at line 1`);
    expect(text).not.toContain("Steady");
    expect(renderTimelineHtml(t, "update-ip232.htm", "IP232")).toContain("<b>stuck</b>");
    check(timelineJson(t, "update-ip232.htm", plan("", dev()).device));
    expect(timelineJson(t, "x", plan("", dev()).device)).toMatchObject({ verdict: "stuck", steady: { minute: null, time: null } });
  });

  it("a device without a check whose download fails retries on every poll: failing, not stuck and not steady", () => {
    const t = simulate(compile(NO_CHECK), dev(), failFirmware, { days: 1 });
    expect(t.verdict).toBe("failing");
    expect(t.stuck).toBeNull();
    expect(t.steadyMinute).toBeNull();
    expect(t.failing).toEqual({
      firstMinute: 0,
      time: "2026-11-20 12:00",
      transfers: [{ line: 1, method: "GET", url: FW, result: "failed(404)" }],
      description: `line 1, GET ${FW} failed(404) on every poll: the device tries again each time and never gets it`,
    });
    expect(t.hours.reduce((sum, h) => sum + h.failures, 0)).toBe(t.polls);
    const text = renderTimelineText(t, "update-ip232.htm", "IP232");
    expect(text).toContain(`Keeps failing from 2026-11-20 12:00: line 1, GET ${FW} failed(404) on every poll`);
    expect(text).not.toContain("Steady");
    check(timelineJson(t, "x", plan("", dev()).device));
  });

  it("outside the allowed hours it still keeps failing: a run stopped at the times line did not try", () => {
    const t = simulate(compile(`mod cmd UP1 times /allow 22,23\n${NO_CHECK}`), dev(), failFirmware, { days: 1 });
    expect(t.verdict).toBe("failing");
    expect(t.failing).toMatchObject({ time: "2026-11-20 22:00", transfers: [{ line: 2, url: FW }] });
  });

  it("a failed download above the check line is retried on every poll: failing", () => {
    const t = simulate(compile(`${NO_CHECK}mod cmd UP1 check ser 2026-11-20a\n`), dev(), failFirmware, { days: 1 });
    expect(t.verdict).toBe("failing");
    expect(t.stuck).toBeNull();
  });

  it("the other verdicts", () => {
    expect(simulate(compile(CHECKED), dev(), env(), { days: 1 }).verdict).toBe("settled");
    expect(simulate(compile(CHECKED), dev({ firmware: "13-138765", variables: { CFG: "CFG-1" } }), env(), { days: 1 }).verdict).toBe("unchanged");
    expect(simulate(compile(`mod cmd UP1 times /allow 3\n${CHECKED}`), dev({ at: null }), env(), { days: 1 }).verdict).toBe("blocked");
    expect(simulate(compile("mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ireset\n"), dev(), env(), { days: 0.25 }).verdict).toBe("looping");
  });
});

describe("fleet", () => {
  const fleet: FleetDevice[] = Array.from({ length: 12 }, (_, i) => ({
    product: "IP232",
    mac: `00-90-33-00-01-${i.toString(16).padStart(2, "0")}`,
    // Every fourth device already runs the build: it loads the configuration and settles.
    firmware: i % 4 === 0 ? "13-138765" : "13-130000",
  }));
  const options = (environment = failFirmware) => ({ days: 1, start: parseLocalTime("2026-11-20T12:00")!, environment: () => environment });

  it("counts stuck devices, names line and transfer, and never counts them as settled or unchanged", () => {
    const f = simulateFleet(compile(CHECKED), fleet, options());
    expect(f.verdicts).toEqual({ unchanged: 0, blocked: 0, settled: 3, looping: 0, "still-changing": 0, stuck: 9, failing: 0 });
    const stuck = f.devices.filter((d) => d.verdict === "stuck");
    expect(stuck).toHaveLength(9);
    for (const d of stuck) {
      expect(d.steadyTime).toBeNull();
      expect(d.stuck).toMatchObject({ checkLine: 1, serial: "2026-11-20a", transfers: [{ line: 3, method: "GET", url: FW, result: "failed(404)" }] });
      expect(d.firmware).toBe("13-130000");
    }
    // The configuration line above it succeeded; the check's iresetn restarts after storing the serial.
    expect(stuck[0]!.changes.map((c) => c.kind)).toEqual(["load", "restart"]);
    const groups = troubleGroups(f);
    expect(groups).toEqual([{ product: "IP232", verdict: "stuck", why: stuck[0]!.stuck!.description, devices: stuck.map((d) => d.mac) }]);
    const text = renderFleetText(f, "update-ip232.htm");
    expect(text).toContain("  settled 3, unchanged 0, blocked 0, still changing 0, looping 0, stuck 9, failing 0\n");
    expect(text).toContain(`  9 IP232 stuck: line 3, GET ${FW} failed(404), and the run still stored check serial '2026-11-20a'`);
    // Four MACs, how many more, and where to find them all.
    expect(text).toContain(`    ${stuck.slice(0, 4).map((d) => d.mac).join(", ")} and 5 more\n`);
    expect(text).toContain("  every device with its verdict and why: simulate … --devices-out devices.csv\n");
    const html = renderFleetHtml(f, "update-ip232.htm");
    expect(html).toContain("<b>9</b><span>devices stuck behind a stored check</span>");
    // Every stuck device is listed, in an open section, with the failed transfer as the reason.
    const section = html.slice(html.indexOf('data-verdict="stuck"'), html.indexOf("</details>", html.indexOf('data-verdict="stuck"')));
    expect(section).toMatch(/^data-verdict="stuck" open>/);
    for (const d of stuck) expect(section).toContain(`<tr><td>${d.mac}</td><td>IP232</td>`);
    expect(section).toContain(`GET ${FW} failed(404)`);
    check(fleetJson(f, "update-ip232.htm"));
  });

  it("devices without a check whose download fails keep failing: not unchanged", () => {
    const f = simulateFleet(compile(NO_CHECK), fleet, options());
    expect(f.verdicts).toEqual({ unchanged: 3, blocked: 0, settled: 0, looping: 0, "still-changing": 0, stuck: 0, failing: 9 });
    const failing = f.devices.find((d) => d.verdict === "failing")!;
    expect(failing.failing).toMatchObject({ transfers: [{ line: 1, url: FW, result: "failed(404)" }] });
    expect(failing.firstFailure).toMatchObject({ line: 1, url: FW, result: "failed(404)", time: expect.stringMatching(/^2026-11-20 12:/) });
    expect(failing.stuck).toBeNull();
    check(fleetJson(f, "x"));
  });

  it("without failures nothing changes: the same devices settle", () => {
    const f = simulateFleet(compile(CHECKED), fleet, options(env()));
    expect(f.verdicts).toMatchObject({ settled: 12, stuck: 0, failing: 0 });
    expect(f.devices.every((d) => d.stuck === null && d.failing === null && d.firstFailure === null)).toBe(true);
  });
});
