/** `upscript dry-run FILE`: what a device does with the script on its next poll. */
import { basename } from "node:path";
import { compile, planJson, renderPlanText, runPoll } from "@upscript/language";
import { overLimit, parse } from "@upscript/grammar";
import { ConfigCache } from "../node/config-files.js";
import { setUp, type DeviceFlags } from "./device-options.js";
import { parseGates, passGates, pollGateReasons, reportUnmatchedFailures } from "./gates.js";
import { readScript } from "./io.js";
import { reportConfig } from "./lint-command.js";
import { ExitCode, type Console } from "./process.js";

export interface DryRunOptions extends DeviceFlags {
  readonly format: string;
  readonly config?: string;
  readonly detailedExitcode?: boolean;
  readonly failOn?: string;
}

/**
 * Exit codes: 0 clean, 1 a --fail-on check failed, 2 usage or file error. With
 * --detailed-exitcode (as terraform plan): 0 nothing would change, 2 something would, 1 a failed
 * check or an error; a failed check wins over "something would change".
 */
export async function dryRunCommand(file: string, options: DryRunOptions, out: Console): Promise<number> {
  const error = options.detailedExitcode ? 1 : ExitCode.Usage;
  if (!["text", "json"].includes(options.format)) {
    out.error(`unknown format '${options.format}' (use text or json)`);
    return error;
  }
  const gates = parseGates(options.failOn, "poll");
  if (!gates.ok) {
    out.error(gates.error);
    return error;
  }
  const loaded = new ConfigCache(options.config).forScript(file);
  if (!reportConfig(loaded, out)) return error;
  const read = readScript(file);
  if (!read.ok) {
    out.error(`cannot read '${file}': ${read.reason}`);
    return error;
  }
  const limit = overLimit(read.text);
  if (limit) {
    out.error(`cannot simulate '${file}': ${limit.message}`);
    return error;
  }
  const built = setUp(options, loaded, file);
  if (!built.ok) {
    out.error(built.error);
    return error;
  }
  if (built.warning) out.error(`warning: ${built.warning}`);
  const program = compile(parse(read.text).tree);
  const plan = runPoll(program, built.device, built.environment);
  out.write(options.format === "json" ? `${JSON.stringify(planJson(plan, basename(file)), null, 2)}\n` : renderPlanText(plan, file, out.style));
  reportUnmatchedFailures(built.environment, out);
  if (!passGates(pollGateReasons(gates.value, program, plan), out)) return ExitCode.Problems;
  if (options.detailedExitcode) return plan.changes ? 2 : 0;
  return ExitCode.Clean;
}
