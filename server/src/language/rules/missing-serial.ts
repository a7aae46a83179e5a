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
      if (line.kind !== "module" || !line.verb || !line.spec || !("serial" in line) || line.serial) continue;
      // Which slot is missing and what it is compared with come from the catalog, not from the verb.
      const spec = line.spec;
      const slot = spec.slots.find((s) => s.kind === "serial" || s.kind === "build");
      if (!slot) continue;
      if (slot.optional) {
        if (line.final) report({ range: line.verb.range, message: `${spec.verb} has a final command but no serial: write the serial after it, or drop both to upload on every poll` });
      } else if (slot.kind === "build") {
        report({ range: line.verb.range, message: `${line.verb.text} has no build: the device cannot tell whether the file is already installed` });
      } else if (spec.transfer) {
        // A load without a serial happens on every poll.
        const final = line.final?.final;
        if (restartsAfterLoad(final)) {
          report({
            range: line.verb.range,
            severity: "error",
            message: `${spec.verb} has no serial and '${line.final!.text}' restarts the device${FINALS[final!].onlyIfRequired ? " (a load marks a restart as required)" : ""}: it loads the ${spec.transfer.purpose} file and restarts on every poll, a reset loop`,
          });
        } else {
          report({
            range: line.verb.range,
            severity: "warning",
            message: `${spec.verb} has no serial: the device loads and writes the ${spec.transfer.purpose} file on every poll`,
          });
        }
      } else {
        report({ range: line.verb.range, message: `${spec.verb} has no serial: there is nothing to compare with UPDATE/${spec.variable}, so the line cannot work` });
      }
    }
  },
});

/** A final command that restarts after a load: any that restarts, since a load marks a restart as required. */
function restartsAfterLoad(final: FinalWord | undefined): boolean {
  return final !== undefined && FINALS[final].timing !== null;
}
