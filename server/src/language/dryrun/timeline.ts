/**
 * One device over time (docs/dry-run.md, "Over time"): polls on its schedule, the runs, the
 * restarts they cause, until the simulated days are over. The timeline names loops (a download
 * after every restart, a restart on every poll), a device stuck behind a stored check serial, a
 * transfer that keeps failing, and says when the device stops changing.
 */
import { DEFAULT_POLL_INTERVAL_MINUTES, FRESH_FAST_POLL_WINDOW_MINUTES, FRESH_POLL_INTERVAL_MINUTES } from "@upscript/grammar";
import { formatLocalTime, hourOf } from "./device.js";
import type { DeviceState, FailedTransfer, Minutes, Outcome, PollPlan, StuckPoll, Transfer, Variables } from "./model.js";
import { expandedUpdateUrl, pollIntervalOf, runPollFast, sameSettings, runPollTraced, type PollEnvironment, type PollResult } from "./poll.js";
import type { Program } from "./program.js";
import { describeFailed, failedTransfers } from "./stuck.js";

export interface ScheduleOptions {
  readonly days: number;
  /** Poll interval in minutes (device default 15). */
  readonly interval?: number;
  /**
   * Minutes after boot of the device's first regular poll; polls follow every interval from
   * there. Fleets spread it by MAC; by default it is the interval itself.
   */
  readonly phase?: number;
}

export interface PollEvent {
  /** Simulation minute (0 = start). */
  readonly minute: number;
  /** Device time, or null without a clock. */
  readonly time: string | null;
  readonly outcome: Outcome;
  readonly summary: string;
  readonly transfers: readonly Transfer[];
  readonly variables: Variables;
  readonly stoppedAt: number | undefined;
}

export interface RestartEvent {
  readonly minute: number;
  readonly time: string | null;
  readonly cause: Outcome;
  readonly line: number | undefined;
  /** Builds now running. */
  readonly firmware: string;
  readonly boot: string;
  readonly bmc: string;
}

export interface Loop {
  readonly kind: "download-loop" | "reset-loop";
  readonly line: number | undefined;
  readonly firstMinute: number;
  readonly description: string;
}

/**
 * A poll on which a transfer failed and the run then stored its pending check serial: every
 * later run stops at that check line, so the failed line is never tried again until the script
 * gets a new serial.
 */
export interface Stuck extends StuckPoll {
  readonly minute: number;
}

/** Transfers that fail on every poll up to the end: the device tries again each time. */
export interface Failing {
  /** The first of the polls, up to the end, on which transfers failed. */
  readonly firstMinute: number;
  readonly transfers: readonly FailedTransfer[];
  readonly description: string;
}

/**
 * What became of a device, first match wins:
 * - looping: a download loop or a reset loop;
 * - stuck: a failed transfer on a poll that then stored the check serial (see Stuck);
 * - blocked: no run ever got past the times line (no clock, outside the allowed hours all along);
 * - failing: transfers still fail on the last poll that got past the times lines; the device
 *   retries them on every poll;
 * - unchanged: the script ran and needed no download, load or restart;
 * - still-changing: still changing when the simulated days are over;
 * - settled: changed, then stopped changing.
 */
export type DeviceVerdict = "unchanged" | "blocked" | "settled" | "looping" | "still-changing" | "stuck" | "failing";

export interface HourStat {
  /** Simulation hour (0 = the first hour). */
  readonly hour: number;
  polls: number;
  downloads: number;
  uploads: number;
  loads: number;
  resets: number;
  failures: number;
}

export interface Timeline {
  readonly days: number;
  readonly start: string | null;
  readonly polls: number;
  /** Polls that changed something, with their plans' summaries. */
  readonly changes: readonly PollEvent[];
  readonly restarts: readonly RestartEvent[];
  readonly loops: readonly Loop[];
  readonly verdict: DeviceVerdict;
  readonly stuck: (Stuck & { readonly time: string | null }) | null;
  readonly failing: (Failing & { readonly time: string | null }) | null;
  /** The first transfer that failed, and when. */
  readonly firstFailure: (FailedTransfer & { readonly minute: number; readonly time: string | null }) | null;
  /**
   * The first poll from which on nothing changes any more (backups aside); null when the device
   * never settles, loops, is stuck or keeps failing.
   */
  readonly steadyMinute: number | null;
  readonly steadyTime: string | null;
  readonly hours: readonly HourStat[];
  readonly final: { readonly variables: Variables; readonly firmware: string; readonly boot: string; readonly bmc: string };
  /** Where and how often the device polls: from the first poll, then at every change (config … UP1 /url, /poll). */
  readonly polling: readonly PollingEvent[];
}

