import { defineRule } from "./types.js";

/** Lines the grammar cannot read at all (`mod cmd` with nothing after it); found by the parser. */
export default defineRule({
  id: "syntax",
  severity: "error",
  category: "correctness",
  description: "A line the grammar cannot read at all, such as `mod cmd` with nothing after it.",
  fixable: "none",
  scope: "line",
  check({ syntaxDiagnostics, report }) {
    for (const d of syntaxDiagnostics) report({ range: d.range, message: d.limit ? d.message : `${d.message}; the device cannot run this line` });
  },
});
