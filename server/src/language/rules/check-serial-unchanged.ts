import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/check-serial-unchanged.md).
export default defineRule({
  id: "check-serial-unchanged",
  severity: "error",
  category: "correctness",
  description: "The script changed since the git base but its check serial did not: devices that ran it skip the change.",
  fixable: false,
  check() {},
});
