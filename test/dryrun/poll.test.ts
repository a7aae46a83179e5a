/**
 * One poll, branch by branch of semantics.md §5. Each scenario states the essential facts
 * explicitly and keeps the whole rendered plan as a golden file (test/dryrun/golden/<name>.txt).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PollPlan } from "@upscript/language";
import { expectGolden } from "../helpers/golden.js";
import { WEB, device, env, plan, planText, webRoot } from "./helpers.js";

const golden = (name: string) => join(import.meta.dirname, "golden", `${name}.txt`);
const statuses = (p: PollPlan) => p.lines.map((l) => `${l.line}:${l.status}`);

const SPEC = `mod cmd UP1 times /allow 23,0,1,2,3,4 /initial 6
mod cmd UP0 scfg http://192.168.0.10/backup/#h-#bn.txt no-op WEEKLY /force 168
mod cmd UP0 prot http://192.168.0.10/firmware/ ireset 04-5679
`;

describe("the spec's update-ip1200.htm", () => {
  it("at 23:30, up 10 hours: uploads the backup, downloads ip1200.bin, restarts when idle", () => {
    const dev = device("IP1200", { firmware: "04-5656", uptimeMinutes: 600, at: "2026-11-20T23:30" });
    const p = plan(SPEC, dev, env({ updateUrl: "http://192.168.0.10/" }));
    expect(p.transfers.map((t) => `${t.method} ${t.url} ${t.result}`)).toEqual([
      "PUT http://192.168.0.10/backup/IP1200-03-0d-f0-0.txt ok",
      "GET http://192.168.0.10/firmware/ip1200.bin ok",
    ]);
    expect(p.outcome).toBe("reset-when-idle");
    expect(p.summary).toBe("Plan: 1 download, 1 upload, reset when idle");
    expect(p.request).toEqual({ method: "GET", url: "http://192.168.0.10/update-ip1200.htm?CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=" });
    expectGolden(planText(SPEC, dev, env({ updateUrl: "http://192.168.0.10/" })), golden("spec-2330"));
  });

  it("at 14:00 it stops at times", () => {
    const p = plan(SPEC, device("IP1200", { firmware: "04-5656", at: "2026-11-20T14:00" }));
    expect(statuses(p)).toEqual(["1:stopped", "2:not-reached", "3:not-reached"]);
    expect(p.lines[0]!.reason).toBe("14:00 is outside the allowed hours (23–4)");
    expect(p.transfers).toEqual([]);
    expect(p.outcome).toBe("none");
  });

  it("5 minutes after boot it stops at times because of /initial 6", () => {
    const p = plan(SPEC, device("IP1200", { firmware: "04-5656", uptimeMinutes: 5 }));
    expect(statuses(p)).toEqual(["1:stopped", "2:not-reached", "3:not-reached"]);
    expect(p.lines[0]!.reason).toBe("booted 5 min ago: /initial 6 holds everything below back");
  });
});

describe("check", () => {
  const script = "mod cmd UP1 check ireset 2026-11-20\nmod cmd UP0 prot http://10.0.0.5/fw/ ser 13-138765\n";

  it("equal serial: the run stops at the check", () => {
    const p = plan(script, device("IP232", { variables: { CHECK: "2026-11-20" }, firmware: "13-1" }));
    expect(statuses(p)).toEqual(["1:stopped", "2:not-reached"]);
    expect(p.changes).toBe(false);
    expectGolden(planText(script, device("IP232", { variables: { CHECK: "2026-11-20" } })), golden("check-equal"));
  });

  it("different serial: the rest runs, the serial is stored at the end and its final runs", () => {
    const p = plan(script, device("IP232", { variables: { CHECK: "2026-11-01" }, firmware: "13-1" }));
    expect(statuses(p)).toEqual(["1:ran", "2:ran"]);
    expect(p.variables.after.CHECK).toBe("2026-11-20");
    expect(p.outcome).toBe("reset-when-idle");
    expect(p.outcomeLine).toBe(1);
    expectGolden(planText(script, device("IP232", { variables: { CHECK: "2026-11-01" }, firmware: "13-1" })), golden("check-different"));
  });

  it("a reset that fires ends the run and leaves CHECK unstored", () => {
    const text = "mod cmd UP1 check ser NEW\nmod cmd UP0 prot http://10.0.0.5/fw/ reset 13-2\nconfig change PHONE APP /lang de\n";
    const p = plan(text, device("IP232", { firmware: "13-1", variables: { CHECK: "OLD" } }));
    expect(statuses(p)).toEqual(["1:ran", "2:ran", "3:not-reached"]);
    expect(p.outcome).toBe("reset-now");
    expect(p.variables.after.CHECK).toBe("OLD");
    expect(p.variables.after.PROT).toBe("13-2");
    expectGolden(planText(text, device("IP232", { firmware: "13-1", variables: { CHECK: "OLD" } })), golden("reset-ends-run"));
  });

  it("a later check replaces the pending one", () => {
    const p = plan("mod cmd UP1 check ser A\nmod cmd UP1 check ireset B\n", device("IP232"));
    expect(p.variables.after.CHECK).toBe("B");
    expect(p.outcome).toBe("reset-when-idle");
  });
});

describe("times", () => {
  const script = "mod cmd UP1 times /allow 22,23,0,1 /initial 6\nconfig change PHONE APP /lang de\n";

  it("within the allowed hours", () => {
    expect(statuses(plan(script, device("IP232", { at: "2026-11-20T23:59" })))).toEqual(["1:ran", "2:ran"]);
  });

  it("outside the allowed hours", () => {
    expect(statuses(plan(script, device("IP232", { at: "2026-11-20T02:00" })))).toEqual(["1:stopped", "2:not-reached"]);
  });

  it("a fresh device with /initial skips the hour test once /initial has passed", () => {
    const p = plan(script, device("IP232", { at: "2026-11-20T14:00", fresh: true, uptimeMinutes: 7 }));
    expect(statuses(p)).toEqual(["1:ran", "2:ran"]);
    expect(p.lines[0]!.reason).toBe("factory-fresh device with /initial: the allowed hours do not apply yet");
  });

  it("a fresh device without /initial still needs the allowed hours", () => {
    expect(statuses(plan("mod cmd UP1 times /allow 22\nconfig write\n", device("IP232", { at: "2026-11-20T14:00", fresh: true })))).toEqual(["1:stopped", "2:not-reached"]);
  });

  it("no clock: /allow stops the run", () => {
    const p = plan(script, device("IP232", { at: null }));
    expect(statuses(p)).toEqual(["1:stopped", "2:not-reached"]);
    expect(p.lines[0]!.reason).toBe("the device has no time yet, and /allow stops every run without one");
    expect(p.device.clock).toBeNull();
  });

  it("only /initial: no clock needed", () => {
    expect(statuses(plan("mod cmd UP1 times /initial 6\nconfig write\n", device("IP232", { at: null })))).toEqual(["1:ran", "2:ran"]);
  });
});

describe("prot, boot, bmc", () => {
  const script = "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-2\n";

  it("equal to UPDATE/PROT: skipped", () => {
    const p = plan(script, device("IP232", { firmware: "13-1", variables: { PROT: "13-2" } }));
    expect(statuses(p)).toEqual(["1:skipped"]);
    expect(p.lines[0]!.reason).toBe("UPDATE/PROT is '13-2': already installed");
  });

  it("UPDATE/PROT empty: compared with the running firmware", () => {
    const p = plan(script, device("IP232", { firmware: "13-2" }));
    expect(p.lines[0]!.reason).toBe("UPDATE/PROT is empty and the running firmware is 13-2: nothing to do");
  });

  it("different: downloads with the product's default file name, stores the build, runs the final", () => {
    const p = plan(script, device("IP232", { firmware: "13-1" }));
    expect(p.transfers).toEqual([{ line: 1, method: "GET", url: "http://10.0.0.5/fw/ip232.bin", purpose: "firmware", result: "ok", build: "13-2" }]);
    expect(p.variables.after.PROT).toBe("13-2");
    expect(p.after.pending.firmware).toBe("13-2");
    expect(p.after.resetRequired).toBe(true);
  });

  it("a failed download leaves the variable alone, skips the final and goes on", () => {
    const text = `${script}config change PHONE APP /lang de\n`;
    const p = plan(text, device("IP232", { firmware: "13-1" }), env({ fail: (url) => (url.endsWith(".bin") ? 503 : undefined) }));
    expect(p.transfers[0]!.result).toBe("failed(503)");
    expect(p.variables.after.PROT).toBe("");
    expect(p.outcome).toBe("none");
    expect(statuses(p)).toEqual(["1:ran", "2:ran"]);
    expectGolden(planText(text, device("IP232", { firmware: "13-1" }), env({ fail: (url) => (url.endsWith(".bin") ? 503 : undefined) })), golden("prot-failed"));
  });

  it("a file missing under the web root fails with 404", () => {
    const p = plan(script, device("IP232", { firmware: "13-1" }), env({ resolve: webRoot({}) }));
    expect(p.transfers[0]!.result).toBe("failed(404)");
  });

  it("boot and bmc use their own variables and running builds", () => {
    const p = plan("mod cmd UP0 boot http://10.0.0.5/fw/ ireboot 205\nmod cmd UP0 bmc http://10.0.0.5/fw/bmc.bin ser PCS04fd\n", device("IP1200", { boot: "201", bmc: "PCS04fd" }));
    expect(p.transfers.map((t) => t.url)).toEqual(["http://10.0.0.5/fw/boot1200.bin"]);
    expect(p.variables.after.BOOT).toBe("205");
    expect(p.outcome).toBe("reset-when-idle");
    expect(statuses(p)).toEqual(["1:ran", "2:not-reached"]);
  });
});

describe("cfg", () => {
  const files = {
    [`${WEB}cfg/site.txt`]: "# site settings\nconfig change NTP0 /addr 10.0.0.1\nmod cmd UP0 cfg http://10.0.0.5/cfg/other.txt ser 1\nconfig change DNS0 /addr 10.0.0.1\n",
  };
  const script = "mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt iresetn CFG-7\n";

  it("loads the file's lines, appends config write, reports a nested cfg, and iresetn fires because a restart is required", () => {
    const p = plan(script, device("IP232"), env({ resolve: webRoot(files) }));
    expect(p.configApplied.map((c) => c.text)).toEqual(["config change NTP0 /addr 10.0.0.1", "config change DNS0 /addr 10.0.0.1", "config write"]);
    expect(p.diagnostics.map((d) => d.rule)).toEqual(["nested-cfg"]);
    expect(p.variables.after.CFG).toBe("CFG-7");
    expect(p.outcome).toBe("reset-when-idle");
    expectGolden(planText(script, device("IP232"), env({ resolve: webRoot(files) })), golden("cfg-nested"));
  });

  it("equal serial: skipped", () => {
    expect(statuses(plan(script, device("IP232", { variables: { CFG: "CFG-7" } })))).toEqual(["1:skipped"]);
  });

  it("without a serial it loads on every poll", () => {
    const p = plan("mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser\n", device("IP232", { variables: { CFG: "x" } }));
    expect(p.transfers).toHaveLength(1);
    expect(p.lines[0]!.reason).toMatch(/^no serial, so it loads on every poll/);
  });
});

describe("scfg", () => {
  const forced = "mod cmd UP0 scfg http://10.0.0.5/b/#h-#bn.txt no-op WEEKLY /force 168\n";
  const at = "2026-11-20T23:30";
  const now = Date.UTC(2026, 10, 20, 23, 30) / 60_000;

  it("equal serial without /force: skipped", () => {
    expect(statuses(plan("mod cmd UP0 scfg http://10.0.0.5/b/x.txt no-op W\n", device("IP232", { variables: { SCFG: "W" } })))).toEqual(["1:skipped"]);
  });

  it("equal serial with /force not yet due: skipped, with the hours", () => {
    const p = plan(forced, device("IP232", { at, variables: { SCFG: "WEEKLY" }, scfgWrittenAt: now - 20 * 60 }));
    expect(p.lines[0]!.reason).toBe("uploaded 20 h ago; /force 168 uploads again after 168 h");
  });

  it("equal serial with /force due: uploads, and #bn takes the index, which wraps after the last slot", () => {
    const p = plan(forced, device("IP232", { at, variables: { SCFG: "WEEKLY" }, scfgWrittenAt: now - 170 * 60, backupIndex: 4, backupSlots: 5 }));
    expect(p.transfers.map((t) => `${t.method} ${t.url}`)).toEqual(["PUT http://10.0.0.5/b/IP232-03-0d-f0-4.txt"]);
    expect(p.after.backupIndex).toBe(0);
    expect(p.after.scfgWrittenAt).toBe(now);
    expectGolden(planText(forced, device("IP232", { at, variables: { SCFG: "WEEKLY" }, scfgWrittenAt: now - 170 * 60, backupIndex: 4 })), golden("scfg-force-due"));
  });

  it("without a serial it uploads on every poll, and meta sequences are expanded", () => {
    const p = plan("mod cmd UP0 scfg http://10.0.0.5/b/#m_#i_#t_#F_#d.txt\n", device("IP232", { firmware: "13-1" }));
    expect(p.transfers[0]!.url).toBe("http://10.0.0.5/b/00-90-33-03-0d-f0_10.0.1.23_ip232_13-1_20261120-233000.txt");
  });
});

describe("final commands and other lines", () => {
  it("iresetn does nothing when no restart is required", () => {
    const p = plan("config change PHONE APP /lang de\niresetn\n", device("IP232"));
    expect(p.outcome).toBe("none");
    expect(p.lines[1]!.reason).toBe("'iresetn' does nothing (no restart is required)");
  });

  it("reset restarts at once", () => {
    const p = plan("reset\nconfig write\n", device("IP232"));
    expect(p.outcome).toBe("reset-now");
    expect(statuses(p)).toEqual(["1:ran", "2:not-reached"]);
  });

  it("lines the device does not understand are skipped with the reason", () => {
    const p = plan("mod cmd UP0 PROT http://10.0.0.5/fw/ ireset 1\nmod cmd UP1 time /allow 1\n", device("IP232"));
    expect(p.lines.map((l) => l.reason)).toEqual([
      "the device does not understand 'PROT' (it expects 'prot')",
      "'time' is not a UP1 command; the device ignores the line",
    ]);
    expect(p.transfers).toEqual([]);
  });

  it("reinit clears the serials; poll asks for another poll", () => {
    const p = plan("mod cmd UP1 reinit\nmod cmd UP1 poll\n", device("IP232", { variables: { CHECK: "A", PROT: "B" } }));
    expect(p.variables.after).toEqual({ CHECK: "", PROT: "", BOOT: "", BMC: "", CFG: "", SCFG: "" });
    expect(p.effects.map((e) => e.kind)).toEqual(["reinit", "poll"]);
  });

  it("the poll request carries the stored serials and expands the update URL", () => {
    const p = plan("", device("IP232", { variables: { CHECK: "2026 11", PROT: "13-1" } }), env({ updateUrl: "http://10.0.0.5/update.php?mac=#m" }));
    expect(p.request.url).toBe("http://10.0.0.5/update.php?mac=00-90-33-03-0d-f0&CHECK=2026%2011&PROT=13-1&BOOT=&BMC=&CFG=&SCFG=");
  });
});
