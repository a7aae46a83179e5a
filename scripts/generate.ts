/**
 * Writes the files generated from the catalog and the rule registry:
 * docs/upscriptrc.schema.json and docs/rules.md. `npm run generate`; a test fails when they are
 * out of date.
 */
import { writeFileSync } from "node:fs";
import { configSchema } from "@upscript/language";
import { rulesIndexMarkdown } from "../server/src/language/rules-index.js";

// Run through npm (`npm run generate`), so the working directory is the repository root.
const root = new URL(`file://${process.cwd()}/`);
writeFileSync(new URL("docs/upscriptrc.schema.json", root), `${JSON.stringify(configSchema(), null, 2)}\n`);
writeFileSync(new URL("docs/rules.md", root), rulesIndexMarkdown());
console.log("wrote docs/upscriptrc.schema.json and docs/rules.md");
