import { COMMANDS, FINAL_WORDS } from "@upscript/grammar";
import { didYouMean } from "../spelling.js";
import { insertFix } from "./util.js";
import { defineRule } from "./types.js";

const FIRST_WORDS = ["mod", "config", "vars", ...FINAL_WORDS];

/** A line whose first word is not mod, config, vars or a final command. */
export default defineRule({
  id: "unknown-command",
  severity: "info",
  category: "correctness",
  description: "A line whose first word is no known command (mod, config, vars or a final command).",
  fixable: "unsafe",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (line.kind !== "other" || line.unread) continue;
      const head = line.head;
      const verb = COMMANDS.find((c) => c.verb === head.text.toLowerCase());
      if (verb) {
        const prefix = `mod cmd ${verb.module} `;
        report({
          range: head.range,
          message: `'${head.text}' is not a command on its own: did you mean '${prefix}${verb.verb}'? As written, the device does not know this line`,
          fixes: [insertFix("unsafe", `Insert '${prefix}'`, head.range, prefix)],
        });
        continue;
      }
      report({
        range: head.range,
        message: `'${head.text}' is not a command upscript knows; the device may reject the line${didYouMean(head.text, FIRST_WORDS)}`,
      });
    }
  },
});
