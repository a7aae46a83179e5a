/**
 * `.upscriptrc.json`: what it may contain, how it is checked, and its JSON Schema. The shape is
 * written once (CONFIG_SHAPE) and drives both the checker, with messages that name the key,
 * and the published schema, so the two cannot disagree. Pure: the CLI and the language server
 * find and read the file; this module only sees its text.
 */
import { parseTree, type Node as JsonNode, type ParseError, printParseErrorCode } from "jsonc-parser";
import { PRODUCTS, lineStarts, rangeAt, type Range } from "@upscript/grammar";
import type { Severity } from "./diagnostic.js";
import { RULE_IDS } from "./rules/ids.js";
import { didYouMean } from "./spelling.js";
import { VERSION_SCHEMA_PATTERN, parseVersion } from "./version.js";

export type RuleSetting = "off" | Severity;

export interface DryRunDefaults {
  /** Product the dry-run simulates when neither the command nor the script's file name names one. */
  readonly device?: string;
  /** Poll interval in minutes (device default 15). */
  readonly interval?: number;
  /** Number of rolling backup slots `#bn` cycles through (default 5). */
  readonly backupSlots?: number;
  /** Real build of a file, by URL, when it differs from what the script declares. */
  readonly builds?: Readonly<Record<string, string>>;
  /** Running firmware, boot code and radio code builds of the simulated device. */
  readonly firmware?: string;
  readonly boot?: string;
  readonly bmc?: string;
}

export interface FileNameOverride {
  readonly update?: string;
  readonly firmware?: string;
  readonly boot?: string;
}

export interface UpscriptConfig {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly target: { readonly firmware?: string; readonly products?: readonly string[] };
  /** URL prefix → folder (relative to the config file) that serves it. */
  readonly server: Readonly<Record<string, string>>;
  /** Patterns of script files in a linted folder. */
  readonly files: readonly string[];
  /** Patterns never linted. */
  readonly ignore: readonly string[];
  readonly dryRun: DryRunDefaults;
  /** Default file names per product, overriding the catalog. */
  readonly fileNames: Readonly<Record<string, FileNameOverride>>;
}

export const DEFAULT_FILE_PATTERNS = ["**/*.upscript", "**/update*.htm", "**/update*.txt"] as const;

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

type Shape =
  | { readonly type: "object"; readonly description?: string; readonly properties?: Readonly<Record<string, Shape>>; readonly values?: Shape; readonly keys?: KeyRule }
  | { readonly type: "string"; readonly description?: string; readonly enum?: readonly string[]; readonly check?: (value: string) => string | undefined; readonly pattern?: string }
  | { readonly type: "integer"; readonly description?: string; readonly minimum: number }
  | { readonly type: "array"; readonly description?: string; readonly items: Shape };

interface KeyRule {
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly what: string;
}

const productNames = PRODUCTS.map((p) => p.name);
const product: Shape = { type: "string", enum: productNames, description: "innovaphone product name as shown on the device, e.g. IP232" };
const text = (description: string): Shape => ({ type: "string", description });
const patterns = (description: string): Shape => ({ type: "array", items: { type: "string" }, description });