export interface PollingEvent {
  readonly minute: number;
  readonly time: string | null;
  /** The update URL in force, meta sequences filled in (the serials are appended to it on every poll). */
  readonly url: string;
  readonly intervalMinutes: number;
  /** start: the first poll; activated: config activate in a run; restart: settings saved earlier came into force. */
  readonly cause: "start" | "activated" | "restart";
}

/** Consecutive repetitions after which a repeating download or restart is called a loop. */
const LOOP_REPEATS = 3;

/** Whether a poll did something a timeline lists: a transfer, a restart, a changed variable or setting. */
function material(result: PollResult, before: DeviceState): boolean {
  if (result.downloads || result.uploads || result.loads || result.failures || result.outcome !== "none") return true;
  const after = result.after;
  if ((Object.keys(after.variables) as (keyof Variables)[]).some((k) => after.variables[k] !== before.variables[k])) return true;
  const saved = (d: DeviceState) => d.savedSettings ?? d.settings;
  return !sameSettings(after.settings, before.settings) || !sameSettings(saved(after), saved(before));
}

/**
 * Whether the next polls can only repeat this one until the clock matters: the run left
 * everything the next run reads as it was (variables, UP1 settings, nothing transferred, no
 * restart). Effects such as `config change` or `vars create` run again on every poll and
 * change nothing a later run reads, so they do not keep a device from repeating itself.
 */
function repeats(result: PollResult, before: DeviceState): boolean {
  if (result.downloads || result.uploads || result.loads || result.outcome !== "none" || result.pollNow) return false;
  const after = result.after;
  if ((Object.keys(after.variables) as (keyof Variables)[]).some((k) => after.variables[k] !== before.variables[k])) return false;
  const saved = (d: DeviceState) => d.savedSettings ?? d.settings;
  return sameSettings(after.settings, before.settings) && sameSettings(saved(after), saved(before));
}

/** Whether a poll changed something that matters for settling (an upload alone does not). */
function settles(result: PollResult, before: Variables): boolean {
  if (result.downloads || result.loads || result.outcome !== "none") return false;
  const after = result.after.variables;
  return (Object.keys(after) as (keyof Variables)[]).every((k) => k === "SCFG" || after[k] === before[k]);
}

export interface StepSink {
  /** Called for every poll that ran; `plan` only when tracing. */
  poll(minute: number, device: DeviceState, result: PollResult, plan: PollPlan | undefined): void;
  /** A poll known to repeat the last one exactly (nothing changed and the clock does not matter yet). */
  quiet(minute: number, result: PollResult): void;
  restart(minute: number, device: DeviceState, cause: Outcome, line: number | undefined): void;
}

/**
 * Runs a device's polls through the simulated days. The device's clock (if set) advances with
 * the simulation. A restart when idle is assumed to happen at once (the device is assumed idle).
 */
