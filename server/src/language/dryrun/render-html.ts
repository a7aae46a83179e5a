/**
 * Self-contained HTML reports for one poll and a timeline: summary figures, an SVG chart of the
 * per-hour forecast (polls, downloads, uploads, restarts), loops and the list of changes. No
 * scripts, no external files: the page opens anywhere, also in an editor webview. The fleet
 * forecast and the comparison of two have a module of their own (render-forecast-html.ts) that
 * shares the page, the cards and the style sheet below.
 */
import { VARIABLES } from "@upscript/grammar";
import type { PollPlan } from "./model.js";
import { LEGEND, SYMBOLS, span } from "./render-text.js";
import type { HourStat, Timeline } from "./timeline.js";

export const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
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
  /* The rollout forecast and the comparison (render-forecast-html.ts). */
  :root { --accent: #2f6fd0; --accent-b: #d46a0c; --allow: #2a9d8f; --office: #e9a23b; --bad: #d1495b; --rate: #7d5bc4; }
  @media (prefers-color-scheme: dark) { :root { --accent: #6ea8ff; --accent-b: #ffa45c; --allow: #3fc1b0; --rate: #b49cf0; } }
  body.vscode-dark, body.vscode-high-contrast { --accent: #6ea8ff; --accent-b: #ffa45c; --allow: #3fc1b0; --rate: #b49cf0; }
  body.vscode-light { --accent: #2f6fd0; --accent-b: #d46a0c; --allow: #2a9d8f; --rate: #7d5bc4; }
  .fc figure { margin: 0; } .fc th.num { text-align: right; } .fc h2 { margin-top: 30px; } .fc p { margin: 6px 0; }
  .fc .cards .card b { font-size: 19px; } .fc .cards + .cards { margin-top: 10px; }
  .chart .grid { stroke: var(--line); stroke-width: 1; } .chart .tick { stroke: var(--muted); }
  .chart .axis.midnight { font-weight: 600; fill: var(--fg); } .chart .title { font-size: 12px; font-weight: 600; fill: var(--fg); }
  .chart .band { fill: var(--allow); fill-opacity: .17; } .chart .office { fill: var(--office); fill-opacity: .6; }
  .chart .curve { fill: none; stroke: var(--accent); stroke-width: 2.4; } .chart .curve.b { stroke: var(--accent-b); stroke-dasharray: 7 3; }
  .chart .under { fill: var(--accent); fill-opacity: .1; } .chart .total { stroke: var(--muted); stroke-dasharray: 5 4; }
  .chart .mark { stroke: var(--fg); stroke-opacity: .55; stroke-dasharray: 3 3; } .chart .dot { fill: var(--card); stroke: var(--fg); stroke-width: 1.8; }
  .chart .dot.a { stroke: var(--accent); } .chart .dot.b { stroke: var(--accent-b); }
  .chart .note { font-size: 12px; font-weight: 600; fill: var(--fg); paint-order: stroke; stroke: var(--card); stroke-width: 4px; stroke-linejoin: round; }
  .chart .bar { fill: var(--bad); } .chart .downloads { fill: var(--accent); fill-opacity: .25; stroke: var(--accent); stroke-width: 1.6; }
  .chart .uploads { fill: none; stroke: var(--allow); stroke-width: 1.8; } .chart .rate { fill: var(--rate); fill-opacity: .25; stroke: var(--rate); stroke-width: 1.6; }
  .legend { display: flex; flex-wrap: wrap; gap: 4px 18px; color: var(--muted); font-size: 12.5px; margin: 6px 2px 0; padding: 0; list-style: none; }
  .key { display: inline-block; width: 14px; height: 10px; border-radius: 2px; margin-right: 6px; }
  .key.allow { background: var(--allow); opacity: .35; } .key.office { background: var(--office); } .key.line { height: 3px; vertical-align: middle; background: var(--accent); }
  .key.line.b { background: var(--accent-b); } .key.downloads { background: var(--accent); opacity: .5; } .key.uploads { height: 3px; vertical-align: middle; background: var(--allow); }
  .key.rate { background: var(--rate); opacity: .5; } .key.bar { background: var(--bad); }
  .fc .note-box { background: var(--card); border-radius: 8px; padding: 10px 14px; }
  .fc td.better { font-weight: 700; color: var(--allow); } .fc td.better::after { content: " ✓"; }
  .fc pre.script { counter-reset: ln; font: 12.5px/1.5 ui-monospace, Menlo, Consolas, monospace; background: var(--card); border-radius: 8px; padding: 8px 12px; overflow-x: auto; white-space: pre; }
  .fc pre.script .l::before { counter-increment: ln; content: counter(ln); display: inline-block; width: 2.5em; margin-right: 1em; text-align: right; color: var(--muted); user-select: none; }
  .fc details.verdict { margin: 8px 0; border: 1px solid var(--line); border-radius: 8px; padding: 4px 10px; }
  .fc details.verdict > summary { cursor: pointer; padding: 4px 0; } .fc details.verdict > summary .count { color: var(--muted); margin-left: 8px; }
  .fc details.trouble > summary b { color: var(--bad); }
  .fc table.devices td { padding: 2px 8px; font-size: 12.5px; } .fc table.devices td:first-child { font-family: ui-monospace, Menlo, Consolas, monospace; white-space: nowrap; }
  .fc .search { font: inherit; padding: 5px 10px; width: min(420px, 100%); border: 1px solid var(--line); border-radius: 6px; background: transparent; color: var(--fg); }
  .fc .side { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; } .fc .side > div { min-width: 0; }
  @media print {
    :root, body.vscode-dark, body.vscode-light { --fg: #000; --muted: #333; --card: #fff; --line: #999; }
    * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body { margin: 0; max-width: none; }
    .chart, .card, .summary, .fc pre.script, .fc .note-box { background: none; border: 1px solid #bbb; }
    .fc .search { display: none; }
    details::details-content { content-visibility: visible; display: block; }
    figure, tr, .card { break-inside: avoid; }
  }
`;

/** A whole page around a fragment; `head` and `tail` (already HTML) go at the end of the head and of the body. */
export function page(title: string, body: string, extra: { readonly head?: string; readonly tail?: string } = {}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${extra.head ?? ""}
<title>${escape(title)}</title>
<style>${REPORT_CSS}</style></head><body>
${body}${extra.tail ?? ""}
</body></html>
`;
}

export function card(value: string, label: string, tone = ""): string {
  return `<div class="card ${tone}"><b>${escape(value)}</b><span>${escape(label)}</span></div>`;
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
