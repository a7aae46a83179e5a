import { FINALS, type CheckLine, type LineNode } from "@upscript/grammar";
import { appendFix, canReset } from "./util.js";
import { defineRule } from "./types.js";

/** A cfg whose final command never resets, with nothing later that activates or restarts. */
export default defineRule({
  id: "cfg-not-activated",
  severity: "warning",
  category: "correctness",
  description: "A cfg whose final command restarts nothing, with no later config activate or restart: the loaded settings wait for the next restart.",
  fixable: "none",
  check({ script, role, report }) {
    // A cfg inside a cfg target is nested-cfg's finding.
    if (role === "cfg-target") return;
    // The last check's final runs at the end of a complete run, wherever that check stands.
    const lastCheck = script.lines.filter((l): l is CheckLine => l.kind === "module" && l.id === "check").at(-1);
    const checkResets = canReset(lastCheck?.final?.final);
    const lastActivation = script.lines.findLastIndex(activatesOrRestarts);
    for (const [index, line] of script.lines.entries()) {
      if (line.kind !== "module" || line.id !== "cfg" || !line.final?.final) continue;
      if (FINALS[line.final.final].timing !== null) continue;
      if (checkResets || lastActivation > index) continue;
      const eol = line.eol || "\n";
      report({
        range: line.final.range,
        message: `'${line.final.text}' restarts nothing and no later line runs config activate or a restart: the device writes the settings this cfg loads, but they take effect only at its next restart`,
        suggestions: [appendFix("unsafe", "Add 'config activate' and 'iresetn' after this line", line.range, `${eol}config activate${eol}iresetn`)],
      });
    }
  },
});

function activatesOrRestarts(line: LineNode): boolean {
  if (line.kind === "config") return line.verb?.text.toLowerCase() === "activate";
  if (line.kind === "final") return canReset(line.final.final);
  return false;
}
