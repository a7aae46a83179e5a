import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/bmc-default-name.md).
export default defineRule({
  id: "bmc-default-name",
  severity: "warning",
  category: "correctness",
  description: "A bmc URL ending in /: the name the device appends lacks .bin.",
  fixable: false,
  check() {},
});
