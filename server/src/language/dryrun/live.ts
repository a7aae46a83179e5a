/**
 * The pure half of `upscript poll` (docs/live-poll.md): the data of a run against a live update
 * server, what counts as a steady poll, the simulated clock between polls, which hosts may be
 * contacted, the per-product summary of a fleet, and the text renderings. The HTTP side lives in
 * server/src/node/live-poll.ts; everything here is plain data in, plain data out.
 */
import { FRESH_FAST_POLL_WINDOW_MINUTES, FRESH_POLL_INTERVAL_MINUTES, VARIABLES, productOrGuess, type ProductSpec } from "@upscript/grammar";
import type { Diagnostic, Severity } from "../diagnostic.js";
import { escapeControl as e } from "../inert.js";
import type { StateFile } from "../state.js";
import { createDevice, formatLocalTime } from "./device.js";
import type { FleetDevice } from "./fleet.js";
import type { DeviceState, PollPlan } from "./model.js";
import { pollIntervalOf, sameSettings, type PollEnvironment } from "./poll.js";
import { NO_STYLE, renderPlanText, type Style } from "./render-text.js";
import type { planJson } from "./render-json.js";

export const LIVE_JSON_VERSION = 1;

/** A finding of the served script, as `upscript lint --format json` writes it. */
export interface LiveDiagnostic {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly fixable: "safe" | "unsafe" | "none";
}

/** A request sent besides the poll itself (--check-transfers, --upload), and what came back. */
export interface LiveSent {
  readonly method: "HEAD" | "GET" | "PUT";
  readonly url: string;
  /** The HTTP status (`200`, `404`), or what went wrong (`timed out after 10 s`, `connection refused`). */
  readonly status: string;
}

export interface LivePoll {
  /** 1-based number of the poll in this run. */
  readonly n: number;
  /** The device's local time of the poll, `YYYY-MM-DD HH:MM`; null without a clock. */
  readonly at: string | null;
  readonly request: { readonly method: "GET"; readonly url: string };
  /** Redirects the device followed (or was refused), in order. */
  readonly redirects: readonly { readonly status: number; readonly location: string }[];
  /** `ok` when a script was served; else `failed(CODE)` or what went wrong ("timed out after 10 s", "connection refused", a host not allowed). */
  readonly status: string;
  readonly served: { readonly bytes: number; readonly sha256: string; readonly text: string } | null;
  /** Lint findings of the served script. */
  readonly diagnostics: readonly LiveDiagnostic[];
  /** The dry-run of the served script on the device (as `upscript dry-run --format json`); null when nothing ran. */
  readonly run: ReturnType<typeof planJson> | null;
  /** Where and when the device polls next: the request, and the minutes until then. */
  readonly next: { readonly url: string; readonly intervalMinutes: number };
  /** The poll changed nothing material (steadyPoll); false when nothing ran. */
  readonly steady: boolean;
  /** Requests sent besides the poll: transfer checks and uploads. */
  readonly sent: readonly LiveSent[];
  /** What else happened: why a poll failed, transfers not checked, the restart. */
  readonly notes: readonly string[];
}

/**
 * What became of the device at the end of the run, first match wins:
 * refused (the next request would go to a host not allowed), stuck (a transfer failed on a poll
 * that stored the check serial, and it is still stored), failing (the last poll failed, or a
 * transfer of it), steady (the last poll changed nothing material), changing.
 */
export type LiveVerdict = "refused" | "stuck" | "failing" | "steady" | "changing";
export const LIVE_VERDICTS: readonly LiveVerdict[] = ["refused", "stuck", "failing", "steady", "changing"];

export interface LiveRun {
  readonly kind: "live";
  readonly version: typeof LIVE_JSON_VERSION;
  /** The device after the last poll, at the time of its next poll: a state file (docs/state.schema.json). */
  readonly device: StateFile;
  readonly polls: readonly LivePoll[];
  readonly verdict: LiveVerdict;
  /** Why, in words (the stuck transfer, the failure); empty for steady and changing. */
  readonly why: string;
}

export interface LiveFleetDevice extends Omit<LiveRun, "kind" | "version"> {
  readonly mac: string;
  readonly product: string;
}

