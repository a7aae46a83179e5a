/** A readable, stable dump of a syntax tree for golden files: sorted keys, ranges as `line:col-line:col`. */
import type { Range, Script } from "@upscript/grammar";

function isRange(value: unknown): value is Range {
  return typeof value === "object" && value !== null && "start" in value && "endColumn" in value;
}

export function showRange(r: Range): string {
  return `${r.line}:${r.column}-${r.endLine}:${r.endColumn}`;
}

export function dumpTree(script: Script): string {
  const replacer = (key: string, value: unknown) => {
    if (key === "spec") return (value as { id?: string } | undefined)?.id;
    if (key === "words") return undefined;
    if (isRange(value)) return showRange(value);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return value;
  };
  return script.lines.map((line) => JSON.stringify(line, replacer)).join("\n") + "\n";
}
