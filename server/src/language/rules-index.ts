/** The Markdown table of all rules (docs/rules.md), generated from the registry. */
import { RULES } from "./rules/index.js";

export function rulesIndexMarkdown(): string {
  const rows = RULES.map((r) => `| [\`${r.id}\`](rules/${r.id}.md) | ${r.severity} | ${r.category} | ${r.fixable ? "yes" : ""} | ${r.description.replace(/\|/g, "\\|")} |`);
  return [
    "# Rules",
    "",
    "Every rule upscript checks, with its default severity. Change a severity or turn a rule off in",
    "`.upscriptrc.json` (`\"rules\": { \"<id>\": \"off\" }`) or for single lines with a directive",
    "(`# upscript-disable-next-line <id> -- reason`). *Fix* means `upscript lint --fix` and the",
    "editor's \"fix all\" can repair some findings safely. This page is generated (`npm run generate`).",
    "",
    "| rule | severity | category | fix | reports |",
    "|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
