import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/reused-backup-index.md).
export default defineRule({
  id: "reused-backup-index",
  severity: "error",
  category: "correctness",
  description: "#bn in more than one scfg URL of one script: the backups overwrite each other.",
  fixable: false,
  check() {},
});
