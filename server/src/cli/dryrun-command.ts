/** `upscript dry-run FILE`: what a device does with the script on its next poll. */
import { basename } from "node:path";
import { compile, planJson, renderPlanText, runPoll } from "@upscript/language";
import { overLimit, parse } from "@upscript/grammar";
import { ConfigCache } from "../node/config-files.js";
import { buildDevice, environment, type DeviceFlags } from "./device-options.js";
import { readScript } from "./io.js";
import { reportConfig } from "./lint-command.js";
import { ExitCode, type Console } from "./process.js";

export interface DryRunOptions extends DeviceFlags {
  readonly format: string;
  readonly config?: string;
  readonly detailedExitcode?: boolean;
}

export async function dryRunCommand(file: string, options: DryRunOptions, out: Console): Promise<number> {
  // With --detailed-exitcode, errors are 1 and "something would change" is 2 (as terraform plan).
  const error = options.detailedExitcode ? 1 : ExitCode.Usage;
  if (!["text", "json"].includes(options.format)) {
    out.error(`unknown format '${options.format}' (use text or json)`);
    return error;
  }
  const loaded = new ConfigCache(options.config).forScript(file);
  if (!reportConfig(loaded, out)) return error;
  const read = await readScript(file);
  if (!read.ok) {
    out.error(`cannot read '${file}': ${read.reason}`);
    return error;
  }
  const limit = overLimit(read.text);
  if (limit) {
    out.error(`cannot simulate '${file}': ${limit.message}`);
    return error;
  }
  const device = buildDevice(options, loaded, file);
  if (!device.ok) {
    out.error(device.error);
    return error;
  }
  const env = environment(options, loaded, file);
  if (!env.ok) {
    out.error(env.error);
    return error;
  }
  const plan = runPoll(compile(parse(read.text).tree), device.value, env.value);
  out.write(options.format === "json" ? `${JSON.stringify(planJson(plan, basename(file)), null, 2)}\n` : renderPlanText(plan, file, out.style));
  if (options.detailedExitcode) return plan.changes ? 2 : 0;
  return ExitCode.Clean;
}
