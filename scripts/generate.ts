/**
 * Writes the files generated from the catalog and the rule registry:
 * docs/upscriptrc.schema.json, docs/state.schema.json, docs/rules.md, docs/dry-run.schema.json,
 * docs/live-poll.schema.json and the TextMate grammar grammar/upscript.tmLanguage.json. `npm run generate`;
 * a test fails when they are out of date.
 */
import { writeFileSync } from "node:fs";
import { configSchema, dryRunSchema, livePollSchema, stateSchema } from "@upscript/language";
import { textMateGrammarText } from "../grammar/src/textmate.js";
import { rulesIndexMarkdown } from "../server/src/language/rules-index.js";

// Run through npm (`npm run generate`), so the working directory is the repository root.
const root = new URL(`file://${process.cwd()}/`);
writeFileSync(new URL("docs/upscriptrc.schema.json", root), `${JSON.stringify(configSchema(), null, 2)}\n`);
writeFileSync(new URL("docs/state.schema.json", root), `${JSON.stringify(stateSchema(), null, 2)}\n`);
writeFileSync(new URL("docs/rules.md", root), rulesIndexMarkdown());
writeFileSync(new URL("docs/dry-run.schema.json", root), `${JSON.stringify(dryRunSchema(), null, 2)}\n`);
writeFileSync(new URL("docs/live-poll.schema.json", root), `${JSON.stringify(livePollSchema(), null, 2)}\n`);
writeFileSync(new URL("grammar/upscript.tmLanguage.json", root), textMateGrammarText());
console.log("wrote docs/upscriptrc.schema.json, docs/state.schema.json, docs/rules.md, docs/dry-run.schema.json, docs/live-poll.schema.json and grammar/upscript.tmLanguage.json");
