/**
 * `upscript dry-run` end to end: the night-rollout acceptance case (text and JSON), every device
 * flag, state files, --detailed-exitcode, the example web root, and the errors.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli, runDryRunJson } from "../helpers/cli.js";
import { fixtures, tempDir, writeTree } from "./tmp.js";

const here = join(fixtures, "dry-run");
const SCRIPT = "night-rollout.htm";
const ACCEPT = ["--device", "IP1200", "--firmware", "04-5656", "--uptime", "600"];
const dryRun = (args: string[], options: { cwd?: string; input?: string } = {}) => runCli(["dry-run", ...args], { cwd: here, ...options });


interface Plan {
  kind: string;
  script: string;
  device: Record<string, unknown>;
  outcome: string;
  outcomeLine: number | null;
  stoppedAt: number | null;
  summary: string;
  changes: boolean;
  next: { url: string; intervalMinutes: number };
  lines: { line: number; status: string; reason: string; text: string }[];
  transfers: { line: number; method: string; url: string; purpose: string; result: string; build: string | null }[];
  configApplied: unknown[];
  variables: { before: Record<string, string>; after: Record<string, string> };
  request: { method: string; url: string };
}

/** Runs with --format json, checks the schema and a clean exit, and returns the plan. */
function plan(args: string[], cwd = here): Plan {
  return runDryRunJson(["dry-run", "--format", "json", ...args], { cwd }) as Plan;
}

const EMPTY = { CHECK: "", PROT: "", BOOT: "", BMC: "", CFG: "", SCFG: "" };

