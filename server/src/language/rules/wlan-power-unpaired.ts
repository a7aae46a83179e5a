import { appendFix } from "./util.js";
import { commandsIn, lineIndex, linesOf } from "./util-index.js";
import { defineRule } from "./types.js";

/** `mod cmd WLANMGR0 activate-pwr` with no deactivate-pwr after it. */
export default defineRule({
  id: "wlan-power-unpaired",
  severity: "info",
  category: "correctness",
  description: "activate-pwr without a later deactivate-pwr: the Wi-Fi phone stays out of power-save mode.",
  fixable: "none",
  reads: (index) => [commandsIn(index, "activate-pwr"), commandsIn(index, "deactivate-pwr"), index.transfers],
  check({ script, report }) {
    const lastDeactivate = linesOf(script, "deactivate-pwr").at(-1)?.line ?? -1;
    const lastTransfer = lineIndex(script).transfers.at(-1);
    for (const line of linesOf(script, "activate-pwr")) {
      if (!line.verb || lastDeactivate > line.line) continue;
      // Switch power-save back on after the last download below, or right here when there is none.
      const after = lastTransfer && lastTransfer.line > line.line ? lastTransfer : line;
      const eol = after.eol || "\n";
      report({
        range: line.verb.range,
        message: `${line.verb.text} takes the phone out of power-save mode and no deactivate-pwr follows: it stays that way, draining the battery, until it next restarts`,
        suggestions: [appendFix("unsafe", `Add 'mod cmd WLANMGR0 deactivate-pwr' after line ${after.line + 1}`, after.range, `${eol}mod cmd WLANMGR0 deactivate-pwr`)],
      });
    }
  },
});