export interface LiveProductSummary {
  readonly product: string;
  readonly devices: number;
  readonly polls: number;
  /** Polls by status (`ok`, `failed(404)`, `timed out after 10 s` …). */
  readonly statuses: Readonly<Record<string, number>>;
  /** The distinct scripts served, by sha256, most served first. */
  readonly served: readonly { readonly sha256: string; readonly bytes: number; readonly polls: number; readonly devices: number; readonly errors: number; readonly warnings: number; readonly infos: number }[];
  /** Findings of the distinct scripts, each script counted once, by rule. */
  readonly findings: readonly { readonly rule: string; readonly severity: Severity; readonly scripts: number }[];
  readonly verdicts: Readonly<Record<LiveVerdict, number>>;
  /** Totals over the polls that ran a script. */
  readonly outcomes: { readonly downloads: number; readonly uploads: number; readonly loads: number; readonly restarts: number; readonly failedTransfers: number };
  /** Devices that are stuck, failing or refused, with the reason. */
  readonly trouble: readonly { readonly mac: string; readonly verdict: LiveVerdict; readonly why: string }[];
}

export interface LiveFleet {
  readonly kind: "live-fleet";
  readonly version: typeof LIVE_JSON_VERSION;
  readonly devices: readonly LiveFleetDevice[];
  readonly products: readonly LiveProductSummary[];
}

/** A lint finding in the JSON shape of `upscript lint --format json` (1-based lines and columns). */
export function diagnosticJson(d: Diagnostic): LiveDiagnostic {
  const fixable = d.fixes.some((f) => f.safety === "safe") ? "safe" : d.fixes.length > 0 ? "unsafe" : "none";
  return {
    rule: d.rule,
    severity: d.severity,
    message: d.message,
    line: d.range.line + 1,
    column: d.range.column + 1,
    endLine: d.range.endLine + 1,
    endColumn: d.range.endColumn + 1,
    fixable,
  };
}

/**
 * Whether a poll changed nothing material: no download or configuration load, no failed transfer,
 * no restart, no UPDATE/* variable other than SCFG changed, the UP1 settings in force and saved
 * the same. Uploads (backups, `/always` queries) do not count, as for the timeline's steady poll
 * (docs/dry-run.md, "Over time"), which also sets backups aside.
 */
export function steadyPoll(before: DeviceState, plan: PollPlan): boolean {
  if (plan.outcome !== "none") return false;
  if (plan.transfers.some((t) => t.result !== "ok" || t.method !== "PUT")) return false;
  const after = plan.after;
  if (VARIABLES.some((v) => v !== "SCFG" && after.variables[v] !== before.variables[v])) return false;
  const saved = (d: DeviceState) => d.savedSettings ?? d.settings;
  return sameSettings(after.settings, before.settings) && sameSettings(saved(after), saved(before));
}

/**
 * Minutes until the next poll after a run (or a failed poll): at once (one minute) after
 * `mod cmd UP1 poll`; a factory-fresh device polls every `/poll-fast` minutes (default 1) in its
 * first 30 minutes; otherwise the `/poll` setting in force, else the environment's interval.
 */
export function minutesToNextPoll(env: PollEnvironment, device: DeviceState, pollNow: boolean): number {
  if (pollNow) return 1;
  if (device.fresh && device.uptimeMinutes < FRESH_FAST_POLL_WINDOW_MINUTES) {
    const fast = device.settings["/poll-fast"];
    return typeof fast === "number" ? fast : FRESH_POLL_INTERVAL_MINUTES;
  }
  return Math.max(1, pollIntervalOf(env, device));
}

/** The device `minutes` later: its clock (if set) and uptime move on; nothing else changes. */
export function advance(device: DeviceState, minutes: number): DeviceState {
  return { ...device, clock: device.clock === undefined ? undefined : device.clock + minutes, uptimeMinutes: device.uptimeMinutes + minutes };
}

/** `YYYY-MM-DD HH:MM`, or null without a clock. */
export function pollTime(device: DeviceState): string | null {
  return device.clock === undefined ? null : formatLocalTime(device.clock);
}

// ---- hosts ----

/**
 * `--allow-host HOST[:PORT]` as the URL's `host` (lower case, no port for a scheme's default port
 * 80 or 443), or undefined when it is no host.
 */
