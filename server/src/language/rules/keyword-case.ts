import { replaceFix } from "./util.js";
import { defineRule } from "./types.js";

/** Keywords, verbs, final commands, switches and module names in a case the device does not accept. */
export default defineRule({
  id: "keyword-case",
  severity: "error",
  category: "correctness",
  description: "A keyword or module name in the wrong case (`PROT`, `up0`): the device compares them exactly and ignores the line.",
  fixable: "unsafe",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (!("caseIssues" in line)) continue;
      for (const { word, expected } of line.caseIssues) {
        report({
          range: word.range,
          message: `'${word.text}' must be written '${expected}': the device compares keywords and module names exactly, so it does not recognise '${word.text}' and ignores this line`,
          fixes: [replaceFix("unsafe", `Write '${expected}'`, word.range, expected)],
        });
      }
    }
  },
});
