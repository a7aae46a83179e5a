import type { Range } from "@upscript/grammar";
import { commandsIn } from "./util-index.js";
import { defineRule } from "./types.js";

/** A check line as this rule needs it. */
interface Check {
  readonly line: number;
  readonly serial: string | undefined;
  readonly verb: Range;
}

/** Every check line after the first one. */
export default defineRule({
  id: "duplicate-check",
  severity: "warning",
  category: "correctness",
  description: "More than one check line in a script: only one serial is kept in UPDATE/CHECK.",
  fixable: "none",
  reads: (index) => [commandsIn(index, "check")],
  visit({ report }) {
    const checks: Check[] = [];
    return {
      line(line) {
        if (line.kind === "module" && line.id === "check" && line.verb) checks.push({ line: line.line, serial: line.serial?.text, verb: line.verb.range });
      },
      end() {
        const first = checks[0];
        if (!first) return;
        // A later check replaces the pending serial, so a complete run stores the last one.
        const last = checks[checks.length - 1]!;
        const stored = last.serial;
        const at = `the check on line ${first.line + 1}`;
        for (const check of checks.slice(1)) {
          const serial = check.serial;
          const firstSerial = first.serial;
          let message: string;
          if (serial === undefined || firstSerial === undefined) {
            message = `second check in the script (${at} comes first): the device keeps a single serial in UPDATE/CHECK, so keep one check line`;
          } else if (serial === firstSerial) {
            message = `this check repeats serial '${serial}' of ${at}: the line is redundant, remove it`;
          } else if (stored !== firstSerial) {
            message = `second check in the script: at the end of a run the device stores only the last check's serial '${stored}', so ${at} (serial '${firstSerial}') never matches and every poll runs the script again down to line ${last.line + 1}`;
          } else {
            message = `this check never decides anything: a complete run stores '${stored}' again, so ${at} stops every later run before this line; remove it`;
          }
          report({ range: check.verb, message });
        }
      },
    };
  },
});
