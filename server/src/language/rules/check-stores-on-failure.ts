import { listWords } from "./util.js";
import { commandsIn, lineIndex } from "./util-index.js";
import { storedCheck } from "./util-check.js";
import { defineRule } from "./types.js";

/** Transfers named in the message; more are counted. */
const NAMED = 5;

/**
 * The check line that stops later polls, when transfers below it can fail: a failed transfer does
 * not stop the run, so the check serial is stored anyway and the transfer is not retried.
 */
export default defineRule({
  id: "check-stores-on-failure",
  severity: "info",
  category: "correctness",
  description: "A check above transfers that can fail: a failed transfer does not stop the run, the check serial is stored anyway, and the device does not retry until the serial changes.",
  fixable: "none",
  reads: (index) => [commandsIn(index, "check"), index.transfers],
  check({ script, role, report }) {
    // A cfg target's lines are config lines: a check there is not run as one.
    if (role === "cfg-target") return;
    const stored = storedCheck(script);
    if (!stored) return;
    const { gate, last, serial } = stored;
    const below = lineIndex(script).transfers.filter((l) => l.line > gate.line && l.verb !== undefined && l.url?.looksLikeUrl === true);
    if (below.length === 0) return;
    const named = below.slice(0, NAMED).map((l) => `${l.verb!.text} on line ${l.line + 1}`);
    if (below.length > NAMED) named.push(`${below.length - NAMED} more`);
    const which = last === gate ? `'${serial.text}'` : `'${serial.text}' (the serial of the last check, line ${last.line + 1})`;
    report({
      range: gate.verb!.range,
      message:
        `a run that gets to the end stores ${which} even when a transfer below this check fails (${listWords(named)}): ` +
        `the failed transfer keeps its variable and skips its final command, the run goes on, and from then on the device stops here, so it does not try that transfer again until the serial changes`,
    });
  },
});
