/** `upscript rules` and `upscript explain RULE`. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES, didYouMean, docsUrl, findRule } from "@upscript/language";
import { ExitCode, type Console } from "./process.js";
import { renderMarkdownForTerminal } from "./terminal-markdown.js";

export interface RulesOptions {
  /** `text` (an aligned table) or `json`. */
  readonly format?: string;
}

export function rulesCommand(options: RulesOptions, out: Console): ExitCode {
  if (options.format === "json") {
    const list = RULES.map((r) => ({ id: r.id, severity: r.severity, category: r.category, fixable: r.fixable, description: r.description, docsUrl: docsUrl(r.id) }));
    out.write(`${JSON.stringify(list, null, 2)}\n`);
    return ExitCode.Clean;
  }
  const header = ["rule", "severity", "category", "fix", "what it reports"];
  // The fix column: safe (--fix), unsafe (--unsafe-fixes: it changes what devices do), or empty.
  const rows = RULES.map((r) => [r.id, r.severity, r.category, r.fixable === "none" ? "" : r.fixable, r.description]);
  // Every column as wide as its widest cell, header included; the last one is not padded.
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]!))).join("  ");
  out.write(`${out.style.dim(line(header))}\n${rows.map(line).join("\n")}\n`);
  return ExitCode.Clean;
}

/** The rule docs ship next to the bundle (dist/../docs/rules). */
function docsFolder(): string {
  return join(__dirname, "..", "docs", "rules");
}

export interface ExplainOptions {
  /** `text` (rendered for a terminal) or `markdown` (the page as it is). */
  readonly format?: string;
}

export function explainCommand(id: string, options: ExplainOptions, out: Console): ExitCode {
  const rule = findRule(id);
  if (!rule) {
    out.error(`unknown rule '${id}'${didYouMean(id, RULES.map((r) => r.id))}; 'upscript rules' lists them`);
    return ExitCode.Usage;
  }
  const path = join(docsFolder(), `${rule.id}.md`);
  if (!existsSync(path)) {
    out.write(`${rule.id} (${rule.severity}, ${rule.category}): ${rule.description}\n${docsUrl(rule.id)}\n`);
    return ExitCode.Clean;
  }
  const page = readFileSync(path, "utf8");
  out.write(options.format === "markdown" ? page : renderMarkdownForTerminal(page, { style: out.style, base: docsUrl(rule.id) }));
  return ExitCode.Clean;
}
