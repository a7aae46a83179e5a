/**
 * The rollout forecast as an HTML report (docs/dry-run.md, "The HTML report"), and the comparison
 * of two forecasts: what an admin wants to see before publishing a script to a fleet. When the
 * devices get there (an S-curve with the allowed hours shaded behind it), what the web server
 * must take minute by minute around the peak, when the restarts fall, the file sizes assumed,
 * the script itself, and every device with its verdict.
 *
 * Charts: d3-scale (scaleLinear, scaleUtc) and d3-shape (line, area, curveStepAfter) compute the
 * scales, the "nice" domains, the tick positions on hours and days, and the SVG path strings, in
 * Node, without a DOM. They are small, well-kept libraries for exactly the part that is easy to
 * get subtly wrong by hand (tick steps that land on whole hours, days or round numbers whatever
 * the span); everything else is plain SVG written as strings: static, self-contained, readable
 * with JavaScript off, printed and in dark mode (the classes are styled by REPORT_CSS).
 *
 * Local times are strings "YYYY-MM-DD HH:MM"; on the time axes they are read as UTC dates, so
 * that the UTC scale's ticks fall on local hours and midnights without any time zone in play.
 *
 * Everything from the script, the fleet file or a URL goes through `text` (controls and bidi
 * overrides made visible by escapeControl, then HTML-escaped: docs/security.md). The one script,
 * the device search, is progressive enhancement: the input is hidden until the script shows it,
 * and the page shows every device without it. It is in the standalone page, and in the fragment
 * only when a nonce for the webview's Content Security Policy is given.
 */
import { scaleLinear, scaleUtc, type ScaleLinear, type ScaleTime } from "d3-scale";
import { area, curveStepAfter, line } from "d3-shape";
import { escapeControl } from "../inert.js";
import type { FleetComparison, FigureValue } from "./compare.js";
import { BLOCKED_CAUSES, troubleOf, type BlockedCause, type DeviceVerdict, type FleetDeviceResult, type FleetForecast, type Moment } from "./fleet.js";
import { card, escape, page } from "./render-html.js";
import { span } from "./render-text.js";
import { SIZE_SOURCE_WORDS, formatBytes, inHours, inOfficeHours, type OfficeHours } from "./rollout.js";

/** Options of the fleet report. */
export interface ForecastReportOptions {
  /** The nonce of the page's Content Security Policy: the device search script carries it. */
  readonly nonce?: string;
}

const NEEDS_ESCAPE = /[&<>"'\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** User text (script, fleet, URLs) as inert HTML: one line, controls visible, markup escaped. */
const text = (s: string) => (NEEDS_ESCAPE.test(s) ? escape(escapeControl(s)) : s);
const n = (x: number) => x.toLocaleString("en-US");
const plural = (count: number, one: string, many = `${one}s`) => `${n(count)} ${count === 1 ? one : many}`;
const fixed = (x: number) => (Math.round(x * 10) / 10).toString();

// ---- time ----

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Milliseconds of a local time string read as UTC. */
const epochOf = (local: string) => Date.parse(`${local.replace(" ", "T")}:00Z`);
const pad = (x: number) => String(x).padStart(2, "0");
const clock = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
const dayName = (d: Date) => `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;

/** Simulation minutes to dates of the time axis. */
class Clock {
  readonly startMs: number;
  constructor(start: string) {
    const ms = epochOf(start);
    this.startMs = Number.isFinite(ms) ? ms : 0;
  }
  at(minute: number): Date {
    return new Date(this.startMs + minute * 60_000);
  }
  /** Local minutes since 1970 (as rollout.ts counts them) of simulation minute `minute`. */
  local(minute: number): number {
    return this.startMs / 60_000 + minute;
  }
  /** `Sat 21 Nov 02:15`. */
  moment(minute: number): string {
    const d = this.at(minute);
    return `${dayName(d)} ${clock(d)}`;
  }
}

/** `2 d 14 h`, `14 h 5 min`, `35 min`. */
function elapsed(minutes: number): string {
  const m = Math.round(minutes);
  if (m >= 1440) {
    const h = Math.round((m % 1440) / 60);
    return `${Math.floor(m / 1440)} d${h ? ` ${h} h` : ""}`;
  }
  if (m >= 60) return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ""}`;
  return `${m} min`;
}

// ---- charts ----

const WIDTH = 1120;
const MARGIN = { left: 70, right: 64 };
type Time = ScaleTime<number, number>;
type Linear = ScaleLinear<number, number>;
const px = (x: number) => (Math.round(x * 10) / 10).toString();

function svg(height: number, label: string, body: string[], cls = ""): string {
  return `<svg class="chart${cls ? ` ${cls}` : ""}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escape(label)}" xmlns="http://www.w3.org/2000/svg">${body.join("")}</svg>`;
}

