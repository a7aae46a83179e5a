/**
 * ESLint's "stylish" layout: problems grouped by file, then a count (`✖ N problems (…)` when
 * there are errors or warnings, `ℹ N infos` when there are only infos). File names and messages
 * are inert (escapeControl, docs/security.md); the colours are the only escape sequences.
 */
import { escapeControl } from "@upscript/language";
import type { Formatter } from "./types.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export const stylish: Formatter = (style) => {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixable = 0;
  let unsafe = 0;
  return {
    file: ({ file, diagnostics }) => {
      // A file's block, then a blank line; the count follows the last block.
      if (diagnostics.length === 0) return "";
      const out = [style.bold(escapeControl(file))];
      const where = diagnostics.map((d) => `${d.range.line + 1}:${d.range.column + 1}`);
      const width = Math.max(...where.map((w) => w.length));
      diagnostics.forEach((d, i) => {
        const severity = d.severity === "error" ? style.red("error  ") : d.severity === "warning" ? style.yellow("warning") : style.cyan("info   ");
        out.push(`  ${style.dim(where[i]!.padEnd(width))}  ${severity}  ${escapeControl(d.message)}  ${style.dim(escapeControl(d.rule))}`);
        if (d.severity === "error") errors++;
        else if (d.severity === "warning") warnings++;
        else infos++;
        if (d.fixes.some((f) => f.safety === "safe")) fixable++;
        else if (d.fixes.length) unsafe++;
      });
      return `${out.join("\n")}\n\n`;
    },
    end: () => {
      const out: string[] = [];
      const total = errors + warnings + infos;
      if (total === 0) return "";
      if (errors + warnings === 0) {
        // Infos alone are hints, not problems: no ✖, and named as what they are.
        out.push(style.cyan(style.bold(`ℹ ${plural(infos, "info")}`)));
        const fixes = fixableLine(fixable, unsafe, "info");
        if (fixes) out.push(style.dim(fixes));
        return `${out.join("\n")}\n`;
      }
      const summary = `✖ ${plural(total, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")}, ${plural(infos, "info")})`;
      out.push(errors ? style.red(style.bold(summary)) : style.yellow(style.bold(summary)));
      const fixes = fixableLine(fixable, unsafe, "problem");
      if (fixes) out.push(style.dim(fixes));
      return `${out.join("\n")}\n`;
    },
  };
};

/**
 * `N problems fixable with --fix`, counting the safe fixes only; the fixes that change what
 * devices do are named apart, as Ruff names its hidden unsafe fixes.
 */
function fixableLine(safe: number, unsafe: number, word: string): string | undefined {
  const changes = (n: number) => `${n === 1 ? "it changes" : "they change"} what devices do`;
  if (safe && unsafe) return `  ${plural(safe, word)} fixable with --fix (${unsafe} more with --unsafe-fixes: ${changes(unsafe)})`;
  if (safe) return `  ${plural(safe, word)} fixable with --fix`;
  if (unsafe) return `  ${plural(unsafe, word)} fixable with --unsafe-fixes (${changes(unsafe)})`;
  return undefined;
}
