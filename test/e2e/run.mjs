/**
 * `npm run test:e2e`: the packaged extension (upscript-<version>.vsix, from `npm run package`) in
 * real VS Code — code-server 4.100 in .e2e/ (`bash scripts/e2e-setup.sh`) driven through Debian's
 * Chromium with playwright-core. Everything code-server writes goes to a temporary folder.
 *
 * Checks, in order: language detection, colouring, squiggles and the Problems panel, hover,
 * a quick fix, the dry-run preview webview, "Poll Update Server" against a local update
 * server (test/e2e/update-server.mjs), and "Simulate Rollout" for a device list (the fleet
 * forecast's webview). Screenshots go to docs/images/.
 * Exit code 0 when every check passed, 1 otherwise (with the code-server output and the
 * extension host logs printed).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { fixTitle, fleetFile, fleetMacs, makeWorkspace, planted, protSignature, script, timesLineAfter, timesLineBefore } from "./fixture.mjs";
import { SERVED_MARK, servedProblem, startUpdateServer } from "./update-server.mjs";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
const vsix = join(repoRoot, `upscript-${version}.vsix`);
const codeServer = join(repoRoot, ".e2e", "node_modules", ".bin", "code-server");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const imagesDir = join(repoRoot, "docs", "images");
const LANGUAGE_NAME = "innovaphone update script";
/** The whole run is stopped after this long, whatever it is doing. */
const RUN_LIMIT_MS = 240_000;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`[${elapsed().padStart(7)}] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class CheckFailed extends Error {}

// ---------------------------------------------------------------- prerequisites
for (const [path, how] of [
  [vsix, "npm run package"],
  [codeServer, "bash scripts/e2e-setup.sh"],
  [chromiumPath, "bash scripts/e2e-setup.sh (apt-get install chromium)"],
]) {
  if (!existsSync(path)) {
    console.error(`test:e2e: ${relative(repoRoot, path) || path} is missing: run \`${how}\` first`);
    process.exit(1);
  }
}

const tmp = mkdtempSync(join(tmpdir(), "upscript-e2e-"));
const userData = join(tmp, "user-data");
const extensions = join(tmp, "extensions");
const config = join(tmp, "config.yaml");
const serverLog = join(tmp, "code-server.log");
const failureShot = join(tmp, "failure.png");
let serverOutput = "";
let serverProcess;
let updateServer;
let browserServer;
let browser;
let cleanedUp = false;

// ---------------------------------------------------------------- cleanup
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a process group we started (SIGTERM, then SIGKILL), by its leader's PID. */
async function stopGroup(pid, name) {
  if (!pid || !alive(pid)) return;
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal("SIGTERM");
  for (let i = 0; i < 50 && alive(pid); i++) await sleep(100);
  if (alive(pid)) {
    log(`${name} (pid ${pid}) ignored SIGTERM: SIGKILL`);
    signal("SIGKILL");
  }
}

async function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  const browserPid = browserServer?.process()?.pid;
  if (browser) await Promise.race([browser.close().catch(() => undefined), sleep(5_000)]);
  if (browserServer) await Promise.race([browserServer.close().catch(() => undefined), sleep(5_000)]);
  await stopGroup(browserPid, "chromium");
  await stopGroup(serverProcess?.pid, "code-server");
  await updateServer?.close();
}

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    console.error(`test:e2e: ${sig}, stopping code-server and Chromium`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------- helpers
/** Every file under `dir` whose path matches `test`, oldest first. */
function filesUnder(dir, test) {
  const out = [];
  const walk = (d) => {
    let entries = [];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (test(p)) out.push(p);
    }
  };
  walk(dir);
  return out.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}

