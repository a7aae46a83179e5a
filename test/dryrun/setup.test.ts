/** The one builder of the simulated device and its environment (server/src/language/dryrun/setup.ts). */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, configuredUpdateUrl, parseLocalTime, scriptUrl, setUpDryRun } from "@upscript/language";

const NOW = parseLocalTime("2026-11-20T12:00")!;
const config = { ...DEFAULT_CONFIG, server: { "http://10.0.0.5/": "/srv/web", "http://10.0.0.6/phones": "/srv/web/phones" }, dryRun: { device: "IP1202", firmware: "13-130000", interval: 30 } };

describe("setUpDryRun", () => {
  it("the most specific answer wins: settings in order, the state file, the file name, the config", () => {
    const built = setUpDryRun({
      settings: [{ firmware: "13-138765", variables: { "UPDATE/CHECK": "a" } }, { device: "IP232", firmware: "x", at: "2026-11-20T23:30", variables: { CHECK: "b", CFG: "c" } }],
      state: { device: "IP222", uptime: 5, clock: null, backupSlots: 3 },
      script: "/srv/web/other/update-ip112.htm",
      config,
      now: NOW,
    });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.device).toMatchObject({ firmware: "13-138765", uptimeMinutes: 5, backupSlots: 3, clock: parseLocalTime("2026-11-20T23:30") });
    expect(built.device.product.name).toBe("IP232");
    expect(built.device.variables).toMatchObject({ CHECK: "a", CFG: "c" });
    expect(built.environment).toMatchObject({ updateUrl: "http://10.0.0.5/other/update-ip112.htm", interval: 30, builds: {} });
  });

  it("the clock: the first source that says anything, noClock winning within one; else now", () => {
    const clock = (settings: object[], state = {}) => {
      const built = setUpDryRun({ settings, state, config, now: NOW });
      return built.ok ? built.device.clock : built.error;
    };
    expect(clock([])).toBe(NOW);
    expect(clock([{ at: "" }])).toBe(NOW);
    expect(clock([{ noClock: true, at: "2026-11-20T23:30" }])).toBeUndefined();
    expect(clock([{}, { at: "2026-11-20T23:30" }], { clock: null })).toBe(parseLocalTime("2026-11-20T23:30"));
    expect(clock([], { clock: null })).toBeUndefined();
    expect(clock([{ at: "2026-13-01T00:00" }])).toBe("at 2026-13-01T00:00: write the device's local time as YYYY-MM-DDTHH:MM");
  });

  it("the product from the file name only when nothing more specific names one, else dryRun.device; none is an error naming the setting", () => {
    const product = (script: string, settings: object[] = [], dryRun: (typeof DEFAULT_CONFIG)["dryRun"] = config.dryRun) => {
      const built = setUpDryRun({ settings, script, config: { ...config, dryRun }, now: NOW, names: { device: "--device" } });
      return built.ok ? built.device.product.name : built;
    };
    expect(product("/x/update-ip232.htm")).toBe("IP232");
    expect(product("/x/update-ip232.htm", [{ device: "IP222" }])).toBe("IP222");
    expect(product("/x/update-night.htm")).toBe("IP1202");
    expect(product("/x/update-night.htm", [], {})).toEqual({ ok: false, noDevice: true, error: "which device? name it with --device (e.g. IP232), or in .upscriptrc.json (dryRun.device)" });
  });

  it("checks uptime, MAC, variables and fail patterns with the caller's names", () => {
    const error = (settings: object, fail: string[] = []) => {
      const built = setUpDryRun({ settings: [settings], config, now: NOW, fail, names: { uptime: "upscript.preview.uptime", fail: "fail" } });
      return built.ok ? "ok" : built.error;
    };
    expect(error({ uptime: 1.5 })).toBe("upscript.preview.uptime 1.5: a whole number of minutes");
    expect(error({ uptime: "10" })).toBe("ok");
    expect(error({ mac: "zz" })).toBe("mac zz: a MAC address such as 00-90-33-03-0d-f0");
    expect(error({ variables: { FOO: "1" } })).toBe("variables FOO: not one of CHECK, PROT, BOOT, BMC, CFG, SCFG");
    expect(error({}, ["*=200"])).toBe("fail *=200: the status must be 400–599");
  });
});

describe("the update URL", () => {
  it("given, else the script's URL under the deepest folder that holds it, else the default with the file name", () => {
    expect(configuredUpdateUrl({ updateUrl: "http://x/u.php", script: "/srv/web/a.htm", config })).toBe("http://x/u.php");
    expect(configuredUpdateUrl({ script: "/srv/web/a b.htm", config })).toBe("http://10.0.0.5/a%20b.htm");
    expect(configuredUpdateUrl({ script: "/srv/web/phones/update-ip232.htm", config })).toBe("http://10.0.0.6/phones/update-ip232.htm");
    expect(configuredUpdateUrl({ script: "/home/me/night rollout.htm", config })).toBe("http://update-server/night%20rollout.htm");
    expect(configuredUpdateUrl({ script: "update-ip232.htm", config })).toBe("http://update-server/update-ip232.htm");
    expect(configuredUpdateUrl({ config })).toBe("http://update-server/");
  });

  it("scriptUrl: relative folders against the config's folder, . and .., Windows paths without case", () => {
    expect(scriptUrl("/etc/up/web/x/u.htm", { "http://h/": "web" }, "/etc/up")).toBe("http://h/x/u.htm");
    expect(scriptUrl("/etc/up/web/../web/u.htm", { "http://h/": "./web" }, "/etc/up")).toBe("http://h/u.htm");
    expect(scriptUrl("/etc/up/webroot/u.htm", { "http://h/": "/etc/up/web" })).toBeUndefined();
    expect(scriptUrl("/etc/up/web", { "http://h/": "/etc/up/web" })).toBeUndefined();
    expect(scriptUrl("C:\\Sites\\Web\\phones\\u.htm", { "http://h/": "c:\\sites\\web" })).toBe("http://h/phones/u.htm");
    expect(scriptUrl("u.htm", { "http://h/": "/" })).toBeUndefined();
  });
});
