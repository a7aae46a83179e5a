import { isTransfer, listWords } from "./util.js";
import { commandsIn } from "./util-index.js";
import { CheckLines } from "./util-check.js";
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
  visit({ role, report }) {
    // A cfg target's lines are config lines: a check there is not run as one.
    if (role === "cfg-target") return undefined;
    const checks = new CheckLines();
    // The transfers that can fail, as line numbers and verbs: which of them lie below the check
    // that stops the polls is known only at the end.
    const lines: number[] = [];
    const verbs: string[] = [];
    return {
      line(line) {
        checks.line(line);
        if (isTransfer(line) && line.verb !== undefined && line.url?.looksLikeUrl === true) {
          lines.push(line.line);
          verbs.push(line.verb.text);
        }
      },
      end() {
        const stored = checks.stored();
        if (!stored) return;
        const { gate, last, serial } = stored;
        let from = 0;
        while (from < lines.length && lines[from]! <= gate.line) from++;
        const below = lines.length - from;
        if (below === 0) return;
        const named: string[] = [];
        for (let i = from; i < Math.min(lines.length, from + NAMED); i++) named.push(`${verbs[i]} on line ${lines[i]! + 1}`);
        if (below > NAMED) named.push(`${below - NAMED} more`);
        const which = last === gate ? `'${serial.text}'` : `'${serial.text}' (the serial of the last check, line ${last.line + 1})`;
        report({
          range: gate.verb.range,
          message:
            `a run that gets to the end stores ${which} even when a transfer below this check fails (${listWords(named)}): ` +
            `the failed transfer keeps its variable and skips its final command, the run goes on, and from then on the device stops here, so it does not try that transfer again until the serial changes`,
        });
      },
    };
  },
});
