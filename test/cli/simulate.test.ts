/**
 * `upscript simulate` end to end: one device over days (text, JSON, HTML), fleets from CSV and
 * JSON device lists, --out, and the errors (bad numbers, bad rows, unreadable lists).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli, runDryRunJson } from "../helpers/cli.js";
import { tempDir, writeTree } from "./tmp.js";

const SCRIPT = "examples/webroot/phones/update-ip232.htm";
const DECT = "examples/webroot/dect/update-ip1200.htm";
const F = "test/cli/fixtures/simulate";
const START = ["--at", "2026-11-20T12:00"];
const simulate = (args: string[], cwd = repoRoot) => runCli(["simulate", ...args], { cwd });

function json(args: string[]) {
  return runDryRunJson(["simulate", ...args, "--format", "json"]) as any;
}

describe("one device", () => {
  it("text: the timeline of changes, when it becomes steady, and the final state", () => {
    expect(simulate([SCRIPT, "--days", "2", ...START, "--firmware", "13-100000"])).toEqual({
      code: 0,
      stdout: [
        "Timeline of update-ip232.htm for an IP232 over 2 days from 2026-11-20 12:00: 192 polls",
        "",
        "  2026-11-20 12:00  ↑ Plan: 1 upload, no reset; stopped at line 10: 12:00 is outside the allowed hours (22–5)",
        "  2026-11-20 22:00  ↓ Plan: 1 download, reset when idle",
        "  2026-11-20 22:00  ⟳ restart when idle (line 16): now running firmware 13-138765, boot unknown",
        "  2026-11-20 22:15  ~ Plan: 1 configuration load, 6 config changes, reset when idle",
        "  2026-11-20 22:15  ⟳ restart when idle (line 21): now running firmware 13-138765, boot unknown",
        "  2026-11-20 22:30  ~ Plan: 1 config change, stores CHECK 2026-11-20a, no reset",
        "",
        "Steady from 2026-11-20 22:45: nothing changes after that (backups aside).",
        "Finally: firmware 13-138765, boot unknown; CHECK=2026-11-20a PROT=(empty) BOOT=(empty) BMC=(empty) CFG=CFG-2026-11-20 SCFG=WEEKLY",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("json: a timeline that follows docs/dry-run.schema.json", () => {
    const t = json([SCRIPT, "--days", "2", ...START, "--firmware", "13-100000", "--interval", "30"]);
    expect(t.kind).toBe("timeline");
    expect(t.script).toBe("update-ip232.htm");
    expect(t.days).toBe(2);
    expect(t.start).toBe("2026-11-20 12:00");
    expect(t.polls).toBe(96);
    expect(t.device).toMatchObject({ product: "IP232", firmware: "13-100000" });
    expect(t.changes[0]).toMatchObject({ time: "2026-11-20 12:00", stoppedAt: 10, transfers: [{ method: "PUT", url: "http://10.0.0.5/backup/IP232-00-00-01-0.txt" }] });
    expect(t.changes[1]).toMatchObject({ time: "2026-11-20 22:00", outcome: "reset-when-idle", transfers: [{ method: "GET", url: "http://10.0.0.5/firmware/ip232.bin", build: "13-138765" }] });
  });

  it("html: a complete page", () => {
    const result = simulate([SCRIPT, "--days", "1", ...START, "-f", "html"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.startsWith("<!doctype html>\n<html")).toBe(true);
    expect(result.stdout).toContain("<title>Timeline: update-ip232.htm</title>");
    expect(result.stdout.trimEnd().endsWith("</html>")).toBe(true);
  });

  it("--out FILE writes the report, prints nothing on stdout and says where it went", () => {
    const dir = tempDir("simulate-out");
    const out = join(dir, "timeline.html");
    const written = simulate([SCRIPT, "--days", "1", ...START, "-f", "html", "--out", out]);
    expect(written).toEqual({ code: 0, stdout: "", stderr: `upscript: wrote ${out}\n` });
    expect(readFileSync(out, "utf8")).toBe(simulate([SCRIPT, "--days", "1", ...START, "-f", "html"]).stdout);
    // An existing report is replaced.
    const text = join(dir, "timeline.txt");
    expect(simulate([SCRIPT, "--days", "1", ...START, "-o", text]).code).toBe(0);
    expect(simulate([SCRIPT, "--days", "2", ...START, "-o", text])).toEqual({ code: 0, stdout: "", stderr: `upscript: wrote ${text}\n` });
    expect(readFileSync(text, "utf8")).toMatch(/^Timeline of update-ip232\.htm for an IP232 over 2 days/);
  });

  it("--out into a missing folder is exit 2", () => {
    const out = join(tempDir("simulate-missing"), "no", "report.html");
    expect(simulate([SCRIPT, "--days", "1", "--out", out])).toEqual({ code: 2, stdout: "", stderr: `upscript: cannot write '${out}': no such file\n` });
    expect(existsSync(out)).toBe(false);
  });
});

describe("fleets", () => {
  it("from CSV: a text forecast", () => {
    expect(simulate([SCRIPT, "--fleet", `${F}/fleet.csv`, "--days", "1", ...START])).toEqual({
      code: 0,
      stdout: [
        "Rollout forecast for update-ip232.htm: 3 devices over 1 day from 2026-11-20 12:00",
        "",
        "  settled 2, unchanged 1, blocked 0, still changing 0, looping 0, stuck 0, failing 0",
        "  288 polls, 2 downloads, 3 uploads, 2 configuration loads, 4 restarts, 0 failed transfers",
        "  peak: 1 download at once at 2026-11-20 22:00 (each taking 5 min)",
        "  web server: 218 B/s at the peak at 2026-11-20 12:11, 97 KB in all",
        "  4 restarts, 0 outside the allowed hours (22–5), 0 in office hours (8–18 on weekdays)",
        "",
        "On target:",
        "  IP232 (3 devices): firmware 13-138765, configuration CFG-2026-11-20",
        "  50 % of the devices on target at 2026-11-20 22:25, 90 % not within 1 day, 100 % not within 1 day",
        "  2 of 3 on target at the end",
        "",
        // The example web root holds small stand-ins for the firmware and the cfg file: their sizes on disk count.
        "Sizes assumed (one transfer each):",
        "  32 KB  PUT http://10.0.0.5/backup/#h-#bn.txt  scfg, typical size, 3 transfers",
        "  418 B  GET http://10.0.0.5/cfg/site-berlin.txt  cfg, file in the web root, 2 transfers",
        "   26 B  GET http://10.0.0.5/firmware/ip232.bin  prot, file in the web root, 2 transfers",
        "",
        "Busiest hours:",
        "  hour                 polls downloads  uploads restarts",
        "  2026-11-20 12:00        12         0        3        0",
        "  2026-11-20 22:00        12         2        0        4",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("from CSV: json per device, MACs normalised", () => {
    const f = json([SCRIPT, "--fleet", `${F}/fleet.csv`, "--days", "1", ...START]);
    expect(f.kind).toBe("fleet");
    expect(f.devices.map((d: { mac: string; verdict: string }) => [d.mac, d.verdict])).toEqual([
      ["00-90-33-00-00-10", "settled"],
      ["00-90-33-00-00-11", "unchanged"],
      ["00-90-33-00-00-12", "settled"],
    ]);
    expect(f.verdicts).toEqual({ unchanged: 1, blocked: 0, settled: 2, looping: 0, "still-changing": 0, stuck: 0, failing: 0 });
    expect(f.totals).toMatchObject({ downloads: 2, uploads: 3, failures: 0 });
    expect(f.hours).toHaveLength(24);
  });

  it("from JSON ({ devices: [...] } and a plain list), as json and html", () => {
    const f = json([SCRIPT, "--fleet", `${F}/fleet.json`, "--days", "2", ...START]);
    expect(f.devices.map((d: { mac: string }) => d.mac)).toEqual(["00-90-33-00-00-20", "00-90-33-00-00-21", "00-90-33-00-00-22"]);
    expect(f.devices[0].verdict).toBe("unchanged");
    expect(f.devices[1].verdict).toBe("settled");
    expect(f.devices[1].changes[0]).toMatchObject({ kind: "download", line: 16, detail: "http://10.0.0.5/firmware/ip232.bin (13-138765)" });
    const dect = json([DECT, "--fleet", `${F}/fleet-list.json`, "--days", "2", ...START]);
    expect(dect.devices.map((d: { product: string; verdict: string }) => [d.product, d.verdict])).toEqual([
      ["IP1200", "settled"],
      ["IP1200", "settled"],
    ]);
    expect(dect.totals.downloads).toBe(2);
    const html = simulate([DECT, "--fleet", `${F}/fleet-list.json`, "--days", "2", ...START, "-f", "html"]);
    expect(html.code).toBe(0);
    expect(html.stdout.startsWith("<!doctype html>")).toBe(true);
  });

  it("bad rows are reported with file:line on stderr; the good devices are still simulated", () => {
    const result = simulate([SCRIPT, "--fleet", `${F}/fleet-bad.csv`, "--days", "1", ...START, "-f", "json"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `upscript: ${F}/fleet-bad.csv:3: unknown product 'IP 999': a product name is letters, digits, '-' and '_'\n` +
        `upscript: ${F}/fleet-bad.csv:4: 'zz' is not a MAC address\n` +
        `upscript: ${F}/fleet-bad.csv:5: MAC 00-90-33-00-00-10 is listed twice (first on line 2)\n`,
    );
    expect(JSON.parse(result.stdout).devices.map((d: { mac: string }) => d.mac)).toEqual(["00-90-33-00-00-10", "00-90-33-00-00-13"]);
  });

  it("an unknown product is simulated with guessed file names, said once however many devices it has", () => {
    const dir = writeTree(tempDir("fleet-guess"), { "fleet.csv": "product,mac\nIP9999,00-90-33-00-00-01\nIP9999,00-90-33-00-00-02\n", "update.htm": "mod cmd UP1 check ser 2026-11-20\n" });
    const result = simulate(["update.htm", "--fleet", "fleet.csv", "--days", "1", ...START, "-f", "json"], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("upscript: fleet.csv:2: unknown product IP9999: default file names guessed (ip9999.bin, boot9999.bin)\n");
    expect(JSON.parse(result.stdout).devices).toHaveLength(2);
  });

  it("a list without a usable device, or no list at all, is exit 2", () => {
    expect(simulate([SCRIPT, "--fleet", `${F}/fleet-none.csv`])).toEqual({
      code: 2,
      stdout: "",
      stderr: `upscript: ${F}/fleet-none.csv:2: unknown product 'IP 999': a product name is letters, digits, '-' and '_'\nupscript: '${F}/fleet-none.csv' lists no usable device\n`,
    });
    expect(simulate([SCRIPT, "--fleet", `${F}/nothere.csv`])).toEqual({ code: 2, stdout: "", stderr: `upscript: cannot read '${F}/nothere.csv': no such file\n` });
    const broken = writeTree(tempDir("fleet-broken"), { "fleet.json": "{ devices: [] }" });
    const result = simulate([join(repoRoot, SCRIPT), "--fleet", "fleet.json"], broken);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^upscript: fleet\.json:1: cannot read the device list: .+\nupscript: 'fleet\.json' lists no usable device\n$/);
    const empty = writeTree(tempDir("fleet-empty"), { "fleet.json": '{ "devices": [] }' });
    expect(simulate([join(repoRoot, SCRIPT), "--fleet", "fleet.json"], empty)).toEqual({ code: 2, stdout: "", stderr: "upscript: 'fleet.json' lists no usable device\n" });
  });
});

describe("bad numbers", () => {
  it.each([
    [["--days", "0"], "--days 0: a number of days from 1 to 366"],
    [["--days", "abc"], "--days abc: a number of days from 1 to 366"],
    [["--days", "367"], "--days 367: a number of days from 1 to 366"],
    [["--interval", "0"], "--interval 0: a whole number of minutes"],
    [["--download-minutes", "x"], "--download-minutes x: a whole number of minutes"],
  ])("%j: exit 2", (args, message) => {
    expect(simulate([SCRIPT, ...args])).toEqual({ code: 2, stdout: "", stderr: `upscript: ${message}\n` });
  });

  it("an unreadable script or a bad format is exit 2", () => {
    expect(simulate(["nothere.htm"])).toEqual({ code: 2, stdout: "", stderr: "upscript: cannot read 'nothere.htm': no such file\n" });
    expect(simulate([SCRIPT, "-f", "pdf"]).code).toBe(2);
  });
});
