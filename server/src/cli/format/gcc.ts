/**
 * `file:line:column: severity: message [rule]`, one line per problem: editors and CI parse it.
 * File names and messages are inert (escapeControl): a control character or line break from a
 * script can neither drive the terminal nor forge a line (docs/security.md).
 */
import { escapeControl } from "@upscript/language";
import type { Formatter } from "./types.js";

export const gcc: Formatter = () => ({
  file: ({ file, diagnostics }) =>
    diagnostics.map((d) => `${escapeControl(file)}:${d.range.line + 1}:${d.range.column + 1}: ${d.severity}: ${escapeControl(d.message)} [${escapeControl(d.rule)}]\n`).join(""),
  end: () => "",
});
