/** `upscript simulate FILE --days N [--fleet devices.csv|.json]`: a timeline or a rollout forecast. */
import { basename, extname } from "node:path";
import { overLimit, parse } from "@upscript/grammar";
import {
  compile,
  fleetJson,
  parseFleet,
  renderFleetHtml,
  renderFleetText,
  renderTimelineHtml,
  renderTimelineText,
  runPoll,
  simulate,
  simulateFleet,
  timelineJson,
  type PollEnvironment,
} from "@upscript/language";
import { nowLocal } from "../node/clock.js";
import { ConfigCache } from "../node/config-files.js";
import { MAX_FLEET_BYTES, readTextFile } from "../node/bounded-read.js";
import { setUp, type DeviceFlags } from "./device-options.js";
import { fleetGateReasons, parseGates, passGates, reportUnmatchedFailures, timelineGateReasons } from "./gates.js";
import { readScript, writeNewAtomic } from "./io.js";
import { reportConfig } from "./lint-command.js";
import { ExitCode, type Console } from "./process.js";

export interface SimulateOptions extends DeviceFlags {
  readonly days: string;
  readonly fleet?: string;
  readonly format: string;
  readonly out?: string;
  readonly config?: string;
  readonly downloadMinutes: string;
  readonly interval?: string;
  readonly failOn?: string;
}

/** Longer simulations say nothing new and only cost time. */
export const MAX_DAYS = 366;

/** Exit codes: 0 clean, 1 a --fail-on check failed (the report is still written), 2 usage or file error. */
export async function simulateCommand(file: string, options: SimulateOptions, out: Console): Promise<ExitCode> {
  const fail = (message: string) => {
    out.error(message);
    return ExitCode.Usage;
  };
  if (!["text", "json", "html"].includes(options.format)) return fail(`unknown format '${options.format}' (use text, json or html)`);
  const days = Number(options.days);
  if (!(days > 0 && days <= MAX_DAYS)) return fail(`--days ${options.days}: a number of days from 1 to ${MAX_DAYS}`);
  const downloadMinutes = Number(options.downloadMinutes);
  if (!(Number.isInteger(downloadMinutes) && downloadMinutes >= 1)) return fail(`--download-minutes ${options.downloadMinutes}: a whole number of minutes`);
  const gates = parseGates(options.failOn, options.fleet ? "fleet" : "device");
  if (!gates.ok) return fail(gates.error);
  const loaded = new ConfigCache(options.config).forScript(file);
  if (!reportConfig(loaded, out)) return ExitCode.Usage;
  const interval = Number(options.interval ?? loaded.config.dryRun.interval ?? 15);
  if (!(Number.isInteger(interval) && interval >= 1)) return fail(`--interval ${options.interval}: a whole number of minutes`);
  const read = readScript(file);
  if (!read.ok) return fail(`cannot read '${file}': ${read.reason}`);
  const limit = overLimit(read.text);
  if (limit) return fail(`cannot simulate '${file}': ${limit.message}`);
  const program = compile(parse(read.text).tree);
  const script = basename(file);

  let rendered: string;
  let reasons: string[];
  let env: PollEnvironment;
  if (options.fleet) {
    const read = readTextFile(options.fleet, MAX_FLEET_BYTES, "max-fleet-size");
    if (!read.ok) return fail(`cannot read '${options.fleet}': ${read.reason}`);
    const text = read.text;
    const parsed = parseFleet(text, extname(options.fleet).toLowerCase() === ".json" ? "json" : "csv");
    for (const p of parsed.problems) out.error(`${options.fleet}:${p.line}: ${p.message}`);
    if (parsed.devices.length === 0) return fail(`'${options.fleet}' lists no usable device`);
    const start = setUp({ ...options, device: options.device ?? parsed.devices[0]!.product }, loaded, file);
    if (!start.ok) return fail(start.error);
    env = start.environment;
    const forecast = simulateFleet(program, parsed.devices, {
      days,
      // A forecast runs from the start device's time, else from now (as the editor's): --no-clock describes one device, a fleet's clocks are their clockOffset.
      start: start.device.clock ?? nowLocal(),
      interval,
      downloadMinutes,
      ...(loaded.config.dryRun.backupSlots !== undefined && { backupSlots: loaded.config.dryRun.backupSlots }),
      environment: () => start.environment,
    });
    reasons = fleetGateReasons(gates.value, forecast);
    rendered =
      options.format === "json"
        ? `${JSON.stringify(fleetJson(forecast, script), null, 2)}\n`
        : options.format === "html"
          ? renderFleetHtml(forecast, script)
          : renderFleetText(forecast, script, out.style);
  } else {
    const built = setUp(options, loaded, file);
    if (!built.ok) return fail(built.error);
    if (built.warning) out.error(`warning: ${built.warning}`);
    env = built.environment;
    const device = built.device;
    const timeline = simulate(program, device, env, { days, interval });
    reasons = timelineGateReasons(gates.value, timeline);
    const summary = runPoll(program, device, env).device;
    rendered =
      options.format === "json"
        ? `${JSON.stringify(timelineJson(timeline, script, summary), null, 2)}\n`
        : options.format === "html"
          ? renderTimelineHtml(timeline, script, device.product.name)
          : renderTimelineText(timeline, script, device.product.name, out.style);
  }
  if (options.out) {
    const written = writeNewAtomic(options.out, rendered);
    if (!written.ok) return fail(`cannot write '${options.out}': ${written.reason}`);
    out.error(`wrote ${options.out}`);
  } else out.write(rendered);
  reportUnmatchedFailures(env, out);
  return passGates(reasons, out) ? ExitCode.Clean : ExitCode.Problems;
}