export function step(program: Program, start: DeviceState, env: PollEnvironment, schedule: ScheduleOptions, sink: StepSink, trace: boolean): DeviceState {
  const defaults: PollEnvironment = { ...env, interval: Math.max(1, schedule.interval ?? env.interval ?? DEFAULT_POLL_INTERVAL_MINUTES) };
  const end = schedule.days * 1440;
  const clockStart = start.clock;
  let device = start;
  let bootMinute = -start.uptimeMinutes;
  // Regular polls fall at anchor + k·interval: the anchor is boot + phase, and moves to the poll
  // at which a /poll setting changed the interval (docs/dry-run.md).
  let interval = pollIntervalOf(defaults, device);
  let anchor = bootMinute + (schedule.phase ?? interval);
  const nextRegular = (after: number) => (after < anchor ? anchor : anchor + Math.ceil((after - anchor) / interval) * interval);
  const fastInterval = () => {
    const fast = device.settings["/poll-fast"];
    return typeof fast === "number" ? fast : FRESH_POLL_INTERVAL_MINUTES;
  };
  const nextFresh = (after: number) => Math.max(after, bootMinute + fastInterval());
  let minute = device.fresh ? nextFresh(0) : nextRegular(0);
  // Every turn moves `minute` forward by at least one, so the loop ends.
  while (minute < end) {
    const now: DeviceState = { ...device, clock: clockStart === undefined ? undefined : clockStart + minute, uptimeMinutes: minute - bootMinute };
    const traced = trace ? runPollTraced(program, now, defaults) : undefined;
    const result = traced ? traced.result : runPollFast(program, now, defaults);
    sink.poll(minute, now, result, traced?.plan);
    device = result.after;
    if (result.outcome !== "none") {
      device = restart(device);
      bootMinute = minute;
      interval = pollIntervalOf(defaults, device);
      anchor = bootMinute + (schedule.phase ?? interval);
      sink.restart(minute, device, result.outcome, result.outcomeLine);
      minute = nextRegular(minute + 1);
      continue;
    }
    const newInterval = pollIntervalOf(defaults, device);
    if (newInterval !== interval) {
      interval = newInterval;
      anchor = minute + interval;
    }
    if (result.pollNow) {
      minute += 1;
      continue;
    }
    const freshWindow = device.fresh && minute - bootMinute < FRESH_FAST_POLL_WINDOW_MINUTES;
    const polled = minute;
    minute = freshWindow ? minute + fastInterval() : nextRegular(minute + 1);
    if (repeats(result, now) && !now.fresh && !freshWindow) {
      // Nothing the next run reads changed, so every poll before the next moment the clock
      // matters gives the same result: count those polls without running them.
      const until = Math.min(end, quietUntil(program, device, polled, bootMinute, clockStart));
      while (minute < until) {
        sink.quiet(minute, result);
        minute = nextRegular(minute + 1);
      }
    }
  }
  return device;
}

/**
 * The first minute at which a device that just polled at `polled` without any change could act
 * differently: the next full hour (for /allow), the end of /initial after boot, or the end of a
 * /force period. Infinity when none applies.
 */
function quietUntil(program: Program, device: DeviceState, polled: number, bootMinute: number, clockStart: Minutes | undefined): number {
  let until = Infinity;
  const { allow, initial, force } = program.timing;
  if (allow.length > 0 && clockStart !== undefined) {
    const clock = clockStart + polled;
    const hour = hourOf(clock);
    const flips = (h: number) => allow.some((mask) => ((mask >> h) & 1) !== ((mask >> hour) & 1));
    let ahead = 1;
    while (ahead < 24 && !flips((hour + ahead) % 24)) ahead++;
    // A mask that never flips (all day, or no hour) changes nothing; a full day ahead is a safe bound.
    until = Math.min(until, polled + ahead * 60 - (((clock % 60) + 60) % 60));
  }
  if (initial > 0 && polled - bootMinute < initial) until = Math.min(until, bootMinute + initial);
  if (force.length > 0 && clockStart !== undefined && device.scfgWrittenAt !== undefined) {
    for (const hours of force) until = Math.min(until, device.scfgWrittenAt + hours * 60 - clockStart);
  }
  return until;
}

/**
 * A restart: downloaded builds start running, UPDATE/PROT, BOOT, BMC read as empty, and the UP1
 * settings on flash come into force.
 */
export function restart(device: DeviceState): DeviceState {
  return {
    ...device,
    settings: device.savedSettings ?? device.settings,
    savedSettings: undefined,
    firmware: device.pending.firmware ?? device.firmware,
    boot: device.pending.boot ?? device.boot,
    bmc: device.pending.bmc ?? device.bmc,
    pending: {},
    variables: { ...device.variables, PROT: "", BOOT: "", BMC: "" },
    resetRequired: false,
    uptimeMinutes: 0,
  };
}

/** A download a poll made: which line, which file, the build declared and the build it really holds. */
export interface Download {
  readonly line: number;
  readonly url: string;
  readonly expected: string;
  readonly real: string;
}

/**
 * Watches one device's polls for loops, for a stuck check serial, for transfers that keep
 * failing, and for the moment it settles. Shared by the timeline and the fleet forecast so both
 * name the same loops and give the same verdicts.
 */
export class LoopTracker {
  readonly loops: Loop[] = [];
  /** The first poll after the most recent change; null while the last poll still changed something. */
  settledSince: number | null = null;
  stuck: Stuck | null = null;
  firstFailure: (FailedTransfer & { readonly minute: number }) | null = null;
  /** Whether some run got past its times lines. */
  passedTimes = false;
  /** Whether some poll downloaded, loaded a configuration or restarted the device. */
  changed = false;
  private resetStreak = 0;
  private readonly downloadStreak = new Map<number, Download & { count: number; first: number }>();
  /** The polls up to now with failed transfers: since when, and the plan of the latest. */
  private failingSince: number | null = null;
  private failingPlan: (() => PollPlan) | undefined;

