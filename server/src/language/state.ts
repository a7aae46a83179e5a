/**
 * The `--state FILE.json` of `upscript dry-run`, `simulate` and `poll`: a simulated device in one file.
 * Its shape (STATE_SHAPE) gives both docs/state.schema.json and the checker, as for the config
 * (shape.ts). Pure: the CLI reads the file; this module only sees its text.
 */
import { DEFAULT_BACKUP_SLOTS, PRODUCTS, PRODUCT_NAME_PATTERN, UP1_SETTINGS, VARIABLES } from "@upscript/grammar";
import { formatLocalTime, normaliseMac, parseLocalTime } from "./dryrun/device.js";
import type { DeviceState, UpdateSettings } from "./dryrun/model.js";
import { checkText, toSchema, type Shape, type ShapeProblem } from "./shape.js";

export interface StateFile {
  readonly device?: string;
  readonly product?: string;
  readonly mac?: string;
  readonly ip?: string;
  readonly firmware?: string;
  readonly boot?: string;
  readonly bmc?: string;
  /** By variable name without `UPDATE/` (the file may write either). */
  readonly variables?: Readonly<Record<string, string>>;
  readonly at?: string;
  readonly clock?: string | null;
  readonly uptime?: number;
  readonly fresh?: boolean;
  readonly backupIndex?: number;
  readonly backupSlots?: number;
  readonly scfgWrittenAt?: string;
  readonly resetRequired?: boolean;
  /** UP1 settings in force (`/url`, `/poll` …), as a live device carries them between runs of `upscript poll`. */
  readonly settings?: StateSettings;
  /** UP1 settings saved (config write) but not activated: in force after the next restart. */
  readonly savedSettings?: StateSettings;
  /** Builds downloaded and stored, running after the next restart. */
  readonly pending?: { readonly firmware?: string; readonly boot?: string; readonly bmc?: string };
}

/** UP1 settings by their switch: `/url` a string, `/poll`, `/poll-fast`, `/provision` minutes, `/no-dhcp`, `/disc` true. */
export type StateSettings = Readonly<Record<string, string | number | boolean>>;

const LOCAL_TIME_PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$";
const localTime = (description: string, nullable = false): Shape => ({
  type: "string",
  description,
  pattern: LOCAL_TIME_PATTERN,
  patternWhat: "a local time YYYY-MM-DDTHH:MM",
  check: (v) => (parseLocalTime(v) === undefined ? `'${v}' is not a date and time that exists (YYYY-MM-DDTHH:MM)` : undefined),
  nullable,
});
const productNames = PRODUCTS.map((p) => p.name);
// As --device: a product upscript does not know runs with guessed file names and a warning.
const product = (description: string): Shape => ({
  type: "string",
  pattern: PRODUCT_NAME_PATTERN,
  patternWhat: "a product name such as IP232 (letters, digits, '-' and '_')",
  examples: productNames,
  description,
});
const text = (description: string): Shape => ({ type: "string", description });
const variableNames = [...VARIABLES, ...VARIABLES.map((v) => `UPDATE/${v}`)];

/** The UP1 settings as the catalog knows them; a flag is true (false or absent: not set). */
const settingsShape = (description: string): Shape => ({
  type: "object",
  description,
  properties: Object.fromEntries(
    UP1_SETTINGS.map((s): [string, Shape] => [
      s.name,
      s.value === null
        ? { type: "boolean", description: `${s.name}: set (true) or not (false)` }
        : s.value === "minutes"
          ? { type: "integer", minimum: 1, description: `${s.name} in minutes` }
          : { type: "string", description: `${s.name}: ${s.value === "encoded-url" ? "the update URL, decoded, with its meta sequences (#m, #t …) as written" : "the value as written"}` },
    ]),
  ),
});

export const STATE_SHAPE: Shape = {
  type: "object",
  description:
    "A simulated device for upscript dry-run, simulate and poll (--state FILE.json; poll saves the device back). Every key is optional; a command-line flag overrides the key it names.",
  unknownKey: (key, known, path) => (path ? `unknown key '${key}' in ${path}` : `unknown key '${key}' (known: ${known.join(", ")})`),
  properties: {
    device: product("Product of the device, e.g. IP232 (as --device)."),
    product: product("Same as device."),
    mac: {
      type: "string",
      description: "MAC address, for #m and #h, e.g. 00-90-33-03-0d-f0 (as --mac).",
      pattern: "^[-:.]*([0-9A-Fa-f][-:.]*){12}$",
      patternWhat: "a MAC address such as 00-90-33-03-0d-f0",
      check: (v) => (normaliseMac(v) ? undefined : `'${v}' is not a MAC address such as 00-90-33-03-0d-f0`),
    },
    ip: text("IP address, for #i (as --ip)."),
    firmware: text("Running firmware build, e.g. 13-138765 (as --firmware)."),
    boot: text("Running boot code build (as --boot)."),
    bmc: text("Running DECT radio code build (as --bmc)."),
    variables: {
      type: "object",
      description: "UPDATE/* variables the device holds: name (CHECK or UPDATE/CHECK) → value (as --var).",
      keys: { enum: variableNames, what: "variable" },
      values: text("value of the variable"),
    },
    at: localTime("Local time of the device, YYYY-MM-DDTHH:MM (as --at; default: now)."),
    clock: localTime("Same as at; null: the device has no time set (as --no-clock).", true),
    uptime: { type: "integer", minimum: 0, description: "Minutes since the device booted (as --uptime; default 1440)." },
    fresh: { type: "boolean", description: "A factory-fresh device that never ran a script (as --fresh)." },
    backupIndex: {
      type: "integer",
      minimum: 0,
      description: "The #bn slot of the next backup: 0 up to backupSlots − 1 (default 0).",
    },
    backupSlots: { type: "integer", minimum: 1, description: "Rolling backup slots #bn cycles through (default: dryRun.backupSlots in the config, or 5)." },
    scfgWrittenAt: localTime("When the device last wrote its configuration (for scfg /force), YYYY-MM-DDTHH:MM."),
    resetRequired: { type: "boolean", description: "A reset is already pending from an earlier poll." },
    settings: settingsShape("UP1 settings in force on the device (config add UP1 … then config activate), e.g. { \"/url\": \"http://10.0.0.5/update.php?sn=#m\", \"/poll\": 1 }; upscript poll saves them here."),
    savedSettings: settingsShape("UP1 settings written to flash (config write) but not activated: they come into force at the next restart."),
    pending: {
      type: "object",
      description: "Builds a poll downloaded and stored: they run after the next restart.",
      properties: {
        firmware: text("Firmware build that runs after the next restart."),
        boot: text("Boot code build that runs after the next restart."),
        bmc: text("DECT radio code build that runs after the next restart."),
      },
    },
  },
};

