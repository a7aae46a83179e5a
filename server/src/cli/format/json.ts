/** Machine-readable output: one entry per file, 1-based lines and columns. */
import type { Formatter } from "./types.js";

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
        fixable: d.fixes.length > 0,
      })),
    })),
    null,
    2,
  )}\n`;
