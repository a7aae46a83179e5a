/**
 * `upscript simulate FILE --days N [--fleet devices.csv|.json]`: a timeline or a rollout forecast;
 * with `--compare OTHER` the forecasts of two scripts side by side, with `--devices-out` every
 * device of the fleet as CSV or JSON.
 */
import { stringify } from "csv-stringify/sync";
import { basename, extname } from "node:path";
import { overLimit, parse } from "@upscript/grammar";
import {
  DRY_RUN_JSON_VERSION,
  compareForecasts,
  compile,
  fleetJson,
  parseFleet,
  parseOfficeHours,
  renderComparisonHtml,
  renderComparisonText,
  renderFleetHtml,
  renderFleetText,
  renderTimelineHtml,
  renderTimelineText,
  runPoll,
  simulate,
  simulateFleet,
  timelineJson,
  troubleOf,
  type FleetComparison,
  type FleetDeviceResult,
  type FleetForecast,
  type OfficeHours,
  type PollEnvironment,
  type Program,
} from "@upscript/language";
import { nowLocal } from "../node/clock.js";
import { ConfigCache } from "../node/config-files.js";
import { MAX_FLEET_BYTES, readTextFile } from "../node/bounded-read.js";
import { parseSizeOptions, transferSizes } from "../node/transfer-sizes.js";
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
  /** `VERB=SIZE` items (repeatable, or comma-separated). */
  readonly size?: readonly string[];
  readonly officeHours?: string;
  readonly devicesOut?: string;
  readonly compare?: string;
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
  if (!options.fleet) {
    const fleetOnly: [string, boolean][] = [
      ["--compare", options.compare !== undefined],
      ["--devices-out", options.devicesOut !== undefined],
      ["--size", (options.size ?? []).length > 0],
      ["--office-hours", options.officeHours !== undefined],
    ];
    const given = fleetOnly.find(([, on]) => on);
    if (given) return fail(`${given[0]} needs a fleet: simulate FILE --fleet devices.csv ${given[0]} …`);
  }
  const sizes = parseSizeOptions(options.size ?? []);
  if (!sizes.ok) return fail(sizes.error);
  let officeHours: OfficeHours | undefined;
  if (options.officeHours !== undefined) {
    officeHours = parseOfficeHours(options.officeHours);
    if (!officeHours) return fail(`--office-hours ${options.officeHours}: write FROM-TO in full hours, e.g. 8-18 (weekdays; FROM before TO, TO at most 24)`);
  }
  const devicesFormat = options.devicesOut === undefined ? undefined : devicesOutFormat(options.devicesOut);
  if (devicesFormat === null) return fail(`--devices-out ${options.devicesOut}: the file name must end in .csv or .json`);
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
  /** --devices-out: written after the report. */
  let devices: { readonly path: string; readonly text: string } | undefined;
  if (options.fleet) {
    const fleetRead = readTextFile(options.fleet, MAX_FLEET_BYTES, "max-fleet-size");
    if (!fleetRead.ok) return fail(`cannot read '${options.fleet}': ${fleetRead.reason}`);
    const parsed = parseFleet(fleetRead.text, extname(options.fleet).toLowerCase() === ".json" ? "json" : "csv");
    for (const p of parsed.problems) out.error(`${options.fleet}:${p.line}: ${p.message}`);
    if (parsed.devices.length === 0) return fail(`'${options.fleet}' lists no usable device`);
    const start = setUp({ ...options, device: options.device ?? parsed.devices[0]!.product }, loaded, file);
    if (!start.ok) return fail(start.error);
    env = start.environment;
    const fleetOptions = {
      days,
      // A forecast runs from the start device's time, else from now (as the editor's): --no-clock describes one device, a fleet's clocks are their clockOffset.
      start: start.device.clock ?? nowLocal(),
      interval,
      downloadMinutes,
      ...(loaded.config.dryRun.backupSlots !== undefined && { backupSlots: loaded.config.dryRun.backupSlots }),
      environment: () => start.environment,
      // Sizes from the config, the web root, --size, else the catalog's (node/transfer-sizes.ts, as the editor's).
      sizeOf: transferSizes(loaded, sizes.value),
      ...(officeHours && { officeHours }),
    };
    const other = options.compare === undefined ? undefined : compileOther(options.compare);
    if (other && !other.ok) return fail(other.error);
    const forecast = simulateFleet(program, parsed.devices, fleetOptions);
    // With --compare the checks are the first script's: it is the one about to be published.
    reasons = fleetGateReasons(gates.value, forecast);
    if (options.compare !== undefined && other?.ok) {
      // The same fleet, settings and sizes: only the script differs.
      const otherForecast = simulateFleet(other.program, parsed.devices, fleetOptions);
      const [nameA, nameB] = basename(options.compare) === script ? [file, options.compare] : [script, basename(options.compare)];
      const comparison = compareForecasts({ script: nameA, forecast }, { script: nameB, forecast: otherForecast });
      rendered =
        options.format === "json"
          ? `${JSON.stringify(comparisonJson(comparison), null, 2)}\n`
          : options.format === "html"
            ? renderComparisonHtml(comparison)
            : renderComparisonText(comparison, out.style);
    } else {
      rendered =
        options.format === "json"
          ? `${JSON.stringify(fleetJson(forecast, script), null, 2)}\n`
          : options.format === "html"
            ? renderFleetHtml(forecast, script, read.text)
            : renderFleetText(forecast, script, out.style);
    }
    if (options.devicesOut !== undefined && devicesFormat) devices = { path: options.devicesOut, text: devicesText(forecast, devicesFormat) };
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
  if (devices) {
    // Replaced atomically when it exists, as --out.
    const written = writeNewAtomic(devices.path, devices.text);
    if (!written.ok) return fail(`cannot write '${devices.path}': ${written.reason}`);
    out.error(`wrote ${devices.path}`);
  }
  reportUnmatchedFailures(env, out);
  return passGates(reasons, out) ? ExitCode.Clean : ExitCode.Problems;
}

