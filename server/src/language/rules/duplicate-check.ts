import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/duplicate-check.md).
export default defineRule({
  id: "duplicate-check",
  severity: "warning",
  category: "correctness",
  description: "More than one check line in a script.",
  fixable: false,
  check() {},
});
