import { replaceFix } from "./util.js";
import { defineRule } from "./types.js";

/** Keywords, verbs, final commands, switches and module names in a case the device does not accept. */
export default defineRule({
  id: "keyword-case",
  severity: "warning",
  category: "correctness",
  description: "A keyword or module name in the wrong case (`PROT`, `up0`): the device compares them exactly.",
  fixable: true,
  check({ script, report }) {
    for (const line of script.lines) {
      if (!("caseIssues" in line)) continue;
      for (const { word, expected } of line.caseIssues) {
        report({
          range: word.range,
          message: `'${word.text}' must be written '${expected}': the device compares keywords and module names exactly and would not recognise it`,
          fixes: [replaceFix(`Write '${expected}'`, word.range, expected)],
        });
      }
    }
  },
});
