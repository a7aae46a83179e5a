import { FINALS, type ConfigLine } from "@upscript/grammar";
import { commandsIn, lineIndex, linesOf } from "./util-index.js";
import { appendFix, canReset } from "./util.js";
import { defineRule } from "./types.js";

/** A cfg whose final command never resets, with nothing later that activates or restarts. */
export default defineRule({
  id: "cfg-not-activated",
  severity: "warning",
  category: "correctness",
  description: "A cfg whose final command restarts nothing, with no later config activate or restart: the loaded settings wait for the next restart.",
  fixable: "none",
  reads: (index) => [commandsIn(index, "check"), commandsIn(index, "cfg"), index.configs, index.finals],
  check({ script, role, report }) {
    // A cfg inside a cfg target is nested-cfg's finding.
    if (role === "cfg-target") return;
    // The last check's final runs at the end of a complete run, wherever that check stands.
    const lastCheck = linesOf(script, "check").at(-1);
    const checkResets = canReset(lastCheck?.final?.final);
    const { configs, finals } = lineIndex(script);
    const lastActivation = Math.max(configs.findLast(activates)?.line ?? -1, finals.findLast((l) => canReset(l.final.final))?.line ?? -1);
    for (const line of linesOf(script, "cfg")) {
      if (!line.final?.final) continue;
      if (FINALS[line.final.final].timing !== null) continue;
      if (checkResets || lastActivation > line.line) continue;
      const eol = line.eol || "\n";
      report({
        range: line.final.range,
        message: `'${line.final.text}' restarts nothing and no later line runs config activate or a restart: the device writes the settings this cfg loads, but they take effect only at its next restart`,
        suggestions: [appendFix("unsafe", "Add 'config activate' and 'iresetn' after this line", line.range, `${eol}config activate${eol}iresetn`)],
      });
    }
  },
});

function activates(line: ConfigLine): boolean {
  return line.kind === "config" && line.verb?.text.toLowerCase() === "activate";
}
