import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/after-reset.md).
export default defineRule({
  id: "after-reset",
  severity: "info",
  category: "correctness",
  description: "Lines after a command whose final command resets at once: they run only on polls where it does not fire.",
  fixable: false,
  check() {},
});
