/**
 * The custom requests behind the editor's dry-run preview: `upscript/dryRun` runs one poll and
 * `upscript/simulate` a timeline or a fleet, returning the interpreter's JSON (the same as the
 * CLI's `--format json`) together with a text and an HTML rendering.
 */
import { MAX_FLEET_BYTES, readTextFile } from "../node/bounded-read.js";
import { basename, extname } from "node:path";
import { VARIABLES, type VariableName } from "@upscript/grammar";
import { resolveProduct } from "../language/products.js";
import {
  NO_STYLE,
  REPORT_CSS,
  fleetFragment,
  planFragment,
  timelineFragment,
  compile,
  createDevice,
  fleetJson,
  parseFleet,
  parseLocalTime,
  planJson,
  productFromFileName,
  renderFleetHtml,
  renderFleetText,
  renderPlanText,
  renderTimelineHtml,
  renderTimelineText,
  runPoll,
  simulate,
  simulateFleet,
  timelineJson,
  type DeviceState,
  type PollEnvironment,
  type UpscriptConfig,
  type Variables,
} from "@upscript/language";

type DryRunDefaults = UpscriptConfig["dryRun"];
import { fsPathOf } from "./convert.js";
import { compileWildcard } from "../language/wildcard.js";
import type { Analysis, Workspace } from "./workspace.js";

export const DRY_RUN_REQUEST = "upscript/dryRun";
export const SIMULATE_REQUEST = "upscript/simulate";

/** The preview device, as the editor settings or a request describe it. */
export interface PreviewSettings {
  readonly device?: string;
  readonly firmware?: string;
  readonly boot?: string;
  readonly bmc?: string;
  readonly mac?: string;
  readonly ip?: string;
  /** Local device time `YYYY-MM-DDTHH:MM`; default: now. */
  readonly at?: string;
  readonly noClock?: boolean;
  readonly uptime?: number;
  readonly fresh?: boolean;
  readonly variables?: Readonly<Record<string, string>>;
}

export interface DryRunParams {
  readonly uri: string;
  readonly device?: PreviewSettings;
  readonly fail?: readonly string[];
}

export interface SimulateParams {
  readonly uri: string;
  readonly days?: number;
  readonly device?: PreviewSettings;
  /** A device list: a file path, or its text with its format. */
  readonly fleet?: { readonly path?: string; readonly text?: string; readonly format?: "csv" | "json" };
  readonly downloadMinutes?: number;
}

export class RequestError extends Error {}

function now(): number {
  const d = new Date();
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()) / 60_000;
}

function deviceFor(analysis: Analysis, uri: string, settings: PreviewSettings = {}): DeviceState {
  return previewDevice(analysis.loaded.config.dryRun, fsPathOf(uri), settings);
}

/**
 * The preview device: the settings first, then the product the file name names, then the
 * config's dryRun defaults. `fileName` is the script's path, or the last segment of a URL.
 */
export function previewDevice(dryRun: DryRunDefaults, fileName: string | undefined, settings: PreviewSettings = {}): DeviceState {
  const name = settings.device ?? (fileName ? productFromFileName(fileName)?.name : undefined) ?? dryRun.device;
  if (!name) throw new RequestError("no preview device: set upscript.preview.device or dryRun.device");
  // A product upscript does not know runs with guessed file names; the plan's diagnostics say so.
  const resolved = resolveProduct(name);
  if (!resolved.ok) throw new RequestError(resolved.error);
  const product = resolved.product;
  const variables: Partial<Variables> = {};
  for (const [k, v] of Object.entries(settings.variables ?? {})) if ((VARIABLES as readonly string[]).includes(k)) variables[k as VariableName] = v;
  const at = settings.at ? parseLocalTime(settings.at) : undefined;
  const firmware = settings.firmware ?? dryRun.firmware;
  const boot = settings.boot ?? dryRun.boot;
  const bmc = settings.bmc ?? dryRun.bmc;
  return createDevice({
    product,
    clock: settings.noClock ? null : (at ?? now()),
    variables,
    ...(firmware && { firmware }),
    ...(boot && { boot }),
    ...(bmc && { bmc }),
    ...(settings.mac && { mac: settings.mac }),
    ...(settings.ip && { ip: settings.ip }),
    ...(settings.uptime !== undefined && { uptimeMinutes: settings.uptime }),
    ...(settings.fresh !== undefined && { fresh: settings.fresh }),
    ...(dryRun.backupSlots !== undefined && { backupSlots: dryRun.backupSlots }),
  });
}

