/**
 * The example lines of what a generating update server emits, through the dry-run: /always runs
 * on every poll and uploads its command's output, the UP1 settings change the next poll's URL
 * and interval once activated, an unknown scfg switch makes the device reject the line (as lint
 * says), and a failed download with a check is stuck (docs/model.md, docs/dry-run.md).
 */
import { describe, expect, it } from "vitest";
import { lint } from "@upscript/language";
import { device, env, plan } from "./helpers.js";

const ALWAYS = [
  "mod cmd UP0 scfg http://10.0.0.5/update.php?mode=query&sn=#m&id=admin ser nop /always mod%20cmd%20CMD0%20xml-info",
  "mod cmd UP0 scfg http://10.0.0.5/update.php?mode=vardump&sn=#m&var=X509/REQUEST&file=certs%2F00-90-33-3e-00-01-request.p10.der ser nop /always vars%20read%20X509%2FREQUEST",
].join("\n");

const SETTINGS = [
  "mod cmd UP1 provision 5",
  "config add UP1 /poll 1",
  "config add UP1 /url http%3A%2F%2F10.0.0.5%2Fupdate.php%3Fphase%3D_first_update%26type%3D%23t%26sn%3D%23m%26hwid%3D%23h%26ip%3D%23i",
  "config add UP1 /no-dhcp",
  "config rem UP1 /provision",
  "config write",
  "config activate",
].join("\n");

const dev = device("IP232", { mac: "00-90-33-3e-00-01" });

describe("scfg … /always COMMAND", () => {
  it("both lines upload their command's output on every poll; UPDATE/SCFG is neither compared nor written", () => {
    const first = plan(ALWAYS, dev);
    expect(first.transfers.map((t) => [t.method, t.purpose, t.url])).toEqual([
      ["PUT", "command output", "http://10.0.0.5/update.php?mode=query&sn=00-90-33-3e-00-01&id=admin"],
      ["PUT", "command output", "http://10.0.0.5/update.php?mode=vardump&sn=00-90-33-3e-00-01&var=X509/REQUEST&file=certs%2F00-90-33-3e-00-01-request.p10.der"],
    ]);
    expect(first.lines.map((l) => l.reason)).toEqual([
      expect.stringContaining("uploads the output of `mod cmd CMD0 xml-info`"),
      expect.stringContaining("uploads the output of `vars read X509/REQUEST`"),
    ]);
    expect(first.variables.after.SCFG).toBe("");
    const second = plan(ALWAYS, first.after);
    expect(second.transfers).toHaveLength(2);
  });

  it("an unknown scfg switch: lint says the device rejects the line, and the dry-run skips it", () => {
    const line = "mod cmd UP0 scfg http://10.0.0.5/backup/#h-#bn.txt no-op WEEKLY /forse 168";
    expect(lint(line).find((d) => d.rule === "scfg-always")).toMatchObject({ severity: "error" });
    const p = plan(line, dev);
    expect(p.transfers).toEqual([]);
    expect(p.lines[0]).toMatchObject({ status: "skipped", reason: "unknown switch '/forse'; the device rejects the line" });
  });
});

describe("config add|rem UP1 …", () => {
  it("activated: the next poll goes to the decoded URL with the device's values, every minute", () => {
    const p = plan(SETTINGS, dev);
    expect(p.next).toMatchObject({
      url: `http://10.0.0.5/update.php?phase=_first_update&type=ip232&sn=${dev.mac}&hwid=IP232-3e-00-01&ip=10.0.1.23&CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=`,
      intervalMinutes: 1,
      changed: true,
    });
    expect(p.after.settings).toEqual({ "/poll": 1, "/url": "http://10.0.0.5/update.php?phase=_first_update&type=#t&sn=#m&hwid=#h&ip=#i", "/no-dhcp": true });
  });

  it("saved but not activated: pending until a restart", () => {
    const p = plan(SETTINGS.replace("\nconfig activate", ""), dev);
    expect(p.next.changed).toBe(false);
    expect(p.next.pendingUntilRestart).toMatchObject({ intervalMinutes: 1 });
    expect(p.diagnostics.map((d) => d.message)).toContain(
      `UP1 settings are saved but not activated: they apply after the next restart (GET http://10.0.0.5/update.php?phase=_first_update&type=ip232&sn=${dev.mac}&hwid=IP232-3e-00-01&ip=10.0.1.23&CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=, every 1 min)`,
    );
  });

  it("neither saved nor activated: no effect, and the plan says so", () => {
    const p = plan("config add UP1 /poll 1\n", dev);
    expect(p.next).toMatchObject({ intervalMinutes: 15, changed: false, pendingUntilRestart: undefined });
    expect(p.diagnostics.map((d) => d.message)).toEqual([
      "the UP1 settings changed here are neither saved (config write) nor activated (config activate): they have no effect, and a restart forgets them",
    ]);
  });

  it("activated without a write: in force now, lost at the next restart", () => {
    const p = plan("config add UP1 /poll 1\nconfig activate\n", dev);
    expect(p.next).toMatchObject({ intervalMinutes: 1, changed: true, pendingUntilRestart: { intervalMinutes: 15 } });
    expect(p.diagnostics.map((d) => d.message)).toEqual(["the UP1 settings in force are not saved (no config write): the next restart brings back the ones on flash"]);
  });

  it("a /poll that is no positive number: rejected by the device, as lint says", () => {
    const p = plan("config add UP1 /poll 0\nconfig activate\n", dev);
    expect(p.lines[0]).toMatchObject({ status: "skipped", reason: "/poll needs a positive number of minutes; the device rejects the line" });
    expect(p.next.intervalMinutes).toBe(15);
    expect(lint("config add UP1 /poll 0\n").some((d) => d.rule === "poll-interval" && d.severity === "error")).toBe(true);
  });
});

describe("a failed transfer with a check", () => {
  it("is stuck, in the line, the summary and the plan", () => {
    const script = "mod cmd UP1 check iresetn 2026-11-20a\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765\n";
    const p = plan(script, device("IP232", { firmware: "13-130000" }), env({ fail: () => 404 }));
    expect(p.summary).toContain("STUCK: firmware 13-138765 not downloaded, CHECK 2026-11-20a stored: not retried until the serial changes");
    expect(p.lines[1]!.reason).not.toContain("tries again");
  });
});