/** Time ticks: hours as `06:00`, midnights as the day, with dashed day lines through the plot. */
function timeAxis(x: Time, top: number, bottom: number, out: string[]): void {
  const [left, right] = x.range() as [number, number];
  const ticks = x.ticks(Math.max(2, Math.floor((right - left) / 92)));
  for (const t of ticks) {
    const at = px(x(t));
    const midnight = t.getUTCHours() === 0 && t.getUTCMinutes() === 0;
    if (midnight) out.push(`<line x1="${at}" y1="${top}" x2="${at}" y2="${bottom}" class="day"/>`);
    out.push(`<line x1="${at}" y1="${bottom}" x2="${at}" y2="${bottom + 5}" class="tick"/>`);
    out.push(`<text x="${at}" y="${bottom + 18}" class="axis${midnight ? " midnight" : ""}" text-anchor="middle">${midnight ? dayName(t) : clock(t)}</text>`);
  }
  out.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" class="base"/>`);
}

/** Horizontal grid lines with labels on the left (and, with `right`, a second set on the right). */
function valueAxis(y: Linear, x0: number, x1: number, ticks: readonly number[], label: (v: number) => string, out: string[], side: "left" | "right" = "left"): void {
  for (const v of ticks) {
    const at = px(y(v));
    if (side === "left") {
      out.push(`<line x1="${x0}" y1="${at}" x2="${x1}" y2="${at}" class="grid"/>`);
      out.push(`<text x="${x0 - 8}" y="${at}" dy="0.32em" class="axis" text-anchor="end">${label(v)}</text>`);
    } else out.push(`<text x="${x1 + 8}" y="${at}" dy="0.32em" class="axis">${label(v)}</text>`);
  }
}

/** Runs of simulation minutes [from, to) that fall in hours of `inside`, clipped to [0, end). */
function hourRuns(clk: Clock, end: number, inside: (localMinute: number) => boolean): [number, number][] {
  const runs: [number, number][] = [];
  const first = Math.floor(clk.local(0) / 60) * 60 - clk.local(0);
  let open: number | null = null;
  for (let m = first; m < end; m += 60) {
    const yes = inside(clk.local(m));
    if (yes && open === null) open = Math.max(0, m);
    if (!yes && open !== null) {
      runs.push([open, m]);
      open = null;
    }
  }
  if (open !== null) runs.push([open, end]);
  return runs.filter(([a, b]) => b > a);
}

/** Shaded bands of the allowed hours (every day of the span), behind a plot from `top` to `bottom`. */
function allowedBands(mask: number | null, clk: Clock, x: Time, from: number, to: number, top: number, bottom: number, out: string[]): number {
  if (mask === null) return 0;
  const runs = hourRuns(clk, to, (local) => inHours(local, mask)).filter(([, b]) => b > from);
  for (const [a, b] of runs) {
    const x0 = x(clk.at(Math.max(a, from)));
    const x1 = x(clk.at(b));
    out.push(`<rect class="band" x="${px(x0)}" y="${top}" width="${px(x1 - x0)}" height="${bottom - top}"><title>allowed hours: ${escape(clk.moment(Math.max(a, from)))} to ${clock(clk.at(b))}</title></rect>`);
  }
  return runs.length;
}

/** A thin strip of office hours under the plot. */
function officeStrip(office: OfficeHours, clk: Clock, x: Time, end: number, y: number, out: string[]): number {
  const runs = hourRuns(clk, end, (local) => inOfficeHours(local, office));
  for (const [a, b] of runs) {
    const x0 = x(clk.at(a));
    out.push(`<rect class="office" x="${px(x0)}" y="${y}" width="${px(x(clk.at(b)) - x0)}" height="5"><title>office hours</title></rect>`);
  }
  return runs.length;
}

/** Points of a piecewise-constant series: value i holds from minute `from + i·step` to the next; the last to `end`. */
function stepPoints(values: readonly number[], from: number, step: number, end: number, x: (minute: number) => number, y: Linear): [number, number][] {
  const points = values.map((v, i): [number, number] => [x(Math.min(end, from + i * step)), y(v)]);
  const last = values[values.length - 1];
  if (last !== undefined && from + (values.length - 1) * step < end) points.push([x(end), y(last)]);
  return points;
}

const stepLine = line<[number, number]>().curve(curveStepAfter);
const stepArea = (base: number) => area<[number, number]>().curve(curveStepAfter).y0(base);

