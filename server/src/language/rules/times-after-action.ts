import { defineRule } from "./types.js";

// PLACEHOLDER: to be implemented (with tests and docs/rules/times-after-action.md).
export default defineRule({
  id: "times-after-action",
  severity: "warning",
  category: "correctness",
  description: "A transfer (prot, boot, bmc, cfg, scfg) above the times line: it runs at any hour.",
  fixable: false,
  check() {},
});
