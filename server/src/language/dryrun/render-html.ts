/**
 * Self-contained HTML reports for a timeline and a fleet forecast: summary figures, an SVG chart
 * of the per-hour forecast (polls, downloads, uploads, restarts), loops and the list of changes.
 * No scripts, no external files: the page opens anywhere, also in an editor webview.
 */
import { VARIABLES } from "@upscript/grammar";
import { troubleGroups, type FleetForecast } from "./fleet.js";
import type { PollPlan } from "./model.js";
import { LEGEND, SYMBOLS, span } from "./render-text.js";
import type { HourStat, Timeline } from "./timeline.js";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const n = (x: number) => x.toLocaleString("en-US");

interface Series {
  readonly key: keyof Omit<HourStat, "hour">;
  readonly label: string;
  readonly color: string;
}

const SERIES: readonly Series[] = [
  { key: "polls", label: "Polls", color: "#7a8699" },
  { key: "downloads", label: "Downloads", color: "#2f7ed8" },
  { key: "uploads", label: "Uploads", color: "#2a9d8f" },
  { key: "loads", label: "Configuration loads", color: "#e9a23b" },
  { key: "resets", label: "Restarts", color: "#d1495b" },
];

function hourLabel(start: string | null, hour: number): string {
  if (start === null) return `+${hour} h`;
  const base = Date.parse(`${start.replace(" ", "T")}:00Z`);
  return new Date(base + hour * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

/** Small multiples: one bar chart per series, sharing the time axis, with midnight marked. */
export function hourChart(hours: readonly HourStat[], start: string | null): string {
  const width = 1120;
  const left = 64;
  const panel = 84;
  const title = 18;
  const gap = 14;
  const plotWidth = width - left - 10;
  const series = SERIES.filter((s) => s.key === "polls" || hours.some((h) => h[s.key] > 0));
  const height = series.length * (title + panel + gap) + 26;
  const barWidth = plotWidth / Math.max(1, hours.length);
  const parts: string[] = [];
  series.forEach((s, i) => {
    const top = i * (title + panel + gap) + title + 4;
    const max = Math.max(1, ...hours.map((h) => h[s.key]));
    parts.push(`<text x="${left}" y="${top - 6}" class="label">${escape(s.label)}</text>`);
    parts.push(`<text x="${left - 6}" y="${top + 8}" class="axis" text-anchor="end">${n(max)}</text>`);
    parts.push(`<text x="${left - 6}" y="${top + panel}" class="axis" text-anchor="end">0</text>`);
    parts.push(`<line x1="${left}" y1="${top + panel}" x2="${left + plotWidth}" y2="${top + panel}" class="base"/>`);
    hours.forEach((h, index) => {
      const value = h[s.key];
      if (value === 0) return;
      const barHeight = Math.max(1, (value / max) * (panel - 4));
      const x = left + index * barWidth;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${(top + panel - barHeight).toFixed(1)}" width="${Math.max(1, barWidth - 0.6).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${s.color}"><title>${escape(hourLabel(start, h.hour))}: ${n(value)} ${escape(s.label.toLowerCase())}</title></rect>`,
      );
    });
  });
  // Midnights (or whole days from the start without a clock), labelled with the date.
  const startHour = start === null ? 0 : Number(start.slice(11, 13));
  for (let hour = (24 - startHour) % 24; hour < hours.length; hour += 24) {
    const x = left + hour * barWidth;
    parts.push(`<line x1="${x.toFixed(1)}" y1="4" x2="${x.toFixed(1)}" y2="${height - 20}" class="day"/>`);
    if (x + 70 < width) parts.push(`<text x="${(x + 3).toFixed(1)}" y="${height - 6}" class="axis">${escape(start === null ? `day ${hour / 24 + 1}` : hourLabel(start, hour).slice(0, 10))}</text>`);
  }
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="Per-hour forecast" xmlns="http://www.w3.org/2000/svg">${parts.join("")}</svg>`;
}

/** The report style sheet; an editor webview embeds it with the fragments below. */
export const REPORT_CSS = `
  :root { color-scheme: light dark; --fg: #1d2430; --muted: #5d6878; --card: #f3f5f8; --line: #d6dbe3; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e6e9ee; --muted: #9aa4b2; --card: #20252d; --line: #3a414c; } }
  body.vscode-dark, body.vscode-high-contrast { --fg: #e6e9ee; --muted: #9aa4b2; --card: #20252d; --line: #3a414c; }
  body.vscode-light { --fg: #1d2430; --muted: #5d6878; --card: #f3f5f8; --line: #d6dbe3; }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 24px auto; max-width: 1160px; padding: 0 16px; }
  h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
  .sub { color: var(--muted); margin: 0 0 18px; }
  .cards { display: flex; flex-wrap: wrap; gap: 10px; }
  .card { background: var(--card); border-radius: 8px; padding: 10px 14px; min-width: 130px; }
  .card b { display: block; font-size: 22px; } .card span { color: var(--muted); font-size: 12px; }
  .bad b { color: #d1495b; } .good b { color: #2a9d8f; }
  .chart { width: 100%; height: auto; background: var(--card); border-radius: 8px; }
  .chart .label { font-size: 12px; font-weight: 600; fill: var(--fg); } .chart .axis { font-size: 10px; fill: var(--muted); }
  .chart .base { stroke: var(--line); } .chart .day { stroke: var(--line); stroke-dasharray: 2 3; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { color: var(--muted); font-weight: 600; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .loop { color: #d1495b; } code { font-size: 12px; }
  .plan td.sym { font-size: 16px; width: 1.5em; text-align: center; } .plan td.no { color: var(--muted); text-align: right; width: 2.5em; }
  .plan .cmd { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; } .plan .why { color: var(--muted); font-size: 12.5px; }
  .plan tr.not-reached .cmd, .plan tr.skipped .cmd { color: var(--muted); }
  .summary { font-weight: 600; font-size: 15px; margin: 16px 0 0; padding: 10px 14px; background: var(--card); border-radius: 8px; }
  .sym-download { color: #2f7ed8; } .sym-upload { color: #2a9d8f; } .sym-config { color: #e9a23b; } .sym-restart, .sym-failed { color: #d1495b; } .sym-stop { color: #e9a23b; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${REPORT_CSS}</style></head><body>
${body}
</body></html>
`;
}

function card(value: string, label: string, tone = ""): string {
  return `<div class="card ${tone}"><b>${escape(value)}</b><span>${escape(label)}</span></div>`;
}

export function renderFleetHtml(f: FleetForecast, script: string): string {
  return page(`Rollout forecast: ${script}`, fleetFragment(f, script));
}

/** The fleet report without the page around it. */
export function fleetFragment(f: FleetForecast, script: string): string {
  const t = f.totals;
  const peak = f.peakConcurrentDownloads;
  const groups = troubleGroups(f).slice(0, 50);
  const busiest = [...f.hours].sort((a, b) => b.downloads - a.downloads || b.resets - a.resets).slice(0, 12).filter((h) => h.downloads + h.resets > 0).sort((a, b) => a.hour - b.hour);
  const body = `<h1>Rollout forecast: ${escape(script)}</h1>
<p class="sub">${n(f.devices.length)} devices, ${span(f.days)} from ${escape(f.start)}; downloads assumed to take ${f.downloadMinutes} min each.</p>
<div class="cards">
${card(n(f.verdicts.settled), "devices settled", "good")}${card(n(f.verdicts.looping), "devices looping", f.verdicts.looping ? "bad" : "")}${card(n(f.verdicts.stuck), "devices stuck behind a stored check", f.verdicts.stuck ? "bad" : "")}${card(n(f.verdicts.failing), "devices failing on every poll", f.verdicts.failing ? "bad" : "")}${card(n(f.verdicts.blocked), "never past the time window", f.verdicts.blocked ? "bad" : "")}${card(n(f.verdicts["still-changing"]), "still changing at the end")}${card(n(f.verdicts.unchanged), "devices unchanged")}
${card(n(t.downloads), "downloads")}${card(n(t.uploads), "uploads")}${card(n(t.loads), "configuration loads")}${card(n(t.resets), "restarts")}${card(n(t.failures), "failed transfers", t.failures ? "bad" : "")}
${card(n(peak.count), `downloads at once at the peak${peak.time ? ` (${peak.time})` : ""}`)}
</div>
<h2>Per hour</h2>
${hourChart(f.hours, f.start)}
<h2>Busiest hours</h2>
<table><tr><th>hour</th><th class="num">polls</th><th class="num">downloads</th><th class="num">uploads</th><th class="num">restarts</th></tr>
${busiest.map((h) => `<tr><td>${escape(hourLabel(f.start, h.hour))}</td><td class="num">${n(h.polls)}</td><td class="num">${n(h.downloads)}</td><td class="num">${n(h.uploads)}</td><td class="num">${n(h.resets)}</td></tr>`).join("\n")}
</table>
${
  groups.length
    ? `<h2>Devices that loop, are stuck, keep failing, never run the script, or do not settle</h2><table><tr><th class="num">devices</th><th>product</th><th>verdict</th><th>why</th><th>for example</th></tr>
${groups.map((g) => `<tr><td class="num">${n(g.devices.length)}</td><td>${escape(g.product)}</td><td>${escape(g.verdict)}</td><td class="loop">${escape(g.why)}</td><td><code>${escape(g.devices.slice(0, 3).join(" "))}</code></td></tr>`).join("\n")}</table>`
    : ""
}`;
  return body;
}

export function renderTimelineHtml(t: Timeline, script: string, product: string): string {
  return page(`Timeline: ${script}`, timelineFragment(t, script, product));
}

/** The timeline report without the page around it. */
export function timelineFragment(t: Timeline, script: string, product: string): string {
  type Row = { minute: number; time: string; what: string; tone: string };
  const rows: Row[] = [
    ...t.changes.map((c) => ({ minute: c.minute, time: c.time ?? `+${c.minute} min`, what: c.summary, tone: "" })),
    ...t.restarts.map((r) => ({ minute: r.minute + 0.5, time: r.time ?? `+${r.minute} min`, what: `Restart${r.cause === "reset-when-idle" ? " when idle" : ""} (line ${r.line}): now running firmware ${r.firmware}`, tone: "loop" })),
  ].sort((a, b) => a.minute - b.minute);
  const body = `<h1>Timeline: ${escape(script)} on an ${escape(product)}</h1>
<p class="sub">${span(t.days)} from ${escape(t.start ?? "start (no clock)")}, ${n(t.polls)} polls.</p>
<div class="cards">
${card(n(t.changes.length), "polls that change something")}${card(n(t.restarts.length), "restarts", t.restarts.length > 3 ? "bad" : "")}
${verdictCard(t)}
</div>
<h2>Per hour</h2>
${hourChart(t.hours, t.start)}
${t.loops.map((l) => `<p class="loop"><b>Loop:</b> ${escape(l.description)}</p>`).join("\n")}
${t.stuck ? `<p class="loop"><b>Stuck:</b> ${escape(t.stuck.description)}</p>` : ""}
${t.failing && !t.stuck && !t.loops.length ? `<p class="loop"><b>Keeps failing:</b> ${escape(t.failing.description)}</p>` : ""}
<h2>What happens</h2>
<table><tr><th>time</th><th>event</th></tr>
${rows.slice(0, 500).map((r) => `<tr><td>${escape(r.time)}</td><td class="${r.tone}">${escape(r.what)}</td></tr>`).join("\n")}
</table>`;
  return body;
}

/** The timeline's verdict as a card: the loop, stuck, blocked, failing, or since when it is steady. */
function verdictCard(t: Timeline): string {
  if (t.loops.length) return card("loop", t.loops[0]!.description, "bad");
  if (t.stuck) return card("stuck", t.stuck.description, "bad");
  if (t.verdict === "blocked") return card("blocked", "no poll gets past the times line", "bad");
  if (t.failing) return card("failing", t.failing.description, "bad");
  return card(t.steadyTime ?? "not steady", "steady from", "good");
}

const PLAN_SYMBOL: Record<string, [string, string]> = {
  download: [SYMBOLS.download, "sym-download"],
  upload: [SYMBOLS.upload, "sym-upload"],
  config: [SYMBOLS.config, "sym-config"],
  restart: [SYMBOLS.restart, "sym-restart"],
  failed: [SYMBOLS.failed, "sym-failed"],
  stop: [SYMBOLS.stop, "sym-stop"],
  ran: [SYMBOLS.ran, ""],
  skipped: [SYMBOLS.skipped, ""],
  notReached: [SYMBOLS.notReached, ""],
};

/** One poll as HTML: the device, the request, every command line with its symbol and reason, the summary. */
export function planFragment(plan: PollPlan, script: string): string {
  const d = plan.device;
  const rows = plan.lines
    .filter((l) => l.text !== "" && !l.text.startsWith("#"))
    .map((l) => {
      const [symbol, cls] = PLAN_SYMBOL[symbolKind(l, plan)]!;
      return `<tr class="${l.status}"><td class="no">${l.line}</td><td class="sym ${cls}">${symbol}</td><td><div class="cmd">${escape(l.text)}</div><div class="why">${escape(l.reason)}</div></td></tr>`;
    })
    .join("\n");
  const transfers = plan.transfers
    .map((t) => `<tr><td>${escape(t.method)}</td><td><code>${escape(t.url)}</code></td><td>${escape(t.build ? `${t.purpose} ${t.build}` : t.purpose)}</td><td class="${t.result === "ok" ? "" : "loop"}">${escape(t.result)}</td></tr>`)
    .join("\n");
  const changed = VARIABLES.filter((v) => plan.variables.before[v] !== plan.variables.after[v]);
  const shown = (v: string) => (v === "" ? "(empty)" : v);
  return `<h1>Dry run: ${escape(script)}</h1>
<p class="sub">${escape(`${d.product}, MAC ${d.mac}, firmware ${d.firmware}, at ${d.clock ?? "an unset clock"}, up ${d.uptimeMinutes} min${d.fresh ? ", factory-fresh" : ""}`)}</p>
<p class="sub">${escape(LEGEND)}</p>
<p><b>The device requests</b> <code>${escape(`${plan.request.method} ${plan.request.url}`)}</code></p>
<table class="plan">${rows}</table>
${transfers ? `<h2>Transfers</h2><table><tr><th>method</th><th>URL</th><th>what</th><th>result</th></tr>${transfers}</table>` : ""}
${changed.length ? `<h2>Variables</h2><table>${changed.map((v) => `<tr><td>${v}</td><td>${escape(shown(plan.variables.before[v]))} → ${escape(shown(plan.variables.after[v]))}</td></tr>`).join("")}</table>` : ""}
${plan.diagnostics.length ? `<h2>Met during the run</h2><ul>${plan.diagnostics.map((x) => `<li>${x.line > 0 ? `line ${x.line}: ` : ""}${escape(x.message)} <code>${escape(x.rule)}</code></li>`).join("")}</ul>` : ""}
<p class="summary">${plan.outcome !== "none" ? `${SYMBOLS.restart} ` : ""}${escape(plan.summary)}</p>`;
}

function symbolKind(line: PollPlan["lines"][number], plan: PollPlan): keyof typeof PLAN_SYMBOL {
  if (line.status === "stopped") return "stop";
  if (line.status === "not-reached") return "notReached";
  if (line.status === "skipped") return "skipped";
  const transfers = plan.transfers.filter((t) => t.line === line.line);
  if (transfers.some((t) => t.result !== "ok")) return "failed";
  if (plan.outcomeLine === line.line) return "restart";
  const t = transfers[0];
  if (t) return t.method === "PUT" ? "upload" : t.purpose === "configuration" ? "config" : "download";
  if (plan.effects.some((e) => e.line === line.line && (e.kind === "config" || e.kind === "vars"))) return "config";
  return "ran";
}

export function renderPlanHtml(plan: PollPlan, script: string): string {
  return page(`Dry run: ${script}`, planFragment(plan, script));
}
