import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/unknown-meta.md).
export default defineRule({
  id: "unknown-meta",
  severity: "warning",
  category: "correctness",
  description: "A #x in a URL that is no known meta sequence.",
  fixable: false,
  check() {},
});
