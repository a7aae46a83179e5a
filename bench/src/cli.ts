/** CLI start-up against bare Node, and linting a web root of 1,000 scripts, as child processes. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateLines } from "./generate.js";
import { fmt, median, type Row } from "./measure.js";

// `npm run bench` runs from the repository root.
const root = process.cwd();
const cli = join(root, "dist", "upscript.cjs");

function run(args: readonly string[], cwd = root): { ms: number; status: number | null; rssKb: number } {
  const start = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...args], { cwd, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - start;
  const rssKb = Number(r.stderr.trim().split("\n").pop());
  return { ms, status: r.status, rssKb };
}

function timed(args: readonly string[], runs: number, cwd?: string) {
  run(args, cwd);
  const samples = Array.from({ length: runs }, () => run(args, cwd));
  return { ms: median(samples.map((s) => s.ms)), rssMb: Math.max(...samples.map((s) => s.rssKb)) / 1024, status: samples[0]!.status };
}

export function cliSection(): Row[] {
  // Outside the repository: its .gitignore would hide the generated web root from the search.
  const tmp = mkdtempSync(join(tmpdir(), "upscript-bench-"));
  const small = join(tmp, "update-ip232.htm");
  writeFileSync(small, "mod cmd UP1 times /allow 23,0,1 /initial 6\nmod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-138765\n");
  const node = timed(["-e", "0"], 15);
  const lintOne = timed([cli, "lint", small], 15);
  const webroot = join(tmp, "webroot");
  for (let i = 0; i < 1000; i++) {
    const dir = join(webroot, `site${Math.floor(i / 50)}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `update-ip${200 + (i % 50)}.htm`), generateLines(30, i));
  }
  const lintMany = timed([cli, "lint", "--format", "json", "webroot"], 5, tmp);
  rmSync(tmp, { recursive: true, force: true });
  return [
    {
      section: "cli",
      measure: "cold start: lint one small file",
      value: `${fmt(lintOne.ms, 0)} ms`,
      baseline: `${fmt(node.ms, 0)} ms (node -e 0)`,
      ratio: `${fmt(lintOne.ms / node.ms, 2)}×`,
      rss: `${fmt(lintOne.rssMb, 0)} MB vs ${fmt(node.rssMb, 0)} MB`,
      note: "median of 15 process runs",
    },
    {
      section: "cli",
      measure: "lint a web root of 1,000 scripts (30 lines each)",
      value: `${fmt(lintMany.ms, 0)} ms`,
      rss: `${fmt(lintMany.rssMb, 0)} MB`,
      note: `median of 5; exit ${lintMany.status}`,
    },
  ];
}
