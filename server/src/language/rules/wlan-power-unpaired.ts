import { appendFix, isTransfer } from "./util.js";
import { defineRule } from "./types.js";

/** `mod cmd WLANMGR0 activate-pwr` with no deactivate-pwr after it. */
export default defineRule({
  id: "wlan-power-unpaired",
  severity: "info",
  category: "correctness",
  description: "activate-pwr without a later deactivate-pwr: the Wi-Fi phone stays out of power-save mode.",
  fixable: "none",
  check({ script, report }) {
    const lastDeactivate = script.lines.findLastIndex((l) => l.kind === "module" && l.id === "deactivate-pwr");
    const lastTransfer = script.lines.findLastIndex(isTransfer);
    for (const [index, line] of script.lines.entries()) {
      if (line.kind !== "module" || line.id !== "activate-pwr" || !line.verb || lastDeactivate > index) continue;
      // Switch power-save back on after the last download below, or right here when there is none.
      const after = lastTransfer > index ? script.lines[lastTransfer]! : line;
      const eol = after.eol || "\n";
      report({
        range: line.verb.range,
        message: `${line.verb.text} takes the phone out of power-save mode and no deactivate-pwr follows: it stays that way, draining the battery, until it next restarts`,
        suggestions: [appendFix("unsafe", `Add 'mod cmd WLANMGR0 deactivate-pwr' after line ${after.line + 1}`, after.range, `${eol}mod cmd WLANMGR0 deactivate-pwr`)],
      });
    }
  },
});