  /**
   * `plan` gives the full plan of the poll; it is asked for only when a transfer failed (the
   * fleet then runs the poll again with tracing, which happens a few times per device at most).
   */
  poll(minute: number, before: Variables, result: PollResult, downloads: readonly Download[], plan: () => PollPlan): void {
    if (!settles(result, before)) this.settledSince = null;
    else if (this.settledSince === null) this.settledSince = minute;
    this.passedTimes ||= !result.stoppedByTimes;
    this.changed ||= result.downloads > 0 || result.loads > 0 || result.outcome !== "none";
    this.resetStreak = result.outcome !== "none" ? this.resetStreak + 1 : 0;
    const seen = new Set<number>();
    for (const d of downloads) {
      seen.add(d.line);
      const streak = this.downloadStreak.get(d.line);
      const next = streak ? { ...streak, count: streak.count + 1 } : { ...d, count: 1, first: minute };
      this.downloadStreak.set(d.line, next);
      if (next.count === LOOP_REPEATS && !this.loops.some((l) => l.kind === "download-loop" && l.line === d.line)) {
        const cause = d.real !== d.expected ? `the file holds build ${d.real}, not ${d.expected} as the script declares` : "the build never matches after the restart";
        this.loops.push({ kind: "download-loop", line: d.line, firstMinute: next.first, description: `line ${d.line} downloads ${d.url} again after every restart: ${cause}` });
      }
    }
    if (result.outcome === "none") for (const line of this.downloadStreak.keys()) if (!seen.has(line)) this.downloadStreak.delete(line);
    // A restart on every poll caused by a looping download is the same loop; name it once.
    const explained = this.loops.some((l) => l.kind === "download-loop" && l.line === result.outcomeLine);
    if (this.resetStreak === LOOP_REPEATS && !explained && !this.loops.some((l) => l.kind === "reset-loop")) {
      this.loops.push({
        kind: "reset-loop",
        line: result.outcomeLine,
        firstMinute: minute,
        description: `the device restarts on every poll (line ${result.outcomeLine}): ${LOOP_REPEATS} polls in a row ended in a restart`,
      });
    }
    if (result.failures === 0) {
      // A run that stopped at a times line did not get to try again: it keeps failing.
      if (!result.stoppedByTimes) {
        this.failingSince = null;
        this.failingPlan = undefined;
      }
      return;
    }
    let traced: PollPlan | undefined;
    const once = () => (traced ??= plan());
    this.failingSince ??= minute;
    this.failingPlan = once;
    if (this.firstFailure === null) {
      const first = failedTransfers(once().transfers)[0];
      if (first) this.firstFailure = { ...first, minute };
    }
    const check = result.after.variables.CHECK;
    if (this.stuck === null && check !== "" && check !== before.CHECK) {
      const stuck = once().stuck;
      if (stuck) this.stuck = { minute, ...stuck };
    }
  }

  /** Transfers that failed on the last poll that got past its times lines, or null when it had none. */
  failing(): Failing | null {
    if (this.failingSince === null || !this.failingPlan) return null;
    const transfers = failedTransfers(this.failingPlan().transfers);
    const listed = transfers.slice(0, 2).map(describeFailed).join("; ");
    const more = transfers.length > 2 ? ` and ${transfers.length - 2} more` : "";
    return {
      firstMinute: this.failingSince,
      transfers,
      description: `${listed}${more} on every poll: the device tries again each time and never gets ${transfers.length === 1 ? "it" : "them"}`,
    };
  }

  /** When the device settled for good, or null (still changing at the end, looping, stuck or failing). */
  steadyMinute(): number | null {
    return this.loops.length > 0 || this.stuck !== null || this.failingSince !== null ? null : this.settledSince;
  }

  verdict(): DeviceVerdict {
    if (this.loops.length > 0) return "looping";
    if (this.stuck) return "stuck";
    if (!this.passedTimes) return "blocked";
    if (this.failingSince !== null) return "failing";
    if (!this.changed) return "unchanged";
    return this.settledSince === null ? "still-changing" : "settled";
  }
}

export function emptyHours(days: number): HourStat[] {
  // The final poll may fall on the very last minute; it counts in the last hour.
  return Array.from({ length: Math.max(1, Math.ceil(days * 24)) }, (_, hour) => ({ hour, polls: 0, downloads: 0, uploads: 0, loads: 0, resets: 0, failures: 0 }));
}

