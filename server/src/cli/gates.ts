/**
 * `--fail-on LIST` of `dry-run` and `simulate`: the checks that make a run exit 1 so that CI can
 * stop a bad rollout (docs/dry-run.md, "Checks for CI"). Items: `loop`, `stuck`, `blocked`,
 * `failed`, `peak-downloads=N`, or `none`; the default is `loop,stuck`. What each item means
 * depends on what ran: one poll, one device over days, or a fleet.
 */
import { describeFailed, failedTransfers, type FailedTransfer, type FleetForecast, type PollEnvironment, type PollPlan, type Program, type Timeline } from "@upscript/language";
import type { Built, FailHook } from "./device-options.js";
import type { Console } from "./process.js";

/** What ran: `dry-run` (one poll), `simulate` of one device, `simulate --fleet`. */
export type GateScope = "poll" | "device" | "fleet";

export interface Gates {
  readonly loop: boolean;
  readonly stuck: boolean;
  readonly blocked: boolean;
  readonly failed: boolean;
  /** Fail when more downloads than this run at once (fleets only). */
  readonly peakDownloads: number | undefined;
}

export const DEFAULT_FAIL_ON = "loop,stuck";
const KNOWN = "loop, stuck, blocked, failed, peak-downloads=N, none";
const OFF: Gates = { loop: false, stuck: false, blocked: false, failed: false, peakDownloads: undefined };

/**
 * Reads `--fail-on`. An unknown or malformed item is an error naming it and the known ones; an
 * item that cannot apply to what runs (`loop` or `peak-downloads` for one poll,
 * `peak-downloads` without a fleet) is an error too, rather than a check that silently never
 * fires. Without the option the default applies, minus what cannot apply (one poll: `stuck`).
 */
export function parseGates(text: string | undefined, scope: GateScope): Built<Gates> {
  const given = text !== undefined;
  if (given && text.trim() === "") return { ok: false, error: `--fail-on needs a list such as loop,stuck, or none (known: ${KNOWN})` };
  const items = (text ?? DEFAULT_FAIL_ON).split(",").map((item) => item.trim());
  if (items.length === 1 && items[0] === "none") return { ok: true, value: OFF };
  const gates = { ...OFF } as { -readonly [K in keyof Gates]: Gates[K] };
  for (const item of items) {
    if (item === "") return { ok: false, error: `--fail-on ${text}: an empty item (known: ${KNOWN})` };
    if (item === "none") return { ok: false, error: `--fail-on ${text}: 'none' turns every check off and goes alone` };
    const peak = /^peak-downloads(?:=(.*))?$/.exec(item);
    if (peak) {
      const value = peak[1];
      if (value === undefined || !/^\d{1,9}$/.test(value)) return { ok: false, error: `--fail-on ${item}: write peak-downloads=N with N a whole number, e.g. peak-downloads=50` };
      if (scope !== "fleet") return { ok: false, error: `--fail-on ${item}: the peak of concurrent downloads needs a fleet (simulate --fleet devices.csv)` };
      gates.peakDownloads = Number(value);
      continue;
    }
    if (item !== "loop" && item !== "stuck" && item !== "blocked" && item !== "failed") return { ok: false, error: `--fail-on: unknown item '${item}' (known: ${KNOWN})` };
    if (item === "loop" && scope === "poll") {
      if (!given) continue;
      return { ok: false, error: "--fail-on loop: one poll cannot loop; use it with simulate" };
    }
    gates[item] = true;
  }
  return { ok: true, value: gates };
}

/** Reports `--fail` patterns that matched no transfer during the run (stderr; not an error). */
export function reportUnmatchedFailures(env: PollEnvironment, out: Console): void {
  const hook = env.fail as Partial<FailHook> | undefined;
  for (const item of hook?.unmatched?.() ?? []) out.error(`--fail '${item}' matched no transfer`);
}

