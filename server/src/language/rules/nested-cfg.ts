import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/nested-cfg.md).
export default defineRule({
  id: "nested-cfg",
  severity: "error",
  category: "correctness",
  description: "`mod cmd UP0 cfg` inside a file that a cfg line loads (other UP0 commands there: warning).",
  fixable: false,
  check() {},
});