/** Counts a poll in its hour; `weight` devices made it (a fleet's devices that cannot differ). */
export function countPoll(hours: HourStat[], minute: number, result: PollResult, weight = 1): void {
  const h = hours[Math.min(hours.length - 1, Math.floor(minute / 60))]!;
  h.polls += weight;
  h.downloads += result.downloads * weight;
  h.uploads += result.uploads * weight;
  h.loads += result.loads * weight;
  h.failures += result.failures * weight;
}

export function countRestart(hours: HourStat[], minute: number, weight = 1): void {
  hours[Math.min(hours.length - 1, Math.floor(minute / 60))]!.resets += weight;
}

export function simulate(program: Program, device: DeviceState, env: PollEnvironment, schedule: ScheduleOptions): Timeline {
  const start = device.clock;
  const timeAt = (minute: Minutes) => (start === undefined ? null : formatLocalTime(start + minute));
  const hours = emptyHours(schedule.days);
  const changes: PollEvent[] = [];
  const restarts: RestartEvent[] = [];
  const tracker = new LoopTracker();
  let polls = 0;
  const defaults: PollEnvironment = { ...env, interval: Math.max(1, schedule.interval ?? env.interval ?? DEFAULT_POLL_INTERVAL_MINUTES) };
  const polling: PollingEvent[] = [];
  const follow = (minute: number, device: DeviceState, cause: PollingEvent["cause"]) => {
    const url = expandedUpdateUrl(defaults, device);
    const intervalMinutes = pollIntervalOf(defaults, device);
    const last = polling.at(-1);
    if (last && last.url === url && last.intervalMinutes === intervalMinutes) return;
    polling.push({ minute, time: timeAt(minute), url, intervalMinutes, cause });
  };

  const final = step(
    program,
    device,
    env,
    schedule,
    {
      poll(minute, before, result, plan) {
        if (polls === 0) follow(minute, before, "start");
        follow(minute, result.after, "activated");
        polls++;
        countPoll(hours, minute, result);
        tracker.poll(minute, before.variables, result, downloadsOf(result, plan), () => plan!);
        // A poll is listed when it moves something: a transfer, a restart, a variable, the settings in force.
        // Lines that only write the same configuration again on every poll are not news.
        if (plan && material(result, before)) {
          changes.push({ minute, time: timeAt(minute), outcome: plan.outcome, summary: plan.summary, transfers: plan.transfers, variables: plan.variables.after, stoppedAt: plan.stoppedAt });
        }
      },
      quiet(minute, result) {
        polls++;
        countPoll(hours, minute, result);
      },
      restart(minute, after, cause, line) {
        follow(minute, after, "restart");
        countRestart(hours, minute);
        restarts.push({ minute, time: timeAt(minute), cause, line, firmware: after.firmware, boot: after.boot, bmc: after.bmc });
      },
    },
    true,
  );

  const steadyMinute = tracker.steadyMinute();
  const failing = tracker.failing();
  return {
    days: schedule.days,
    start: timeAt(0),
    polls,
    changes,
    restarts,
    loops: tracker.loops,
    verdict: tracker.verdict(),
    stuck: tracker.stuck && { ...tracker.stuck, time: timeAt(tracker.stuck.minute) },
    failing: failing && { ...failing, time: timeAt(failing.firstMinute) },
    firstFailure: tracker.firstFailure && { ...tracker.firstFailure, time: timeAt(tracker.firstFailure.minute) },
    steadyMinute,
    steadyTime: steadyMinute === null ? null : timeAt(steadyMinute),
    hours,
    final: { variables: final.variables, firmware: final.firmware, boot: final.boot, bmc: final.bmc },
    polling,
  };
}

function downloadsOf(result: PollResult, plan: PollPlan | undefined): readonly Download[] {
  if (!plan) return result.downloaded;
  return plan.transfers
    .filter((t) => t.result === "ok" && t.method === "GET" && t.purpose !== "configuration" && t.build !== undefined)
    .map((t) => ({ line: t.line, url: t.url, expected: t.build!, real: realBuild(plan, t) }));
}

function realBuild(plan: PollPlan, t: Transfer): string {
  const pending = plan.after.pending;
  const value = t.purpose === "firmware" ? pending.firmware : t.purpose === "boot code" ? pending.boot : pending.bmc;
  return value ?? t.build!;
}