/** The script `--compare` names, compiled; an error names it. */
function compileOther(path: string): { readonly ok: true; readonly program: Program } | { readonly ok: false; readonly error: string } {
  const read = readScript(path);
  if (!read.ok) return { ok: false, error: `cannot read '${path}': ${read.reason}` };
  const limit = overLimit(read.text);
  if (limit) return { ok: false, error: `cannot simulate '${path}': ${limit.message}` };
  return { ok: true, program: compile(parse(read.text).tree) };
}

/** `--format json --compare`: both forecasts and the figures (docs/dry-run.schema.json, kind comparison). */
function comparisonJson(c: FleetComparison) {
  return {
    kind: "comparison" as const,
    version: DRY_RUN_JSON_VERSION,
    a: fleetJson(c.a.forecast, c.a.script),
    b: fleetJson(c.b.forecast, c.b.script),
    figures: c.figures,
  };
}

/** csv or json by the file name's end; null for any other. */
function devicesOutFormat(path: string): "csv" | "json" | null {
  const ext = extname(path).toLowerCase();
  return ext === ".csv" ? "csv" : ext === ".json" ? "json" : null;
}

/** The columns of `--devices-out`, in order. */
export const DEVICE_COLUMNS = [
  "mac",
  "product",
  "ip",
  "verdict",
  "blockedBy",
  "onTargetSince",
  "steadyTime",
  "firmware",
  "restarts",
  "restartsOutsideAllowed",
  "restartsInOfficeHours",
  "why",
] as const;

type DeviceRow = Record<(typeof DEVICE_COLUMNS)[number], string | number | null>;


function deviceRow(d: FleetDeviceResult): DeviceRow {
  return {
    mac: d.mac,
    product: d.product,
    ip: d.ip,
    verdict: d.verdict,
    blockedBy: d.blockedBy,
    onTargetSince: d.onTargetSince?.time ?? null,
    steadyTime: d.steadyTime,
    firmware: d.firmware,
    restarts: d.restarts,
    restartsOutsideAllowed: d.restartsOutsideAllowed,
    restartsInOfficeHours: d.restartsInOfficeHours,
    why: troubleOf(d),
  };
}

/** Every device of the forecast, one row each: CSV with a header (empty cells for null), or a JSON list. */
function devicesText(f: FleetForecast, format: "csv" | "json"): string {
  const rows = f.devices.map(deviceRow);
  if (format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  return stringify(
    rows.map((r) => DEVICE_COLUMNS.map((c) => r[c] ?? "")),
    { header: true, columns: [...DEVICE_COLUMNS] },
  );
}