function environmentFor(analysis: Analysis, fail: readonly string[] = [], used?: Set<string>): PollEnvironment {
  // As the CLI's --fail: without `*` a pattern matches every URL containing it, with `*` the whole
  // URL (`*` any characters); linear time, never a regex. `used` collects the patterns that matched.
  const patterns = fail.map((pattern) => ({ pattern, matches: compileWildcard(pattern, { literalMatchesInside: true }) }));
  return {
    resolve: analysis.resolve,
    builds: analysis.loaded.config.dryRun.builds ?? {},
    fileNames: analysis.loaded.config.fileNames,
    updateUrl: "http://update-server/",
    ...(patterns.length && {
      fail: (url: string) => {
        const hits = patterns.filter((p) => p.matches(url));
        for (const p of hits) used?.add(p.pattern);
        return hits.length ? 404 : undefined;
      },
    }),
  };
}

function analysisOf(workspace: Workspace, uri: string): Analysis {
  const analysis = workspace.analysis(uri);
  if (!analysis) throw new RequestError(`${uri} is not open`);
  return analysis;
}

export function dryRunRequest(workspace: Workspace, params: DryRunParams) {
  const analysis = analysisOf(workspace, params.uri);
  const name = basename(fsPathOf(params.uri) ?? params.uri);
  const used = new Set<string>();
  const plan = runPoll(compile(analysis.parsed.tree), deviceFor(analysis, params.uri, params.device), environmentFor(analysis, params.fail, used));
  // `unmatchedFail`: the fail patterns that matched no transfer, as the CLI reports them on stderr.
  const unmatchedFail = (params.fail ?? []).filter((pattern) => !used.has(pattern));
  return { json: planJson(plan, name), text: renderPlanText(plan, name, NO_STYLE), fragment: planFragment(plan, name), css: REPORT_CSS, unmatchedFail };
}

export function simulateRequest(workspace: Workspace, params: SimulateParams) {
  const analysis = analysisOf(workspace, params.uri);
  const name = basename(fsPathOf(params.uri) ?? params.uri);
  const days = Math.min(366, Math.max(1, params.days ?? 7));
  const program = compile(analysis.parsed.tree);
  const env = environmentFor(analysis);
  if (params.fleet) {
    const text = params.fleet.text ?? (params.fleet.path ? fleetFile(params.fleet.path) : undefined);
    if (text === undefined) throw new RequestError("the fleet needs a path or a text");
    const format = params.fleet.format ?? (params.fleet.path && extname(params.fleet.path).toLowerCase() === ".json" ? "json" : "csv");
    const parsed = parseFleet(text, format);
    if (parsed.devices.length === 0) throw new RequestError(`the device list has no usable device${parsed.problems[0] ? `: line ${parsed.problems[0].line}: ${parsed.problems[0].message}` : ""}`);
    const start = deviceFor(analysis, params.uri, { device: parsed.devices[0]!.product, ...params.device }).clock ?? now();
    const forecast = simulateFleet(program, parsed.devices, { days, start, environment: () => env, ...(params.downloadMinutes && { downloadMinutes: params.downloadMinutes }) });
    return {
      json: fleetJson(forecast, name),
      text: renderFleetText(forecast, name, NO_STYLE),
      html: renderFleetHtml(forecast, name),
      fragment: fleetFragment(forecast, name),
      css: REPORT_CSS,
      problems: parsed.problems,
    };
  }
  const device = deviceFor(analysis, params.uri, params.device);
  const timeline = simulate(program, device, env, { days });
  const summary = runPoll(program, device, env).device;
  return {
    json: timelineJson(timeline, name, summary),
    text: renderTimelineText(timeline, name, device.product.name, NO_STYLE),
    html: renderTimelineHtml(timeline, name, device.product.name),
    fragment: timelineFragment(timeline, name, device.product.name),
    css: REPORT_CSS,
  };
}

function fleetFile(path: string): string {
  const read = readTextFile(path, MAX_FLEET_BYTES, "max-fleet-size");
  if (!read.ok) throw new RequestError(`cannot read '${path}': ${read.reason}`);
  return read.text;
}
