/**
 * Stuck devices (docs/dry-run.md): a failed transfer leaves its variable unchanged and the run
 * goes on, so a run that completes stores its pending check serial even though the transfer
 * failed. Every later run then stops at that check line and never tries the failed line again
 * until the serial changes. The poll, the timeline, the fleet and the CI gates all ask here.
 */
import type { FailedTransfer, StuckPoll, Transfer, Variables } from "./model.js";
import type { Program } from "./program.js";

/** The transfers that failed. */
export function failedTransfers(transfers: readonly Transfer[]): FailedTransfer[] {
  return transfers.filter((t) => t.result !== "ok").map(({ line, method, url, result }) => ({ line, method, url, result }));
}

/** `line 12, GET http://10.0.0.5/fw/ip232.bin failed(404)` */
export function describeFailed(t: FailedTransfer): string {
  return `line ${t.line}, ${t.method} ${t.url} ${t.result}`;
}

/**
 * Whether a run leaves the device stuck: it stored a new check serial and a transfer behind the
 * first check line with that serial failed. A failed line above that check line runs again on
 * the next poll, so it does not count; neither does anything when a `reinit` above the check
 * line clears the serial on every run.
 */
export function stuckBehindCheck(program: Program, transfers: readonly Transfer[], variables: { readonly before: Variables; readonly after: Variables }): StuckPoll | undefined {
  const serial = variables.after.CHECK;
  if (serial === "" || serial === variables.before.CHECK) return undefined;
  let checkLine: number | undefined;
  for (const ins of program.instructions) {
    if (ins.op.kind === "reinit") return undefined;
    if (ins.op.kind === "check" && ins.op.serial === serial) {
      checkLine = ins.line;
      break;
    }
  }
  if (checkLine === undefined) return undefined;
  const failed = failedTransfers(transfers).filter((t) => t.line > checkLine);
  if (failed.length === 0) return undefined;
  const listed = failed.slice(0, 2).map(describeFailed).join("; ");
  const more = failed.length > 2 ? ` and ${failed.length - 2} more` : "";
  return {
    checkLine,
    serial,
    transfers: failed,
    description: `${listed}${more}, and the run still stored check serial '${serial}': every later poll stops at line ${checkLine}, so the device never tries again until the serial changes`,
  };
}
