import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/version-feature.md).
export default defineRule({
  id: "version-feature",
  severity: "warning",
  category: "compatibility",
  description: "A feature the declared target firmware lacks.",
  fixable: false,
  check() {},
});