describe("the night-rollout acceptance case", () => {
  it("23:30, up 600 minutes: backup upload, firmware download, reset when idle (text)", () => {
    expect(dryRun([SCRIPT, ...ACCEPT, "--at", "2026-11-20T23:30"])).toEqual({
      code: 0,
      stdout: [
        "Dry run of night-rollout.htm for an IP1200 (MAC 00-90-33-00-00-01, IP 192.168.0.100, firmware 04-5656, boot unknown)",
        "at 2026-11-20 23:30, up 600 min",
        "",
        "↓ download  ↑ upload  ~ configuration  ⟳ restart  ■ stops the run  ✗ transfer failed  - skipped  · not reached",
        "",
        "The device requests:",
        "  GET http://update-server/night-rollout.htm?CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=",
        "",
        "Lines:",
        "  1 ✓ mod cmd UP1 times /allow 23,0,1,2,3,4 /initial 6",
        "      23:30 is within the allowed hours (23–4)",
        "  2 ↑ mod cmd UP0 scfg http://192.168.0.10/backup/#h-#bn.txt no-op WEEKLY /force 168",
        "      UPDATE/SCFG is empty, not 'WEEKLY': uploads the configuration to http://192.168.0.10/backup/IP1200-00-00-01-0.txt (backup slot 0)",
        "  3 ⟳ mod cmd UP0 prot http://192.168.0.10/firmware/ ireset 04-5679",
        "      the running firmware is 04-5656, not 04-5679: downloads http://192.168.0.10/firmware/ip1200.bin and stores 04-5679; 'ireset' restarts when idle, so the run ends here",
        "",
        "Transfers:",
        "  ↑ PUT http://192.168.0.10/backup/IP1200-00-00-01-0.txt  configuration backup  ok",
        "  ↓ GET http://192.168.0.10/firmware/ip1200.bin           firmware 04-5679  ok",
        "",
        "Variables:",
        "  ~ PROT  (empty) → 04-5679",
        "  ~ SCFG  (empty) → WEEKLY",
        "",
        "⟳ Restart when idle (line 3)",
        "",
        "Plan: 1 download, 1 upload, reset when idle",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("the same as JSON: outcome, lines, transfers, variables and request", () => {
    const p = plan([SCRIPT, ...ACCEPT, "--at", "2026-11-20T23:30", "--mac", "00:90:33:03:0D:F0"]);
    expect(p.kind).toBe("poll");
    expect(p.script).toBe(SCRIPT);
    expect(p.device).toMatchObject({ product: "IP1200", mac: "00-90-33-03-0d-f0", firmware: "04-5656", clock: "2026-11-20 23:30", uptimeMinutes: 600, fresh: false });
    expect(p.outcome).toBe("reset-when-idle");
    expect(p.outcomeLine).toBe(3);
    expect(p.stoppedAt).toBeNull();
    expect(p.changes).toBe(true);
    expect(p.summary).toBe("Plan: 1 download, 1 upload, reset when idle");
    expect(p.lines.map((l) => [l.line, l.status])).toEqual([
      [1, "ran"],
      [2, "ran"],
      [3, "ran"],
    ]);
    expect(p.transfers).toEqual([
      { line: 2, method: "PUT", url: "http://192.168.0.10/backup/IP1200-03-0d-f0-0.txt", purpose: "configuration backup", result: "ok", build: null },
      { line: 3, method: "GET", url: "http://192.168.0.10/firmware/ip1200.bin", purpose: "firmware", result: "ok", build: "04-5679" },
    ]);
    expect(p.variables).toEqual({ before: EMPTY, after: { ...EMPTY, PROT: "04-5679", SCFG: "WEEKLY" } });
    expect(p.request).toEqual({ method: "GET", url: "http://update-server/night-rollout.htm?CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=" });
  });

  it("at 14:00 the run stops at line 1, outside the allowed hours", () => {
    const p = plan([SCRIPT, ...ACCEPT, "--at", "2026-11-20T14:00"]);
    expect(p.outcome).toBe("none");
    expect(p.stoppedAt).toBe(1);
    expect(p.changes).toBe(false);
    expect(p.lines.map((l) => l.status)).toEqual(["stopped", "not-reached", "not-reached"]);
    expect(p.lines[0]!.reason).toBe("14:00 is outside the allowed hours (23–4)");
    expect(p.transfers).toEqual([]);
    expect(p.variables.after).toEqual(EMPTY);
    const text = dryRun([SCRIPT, ...ACCEPT, "--at", "2026-11-20T14:00"]);
    expect(text.stdout).toContain("  1 ■ mod cmd UP1 times /allow 23,0,1,2,3,4 /initial 6\n      14:00 is outside the allowed hours (23–4)\n");
    expect(text.stdout.endsWith("Plan: no changes, no reset; stopped at line 1: 14:00 is outside the allowed hours (23–4)\n")).toBe(true);
  });

  it("five minutes after boot, /initial 6 stops the run at line 1", () => {
    const p = plan([SCRIPT, "--device", "IP1200", "--firmware", "04-5656", "--uptime", "5", "--at", "2026-11-20T23:30"]);
    expect(p.outcome).toBe("none");
    expect(p.stoppedAt).toBe(1);
    expect(p.lines[0]).toMatchObject({ status: "stopped", reason: "booted 5 min ago: /initial 6 holds everything below back" });
    expect(p.transfers).toEqual([]);
  });
});

describe("device flags", () => {
  it("--firmware equal to the BUILD: the prot line is skipped", () => {
    const p = plan([SCRIPT, "--device", "IP1200", "--firmware", "04-5679", "--at", "2026-11-20T23:30"]);
    expect(p.lines[2]).toMatchObject({ status: "skipped", reason: "UPDATE/PROT is empty and the running firmware is 04-5679: nothing to do" });
    expect(p.outcome).toBe("none");
  });

  it("--var sets UPDATE/* variables; UPDATE/ prefixes are accepted and the request carries them", () => {
    const p = plan([SCRIPT, "--device", "IP1200", "--firmware", "04-5656", "--at", "2026-11-20T23:30", "--var", "UPDATE/PROT=04-5679", "--var", "SCFG=WEEKLY", "--var", "CHECK=x y"]);
    expect(p.variables.before).toEqual({ ...EMPTY, CHECK: "x y", PROT: "04-5679", SCFG: "WEEKLY" });
    expect(p.lines[2]).toMatchObject({ status: "skipped" });
    expect(p.request.url).toBe("http://update-server/night-rollout.htm?CHECK=x%20y&PROT=04-5679&BOOT=&BMC=&CFG=&SCFG=WEEKLY");
  });

  it("--no-clock: /allow stops every run", () => {
    const p = plan([SCRIPT, ...ACCEPT, "--no-clock"]);
    expect(p.device.clock).toBeNull();
    expect(p.stoppedAt).toBe(1);
    expect(p.lines[0]!.reason).toBe("the device has no time yet, and /allow stops every run without one");
  });

  it("--fresh: a factory-fresh device past /initial skips the hour test", () => {
    const p = plan([SCRIPT, "--device", "IP1200", "--firmware", "04-5656", "--fresh", "--uptime", "10", "--at", "2026-11-20T14:00"]);
    expect(p.device.fresh).toBe(true);
    expect(p.lines[0]!.status).toBe("ran");
    expect(p.outcome).toBe("reset-when-idle");
    const held = plan([SCRIPT, "--device", "IP1200", "--fresh", "--uptime", "3", "--at", "2026-11-20T14:00"]);
    expect(held.stoppedAt).toBe(1);
  });

  it("--fail PATTERN[=CODE]: the transfer fails, the variable stays, the final command is skipped", () => {
    const p = plan([SCRIPT, ...ACCEPT, "--at", "2026-11-20T23:30", "--fail", "*/ip1200.bin=503"]);
    expect(p.transfers[1]).toMatchObject({ method: "GET", url: "http://192.168.0.10/firmware/ip1200.bin", result: "failed(503)" });
    expect(p.variables.after).toEqual({ ...EMPTY, SCFG: "WEEKLY" });
    expect(p.outcome).toBe("none");
    const all = plan([SCRIPT, ...ACCEPT, "--at", "2026-11-20T23:30", "--fail", "http://192.168.0.10/*"]);
    expect(all.transfers.map((t) => t.result)).toEqual(["failed(404)", "failed(404)"]);
  });

  it("--state FILE gives everything at once; flags override it", () => {
    const p = plan([SCRIPT, "--state", "state-ip1200.json"]);
    expect(p.device).toMatchObject({ product: "IP1200", mac: "00-90-33-03-0d-f0", ip: "192.168.0.42", firmware: "04-5656", clock: "2026-11-20 23:30", uptimeMinutes: 600 });
    expect(p.transfers.map((t) => t.url)).toEqual(["http://192.168.0.10/backup/IP1200-03-0d-f0-3.txt", "http://192.168.0.10/firmware/ip1200.bin"]);
    expect(p.outcome).toBe("reset-when-idle");
    const later = plan([SCRIPT, "--state", "state-ip1200.json", "--at", "2026-11-20T14:00"]);
    expect(later.stoppedAt).toBe(1);
  });

  it("a bad state file is exit 2 with the reason", () => {
    expect(dryRun([SCRIPT, "--state", "state-bad-key.json"])).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "upscript: state 'state-bad-key.json': unknown key 'firmwar' (known: device, product, mac, ip, firmware, boot, bmc, variables, at, clock, uptime, fresh, backupIndex, backupSlots, scfgWrittenAt, resetRequired, settings, savedSettings, pending)\n",
    });
    const notJson = dryRun([SCRIPT, "--state", "state-not-json.json"]);
    expect(notJson.code).toBe(2);
    expect(notJson.stdout).toBe("");
    expect(notJson.stderr).toMatch(/^upscript: cannot read state 'state-not-json\.json': not JSON \(.+\)\n$/s);
    expect(dryRun([SCRIPT, "--state", "nothere.json"])).toEqual({ code: 2, stdout: "", stderr: "upscript: cannot read state 'nothere.json': no such file\n" });
  });

  it("bad flag values are exit 2 with a clear line", () => {
    const bad = (args: string[], message: string) => expect(dryRun([SCRIPT, "--device", "IP1200", ...args])).toEqual({ code: 2, stdout: "", stderr: `upscript: ${message}\n` });
    bad(["--at", "2026-13-45T99:00"], "--at 2026-13-45T99:00: write the device's local time as YYYY-MM-DDTHH:MM");
    bad(["--uptime", "-3"], "--uptime -3: a whole number of minutes");
    bad(["--var", "FOO=1"], "--var FOO=1: write NAME=VALUE with NAME one of CHECK, PROT, BOOT, BMC, CFG, SCFG");
    bad(["--mac", "zz"], "--mac zz: a MAC address such as 00-90-33-03-0d-f0");
    bad(["--fail", "*=200"], "--fail *=200: the status must be 400–599");
    // An unknown product runs with guessed file names (test/cli/products.test.ts); a name that cannot be one is an error.
    bad(["--device", "IP 9999"], "unknown product 'IP 9999': a product name is letters, digits, '-' and '_' (e.g. IP232)");
  });
});

describe("which device", () => {
  it("no --device and a file name that names no product: exit 2 with a clear message", () => {
    const dir = writeTree(tempDir("nodevice"), { "night.htm": "mod cmd UP1 poll\n" });
    expect(runCli(["dry-run", "night.htm"], { cwd: dir })).toEqual({
      code: 2,
      stdout: "",
      stderr: "upscript: which device? name it with --device (e.g. IP232), or in .upscriptrc.json (dryRun.device)\n",
    });
  });

  it("the file name names the product", () => {
    const dir = writeTree(tempDir("byname"), { "update-ip232.htm": "mod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-1\n" });
    const p = plan(["update-ip232.htm", "--at", "2026-11-20T23:30"], dir);
    expect(p.device.product).toBe("IP232");
    expect(p.transfers[0]!.url).toBe("https://10.0.0.5/fw/ip232.bin");
  });
});

describe("a state file saved by upscript poll", () => {
  it("carries the UP1 settings in force (the next poll's URL and interval) and the pending builds", () => {
    const dir = writeTree(tempDir("livestate"), {
      "update-ip232.htm": "mod cmd UP1 times /allow 23,0\n",
      "state.json": JSON.stringify({ settings: { "/url": "http://10.0.0.9/update.php?sn=#m", "/poll": 15 }, pending: { firmware: "13-138765" }, mac: "00-90-33-3e-00-01" }),
    });
    const p = plan(["update-ip232.htm", "--state", "state.json", "--at", "2026-11-20T23:30"], dir);
    expect(p.request.url).toBe("http://10.0.0.9/update.php?sn=00-90-33-3e-00-01&CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=");
    expect(p.next.intervalMinutes).toBe(15);
  });
});

describe("the example web root", () => {
  it("device from the config, request URL from the server map, the cfg file applied", () => {
    const p = plan(["examples/webroot/phones/update-ip232.htm", "--at", "2026-11-20T23:30", "--firmware", "13-138765"], repoRoot);
    expect(p.device.product).toBe("IP232");
    expect(p.request.url).toBe("http://10.0.0.5/phones/update-ip232.htm?CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=");
    expect(p.transfers.map((t) => [t.method, t.url, t.result])).toEqual([
      ["PUT", "http://10.0.0.5/backup/IP232-00-00-01-0.txt", "ok"],
      ["GET", "http://10.0.0.5/cfg/site-berlin.txt", "ok"],
    ]);
    expect(p.configApplied).toHaveLength(6);
    expect(p.variables.after).toEqual({ ...EMPTY, CFG: "CFG-2026-11-20", SCFG: "WEEKLY" });
  });

  it("a file missing under the web root fails with 404", () => {
    const dir = writeTree(tempDir("webroot404"), {
      ".upscriptrc.json": '{ "server": { "http://10.0.0.5/": "." } }\n',
      "update-ip232.htm": "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-1\n",
    });
    const p = plan(["update-ip232.htm", "--at", "2026-11-20T23:30"], dir);
    expect(p.transfers).toMatchObject([{ url: "http://10.0.0.5/fw/ip232.bin", result: "failed(404)" }]);
  });
});

describe("--detailed-exitcode", () => {
  it("2 when something would change", () => {
    const result = dryRun([SCRIPT, ...ACCEPT, "--at", "2026-11-20T23:30", "--detailed-exitcode"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("Plan: 1 download, 1 upload, reset when idle\n");
  });

  it("0 when nothing would change", () => {
    expect(dryRun([SCRIPT, ...ACCEPT, "--at", "2026-11-20T14:00", "--detailed-exitcode"]).code).toBe(0);
    const done = dryRun([SCRIPT, "--state", "state-done.json", "--detailed-exitcode", "-f", "json"]);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ changes: false, outcome: "none", summary: "Plan: no changes, no reset" });
  });

  it("1 on an error: an unreadable file, a bad state, no device", () => {
    expect(dryRun(["nothere.htm", ...ACCEPT, "--detailed-exitcode"])).toEqual({ code: 1, stdout: "", stderr: "upscript: cannot read 'nothere.htm': no such file\n" });
    expect(dryRun([SCRIPT, "--state", "state-bad-key.json", "--detailed-exitcode"]).code).toBe(1);
    const dir = writeTree(tempDir("nodevice-x"), { "night.htm": "mod cmd UP1 poll\n" });
    expect(runCli(["dry-run", "night.htm", "--detailed-exitcode"], { cwd: dir }).code).toBe(1);
  });

  it("without it, errors are 2 and changes are 0", () => {
    expect(dryRun(["nothere.htm", ...ACCEPT])).toEqual({ code: 2, stdout: "", stderr: "upscript: cannot read 'nothere.htm': no such file\n" });
    expect(dryRun([SCRIPT, ...ACCEPT, "--at", "2026-11-20T23:30"]).code).toBe(0);
  });
});

describe("usage", () => {
  it("a bad format or no file is a usage error", () => {
    const format = dryRun([SCRIPT, "--format", "html"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("upscript: error: option '-f, --format <format>' argument 'html' is invalid. Allowed choices are text, json.");
    const none = dryRun([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("upscript: error: missing required argument 'file'");
  });

  it("a bad config is exit 2", () => {
    const dir = writeTree(tempDir("dry-badconfig"), { ".upscriptrc.json": '{ "target": { "products": ["IP9"] } }', "night.htm": "mod cmd UP1 poll\n" });
    const result = runCli(["dry-run", "night.htm"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^upscript: \.upscriptrc\.json:1:\d+: .*IP9.*\n$/);
  });

  it("a folder instead of a file is a read error", () => {
    expect(runCli(["dry-run", ".", "--device", "IP232"], { cwd: tempDir("dry-folder") })).toEqual({ code: 2, stdout: "", stderr: "upscript: cannot read '.': is a directory\n" });
  });
});
