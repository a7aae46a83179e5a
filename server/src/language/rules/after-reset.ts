import { FINALS, type LineNode } from "@upscript/grammar";
import { isCommandLine, isTransfer, resetsNow, type TransferCommand } from "./util.js";
import { defineRule } from "./types.js";

/** A transfer whose final command restarts at once, with command lines below it. */
export default defineRule({
  id: "after-reset",
  severity: "info",
  category: "correctness",
  description: "Lines after a command whose final command restarts at once: they run only on polls where that command does nothing.",
  fixable: "none",
  check({ script, report }) {
    // One pass from the bottom: how many command lines lie below each line, and the first of them.
    let count = 0;
    let first: LineNode | undefined;
    for (let index = script.lines.length - 1; index >= 0; index--) {
      const line = script.lines[index]!;
      if (isTransfer(line) && line.verb && line.final && resetsNow(line.final.final) && first) {
        report({ range: line.final.range, message: message(line, count, first) });
      }
      if (isCommandLine(line)) {
        count++;
        first = line;
      }
    }
  },
});

function message(line: TransferCommand, count: number, first: LineNode): string {
  const final = line.final!;
  const verb = line.verb!.text;
  const lines = count === 1 ? `the line below (line ${first.line + 1})` : `the ${count} lines below (from line ${first.line + 1})`;
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
