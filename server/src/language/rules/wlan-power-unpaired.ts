import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/wlan-power-unpaired.md).
export default defineRule({
  id: "wlan-power-unpaired",
  severity: "info",
  category: "correctness",
  description: "activate-pwr without a later deactivate-pwr.",
  fixable: false,
  check() {},
});
