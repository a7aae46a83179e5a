/**
 * `simulate` and `dry-run` as CI gates (docs/dry-run.md, "Checks for CI"): `--fail-on` with its
 * default `loop,stuck`, exit 1 with the reasons on stderr, usage errors for unknown or inapplicable
 * items, how it combines with `--detailed-exitcode`; and `--fail PATTERN` matching a URL that
 * contains it, with a word on stderr for a pattern that matched no transfer.
 */
import { describe, expect, it } from "vitest";
import { parse } from "@upscript/grammar";
import { DEFAULT_CONFIG, documentContext } from "@upscript/language";
import { dryRunRequest } from "../../server/src/lsp/preview.js";
import type { Analysis, Workspace } from "../../server/src/lsp/workspace.js";
import { runCli } from "../helpers/cli.js";
import { tempDir, writeTree } from "./tmp.js";

const FW = "http://10.0.0.5/fw/ip232.bin";
const AT = ["--at", "2026-11-20T12:00"];
const KNOWN = "(known: loop, stuck, blocked, failed, peak-downloads=N, none)";

const fleetCsv = (n: number) => `product,mac,firmware\n${Array.from({ length: n }, (_, i) => `IP232,00-90-33-00-02-${i.toString(16).padStart(2, "0")},13-130000`).join("\n")}\n`;

/** One folder per kind of script, each with its own config. */
const dirs = {
  resetLoop: writeTree(tempDir("gate-reset"), { "update-ip232.htm": "mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ireset\n" }),
  downloadLoop: writeTree(tempDir("gate-download"), {
    // The file really holds another build than the script declares: downloaded again after every restart.
    ".upscriptrc.json": JSON.stringify({ dryRun: { builds: { [FW]: "13-100000" } } }),
    "update-ip232.htm": "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765\n",
  }),
  checked: writeTree(tempDir("gate-checked"), {
    "update-ip232.htm": "mod cmd UP1 check iresetn 2026-11-20a\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765\n",
    "devices.csv": fleetCsv(12),
  }),
  noCheck: writeTree(tempDir("gate-nocheck"), { "update-ip232.htm": "mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765\n", "devices.csv": fleetCsv(12) }),
  blocked: writeTree(tempDir("gate-blocked"), { "update-ip232.htm": "mod cmd UP1 times /allow 3\nmod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765\n" }),
};
type Dir = keyof typeof dirs;

const run = (dir: Dir, args: string[]) => runCli([...args.slice(0, 1), "update-ip232.htm", ...args.slice(1)], { cwd: dirs[dir] });
const failed = (...reasons: string[]) => `upscript: rollout check failed: ${reasons.join(", ")}\n`;

const STUCK_DEVICE = failed(`stuck from 2026-11-20 12:00 (line 2, GET ${FW} failed(404); every later poll stops at line 1)`);
const STUCK_POLL = failed(`stuck (line 2, GET ${FW} failed(404), and this poll stores check serial '2026-11-20a': every later poll stops at line 1)`);

