/**
 * The HTML rollout report and the comparison (docs/dry-run.md, "The HTML report"): assertions on
 * the HTML string, then the report loaded in headless Chromium (playwright-core) to check what
 * is rendered: the S-curve, the shaded allowed hours, the peak label, every device, the search.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@upscript/grammar";
import {
  comparisonFragment,
  compareForecasts,
  compile,
  fleetFragment,
  formatBytes,
  parseFleet,
  parseLocalTime,
  renderComparisonHtml,
  renderFleetHtml,
  simulateFleet,
  type FleetDevice,
  type FleetForecast,
  type PollEnvironment,
} from "@upscript/language";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";

const read = (path: string) => readFileSync(join(repoRoot, path), "utf8");
const SCRIPT = read("examples/fleet/update-ip232.htm");
const WIDER = read("examples/fleet/update-ip232-wider.htm");
const FLEET = parseFleet(read("examples/fleet/devices.csv"), "csv");
const env = () => ({ updateUrl: "http://10.0.0.5/update/" }) as PollEnvironment;
const forecast = (text: string, devices: readonly FleetDevice[] = FLEET.devices, days = 3): FleetForecast =>
  simulateFleet(compile(parse(text).tree), devices, { days, start: parseLocalTime("2026-11-20T12:00")!, environment: env });

const f = forecast(SCRIPT);
const wider = forecast(WIDER);
const html = renderFleetHtml(f, "update-ip232.htm", SCRIPT);
/** The part of `text` from the first `open` to the next `close` after it. */
const between = (text: string, open: string, close: string) => {
  const from = text.indexOf(open);
  expect(from).toBeGreaterThanOrEqual(0);
  return text.slice(from, text.indexOf(close, from) + close.length);
};

