import { FINALS } from "@upscript/grammar";
import { canReset } from "./util.js";
import { commandsIn, lineIndex, linesOf } from "./util-index.js";
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
  reads: (index) => [commandsIn(index, "check"), index.transfers, index.finals],
  check({ script, role, report }) {
    // UP0 lines in a cfg target are not run as transfers (nested-cfg reports them).
    if (role === "cfg-target") return;
    // The last check's final runs at the end of a complete run, wherever that check stands. The
    // download marks a restart as required, so iresetn and resetn restart here as well.
    const lastCheck = linesOf(script, "check").at(-1);
    if (canReset(lastCheck?.final?.final)) return;
    const { transfers, finals } = lineIndex(script);
    const lastRestart = Math.max(finals.findLast((l) => canReset(l.final.final))?.line ?? -1, transfers.findLast((l) => canReset(l.final?.final))?.line ?? -1);
    for (const line of transfers) {
      if ((line.id !== "prot" && line.id !== "boot" && line.id !== "bmc") || !line.final?.final || !line.url?.looksLikeUrl) continue;
      if (FINALS[line.final.final].timing !== null || lastRestart > line.line) continue;
      const build = line.serial ? ` build ${line.serial.text}` : "";
      report({
        range: line.final.range,
        message: `'${line.final.text}' restarts nothing and no later line restarts the device: the new ${WHAT[line.id]}${build} is downloaded, but it starts only when the device restarts for some other reason`,
      });
    }
  },
});

