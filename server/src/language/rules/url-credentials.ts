import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/url-credentials.md).
export default defineRule({
  id: "url-credentials",
  severity: "warning",
  category: "security",
  description: "A user name or password inside a URL.",
  fixable: false,
  check() {},
});
