/**
 * Every in-process figure is measured in a fresh child process, so its peak RSS (VmHWM) belongs
 * to that figure alone and no earlier heap skews its garbage collector.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Peak resident memory of this process so far, in MB (Linux; 0 elsewhere). */
export function peakRssMb(pid: number | "self" = "self"): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return Number(match?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Runs `bench.mjs --worker <task> <args…>` and returns the JSON it prints. */
export function inChild<T>(task: string, ...args: (string | number)[]): T {
  const result = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, "--worker", task, ...args.map(String)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`bench worker ${task} ${args.join(" ")} failed with exit ${result.status}`);
  return JSON.parse(result.stdout) as T;
}
