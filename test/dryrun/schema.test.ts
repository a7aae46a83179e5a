/** The JSON outputs follow docs/dry-run.schema.json, and the file is up to date. */
import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, dryRunSchema, fleetJson, parseLocalTime, planJson, simulate, simulateFleet, timelineJson } from "@upscript/language";
import { WEB, device, env, plan, webRoot } from "./helpers.js";

const script = `mod cmd UP0 scfg http://10.0.0.5/b/#h-#bn.txt no-op WEEKLY /force 168
mod cmd UP1 times /allow 22,23 /initial 6
mod cmd UP1 check iresetn A
mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-2
mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser 1
mod cmd UP0 PROT http://10.0.0.5/fw/ ireset 13-2
config activate
`;
const validate = new Ajv({ strict: true, allErrors: true }).compile(dryRunSchema());
const check = (value: unknown) => {
  const ok = validate(JSON.parse(JSON.stringify(value)));
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
};

describe("dry-run JSON", () => {
  it("docs/dry-run.schema.json is up to date (npm run generate)", () => {
    const path = join(import.meta.dirname, "..", "..", "docs", "dry-run.schema.json");
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(dryRunSchema());
  });

  it("a poll plan follows the schema and has the documented fields", () => {
    const files = { [`${WEB}cfg/site.txt`]: "config change A B\nmod cmd UP0 cfg http://10.0.0.5/x ser 1\n" };
    const p = planJson(plan(script, device("IP232", { at: "2026-11-20T22:30", firmware: "13-1" }), env({ resolve: webRoot(files) })), "update-ip232.htm");
    check(p);
    expect(Object.keys(p)).toEqual(expect.arrayContaining(["outcome", "lines", "transfers", "variables", "request", "diagnostics"]));
    expect(p.lines[0]).toEqual({ line: 1, status: "ran", reason: expect.any(String), text: "mod cmd UP0 scfg http://10.0.0.5/b/#h-#bn.txt no-op WEEKLY /force 168" });
    expect(p.transfers[0]).toMatchObject({ line: 1, method: "PUT", purpose: "configuration backup", result: "ok" });
  });

  it("a stopped plan and a failed transfer follow the schema", () => {
    check(planJson(plan(script, device("IP232", { at: "2026-11-20T12:00" })), "x"));
    check(planJson(plan(script, device("IP232", { at: null })), "x"));
    check(planJson(plan(script, device("IP232", { at: "2026-11-20T22:30" }), env({ fail: () => 500 })), "x"));
  });

  it("a timeline follows the schema", () => {
    const dev = device("IP232", { at: "2026-11-20T12:00", firmware: "13-1" });
    const t = simulate(compile(script), dev, env({ builds: { "http://10.0.0.5/fw/ip232.bin": "13-0" } }), { days: 1 });
    check(timelineJson(t, "x", plan("", dev).device));
  });

  it("a fleet forecast follows the schema", () => {
    const fleet = [{ product: "IP232", mac: "00-90-33-00-00-01" }, { product: "IP1200", mac: "00-90-33-00-00-02", clockOffset: null }];
    check(fleetJson(simulateFleet(compile(script), fleet, { days: 1, start: parseLocalTime("2026-11-20T12:00")!, environment: () => env() }), "x"));
  });
});
