import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/url-host-name.md).
export default defineRule({
  id: "url-host-name",
  severity: "info",
  category: "compatibility",
  description: "A host name where old firmware (before 9) needs an IP address.",
  fixable: false,
  check() {},
});
