/**
 * `npm run bench`: one table of speed and memory figures, each the median of several runs, each
 * comparison measured in the same run. `--write` also stores it in bench/results.md.
 * `--only SECTION,…` measures some sections; `--worker <task> <args…>` is the child-process side of the in-process figures (worker.ts).
 */
import { writeFileSync } from "node:fs";
import { arch, cpus, platform, totalmem } from "node:os";
import { cliSection } from "./cli.js";
import { fleetSection, fleetTask } from "./fleet.js";
import { keystrokeSection, lspSection } from "./lsp.js";
import { table, type Row } from "./measure.js";
import { pollSection, pollServerTask, pollTask } from "./poll.js";
import { droppedNodesTask, retentionTask, tenThousandLinesTask, throughputSection, throughputTask } from "./throughput.js";

const WORKER_TASKS: Record<string, (args: string[]) => unknown> = {
  throughput: ([kind, path]) => throughputTask(kind as "parse" | "lint", path!),
  retention: ([path]) => retentionTask(path!),
  "dropped-nodes": ([path]) => droppedNodesTask(path!),
  "ten-thousand-lines": ([path]) => tenThousandLinesTask(path!),
  fleet: ([size, days, mode]) => fleetTask(Number(size), Number(days), mode === "grouped"),
  poll: ([base, devices, polls, concurrency, runs]) => pollTask(base!, Number(devices), Number(polls), Number(concurrency), Number(runs)),
  "poll-server": () => pollServerTask(),
};

const workerAt = process.argv.indexOf("--worker");
if (workerAt >= 0) {
  const [task, ...args] = process.argv.slice(workerAt + 1);
  const run = WORKER_TASKS[task ?? ""];
  if (!run) throw new Error(`unknown bench worker task '${task}'`);
  // A task may be asynchronous (poll): its result is printed once it is there.
  process.stdout.write(JSON.stringify(await run(args)));
} else {
  // `--only throughput,lsp` measures some sections (for working on one); `--write` needs them all.
  const onlyAt = process.argv.indexOf("--only");
  const only = onlyAt >= 0 ? new Set(process.argv[onlyAt + 1]?.split(",")) : undefined;
  if (only && process.argv.includes("--write")) throw new Error("--write stores the whole table: leave out --only");
  const sections: [string, () => Row[] | Promise<Row[]>][] = [["throughput", throughputSection], ["lsp", () => lspSection()], ["keystroke", () => keystrokeSection()], ["fleet", () => fleetSection()], ["cli", cliSection], ["poll", pollSection]];
  const rows: Row[] = [];
  for (const [name, measure] of sections) if (!only || only.has(name)) rows.push(...(await measure()));
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${arch()}`;
  const header = `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, Node ${process.version}.`;
  const output = `${header}\n\n${table(rows)}\n`;
  process.stdout.write(output);
  if (process.argv.includes("--write")) {
    writeFileSync(new URL("../results.md", import.meta.url), `# upscript benchmark results\n\n${output}\nHow each figure is taken: [README.md](README.md). Regenerate with \`npm run bench -- --write\`.\n`);
  }
}
