/**
 * The language server: the documents, the lifecycle, and when documents are checked and their
 * diagnostics published (one check queue, check-queue.ts); the language features are thin
 * handlers over the core's services (features.ts). Every handler guards itself: an exception is
 * logged and answered with an empty result, so one bad request never takes the server down.
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node";
import { EditLog } from "./edit-log.js";
import { basename } from "node:path";
import { SEMANTIC_TOKEN_TYPES } from "@upscript/language";
import { fsPathOf, publishedDiagnostic, toLspRange, uriOf } from "./convert.js";
import { pollRequest } from "./live.js";
import { dryRunRequest, simulateRequest } from "./preview.js";
import { DRY_RUN_REQUEST, POLL_REQUEST, SIMULATE_REQUEST, type InitializationOptions, type PollParams, type PreviewSettings } from "./protocol.js";
import { sourcesOf, type LoadedConfig } from "../node/config-files.js";
import { CheckQueue, Coalescer } from "./check-queue.js";
import { FIX_ALL_KIND, registerFeatures } from "./features.js";
import { Lifetime } from "./lifetime.js";
import { SemanticTokenResults } from "./semantic-results.js";
import { Workspace } from "./workspace.js";

export interface ServerOptions {
  /** Limits for the background scan of the workspace (tests make them small). */
  readonly scanLimits?: { maxFiles: number; maxMillis: number };
}

/** What the caller holds: stopping ends every timer, then the connection. */
export interface RunningServer {
  /** Whether the client has sent `shutdown` (an input closed after it is a clean end). */
  readonly shutDown: boolean;
  dispose(): void;
}

/** File-watcher events within this long of the first are handled together (docs/limits.md). */
export const WATCH_WINDOW_MS = 50;

