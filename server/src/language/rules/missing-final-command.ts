import { appendFix, insertFix, isTransfer } from "./util.js";
import { defineRule } from "./types.js";

/** A command that needs FINAL but has none (`prot URL 04-5656`, `check 7`). */
export default defineRule({
  id: "missing-final-command",
  severity: "error",
  category: "correctness",
  description: "A command that needs a final command but has none, e.g. `prot URL 04-5656` or `check 7`.",
  fixable: "unsafe",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (line.kind !== "module" || !line.verb) continue;
      if (line.id !== "check" && !isTransfer(line)) continue;
      if (line.final || (line.id === "scfg" && !line.serial)) continue;
      const verb = line.verb.text;
      const before = line.serial;
      // `ser` (do nothing afterwards) is the one choice that never restarts a device; it is only
      // offered when the URL is in place, so the fix never creates a new error.
      const url = line.id === "check" ? undefined : line.url;
      const fixes = before && (line.id === "check" || url?.looksLikeUrl)
        ? [insertFix("unsafe", "Insert 'ser' (do nothing afterwards)", before.range, "ser ")]
        : url?.looksLikeUrl
          ? [appendFix("unsafe", "Append 'ser' (do nothing afterwards)", url.range, " ser")]
          : [];
      report({
        range: line.verb.range,
        message: `${verb} has no final command: write ireset, reset, iresetn, resetn, reboot, ireboot, ser or no-op${before ? ` before '${before.text}'` : ""} (ser does nothing afterwards)`,
        fixes,
      });
    }
  },
});
