import type { LineEnd, Range, Word } from "@upscript/grammar";
import { appendFix, isTransfer } from "./util.js";
import { commandsIn } from "./util-index.js";
import { defineRule } from "./types.js";

/** Where a line is, for a fix that appends after it. */
interface At {
  readonly line: number;
  readonly range: Range;
  readonly eol: LineEnd;
}

/** `mod cmd WLANMGR0 activate-pwr` with no deactivate-pwr after it. */
export default defineRule({
  id: "wlan-power-unpaired",
  severity: "info",
  category: "correctness",
  description: "activate-pwr without a later deactivate-pwr: the Wi-Fi phone stays out of power-save mode.",
  fixable: "none",
  reads: (index) => [commandsIn(index, "activate-pwr"), commandsIn(index, "deactivate-pwr"), index.transfers],
  visit({ report }) {
    // The activate-pwr lines since the last deactivate-pwr.
    const unpaired: (At & { readonly verb: Word })[] = [];
    // The last transfer so far: one node, so it is kept as it is.
    let lastTransfer: At | undefined;
    return {
      line(line) {
        if (line.kind !== "module") return;
        if (line.id === "deactivate-pwr") unpaired.length = 0;
        else if (line.id === "activate-pwr" && line.verb) unpaired.push({ line: line.line, range: line.range, eol: line.eol, verb: line.verb });
        else if (isTransfer(line)) lastTransfer = line;
      },
      end() {
        for (const activate of unpaired) {
          // Switch power-save back on after the last download below, or right here when there is none.
          const after = lastTransfer && lastTransfer.line > activate.line ? lastTransfer : activate;
          const eol = after.eol || "\n";
          report({
            range: activate.verb.range,
            message: `${activate.verb.text} takes the phone out of power-save mode and no deactivate-pwr follows: it stays that way, draining the battery, until it next restarts`,
            suggestions: [appendFix("unsafe", `Add 'mod cmd WLANMGR0 deactivate-pwr' after line ${after.line + 1}`, after.range, `${eol}mod cmd WLANMGR0 deactivate-pwr`)],
          });
        }
      },
    };
  },
});
