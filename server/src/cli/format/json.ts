/**
 * Machine-readable output: one entry per file, 1-based lines and columns. Streamed: each file's
 * entry is written when the file is done, as `JSON.stringify(all, null, 2)` would lay it out.
 */
import type { Diagnostic } from "@upscript/language";
import type { Formatter } from "./types.js";

/** `safe`: --fix repairs it; `unsafe`: only --unsafe-fixes does (the fix changes what devices do); `none`. */
function fixable(d: Diagnostic): "safe" | "unsafe" | "none" {
  if (d.fixes.some((f) => f.safety === "safe")) return "safe";
  return d.fixes.length > 0 ? "unsafe" : "none";
}

/**
 * `value` as JSON.stringify(…, null, 2) lays it out as an element `depth` levels down: every
 * line after the first indented by two spaces a level (JSON strings hold no raw line breaks).
 */
export function nestedJson(value: unknown, depth: number): string {
  const pad = "  ".repeat(depth);
  return pad + JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`);
}

export const json: Formatter = () => {
  let files = 0;
  return {
    file: ({ file, diagnostics }) =>
      (files++ === 0 ? "[\n" : ",\n") +
      nestedJson(
        {
          file,
          diagnostics: diagnostics.map((d) => ({
            rule: d.rule,
            severity: d.severity,
            message: d.message,
            line: d.range.line + 1,
            column: d.range.column + 1,
            endLine: d.range.endLine + 1,
            endColumn: d.range.endColumn + 1,
            fixable: fixable(d),
          })),
        },
        1,
      ),
    end: () => (files === 0 ? "[]\n" : "\n]\n"),
  };
};
