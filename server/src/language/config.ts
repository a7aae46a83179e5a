/**
 * `.upscriptrc.json`: what it may contain, how it is checked, how the files found for a script
 * are merged, and its JSON Schema (docs/upscriptrc.schema.json). The shape is written once
 * (CONFIG_SHAPE, see shape.ts) and gives both the published schema and the checker, with
 * messages that name the key, so the two cannot disagree. Pure: the CLI and the language server
 * find and read the files (server/src/node/config-files.ts); this module only sees their text.
 */
import { PRODUCTS, PRODUCT_NAME_PATTERN, type Range } from "@upscript/grammar";
import type { Severity } from "./diagnostic.js";
import { RULE_IDS } from "./rules/ids.js";
import { SCRIPT_FILE_PATTERNS } from "./script-files.js";
import { FORBIDDEN_KEYS, checkText, toSchema, type Shape, type StringShape } from "./shape.js";
import { VERSION_SCHEMA_PATTERN, parseVersion } from "./version.js";
import { parseSize } from "./dryrun/rollout.js";

export { FORBIDDEN_KEYS } from "./shape.js";
export * from "./state.js";

export type RuleSetting = "off" | Severity;

export interface DryRunDefaults {
  /** Product the dry-run simulates when neither the command nor the script's file name names one. */
  readonly device?: string;
  /** Poll interval in minutes (device default 15). */
  readonly interval?: number;
  /** Number of rolling backup slots `#bn` cycles through (default 5). */
  readonly backupSlots?: number;
  /**
   * By URL: the build the file really contains when it differs from what the script declares (a
   * string), or an object with that build and/or the file's size (bytes, or `7.5MB`), which the
   * rollout forecast uses for the web server's load. Read through buildsByUrl and configuredSize.
   */
  readonly builds?: Readonly<Record<string, string | BuildEntry>>;
  /** Running firmware, boot code and radio code builds of the simulated device. */
  readonly firmware?: string;
  readonly boot?: string;
  readonly bmc?: string;
}

/** A `dryRun.builds` entry written as an object. */
export interface BuildEntry {
  readonly build?: string;
  /** Bytes, or a size such as `7.5MB` (parseSize). */
  readonly size?: number | string;
}

/** URL → the build the file really contains, from `dryRun.builds` (entries with a build only); no prototype. */
export function buildsByUrl(dryRun: DryRunDefaults): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [url, entry] of Object.entries(dryRun.builds ?? {})) {
    const build = typeof entry === "string" ? entry : entry.build;
    if (build !== undefined) out[url] = build;
  }
  return out;
}

/** The size `dryRun.builds` gives the file at `url`, in bytes; undefined when it gives none. */
export function configuredSize(dryRun: DryRunDefaults, url: string): number | undefined {
  const builds = dryRun.builds;
  const entry = builds && Object.hasOwn(builds, url) ? builds[url] : undefined;
  if (entry === undefined || typeof entry === "string" || entry.size === undefined) return undefined;
  // Whole bytes: the forecast sums them exactly (rollout.ts, MinuteLoad).
  return typeof entry.size === "number" ? Math.round(entry.size) : parseSize(entry.size);
}

export interface FileNameOverride {
  readonly update?: string;
  readonly firmware?: string;
  readonly boot?: string;
}

export interface UpscriptConfig {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly target: { readonly firmware?: string; readonly products?: readonly string[] };
  /**
   * URL prefix → folder that serves it. As written in one file: relative to that file; in the
   * merged config the node side hands out (LoadedConfig), every folder is absolute.
   */
  readonly server: Readonly<Record<string, string>>;
  /** Patterns of script files in a linted folder. */
  readonly files: readonly string[];
  /** Patterns never linted. */
  readonly ignore: readonly string[];
  readonly dryRun: DryRunDefaults;
  /** Default file names per product, overriding the catalog. */
  readonly fileNames: Readonly<Record<string, FileNameOverride>>;
}

/** `*.upscript`, `update*.htm`, `update*.txt`: the one definition of a script file (script-files.ts). */
export const DEFAULT_FILE_PATTERNS: readonly string[] = SCRIPT_FILE_PATTERNS;