/** A label beside a point, kept inside the plot: left of the point unless that runs off the left edge. */
function note(x: number, y: number, label: string, left: number, right: number, cls = "note", below = false): string {
  const width = label.length * 6.6;
  const toLeft = x - width - 8 >= left;
  const anchor = toLeft ? "end" : x + width + 8 <= right ? "start" : "end";
  const tx = anchor === "end" ? (toLeft ? x - 8 : right) : x + 8;
  return `<text x="${px(tx)}" y="${px(below ? y + 17 : y - 7)}" class="${cls}" text-anchor="${anchor}">${label}</text>`;
}

/** The share levels the forecast reports, with the moments they are reached. */
function levels(f: FleetForecast): { label: string; share: number; at: Moment | null }[] {
  return [
    { label: "50 %", share: 0.5, at: f.target.reached.half },
    { label: "90 %", share: 0.9, at: f.target.reached.ninety },
    { label: "100 %", share: 1, at: f.target.reached.all },
  ];
}

const asksNothing = (f: FleetForecast) => f.target.products.every((p) => Object.keys(p.target).length === 0);

interface CurveSeries {
  readonly f: FleetForecast;
  readonly cls: "a" | "b";
  readonly name: string;
}

/**
 * Devices on target over the simulated days: a step line (with the area under it for one
 * forecast), the allowed hours shaded behind it, and the moments 50 %, 90 % and 100 % are reached.
 */
function sCurve(series: readonly CurveSeries[], clk: Clock, days: number, total: number): string {
  const height = 360;
  const top = 26;
  const bottom = height - 54;
  const end = days * 1440;
  const [left, right] = [MARGIN.left, WIDTH - MARGIN.right];
  const x = scaleUtc().domain([clk.at(0), clk.at(end)]).range([left, right]);
  const xm = (minute: number) => x(clk.at(minute));
  const y = scaleLinear().domain([0, Math.max(1, total)]).range([bottom, top]);
  const out: string[] = [];
  const single = series.length === 1;
  if (single) allowedBands(series[0]!.f.restarts.allowMask, clk, x, 0, end, top, bottom, out);
  else
    series.forEach((s, i) => {
      // Two scripts, two windows: each as a strip under the plot, in its line's colour.
      const runs = s.f.restarts.allowMask === null ? [] : hourRuns(clk, end, (local) => inHours(local, s.f.restarts.allowMask!));
      const y0 = bottom + 26 + i * 9;
      out.push(`<text x="${left - 8}" y="${y0 + 3}" dy="0.32em" class="axis" text-anchor="end">${s.cls.toUpperCase()}</text>`);
      for (const [a, b] of runs) out.push(`<rect class="band ${s.cls}" x="${px(xm(a))}" y="${y0}" width="${px(xm(b) - xm(a))}" height="6" style="fill: var(${s.cls === "a" ? "--accent" : "--accent-b"}); fill-opacity: .55"><title>${text(s.name)}: allowed hours</title></rect>`);
    });
  valueAxis(y, left, right, y.ticks(5).filter(Number.isInteger), n, out);
  valueAxis(y, left, right, [0, 0.25, 0.5, 0.75, 1].map((p) => p * total), (v) => `${Math.round((v / Math.max(1, total)) * 100)} %`, out, "right");
  timeAxis(x, top, bottom, out);
  out.push(`<line x1="${left}" y1="${px(y(total))}" x2="${right}" y2="${px(y(total))}" class="total"/>`);
  out.push(`<text x="${left + 6}" y="${px(y(total) - 6)}" class="axis">${plural(total, "device")}</text>`);
  out.push(`<text x="${left - 8}" y="${top - 12}" class="axis" text-anchor="end">devices</text>`);
  for (const s of series) {
    const { stepMinutes, counts } = s.f.target.curve;
    const points = stepPoints(counts, 0, stepMinutes, end, xm, y);
    if (single) out.push(`<path class="under" d="${stepArea(y(0))(points)}"/>`);
    out.push(`<path class="curve ${s.cls}" d="${stepLine(points)}"><title>${text(s.name)}: devices on target</title></path>`);
  }
  for (const s of series) {
    for (const level of levels(s.f)) {
      if (!level.at) continue;
      const cx = xm(level.at.minute);
      const cy = y(Math.ceil(level.share * total - 1e-9));
      const when = `${level.label} on target: ${clk.moment(level.at.minute)}`;
      if (single) {
        out.push(`<line x1="${px(cx)}" y1="${px(cy)}" x2="${px(cx)}" y2="${bottom}" class="mark"/>`);
        // Near the top a label goes below its point, clear of the line of all devices; the curve to the left is lower still.
        out.push(note(cx, cy, `${level.label} · ${clk.moment(level.at.minute)}`, left, right, "note", cy - top < 40));
      }
      out.push(`<circle class="dot ${s.cls} reached" cx="${px(cx)}" cy="${px(cy)}" r="4.5"><title>${text(s.name)}: ${when}</title></circle>`);
    }
  }
  return svg(height, "Devices on target over time", out, "s-curve");
}

