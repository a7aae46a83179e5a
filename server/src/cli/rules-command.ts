/** `upscript rules` and `upscript explain RULE`. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RULES, didYouMean, docsUrl, findRule } from "@upscript/language";
import { ExitCode, type Console } from "./process.js";

export function rulesCommand(out: Console): ExitCode {
  const width = Math.max(...RULES.map((r) => r.id.length));
  const lines = RULES.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.category.padEnd(13)}  ${r.fixable ? "fix" : "   "}  ${r.description}`);
  out.write(`${out.style.dim(`${"rule".padEnd(width)}  severity  category       fix  what it reports`)}\n${lines.join("\n")}\n`);
  return ExitCode.Clean;
}

/** The rule docs ship next to the bundle (dist/../docs/rules). */
function docsFolder(): string {
  return join(__dirname, "..", "docs", "rules");
}

export function explainCommand(id: string, out: Console): ExitCode {
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
  out.write(readFileSync(path, "utf8"));
  return ExitCode.Clean;
}
