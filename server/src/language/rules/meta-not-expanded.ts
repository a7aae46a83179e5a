import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/meta-not-expanded.md).
export default defineRule({
  id: "meta-not-expanded",
  severity: "warning",
  category: "correctness",
  description: "A meta sequence in a prot, boot, bmc or cfg URL, where the device does not replace it.",
  fixable: false,
  check() {},
});
