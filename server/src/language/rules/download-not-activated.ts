import { FINALS, type FinalArg } from "@upscript/grammar";
import { canReset, isTransfer } from "./util.js";
import { commandsIn } from "./util-index.js";
import { defineRule } from "./types.js";

const WHAT = { prot: "firmware", boot: "boot code", bmc: "radio code" } as const;

/** A download whose final restarts nothing, waiting for a later line that restarts. */
interface Download {
  readonly id: keyof typeof WHAT;
  readonly final: FinalArg;
  readonly build: string | undefined;
}

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
  visit({ role, report }) {
    // UP0 lines in a cfg target are not run as transfers (nested-cfg reports them).
    if (role === "cfg-target") return undefined;
    // The downloads since the last line that restarts: a later restart starts all of them.
    const waiting: Download[] = [];
    let checkResets = false;
    return {
      line(line) {
        if (line.kind === "final" ? canReset(line.final.final) : isTransfer(line) && canReset(line.final?.final)) waiting.length = 0;
        if (line.kind !== "module") return;
        // The last check's final runs at the end of a complete run, wherever that check stands. The
        // download marks a restart as required, so iresetn and resetn restart here as well.
        if (line.id === "check") checkResets = canReset(line.final?.final);
        if ((line.id !== "prot" && line.id !== "boot" && line.id !== "bmc") || !line.final?.final || !line.url?.looksLikeUrl) return;
        if (FINALS[line.final.final].timing === null) waiting.push({ id: line.id, final: line.final, build: line.serial?.text });
      },
      end() {
        if (checkResets) return;
        for (const download of waiting) {
          const build = download.build !== undefined ? ` build ${download.build}` : "";
          report({
            range: download.final.range,
            message: `'${download.final.text}' restarts nothing and no later line restarts the device: the new ${WHAT[download.id]}${build} is downloaded, but it starts only when the device restarts for some other reason`,
          });
        }
      },
    };
  },
});