/** Prints why the checks failed; true when they passed. */
export function passGates(reasons: readonly string[], out: Console): boolean {
  if (reasons.length === 0) return true;
  out.error(`rollout check failed: ${reasons.join(", ")}`);
  return false;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function listed(transfers: readonly FailedTransfer[]): string {
  const shown = transfers.slice(0, 2).map(describeFailed).join("; ");
  return transfers.length > 2 ? `${shown}; and ${transfers.length - 2} more` : shown;
}

/**
 * One poll (`dry-run`): `failed` a transfer failed; `stuck` the poll stores its check serial
 * after a transfer behind the check line failed; `blocked` the run stopped at a times line.
 */
export function pollGateReasons(gates: Gates, program: Program, plan: PollPlan): string[] {
  const reasons: string[] = [];
  const stuck = gates.stuck ? plan.stuck : undefined;
  if (stuck) reasons.push(`stuck (${listed(stuck.transfers)}, and this poll stores check serial '${stuck.serial}': every later poll stops at line ${stuck.checkLine})`);
  const stop = plan.stoppedAt;
  if (gates.blocked && stop !== undefined && program.instructions.find((i) => i.line === stop)?.op.kind === "times") {
    reasons.push(`blocked (line ${stop}: ${plan.lines.find((l) => l.line === stop)?.reason ?? "the run stops at the times line"})`);
  }
  const failed = failedTransfers(plan.transfers);
  if (gates.failed && failed.length > 0) reasons.push(`${plural(failed.length, "failed transfer", "failed transfers")} (${listed(failed)})`);
  return reasons;
}

/** One device over days (`simulate`): loop, stuck, blocked (never past the times line), failed (any failed transfer). */
export function timelineGateReasons(gates: Gates, t: Timeline): string[] {
  const reasons: string[] = [];
  const at = (time: string | null, minute: number) => (time !== null ? time : `+${minute} min`);
  if (gates.loop && t.loops.length > 0) reasons.push(`looping (${t.loops.map((l) => l.description).join("; ")})`);
  if (gates.stuck && t.stuck) reasons.push(`stuck from ${at(t.stuck.time, t.stuck.minute)} (${listed(t.stuck.transfers)}; every later poll stops at line ${t.stuck.checkLine})`);
  if (gates.blocked && t.verdict === "blocked") reasons.push("blocked (no poll gets past the times line)");
  if (gates.failed && t.firstFailure) {
    const count = t.hours.reduce((sum, h) => sum + h.failures, 0);
    reasons.push(`${plural(count, "failed transfer", "failed transfers")}, the first at ${at(t.firstFailure.time, t.firstFailure.minute)} (${describeFailed(t.firstFailure)})`);
  }
  return reasons;
}

/** Up to two distinct causes, with how many devices have each. */
function causes(details: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const d of details) counts.set(d, (counts.get(d) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  if (sorted.length === 1) return sorted[0]![0];
  const shown = sorted.slice(0, 2).map(([d, n]) => `${n}× ${d}`).join("; ");
  return sorted.length > 2 ? `${shown}; and ${sorted.length - 2} more causes` : shown;
}

/** A fleet: the same per device, counted, plus the peak of concurrent downloads. */
export function fleetGateReasons(gates: Gates, f: FleetForecast): string[] {
  const reasons: string[] = [];
  const devices = (n: number) => plural(n, "device", "devices");
  if (gates.loop) {
    const looping = f.devices.filter((d) => d.loops.length > 0);
    if (looping.length) reasons.push(`${devices(looping.length)} looping (${causes(looping.map((d) => d.loops[0]!.description))})`);
  }
  if (gates.stuck) {
    const stuck = f.devices.filter((d) => d.stuck !== null);
    if (stuck.length) reasons.push(`${devices(stuck.length)} stuck (${causes(stuck.map((d) => listed(d.stuck!.transfers)))})`);
  }
  if (gates.blocked) {
    const blocked = f.devices.filter((d) => d.verdict === "blocked");
    if (blocked.length) reasons.push(`${devices(blocked.length)} blocked (no poll gets past the times line)`);
  }
  if (gates.failed) {
    const failed = f.devices.filter((d) => d.firstFailure !== null);
    if (failed.length) reasons.push(`${devices(failed.length)} with failed transfers (${causes(failed.map((d) => describeFailed(d.firstFailure!)))})`);
  }
  const peak = f.peakConcurrentDownloads;
  if (gates.peakDownloads !== undefined && peak.count > gates.peakDownloads) {
    reasons.push(`peak of ${plural(peak.count, "download", "downloads")} at once${peak.time ? ` at ${peak.time}` : ""}, more than ${gates.peakDownloads} (each taking ${f.downloadMinutes} min)`);
  }
  return reasons;
}
