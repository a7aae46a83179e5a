/**
 * The language server: a thin adapter from LSP requests to the pure services of the language
 * core. Every handler guards itself: an exception is logged and answered with an empty result,
 * so one bad request never takes the server down.
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  CompletionItemKind,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  InsertTextFormat,
  ResponseError,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Connection,
  type DocumentSymbol,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type SemanticTokens,
  type SemanticTokensDelta,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { basename } from "node:path";
import type { Script } from "@upscript/grammar";
import {
  SEMANTIC_TOKEN_TYPES,
  cfgTarget,
  codeLensText,
  compile,
  completion,
  documentLinks,
  fixAll,
  foldingRanges,
  formatEdits,
  hover,
  inlayHints,
  lint,
  outline,
  planHeadline,
  runPoll,
  semanticTokensData,
  signatureHelp,
  type CompletionKind,
  type Diagnostic,
  type Fix,
  type OutlineSymbol,
} from "@upscript/language";
import { fromLspPosition, fsPathOf, toLspDiagnostic, toLspEdit, toLspRange, uriOf } from "./convert.js";
import { pollRequest } from "./live.js";
import { dryRunRequest, previewSetup, simulateRequest } from "./preview.js";
import { DRY_RUN_REQUEST, OPEN_PREVIEW_COMMAND, POLL_REQUEST, SIMULATE_REQUEST, type InitializationOptions, type PollParams, type PreviewSettings } from "./protocol.js";
import { sourcesOf, type LoadedConfig } from "../node/config-files.js";
import { CheckQueue, Coalescer } from "./check-queue.js";
import { Lifetime } from "./lifetime.js";
import { SemanticTokenResults } from "./semantic-results.js";
import { Workspace } from "./workspace.js";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.upscript`;

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  module: CompletionItemKind.Module,
  verb: CompletionItemKind.Function,
  final: CompletionItemKind.EnumMember,
  switch: CompletionItemKind.Property,
  meta: CompletionItemKind.Constant,
  value: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
  url: CompletionItemKind.Reference,
};

const SYMBOL_KIND: Record<OutlineSymbol["kind"], SymbolKind> = {
  command: SymbolKind.Function,
  transfer: SymbolKind.Event,
  check: SymbolKind.Key,
  times: SymbolKind.Constant,
  config: SymbolKind.Property,
  section: SymbolKind.Namespace,
};

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
  const documents = new TextDocuments(TextDocument);
  const tokenResults = new SemanticTokenResults();
  const workspace = new Workspace((uri) => documents.get(uri));
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
      const diagnostics = workspace.diagnostics(uri).map(toLspDiagnostic);
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

  // ---- language features ----
  const ctx = (uri: string) => workspace.analysis(uri)?.context;

  connection.onHover(
    guard("hover", null, ({ textDocument, position }) => {
      const context = ctx(textDocument.uri);
      if (!context) return null;
      // Problems are not repeated here: every client already shows them beside the hover.
      const result = hover(context, fromLspPosition(position));
      return result ? { contents: { kind: "markdown", value: result.contents }, range: toLspRange(result.range) } : null;
    }),
  );

  connection.onCompletion(
    guard("completion", [] as CompletionItem[], ({ textDocument, position }) => {
      const context = ctx(textDocument.uri);
      if (!context) return [];
      return completion(context, fromLspPosition(position)).map(
        (entry): CompletionItem => ({
          label: entry.label,
          kind: COMPLETION_KIND[entry.kind],
          ...(entry.detail && { detail: entry.detail }),
          ...(entry.documentation && { documentation: { kind: "markdown", value: entry.documentation } }),
          textEdit: { range: toLspRange(entry.range), newText: entry.insertText },
          insertTextFormat: entry.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
          ...(entry.sortText && { sortText: entry.sortText }),
        }),
      );
    }),
  );

  connection.onSignatureHelp(
    guard("signature help", null, ({ textDocument, position }) => {
      const context = ctx(textDocument.uri);
      const result = context && signatureHelp(context, fromLspPosition(position));
      if (!result) return null;
      return {
        signatures: [
          {
            label: result.label,
            documentation: { kind: "markdown", value: result.documentation },
            parameters: result.parameters.map((p) => ({ label: p.label, documentation: { kind: "markdown", value: p.documentation } })),
          },
        ],
        activeSignature: 0,
        activeParameter: result.activeParameter < 0 ? null : result.activeParameter,
      };
    }),
  );

  connection.languages.semanticTokens.on(
    guard("semantic tokens", { data: [] as number[] }, ({ textDocument }) => {
      const context = ctx(textDocument.uri);
      return context ? tokenResults.full(textDocument.uri, semanticTokensData(context)) : { data: [] };
    }),
  );
  connection.languages.semanticTokens.onDelta(
    guard("semantic tokens", { data: [] as number[] }, ({ textDocument, previousResultId }): SemanticTokens | SemanticTokensDelta => {
      const context = ctx(textDocument.uri);
      return context ? tokenResults.delta(textDocument.uri, previousResultId, semanticTokensData(context)) : { data: [] };
    }),
  );

  const toSymbol = (s: OutlineSymbol): DocumentSymbol => ({
    name: s.name,
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range: toLspRange(s.range),
    selectionRange: toLspRange(s.selectionRange),
    ...(s.children && { children: s.children.map(toSymbol) }),
  });
  connection.onDocumentSymbol(
    guard("document symbols", [] as DocumentSymbol[], ({ textDocument }) => {
      const context = ctx(textDocument.uri);
      return context ? outline(context).map(toSymbol) : [];
    }),
  );

  connection.onFoldingRanges(
    guard("folding", [], ({ textDocument }) => {
      const context = ctx(textDocument.uri);
      return context ? foldingRanges(context).map((f) => ({ startLine: f.startLine, endLine: f.endLine, kind: f.kind })) : [];
    }),
  );

  connection.onDocumentLinks(
    guard("document links", [], ({ textDocument }) => {
      const context = ctx(textDocument.uri);
      return context ? documentLinks(context).map((l) => ({ range: toLspRange(l.range), target: uriOf(l.fsPath) })) : [];
    }),
  );

  connection.onDefinition(
    guard("definition", null, ({ textDocument, position }) => {
      const context = ctx(textDocument.uri);
      const target = context && cfgTarget(context, fromLspPosition(position));
      if (!target?.fsPath || !target.exists) return null;
      return { uri: uriOf(target.fsPath), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    }),
  );

  connection.onReferences(
    guard("references", [] as Location[], ({ textDocument, position }) => {
      const context = ctx(textDocument.uri);
      const here = fsPathOf(textDocument.uri);
      // On a cfg line: who else loads that file; anywhere else: who loads this document.
      const target = context && cfgTarget(context, fromLspPosition(position));
      const path = target?.fsPath ?? here;
      if (!path) return [];
      return workspace.index.referencesTo(path).map((ref) => ({ uri: uriOf(ref.script), range: toLspRange(ref.range) }));
    }),
  );

  connection.onCodeAction(
    guard("code actions", [] as CodeAction[], ({ textDocument, range, context: actionContext }) => {
      const analysis = workspace.analysis(textDocument.uri);
      if (!analysis) return [];
      const uri = textDocument.uri;
      const only = actionContext.only;
      const actions: CodeAction[] = [];
      const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
      if (wants(CodeActionKind.QuickFix)) {
        const inRange = workspace.diagnostics(uri).filter((d) => d.range.line <= range.end.line && d.range.endLine >= range.start.line);
        for (const d of inRange) actions.push(...quickFixes(uri, d, analysis.parsed.tree));
      }
      if (wants(FIX_ALL_KIND)) {
        const text = analysis.context.text;
        const options = { config: analysis.loaded.config, resolve: analysis.resolve, role: workspace.roleOf(uri), ...(fsPathOf(uri) && { fileName: fsPathOf(uri)! }) };
        // Safe fixes only: an unsafe one changes what devices do, so it is applied one by one as a quick fix.
        const fixed = fixAll(text, (t) => lint(t, options), { unsafe: false });
        if (fixed.text !== text) {
          const end = analysis.parsed.tree.lines.at(-1)?.fullRange;
          actions.push({
            title: fixAllTitle(fixed.applied, fixed.unsafeLeft),
            kind: FIX_ALL_KIND,
            edit: { changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end: end ? { line: end.endLine, character: end.endColumn } : { line: 0, character: 0 } }, newText: fixed.text }] } },
          });
        }
      }
      return actions;
    }),
  );

  connection.onDocumentFormatting(
    guard("formatting", [], ({ textDocument }) => {
      const analysis = workspace.analysis(textDocument.uri);
      return analysis ? formatEdits(analysis.context.text, 0, Number.MAX_SAFE_INTEGER, analysis.parsed.tree).map(toLspEdit) : [];
    }),
  );

  connection.onDocumentRangeFormatting(
    guard("range formatting", [], ({ textDocument, range }) => {
      const analysis = workspace.analysis(textDocument.uri);
      return analysis ? formatEdits(analysis.context.text, range.start.line, range.end.line, analysis.parsed.tree).map(toLspEdit) : [];
    }),
  );

  connection.languages.inlayHint.on(
    guard("inlay hints", [], ({ textDocument, range }) => {
      const context = ctx(textDocument.uri);
      if (!context) return [];
      return inlayHints(context, { startLine: range.start.line, endLine: range.end.line }).map((h) => ({
        position: { line: h.position.line, character: h.position.column },
        label: h.label,
        paddingLeft: true,
        ...(h.tooltip && { tooltip: h.tooltip }),
      }));
    }),
  );

  connection.onCodeLens(
    guard("code lens", [] as CodeLens[], ({ textDocument }) => {
      const analysis = workspace.analysis(textDocument.uri);
      if (!analysis || analysis.parsed.tree.lines.length === 0 || workspace.roleOf(textDocument.uri) === "cfg-target") return [];
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      // The preview's device and environment (the core's one builder, as the CLI's), on the editor settings.
      const built = previewSetup(analysis.loaded, fsPathOf(textDocument.uri), [preview], { resolve: analysis.resolve });
      if (!built.ok) return [{ range, command: { title: built.noDevice ? "upscript: choose a preview device" : codeLensText(`upscript: ${built.error}`), command: OPEN_PREVIEW_COMMAND, arguments: [textDocument.uri] } }];
      const plan = runPoll(compile(analysis.parsed.tree), built.device, built.environment);
      const title = built.warning ? `${planHeadline(plan)} (unknown product: file names guessed)` : planHeadline(plan);
      return [{ range, command: { title, command: OPEN_PREVIEW_COMMAND, arguments: [textDocument.uri] } }];
    }),
  );

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

/** What an unsafe fix's title ends with, in the editor's quick fix list. */
export const UNSAFE_FIX_MARK = " (changes what devices do)";