describe("--fail-on", () => {
  it.each<[string, Dir, string[], number, string]>([
    // A reset loop: the default gate stops it; without the gate (or without loop) it passes.
    ["reset loop, default", "resetLoop", ["simulate", "--days", "1", ...AT], 1, failed("looping (the device restarts on every poll (line 1): 3 polls in a row ended in a restart)")],
    ["reset loop, --fail-on loop", "resetLoop", ["simulate", "--days", "1", ...AT, "--fail-on", "loop"], 1, failed("looping (the device restarts on every poll (line 1): 3 polls in a row ended in a restart)")],
    ["reset loop, --fail-on stuck", "resetLoop", ["simulate", "--days", "1", ...AT, "--fail-on", "stuck"], 0, ""],
    ["reset loop, --fail-on none", "resetLoop", ["simulate", "--days", "1", ...AT, "--fail-on", "none"], 0, ""],
    [
      "download loop, default",
      "downloadLoop",
      ["simulate", "--days", "1", ...AT, "--firmware", "13-130000"],
      1,
      failed(`looping (line 1 downloads ${FW} again after every restart: the file holds build 13-100000, not 13-138765 as the script declares)`),
    ],
    ["download loop, --fail-on blocked,failed", "downloadLoop", ["simulate", "--days", "1", ...AT, "--firmware", "13-130000", "--fail-on", "blocked,failed"], 0, ""],
    // A stuck device: the download fails, the check serial is stored anyway.
    ["stuck, default", "checked", ["simulate", "--days", "1", ...AT, "--fail", "*/ip232.bin"], 1, STUCK_DEVICE],
    ["stuck, --fail-on loop", "checked", ["simulate", "--days", "1", ...AT, "--fail", "*/ip232.bin", "--fail-on", "loop"], 0, ""],
    [
      "stuck, --fail-on stuck,failed",
      "checked",
      ["simulate", "--days", "1", ...AT, "--fail", "*/ip232.bin", "--fail-on", "stuck,failed"],
      1,
      failed(`stuck from 2026-11-20 12:00 (line 2, GET ${FW} failed(404); every later poll stops at line 1)`, `1 failed transfer, the first at 2026-11-20 12:00 (line 2, GET ${FW} failed(404))`),
    ],
    ["stuck, one poll, default", "checked", ["dry-run", ...AT, "--fail", "*/ip232.bin"], 1, STUCK_POLL],
    ["stuck, one poll, --fail-on none", "checked", ["dry-run", ...AT, "--fail", "*/ip232.bin", "--fail-on", "none"], 0, ""],
    ["stuck, one poll, --detailed-exitcode: a failed check wins over 2", "checked", ["dry-run", ...AT, "--fail", "*/ip232.bin", "--detailed-exitcode"], 1, STUCK_POLL],
    ["stuck, one poll, --detailed-exitcode without the check: 2", "checked", ["dry-run", ...AT, "--fail", "*/ip232.bin", "--detailed-exitcode", "--fail-on", "none"], 2, ""],
    // Without a check line the device retries on every poll: not stuck, but failed.
    ["no check, default", "noCheck", ["simulate", "--days", "1", ...AT, "--fail", "*/ip232.bin"], 0, ""],
    ["no check, --fail-on failed", "noCheck", ["simulate", "--days", "1", ...AT, "--fail", "*/ip232.bin", "--fail-on", "failed"], 1, failed(`96 failed transfers, the first at 2026-11-20 12:00 (line 1, GET ${FW} failed(404))`)],
    ["no check, one poll, --fail-on failed", "noCheck", ["dry-run", ...AT, "--fail", "*/ip232.bin", "--fail-on", "failed"], 1, failed(`1 failed transfer (line 1, GET ${FW} failed(404))`)],
    // Blocked: /allow 3 never comes without a clock.
    ["blocked, default", "blocked", ["simulate", "--days", "1", "--no-clock"], 0, ""],
    ["blocked, --fail-on blocked", "blocked", ["simulate", "--days", "1", "--no-clock", "--fail-on", "blocked"], 1, failed("blocked (no poll gets past the times line)")],
    ["blocked, one poll, --fail-on blocked", "blocked", ["dry-run", "--no-clock", "--fail-on", "blocked"], 1, failed("blocked (line 1: the device has no time yet, and /allow stops every run without one)")],
    ["blocked, one poll in the hour, --fail-on blocked", "blocked", ["dry-run", "--at", "2026-11-20T03:10", "--fail-on", "blocked"], 0, ""],
    // Fleets: counts per check, plus the peak of concurrent downloads.
    ["fleet, peak over N", "noCheck", ["simulate", "--days", "1", ...AT, "--fleet", "devices.csv", "--download-minutes", "15", "--fail-on", "loop,stuck,peak-downloads=5"], 1, failed("peak of 12 downloads at once at 2026-11-20 12:13, more than 5 (each taking 15 min)")],
    ["fleet, peak within N", "noCheck", ["simulate", "--days", "1", ...AT, "--fleet", "devices.csv", "--download-minutes", "15", "--fail-on", "peak-downloads=12"], 0, ""],
    ["fleet, peak not checked by default", "noCheck", ["simulate", "--days", "1", ...AT, "--fleet", "devices.csv", "--download-minutes", "15"], 0, ""],
    ["fleet, stuck devices", "checked", ["simulate", "--days", "1", ...AT, "--fleet", "devices.csv", "--fail", "ip232.bin"], 1, failed(`12 devices stuck (line 2, GET ${FW} failed(404))`)],
    [
      "fleet, failed transfers",
      "noCheck",
      ["simulate", "--days", "1", ...AT, "--fleet", "devices.csv", "--fail", "ip232.bin", "--fail-on", "stuck,failed"],
      1,
      failed(`12 devices with failed transfers (line 1, GET ${FW} failed(404))`),
    ],
  ])("%s", (_name, dir, args, code, stderr) => {
    const result = run(dir, args);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code, stderr });
    // The report is printed whether the check passes or not.
    expect(result.stdout).toMatch(args[0] === "dry-run" ? /\nPlan: / : /^(Timeline|Rollout forecast) of|^Rollout forecast for/);
  });

  it("--fail-on and --out: the report is written, then the check fails", () => {
    const out = `${tempDir("gate-out")}/timeline.html`;
    const result = run("checked", ["simulate", "--days", "1", ...AT, "--fail", "*/ip232.bin", "-f", "html", "--out", out]);
    expect(result).toEqual({ code: 1, stdout: "", stderr: `upscript: wrote ${out}\n${STUCK_DEVICE}` });
  });

  it.each<[string, string[], number, string]>([
    ["an unknown item", ["simulate", "--fail-on", "loop,bogus"], 2, `--fail-on: unknown item 'bogus' ${KNOWN}`],
    ["an unknown item for dry-run", ["dry-run", "--fail-on", "stuk"], 2, `--fail-on: unknown item 'stuk' ${KNOWN}`],
    ["an empty item", ["simulate", "--fail-on", "loop,"], 2, `--fail-on loop,: an empty item ${KNOWN}`],
    ["an empty list", ["simulate", "--fail-on", ""], 2, `--fail-on needs a list such as loop,stuck, or none ${KNOWN}`],
    ["none with others", ["simulate", "--fail-on", "none,loop"], 2, "--fail-on none,loop: 'none' turns every check off and goes alone"],
    ["peak-downloads without N", ["simulate", "--fleet", "devices.csv", "--fail-on", "peak-downloads"], 2, "--fail-on peak-downloads: write peak-downloads=N with N a whole number, e.g. peak-downloads=50"],
    ["peak-downloads=x", ["simulate", "--fleet", "devices.csv", "--fail-on", "peak-downloads=x"], 2, "--fail-on peak-downloads=x: write peak-downloads=N with N a whole number, e.g. peak-downloads=50"],
    ["peak-downloads without a fleet", ["simulate", "--fail-on", "peak-downloads=5"], 2, "--fail-on peak-downloads=5: the peak of concurrent downloads needs a fleet (simulate --fleet devices.csv)"],
    ["peak-downloads for one poll", ["dry-run", "--fail-on", "peak-downloads=5"], 2, "--fail-on peak-downloads=5: the peak of concurrent downloads needs a fleet (simulate --fleet devices.csv)"],
    ["loop for one poll", ["dry-run", "--fail-on", "stuck,loop"], 2, "--fail-on loop: one poll cannot loop; use it with simulate"],
    ["a bad item with --detailed-exitcode is an error: 1", ["dry-run", "--fail-on", "bogus", "--detailed-exitcode"], 1, `--fail-on: unknown item 'bogus' ${KNOWN}`],
  ])("usage: %s", (_name, args, code, message) => {
    expect(run("checked", args)).toEqual({ code, stdout: "", stderr: `upscript: ${message}\n` });
  });
});

