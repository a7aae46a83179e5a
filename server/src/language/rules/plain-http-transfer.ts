import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/plain-http-transfer.md).
export default defineRule({
  id: "plain-http-transfer",
  severity: "info",
  category: "security",
  description: "Firmware or configuration moved over http:// instead of https://.",
  fixable: false,
  check() {},
});