export function quickFixTitle(fix: Fix): string {
  return fix.safety === "unsafe" ? `${fix.title}${UNSAFE_FIX_MARK}` : fix.title;
}

export function fixAllTitle(applied: number, unsafeLeft: number): string {
  const left = unsafeLeft === 0 ? "" : `; ${unsafeLeft} unsafe fix${unsafeLeft === 1 ? "" : "es"} left out: ${unsafeLeft === 1 ? "it changes" : "they change"} what devices do, apply ${unsafeLeft === 1 ? "it" : "them"} one by one`;
  return `Fix all upscript problems that have a safe fix (${applied}${left})`;
}

function quickFixes(uri: string, d: Diagnostic, script: Script): CodeAction[] {
  const lsp = toLspDiagnostic(d);
  const edit = (fix: Fix) => ({ changes: { [uri]: fix.edits.map(toLspEdit) } });
  // Only a safe fix is preferred (the one an editor applies on "auto fix"); unsafe ones say what they are.
  const action = (fix: Fix, preferred: boolean): CodeAction => ({
    title: quickFixTitle(fix),
    kind: CodeActionKind.QuickFix,
    diagnostics: [lsp],
    ...(preferred && { isPreferred: true }),
    edit: edit(fix),
  });
  const actions: CodeAction[] = d.fixes.map((fix, i) => action(fix, i === 0 && fix.safety === "safe"));
  for (const fix of d.suggestions) actions.push(action(fix, false));
  const line = script.lines[d.range.line];
  if (d.rule !== "unused-disable" && line) {
    // Same indentation as the line, and the line end the file already uses there.
    const indent = script.text.slice(line.fullRange.start + (line.line === 0 && script.bom ? 1 : 0), line.range.start);
    const eol = line.eol || script.lines[line.line - 1]?.eol || "\n";
    const at = { line: line.line, character: line.line === 0 && script.bom ? 1 : 0 };
    actions.push({
      title: `Disable ${d.rule} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [lsp],
      edit: { changes: { [uri]: [{ range: { start: at, end: at }, newText: `${indent.replace(/[^ \t]/g, "")}# upscript-disable-next-line ${d.rule}${eol}` }] } },
    });
  }
  return actions;
}

declare const UPSCRIPT_VERSION: string;
