import type { TransferLine } from "@upscript/grammar";
import { lineIndex } from "./util-index.js";
import { defineRule } from "./types.js";

type Kind = "prot" | "boot" | "bmc";

const WHAT: Record<Kind, string> = { prot: "firmware", boot: "boot code", bmc: "radio code" };

/** A prot, boot or bmc line whose build differs from the first line of the same kind. */
export default defineRule({
  id: "conflicting-builds",
  severity: "warning",
  category: "correctness",
  description: "Two prot, boot or bmc lines with different builds: the device downloads one, then the other, again and again.",
  fixable: "none",
  reads: (index) => [index.transfers],
  check({ script, role, report }) {
    // UP0 lines in a cfg target are not run as transfers (nested-cfg reports them).
    if (role === "cfg-target") return;
    const first = new Map<Kind, TransferLine>();
    for (const line of lineIndex(script).transfers) {
      if ((line.id !== "prot" && line.id !== "boot" && line.id !== "bmc") || !line.serial) continue;
      // Only lines the device can run: a URL and a known final command (other rules report the rest).
      if (!line.url?.looksLikeUrl || !line.final?.final) continue;
      const earlier = first.get(line.id);
      if (!earlier) {
        first.set(line.id, line);
        continue;
      }
      const build = line.serial.text;
      const before = earlier.serial!.text;
      if (build === before) continue;
      report({
        range: line.serial.range,
        message:
          `${line.verb!.text} asks for build '${build}', the ${earlier.verb!.text} on line ${earlier.line + 1} for '${before}': ` +
          `a device holds one ${WHAT[line.id]} build, so it downloads the two in turn, poll after poll (or restart after restart), and never settles`,
      });
    }
  },
});