export function normaliseAllowHost(value: string): string | undefined {
  if (!value || /[/?#@\s\\]/.test(value)) return undefined;
  try {
    const url = new URL(`http://${value}`);
    return url.host === "" ? undefined : url.host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Whether `url` may be contacted: its scheme, host and port are those of the update URL the run
 * was given (`origin`), or its host (with port, when not the default one) is in `allowHosts`.
 */
export function hostAllowed(url: string, origin: string, allowHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  return parsed.origin === origin || allowHosts.includes(parsed.host.toLowerCase());
}

/** The `--allow-host` value that would allow `url`: its host, with the port unless it is the default. */
export function allowHostHint(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}

/**
 * `redirect to http://other:8080/… not followed: host not allowed; use --allow-host other:8080`,
 * `request to … not sent: …`: what the device would do and why upscript did not.
 */
export function notAllowedMessage(what: string, url: string, done = "not followed"): string {
  let scheme = "";
  try {
    scheme = new URL(url).protocol;
  } catch {
    // described below
  }
  if (scheme !== "http:" && scheme !== "https:") return `${what} ${url} ${done}: only http and https URLs are polled`;
  return `${what} ${url} ${done}: host not allowed; use --allow-host ${allowHostHint(url)}`;
}

// ---- the end of a run ----

/** The verdict of a run and the reason, from its polls, the device at the end, and whether the run ended at a host not allowed. */
export function liveVerdict(polls: readonly LivePoll[], final: DeviceState, refused: boolean): { verdict: LiveVerdict; why: string } {
  const last = polls.at(-1);
  if (!last) return { verdict: "changing", why: "" };
  if (refused) return { verdict: "refused", why: last.status };
  for (let i = polls.length - 1; i >= 0; i--) {
    const stuck = polls[i]!.run?.stuck;
    if (stuck && final.variables.CHECK === stuck.serial) return { verdict: "stuck", why: `from poll ${polls[i]!.n}: ${stuck.description}` };
  }
  if (last.status !== "ok") return { verdict: "failing", why: `poll ${last.n}: ${last.status}` };
  const failed = last.run?.transfers.filter((t) => t.result !== "ok") ?? [];
  if (failed.length > 0) return { verdict: "failing", why: `poll ${last.n}: ${failed.map((t) => `line ${t.line}, ${t.method} ${t.url} ${t.result}`).join("; ")}; the device tries again on the next poll` };
  if (last.steady) {
    let first = polls.length - 1;
    while (first > 0 && polls[first - 1]!.steady) first--;
    return { verdict: "steady", why: `from poll ${polls[first]!.n}` };
  }
  return { verdict: "changing", why: "" };
}

// ---- what an upload sends ----

/**
 * The configuration a device uploads with `--upload` when no `--config-file` is given: its
 * UPDATE/* variables that are set, one `vars create UPDATE/NAME VALUE` line each.
 */
export function generatedConfig(device: DeviceState): string {
  return VARIABLES.filter((v) => device.variables[v] !== "")
    .map((v) => `vars create UPDATE/${v} ${device.variables[v]}\n`)
    .join("");
}

// ---- fleets ----

/** A device of a fleet list as the live poll starts it: the list's columns over `base` (clock, slots). */
export function fleetDeviceState(entry: FleetDevice, base: { readonly clock: number | undefined; readonly backupSlots?: number }): DeviceState {
  const product: ProductSpec = productOrGuess(entry.product)!.product;
  return createDevice({
    product,
    mac: entry.mac,
    ...(entry.ip && { ip: entry.ip }),
    ...(entry.firmware && { firmware: entry.firmware }),
    ...(entry.boot && { boot: entry.boot }),
    ...(entry.bmc && { bmc: entry.bmc }),
    ...(entry.variables && { variables: entry.variables }),
    clock: entry.clockOffset === null || base.clock === undefined ? null : base.clock + (entry.clockOffset ?? 0),
    ...(entry.uptimeMinutes !== undefined && { uptimeMinutes: entry.uptimeMinutes }),
    ...(entry.fresh !== undefined && { fresh: entry.fresh }),
    ...(base.backupSlots !== undefined && { backupSlots: base.backupSlots }),
  });
}

/** Per product: what the server served, the findings, the outcomes and the devices in trouble. */
export function summariseFleet(devices: readonly LiveFleetDevice[]): LiveProductSummary[] {
  const byProduct = new Map<string, LiveFleetDevice[]>();
  for (const d of devices) byProduct.set(d.product, [...(byProduct.get(d.product) ?? []), d]);
  return [...byProduct.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([product, list]) => {
      const statuses: Record<string, number> = {};
      const served = new Map<string, { sha256: string; bytes: number; polls: number; devices: Set<string>; diagnostics: readonly LiveDiagnostic[] }>();
      const verdicts = Object.fromEntries(LIVE_VERDICTS.map((v) => [v, 0])) as Record<LiveVerdict, number>;
      const outcomes = { downloads: 0, uploads: 0, loads: 0, restarts: 0, failedTransfers: 0 };
      let polls = 0;
      for (const d of list) {
        verdicts[d.verdict]++;
        for (const p of d.polls) {
          polls++;
          statuses[p.status] = (statuses[p.status] ?? 0) + 1;
          if (p.served) {
            const entry = served.get(p.served.sha256) ?? { sha256: p.served.sha256, bytes: p.served.bytes, polls: 0, devices: new Set<string>(), diagnostics: p.diagnostics };
            entry.polls++;
            entry.devices.add(d.mac);
            served.set(p.served.sha256, entry);
          }
          for (const t of p.run?.transfers ?? []) {
            if (t.result !== "ok") outcomes.failedTransfers++;
            else if (t.method === "PUT") outcomes.uploads++;
            else if (t.purpose === "configuration") outcomes.loads++;
            else outcomes.downloads++;
          }
          if (p.run && p.run.outcome !== "none") outcomes.restarts++;
        }
      }
      const findings = new Map<string, { rule: string; severity: Severity; scripts: number }>();
      for (const s of served.values()) {
        const seen = new Set<string>();
        for (const d of s.diagnostics) {
          const key = `${d.rule}\u0000${d.severity}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const f = findings.get(key) ?? { rule: d.rule, severity: d.severity, scripts: 0 };
          f.scripts++;
          findings.set(key, f);
        }
      }
      const count = (s: { diagnostics: readonly LiveDiagnostic[] }, severity: Severity) => s.diagnostics.filter((d) => d.severity === severity).length;
      const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
      return {
        product,
        devices: list.length,
        polls,
        statuses,
        served: [...served.values()]
          .sort((a, b) => b.polls - a.polls || (a.sha256 < b.sha256 ? -1 : 1))
          .map((s) => ({ sha256: s.sha256, bytes: s.bytes, polls: s.polls, devices: s.devices.size, errors: count(s, "error"), warnings: count(s, "warning"), infos: count(s, "info") })),
        findings: [...findings.values()].sort((a, b) => order[a.severity] - order[b.severity] || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)),
        verdicts,
        outcomes,
        trouble: list.filter((d) => d.verdict === "stuck" || d.verdict === "failing" || d.verdict === "refused").map((d) => ({ mac: d.mac, verdict: d.verdict, why: d.why })),
      };
    });
}

// ---- text ----

/** What a poll's text block says about the device before the poll. */
function deviceLine(device: DeviceState): string {
  return `${device.product.name} ${device.mac}, firmware ${device.firmware}, boot ${device.boot}, up ${device.uptimeMinutes} min${device.fresh ? ", factory-fresh" : ""}`;
}

/**
 * One poll as text, in the dry-run's style: the request, the redirects, the status, the served
 * script's size and sha256, its findings as gcc-style lines (`fileName:line:column: severity:
 * message [rule]`), the plan (renderPlanText from its "Lines:" on), the requests sent besides the
 * poll, notes, and where the next poll goes. Everything from the server or the script is escaped.
 */
export function renderLivePollText(poll: LivePoll, before: DeviceState, plan: PollPlan | undefined, fileName: string, style: Style = NO_STYLE): string {
  const out: string[] = [];
  out.push(style.bold(`Poll ${poll.n}${poll.at !== null ? ` at ${e(poll.at)}` : " (no clock)"}`) + style.dim(`: ${e(deviceLine(before))}`));
  out.push(`  ${poll.request.method} ${e(poll.request.url)}`);
  for (const r of poll.redirects) out.push(`  ${r.status} → ${e(r.location)}`);
  const status = poll.status === "ok" ? style.green("ok") : style.red(e(poll.status));
  out.push(poll.served ? `  ${status}: served ${poll.served.bytes} bytes, sha256 ${poll.served.sha256}` : `  ${status}`);
  for (const d of poll.diagnostics) {
    const severity = d.severity === "error" ? style.red(d.severity) : d.severity === "warning" ? style.yellow(d.severity) : style.dim(d.severity);
    out.push(`  ${e(fileName)}:${d.line}:${d.column}: ${severity}: ${e(d.message)} ${style.dim(`[${e(d.rule)}]`)}`);
  }
  for (const note of poll.notes) out.push(`  ${style.dim("note:")} ${e(note)}`);
  if (plan) {
    const text = renderPlanText(plan, fileName, style);
    const from = text.indexOf(style.bold("Lines:"));
    out.push("", (from >= 0 ? text.slice(from) : text).trimEnd());
  }
  if (poll.sent.length) {
    out.push("", style.bold("Sent besides the poll:"));
    for (const s of poll.sent) out.push(`  ${s.method.padEnd(4)} ${e(s.url)}  ${/^2\d\d$/.test(s.status) ? style.green(s.status) : style.red(e(s.status))}`);
  }
  out.push("", `Next poll in ${poll.next.intervalMinutes} min: GET ${e(poll.next.url)}`);
  return out.join("\n") + "\n\n";
}

/** The last lines of a run: the verdict and the device at the end. */
export function renderLiveEnd(run: LiveRun, style: Style = NO_STYLE): string {
  const out: string[] = [];
  const d = run.device;
  const why = run.why ? `: ${e(run.why)}` : "";
  switch (run.verdict) {
    case "steady":
      out.push(style.green(`Steady ${e(run.why)}: nothing changes after that (backups and /always uploads aside).`));
      break;
    case "stuck":
      out.push(style.red(`Stuck ${e(run.why)}.`));
      break;
    case "failing":
      out.push(style.red(`Failing${why}.`));
      break;
    case "refused":
      out.push(style.yellow(`Stopped${why}.`));
      break;
    default:
      out.push(style.yellow(`Still changing after ${run.polls.length} poll${run.polls.length === 1 ? "" : "s"}.`));
  }
  const vars = VARIABLES.map((v) => `${v}=${d.variables?.[v] ? e(d.variables[v]!) : "(empty)"}`).join(" ");
  out.push(`Finally: firmware ${e(d.firmware ?? "unknown")}, boot ${e(d.boot ?? "unknown")}; ${vars}`);
  return out.join("\n") + "\n";
}

/** A fleet run as text: one line per device, then per product what was served and what became of the devices. */
export function renderLiveFleetText(fleet: LiveFleet, style: Style = NO_STYLE): string {
  const out: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  out.push(style.bold(`Live poll of ${plural(fleet.devices.length, "device")}`), "");
  for (const d of fleet.devices) {
    const last = d.polls.at(-1);
    // The reasons of the devices in trouble follow in their product's summary.
    out.push(`  ${e(d.mac)} ${e(d.product).padEnd(8)} ${plural(d.polls.length, "poll")}, last ${last ? e(last.status) : "none"}: ${verdictText(d.verdict, style)}`);
  }
  for (const p of fleet.products) {
    out.push("", style.bold(`${e(p.product)}: ${plural(p.devices, "device")}, ${plural(p.polls, "poll")}`));
    out.push(`  statuses: ${Object.entries(p.statuses).map(([s, n]) => `${e(s)} ${n}`).join(", ")}`);
    for (const s of p.served) {
      const findings = [s.errors && plural(s.errors, "error"), s.warnings && plural(s.warnings, "warning"), s.infos && plural(s.infos, "info")].filter(Boolean).join(", ") || "no findings";
      out.push(`  served ${s.sha256.slice(0, 12)} (${s.bytes} bytes) on ${plural(s.polls, "poll")} to ${plural(s.devices, "device")}: ${findings}`);
    }
    if (p.findings.length) out.push(`  findings: ${p.findings.map((f) => `${e(f.rule)} (${f.severity})`).join(", ")}`);
    const o = p.outcomes;
    out.push(`  ${plural(o.downloads, "download")}, ${plural(o.uploads, "upload")}, ${plural(o.loads, "configuration load")}, ${plural(o.restarts, "restart")}, ${plural(o.failedTransfers, "failed transfer")}`);
    out.push(`  ${LIVE_VERDICTS.filter((v) => p.verdicts[v] > 0).map((v) => `${verdictText(v, style)} ${p.verdicts[v]}`).join(", ")}`);
    for (const t of p.trouble.slice(0, 20)) out.push(style.red(`  ${e(t.mac)} ${t.verdict}: ${e(t.why)}`));
    if (p.trouble.length > 20) out.push(style.dim(`  … and ${p.trouble.length - 20} more`));
  }
  return out.join("\n") + "\n";
}

function verdictText(v: LiveVerdict, style: Style): string {
  return v === "steady" ? style.green(v) : v === "changing" ? style.yellow(v) : style.red(v);
}

/** Why a text cannot be the update URL of `upscript poll` (or the editor's poll); undefined when it can. */
export function pollUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `'${text}' is not a URL: give the update URL, e.g. http://10.0.0.5/update.php`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `'${text}': upscript poll speaks http and https, not ${url.protocol}`;
  if (url.username || url.password) return `'${text}': no credentials in the URL, please; upscript does not send them`;
  return undefined;
}