describe("--fail PATTERN", () => {
  const json = (dir: Dir, args: string[]) => {
    const result = run(dir, ["dry-run", ...AT, "-f", "json", "--fail-on", "none", ...args]);
    return { code: result.code, stderr: result.stderr, results: (JSON.parse(result.stdout) as { transfers: { url: string; result: string }[] }).transfers.map((t) => t.result) };
  };

  it("a pattern without * matches every URL that contains it", () => {
    expect(json("noCheck", ["--fail", "10.0.0.5/fw"])).toEqual({ code: 0, stderr: "", results: ["failed(404)"] });
    expect(json("noCheck", ["--fail", "ip232.bin=503"])).toEqual({ code: 0, stderr: "", results: ["failed(503)"] });
    expect(json("noCheck", ["--fail", FW])).toEqual({ code: 0, stderr: "", results: ["failed(404)"] });
  });

  it("a pattern with * still describes the whole URL", () => {
    expect(json("noCheck", ["--fail", "*/ip232.bin"])).toMatchObject({ results: ["failed(404)"] });
    expect(json("noCheck", ["--fail", "*/fw"])).toEqual({ code: 0, stderr: "upscript: --fail '*/fw' matched no transfer\n", results: ["ok"] });
  });

  it("a pattern that matched no transfer is reported on stderr, as given", () => {
    expect(json("noCheck", ["--fail", "10.0.0.1/fw"])).toEqual({ code: 0, stderr: "upscript: --fail '10.0.0.1/fw' matched no transfer\n", results: ["ok"] });
    expect(json("noCheck", ["--fail", "ip232.bin", "--fail", "10.0.0.1/fw=503", "--fail", "fw/"])).toEqual({
      code: 0,
      stderr: "upscript: --fail '10.0.0.1/fw=503' matched no transfer\n",
      results: ["failed(404)"],
    });
    const text = run("noCheck", ["dry-run", ...AT, "--fail", "10.0.0.1/fw"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`  ↓ GET ${FW}  firmware 13-138765  ok\n`);
    expect(text.stderr).toBe("upscript: --fail '10.0.0.1/fw' matched no transfer\n");
  });

  it("simulate reports it too, once, for a device and for a fleet", () => {
    const one = run("noCheck", ["simulate", "--days", "1", ...AT, "--fail", "10.0.0.1/fw"]);
    expect({ code: one.code, stderr: one.stderr }).toEqual({ code: 0, stderr: "upscript: --fail '10.0.0.1/fw' matched no transfer\n" });
    const fleet = run("checked", ["simulate", "--days", "1", ...AT, "--fleet", "devices.csv", "--fail", "10.0.0.1/fw", "--fail", "ip232.bin"]);
    expect({ code: fleet.code, stderr: fleet.stderr }).toEqual({ code: 1, stderr: `upscript: --fail '10.0.0.1/fw' matched no transfer\n${failed(`12 devices stuck (line 2, GET ${FW} failed(404))`)}` });
  });
});

describe("the preview's dry-run request", () => {
  /** A workspace with one open document and nothing on disk. */
  function workspace(text: string): Workspace {
    const parsed = parse(text);
    const analysis = { version: 1, generation: 1, parsed, loaded: { config: DEFAULT_CONFIG, path: undefined, directory: "/w", problems: [] }, resolve: () => ({ kind: "unmapped" }), context: documentContext(text, { parsed }), limited: false };
    return { analysis: () => analysis as unknown as Analysis } as unknown as Workspace;
  }
  const request = (fail: string[]) =>
    dryRunRequest(workspace("mod cmd UP0 prot http://10.0.0.5/fw/ ireset 13-138765\n"), { uri: "file:///w/update-ip232.htm", device: { device: "IP232", at: "2026-11-20T23:30" }, fail });

  it("matches fail patterns as --fail does and names those that matched no transfer", () => {
    const result = request(["ip232.bin", "10.0.0.1/fw", "*/fw"]);
    expect((result.json as { transfers: { result: string }[] }).transfers.map((t) => t.result)).toEqual(["failed(404)"]);
    expect(result.unmatchedFail).toEqual(["10.0.0.1/fw", "*/fw"]);
    expect(request([]).unmatchedFail).toEqual([]);
  });
});
