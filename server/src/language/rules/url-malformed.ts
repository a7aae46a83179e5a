import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/url-malformed.md).
export default defineRule({
  id: "url-malformed",
  severity: "error",
  category: "correctness",
  description: "A URL that cannot be parsed; the device would report failed(502).",
  fixable: false,
  check() {},
});