/** The ticks of a byte rate axis in one unit (KB/s, MB/s …), with round numbers in that unit. */
function rateScale(max: number, range: [number, number]): { y: Linear; ticks: number[]; label: (v: number) => string } {
  const unit = max >= 1024 ** 3 ? ["GB", 1024 ** 3] : max >= 1024 ** 2 ? ["MB", 1024 ** 2] : max >= 1024 ? ["KB", 1024] : ["B", 1];
  const [name, size] = unit as [string, number];
  const scaled = scaleLinear().domain([0, Math.max(1, (max * 1.2) / size)]).range(range).nice(4);
  const y = scaleLinear().domain(scaled.domain().map((v) => v * size)).range(range);
  return { y, ticks: scaled.ticks(4).map((v) => v * size), label: (v) => `${fixed(v / size)} ${name}/s` };
}

/**
 * The minutes around the busiest one: transfers running at once (downloads, uploads) and the
 * bytes per second the web server moves, each peak marked with its value and time.
 */
function peakChart(f: FleetForecast, clk: Clock, name: string): string {
  const m = f.load.minutes;
  const len = m.downloads.length;
  if (len === 0 || (f.peakConcurrentDownloads.count === 0 && f.load.peakUploads.value === 0)) return `<p class="note-box">No transfers in the simulated ${span(f.days)}: the web server serves only the script.</p>`;
  const from = m.from;
  const to = from + len;
  const [left, right] = [MARGIN.left, WIDTH - MARGIN.right];
  const x = scaleUtc().domain([clk.at(from), clk.at(to)]).range([left, right]);
  const xm = (minute: number) => x(clk.at(minute));
  const panel = 150;
  const top1 = 30;
  const bottom1 = top1 + panel;
  const top2 = bottom1 + 62;
  const bottom2 = top2 + panel;
  const height = bottom2 + 40;
  const out: string[] = [];
  allowedBands(f.restarts.allowMask, clk, x, from, to, top1, bottom1, out);
  allowedBands(f.restarts.allowMask, clk, x, from, to, top2, bottom2, out);
  // Transfers running.
  const maxCount = Math.max(1, ...m.downloads, ...m.uploads);
  const y1 = scaleLinear().domain([0, maxCount * 1.2]).range([bottom1, top1]).nice(4);
  valueAxis(y1, left, right, y1.ticks(4).filter(Number.isInteger), n, out);
  out.push(`<text x="${left}" y="${top1 - 12}" class="title">Transfers running at once</text>`);
  const downloads = stepPoints(m.downloads, from, 1, to, xm, y1);
  out.push(`<path class="downloads" d="${stepArea(y1(0))(downloads)}"/>`);
  if (m.uploads.some((v) => v > 0)) out.push(`<path class="uploads" d="${stepLine(stepPoints(m.uploads, from, 1, to, xm, y1))}"/>`);
  timeAxis(x, top1, bottom1, out);
  const peak = f.peakConcurrentDownloads;
  if (peak.minute !== null && peak.minute >= from && peak.minute < to) {
    const cx = xm(peak.minute);
    const cy = y1(peak.count);
    out.push(`<circle class="dot peak" cx="${px(cx)}" cy="${px(cy)}" r="4.5"/>`);
    out.push(note(cx, cy, `peak ${plural(peak.count, "download")} at once · ${clock(clk.at(peak.minute))}`, left, right, "note peak-label"));
  }
  // Bytes per second.
  const rates = rateScale(Math.max(1, ...m.bytesPerSecond), [bottom2, top2]);
  valueAxis(rates.y, left, right, rates.ticks, rates.label, out);
  out.push(`<text x="${left}" y="${top2 - 12}" class="title">Web server load (both directions)</text>`);
  out.push(`<path class="rate" d="${stepArea(rates.y(0))(stepPoints(m.bytesPerSecond, from, 1, to, xm, rates.y))}"/>`);
  timeAxis(x, top2, bottom2, out);
  const rate = f.load.peakBytesPerSecond;
  if (rate.minute !== null && rate.minute >= from && rate.minute < to) {
    const cx = xm(rate.minute);
    const cy = rates.y(rate.value);
    out.push(`<circle class="dot peak" cx="${px(cx)}" cy="${px(cy)}" r="4.5"/>`);
    out.push(note(cx, cy, `peak ${formatBytes(rate.value)}/s · ${clock(clk.at(rate.minute))}`, left, right, "note peak-label"));
  }
  return svg(height, `Transfers and web server load around the peak${name ? `: ${name}` : ""}`, out, "peak");
}

