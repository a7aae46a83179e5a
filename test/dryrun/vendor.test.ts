/**
 * Scripts in the shape a generating update server (innovaphone's PHP server) serves, written for
 * these tests from the model in docs/model.md: first contact (the device is moved to its staging
 * URL and polls fast), staging (backup, an /always query, firmware and boot code, a bare
 * iresetn), steady (check at the end) and the certificate flow (several /always queries with
 * `vars read`, `vars create … pb`, an X509 command with empty switch values). CRLF, LF and lone CR
 * line ends. Golden lint output (no error, no warning), dry-runs and timelines.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findProduct } from "@upscript/grammar";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, compile, createDevice, lint, parseLocalTime, renderPlanText, renderTimelineText, runPoll, simulate, timelineJson, type PollEnvironment } from "@upscript/language";
import { expectGolden } from "../helpers/golden.js";
import { showRange } from "../helpers/dump-tree.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "vendor");
const golden = join(fixtures, "golden");
const PHASES = ["first-contact", "staging", "steady", "certificate"] as const;
const read = (phase: string) => readFileSync(join(fixtures, phase, "update-ip232.htm"), "utf8");

/** The device as the vendor's server sees it on first contact: fresh from the box. */
const device = (options: { fresh?: boolean; firmware?: string; boot?: string; at?: string } = {}) =>
  createDevice({
    product: findProduct("IP232")!,
    mac: "00-90-33-3e-00-01",
    ip: "10.0.1.23",
    firmware: options.firmware ?? "13-130000",
    boot: options.boot ?? "130000",
    clock: parseLocalTime(options.at ?? "2026-11-20T23:30")!,
    fresh: options.fresh ?? false,
    uptimeMinutes: options.fresh ? 0 : 600,
  });

/** The URL the device is configured with before the first contact (as DHCP hands it out). */
const FIRST_URL = "http://10.0.0.5/update.php?phase=_first_update&type=#t&sn=#m";
const env: PollEnvironment = { updateUrl: FIRST_URL };

describe("vendor-shaped scripts: lint", () => {
  it.each(PHASES)("%s: no error and no warning (golden)", (phase) => {
    const diagnostics = lint(read(phase), { config: DEFAULT_CONFIG, fileName: "update-ip232.htm" });
    expect(diagnostics.filter((d) => d.severity !== "info").map((d) => `${showRange(d.range)} ${d.rule}: ${d.message}`)).toEqual([]);
    expectGolden(diagnostics.map((d) => `${showRange(d.range)} ${d.severity} ${d.rule}: ${d.message}`).join("\n") + "\n", join(golden, `${phase}.lint`));
  });

  it("the line ends are as written: CRLF, LF and lone CR", () => {
    expect(read("first-contact")).toMatch(/\r\n/);
    expect(read("certificate")).toMatch(/\r(?!\n)/);
    expect(read("steady")).not.toMatch(/\r/);
  });
});

