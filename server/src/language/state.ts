/**
 * The `--state FILE.json` of `upscript dry-run` and `simulate`: a simulated device in one file.
 * Its shape (STATE_SHAPE) gives both docs/state.schema.json and the checker, as for the config
 * (shape.ts). Pure: the CLI reads the file; this module only sees its text.
 */
import { DEFAULT_BACKUP_SLOTS, PRODUCTS, PRODUCT_NAME_PATTERN, VARIABLES } from "@upscript/grammar";
import { normaliseMac, parseLocalTime } from "./dryrun/device.js";
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
}

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

export const STATE_SHAPE: Shape = {
  type: "object",
  description:
    "A simulated device for upscript dry-run and simulate (--state FILE.json). Every key is optional; a command-line flag overrides the key it names.",
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

/** The JSON Schema (draft-07) of the state file, generated from STATE_SHAPE. */
export function stateSchema(): Record<string, unknown> {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://github.com/upscript/upscript/blob/main/docs/state.schema.json",
    title: "upscript --state file",
    ...toSchema(STATE_SHAPE),
  };
}
