/** Machine-readable output: one entry per file, 1-based lines and columns. */
import type { Diagnostic } from "@upscript/language";
import type { Formatter } from "./types.js";

/** `safe`: --fix repairs it; `unsafe`: only --unsafe-fixes does (the fix changes what devices do); `none`. */
function fixable(d: Diagnostic): "safe" | "unsafe" | "none" {
  if (d.fixes.some((f) => f.safety === "safe")) return "safe";
  return d.fixes.length > 0 ? "unsafe" : "none";
}

export const json: Formatter = (results) =>
  `${JSON.stringify(
    results.map(({ file, diagnostics }) => ({
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
    })),
    null,
    2,
  )}\n`;
