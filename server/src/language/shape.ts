/**
 * One description of a JSON file's shape that gives both its JSON Schema (published in docs/)
 * and the checker upscript runs, with messages that name the key and ranges that point at it.
 * Used for `.upscriptrc.json` (config.ts) and the `--state` file (state.ts), so the schema an
 * editor checks against and the checker the tools run cannot disagree (tests compare them).
 *
 * User-chosen keys never become keys of ordinary objects: every object the checker builds has
 * no prototype, and `__proto__`, `constructor` and `prototype` are refused as keys anywhere in
 * the file, with the range of the key.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from "jsonc-parser";
import { lineStarts, rangeAt, type Range } from "@upscript/grammar";
import { didYouMean } from "./spelling.js";

export type Shape = ObjectShape | StringShape | IntegerShape | BooleanShape | ArrayShape | OneOfShape;

export interface ObjectShape {
  readonly type: "object";
  readonly description?: string;
  /** Known keys. */
  readonly properties?: Readonly<Record<string, Shape>>;
  /** The shape of the values of other keys (a map); without it, other keys are unknown. */
  readonly values?: Shape;
  /** What map keys must be. */
  readonly keys?: KeyRule;
  /** Message for a key that is neither a property nor allowed by `values`. */
  readonly unknownKey?: (key: string, known: readonly string[], path: string) => string;
}

export interface StringShape {
  readonly type: "string";
  readonly description?: string;
  readonly enum?: readonly string[];
  /** A JSON Schema pattern, enforced by the checker too. */
  readonly pattern?: string;
  /** What the pattern means, for the message: `'x' is not <patternWhat>`. */
  readonly patternWhat?: string;
  /** A further check the schema cannot express; returns the problem. */
  readonly check?: (value: string) => string | undefined;
  /** `null` is accepted too. */
  readonly nullable?: boolean;
  /** Values an editor offers (JSON Schema `examples`) where others are allowed too; not checked. */
  readonly examples?: readonly string[];
}

export interface IntegerShape {
  readonly type: "integer";
  readonly description?: string;
  readonly minimum: number;
  readonly maximum?: number;
}

export interface BooleanShape {
  readonly type: "boolean";
  readonly description?: string;
}

export interface ArrayShape {
  readonly type: "array";
  readonly description?: string;
  readonly items: Shape;
}

/**
 * One of several shapes, told apart by the JSON type of the value (a string, a number, an object
 * …): at most one variant per JSON type, so the schema's `oneOf` and the checker agree.
 */
export interface OneOfShape {
  readonly type: "oneOf";
  readonly description?: string;
  readonly variants: readonly Exclude<Shape, OneOfShape>[];
  /** What the value must be, for the message: `X must be <what>, not number`. */
  readonly what: string;
}

export interface KeyRule {
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly what: string;
}

/** Keys that would reach Object.prototype if they became keys of an ordinary object. */
export const FORBIDDEN_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

export interface ShapeProblem {
  /** Key path such as `rules.times-hourz` or `target.firmware`. */
  readonly path: string;
  readonly message: string;
  readonly range: Range;
}

export interface Checked {
  /** The parts that passed; undefined when the text is not JSON or the top level is wrong. */
  readonly value: unknown;
  readonly problems: readonly ShapeProblem[];
  /** Problems that are JSON syntax errors (also in `problems`). */
  readonly syntax: readonly ShapeProblem[];
  /** The range of the value at a key path, for checks across keys. */
  readonly rangeOf: (path: readonly (string | number)[]) => Range | undefined;
}

export interface CheckOptions {
  /** Accept comments and trailing commas (`.upscriptrc.json` does; the state file is plain JSON). */
  readonly jsonc: boolean;
  /** What the top level is called in messages ("the configuration"). */
  readonly rootName: string;
}

/** Parses `text` and checks it against `shape`. Bad parts are dropped and reported. */
export function checkText(text: string, shape: Shape, options: CheckOptions): Checked {
  const starts = lineStarts(text);
  const problems: ShapeProblem[] = [];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: options.jsonc, disallowComments: !options.jsonc });
  for (const e of errors) {
    problems.push({ path: "", message: `not valid JSON: ${describeParseError(printParseErrorCode(e.error))}`, range: rangeAt(starts, e.offset, e.offset + e.length) });
  }
  const syntax = [...problems];
  const rangeOf = (path: readonly (string | number)[]) => {
    const node = root && findNodeAtLocation(root, [...path]);
    return node ? rangeAt(starts, node.offset, node.offset + node.length) : undefined;
  };
  if (!root) return { value: undefined, problems, syntax, rangeOf };
  const report: Report = (node, path, message) => problems.push({ path, message, range: rangeAt(starts, node.offset, node.offset + node.length) });
  reportForbiddenKeys(root, "", report);
  const value = check(shape, root, "", report, options.rootName);
  return { value, problems, syntax, rangeOf };
}

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

type Report = (node: JsonNode, path: string, message: string) => void;

function typeName(node: JsonNode): string {
  return node.type === "null" ? "null" : node.type;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Every `__proto__`, `constructor` and `prototype` key, at any depth, known key or not. */
function reportForbiddenKeys(node: JsonNode, path: string, report: Report): void {
  if (node.type === "array") {
    (node.children ?? []).forEach((child, i) => reportForbiddenKeys(child, `${path}[${i}]`, report));
    return;
  }
  if (node.type !== "object") return;
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode) continue;
    const key = keyNode.value as string;
    if (FORBIDDEN_KEYS.includes(key)) {
      report(keyNode, join(path, key), `'${key}' cannot be a key: it would change what every object inherits`);
      continue;
    }
    if (valueNode) reportForbiddenKeys(valueNode, join(path, key), report);
  }
}

