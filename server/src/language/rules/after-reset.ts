import { FINALS } from "@upscript/grammar";
import { resetsNow, type TransferCommand } from "./util.js";
import { countAbove, lineIndex } from "./util-index.js";
import { defineRule } from "./types.js";

/** A transfer whose final command restarts at once, with command lines below it. */
export default defineRule({
  id: "after-reset",
  severity: "info",
  category: "correctness",
  description: "Lines after a command whose final command restarts at once: they run only on polls where that command does nothing.",
  fixable: "none",
  reads: (index) => [index.transfers, index.commandLines],
  check({ script, report }) {
    const { transfers, commandLines } = lineIndex(script);
    for (const line of transfers) {
      if (!line.verb || !line.final || !resetsNow(line.final.final)) continue;
      // How many command lines lie below, and the first of them.
      const count = countAbove(commandLines, line.line);
      if (count === 0) continue;
      report({ range: line.final.range, message: message(line, count, commandLines[commandLines.length - count]!) });
    }
  },
});

function message(line: TransferCommand, count: number, first: number): string {
  const final = line.final!;
  const verb = line.verb!.text;
  const lines = count === 1 ? `the line below (line ${first + 1})` : `the ${count} lines below (from line ${first + 1})`;
  const run = count === 1 ? "runs" : "run";
  const action = ACTIONS[line.id];
  // prot/boot/bmc/cfg mark a restart as required themselves, so resetn fires just like reset there.
  if (FINALS[final.final!].onlyIfRequired && line.id === "scfg") {
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
