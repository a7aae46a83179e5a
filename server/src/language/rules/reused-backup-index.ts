import { commandsIn } from "./util-index.js";
import { defineRule } from "./types.js";

/** `#bn` in the URLs of more than one scfg line. */
export default defineRule({
  id: "reused-backup-index",
  severity: "error",
  category: "correctness",
  description: "#bn in more than one scfg URL of one script: the uploads share one rolling index and overwrite each other's backups.",
  fixable: "none",
  reads: (index) => [commandsIn(index, "scfg")],
  visit({ report }) {
    // The line of the first scfg with #bn.
    let first: number | undefined;
    return {
      line(line) {
        if (line.kind !== "module" || line.id !== "scfg") return;
        const bn = line.url?.metas.find((m) => m.name === "bn");
        if (!bn) return;
        if (first === undefined) {
          first = line.line;
          return;
        }
        report({
          range: bn.range,
          message: `#bn is already used by the scfg on line ${first + 1}: the two uploads advance one shared rolling backup index, so they take slot numbers from each other and neither keeps a clean rotation of backups; use #bn in one scfg only`,
        });
      },
      end() {},
    };
  },
});