/** Restarts per hour over the simulated days, with the allowed hours shaded and office hours as a strip. */
function restartChart(f: FleetForecast, clk: Clock): string {
  const height = 230;
  const top = 20;
  const bottom = height - 58;
  const end = f.days * 1440;
  const [left, right] = [MARGIN.left, WIDTH - MARGIN.right];
  const x = scaleUtc().domain([clk.at(0), clk.at(end)]).range([left, right]);
  const max = Math.max(1, ...f.hours.map((h) => h.resets));
  const y = scaleLinear().domain([0, max]).range([bottom, top]).nice(4);
  const out: string[] = [];
  allowedBands(f.restarts.allowMask, clk, x, 0, end, top, bottom, out);
  valueAxis(y, left, right, y.ticks(4).filter(Number.isInteger), n, out);
  for (const h of f.hours) {
    if (h.resets === 0) continue;
    const x0 = x(clk.at(h.hour * 60));
    const x1 = x(clk.at(Math.min(end, h.hour * 60 + 60)));
    out.push(`<rect class="bar" x="${px(x0 + 0.5)}" y="${px(y(h.resets))}" width="${px(Math.max(1, x1 - x0 - 1))}" height="${px(bottom - y(h.resets))}"><title>${clk.moment(h.hour * 60)}: ${plural(h.resets, "restart")}</title></rect>`);
  }
  timeAxis(x, top, bottom, out);
  officeStrip(f.restarts.officeHours, clk, x, end, bottom + 28, out);
  return svg(height, "Restarts per hour", out, "restarts");
}

// ---- the report ----

function officeText(o: OfficeHours): string {
  const days = o.weekdays.join(",") === "1,2,3,4,5" ? "weekdays" : o.weekdays.map((d) => WEEKDAYS[d % 7]).join(", ");
  return `${days} ${pad(o.from)}:00–${pad(o.to)}:00`;
}

function reachedCards(f: FleetForecast, clk: Clock): string {
  if (asksNothing(f)) return card("nothing", "the script asks no build or configuration serial of any device");
  return levels(f)
    .map((l) => (l.at ? card(clk.moment(l.at.minute), `${l.label} on target, after ${elapsed(l.at.minute)}`, l.share === 1 ? "good" : "") : card(`not within ${span(f.days)}`, `${l.label} on target`, "bad")))
    .join("");
}

function summaryCards(f: FleetForecast, clk: Clock): string {
  const v = f.verdicts;
  const peak = f.peakConcurrentDownloads;
  const rate = f.load.peakBytesPerSecond;
  const r = f.restarts;
  return `<div class="cards">${reachedCards(f, clk)}${card(`${n(f.target.onTarget)} of ${n(f.devices.length)}`, "devices on target at the end", f.target.onTarget < f.devices.length ? "" : "good")}</div>
<div class="cards">${card(n(peak.count), `downloads at once at the peak${peak.minute !== null ? ` (${clk.moment(peak.minute)})` : ""}`)}${card(`${formatBytes(rate.value)}/s`, `peak web server load${rate.minute !== null ? ` (${clk.moment(rate.minute)})` : ""}`)}${card(formatBytes(f.load.bytes), `served and received, ${n(f.totals.downloads)} downloads, ${n(f.totals.uploads)} uploads`)}${card(n(r.total), "restarts")}${card(r.outsideAllowed === null ? "no /allow" : n(r.outsideAllowed), "restarts outside the allowed hours", r.outsideAllowed ? "bad" : "")}${card(n(r.inOfficeHours), `restarts in office hours (${officeText(r.officeHours)})`, r.inOfficeHours ? "bad" : "")}</div>
<div class="cards">${card(n(v.stuck), "devices stuck behind a stored check", v.stuck ? "bad" : "")}${card(n(v.blocked), "never past the times lines", v.blocked ? "bad" : "")}${card(n(v.looping), "devices looping", v.looping ? "bad" : "")}${card(n(v.failing), "devices failing on every poll", v.failing ? "bad" : "")}${card(n(v["still-changing"]), "still changing at the end", v["still-changing"] ? "bad" : "")}${card(n(v.settled), "devices settled", "good")}${card(n(v.unchanged), "devices unchanged")}</div>`;
}


function sizesTable(f: FleetForecast): string {
  if (f.load.urls.length === 0) return `<p>No file was transferred.</p>`;
  const rows = f.load.urls.map(
    (u) =>
      `<tr><td><code>${text(u.url)}</code></td><td>${text(u.verb)}${u.method === "PUT" ? " (upload)" : ""}</td><td class="num">${formatBytes(u.bytes)}</td><td>${SIZE_SOURCE_WORDS[u.source]}</td><td class="num">${n(u.transfers)}</td><td class="num">${formatBytes(u.bytes * u.transfers)}</td></tr>`,
  );
  return `<table class="sizes"><thead><tr><th>URL</th><th>verb</th><th class="num">size</th><th>size from</th><th class="num">transfers</th><th class="num">in all</th></tr></thead><tbody>
${rows.join("\n")}</tbody></table>`;
}

