import { defineRule } from "./types.js";

type Kind = "prot" | "boot" | "bmc";

const WHAT: Record<Kind, string> = { prot: "firmware", boot: "boot code", bmc: "radio code" };

/** The first line of a kind that asks for a build. */
interface First {
  readonly line: number;
  readonly verb: string;
  readonly build: string;
}

/** A prot, boot or bmc line whose build differs from the first line of the same kind. */
export default defineRule({
  id: "conflicting-builds",
  severity: "warning",
  category: "correctness",
  description: "Two prot, boot or bmc lines with different builds: the device downloads one, then the other, again and again.",
  fixable: "none",
  reads: (index) => [index.transfers],
  visit({ role, report }) {
    // UP0 lines in a cfg target are not run as transfers (nested-cfg reports them).
    if (role === "cfg-target") return undefined;
    const first = new Map<Kind, First>();
    return {
      line(line) {
        if (line.kind !== "module" || (line.id !== "prot" && line.id !== "boot" && line.id !== "bmc") || !line.serial) return;
        // Only lines the device can run: a URL and a known final command (other rules report the rest).
        if (!line.url?.looksLikeUrl || !line.final?.final) return;
        const earlier = first.get(line.id);
        if (!earlier) {
          first.set(line.id, { line: line.line, verb: line.verb!.text, build: line.serial.text });
          return;
        }
        const build = line.serial.text;
        if (build === earlier.build) return;
        report({
          range: line.serial.range,
          message:
            `${line.verb!.text} asks for build '${build}', the ${earlier.verb} on line ${earlier.line + 1} for '${earlier.build}': ` +
            `a device holds one ${WHAT[line.id]} build, so it downloads the two in turn, poll after poll (or restart after restart), and never settles`,
        });
      },
      end() {},
    };
  },
});