function printLogs() {
  const tail = (text, lines = 120) => text.split("\n").slice(-lines).join("\n");
  console.error(`\n---- code-server output (${serverLog}) ----\n${tail(serverOutput)}`);
  const logs = filesUnder(join(userData, "logs"), (p) => /exthost/i.test(p) && p.endsWith(".log"));
  if (logs.length === 0) console.error("\n---- no extension host logs under the user data folder ----");
  for (const file of logs) {
    const text = readFileSync(file, "utf8");
    if (text.trim()) console.error(`\n---- ${relative(tmp, file)} ----\n${tail(text, 80)}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a truthy value; fails with `message` (a string, or a function for what was last seen) after `timeout` ms. */
async function waitFor(probe, timeout, message, interval = 250) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new CheckFailed(`${typeof message === "function" ? message() : message} (waited ${timeout / 1000} s${last ? `; last error: ${last.message ?? last}` : ""})`);
    await sleep(interval);
  }
}

const timings = [];
/**
 * Waits until a webview frame answers `probe` (run in the frame) with something `accept`s; returns
 * the frame and the answer. The webviews are iframes of the workbench page.
 */
async function inWebview(page, probe, message, accept = (found) => found !== undefined) {
  let hit;
  await waitFor(
    async () => {
      for (const frame of page.frames()) {
        const found = await frame.evaluate(probe).catch(() => undefined);
        if (found !== undefined && accept(found)) return (hit = { frame, found });
      }
      return undefined;
    },
    30_000,
    message,
    500,
  );
  return hit;
}

async function check(name, fn) {
  const t0 = Date.now();
  log(`${name} …`);
  try {
    const result = await fn();
    timings.push([name, Date.now() - t0]);
    log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return result;
  } catch (error) {
    const why = error instanceof CheckFailed ? error.message : (error?.stack ?? String(error));
    throw new CheckFailed(`FAILED ${name}: ${why}`);
  }
}

const norm = (s) => s.replace(/\u00a0/g, " ");

// ---------------------------------------------------------------- the run
async function main() {
  updateServer = await startUpdateServer();
  const pollUrl = `http://127.0.0.1:${updateServer.port}/update.php?sn=#m`;
  const workspace = makeWorkspace(repoRoot, tmp, { "upscript.poll.url": pollUrl });
  mkdirSync(join(userData, "User"), { recursive: true });
  writeFileSync(
    join(userData, "User", "settings.json"),
    JSON.stringify(
      {
        "workbench.startupEditor": "none",
        "telemetry.telemetryLevel": "off",
        "extensions.autoUpdate": false,
        "extensions.autoCheckUpdates": false,
        "update.mode": "none",
        "security.workspace.trust.enabled": false,
        "workbench.tips.enabled": false,
        "workbench.enableExperiments": false,
        "workbench.colorTheme": "Default Dark Modern",
        "editor.minimap.enabled": false,
        "editor.hover.delay": 200,
      },
      null,
      2,
    ),
  );
  const port = await freePort();
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const dirs = ["--user-data-dir", userData, "--extensions-dir", extensions, "--config", config];

  await check("install the .vsix", () => {
    const r = spawnSync(codeServer, [...dirs, "--install-extension", vsix], { encoding: "utf8", timeout: 90_000 });
    const out = `${r.stdout}${r.stderr}`;
    if (r.status !== 0 || !/successfully installed/i.test(out)) throw new CheckFailed(`code-server --install-extension ${relative(repoRoot, vsix)} exited ${r.status ?? r.signal}:\n${out}`);
    const installed = readdirSync(extensions).filter((d) => d.startsWith(`upscript.upscript-${version}`));
    if (installed.length !== 1) throw new CheckFailed(`expected upscript.upscript-${version} in ${extensions}, found: ${readdirSync(extensions).join(", ")}`);
  });

  await check("start code-server", async () => {
    serverProcess = spawn(
      codeServer,
      [...dirs, "--auth", "none", "--bind-addr", `127.0.0.1:${port}`, "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override", workspace],
      { detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, VSCODE_PROXY_URI: "" } },
    );
    const collect = (chunk) => {
      serverOutput += chunk.toString();
      writeFileSync(serverLog, serverOutput);
    };
    serverProcess.stdout.on("data", collect);
    serverProcess.stderr.on("data", collect);
    let exited;
    serverProcess.on("exit", (code, signal) => (exited = `code ${code} signal ${signal}`));
    await waitFor(
      async () => {
        if (exited) throw new CheckFailed(`code-server exited (${exited})`);
        const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        return res?.ok;
      },
      30_000,
      `code-server did not answer on 127.0.0.1:${port}/healthz`,
    );
  });

  const page = await check("open the workspace in Chromium", async () => {
    browserServer = await chromium.launchServer({
      executablePath: chromiumPath,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    });
    browser = await chromium.connect(browserServer.wsEndpoint());
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
    // The explorer shows the folder once the workbench is connected to its server.
    await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: 60_000 });
    return page;
  });

  const editor = page.locator(".editor-group-container.active .monaco-editor").first();
  /** The rendered text of every visible line, top to bottom. */
  const lineTexts = () =>
    editor.locator(".view-lines .view-line").evaluateAll((lines) =>
      lines.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map((l) => l.textContent.replace(/\u00a0/g, " ")),
    );
  const viewLine = (text) => editor.locator(".view-lines .view-line").filter({ hasText: new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "[ \\u00a0]")) });
  /** The span of a line that holds exactly `word`. */
  const wordIn = (line, word) => line.locator("span > span").filter({ hasText: new RegExp(`^[ \\u00a0]*${word}[ \\u00a0]*$`) }).first();

  // 1. Language detection: update*.htm in a folder with .upscriptrc.json.
  await check(`1. ${script} opens in language mode upscript`, async () => {
    await page.keyboard.press("Control+P");
    await page.waitForSelector(".quick-input-widget .quick-input-box input", { state: "visible" });
    await page.keyboard.type("update-ip232.htm");
    await waitFor(
      () => page.locator(".quick-input-widget .monaco-list-row").filter({ hasText: "update-ip232.htm" }).count(),
      20_000,
      "quick open (Ctrl+P) did not list update-ip232.htm",
    );
    await page.keyboard.press("Enter");
    await page.locator(".tab.active").filter({ hasText: "update-ip232.htm" }).first().waitFor({ timeout: 20_000 });
    const mode = page.locator('[id="status.editor.mode"]');
    let seen = "";
    await waitFor(
      async () => {
        seen = ((await mode.textContent({ timeout: 1_000 })) ?? "").trim();
        return seen === LANGUAGE_NAME || seen === "upscript";
      },
      30_000,
      () => `the status bar language indicator should read '${LANGUAGE_NAME}' (the language id upscript): update*.htm below a .upscriptrc.json is not detected; it reads '${seen}'`,
    );
    log(`     language indicator: '${seen}'`);
  });

  // 2. Colouring: the TextMate grammar (and the server's semantic tokens) colour the words.
  await check("2. tokens are coloured", async () => {
    const prot = viewLine("mod cmd UP0 prot http://10.0.0.5/firmware/");
    await prot.waitFor({ timeout: 10_000 });
    const colours = async () =>
      prot.locator("span > span").evaluateAll((spans) => spans.map((s) => ({ text: s.textContent.replace(/\u00a0/g, " "), cls: s.className, color: getComputedStyle(s).color })));
    const comment = viewLine("# Firmware 13r3 SR12");
    // Plain text is drawn in the editor's foreground colour; a comment has its own colour.
    const plain = await editor.locator(".view-lines").evaluate((e) => getComputedStyle(e).color);
    let spans = [];
    let commentColour = "";
    const show = () => `${spans.filter((s) => s.text.trim()).map((s) => `${s.text.trim()}=${s.color}`).join("  ")}  (comment ${commentColour}, plain text ${plain})`;
    await waitFor(
      async () => {
        spans = await colours();
        commentColour = await comment.locator("span > span").first().evaluate((s) => getComputedStyle(s).color);
        const distinct = new Set(spans.filter((s) => s.text.trim()).map((s) => s.color));
        const word = (w) => spans.find((s) => s.text.trim() === w);
        const mod = word("mod");
        const prot = word("prot");
        return distinct.size >= 3 && mod && prot && mod.color !== prot.color && ![plain, commentColour].includes(mod.color) && ![plain, commentColour].includes(prot.color);
      },
      20_000,
      () => `the prot line should have at least 3 differently coloured spans, 'mod' and 'prot' each in a colour of its own (not plain text, not comment): the grammar is not applied. Seen: ${show()}`,
    );
    log(`     ${show()}`);
  });

  // + The code lens above the first line: the plan's headline for the preview device (IP232 from the
  //   file name; 23:30 and firmware 13-130000 from the workspace settings). The fix changes it.
  const codeLens = (when, expected) =>
    check(`+ code lens ${when}`, async () => {
      const lens = editor.locator(".codelens-decoration");
      let seen = [];
      await waitFor(
        async () => (seen = (await lens.allTextContents()).map((t) => norm(t).trim())).some((t) => expected.test(t)),
        30_000,
        () => `the code lens should match ${expected}; it reads: ${seen.join(" | ") || "(no code lens)"}`,
      );
      log(`     ${seen.join(" | ")}`);
    });
  await codeLens("before the fix", /^23:30 IP232: upload backup, stops at line 10$/);

  // 3. Squiggles in the editor, and the Problems panel lists the planted problems.
  await check("3. squiggles and the Problems panel", async () => {
    await editor.locator(".squiggly-error").first().waitFor({ state: "attached", timeout: 45_000 }).catch(() => {
      throw new CheckFailed("no .squiggly-error in the editor after 45 s: the language server sent no error diagnostic for '22-4'");
    });
    await waitFor(() => editor.locator(".squiggly-warning").count(), 15_000, "no .squiggly-warning for the planted warnings (keyword-case, missing-file)");
    await page.keyboard.press("Control+Shift+M");
    const rows = page.locator(".markers-panel .monaco-list-row");
    let texts = [];
    await waitFor(
      async () => {
        texts = (await rows.allTextContents()).map(norm);
        return planted.every((p) => texts.some((t) => t.includes(p.rule) && t.includes(p.message)));
      },
      20_000,
      () => `the Problems panel (Ctrl+Shift+M) should list ${planted.map((p) => p.rule).join(", ")} with their messages; it lists:\n  ${texts.join("\n  ")}`,
    );
    log(`     ${texts.length} rows in the Problems panel`);
    for (const p of planted) {
      const row = texts.find((t) => t.includes(p.rule) && t.includes(p.message));
      if (!row.includes(`[Ln ${p.line},`)) throw new CheckFailed(`the ${p.rule} entry should be on line ${p.line}: ${row}`);
    }
    await sleep(300);
    await page.screenshot({ path: join(imagesDir, "problems.png") });
  });

  // 4. Hover on the prot verb shows the command's documentation.
  await check("4. hover on 'prot'", async () => {
    const word = wordIn(viewLine("mod cmd UP0 prot http://10.0.0.5/firmware/"), "prot");
    const box = await word.boundingBox();
    if (!box) throw new CheckFailed("the word 'prot' is not visible in the editor");
    const hover = page.locator(".monaco-hover:not(.hidden)").filter({ hasText: protSignature });
    await waitFor(
      async () => {
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 1);
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        return hover.first().waitFor({ state: "visible", timeout: 2_500 }).then(() => true, () => false);
      },
      20_000,
      `hovering 'prot' should show a hover containing '${protSignature}'`,
      500,
    );
    await sleep(300);
    await page.screenshot({ path: join(imagesDir, "hover.png") });
    await page.mouse.move(5, 400);

    // The hover on a problem adds the rule and its message: the picture of the squiggles.
    const range = wordIn(viewLine(timesLineBefore), "22-4");
    const at = await range.boundingBox();
    if (!at) throw new CheckFailed("the word '22-4' is not visible in the editor");
    const note = page.locator(".monaco-hover:not(.hidden)").filter({ hasText: "times-hours" });
    await waitFor(
      async () => {
        await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2 + 1);
        await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
        return note.first().waitFor({ state: "visible", timeout: 2_500 }).then(() => true, () => false);
      },
      20_000,
      "hovering '22-4' should show the times-hours problem in the hover",
      500,
    );
    await sleep(300);
    await page.screenshot({ path: join(imagesDir, "editor-diagnostics.png") });
    await page.mouse.move(5, 400);
  });

  // 5. Quick fix: Ctrl+. on '22-4', choose "Write 22,23,0,1,2,3,4 (changes what devices do)" (an unsafe fix).
  await check(`5. quick fix '${fixTitle}'`, async () => {
    await page.keyboard.press("Escape");
    // 'up1' is an error too (keyword-case): the fix takes away exactly one error squiggle.
    const errorsBefore = await editor.locator(".squiggly-error").count();
    const word = wordIn(viewLine(timesLineBefore), "22-4");
    await word.click();
    await page.keyboard.press("Control+.");
    const item = page.locator(".action-widget .monaco-list-row").filter({ hasText: fixTitle });
    await item.first().waitFor({ state: "visible", timeout: 15_000 }).catch(async () => {
      const offered = await page.locator(".action-widget .monaco-list-row").allTextContents();
      throw new CheckFailed(`Ctrl+. on '22-4' should offer '${fixTitle}'; offered: ${offered.join(" | ") || "nothing"}`);
    });
    // The menu's pointer block covers the page: choose with the keyboard, as a user would.
    const focused = page.locator(".action-widget .monaco-list-row.focused");
    for (let i = 0; i < 10 && !((await focused.textContent({ timeout: 2_000 }).catch(() => "")) ?? "").includes(fixTitle); i++) await page.keyboard.press("ArrowDown");
    if (!((await focused.textContent()) ?? "").includes(fixTitle)) throw new CheckFailed(`could not select '${fixTitle}' in the quick fix menu`);
    await sleep(400);
    await page.screenshot({ path: join(imagesDir, "quick-fix.png") });
    await page.keyboard.press("Enter");
    // The rendered line also holds inlay hints ("22:00–04:59", "6 min after boot"): compare the words only.
    const fixedPrefix = timesLineAfter.replace(/ \/initial.*/, "");
    let texts = [];
    await waitFor(
      async () => (texts = await lineTexts()).some((t) => t.startsWith(fixedPrefix) && t.includes("/initial 6")) && !texts.some((t) => t.includes("22-4")),
      10_000,
      () => `after the fix the line should read '${timesLineAfter}'; the editor shows:\n  ${texts.filter((t) => t.includes("times")).join("\n  ")}`,
    );
    await waitFor(async () => (await editor.locator(".squiggly-error").count()) === errorsBefore - 1, 20_000, `the error squiggle under '22-4' should disappear after the fix (${errorsBefore} before)`);
    await waitFor(
      async () => !(await page.locator(".markers-panel .monaco-list-row").allTextContents()).some((t) => t.includes("times-hours")),
      10_000,
      "the Problems panel should no longer list times-hours",
    );
  });

  // 6. The dry-run preview webview shows the plan.
  await check("6. dry-run preview", async () => {
    // Room for the editor and the preview side by side: hide the panel (Ctrl+J) and the side bar (Ctrl+B).
    await editor.click({ position: { x: 300, y: 10 } });
    await page.keyboard.press("Control+J");
    await page.locator(".part.panel").waitFor({ state: "hidden", timeout: 5_000 }).catch(() => log("     (the panel stayed open)"));
    await page.keyboard.press("Control+B");
    await page.locator(".part.sidebar").waitFor({ state: "hidden", timeout: 5_000 }).catch(() => log("     (the side bar stayed open)"));
    await page.keyboard.press("Control+Shift+P");
    await page.waitForSelector(".quick-input-widget .quick-input-box input", { state: "visible" });
    await page.keyboard.type("upscript: Open Dry-Run Preview");
    const entry = page.locator(".quick-input-widget .monaco-list-row").filter({ hasText: "Open Dry-Run Preview" });
    await entry.first().waitFor({ state: "visible", timeout: 15_000 }).catch(() => {
      throw new CheckFailed("the command palette has no 'upscript: Open Dry-Run Preview' (the command is missing or its when clause is false)");
    });
    await page.keyboard.press("Enter");
    const { frame: reportFrame, found: report } = await inWebview(
      page,
      () => {
        const summary = document.querySelector(".summary")?.textContent ?? "";
        if (!summary.includes("Plan:")) return undefined;
        return { summary, rows: [...document.querySelectorAll("table.plan tr")].map((r) => r.textContent.replace(/\s+/g, " ").trim()), title: document.querySelector("h1")?.textContent };
      },
      "no webview frame shows the plan ('Plan:' summary)",
    );
    log(`     ${report.title}: ${report.summary.trim()} (${report.rows.length} line rows)`);
    if (report.rows.length < 5) throw new CheckFailed(`the plan should list the script's lines, it has ${report.rows.length} rows`);
    if (!report.rows.some((r) => r.includes("mod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765"))) throw new CheckFailed(`the plan should have a row for the prot line; rows:\n  ${report.rows.join("\n  ")}`);
    if (!report.rows.some((r) => r.includes(timesLineAfter))) throw new CheckFailed(`the plan should show the fixed times line (the preview follows the editor's text); rows:\n  ${report.rows.join("\n  ")}`);
    // Show the plan's rows down to the summary line in the picture.
    await reportFrame.evaluate(() => document.querySelector(".summary")?.scrollIntoView({ block: "end" })).catch(() => undefined);
    await sleep(500);
    await page.screenshot({ path: join(imagesDir, "preview.png") });
  });

  await codeLens("after the fix", /^23:30 IP232: upload backup, download 13-138765, reset when idle$/);

  // 7. Poll Update Server: the preview device polls the local update server; the served script opens
  //    read-only with its findings as squiggles, and the poll with the script's plan beside it.
  await check("7. Poll Update Server", async () => {
    const before = updateServer.requests.length;
    await page.keyboard.press("Control+Shift+P");
    await page.waitForSelector(".quick-input-widget .quick-input-box input", { state: "visible" });
    await page.keyboard.type("upscript: Poll Update Server");
    const entry = page.locator(".quick-input-widget .monaco-list-row").filter({ hasText: "Poll Update Server" });
    await entry.first().waitFor({ state: "visible", timeout: 15_000 }).catch(() => {
      throw new CheckFailed("the command palette has no 'upscript: Poll Update Server'");
    });
    await page.keyboard.press("Enter");
    // The editor draws blanks as no-break spaces.
    const mark = new RegExp(SERVED_MARK.replace(/ /g, "[ \\u00a0]"));
    const liveEditor = page.locator(".editor-group-container .monaco-editor").filter({ has: page.locator(".view-line", { hasText: mark }) }).first();
    await liveEditor.waitFor({ state: "visible", timeout: 30_000 }).catch(() => {
      throw new CheckFailed("the served script did not open in an editor");
    });
    await liveEditor.locator(".squiggly-error").first().waitFor({ state: "attached", timeout: 20_000 }).catch(() => {
      throw new CheckFailed(`no error squiggle in the served script: its ${servedProblem.rule} finding is not shown`);
    });
    const tab = await page.locator(".tab.active").first().getAttribute("aria-label").catch(() => "");
    const { found: poll } = await inWebview(
      page,
      () => {
        const title = document.querySelector("h1")?.textContent ?? "";
        if (!title.startsWith("Live poll")) return undefined;
        return { title, summary: document.querySelector(".summary")?.textContent ?? "", answer: document.querySelector("table.live")?.textContent?.replace(/\s+/g, " ") ?? "", findings: [...document.querySelectorAll("li")].map((l) => l.textContent) };
      },
      "no webview shows the live poll with its plan ('Live poll' title, 'Plan:' summary)",
      (found) => found.summary.includes("Plan:"),
    );
    log(`     ${poll.title}: ${poll.answer.trim()} | ${poll.summary.trim()} (tab: ${tab})`);
    if (!poll.findings.some((f) => f.includes(servedProblem.rule) && f.includes(`:${servedProblem.line}:`))) throw new CheckFailed(`the live poll should list the ${servedProblem.rule} finding on line ${servedProblem.line}; it lists: ${poll.findings.join(" | ")}`);
    if (!/Plan: 1 download/.test(poll.summary)) throw new CheckFailed(`the plan should download the firmware: ${poll.summary}`);
    const seen = updateServer.requests.slice(before);
    if (seen.length !== 1 || !seen[0].startsWith("GET /update.php?sn=00-90-33-")) throw new CheckFailed(`the update server should have seen one GET of the update URL; it saw: ${seen.join(" | ") || "nothing"}`);
    await sleep(500);
    await page.screenshot({ path: join(imagesDir, "live-poll.png") });
  });

  // 8. Simulate Rollout, as a user runs it: the command palette, VS Code's own file dialog (in
  //    code-server the simple one: a quick input that takes a path) for the device list, the input
  //    box for the days. The report is the fleet forecast the CLI writes with --format html.
  await check("8. Simulate Rollout", async () => {
    const quickInput = page.locator(".quick-input-widget");
    const quickInputBox = quickInput.locator(".quick-input-box input");
    const palette = async (command, what) => {
      await page.keyboard.press("Control+Shift+P");
      await quickInputBox.waitFor({ state: "visible" });
      await page.keyboard.type(command);
      const entry = quickInput.locator(".monaco-list-row").filter({ hasText: command.replace(/^[^:]*: /, "") });
      await entry.first().waitFor({ state: "visible", timeout: 15_000 }).catch(() => {
        throw new CheckFailed(`the command palette has no '${command}'${what ? ` (${what})` : ""}`);
      });
      await page.keyboard.press("Enter");
    };
    // The command simulates the active editor's script: bring back the workspace's script (the
    // served one of step 7 has the same name, hence the folder in the query), and close the other
    // groups (the previews, the served script) so that the report opens beside it.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+P");
    await quickInputBox.waitFor({ state: "visible" });
    await page.keyboard.type(script);
    const rows = quickInput.locator(".monaco-list-row");
    await waitFor(() => rows.filter({ hasText: "update-ip232.htm" }).filter({ hasText: "phones" }).count(), 10_000, `quick open (Ctrl+P) did not list ${script}`);
    const focusedRow = () => quickInput.locator(".monaco-list-row.focused").textContent({ timeout: 1_000 }).catch(() => "");
    for (let i = 0; i < 5 && !/phones/.test((await focusedRow()) ?? ""); i++) await page.keyboard.press("ArrowDown");
    if (!/phones/.test((await focusedRow()) ?? "")) throw new CheckFailed(`quick open should offer ${script}; it offers: ${(await rows.allTextContents()).map(norm).join(" | ")}`);
    await page.keyboard.press("Enter");
    await palette("View: Close Editors in Other Groups");
    await waitFor(async () => (await page.locator(".editor-group-container").count()) === 1, 10_000, "the other editor groups did not close");
    const active = page.locator(".editor-group-container.active .monaco-editor").first();
    await active.locator(".view-line").filter({ hasText: /Update[ \u00a0]script[ \u00a0]for[ \u00a0]the[ \u00a0]IP232/ }).first().waitFor({ timeout: 10_000 }).catch(() => {
      throw new CheckFailed(`Ctrl+P '${script}' should bring back the workspace's script`);
    });

    await palette("upscript: Simulate Rollout", "the command is missing or its when clause is false");
    // The open dialog: a quick input holding a folder path; replace it with the device list's path.
    const devices = join(workspace, fleetFile);
    await waitFor(async () => (await quickInputBox.isVisible()) && (await quickInputBox.inputValue()).startsWith("/"), 15_000, "'Simulate Rollout' did not open the file dialog (a quick input with a path)");
    await page.keyboard.press("Control+A");
    await page.keyboard.type(devices);
    await waitFor(async () => (await quickInputBox.inputValue()) === devices, 5_000, () => `the file dialog should hold ${devices}`);
    await page.keyboard.press("Enter");
    // The days: the input box, titled "Simulate how many days?".
    const daysTitle = quickInput.locator(".quick-input-title").filter({ hasText: "how many days" });
    await daysTitle.waitFor({ state: "visible", timeout: 10_000 }).catch(async () => {
      throw new CheckFailed(`after the device list 'Simulate Rollout' should ask for the days; the quick input shows: ${norm((await quickInput.textContent().catch(() => "")) ?? "") || "nothing"}`);
    });
    await page.keyboard.press("Control+A");
    await page.keyboard.type("3");
    await page.keyboard.press("Enter");

    const notifications = async () => norm((await page.locator(".notifications-toasts").textContent({ timeout: 1_000 }).catch(() => "")) ?? "").trim() || "none";
    const { frame: reportFrame, found: report } = await inWebview(
      page,
      () => {
        const title = document.querySelector("h1")?.textContent ?? "";
        if (!title.startsWith("Rollout forecast")) return undefined;
        // The S-curve: devices on target over time, an SVG path (the svg's label says "on target").
        const curves = [...document.querySelectorAll("svg")].filter((s) => /on target/i.test(`${s.getAttribute("aria-label") ?? ""} ${s.querySelector("title")?.textContent ?? ""}`));
        const paths = curves.flatMap((s) => [...s.querySelectorAll("path")]).filter((p) => (p.getAttribute("d") ?? "").trim().length > 0);
        return { title, text: document.body.textContent ?? "", curves: curves.map((s) => s.getAttribute("aria-label") ?? ""), paths: paths.length, svgPaths: document.querySelectorAll("svg path").length };
      },
      "no webview frame shows the rollout forecast (an h1 starting 'Rollout forecast')",
    ).catch(async (error) => {
      throw new CheckFailed(`${error.message}; notifications: ${await notifications()}`);
    });
    log(`     ${norm(report.title)} (${report.paths} path${report.paths === 1 ? "" : "s"} in ${report.curves.length ? report.curves.map((c) => `'${c}'`).join(", ") : "no svg labelled 'on target'"})`);
    if (report.paths === 0) throw new CheckFailed(`the report should draw the devices on target over time as an SVG path (an svg labelled 'on target'); it has ${report.svgPaths} svg paths, svgs labelled: ${report.curves.join(" | ") || "none"}`);
    const text = norm(report.text).toLowerCase();
    const missing = fleetMacs.filter((mac) => !text.includes(mac.toLowerCase()));
    if (missing.length) throw new CheckFailed(`the report should name every device of ${fleetFile}; missing ${missing.length} of ${fleetMacs.length}: ${missing.join(", ")}`);
    // The device search runs in the webview (its script carries the page's nonce): one MAC, one row.
    const search = reportFrame.locator("#fleet-search");
    await search.waitFor({ state: "visible", timeout: 5_000 }).catch(() => {
      throw new CheckFailed("the report's device search should show in the webview (its script did not run under the page's CSP)");
    });
    await search.fill(fleetMacs[3]);
    let shown = [];
    await waitFor(
      async () => (shown = await reportFrame.evaluate(() => [...document.querySelectorAll("table.devices tbody tr:not([hidden])")].map((r) => r.textContent))).length === 1,
      5_000,
      () => `searching ${fleetMacs[3]} should leave one device row; it leaves ${shown.length}`,
    );
    await search.fill("");
    // The picture shows the S-curve.
    await reportFrame
      .evaluate(() => {
        const curve = [...document.querySelectorAll("svg")].find((s) => /on target/i.test(s.getAttribute("aria-label") ?? ""));
        (curve?.closest("figure") ?? curve)?.scrollIntoView({ block: "center" });
      })
      .catch(() => undefined);
    await sleep(500);
    await page.screenshot({ path: join(imagesDir, "rollout.png") });
  });
}

