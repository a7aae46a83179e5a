import { FINALS, type CheckLine, type LineNode } from "@upscript/grammar";
import { canReset, isTransfer } from "./util.js";
import { defineRule } from "./types.js";

const WHAT = { prot: "firmware", boot: "boot code", bmc: "radio code" } as const;

/**
 * A prot, boot or bmc whose final command restarts nothing, with no later line that restarts: the
 * downloaded build waits for a restart that the script never asks for.
 */
export default defineRule({
  id: "download-not-activated",
  severity: "info",
  category: "correctness",
  description: "A prot, boot or bmc whose final command restarts nothing, with no later restart: the new build starts only at some later restart.",
  fixable: "none",
  check({ script, role, report }) {
    // UP0 lines in a cfg target are not run as transfers (nested-cfg reports them).
    if (role === "cfg-target") return;
    // The last check's final runs at the end of a complete run, wherever that check stands. The
    // download marks a restart as required, so iresetn and resetn restart here as well.
    const lastCheck = script.lines.filter((l): l is CheckLine => l.kind === "module" && l.id === "check").at(-1);
    if (canReset(lastCheck?.final?.final)) return;
    const lastRestart = script.lines.findLastIndex(restarts);
    for (const [index, line] of script.lines.entries()) {
      if (line.kind !== "module" || (line.id !== "prot" && line.id !== "boot" && line.id !== "bmc") || !line.final?.final || !line.url?.looksLikeUrl) continue;
      if (FINALS[line.final.final].timing !== null || lastRestart > index) continue;
      const build = line.serial ? ` build ${line.serial.text}` : "";
      report({
        range: line.final.range,
        message: `'${line.final.text}' restarts nothing and no later line restarts the device: the new ${WHAT[line.id]}${build} is downloaded, but it starts only when the device restarts for some other reason`,
      });
    }
  },
});

/** A line whose final command can restart the device once a download has marked a restart as required. */
function restarts(line: LineNode): boolean {
  if (line.kind === "final") return canReset(line.final.final);
  if (isTransfer(line)) return canReset(line.final?.final);
  return false;
}
