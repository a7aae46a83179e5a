import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/cfg-not-activated.md).
export default defineRule({
  id: "cfg-not-activated",
  severity: "warning",
  category: "correctness",
  description: "A cfg whose final command resets nothing and no later config activate: the loaded settings wait for the next restart.",
  fixable: false,
  check() {},
});