/** The script source with line numbers (CSS counters, so a copy takes the text only). */
function scriptSource(scriptText: string | undefined, script: string): string {
  if (scriptText === undefined) return "";
  const lines = scriptText.replace(/\r?\n$/, "").split(/\r\n|\n|\r/);
  return `<details class="source"><summary>The script, ${text(script)} (${plural(lines.length, "line")})</summary><pre class="script">${lines.map((l) => `<span class="l">${text(l)}</span>`).join("\n")}</pre></details>`;
}

function targetsTable(f: FleetForecast): string {
  const rows = f.target.products.map((p) => `<tr><td>${text(p.product)}</td><td class="num">${n(p.devices)}</td><td>${text(p.description)}</td></tr>`);
  return `<table class="targets"><thead><tr><th>product</th><th class="num">devices</th><th>the script asks for</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

interface Section {
  readonly key: string;
  readonly title: string;
  readonly trouble: boolean;
  readonly devices: FleetDeviceResult[];
}

const VERDICT_TITLE: Readonly<Record<Exclude<DeviceVerdict, "blocked">, string>> = {
  looping: "Looping",
  stuck: "Stuck behind a stored check",
  failing: "Failing on every poll",
  "still-changing": "Still changing at the end",
  settled: "Settled",
  unchanged: "Unchanged",
};

const BLOCKED_TITLE: Readonly<Record<BlockedCause, string>> = {
  "no-clock": "Blocked: no clock",
  "outside-window": "Blocked: outside the allowed hours",
  "disjoint-windows": "Blocked: the times lines never overlap",
  initial: "Blocked: held back by /initial",
  "no-poll": "Blocked: never polled",
};

function sections(f: FleetForecast): Section[] {
  const by = new Map<string, FleetDeviceResult[]>();
  for (const d of f.devices) {
    const key = d.verdict === "blocked" ? `blocked:${d.blockedBy ?? "outside-window"}` : d.verdict;
    let list = by.get(key);
    if (!list) by.set(key, (list = []));
    list.push(d);
  }
  const order: { key: string; title: string; trouble: boolean }[] = [
    ...(["looping", "stuck", "failing"] as const).map((v) => ({ key: v, title: VERDICT_TITLE[v], trouble: true })),
    ...BLOCKED_CAUSES.map((c) => ({ key: `blocked:${c}`, title: BLOCKED_TITLE[c], trouble: true })),
    { key: "still-changing", title: VERDICT_TITLE["still-changing"], trouble: true },
    { key: "settled", title: VERDICT_TITLE.settled, trouble: false },
    { key: "unchanged", title: VERDICT_TITLE.unchanged, trouble: false },
  ];
  return order.flatMap((o) => (by.get(o.key)?.length ? [{ ...o, devices: by.get(o.key)! }] : []));
}

/** troubleOf, and for a device still changing its last change. */
function why(d: FleetDeviceResult): string {
  const last = d.changes[d.changes.length - 1];
  return d.verdict === "still-changing" && last ? `${troubleOf(d)} (last change ${last.time}: ${last.detail})` : troubleOf(d);
}

/** Every device, by verdict (blocked ones by cause); trouble open, the rest closed. Rows are kept small. */
function deviceTable(f: FleetForecast): string {
  const parts: string[] = [];
  const head = "<thead><tr><th>MAC</th><th>product</th><th>IP</th><th>verdict</th><th>on target since</th><th class=\"num\">restarts</th><th>why</th></tr></thead>";
  for (const s of sections(f)) {
    const verdict = s.key.startsWith("blocked:") ? `blocked (${s.key.slice(8)})` : s.key;
    parts.push(
      `<details class="verdict${s.trouble ? " trouble" : ""}" data-verdict="${s.key}"${s.trouble ? " open" : ""}><summary><b>${s.title}</b><span class="count">${plural(s.devices.length, "device")}</span><span class="count shown"></span></summary><table class="devices">${head}<tbody>`,
    );
    for (const d of s.devices) {
      parts.push(`<tr><td>${text(d.mac)}</td><td>${text(d.product)}</td><td>${text(d.ip)}</td><td>${verdict}</td><td>${d.onTargetSince ? d.onTargetSince.time : "—"}</td><td class="num">${d.restarts}</td><td>${text(why(d))}</td></tr>`);
    }
    parts.push("</tbody></table></details>");
  }
  return parts.join("\n");
}

/** The device search: shows the input, filters the rows of every device table, opens the sections with matches. */
const SEARCH_SCRIPT = `(function () {
  var box = document.getElementById("fleet-search");
  if (!box) return;
  box.hidden = false;
  var rows = null, timer = 0;
  function apply() {
    if (!rows) rows = Array.prototype.map.call(document.querySelectorAll("table.devices tbody tr"), function (tr) { return [tr, tr.textContent.toLowerCase()]; });
    var q = box.value.trim().toLowerCase();
    for (var i = 0; i < rows.length; i++) rows[i][0].hidden = q !== "" && rows[i][1].indexOf(q) < 0;
    document.querySelectorAll("details.verdict").forEach(function (d) {
      var shown = d.querySelectorAll("tbody tr:not([hidden])").length;
      d.querySelector(".shown").textContent = q ? shown + " matching" : "";
      if (q) d.open = shown > 0;
    });
  }
  box.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, rows && rows.length > 5000 ? 150 : 0); });
  window.addEventListener("beforeprint", function () { document.querySelectorAll("details").forEach(function (d) { d.open = true; }); });
})();`;

function searchScript(nonce: string | undefined): string {
  return `\n<script${nonce !== undefined ? ` nonce="${escape(nonce)}"` : ""}>${SEARCH_SCRIPT}</script>`;
}

export function renderFleetHtml(f: FleetForecast, script: string, scriptText?: string, options: ForecastReportOptions = {}): string {
  return page(`Rollout forecast: ${escapeControl(script)}`, fleetBody(f, script, scriptText), { tail: searchScript(options.nonce) });
}

/**
 * The fleet report without the page around it (an editor webview embeds it with REPORT_CSS). The
 * device search comes with it only when `options.nonce` is given; without it all is still shown.
 */
export function fleetFragment(f: FleetForecast, script: string, scriptText?: string, options: ForecastReportOptions = {}): string {
  return fleetBody(f, script, scriptText) + (options.nonce !== undefined ? searchScript(options.nonce) : "");
}

function fleetBody(f: FleetForecast, script: string, scriptText: string | undefined): string {
  const clk = new Clock(f.start);
  const total = f.devices.length;
  const r = f.restarts;
  const allowed = r.allowed === null ? "The script has no /allow line: every hour is allowed." : `Allowed hours (the script's /allow lines): ${text(r.allowed)}, local time.`;
  const curve = asksNothing(f)
    ? `<p class="note-box">The script asks no device for a build or a configuration serial (${text(f.target.products.map((p) => p.product).join(", "))}: nothing to install), so there is no curve of devices on target.</p>`
    : `<figure id="s-curve">${sCurve([{ f, cls: "a", name: script }], clk, f.days, total)}
<ul class="legend"><li><span class="key line"></span>devices on target</li>${r.allowMask !== null ? `<li><span class="key allow"></span>allowed hours (${text(r.allowed ?? "")})</li>` : ""}<li>dots: 50 %, 90 % and 100 % of the ${plural(total, "device")} on target</li></ul></figure>`;
  const outside = r.outsideAllowed === null ? "" : ` ${plural(r.outsideAllowed, "restart")} fall outside the allowed hours.`;
  return `<div class="fc">
<h1>Rollout forecast: ${text(script)}</h1>
<p class="sub">${plural(total, "device")} over ${span(f.days)} from ${clk.moment(0)} (${f.start}); each transfer assumed to take ${f.downloadMinutes} min; ${plural(f.simulated, "distinct behaviour")} simulated. ${allowed}</p>
${summaryCards(f, clk)}
<h2>Devices on target</h2>
${curve}
<h2>The busiest minutes</h2>
<p>Minute by minute from ${clk.moment(f.load.minutes.from)}, around the busiest minute: ${f.peakConcurrentDownloads.time ? `at most ${plural(f.peakConcurrentDownloads.count, "download")} at once (${clk.moment(f.peakConcurrentDownloads.minute!)})` : "no download"}, ${f.load.peakUploads.minute !== null ? `at most ${plural(f.load.peakUploads.value, "upload")} at once (${clk.moment(f.load.peakUploads.minute)})` : "no upload"}, and a peak load of ${formatBytes(f.load.peakBytesPerSecond.value)}/s.</p>
<figure id="peak">${peakChart(f, clk, "")}
<ul class="legend"><li><span class="key downloads"></span>downloads running</li>${f.load.minutes.uploads.some((v) => v > 0) ? `<li><span class="key uploads"></span>uploads running</li>` : ""}<li><span class="key rate"></span>bytes per second</li>${r.allowMask !== null ? `<li><span class="key allow"></span>allowed hours</li>` : ""}</ul></figure>
<h2>Restarts per hour</h2>
<p>${plural(r.total, "restart")} in all.${outside} ${plural(r.inOfficeHours, "restart")} in office hours (${officeText(r.officeHours)}).</p>
<figure id="restarts">${restartChart(f, clk)}
<ul class="legend"><li><span class="key bar"></span>restarts in the hour</li>${r.allowMask !== null ? `<li><span class="key allow"></span>allowed hours</li>` : ""}<li><span class="key office"></span>office hours</li></ul></figure>
<h2>What the script asks</h2>
${targetsTable(f)}
${scriptSource(scriptText, script)}
<h2>File sizes assumed</h2>
${sizesTable(f)}
<h2>Every device</h2>
<p><input type="search" id="fleet-search" class="search" placeholder="Filter by MAC, product, IP, verdict or reason" aria-label="Filter devices" hidden></p>
${deviceTable(f)}
</div>`;
}