describe("vendor-shaped scripts: one poll", () => {
  it("first contact: the new update URL and the 1-minute interval from the next poll on", () => {
    const plan = runPoll(compile(read("first-contact")), device({ fresh: true }), env);
    expect(plan.request.url).toBe("http://10.0.0.5/update.php?phase=_first_update&type=ip232&sn=00-90-33-3e-00-01&CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=");
    expect(plan.next).toEqual({
      url: "http://10.0.0.5/update.php?phase=staging&type=ip232&sn=00-90-33-3e-00-01&hwid=IP232-3e-00-01&ip=10.0.1.23&CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=",
      intervalMinutes: 1,
      changed: true,
      pendingUntilRestart: undefined,
    });
    expectGolden(renderPlanText(plan, "first-contact/update-ip232.htm"), join(golden, "first-contact.plan.txt"));
  });

  it("staging: the backup and the /always query upload, firmware and boot code download, iresetn restarts", () => {
    const plan = runPoll(compile(read("staging")), device(), env);
    expect(plan.transfers.map((t) => [t.method, t.purpose, t.result])).toEqual([
      ["PUT", "configuration backup", "ok"],
      ["PUT", "command output", "ok"],
      ["GET", "firmware", "ok"],
      ["GET", "boot code", "ok"],
    ]);
    expect(plan.lines.find((l) => l.line === 3)!.reason).toContain("uploads the output of `mod cmd CMD0 xml-info`");
    expect(plan.outcome).toBe("reset-when-idle");
    expectGolden(renderPlanText(plan, "staging/update-ip232.htm"), join(golden, "staging.plan.txt"));
  });

  it("certificate flow: every /always line uploads its command's output; UPDATE/SCFG stays as it was", () => {
    const start = device();
    const plan = runPoll(compile(read("certificate")), start, env);
    expect(plan.transfers.filter((t) => t.purpose === "command output")).toHaveLength(2);
    expect(plan.variables.after.SCFG).toBe(start.variables.SCFG);
    // The same serial 'nop' on both lines: neither skips the other.
    const again = runPoll(compile(read("certificate")), plan.after, env);
    expect(again.transfers.filter((t) => t.purpose === "command output")).toHaveLength(2);
    expectGolden(renderPlanText(plan, "certificate/update-ip232.htm"), join(golden, "certificate.plan.txt"));
  });

  it("steady: the check at the end ends every later poll; the backup above it still runs", () => {
    const first = runPoll(compile(read("steady")), device({ firmware: "13-138765" }), env);
    expect(first.variables.after.CHECK).toBe("2026-11-20a");
    const later = runPoll(compile(read("steady")), first.after, env);
    expect(later.stoppedAt).toBe(8);
    expect(later.transfers.map((t) => t.purpose)).toEqual(["configuration backup"]);
    expectGolden(renderPlanText(first, "steady/update-ip232.htm"), join(golden, "steady.plan.txt"));
  });
});

describe("vendor-shaped scripts: over time", () => {
  it("first contact: from the next poll on the device polls the staging URL every minute", () => {
    const t = simulate(compile(read("first-contact")), device({ fresh: true }), env, { days: 1 / 24 });
    expect(t.polling.map((p) => [p.cause, p.url, p.intervalMinutes])).toEqual([
      ["start", "http://10.0.0.5/update.php?phase=_first_update&type=ip232&sn=00-90-33-3e-00-01", 15],
      ["activated", "http://10.0.0.5/update.php?phase=staging&type=ip232&sn=00-90-33-3e-00-01&hwid=IP232-3e-00-01&ip=10.0.1.23", 1],
    ]);
    // A fresh device polls a minute after boot, then every minute: 59 polls in the first hour.
    expect(t.polls).toBe(59);
    expectGolden(renderTimelineText(t, "first-contact/update-ip232.htm", "IP232"), join(golden, "first-contact.timeline.txt"));
  });

  it("first contact on a device that is not fresh: the interval drops from 15 minutes to 1", () => {
    const t = simulate(compile(read("first-contact")), device(), env, { days: 1 / 12 });
    // Up 600 minutes, it polls at once (the first contact), then every minute up to the end: 120 polls in two hours, not 8.
    expect(t.polling.map((p) => p.intervalMinutes)).toEqual([15, 1]);
    expect(t.polls).toBe(120);
  });

  it("staging: the firmware arrives after the restart and is then in place", () => {
    const t = simulate(compile(read("staging")), device(), env, { days: 1 });
    expect(t.restarts).toHaveLength(1);
    expect(t.restarts[0]).toMatchObject({ firmware: "13-138765", boot: "138765" });
    expect(t.final).toMatchObject({ firmware: "13-138765", boot: "138765" });
    expectGolden(renderTimelineText(t, "staging/update-ip232.htm", "IP232"), join(golden, "staging.timeline.txt"));
  });

  it("certificate flow: the /always uploads happen on every poll", () => {
    const t = simulate(compile(read("certificate")), device(), env, { days: 1 });
    expect(t.polls).toBe(96);
    expect(t.hours.reduce((n, h) => n + h.uploads, 0)).toBe(2 * 96);
    const json = timelineJson(t, "certificate/update-ip232.htm", runPoll(compile(read("certificate")), device(), env).device);
    expect(json.verdict).not.toBe("stuck");
    expectGolden(renderTimelineText(t, "certificate/update-ip232.htm", "IP232"), join(golden, "certificate.timeline.txt"));
  });
});