export const DEFAULT_CONFIG: UpscriptConfig = {
  rules: {},
  target: {},
  server: {},
  files: DEFAULT_FILE_PATTERNS,
  ignore: [],
  dryRun: {},
  fileNames: {},
};

export const CONFIG_FILE_NAME = ".upscriptrc.json";

export interface ConfigProblem {
  /** Key path such as `rules.times-hourz` or `target.firmware`. */
  readonly path: string;
  readonly message: string;
  readonly range: Range;
}

// ---- the shape ----

// Product names. `target.products` and the `fileNames` keys must be products upscript knows: a
// typo there would silently switch off the product rules or an override, so it is a problem with
// a did-you-mean. `dryRun.device` may name any product: the dry-run runs an unknown one with file
// names guessed by the vendor rule and says so (server/src/language/products.ts).
const productNames = PRODUCTS.map((p) => p.name);
const product: Shape = { type: "string", enum: productNames, description: "innovaphone product name as shown on the device, e.g. IP232" };
const dryRunDevice: Shape = {
  type: "string",
  pattern: PRODUCT_NAME_PATTERN,
  patternWhat: "a product name such as IP232 (letters, digits, '-' and '_')",
  examples: productNames,
  description: "Product of the simulated device, e.g. IP232. A product upscript does not know runs with guessed default file names, and a warning.",
};
const text = (description: string): Shape => ({ type: "string", description });
const patterns = (description: string): Shape => ({ type: "array", items: { type: "string" }, description });
const FIRMWARE_EXAMPLES = "a firmware version such as 7.00, 13r3 or 6.00 sr2 hotfix3";
/** What parseSize reads (dryrun/rollout.ts), with the letters' cases spelled out: the checker's RegExp has no flags. */
const SIZE_PATTERN = "^\\s*\\d+(\\.\\d+)?\\s*([kKmMgG][iI]?[bB]?|[bB])?\\s*$";
const buildText: StringShape = { type: "string", description: "build the file really contains" };
const buildEntry: Shape = {
  type: "oneOf",
  what: "a build (a string) or an object with build and size",
  description: "The build the file really contains, or an object with that build and/or the file's size.",
  variants: [
    buildText,
    {
      type: "object",
      properties: {
        build: text("build the file really contains (default: the script's BUILD)"),
        size: {
          type: "oneOf",
          what: "a number of bytes or a size such as 7.5MB",
          description: "Size of the file, for the rollout forecast's web server load: bytes, or a size such as 7.5MB, 512KB (KB and KiB alike are 1024 bytes).",
          variants: [
            { type: "integer", minimum: 0, description: "bytes" },
            { type: "string", pattern: SIZE_PATTERN, patternWhat: "a size such as 7.5MB, 512KB or 20000", description: "a size such as 7.5MB" },
          ],
        },
      },
    },
  ],
};

