/**
 * The JSON forms of a plan, a timeline and a fleet forecast: plain objects that follow
 * docs/dry-run.schema.json (`kind` says which one; `version` changes only with breaking edits).
 */
import type { FleetForecast } from "./fleet.js";
import type { DeviceSummary, PollPlan } from "./model.js";
import type { Timeline } from "./timeline.js";

export const DRY_RUN_JSON_VERSION = 1;

export function planJson(plan: PollPlan, script: string) {
  return {
    kind: "poll" as const,
    version: DRY_RUN_JSON_VERSION,
    script,
    device: plan.device,
    outcome: plan.outcome,
    outcomeLine: plan.outcomeLine ?? null,
    stoppedAt: plan.stoppedAt ?? null,
    summary: plan.summary,
    changes: plan.changes,
    stuck: plan.stuck ?? null,
    next: { url: plan.next.url, intervalMinutes: plan.next.intervalMinutes, changed: plan.next.changed, pendingUntilRestart: plan.next.pendingUntilRestart ?? null },
    lines: plan.lines.map(({ line, status, reason, text }) => ({ line, status, reason, text })),
    transfers: plan.transfers.map(({ line, method, url, purpose, result, build }) => ({ line, method, url, purpose, result, build: build ?? null })),
    configApplied: plan.configApplied.map(({ line, file, fileLine, text }) => ({ line, file, fileLine: fileLine ?? null, text })),
    effects: plan.effects,
    variables: plan.variables,
    request: plan.request,
    diagnostics: plan.diagnostics,
  };
}

export function timelineJson(t: Timeline, script: string, device: DeviceSummary) {
  return {
    kind: "timeline" as const,
    version: DRY_RUN_JSON_VERSION,
    script,
    device,
    days: t.days,
    start: t.start,
    polls: t.polls,
    changes: t.changes.map((c) => ({ ...c, stoppedAt: c.stoppedAt ?? null, transfers: c.transfers.map((x) => ({ ...x, build: x.build ?? null })) })),
    restarts: t.restarts.map((r) => ({ ...r, line: r.line ?? null })),
    loops: t.loops.map((l) => ({ ...l, line: l.line ?? null })),
    verdict: t.verdict,
    stuck: t.stuck,
    failing: t.failing,
    firstFailure: t.firstFailure,
    steady: { minute: t.steadyMinute, time: t.steadyTime },
    hours: t.hours,
    final: t.final,
    polling: t.polling,
  };
}

export function fleetJson(f: FleetForecast, script: string) {
  return {
    kind: "fleet" as const,
    version: DRY_RUN_JSON_VERSION,
    script,
    days: f.days,
    start: f.start,
    downloadMinutes: f.downloadMinutes,
    verdicts: f.verdicts,
    totals: f.totals,
    peakConcurrentDownloads: f.peakConcurrentDownloads,
    blocked: f.blocked,
    load: f.load,
    target: f.target,
    restarts: f.restarts,
    simulated: f.simulated,
    hours: f.hours,
    devices: f.devices.map((d) => ({
      ...d,
      changes: d.changes.map((c) => ({ ...c, line: c.line ?? null })),
      loops: d.loops.map((l) => ({ ...l, line: l.line ?? null })),
    })),
  };
}
