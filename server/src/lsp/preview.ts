/**
 * The custom requests behind the editor's dry-run preview: `upscript/dryRun` runs one poll and
 * `upscript/simulate` a timeline or a fleet, returning the interpreter's JSON (the same as the
 * CLI's `--format json`) together with a text and an HTML rendering.
 */
import { MAX_FLEET_BYTES, readTextFile } from "../node/bounded-read.js";
import { basename, extname } from "node:path";
import {
  NO_STYLE,
  REPORT_CSS,
  fleetFragment,
  planFragment,
  timelineFragment,
  compile,
  fleetJson,
  parseFleet,
  planJson,
  renderFleetHtml,
  renderFleetText,
  renderPlanText,
  renderTimelineHtml,
  renderTimelineText,
  runPoll,
  setUpDryRun,
  simulate,
  simulateFleet,
  timelineJson,
  type DryRunSetup,
  type Resolver,
  type SettingNames,
} from "@upscript/language";
import { nowLocal } from "../node/clock.js";
import type { LoadedConfig } from "../node/config-files.js";
import { transferSizes } from "../node/transfer-sizes.js";
import { fsPathOf } from "./convert.js";
import { PREVIEW_SECTION, type DryRunAnswer, type DryRunParams, type PreviewSettings, type SimulateAnswer, type SimulateParams } from "./protocol.js";
import type { Analysis, Workspace } from "./workspace.js";

export class RequestError extends Error {}

/** The editor's settings, as the messages of the core's builder name them. */
export const EDITOR_NAMES: SettingNames = {
  device: `${PREVIEW_SECTION}.device`,
  at: `${PREVIEW_SECTION}.at`,
  uptime: `${PREVIEW_SECTION}.uptime`,
  mac: `${PREVIEW_SECTION}.mac`,
  variables: `${PREVIEW_SECTION}.variables`,
  fail: "fail",
};

export interface PreviewSetupOptions {
  readonly resolve?: Resolver;
  readonly fail?: readonly string[];
  /** The update URL the device is configured with (the live poll's URL); else the script's URL under the web root. */
  readonly updateUrl?: string;
}

/**
 * The preview device and its environment from the core's one builder, as the CLI's: the
 * settings in their order (the request's, then the editor's), then the product the file name
 * names, then the config's dryRun defaults. `script` is the script's path, or the last segment
 * of a URL.
 */
export function previewSetup(loaded: LoadedConfig, script: string | undefined, settings: readonly PreviewSettings[], options: PreviewSetupOptions = {}): DryRunSetup {
  return setUpDryRun({
    settings,
    ...(script !== undefined && { script }),
    config: loaded.config,
    configDirectory: loaded.directory,
    ...(options.updateUrl !== undefined && { updateUrl: options.updateUrl }),
    now: nowLocal(),
    ...(options.resolve && { resolve: options.resolve }),
    ...(options.fail && { fail: options.fail }),
    names: EDITOR_NAMES,
  });
}

function setupFor(analysis: Analysis, uri: string, settings: readonly PreviewSettings[], fail?: readonly string[]) {
  const built = previewSetup(analysis.loaded, fsPathOf(uri), settings, { resolve: analysis.resolve, ...(fail && { fail }) });
  if (!built.ok) throw new RequestError(built.error);
  return built;
}

function analysisOf(workspace: Workspace, uri: string): Analysis {
  const analysis = workspace.analysis(uri);
  if (!analysis) throw new RequestError(`${uri} is not open`);
  return analysis;
}

/** `editor`: the editor's preview settings, below the request's (the code lens runs on them alone). */
export function dryRunRequest(workspace: Workspace, params: DryRunParams, editor: PreviewSettings = {}): DryRunAnswer {
  const analysis = analysisOf(workspace, params.uri);
  const name = basename(fsPathOf(params.uri) ?? params.uri);
  const built = setupFor(analysis, params.uri, [params.device ?? {}, editor], params.fail ?? []);
  const plan = runPoll(compile(analysis.parsed.tree), built.device, built.environment);
  // `unmatchedFail`: the fail patterns that matched no transfer, as the CLI reports them on stderr.
  const unmatchedFail = built.environment.fail.unmatched();
  return { json: planJson(plan, name), text: renderPlanText(plan, name, NO_STYLE), fragment: planFragment(plan, name), css: REPORT_CSS, unmatchedFail };
}

export function simulateRequest(workspace: Workspace, params: SimulateParams, editor: PreviewSettings = {}): SimulateAnswer {
  const analysis = analysisOf(workspace, params.uri);
  const name = basename(fsPathOf(params.uri) ?? params.uri);
  const days = Math.min(366, Math.max(1, params.days ?? 7));
  const program = compile(analysis.parsed.tree);
  if (params.fleet) {
    const text = params.fleet.text ?? (params.fleet.path ? fleetFile(params.fleet.path) : undefined);
    if (text === undefined) throw new RequestError("the fleet needs a path or a text");
    const format = params.fleet.format ?? (params.fleet.path && extname(params.fleet.path).toLowerCase() === ".json" ? "json" : "csv");
    const parsed = parseFleet(text, format);
    if (parsed.devices.length === 0) throw new RequestError(`the device list has no usable device${parsed.problems[0] ? `: line ${parsed.problems[0].line}: ${parsed.problems[0].message}` : ""}`);
    const start = setupFor(analysis, params.uri, [params.device ?? {}, editor, { device: parsed.devices[0]!.product }]);
    const env = start.environment;
    // As the CLI's simulate --fleet: the config's interval and backup slots, from the start device's time or now.
    const backupSlots = analysis.loaded.config.dryRun.backupSlots;
    const forecast = simulateFleet(program, parsed.devices, {
      days,
      start: start.device.clock ?? nowLocal(),
      ...(env.interval !== undefined && { interval: env.interval }),
      ...(backupSlots !== undefined && { backupSlots }),
      environment: () => env,
      ...(params.downloadMinutes && { downloadMinutes: params.downloadMinutes }),
      // The CLI's sizes (node/transfer-sizes.ts): dryRun.builds, the web root, the catalog's typical size; there is no --size here.
      sizeOf: transferSizes(analysis.loaded),
    });
    const scriptText = analysis.context.text;
    return {
      json: fleetJson(forecast, name),
      text: renderFleetText(forecast, name, NO_STYLE),
      html: renderFleetHtml(forecast, name, scriptText),
      fragment: fleetFragment(forecast, name, scriptText, params.nonce !== undefined ? { nonce: params.nonce } : {}),
      css: REPORT_CSS,
      problems: parsed.problems,
    };
  }
  const { device, environment: env } = setupFor(analysis, params.uri, [params.device ?? {}, editor]);
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
