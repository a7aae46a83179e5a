import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/scfg-force.md).
export default defineRule({
  id: "scfg-force",
  severity: "error",
  category: "correctness",
  description: "/force without a serial, or without a positive whole number of hours.",
  fixable: false,
  check() {},
});
