import { FINALS, type FinalArg, type LineEnd, type LineNode, type Range } from "@upscript/grammar";
import { commandsIn } from "./util-index.js";
import { appendFix, canReset } from "./util.js";
import { defineRule } from "./types.js";

/** A cfg whose final restarts nothing, waiting for a later line that activates. */
interface Load {
  readonly final: FinalArg;
  readonly range: Range;
  readonly eol: LineEnd;
}

/** A cfg whose final command never resets, with nothing later that activates or restarts. */
export default defineRule({
  id: "cfg-not-activated",
  severity: "warning",
  category: "correctness",
  description: "A cfg whose final command restarts nothing, with no later config activate or restart: the loaded settings wait for the next restart.",
  fixable: "none",
  reads: (index) => [commandsIn(index, "check"), commandsIn(index, "cfg"), index.configs, index.finals],
  visit({ role, report }) {
    // A cfg inside a cfg target is nested-cfg's finding.
    if (role === "cfg-target") return undefined;
    // The loads since the last line that activates: a later activation takes care of all of them.
    const waiting: Load[] = [];
    let checkResets = false;
    return {
      line(line) {
        if (activates(line)) waiting.length = 0;
        if (line.kind !== "module") return;
        // The last check's final runs at the end of a complete run, wherever that check stands.
        if (line.id === "check") checkResets = canReset(line.final?.final);
        else if (line.id === "cfg" && line.final?.final && FINALS[line.final.final].timing === null) waiting.push({ final: line.final, range: line.range, eol: line.eol });
      },
      end() {
        if (checkResets) return;
        for (const load of waiting) {
          const eol = load.eol || "\n";
          report({
            range: load.final.range,
            message: `'${load.final.text}' restarts nothing and no later line runs config activate or a restart: the device writes the settings this cfg loads, but they take effect only at its next restart`,
            suggestions: [appendFix("unsafe", "Add 'config activate' and 'iresetn' after this line", load.range, `${eol}config activate${eol}iresetn`)],
          });
        }
      },
    };
  },
});

/** `config activate`, or a final command alone that can restart. */
function activates(line: LineNode): boolean {
  if (line.kind === "final") return canReset(line.final.final);
  // The length first: most config lines are no activation, and lower-casing each made a string.
  return line.kind === "config" && line.verb?.text.length === 8 && line.verb.text.toLowerCase() === "activate";
}
