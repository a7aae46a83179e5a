import { defineRule } from "./types.js";

/** No SERIAL/BUILD where one is needed; for cfg only a warning, since the file is then loaded on every poll. */
export default defineRule({
  id: "missing-serial",
  severity: "error",
  category: "correctness",
  description: "A check, prot, boot, bmc, cfg or scfg without its SERIAL or BUILD (a cfg without one loads on every poll).",
  fixable: false,
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
            report({
              range: line.verb.range,
              severity: "warning",
              message: "cfg has no serial: the device loads and writes the configuration file on every poll",
            });
          }
          break;
        case "scfg":
          if (line.final && !line.serial) report({ range: line.verb.range, message: "scfg has a final command but no serial: write the serial after it, or drop both to upload on every poll" });
          break;
      }
    }
  },
});
