/**
 * Terminal renderings of a plan, a timeline and a fleet forecast, in the spirit of
 * `terraform plan`: a symbol per action, the reason in words, and one summary line.
 * Pure: colours come in as functions (the CLI passes real ones, or none).
 *
 * Everything from the script, the config, the fleet file or the command line is inert: passed
 * through `e` (escapeControl) before it is styled, so the colours are the only escape sequences
 * in the output (docs/security.md). planHeadline, a code lens title, also neutralises VS Code's
 * `$(icon)` syntax (codeLensText).
 */
import { VARIABLES } from "@upscript/grammar";
import { codeLensText, escapeControl as e } from "../inert.js";
import type { LinePlan, PollPlan, Transfer } from "./model.js";
import { BLOCKED_CAUSES, BLOCKED_WHY, troubleGroups, type FleetForecast, type Moment } from "./fleet.js";
import type { ComparedFigure, FigureValue, FleetComparison } from "./compare.js";
import { SIZE_SOURCE_WORDS, formatBytes, type OfficeHours } from "./rollout.js";
import type { Timeline } from "./timeline.js";

export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly red: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const plain = (s: string) => s;
export const NO_STYLE: Style = { bold: plain, dim: plain, green: plain, yellow: plain, red: plain, cyan: plain };

export const SYMBOLS = {
  download: "↓",
  upload: "↑",
  config: "~",
  restart: "⟳",
  stop: "■",
  ran: "✓",
  skipped: "-",
  notReached: "·",
  failed: "✗",
} as const;

export const LEGEND = `${SYMBOLS.download} download  ${SYMBOLS.upload} upload  ${SYMBOLS.config} configuration  ${SYMBOLS.restart} restart  ${SYMBOLS.stop} stops the run  ${SYMBOLS.failed} transfer failed  ${SYMBOLS.skipped} skipped  ${SYMBOLS.notReached} not reached`;

function lineSymbol(line: LinePlan, plan: PollPlan, style: Style): string {
  if (line.status === "stopped") return style.yellow(SYMBOLS.stop);
  if (line.status === "not-reached") return style.dim(SYMBOLS.notReached);
  if (line.status === "skipped") return style.dim(SYMBOLS.skipped);
  const transfers = plan.transfers.filter((t) => t.line === line.line);
  if (transfers.some((t) => t.result !== "ok")) return style.red(SYMBOLS.failed);
  if (plan.outcomeLine === line.line) return style.red(SYMBOLS.restart);
  const t = transfers[0];
  if (t) return t.method === "PUT" ? style.cyan(SYMBOLS.upload) : t.purpose === "configuration" ? style.yellow(SYMBOLS.config) : style.green(SYMBOLS.download);
  if (plan.effects.some((e) => e.line === line.line && (e.kind === "config" || e.kind === "vars"))) return style.yellow(SYMBOLS.config);
  return style.green(SYMBOLS.ran);
}

function transferSymbol(t: Transfer, style: Style): string {
  if (t.result !== "ok") return style.red(SYMBOLS.failed);
  return t.method === "PUT" ? style.cyan(SYMBOLS.upload) : t.purpose === "configuration" ? style.yellow(SYMBOLS.config) : style.green(SYMBOLS.download);
}

