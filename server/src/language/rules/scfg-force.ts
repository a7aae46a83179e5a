import { defineRule } from "./types.js";

/** `/force` on an scfg without a serial, or without a positive whole number of hours. */
export default defineRule({
  id: "scfg-force",
  severity: "error",
  category: "correctness",
  description: "scfg /force without a serial, or without a positive whole number of hours.",
  fixable: "none",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (line.kind !== "module" || line.id !== "scfg" || !line.force) continue;
      const force = line.force;
      const name = force.name.text;
      if (!line.serial) {
        // With a final command but no serial, missing-serial already reports the line.
        if (!line.final) {
          report({
            range: force.name.range,
            message: `${name} needs a serial before it: without one scfg uploads on every poll, so ${name} changes nothing; write a final command and a serial, e.g. no-op WEEKLY ${name} 168`,
          });
        }
        continue;
      }
      const value = force.value;
      if (!value) {
        report({ range: force.name.range, message: `${name} has no number of hours: write how many hours must pass before the backup is uploaded again, e.g. ${name} 168 for weekly` });
      } else if (value.value === undefined || value.value === 0) {
        report({
          range: value.range,
          message: `'${value.text}' is not a positive whole number: ${name} takes the hours after which the backup is uploaded again even with an unchanged serial, e.g. 168 for weekly`,
        });
      }
    }
  },
});