// ---- the comparison ----

function figureText(unit: string, v: FigureValue, clk: Clock): string {
  if (v === null) return unit === "moment" ? "not reached" : "no /allow";
  if (typeof v !== "number") return `${clk.moment(v.minute)} (after ${elapsed(v.minute)})`;
  if (unit === "bytes") return formatBytes(v);
  if (unit === "bytes-per-second") return `${formatBytes(v)}/s`;
  return n(v);
}

export function renderComparisonHtml(c: FleetComparison): string {
  return page(`Comparison: ${escapeControl(c.a.script)} and ${escapeControl(c.b.script)}`, comparisonFragment(c));
}

/** The comparison without the page around it: the figures side by side, both S-curves in one chart, both peaks. */
export function comparisonFragment(c: FleetComparison): string {
  const fa = c.a.forecast;
  const fb = c.b.forecast;
  const clk = new Clock(fa.start);
  const clkB = new Clock(fb.start);
  const total = Math.max(fa.devices.length, fb.devices.length);
  const rows = c.figures.map((fig) => {
    const cell = (side: "a" | "b", v: FigureValue, k: Clock) => `<td class="num${fig.better === side ? " better" : ""}">${figureText(fig.unit, v, k)}</td>`;
    return `<tr><td>${escape(fig.label)}</td>${cell("a", fig.a, clk)}${cell("b", fig.b, clkB)}</tr>`;
  });
  const windows = (f: FleetForecast) => (f.restarts.allowed === null ? "no /allow" : text(f.restarts.allowed));
  const nothing = asksNothing(fa) && asksNothing(fb);
  const curves = nothing
    ? `<p class="note-box">Neither script asks a device for a build or a configuration serial: there is no curve of devices on target.</p>`
    : `<figure id="s-curves">${sCurve(
        [
          { f: fa, cls: "a", name: c.a.script },
          { f: fb, cls: "b", name: c.b.script },
        ],
        clk,
        Math.max(fa.days, fb.days),
        total,
      )}
<ul class="legend"><li><span class="key line"></span>A: ${text(c.a.script)} (allowed ${windows(fa)})</li><li><span class="key line b"></span>B: ${text(c.b.script)} (allowed ${windows(fb)})</li><li>dots: 50 %, 90 %, 100 % on target; strips under the axis: each script's allowed hours</li></ul></figure>`;
  const peak = (label: string, script: string, f: FleetForecast, k: Clock) =>
    `<h3>${label}: ${text(script)}</h3><p>${plural(f.peakConcurrentDownloads.count, "download")} at once at the most${f.peakConcurrentDownloads.minute !== null ? ` (${k.moment(f.peakConcurrentDownloads.minute)})` : ""}, ${formatBytes(f.load.peakBytesPerSecond.value)}/s at the peak.</p><figure class="peak">${peakChart(f, k, script)}</figure>`;
  return `<div class="fc compare">
<h1>Comparison: ${text(c.a.script)} and ${text(c.b.script)}</h1>
<p class="sub">The same ${plural(fa.devices.length, "device")} over ${span(fa.days)} from ${clk.moment(0)}. A is ${text(c.a.script)}, B is ${text(c.b.script)}; the better figure of each row is marked.</p>
<table class="figures"><thead><tr><th>figure</th><th class="num">A: ${text(c.a.script)}</th><th class="num">B: ${text(c.b.script)}</th></tr></thead><tbody>
${rows.join("\n")}</tbody></table>
<h2>Devices on target</h2>
${curves}
<h2>The peaks</h2>
${peak("A", c.a.script, fa, clk)}
${peak("B", c.b.script, fb, clkB)}
<ul class="legend"><li><span class="key downloads"></span>downloads running</li><li><span class="key uploads"></span>uploads running</li><li><span class="key rate"></span>bytes per second</li><li><span class="key allow"></span>allowed hours</li></ul>
</div>`;
}