/** `7 days`, `1 day`, `2 hours` for a simulation shorter than a day. */
export function span(days: number): string {
  if (days >= 1 || days <= 0) return `${days} day${days === 1 ? "" : "s"}`;
  const minutes = Math.round(days * 1440);
  return minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? "" : "s"}` : `${minutes} minutes`;
}

const show = (value: string) => (value === "" ? "(empty)" : e(value));

export function renderPlanText(plan: PollPlan, scriptName: string, style: Style = NO_STYLE): string {
  const d = plan.device;
  const out: string[] = [];
  out.push(style.bold(`Dry run of ${e(scriptName)} for an ${e(d.product)}`) + style.dim(` (MAC ${e(d.mac)}, IP ${e(d.ip)}, firmware ${e(d.firmware)}, boot ${e(d.boot)})`));
  out.push(`at ${d.clock !== null ? e(d.clock) : "an unset clock"}, up ${d.uptimeMinutes} min${d.fresh ? ", factory-fresh" : ""}`);
  out.push("", style.dim(LEGEND), "", style.bold("The device requests:"), `  ${plan.request.method} ${e(plan.request.url)}`, "", style.bold("Lines:"));
  const width = String(plan.lines.at(-1)?.line ?? 1).length;
  for (const line of plan.lines) {
    // Blank lines and comments say nothing about the run; the JSON keeps them.
    if (line.text === "" || line.text.startsWith("#")) continue;
    const text = e(line.text);
    out.push(`  ${String(line.line).padStart(width)} ${lineSymbol(line, plan, style)} ${line.status === "not-reached" ? style.dim(text) : text}`);
    out.push(`  ${" ".repeat(width)}   ${style.dim(e(line.reason))}`);
  }
  if (plan.transfers.length) {
    out.push("", style.bold("Transfers:"));
    const urlWidth = Math.max(...plan.transfers.map((t) => e(t.url).length));
    for (const t of plan.transfers) {
      const what = t.build !== undefined ? `${e(t.purpose)} ${e(t.build)}` : e(t.purpose);
      out.push(`  ${transferSymbol(t, style)} ${t.method.padEnd(3)} ${e(t.url).padEnd(urlWidth)}  ${what}  ${t.result === "ok" ? style.green("ok") : style.red(e(t.result))}`);
    }
  }
  if (plan.configApplied.length) {
    out.push("", style.bold("Configuration applied:"));
    for (const c of plan.configApplied) out.push(`  ${style.yellow(SYMBOLS.config)} ${e(c.text)}${c.fileLine !== undefined ? style.dim(`  (${e(c.file)}:${c.fileLine})`) : ""}`);
  }
  const changed = VARIABLES.filter((v) => plan.variables.before[v] !== plan.variables.after[v]);
  out.push("", style.bold("Variables:"));
  if (changed.length === 0) out.push(style.dim("  no UPDATE/* variable changes"));
  for (const v of changed) out.push(`  ${style.yellow("~")} ${v.padEnd(5)} ${show(plan.variables.before[v])} → ${show(plan.variables.after[v])}`);
  if (plan.next.changed || plan.next.pendingUntilRestart) {
    out.push("", style.bold("Next poll:"));
    if (plan.next.changed) out.push(`  from the next poll on: GET ${e(plan.next.url)}, every ${plan.next.intervalMinutes} min`);
    const pending = plan.next.pendingUntilRestart;
    if (pending) out.push(`  after the next restart: ${pending.url ? `GET ${e(pending.url)}` : "the same URL"}, every ${pending.intervalMinutes ?? plan.next.intervalMinutes} min ${style.dim("(saved, not activated)")}`);
  }
  if (plan.diagnostics.length) {
    out.push("", style.bold("Met during the run:"));
    // Line 0: the whole run (an unknown product, settings carried over from an earlier poll).
    for (const diag of plan.diagnostics) out.push(`  ${diag.line > 0 ? `line ${diag.line}: ` : ""}${e(diag.message)} ${style.dim(`[${e(diag.rule)}]`)}`);
  }
  out.push("");
  if (plan.outcome !== "none") out.push(style.red(`${SYMBOLS.restart} ${plan.outcome === "reset-now" ? "Restart now" : "Restart when idle"} (line ${plan.outcomeLine})`), "");
  out.push(style.bold(e(plan.summary)));
  return out.join("\n") + "\n";
}

export function renderTimelineText(t: Timeline, scriptName: string, product: string, style: Style = NO_STYLE): string {
  const out: string[] = [];
  out.push(style.bold(`Timeline of ${e(scriptName)} for an ${e(product)} over ${span(t.days)}`) + ` from ${t.start !== null ? e(t.start) : "start (no clock)"}: ${t.polls} polls`);
  // Where it polls is worth a line only when a setting changes it on the way.
  const first = t.polling[0];
  if (first && t.polling.length > 1) out.push(style.dim(`polls GET ${e(first.url)} every ${first.intervalMinutes} min`));
  out.push("");
  type Row = { minute: number; text: string };
  const rows: Row[] = [];
  for (const c of t.changes) {
    const symbols = c.transfers.map((x) => transferSymbol(x, style)).join("") || style.yellow(SYMBOLS.config);
    rows.push({ minute: c.minute, text: `${symbols} ${e(c.summary)}` });
  }
  for (const r of t.restarts) {
    rows.push({ minute: r.minute + 0.5, text: style.red(`${SYMBOLS.restart} restart${r.cause === "reset-when-idle" ? " when idle" : ""} (line ${r.line}): now running firmware ${e(r.firmware)}, boot ${e(r.boot)}`) });
  }
  // Only changes of where or how often the device polls; the first entry is the starting point.
  for (const p of t.polling.slice(1)) {
    rows.push({ minute: p.minute + 0.75, text: style.cyan(`${SYMBOLS.config} from now on polls GET ${e(p.url)} every ${p.intervalMinutes} min (${p.cause === "restart" ? "saved settings, in force after the restart" : "config activate"})`) });
  }
  rows.sort((a, b) => a.minute - b.minute);
  if (rows.length === 0) out.push(style.dim("  no poll changes anything"));
  const shown = rows.slice(0, 200);
  for (const row of shown) out.push(`  ${timeLabel(t.start, Math.floor(row.minute))}  ${row.text}`);
  if (rows.length > shown.length) out.push(style.dim(`  … and ${rows.length - shown.length} more`));
  out.push("");
  for (const loop of t.loops) out.push(style.red(`Loop: ${e(loop.description)}`));
  if (t.stuck) out.push(style.red(`Stuck ${t.stuck.time !== null ? `from ${e(t.stuck.time)}` : `after ${t.stuck.minute} min`}: ${e(t.stuck.description)}.`));
  if (t.loops.length === 0 && !t.stuck) {
    if (t.verdict === "blocked") out.push(style.yellow("Blocked: no poll gets past the times line (no clock, or outside the allowed hours all along)."));
    else if (t.failing) out.push(style.red(`Keeps failing ${t.failing.time !== null ? `from ${e(t.failing.time)}` : `after ${t.failing.firstMinute} min`}: ${e(t.failing.description)}.`));
    else out.push(t.steadyTime !== null ? style.green(`Steady from ${e(t.steadyTime)}: nothing changes after that (backups aside).`) : t.steadyMinute !== null ? style.green(`Steady after ${t.steadyMinute} min.`) : style.yellow("Not steady: the device still changes at the end of the simulated days."));
  }
  out.push(`Finally: firmware ${e(t.final.firmware)}, boot ${e(t.final.boot)}; ${VARIABLES.map((v) => `${v}=${show(t.final.variables[v])}`).join(" ")}`);
  return out.join("\n") + "\n";
}

function timeLabel(start: string | null, minute: number): string {
  if (start === null) return `+${minute} min`.padEnd(16);
  const base = Date.parse(`${start.replace(" ", "T")}:00Z`);
  return new Date(base + minute * 60_000).toISOString().slice(0, 16).replace("T", " ");
}

const n = (x: number) => x.toLocaleString("en-US");
const count = (x: number, word: string) => `${n(x)} ${word}${x === 1 ? "" : "s"}`;

/** `8–18 on weekdays`, or the days named when they are not Monday to Friday. */
function describeOfficeHours(office: OfficeHours): string {
  const names = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  const weekdays = office.weekdays.join(",") === "1,2,3,4,5" ? "on weekdays" : `on ${office.weekdays.map((d) => names[d] ?? String(d)).join(", ")}`;
  return `${office.from}–${office.to} ${weekdays}`;
}

/** The URLs the report lists with their sizes; the JSON has them all. */
const SIZES_SHOWN = 5;
/** MACs shown per trouble group; --devices-out lists every device. */
const MACS_SHOWN = 4;

/** When a share of the fleet is on target, or that it is not within the simulated days. */
function reachedText(m: Moment | null, days: number): string {
  return m === null ? `not within ${span(days)}` : `at ${e(m.time)}`;
}

export function renderFleetText(f: FleetForecast, scriptName: string, style: Style = NO_STYLE): string {
  const out: string[] = [];
  out.push(style.bold(`Rollout forecast for ${e(scriptName)}: ${n(f.devices.length)} devices over ${span(f.days)} from ${e(f.start)}`));
  out.push("");
  out.push(
    `  ${style.green(`settled ${n(f.verdicts.settled)}`)}, unchanged ${n(f.verdicts.unchanged)}, ${style.yellow(`blocked ${n(f.verdicts.blocked)}`)}, ${style.yellow(`still changing ${n(f.verdicts["still-changing"])}`)}, ${style.red(`looping ${n(f.verdicts.looping)}`)}, ${style.red(`stuck ${n(f.verdicts.stuck)}`)}, ${style.red(`failing ${n(f.verdicts.failing)}`)}`,
  );
  const t = f.totals;
  out.push(`  ${count(t.polls, "poll")}, ${count(t.downloads, "download")}, ${count(t.uploads, "upload")}, ${count(t.loads, "configuration load")}, ${count(t.resets, "restart")}, ${count(t.failures, "failed transfer")}`);
  const peak = f.peakConcurrentDownloads;
  out.push(`  peak: ${style.bold(count(peak.count, "download"))} at once${peak.time ? ` at ${e(peak.time)}` : ""} (each taking ${f.downloadMinutes} min)`);
  const rate = f.load.peakBytesPerSecond;
  out.push(`  web server: ${rate.value > 0 ? `${style.bold(`${formatBytes(rate.value)}/s`)} at the peak${rate.time ? ` at ${e(rate.time)}` : ""}` : "nothing transferred"}, ${formatBytes(f.load.bytes)} in all`);
  const r = f.restarts;
  const outside = r.outsideAllowed === null ? "" : `, ${style[r.outsideAllowed > 0 ? "red" : "green"](`${n(r.outsideAllowed)} outside the allowed hours`)} (${e(r.allowed ?? "")})`;
  out.push(`  ${count(r.total, "restart")}${outside}, ${style[r.inOfficeHours > 0 ? "yellow" : "green"](`${n(r.inOfficeHours)} in office hours`)} (${describeOfficeHours(r.officeHours)})`);

  out.push("", style.bold("On target:"));
  for (const p of f.target.products) out.push(`  ${e(p.product)} (${count(p.devices, "device")}): ${e(p.description)}`);
  const reached = f.target.reached;
  out.push(`  50 % of the devices on target ${reachedText(reached.half, f.days)}, 90 % ${reachedText(reached.ninety, f.days)}, 100 % ${reachedText(reached.all, f.days)}`);
  out.push(`  ${n(f.target.onTarget)} of ${n(f.devices.length)} on target at the end`);

  const urls = f.load.urls;
  if (urls.length) {
    out.push("", style.bold("Sizes assumed (one transfer each):"));
    const shown = urls.slice(0, SIZES_SHOWN);
    const width = Math.max(...shown.map((u) => formatBytes(u.bytes).length));
    for (const u of shown) {
      out.push(`  ${formatBytes(u.bytes).padStart(width)}  ${u.method.padEnd(3)} ${e(u.url)}  ${style.dim(`${e(u.verb)}, ${SIZE_SOURCE_WORDS[u.source]}, ${count(u.transfers, "transfer")}`)}`);
    }
    if (urls.length > shown.length) out.push(style.dim(`  … and ${n(urls.length - shown.length)} more`));
  }

  if (f.verdicts.blocked > 0) {
    out.push("", style.bold("Blocked devices by cause:"));
    for (const cause of BLOCKED_CAUSES) if (f.blocked[cause] > 0) out.push(`  ${style.yellow(n(f.blocked[cause]))} ${cause}: ${BLOCKED_WHY[cause]}`);
  }

  const busy = [...f.hours].filter((h) => h.downloads + h.resets + h.uploads > 0).sort((a, b) => b.downloads - a.downloads || b.resets - a.resets).slice(0, 8).sort((a, b) => a.hour - b.hour);
  if (busy.length) {
    out.push("", style.bold("Busiest hours:"), style.dim(`  ${"hour".padEnd(16)}  ${"polls".padStart(8)} ${"downloads".padStart(9)} ${"uploads".padStart(8)} ${"restarts".padStart(8)}`));
    for (const h of busy) out.push(`  ${timeLabel(f.start, h.hour * 60)}  ${n(h.polls).padStart(8)} ${n(h.downloads).padStart(9)} ${n(h.uploads).padStart(8)} ${n(h.resets).padStart(8)}`);
  }
  const groups = troubleGroups(f);
  if (groups.length) {
    out.push("", style.bold("Devices that loop, are stuck, keep failing, never run the script, or do not settle:"));
    for (const g of groups.slice(0, 20)) {
      out.push(`  ${style.red(n(g.devices.length))} ${e(g.product)} ${e(g.verdict)}${g.why ? `: ${e(g.why)}` : ""}`);
      const more = g.devices.length - MACS_SHOWN;
      out.push(style.dim(`    ${g.devices.slice(0, MACS_SHOWN).map(e).join(", ")}${more > 0 ? ` and ${n(more)} more` : ""}`));
    }
    if (groups.length > 20) out.push(style.dim(`  … and ${n(groups.length - 20)} more groups`));
    if (groups.some((g) => g.devices.length > MACS_SHOWN) || groups.length > 20) out.push(style.dim("  every device with its verdict and why: simulate … --devices-out devices.csv"));
  }
  return out.join("\n") + "\n";
}

function figureText(f: ComparedFigure, v: FigureValue, days: number): string {
  if (v === null) return f.unit === "moment" ? `not within ${span(days)}` : "–";
  if (typeof v !== "number") return e(v.time);
  if (f.unit === "bytes") return formatBytes(v);
  if (f.unit === "bytes-per-second") return `${formatBytes(v)}/s`;
  return n(v);
}

/**
 * Two forecasts of the same fleet side by side (`simulate --compare`): one row per figure, the
 * better value marked with ✓ (none when they are equal).
 */
export function renderComparisonText(c: FleetComparison, style: Style = NO_STYLE): string {
  const fa = c.a.forecast;
  const out: string[] = [];
  out.push(style.bold(`Comparison of ${e(c.a.script)} (A) and ${e(c.b.script)} (B): ${n(fa.devices.length)} devices over ${span(fa.days)} from ${e(fa.start)}`), "");
  const rows = c.figures.map((f) => ({ f, a: figureText(f, f.a, fa.days), b: figureText(f, f.b, c.b.forecast.days) }));
  const mark = " ✓";
  const labelWidth = Math.max(...rows.map((r) => r.f.label.length), "figure".length);
  const aWidth = Math.max(...rows.map((r) => r.a.length), 1) + mark.length;
  const bWidth = Math.max(...rows.map((r) => r.b.length), 1) + mark.length;
  out.push(style.dim(`  ${"".padEnd(labelWidth)}  ${"A".padEnd(aWidth)}  ${"B".padEnd(bWidth)}`.trimEnd()));
  const cell = (text: string, better: boolean, width: number) => (better ? style.green(`${text}${mark}`.padEnd(width)) : `${text}`.padEnd(width));
  for (const r of rows) out.push(`  ${r.f.label.padEnd(labelWidth)}  ${cell(r.a, r.f.better === "a", aWidth)}  ${cell(r.b, r.f.better === "b", bWidth)}`.trimEnd());
  const wins = (side: "a" | "b") => c.figures.filter((f) => f.better === side).length;
  out.push("", `${style.bold("✓")} the better of the two; A is better in ${count(wins("a"), "figure")}, B in ${wins("b")}, ${c.figures.filter((f) => f.better === null).length} equal`);
  return out.join("\n") + "\n";
}

/**
 * One line for an editor's code lens: `23:30 IP232: download 13-138765, upload backup, reset
 * when idle`, or what stopped the run. Inert (codeLensText): no control character, no `$(icon)`.
 */
export function planHeadline(plan: PollPlan): string {
  const parts: string[] = [];
  for (const t of plan.transfers) {
    if (t.result !== "ok") parts.push(`${t.purpose} ${t.result}`);
    else if (t.method === "PUT") parts.push("upload backup");
    else if (t.purpose === "configuration") parts.push(`load ${t.url.slice(t.url.lastIndexOf("/") + 1) || t.url}`);
    else parts.push(`download ${t.build ?? t.purpose}`);
  }
  if (plan.stoppedAt !== undefined) parts.push(`stops at line ${plan.stoppedAt}`);
  if (plan.outcome !== "none") parts.push(plan.outcome === "reset-now" ? "reset now" : "reset when idle");
  if (parts.length === 0) parts.push(plan.changes ? "no download, no reset" : "nothing to do");
  const clock = plan.device.clock ? `${plan.device.clock.slice(11)} ` : "no clock, ";
  return codeLensText(`${clock}${plan.device.product}: ${parts.join(", ")}`);
}