export interface ParsedState {
  /** undefined when the text is not JSON at all. */
  readonly state: StateFile | undefined;
  readonly problems: readonly ShapeProblem[];
  /** The problems are JSON syntax errors. */
  readonly notJson: boolean;
}

/**
 * Parses and checks a state file (plain JSON). `backupSlots`: the slots when the file names
 * none (the config's dryRun.backupSlots or the default), for the check that `backupIndex` is
 * below it.
 */
export function parseState(stateText: string, options: { backupSlots?: number } = {}): ParsedState {
  const { value, problems, syntax, rangeOf } = checkText(stateText, STATE_SHAPE, { jsonc: false, rootName: "the state" });
  if (syntax.length) return { state: undefined, problems: syntax, notJson: true };
  const checked = value as (Omit<StateFile, "variables"> & { variables?: Record<string, string> }) | undefined;
  if (!checked) return { state: undefined, problems, notJson: false };
  const all = [...problems];
  let variables: Record<string, string> | undefined;
  if (checked.variables) {
    variables = Object.create(null) as Record<string, string>;
    for (const [name, v] of Object.entries(checked.variables)) variables[name.replace(/^UPDATE\//, "")] = v;
  }
  const state: StateFile = { ...checked, ...(variables && { variables }) };
  if (state.backupIndex !== undefined) {
    const slots = state.backupSlots ?? options.backupSlots ?? DEFAULT_BACKUP_SLOTS;
    if (state.backupIndex >= slots) {
      const from = state.backupSlots !== undefined ? "" : options.backupSlots !== undefined ? " (dryRun.backupSlots in the config)" : " (the default)";
      const range = rangeOf(["backupIndex"]);
      if (range) all.push({ path: "backupIndex", message: `backupIndex must be below backupSlots, ${slots}${from}, not ${state.backupIndex}`, range });
    }
  }
  return { state, problems: all, notJson: false };
}

/** A state file's settings as the interpreter holds them (a flag set to false is not set). */
function settingsOf(settings: StateSettings | undefined): UpdateSettings | undefined {
  if (!settings) return undefined;
  const out: Record<string, string | number | true> = {};
  for (const [name, value] of Object.entries(settings)) if (value !== false) out[name] = value;
  return out;
}

/**
 * The parts of a state file a live device carries between runs of `upscript poll` that the
 * device options do not set: the UP1 settings in force and saved, and the builds pending.
 */
export function liveStateOf(state: StateFile): Pick<DeviceState, "settings" | "savedSettings" | "pending"> {
  return {
    settings: settingsOf(state.settings) ?? {},
    savedSettings: settingsOf(state.savedSettings),
    pending: { ...state.pending },
  };
}

/**
 * A device as a state file (docs/state.schema.json), so `--state FILE` can load it again:
 * `at` and `uptime` are the device's clock and uptime as they are.
 */
export function stateFileOf(device: DeviceState): StateFile {
  const pending = Object.fromEntries(Object.entries(device.pending).filter(([, v]) => v !== undefined));
  return {
    device: device.product.name,
    mac: device.mac,
    ip: device.ip,
    firmware: device.firmware,
    boot: device.boot,
    bmc: device.bmc,
    variables: { ...device.variables },
    ...(device.clock === undefined ? { clock: null } : { at: formatLocalTime(device.clock).replace(" ", "T") }),
    uptime: device.uptimeMinutes,
    fresh: device.fresh,
    backupIndex: device.backupIndex,
    backupSlots: device.backupSlots,
    ...(device.scfgWrittenAt !== undefined && { scfgWrittenAt: formatLocalTime(device.scfgWrittenAt).replace(" ", "T") }),
    resetRequired: device.resetRequired,
    settings: { ...device.settings },
    ...(device.savedSettings !== undefined && { savedSettings: { ...device.savedSettings } }),
    ...(Object.keys(pending).length > 0 && { pending }),
  };
}

/** The JSON Schema (draft-07) of the state file, generated from STATE_SHAPE. */
export function stateSchema(): Record<string, unknown> {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://github.com/upscript/upscript/blob/main/docs/state.schema.json",
    title: "upscript --state file",
    ...toSchema(STATE_SHAPE),
  };
}
