/**
 * Webviews beside the editor: the dry-run preview of a script (its plan and a short timeline,
 * re-rendered as the script or the device changes, with a device picker), and the rollout report
 * for a fleet. The HTML comes from the language server's renderers; scripts in the page only
 * post the picker's values back.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { DRY_RUN_REQUEST, SIMULATE_REQUEST, type DryRunAnswer, type DryRunParams, type SimulateAnswer, type SimulateParams } from "../../server/src/lsp/protocol.js";
import { PRODUCT_NAMES, previewSettings, type PreviewSettings } from "./settings.js";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class PreviewPanels implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; overrides: PreviewSettings; timer?: NodeJS.Timeout }>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => Promise<LanguageClient>,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const entry = this.panels.get(e.document.uri.toString());
        if (!entry) return;
        clearTimeout(entry.timer);
        entry.timer = setTimeout(() => void this.render(e.document.uri), 250);
      }),
    );
  }

  async open(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return this.render(uri);
    }
    const panel = vscode.window.createWebviewPanel("upscript.preview", `Dry run: ${uri.path.split("/").pop()}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [],
    });
    this.panels.set(key, { panel, overrides: {} });
    panel.onDidDispose(() => this.panels.delete(key));
    panel.webview.onDidReceiveMessage((message: { type: string; settings?: PreviewSettings }) => {
      const entry = this.panels.get(key);
      if (entry && message.type === "device" && message.settings) {
        entry.overrides = message.settings;
        void this.render(uri);
      }
    });
    await this.render(uri);
  }

  refreshAll(): void {
    for (const key of this.panels.keys()) void this.render(vscode.Uri.parse(key));
  }

  private async render(uri: vscode.Uri): Promise<void> {
    const entry = this.panels.get(uri.toString());
    if (!entry) return;
    const device = { ...previewSettings(), ...entry.overrides };
    const nonce = randomBytes(16).toString("base64");
    try {
      const client = await this.client();
      const plan = await client.sendRequest<DryRunAnswer | null>(DRY_RUN_REQUEST, { uri: uri.toString(), device } satisfies DryRunParams);
      const timeline = await client.sendRequest<SimulateAnswer | null>(SIMULATE_REQUEST, { uri: uri.toString(), days: 3, device } satisfies SimulateParams);
      const body = plan
        ? `${plan.fragment}${timeline ? `<h2>The next three days</h2>${timeline.fragment.replace(/<h1>[\s\S]*?<\/h1>/, "")}` : ""}`
        : `<p>upscript cannot simulate this script yet: choose a preview device above.</p>`;
      entry.panel.webview.html = page(entry.panel.webview, nonce, plan?.css ?? timeline?.css ?? "", picker(device), body);
    } catch (error) {
      entry.panel.webview.html = page(entry.panel.webview, nonce, "", picker(device), `<p>The preview failed: ${escape(String(error))}</p>`);
    }
  }

  /**
   * The fleet forecast for `fleetPath` in a panel of its own: the same fragment as the CLI's
   * `simulate --fleet --format html`. The page's CSP allows inline styles and only the scripts
   * that carry its nonce: the report's device search, which the server adds when given the
   * nonce; the charts are inline SVG, nothing comes from outside.
   */
  async openRollout(uri: vscode.Uri, fleetPath: string, days: number): Promise<void> {
    const nonce = randomBytes(16).toString("base64");
    let result: SimulateAnswer | null;
    try {
      const client = await this.client();
      result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Simulating the rollout…" }, () =>
        client.sendRequest<SimulateAnswer | null>(SIMULATE_REQUEST, { uri: uri.toString(), days, fleet: { path: fleetPath }, device: previewSettings(), nonce } satisfies SimulateParams),
      );
    } catch (error) {
      void vscode.window.showErrorMessage(`upscript could not simulate this fleet: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (!result) {
      void vscode.window.showErrorMessage("upscript could not simulate this fleet; see the upscript output for details.");
      return;
    }
    const panel = vscode.window.createWebviewPanel("upscript.rollout", `Rollout: ${uri.path.split("/").pop()}`, vscode.ViewColumn.Beside, { enableScripts: true, localResourceRoots: [] });
    panel.webview.html = page(panel.webview, nonce, result.css, "", result.fragment);
  }

  /** A report that does not follow an editor (the live poll's): shown beside, without scripts. */
  showStatic(title: string, css: string, fragment: string): void {
    const panel = vscode.window.createWebviewPanel("upscript.live", title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
    panel.webview.html = page(panel.webview, randomBytes(16).toString("base64"), css, "", fragment);
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}

function picker(device: PreviewSettings): string {
  const options = PRODUCT_NAMES.map((p) => `<option${p === device.device ? " selected" : ""}>${p}</option>`).join("");
  return `<form id="device" class="picker">
  <label>Device <select name="device"><option value="">(from the file name)</option>${options}</select></label>
  <label>Firmware <input name="firmware" size="12" value="${escape(device.firmware ?? "")}" placeholder="13-138765"></label>
  <label>Time <input name="at" type="datetime-local" value="${escape(device.at ?? "")}"></label>
  <label>Up <input name="uptime" type="number" min="0" size="6" value="${device.uptime ?? ""}" placeholder="1440"> min</label>
  <label><input name="fresh" type="checkbox"${device.fresh ? " checked" : ""}> factory-fresh</label>
  <label><input name="noClock" type="checkbox"${device.noClock ? " checked" : ""}> no clock</label>
</form>`;
}

function page(webview: vscode.Webview, nonce: string, css: string, header: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline' ${webview.cspSource}; img-src ${webview.cspSource} data:; script-src 'nonce-${nonce}';">
<style>${css}
  .picker { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 8px 12px; margin-bottom: 12px; background: var(--card); border-radius: 8px; font-size: 13px; }
  .picker input, .picker select { font: inherit; }
</style></head><body>
${header}
<div id="report">${body}</div>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  const form = document.getElementById("device");
  if (form) form.addEventListener("change", () => {
    const data = new FormData(form);
    const settings = {};
    for (const key of ["device", "firmware", "at"]) { const v = String(data.get(key) || "").trim(); if (v) settings[key] = v; }
    const uptime = String(data.get("uptime") || "").trim();
    if (uptime) settings.uptime = Number(uptime);
    if (data.get("fresh")) settings.fresh = true;
    if (data.get("noClock")) settings.noClock = true;
    vscode.postMessage({ type: "device", settings });
  });
</script>
</body></html>`;
}