export const CONFIG_SHAPE: Shape = {
  type: "object",
  description: "upscript configuration",
  properties: {
    $schema: text("JSON Schema of this file"),
    root: {
      type: "boolean",
      description: "true: configuration files in the folders above this one are not read (see docs/configuration.md).",
    },
    rules: {
      type: "object",
      description: "Severity per rule id: off, info, warning or error.",
      keys: { enum: RULE_IDS, what: "rule" },
      values: { type: "string", enum: ["off", "info", "warning", "error"] },
    },
    target: {
      type: "object",
      description: "What the scripts are written for; turns on the version rules.",
      properties: {
        firmware: {
          type: "string",
          description: "Oldest firmware the devices run, e.g. 7.00, 13r3 or 6.00 sr2 hotfix3.",
          pattern: VERSION_SCHEMA_PATTERN,
          patternWhat: FIRMWARE_EXAMPLES,
          check: (v) => (parseVersion(v) ? undefined : `'${v}' is not ${FIRMWARE_EXAMPLES}`),
        },
        products: { type: "array", items: product, description: "Products that fetch these scripts." },
      },
    },
    server: {
      type: "object",
      description: "Local web root: URL prefix (http://10.0.0.5/) → folder, relative to this file.",
      keys: { pattern: "^https?://", what: "URL prefix (http:// or https://)" },
      values: text("folder that serves this URL prefix"),
    },
    files: patterns("Glob patterns of scripts in a linted folder."),
    ignore: patterns("Glob patterns never linted, relative to this file's folder."),
    dryRun: {
      type: "object",
      description: "Defaults for dry-runs and previews.",
      properties: {
        device: dryRunDevice,
        interval: { type: "integer", minimum: 1, description: "Poll interval in minutes (default 15)." },
        backupSlots: { type: "integer", minimum: 1, description: "Rolling backup slots #bn cycles through (default 5)." },
        builds: {
          type: "object",
          description: "By URL: the real build of a downloaded file when it differs from the script's BUILD, or { \"build\": …, \"size\": \"7.5MB\" } with its size for the rollout forecast.",
          keys: { pattern: "^https?://", what: "URL" },
          values: buildEntry,
        },
        firmware: text("Running firmware build of the simulated device, e.g. 13-138765."),
        boot: text("Running boot code build."),
        bmc: text("Running DECT radio code build."),
      },
    },
    fileNames: {
      type: "object",
      description: "Default file names per product, overriding upscript's table.",
      keys: { enum: productNames, what: "product" },
      values: {
        type: "object",
        properties: {
          update: text("name appended to the update URL"),
          firmware: text("name appended to a prot URL ending in /"),
          boot: text("name appended to a boot URL ending in /"),
        },
      },
    },
  },
};

// ---- checking ----

/** What one file sets: only the keys it has (and that passed the check). */
export type DeclaredConfig = Partial<UpscriptConfig>;

export interface ParsedConfig {
  /** The file's settings over the defaults. */
  readonly config: UpscriptConfig;
  /** The file's settings alone, for merging with the files above it. */
  readonly declared: DeclaredConfig;
  /** `"root": true`: the files above are not read. */
  readonly root: boolean;
  readonly problems: readonly ConfigProblem[];
}

/**
 * Parses and checks a config text (JSON with comments). Bad parts are dropped and reported;
 * maps built from user keys have no prototype, and `__proto__`, `constructor` and `prototype`
 * are refused as keys anywhere.
 */
export function parseConfig(configText: string): ParsedConfig {
  const { value, problems } = checkText(configText, CONFIG_SHAPE, { jsonc: true, rootName: "the configuration" });
  const { $schema: _schema, root, ...declared } = (value ?? {}) as DeclaredConfig & { $schema?: string; root?: boolean };
  return { config: { ...DEFAULT_CONFIG, ...declared }, declared, root: root === true, problems };
}

/**
 * Merges the files found for a script, outermost first, nearest last: the nearer file wins.
 * Objects (`rules`, `server`, `target`, `dryRun` with its `builds`, `fileNames`) are merged key by
 * key; lists (`files`, `ignore`, `target.products`) and plain values are replaced.
 */
export function mergeConfigs(layers: readonly DeclaredConfig[]): UpscriptConfig {
  let merged: Record<string, unknown> = Object.create(null);
  for (const layer of layers) merged = mergeObjects(merged, layer as Record<string, unknown>);
  return { ...DEFAULT_CONFIG, ...merged } as UpscriptConfig;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mergeObjects(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(base)) out[key] = base[key];
  for (const key of Object.keys(over)) {
    if (FORBIDDEN_KEYS.includes(key)) continue;
    const [a, b] = [out[key], over[key]];
    // An object is always copied, so a layer's own objects never end up in the result.
    out[key] = isObject(b) ? mergeObjects(isObject(a) ? a : Object.create(null), b) : b;
  }
  return out;
}

// ---- schema ----

/** The JSON Schema (draft-07) of `.upscriptrc.json`, generated from CONFIG_SHAPE. */
export function configSchema(): Record<string, unknown> {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://github.com/upscript/upscript/blob/main/docs/upscriptrc.schema.json",
    title: ".upscriptrc.json",
    ...toSchema(CONFIG_SHAPE),
  };
}