export const CONFIG_SHAPE: Shape = {
  type: "object",
  description: "upscript configuration",
  properties: {
    $schema: text("JSON Schema of this file"),
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
          check: (v) => (parseVersion(v) ? undefined : `'${v}' is not a firmware version such as 7.00, 13r3 or 6.00 sr2 hotfix3`),
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
    ignore: patterns("Glob patterns never linted."),
    dryRun: {
      type: "object",
      description: "Defaults for dry-runs and previews.",
      properties: {
        device: product,
        interval: { type: "integer", minimum: 1, description: "Poll interval in minutes (default 15)." },
        backupSlots: { type: "integer", minimum: 1, description: "Rolling backup slots #bn cycles through (default 5)." },
        builds: {
          type: "object",
          description: "Real build of a downloaded file, by URL, when it differs from the script's BUILD.",
          keys: { pattern: "^https?://", what: "URL" },
          values: text("build the file really contains"),
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

export interface ParsedConfig {
  readonly config: UpscriptConfig;
  readonly problems: readonly ConfigProblem[];
}

/** Parses and checks a config text (JSON with comments). Bad parts are dropped and reported. */
export function parseConfig(configText: string): ParsedConfig {
  const starts = lineStarts(configText);
  const problems: ConfigProblem[] = [];
  const errors: ParseError[] = [];
  const root = parseTree(configText, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) {
    problems.push({ path: "", message: `not valid JSON: ${describeParseError(printParseErrorCode(e.error))}`, range: rangeAt(starts, e.offset, e.offset + e.length) });
  }
  if (!root) return { config: DEFAULT_CONFIG, problems };
  const report = (node: JsonNode, path: string, message: string) =>
    problems.push({ path, message, range: rangeAt(starts, node.offset, node.offset + node.length) });
  const value = check(CONFIG_SHAPE, root, "", report) as Partial<UpscriptConfig> | undefined;
  return { config: { ...DEFAULT_CONFIG, ...value }, problems };
}

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

type Report = (node: JsonNode, path: string, message: string) => void;

function typeName(node: JsonNode): string {
  return node.type === "null" ? "null" : node.type;
}

function check(shape: Shape, node: JsonNode, path: string, report: Report): unknown {
  const where = path || "the configuration";
  switch (shape.type) {
    case "string": {
      if (node.type !== "string") return void report(node, path, `${where} must be a string, not ${typeName(node)}`);
      const value = node.value as string;
      if (shape.enum && !shape.enum.includes(value)) return void report(node, path, `${where}: '${value}' is not one of ${listOf(shape.enum)}${didYouMean(value, shape.enum)}`);
      const problem = shape.check?.(value);
      if (problem) return void report(node, path, `${where}: ${problem}`);
      return value;
    }
    case "integer": {
      if (node.type !== "number" || !Number.isInteger(node.value) || (node.value as number) < shape.minimum) {
        return void report(node, path, `${where} must be a whole number of at least ${shape.minimum}`);
      }
      return node.value;
    }
    case "array": {
      if (node.type !== "array") return void report(node, path, `${where} must be a list, not ${typeName(node)}`);
      return (node.children ?? []).map((child, i) => check(shape.items, child, `${path}[${i}]`, report)).filter((v) => v !== undefined);
    }
    case "object": {
      if (node.type !== "object") return void report(node, path, `${where} must be an object, not ${typeName(node)}`);
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = keyNode.value as string;
        const childPath = path ? `${path}.${key}` : key;
        const childShape = shape.properties?.[key] ?? shape.values;
        if (!childShape) {
          report(keyNode, childPath, `unknown key '${key}'${path ? ` in ${path}` : ""}${didYouMean(key, Object.keys(shape.properties ?? {}))}`);
          continue;
        }
        if (!shape.properties?.[key] && shape.keys) {
          const { enum: allowed, pattern, what } = shape.keys;
          if (allowed && !allowed.includes(key)) {
            report(keyNode, childPath, `unknown ${what} '${key}'${didYouMean(key, allowed)}`);
            continue;
          }
          if (pattern && !new RegExp(pattern).test(key)) {
            report(keyNode, childPath, `'${key}' is not a ${what}`);
            continue;
          }
        }
        const value = check(childShape, valueNode, childPath, report);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
  }
}

function listOf(values: readonly string[]): string {
  return values.length > 6 ? `the ${values.length} known values` : values.map((v) => `'${v}'`).join(", ");
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

function toSchema(shape: Shape): Record<string, unknown> {
  const description = shape.description ? { description: shape.description } : {};
  switch (shape.type) {
    case "string":
      return { type: "string", ...description, ...(shape.enum && { enum: [...shape.enum] }), ...(shape.pattern && { pattern: shape.pattern }) };
    case "integer":
      return { type: "integer", minimum: shape.minimum, ...description };
    case "array":
      return { type: "array", ...description, items: toSchema(shape.items) };
    case "object": {
      const schema: Record<string, unknown> = { type: "object", ...description };
      if (shape.properties) schema.properties = Object.fromEntries(Object.entries(shape.properties).map(([k, v]) => [k, toSchema(v)]));
      if (shape.keys?.enum) schema.propertyNames = { enum: [...shape.keys.enum] };
      if (shape.keys?.pattern) schema.propertyNames = { pattern: shape.keys.pattern };
      schema.additionalProperties = shape.values && !shape.properties ? toSchema(shape.values) : false;
      return schema;
    }
  }
}
