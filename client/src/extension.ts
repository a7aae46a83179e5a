/**
 * The VS Code extension: recognises update scripts, starts the bundled language server over IPC,
 * and adds the dry-run preview, the rollout simulation, the poll request, polling a live update
 * server and a status bar item with the preview device.
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { folderGlobMatch } from "./folder-glob.js";
import { LivePolls } from "./live.js";
import { PreviewPanels } from "./preview.js";
import { isScriptFileName, productNameInFileName } from "../../server/src/language/script-files.js";
import { DRY_RUN_REQUEST, LANGUAGE_ID, OPEN_PREVIEW_COMMAND, type DryRunAnswer, type DryRunParams, type InitializationOptions } from "../../server/src/lsp/protocol.js";
import { PRODUCT_NAMES, previewSettings } from "./settings.js";

const LANGUAGE = LANGUAGE_ID;
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("upscript", { log: true });
  context.subscriptions.push(output);

  const ensureClient = async (): Promise<LanguageClient> => {
    if (client) return client;
    const module = context.asAbsolutePath(join("dist", "server.cjs"));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6010"] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: "file", language: LANGUAGE },
        { scheme: "untitled", language: LANGUAGE },
      ],
      synchronize: { configurationSection: LANGUAGE },
      initializationOptions: { preview: previewSettings() } satisfies InitializationOptions,
      outputChannel: output,
    };
    client = new LanguageClient(LANGUAGE, "upscript language server", serverOptions, clientOptions);
    await client.start();
    return client;
  };

  // Script files (isScriptFileName: update*.htm, update*.txt; *.upscript is the language's own
  // extension) are upscript scripts inside marked folders.
  const detect = (document: vscode.TextDocument) => {
    if (document.languageId === LANGUAGE || document.uri.scheme !== "file") return;
    if (!isScriptFileName(document.fileName)) return;
    if (!isMarked(document.uri)) return;
    void vscode.languages.setTextDocumentLanguage(document, LANGUAGE);
  };
  vscode.workspace.textDocuments.forEach(detect);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(detect));

  const startFor = (document: vscode.TextDocument | undefined) => {
    if (document?.languageId === LANGUAGE) void ensureClient().catch((error: unknown) => output.error(`cannot start the language server: ${String(error)}`));
  };
  vscode.workspace.textDocuments.forEach(startFor);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(startFor));

  const panels = new PreviewPanels(context, ensureClient);
  const live = new LivePolls(context, ensureClient, (title, css, fragment) => panels.showStatic(title, css, fragment), output);
  context.subscriptions.push(panels, live);

  // Status bar: the device the preview and the code lens simulate.
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = "upscript.chooseDevice";
  const refreshStatus = () => {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId !== LANGUAGE) return status.hide();
    const device = previewSettings().device ?? productFromName(editor.document.fileName) ?? "no device";
    status.text = `$(device-mobile) ${device}`;
    status.tooltip = "upscript preview device: click to change";
    status.show();
  };
  refreshStatus();
  context.subscriptions.push(
    status,
    vscode.window.onDidChangeActiveTextEditor(refreshStatus),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("upscript.preview")) {
        refreshStatus();
        panels.refreshAll();
      }
    }),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_PREVIEW_COMMAND, (uri?: string | vscode.Uri) => {
      const target = uri ? (typeof uri === "string" ? vscode.Uri.parse(uri) : uri) : vscode.window.activeTextEditor?.document.uri;
      if (!target) return vscode.window.showInformationMessage("Open an update script first.");
      return panels.open(target);
    }),
    vscode.commands.registerCommand("upscript.chooseDevice", async () => {
      const picked = await vscode.window.showQuickPick(PRODUCT_NAMES, { title: "Preview device", placeHolder: "Product the dry-run preview simulates" });
      if (picked) await vscode.workspace.getConfiguration(LANGUAGE).update("preview.device", picked, vscode.ConfigurationTarget.Workspace);
    }),
    // Without arguments it asks for the device list and the days. A caller (a test, a task, a
    // keybinding) may pass them: (fleetPath, days), or one { fleet, days } object, which is what a
    // keybinding's "args" can hold. A relative path is taken from the script's workspace folder.
    vscode.commands.registerCommand("upscript.simulateRollout", async (fleetArg?: unknown, daysArg?: unknown) => {
      const document = vscode.window.activeTextEditor?.document;
      if (document?.languageId !== LANGUAGE) return vscode.window.showInformationMessage("Open an update script first.");
      const options = fleetArg !== null && typeof fleetArg === "object" && !(fleetArg instanceof vscode.Uri) ? (fleetArg as { fleet?: unknown; days?: unknown }) : { fleet: fleetArg, days: daysArg };
      const validDays = (v: string) => (/^\d+$/.test(v) && +v >= 1 && +v <= 366 ? undefined : "1 to 366 days");
      let fleetPath: string | undefined;
      if (typeof options.fleet === "string" && options.fleet.trim()) {
        const base = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? dirname(document.uri.fsPath);
        fleetPath = isAbsolute(options.fleet) ? options.fleet : resolve(base, options.fleet);
      } else {
        const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: "Simulate this fleet", filters: { "Device lists": ["csv", "json"] } });
        if (!files?.[0]) return;
        fleetPath = files[0].fsPath;
      }
      let days = typeof options.days === "number" || typeof options.days === "string" ? String(options.days) : undefined;
      if (days === undefined || validDays(days)) {
        days = await vscode.window.showInputBox({ title: "Simulate how many days?", value: days ?? "7", validateInput: validDays });
        if (!days) return;
      }
      return panels.openRollout(document.uri, fleetPath, Number(days));
    }),
    vscode.commands.registerCommand("upscript.pollUpdateServer", () => live.run()),
    vscode.commands.registerCommand("upscript.showPollRequest", async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (document?.languageId !== LANGUAGE) return vscode.window.showInformationMessage("Open an update script first.");
      const c = await ensureClient();
      const params: DryRunParams = { uri: document.uri.toString(), device: previewSettings() };
      const result = await c.sendRequest<DryRunAnswer | null>(DRY_RUN_REQUEST, params);
      if (!result) return vscode.window.showWarningMessage("upscript could not simulate this script (is a preview device set?)");
      const line = `${result.json.request.method} ${result.json.request.url}`;
      output.info(`Poll request: ${line}`);
      const choice = await vscode.window.showInformationMessage(line, "Copy URL");
      if (choice) await vscode.env.clipboard.writeText(result.json.request.url);
    }),
  );
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

/** A folder is marked when a setting pattern matches it, or a .upscriptrc.json sits in it or above it. */
function isMarked(uri: vscode.Uri): boolean {
  const patterns = vscode.workspace.getConfiguration(LANGUAGE).get<string[]>("scriptFolders", []);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder && patterns.length) {
    const relativeDir = dirname(vscode.workspace.asRelativePath(uri, false));
    if (patterns.some((p) => folderGlobMatch(p, relativeDir))) return true;
  }
  let dir = dirname(uri.fsPath);
  const stop = folder ? dirname(folder.uri.fsPath) : dirname(dir);
  while (dir && dir !== stop && dir !== dirname(dir)) {
    if (existsSync(join(dir, ".upscriptrc.json"))) return true;
    dir = dirname(dir);
  }
  return false;
}

function productFromName(fileName: string): string | undefined {
  const name = productNameInFileName(fileName)?.toUpperCase();
  return name && PRODUCT_NAMES.includes(name) ? name : undefined;
}
