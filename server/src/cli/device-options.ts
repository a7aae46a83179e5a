/**
 * The simulated device for `dry-run`, `simulate` and `poll`: the flags and `--state FILE.json`,
 * handed to the core's one builder (setUpDryRun in server/src/language/dryrun/setup.ts) with the
 * config and the script's file name, as the editor does (docs/dry-run.md).
 */
import { resolve } from "node:path";
import { VARIABLES } from "@upscript/grammar";
import { failurePatterns as coreFailurePatterns, parseState, setUpDryRun, type DeviceSettings, type FailHook, type SettingNames, type StateFile } from "@upscript/language";
import { readBounded } from "../node/bounded-read.js";
import { nowLocal } from "../node/clock.js";
import { MAX_CONFIG_BYTES, type LoadedConfig } from "../node/config-files.js";
import { fsResolver } from "../node/web-root.js";

export type { FailHook };

export interface DeviceFlags {
  readonly device?: string;
  readonly firmware?: string;
  readonly boot?: string;
  readonly bmc?: string;
  readonly mac?: string;
  readonly ip?: string;
  readonly var: readonly string[];
  readonly at?: string;
  /** commander turns `--no-clock` into `clock: false`. */
  readonly clock?: boolean;
  readonly uptime?: string;
  readonly fresh?: boolean;
  readonly state?: string;
  readonly fail: readonly string[];
  readonly updateUrl?: string;
}

export type Built<T> = { ok: true; value: T } | { ok: false; error: string };

/** A state file is a few hundred bytes, as a config is (limit max-config-size). */
const MAX_STATE_BYTES = MAX_CONFIG_BYTES;

/**
 * Reads and checks `--state FILE` against docs/state.schema.json (parseState): any problem is an
 * error naming the file and the key. A FIFO, a device or a folder is refused, not waited on.
 * `backupSlots`: the config's, for the check of backupIndex when the file names none.
 */
function readState(path: string, backupSlots: number | undefined): Built<StateFile> {
  const read = readBounded(path, MAX_STATE_BYTES);
  if (!read.ok) return { ok: false, error: `cannot read state '${path}': ${read.kind === "too-large" ? `${read.reason} (limit max-config-size)` : read.reason}` };
  const parsed = parseState(read.bytes.toString("utf8"), backupSlots === undefined ? {} : { backupSlots });
  const first = parsed.problems[0];
  if (parsed.notJson && first) {
    return { ok: false, error: `cannot read state '${path}': not JSON (${first.message.replace(/^not valid JSON: /, "")} at line ${first.range.line + 1} column ${first.range.column + 1})` };
  }
  if (first) {
    const more = parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more)` : "";
    return { ok: false, error: `state '${path}': ${first.message}${more}` };
  }
  return { ok: true, value: parsed.state ?? {} };
}

/** The flags as the core's builder names the settings. */
export const FLAG_NAMES: SettingNames = { device: "--device", at: "--at", uptime: "--uptime", mac: "--mac", variables: "--var", fail: "--fail" };

/** `--var NAME=VALUE` items, by name; NAME with or without UPDATE/. */
function flagVariables(items: readonly string[]): Built<Record<string, string>> {
  const variables: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    const key = (eq < 0 ? item : item.slice(0, eq)).replace(/^UPDATE\//, "");
    if (eq < 0 || !(VARIABLES as readonly string[]).includes(key)) return { ok: false, error: `--var ${item}: write NAME=VALUE with NAME one of ${VARIABLES.join(", ")}` };
    variables[key] = item.slice(eq + 1);
  }
  return { ok: true, value: variables };
}

function flagSettings(flags: DeviceFlags, variables: Record<string, string>): DeviceSettings {
  return {
    ...(flags.device !== undefined && { device: flags.device }),
    ...(flags.firmware !== undefined && { firmware: flags.firmware }),
    ...(flags.boot !== undefined && { boot: flags.boot }),
    ...(flags.bmc !== undefined && { bmc: flags.bmc }),
    ...(flags.mac !== undefined && { mac: flags.mac }),
    ...(flags.ip !== undefined && { ip: flags.ip }),
    variables,
    ...(flags.at !== undefined && { at: flags.at }),
    // commander turns `--no-clock` into `clock: false`.
    ...(flags.clock === false && { noClock: true }),
    ...(flags.uptime !== undefined && { uptime: flags.uptime }),
    ...(flags.fresh !== undefined && { fresh: flags.fresh }),
  };
}

/**
 * The device and the environment: the state file read here, everything else decided by the
 * core's builder. `script`: the script's path, or the last segment of the URL `upscript poll`
 * polls (then `updateUrl` is that URL and `webRoot: false`: no web root). For a product
 * upscript does not know, `warning` is what to print on stderr ("unknown product X: default
 * file names guessed"; the plan's diagnostics say it too).
 */
export function setUp(flags: DeviceFlags, loaded: LoadedConfig, script: string, options: { readonly updateUrl?: string; readonly webRoot?: boolean } = {}) {
  const state = flags.state ? readState(flags.state, loaded.config.dryRun.backupSlots) : ({ ok: true, value: {} } as Built<StateFile>);
  if (!state.ok) return state;
  const variables = flagVariables(flags.var);
  if (!variables.ok) return variables;
  const updateUrl = options.updateUrl ?? flags.updateUrl;
  return setUpDryRun({
    settings: [flagSettings(flags, variables.value)],
    state: state.value,
    script: options.updateUrl === undefined ? resolve(script) : script,
    config: loaded.config,
    configDirectory: loaded.directory,
    ...(updateUrl !== undefined && { updateUrl }),
    now: nowLocal(),
    ...(options.webRoot !== false && { resolve: fsResolver(loaded) }),
    fail: flags.fail,
    names: FLAG_NAMES,
  });
}

/** `--fail PATTERN[=CODE]` (failurePatterns in the core), with the messages naming `--fail`. */
export function failurePatterns(items: readonly string[]): Built<FailHook> {
  return coreFailurePatterns(items, FLAG_NAMES.fail);
}
