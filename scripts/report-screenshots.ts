/**
 * The screenshots of the rollout report in docs/dry-run.md ("The HTML report"):
 * docs/images/forecast-report.png, forecast-peak.png and forecast-compare.png. Simulates the example
 * fleet (examples/fleet: 400 devices, 3 days) with both example scripts, renders the report and
 * the comparison, and photographs them in headless Chromium (CHROMIUM_PATH, else /usr/bin/chromium).
 *
 *   scripts/run-ts.sh scripts/report-screenshots.ts [--keep-html DIR]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "@upscript/grammar";
import { compareForecasts, compile, parseFleet, parseLocalTime, renderComparisonHtml, renderFleetHtml, simulateFleet, type PollEnvironment } from "@upscript/language";

// Run from the repository root (as npm scripts do).
const root = process.cwd();
// Loaded from node_modules at run time: playwright-core cannot be bundled (scripts/run-ts.sh bundles this file).
const { chromium } = createRequire(join(root, "package.json"))("playwright-core") as typeof import("playwright-core");
const read = (path: string) => readFileSync(join(root, path), "utf8");
const A = "update-ip232.htm";
const B = "update-ip232-wider.htm";

const devices = parseFleet(read("examples/fleet/devices.csv"), "csv");
if (devices.problems.length) throw new Error(`examples/fleet/devices.csv: ${devices.problems.map((p) => `line ${p.line}: ${p.message}`).join("; ")}`);
const forecast = (file: string) => {
  const text = read(`examples/fleet/${file}`);
  const program = compile(parse(text).tree);
  const f = simulateFleet(program, devices.devices, {
    days: 3,
    start: parseLocalTime("2026-11-20T12:00")!,
    environment: () => ({ updateUrl: "http://10.0.0.5/update/" }) as PollEnvironment,
  });
  return { text, f };
};
const a = forecast(A);
const b = forecast(B);

const keep = process.argv.indexOf("--keep-html");
const dir = keep >= 0 ? process.argv[keep + 1]! : mkdtempSync(join(tmpdir(), "upscript-shots-"));
const reportFile = join(dir, "report.html");
const compareFile = join(dir, "compare.html");
writeFileSync(reportFile, renderFleetHtml(a.f, A, a.text));
writeFileSync(compareFile, renderComparisonHtml(compareForecasts({ script: A, forecast: a.f }, { script: B, forecast: b.f })));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1, colorScheme: "light" });
  await page.goto(pathToFileURL(reportFile).href);
  // The device table is long: collapse it, so the picture shows the report and the table's sections.
  await page.evaluate(`document.querySelectorAll("details").forEach((d) => d.removeAttribute("open"))`);
  await page.screenshot({ path: join(root, "docs/images/forecast-report.png"), fullPage: true });
  await page.locator("figure#peak").screenshot({ path: join(root, "docs/images/forecast-peak.png") });
  await page.goto(pathToFileURL(compareFile).href);
  await page.screenshot({ path: join(root, "docs/images/forecast-compare.png"), fullPage: true });
} finally {
  await browser.close();
  if (keep < 0) rmSync(dir, { recursive: true, force: true });
}
console.log("wrote docs/images/forecast-report.png, docs/images/forecast-peak.png and docs/images/forecast-compare.png");