export function startServer(connection: Connection, options: ServerOptions = {}): RunningServer {
  const life = new Lifetime();
  const edits = new EditLog();
  const documents = new TextDocuments(edits.configuration);
  const tokenResults = new SemanticTokenResults();
  const workspace = new Workspace(
    (uri) => documents.get(uri),
    (uri, from, to) => edits.take(uri, from, to),
  );
  let preview: PreviewSettings = {};
  let folders: string[] = [];
  let scanCancelled = false;
  let watchFiles = false;
  let codeLensRefresh = false;

  const log = (message: string) => life.send(() => connection.console.log(message));
  workspace.log = log;
  const logError = (message: string) => life.send(() => connection.console.error(message));
  // LSP: a request before initialize is answered with ServerNotInitialized, not served.
  let initialized = false;
  const guard =
    <P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>) =>
    async (params: P): Promise<R> => {
      if (!initialized) throw new ResponseError(ErrorCodes.ServerNotInitialized, "upscript: the server has not been initialized yet");
      try {
        return await handler(params);
      } catch (error) {
        logError(`upscript: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fallback;
      }
    };

  // ---- diagnostics: one queue, one document per turn, so requests are answered in between ----
  /**
   * What was last sent for each document: a re-check of the same version that finds the same
   * sends nothing. A new version is always sent (its diagnostics are compared only when the
   * version is the same: serialising a thousand of them costs milliseconds a keystroke need not pay).
   */
  const lastPublished = new Map<string, { readonly version: number; readonly diagnostics: readonly unknown[] }>();
  const samePublished = (uri: string, version: number, diagnostics: readonly unknown[]) => {
    const last = lastPublished.get(uri);
    return last !== undefined && last.version === version && JSON.stringify(last.diagnostics) === JSON.stringify(diagnostics);
  };
  const publish = (uri: string) => {
    const doc = documents.get(uri);
    if (!doc) return;
    try {
      const fsPath = fsPathOf(uri);
      const analysis = workspace.analysis(uri);
      if (fsPath && analysis && analysis.indexedVersion !== doc.version) {
        analysis.indexedVersion = doc.version;
        workspace.index.update(fsPath, analysis.parsed.tree);
        // Scripts that load this file see its unsaved text: check them again.
        if (workspace.index.scriptsLoading(fsPath).length) {
          workspace.invalidateOthers(uri);
          checks.recheck(documents.keys().filter((other) => other !== uri));
        }
      }
      const diagnostics = workspace.diagnostics(uri).map(publishedDiagnostic);
      if (!samePublished(uri, doc.version, diagnostics)) {
        lastPublished.set(uri, { version: doc.version, diagnostics });
        life.send(() => connection.sendDiagnostics({ uri, version: doc.version, diagnostics }));
      }
      if (analysis) publishConfig(analysis.loaded);
    } catch (error) {
      logError(`upscript: checking ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };
  const checks = new CheckQueue(life, publish);
  const recheckAll = () => checks.recheck(documents.keys());

  /** Problems in a .upscriptrc.json show on that file, as the CLI prints them. */
  const configsShown = new Map<string, string>();
  const publishConfig = (loaded: LoadedConfig) => {
    // Every file of the cascade, parents included: a problem in a parent config applies here too.
    for (const source of sourcesOf(loaded)) {
      const diagnostics = source.error
        ? [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: "upscript", message: `cannot read: ${source.error}` }]
        : source.problems.map((p) => ({ range: toLspRange(p.range), severity: DiagnosticSeverity.Error, source: "upscript", code: p.path, message: p.message }));
      const key = JSON.stringify(diagnostics);
      if (configsShown.get(source.path) === key) continue;
      configsShown.set(source.path, key);
      life.send(() => connection.sendDiagnostics({ uri: uriOf(source.path), diagnostics }));
    }
  };

  // ---- lifecycle ----
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    initialized = true;
    folders = (params.workspaceFolders ?? []).map((f) => fsPathOf(f.uri)).filter((p): p is string => p !== undefined);
    if (folders.length === 0 && params.rootUri) {
      const root = fsPathOf(params.rootUri);
      if (root) folders = [root];
    }
    workspace.folders = folders;
    preview = (params.initializationOptions as InitializationOptions | undefined)?.preview ?? {};
    watchFiles = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    codeLensRefresh = Boolean(params.capabilities.workspace?.codeLens?.refreshSupport);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [" ", "#", "/"] },
        signatureHelpProvider: { triggerCharacters: [" "], retriggerCharacters: [" "] },
        semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [] }, full: { delta: true } },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: "upscript-language-server", version: typeof UPSCRIPT_VERSION === "string" ? UPSCRIPT_VERSION : "dev" },
    };
  });

  connection.onInitialized(() => {
    if (watchFiles) {
      life.send(() =>
        connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: "**/.upscriptrc.json" }, { globPattern: "**/*.{htm,txt,upscript,cfg}" }],
        }),
      );
    }
    // The scan runs after initialize has been answered, in small steps, within limits.
    life.later(() => {
      void workspace.index
        .scan(folders, () => scanCancelled || !life.alive, options.scanLimits)
        .then(({ files, complete }) => {
          if (!life.alive) return;
          log(`upscript: indexed ${files} scripts${complete ? "" : " (stopped at the scan limit)"}`);
          workspace.invalidate();
          recheckAll();
        })
        .catch((error: unknown) => logError(`upscript: workspace scan failed: ${String(error)}`));
    });
  });

  // After shutdown the client expects nothing more from us but the answer to exit.
  let shutDown = false;
  connection.onShutdown(() => {
    shutDown = true;
    scanCancelled = true;
    life.end();
  });
  connection.onExit(() => life.end());

  connection.onDidChangeConfiguration((change) => {
    const settings = (change.settings as { upscript?: { preview?: PreviewSettings } } | undefined)?.upscript;
    // The section as the client sends it: unset settings are "" or null, which mean "not set".
    if (settings?.preview) preview = Object.fromEntries(Object.entries(settings.preview).filter(([, v]) => v !== "" && v !== null)) as PreviewSettings;
    if (codeLensRefresh) life.send(() => connection.sendRequest(CodeLensRefreshRequest.type));
  });

  // ---- documents ----
  // Opening fires a content change too; that one is not an edit and never waits.
  const opening = new Set<string>();
  documents.onDidOpen(({ document }) => {
    opening.add(document.uri);
    workspace.opened(document.uri);
    workspace.refreshBase(document.uri, () => checks.now(document.uri));
  });
  documents.onDidChangeContent(({ document }) => {
    if (opening.delete(document.uri)) checks.now(document.uri);
    else checks.edited(document.uri);
  });
  documents.onDidSave(({ document }) => {
    workspace.refreshBase(document.uri, () => checks.now(document.uri));
  });
  documents.onDidClose(({ document }) => {
    checks.forget(document.uri);
    edits.forget(document.uri);
    lastPublished.delete(document.uri);
    tokenResults.forget(document.uri);
    workspace.closed(document.uri);
    workspace.forget(document.uri);
    life.send(() => connection.sendDiagnostics({ uri: document.uri, diagnostics: [] }));
  });

  // ---- files changed on disk: coalesced, one invalidation and one re-check per window ----
  const watched = new Coalescer<FileChangeType>(life, WATCH_WINDOW_MS, (batch) => {
    try {
      let configChanged = false;
      let relevant = false;
      for (const [fsPath, type] of batch) {
        if (basename(fsPath) === ".upscriptrc.json") {
          configChanged = relevant = true;
        } else if (!workspace.isOpen(fsPath)) {
          // An open document's text comes from its editor: its file on disk changes nothing.
          relevant = true;
          if (type === FileChangeType.Deleted) workspace.index.remove(fsPath);
        }
      }
      if (!relevant) return;
      if (configChanged) workspace.configs.clear();
      workspace.invalidate();
      recheckAll();
    } catch (error) {
      logError(`upscript: watched files failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  });
  connection.onDidChangeWatchedFiles(
    guard("watched files", undefined, ({ changes }) => {
      for (const change of changes) {
        const fsPath = fsPathOf(change.uri);
        if (fsPath) watched.add(fsPath, change.type);
      }
    }),
  );

  // ---- language features: pure services behind thin handlers (features.ts) ----
  registerFeatures(connection, { workspace, guard, tokenResults, preview: () => preview });

  connection.onRequest(DRY_RUN_REQUEST, guard("dry-run", null, (params) => dryRunRequest(workspace, params, preview)));
  connection.onRequest(SIMULATE_REQUEST, guard("simulate", null, (params) => simulateRequest(workspace, params, preview)));
  connection.onRequest(POLL_REQUEST, guard("poll", null, (params: PollParams) => pollRequest(workspace, params, preview)));

  documents.listen(connection);
  connection.listen();
  return {
    get shutDown() {
      return shutDown;
    },
    dispose: () => {
      scanCancelled = true;
      life.end();
      connection.dispose();
    },
  };
}

declare const UPSCRIPT_VERSION: string;
