import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/missing-file.md).
export default defineRule({
  id: "missing-file",
  severity: "warning",
  category: "correctness",
  description: "A URL under the declared web root whose file does not exist there (failed(404) on the device).",
  fixable: false,
  check() {},
});
