import { FINALS, type FinalArg } from "@upscript/grammar";
import { isCommandLine, isTransfer, resetsNow, type TransferCommand } from "./util.js";
import { defineRule } from "./types.js";

/** A transfer that restarts at once, waiting for the end of the script to count the lines below it. */
interface Reset {
  readonly id: TransferCommand["id"];
  readonly verb: string;
  readonly final: FinalArg;
  /** Command lines up to and including this one. */
  readonly upTo: number;
  /** The first command line below it. */
  first: number;
}

/** A transfer whose final command restarts at once, with command lines below it. */
export default defineRule({
  id: "after-reset",
  severity: "info",
  category: "correctness",
  description: "Lines after a command whose final command restarts at once: they run only on polls where that command does nothing.",
  fixable: "none",
  reads: (index) => [index.transfers, index.commandLines],
  visit({ report }) {
    const resets: Reset[] = [];
    // The resets that have seen no command line below them yet.
    let waiting: Reset[] = [];
    let commandLines = 0;
    return {
      line(line) {
        if (!isCommandLine(line)) return;
        commandLines++;
        for (const reset of waiting) reset.first = line.line;
        if (waiting.length > 0) waiting = [];
        if (!isTransfer(line) || !line.verb || !line.final || !resetsNow(line.final.final)) return;
        const reset: Reset = { id: line.id, verb: line.verb.text, final: line.final, upTo: commandLines, first: -1 };
        resets.push(reset);
        waiting.push(reset);
      },
      end() {
        for (const reset of resets) {
          const count = commandLines - reset.upTo;
          if (count > 0) report({ range: reset.final.range, message: message(reset, count) });
        }
      },
    };
  },
});

function message(reset: Reset, count: number): string {
  const { final, verb } = reset;
  const lines = count === 1 ? `the line below (line ${reset.first + 1})` : `the ${count} lines below (from line ${reset.first + 1})`;
  const run = count === 1 ? "runs" : "run";
  const action = ACTIONS[reset.id];
  // prot/boot/bmc/cfg mark a restart as required themselves, so resetn fires just like reset there.
  if (FINALS[final.final!].onlyIfRequired && reset.id === "scfg") {
    return `'${final.text}' restarts the device right after the scfg upload whenever an earlier step requires a restart: ${lines} then ${run === "runs" ? "does" : "do"} not run in that poll`;
  }
  return `'${final.text}' restarts the device as soon as ${verb} ${action.does}: ${lines} ${run} only on polls where ${action.none}`;
}

const ACTIONS: Record<TransferCommand["id"], { does: string; none: string }> = {
  prot: { does: "downloads new firmware", none: "no firmware is downloaded" },
  boot: { does: "downloads new boot code", none: "no boot code is downloaded" },
  bmc: { does: "downloads new radio code", none: "no radio code is downloaded" },
  cfg: { does: "loads the configuration file", none: "the file is not loaded" },
  scfg: { does: "uploads the backup", none: "no backup is uploaded" },
};
