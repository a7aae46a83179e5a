/** `file:line:column: severity: message [rule]`, one line per problem: editors and CI parse it. */
import type { Formatter } from "./types.js";

export const gcc: Formatter = (results) =>
  results
    .flatMap(({ file, diagnostics }) =>
      diagnostics.map((d) => `${file}:${d.range.line + 1}:${d.range.column + 1}: ${d.severity}: ${d.message} [${d.rule}]\n`),
    )
    .join("");
