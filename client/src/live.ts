/**
 * "upscript: Poll Update Server": the preview device polls the update URL once through the
 * language server (`upscript/poll`, the engine of `upscript poll URL`). The served script opens
 * as a read-only document (scheme upscript-live) with the poll's findings as its diagnostics,
 * and the poll with the script's plan opens beside it.
 */
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { POLL_REQUEST, type LiveDiagnostic, type PollAnswer, type PollParams } from "../../server/src/lsp/protocol.js";
import { previewSettings } from "./settings.js";

export const LIVE_SCHEME = "upscript-live";
const LAST_URL_KEY = "upscript.lastPollUrl";

const SEVERITY: Record<LiveDiagnostic["severity"], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class LivePolls implements vscode.Disposable, vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection("upscript live poll");
  private readonly subscriptions: vscode.Disposable[] = [];
  private count = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => Promise<LanguageClient>,
    private readonly showBeside: (title: string, css: string, fragment: string) => void,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme !== LIVE_SCHEME) return;
        this.texts.delete(doc.uri.toString());
        this.diagnostics.delete(doc.uri);
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? "";
  }

  async run(): Promise<void> {
    const url = await this.updateUrl();
    if (!url) return;
    const client = await this.client();
    const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Polling ${url}…` }, () =>
      client.sendRequest<PollAnswer | null>(POLL_REQUEST, { url, device: previewSettings() } satisfies PollParams),
    );
    if (!answer) {
      void vscode.window.showErrorMessage("upscript could not poll the update server; see the upscript output for details.");
      return;
    }
    if (!answer.ok) {
      void vscode.window.showErrorMessage(`upscript: ${answer.error}`);
      return;
    }
    const { poll } = answer;
    this.output.info(`Poll ${poll.n}: GET ${poll.request.url}: ${poll.status}`);
    if (poll.served) {
      const host = new URL(poll.request.url).host;
      const uri = vscode.Uri.from({ scheme: LIVE_SCHEME, path: `/${host}/poll-${++this.count}/${answer.fileName}` });
      this.texts.set(uri.toString(), poll.served.text);
      const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), "upscript");
      this.diagnostics.set(uri, poll.diagnostics.map((d) => toDiagnostic(d)));
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Active, preview: false });
    } else {
      void vscode.window.showWarningMessage(`upscript: the update server served no script: ${poll.status}`);
    }
    this.showBeside(`Live poll: ${answer.fileName}`, answer.css, answer.fragment);
  }

  /** The `upscript.poll.url` setting, else asked for (the last answer offered). */
  private async updateUrl(): Promise<string | undefined> {
    const configured = vscode.workspace.getConfiguration("upscript.poll").get<string>("url", "").trim();
    if (configured) return configured;
    const url = await vscode.window.showInputBox({
      title: "Poll which update server?",
      prompt: "The update URL the device is configured with; only its host is contacted, with GETs of this URL only",
      value: this.context.workspaceState.get<string>(LAST_URL_KEY, "http://"),
      validateInput: (v) => (/^https?:\/\/[^\s/]+/i.test(v.trim()) ? undefined : "an http:// or https:// URL, e.g. http://10.0.0.5/update.php"),
    });
    if (url) await this.context.workspaceState.update(LAST_URL_KEY, url.trim());
    return url?.trim();
  }

  dispose(): void {
    this.diagnostics.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}

function toDiagnostic(d: LiveDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(d.line - 1, d.column - 1, d.endLine - 1, d.endColumn - 1);
  const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
  diagnostic.source = "upscript";
  diagnostic.code = d.rule;
  return diagnostic;
}