describe("the fleet report as HTML", () => {
  it("the example fleet reads without problems and does something worth a report", () => {
    expect(FLEET.problems).toEqual([]);
    expect(f.devices).toHaveLength(400);
    expect(f.verdicts.blocked).toBe(5);
    expect(f.peakConcurrentDownloads.count).toBeGreaterThan(10);
    expect(f.target.reached.half).not.toBeNull();
  });

  it("an S-curve with the allowed hours shaded for every night of the span, and the 50/90/100 % marks", () => {
    const curve = between(html, '<svg class="chart s-curve"', "</svg>");
    expect(curve).toMatch(/<path class="curve a" d="M[\d.,LMV H-]+"/);
    // 23–4 over three days from Friday noon: three nights.
    expect(curve.match(/<rect class="band"/g)).toHaveLength(3);
    expect(curve).toContain("<title>allowed hours: Fri 20 Nov 23:00 to 05:00</title>");
    expect(curve).toContain(">Sat 21 Nov</text>");
    expect(curve).toContain(">100 %</text>");
    expect(curve).toContain(`>400 devices</text>`);
    // 50 % and 90 % reached, 100 % not (five devices have no clock).
    expect(curve.match(/class="dot a reached"/g)).toHaveLength(2);
    expect(curve).toContain(`50 % · Fri 20 Nov 23:`);
    expect(html).toContain(`<b>not within 3 days</b><span>100 % on target</span>`);
  });

  it("the peak: transfers and bytes per second minute by minute, each peak labelled with value and time", () => {
    const peak = between(html, '<svg class="chart peak"', "</svg>");
    const at = f.peakConcurrentDownloads.time!.slice(11);
    expect(peak).toContain(`peak ${f.peakConcurrentDownloads.count} downloads at once · ${at}`);
    expect(peak).toContain(`peak ${formatBytes(f.load.peakBytesPerSecond.value)}/s · ${f.load.peakBytesPerSecond.time!.slice(11)}`);
    expect(peak).toMatch(/<path class="downloads" d="M/);
    expect(peak).toMatch(/<path class="rate" d="M/);
    expect(peak).toMatch(/>\d+ MB\/s<\/text>/);
  });

  it("restarts per hour with the allowed hours shaded, and the counts outside them and in office hours", () => {
    const restarts = between(html, '<svg class="chart restarts"', "</svg>");
    expect(restarts.match(/<rect class="bar"/g)!.length).toBeGreaterThan(1);
    expect(restarts).toContain('<rect class="band"');
    expect(restarts).toContain('<rect class="office"');
    expect(f.restarts.outsideAllowed).toBeGreaterThan(0);
    expect(html).toContain(`${f.restarts.outsideAllowed} restarts fall outside the allowed hours.`);
    expect(html).toContain(`<b>${f.restarts.inOfficeHours}</b><span>restarts in office hours (weekdays 08:00–18:00)</span>`);
  });

  it("summary cards, sizes, targets and the script", () => {
    expect(html).toContain(`<b>${f.peakConcurrentDownloads.count}</b><span>downloads at once at the peak`);
    expect(html).toContain(`<b>${formatBytes(f.load.peakBytesPerSecond.value)}/s</b><span>peak web server load`);
    expect(html).toContain(`<b>${formatBytes(f.load.bytes)}</b>`);
    expect(html).toContain("<b>5</b><span>never past the times lines</span>");
    expect(html).toContain('<tr><td><code>http://10.0.0.5/firmware/ip232.bin</code></td><td>prot</td><td class="num">8.0 MB</td><td>typical size</td>');
    expect(html).toContain("<tr><td>IP1202</td><td class=\"num\">50</td><td>firmware 13-138765</td></tr>");
    const source = between(html, '<details class="source">', "</details>");
    expect(source).toContain('<span class="l">mod cmd UP1 times /allow 23,0,1,2,3,4</span>');
    expect(source).not.toContain(" open");
  });

  it("every device, grouped by verdict and blocked cause: trouble open, the rest closed", () => {
    for (const d of f.devices) expect(html).toContain(`<tr><td>${d.mac}</td><td>${d.product}</td><td>${d.ip}</td>`);
    expect(html.match(/<tr><td>00-90-33-/g)).toHaveLength(400);
    expect(html).toContain('<details class="verdict trouble" data-verdict="blocked:no-clock" open><summary><b>Blocked: no clock</b><span class="count">5 devices</span>');
    expect(html).toMatch(/<details class="verdict" data-verdict="settled"><summary>/);
    expect(html).toContain("<td>blocked (no-clock)</td><td>—</td><td class=\"num\">0</td><td>the device has no time, and /allow stops every run without one</td>");
  });

  it("the search script: in the page, in a fragment only with a nonce; the input is hidden without it", () => {
    expect(html).toContain('<input type="search" id="fleet-search" class="search"');
    expect(html).toMatch(/aria-label="Filter devices" hidden>/);
    expect(html).toContain("<script>(function () {");
    expect(renderFleetHtml(f, "x", undefined, { nonce: "n0nce" })).toContain('<script nonce="n0nce">');
    expect(fleetFragment(f, "x")).not.toContain("<script");
    expect(fleetFragment(f, "x", undefined, { nonce: 'a"b' })).toContain('<script nonce="a&#34;b">');
  });

  it("self-contained: no external file, no network", () => {
    expect(html).not.toMatch(/<link|<img|\ssrc=|url\(|@import/);
    expect(html).not.toMatch(/href="/);
  });

  it("escapes what comes from the script and the fleet: markup, controls and bidi overrides", () => {
    const hostile = parseFleet('product,mac,ip\nIP232,00-90-33-00-00-01,"<img src=x>\u202e\u001b[2J"\n', "csv");
    const h = forecast(SCRIPT, hostile.devices, 1);
    const report = renderFleetHtml(h, "up<b>\u202e.htm", `${SCRIPT}# <script>alert(1)</script>\u001b]0;x\u0007\n`);
    expect(report).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(report).not.toContain("<img");
    expect(report).not.toContain("<script>alert");
    expect(report).toContain("&#60;img src=x&#62;\\u202e\\x1b[2J");
    expect(report).toContain("<title>Rollout forecast: up&#60;b&#62;\\u202e.htm</title>");
    expect(report).toContain('<span class="l"># &#60;script&#62;alert(1)&#60;/script&#62;\\x1b]0;x\\x07</span>');
  });

  it("a script that asks nothing says so instead of drawing a curve", () => {
    const nothing = renderFleetHtml(forecast("mod cmd UP0 scfg http://10.0.0.5/backup/#m.txt no-op\n", FLEET.devices.slice(0, 20), 1), "backup.htm");
    expect(nothing).toContain("The script asks no device for a build or a configuration serial");
    expect(nothing).not.toContain('class="chart s-curve"');
    expect(nothing).toContain("<b>nothing</b>");
  });
});

describe("the comparison as HTML", () => {
  const c = compareForecasts({ script: "update-ip232.htm", forecast: f }, { script: "update-ip232-wider.htm", forecast: wider });
  const page = renderComparisonHtml(c);

  it("a table of the figures with the better one marked; moments as times, bytes formatted", () => {
    const half = between(page, "<tr><td>50 % of the devices on target</td>", "</tr>");
    // The wider window opens at 20:00: B gets there first.
    expect(half).toMatch(/<td class="num">Fri 20 Nov 23:\d\d \(after 11 h \d+ min\)<\/td><td class="num better">Fri 20 Nov 20:\d\d/);
    expect(between(page, "<tr><td>all devices on target</td>", "</tr>")).toBe('<tr><td>all devices on target</td><td class="num">not reached</td><td class="num">not reached</td></tr>');
    expect(between(page, "<tr><td>bytes served and received</td>", "</tr>")).toContain(`<td class="num">${formatBytes(f.load.bytes)}</td>`);
    expect(between(page, "<tr><td>web server load at the peak</td>", "</tr>")).toContain(`${formatBytes(f.load.peakBytesPerSecond.value)}/s`);
  });

  it("both S-curves in one chart with a legend naming the scripts, and both peaks", () => {
    const curves = between(page, '<svg class="chart s-curve"', "</svg>");
    expect(curves).toMatch(/<path class="curve a" d="M/);
    expect(curves).toMatch(/<path class="curve b" d="M/);
    expect(page).toContain('<li><span class="key line"></span>A: update-ip232.htm (allowed 23–4)</li><li><span class="key line b"></span>B: update-ip232-wider.htm (allowed 20–5)</li>');
    expect(page.match(/<svg class="chart peak"/g)).toHaveLength(2);
    expect(page).toContain(`peak ${wider.peakConcurrentDownloads.count} downloads at once · ${wider.peakConcurrentDownloads.time!.slice(11)}`);
    expect(comparisonFragment(c)).toBe(page.slice(page.indexOf('<div class="fc compare">'), page.lastIndexOf("</div>") + 6));
  });
});

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const HOW = `Chromium is not at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`;
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && !process.env.CI) console.warn(`test/report/forecast-report.test.ts: the browser tests are skipped. ${HOW}.`);

describe.runIf(haveChromium || process.env.CI)("the fleet report in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${HOW} (CI must run the browser tests).`);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renders the S-curve, the bands, the peak, every device; the search box filters the rows", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.setContent(html);
    const curve = page.locator("svg.s-curve path.curve");
    await expect(curve.getAttribute("d")).resolves.toMatch(/^M/);
    const box = await curve.boundingBox();
    expect(box!.width).toBeGreaterThan(800);
    expect(await page.locator("svg.s-curve rect.band").count()).toBe(3);
    const band = await page.locator("svg.s-curve rect.band").first().boundingBox();
    expect(band!.width).toBeGreaterThan(50);
    const labels = await page.locator("svg.peak text.peak-label").allTextContents();
    expect(labels).toContain(`peak ${f.peakConcurrentDownloads.count} downloads at once · ${f.peakConcurrentDownloads.time!.slice(11)}`);
    expect(labels.some((l) => l.startsWith(`peak ${formatBytes(f.load.peakBytesPerSecond.value)}/s`))).toBe(true);
    const macs = await page.locator("table.devices tbody tr td:first-child").allTextContents();
    expect(macs.sort()).toEqual(f.devices.map((d) => d.mac).sort());
    // The search: shown by the script, filters as one types, opens the sections with matches.
    const search = page.locator("#fleet-search");
    await expect(search.isVisible()).resolves.toBe(true);
    const visibleRows = () => page.locator("table.devices tbody tr:not([hidden])").count();
    /** Waits until the filter shows `count` rows (it runs a moment after the input, in the page). */
    const rowsShown = (count: number) => page.waitForFunction(`document.querySelectorAll("table.devices tbody tr:not([hidden])").length === ${count}`);
    const target = f.devices.find((d) => d.verdict === "settled")!;
    await search.fill(target.mac);
    await rowsShown(1);
    expect(await page.locator("details[data-verdict=settled]").getAttribute("open")).not.toBeNull();
    expect(await page.locator("table.devices tbody tr:not([hidden]) td").first().textContent()).toBe(target.mac);
    await search.fill("no-clock");
    await rowsShown(5);
    await search.fill("");
    await rowsShown(400);
    expect(await visibleRows()).toBe(400);
    await page.close();
  });

  it("without JavaScript every device is still there, and the useless input stays hidden", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.setContent(html);
    expect(await page.locator("table.devices tbody tr").count()).toBe(400);
    await expect(page.locator("#fleet-search").isVisible()).resolves.toBe(false);
    await expect(page.locator("svg.s-curve rect.band").count()).resolves.toBe(3);
    await context.close();
  });
});