// ---------------------------------------------------------------- entry
mkdirSync(imagesDir, { recursive: true });
const watchdog = setTimeout(() => {
  console.error(`test:e2e: still running after ${RUN_LIMIT_MS / 1000} s: giving up`);
  printLogs();
  void cleanup().finally(() => process.exit(1));
}, RUN_LIMIT_MS);

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`\n${error instanceof CheckFailed ? error.message : (error?.stack ?? String(error))}`);
  try {
    const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
    if (pages[0]) {
      await pages[0].screenshot({ path: failureShot });
      console.error(`screenshot of the failure: ${failureShot}`);
    }
  } catch {
    /* no screenshot */
  }
  printLogs();
} finally {
  const t0 = Date.now();
  await cleanup();
  log(`stopped code-server and Chromium (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  clearTimeout(watchdog);
}

if (failed) {
  console.error(`\ntest:e2e failed after ${elapsed()}; code-server's folders are kept in ${tmp}`);
  process.exit(1);
}
rmSync(tmp, { recursive: true, force: true });
console.log(`\ntest:e2e passed in ${elapsed()}:\n${timings.map(([n, ms]) => `  ${(ms / 1000).toFixed(1).padStart(5)} s  ${n}`).join("\n")}`);
console.log(`screenshots: ${["editor-diagnostics", "hover", "problems", "quick-fix", "preview", "live-poll", "rollout"].map((n) => `docs/images/${n}.png`).join(", ")}`);
process.exit(0); // fetch's keep-alive socket would hold the process for a few more seconds