function ownShape(properties: Readonly<Record<string, Shape>> | undefined, key: string): Shape | undefined {
  return properties && Object.hasOwn(properties, key) ? properties[key] : undefined;
}

function check(shape: Shape, node: JsonNode, path: string, report: Report, rootName: string): unknown {
  const where = path || rootName;
  switch (shape.type) {
    case "oneOf": {
      const variant = shape.variants.find((v) => jsonTypeOf(v) === node.type);
      if (!variant) return void report(node, path, `${where} must be ${shape.what}, not ${typeName(node)}`);
      return check(variant, node, path, report, rootName);
    }
    case "string": {
      if (shape.nullable && node.type === "null") return null;
      if (node.type !== "string") return void report(node, path, `${where} must be a string${shape.nullable ? " or null" : ""}, not ${typeName(node)}`);
      const value = node.value as string;
      if (shape.enum && !shape.enum.includes(value)) return void report(node, path, `${where}: '${value}' is not one of ${listOf(shape.enum)}${didYouMean(value, shape.enum)}`);
      if (shape.pattern && !new RegExp(shape.pattern).test(value)) {
        return void report(node, path, `${where}: '${value}' is not ${shape.patternWhat ?? `of the form ${shape.pattern}`}`);
      }
      const problem = shape.check?.(value);
      if (problem) return void report(node, path, `${where}: ${problem}`);
      return value;
    }
    case "integer": {
      const value = node.value as number;
      if (node.type !== "number" || !Number.isInteger(value) || value < shape.minimum || (shape.maximum !== undefined && value > shape.maximum)) {
        const range = `a whole number of at least ${shape.minimum}${shape.maximum !== undefined ? ` and at most ${shape.maximum}` : ""}`;
        return void report(node, path, `${where} must be ${range}${node.type === "number" ? "" : `, not ${typeName(node)}`}`);
      }
      return value;
    }
    case "boolean": {
      if (node.type !== "boolean") return void report(node, path, `${where} must be true or false, not ${typeName(node)}`);
      return node.value as boolean;
    }
    case "array": {
      if (node.type !== "array") return void report(node, path, `${where} must be a list, not ${typeName(node)}`);
      return (node.children ?? []).map((child, i) => check(shape.items, child, `${path}[${i}]`, report, rootName)).filter((v) => v !== undefined);
    }
    case "object": {
      if (node.type !== "object") return void report(node, path, `${where} must be an object, not ${typeName(node)}`);
      const out: Record<string, unknown> = Object.create(null);
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = keyNode.value as string;
        // Reported once, by reportForbiddenKeys; never a key of the result.
        if (FORBIDDEN_KEYS.includes(key)) continue;
        const childPath = join(path, key);
        const known = ownShape(shape.properties, key);
        const childShape = known ?? shape.values;
        if (!childShape) {
          const names = Object.keys(shape.properties ?? {});
          report(keyNode, childPath, shape.unknownKey ? shape.unknownKey(key, names, path) : `unknown key '${key}'${path ? ` in ${path}` : ""}${didYouMean(key, names)}`);
          continue;
        }
        if (!known && shape.keys) {
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
        const value = check(childShape, valueNode, childPath, report, rootName);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
  }
}

/** The JSON type (as jsonc-parser names it) a shape's values have. */
function jsonTypeOf(shape: Exclude<Shape, OneOfShape>): string {
  return shape.type === "integer" ? "number" : shape.type;
}

function listOf(values: readonly string[]): string {
  return values.length > 6 ? `the ${values.length} known values` : values.map((v) => `'${v}'`).join(", ");
}

// ---- schema ----

/** The JSON Schema (draft-07) of a shape. */
export function toSchema(shape: Shape): Record<string, unknown> {
  const description = shape.description ? { description: shape.description } : {};
  switch (shape.type) {
    case "oneOf":
      return { ...description, oneOf: shape.variants.map(toSchema) };
    case "string":
      return {
        type: shape.nullable ? ["string", "null"] : "string",
        ...description,
        ...(shape.enum && { enum: [...shape.enum] }),
        ...(shape.pattern && { pattern: shape.pattern }),
        ...(shape.examples && { examples: [...shape.examples] }),
      };
    case "integer":
      return { type: "integer", minimum: shape.minimum, ...(shape.maximum !== undefined && { maximum: shape.maximum }), ...description };
    case "boolean":
      return { type: "boolean", ...description };
    case "array":
      return { type: "array", ...description, items: toSchema(shape.items) };
    case "object": {
      const schema: Record<string, unknown> = { type: "object", ...description };
      if (shape.properties) schema.properties = Object.fromEntries(Object.entries(shape.properties).map(([k, v]) => [k, toSchema(v)]));
      if (shape.keys?.enum) schema.propertyNames = { enum: [...shape.keys.enum] };
      if (shape.keys?.pattern) schema.propertyNames = { pattern: shape.keys.pattern };
      if (shape.values && !shape.keys) schema.propertyNames = { not: { enum: [...FORBIDDEN_KEYS] } };
      schema.additionalProperties = shape.values && !shape.properties ? toSchema(shape.values) : false;
      return schema;
    }
  }
}
