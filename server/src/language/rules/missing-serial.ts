import { FINALS, type FinalWord } from "@upscript/grammar";
import { defineRule } from "./types.js";

/**
 * No SERIAL/BUILD where one is needed. A cfg without one loads on every poll: a warning, unless its
 * final command restarts the device, which makes every poll a restart. A loaded file marks a
 * restart as required, so `iresetn`/`resetn` restart after it as surely as `ireset` (docs/rules/missing-serial.md).
 */
export default defineRule({
  id: "missing-serial",
  severity: "error",
  category: "correctness",
  description: "A check, prot, boot, bmc, cfg or scfg without its SERIAL or BUILD (a cfg without one loads on every poll, and restarts on every poll when its final command restarts).",
  fixable: "none",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (line.kind !== "module" || !line.verb) continue;
      const verb = line.verb.text;
      switch (line.id) {
        case "check":
          if (!line.serial) report({ range: line.verb.range, message: "check has no serial: there is nothing to compare with UPDATE/CHECK, so the line cannot work" });
          break;
        case "prot":
        case "boot":
        case "bmc":
          if (!line.serial) report({ range: line.verb.range, message: `${verb} has no build: the device cannot tell whether the file is already installed` });
          break;
        case "cfg":
          if (!line.serial) {
            const final = line.final?.final;
            if (restartsAfterLoad(final)) {
              report({
                range: line.verb.range,
                severity: "error",
                message: `cfg has no serial and '${line.final!.text}' restarts the device${FINALS[final!].onlyIfRequired ? " (a load marks a restart as required)" : ""}: it loads the configuration file and restarts on every poll, a reset loop`,
              });
            } else {
              report({
                range: line.verb.range,
                severity: "warning",
                message: "cfg has no serial: the device loads and writes the configuration file on every poll",
              });
            }
          }
          break;
        case "scfg":
          if (line.final && !line.serial) report({ range: line.verb.range, message: "scfg has a final command but no serial: write the serial after it, or drop both to upload on every poll" });
          break;
      }
    }
  },
});

/** A final command that restarts after a load: any that restarts, since a load marks a restart as required. */
function restartsAfterLoad(final: FinalWord | undefined): boolean {
  return final !== undefined && FINALS[final].timing !== null;
}
