/**
 * The language features of the server: each handler asks a pure service of the core
 * (server/src/language/services/, lint, format, the dry-run) and converts its answer to LSP types.
 * No domain logic here: what the editor shows is what the core computes, as the CLI does.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  InsertTextFormat,
  SymbolKind,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Connection,
  type DocumentSymbol,
  type Location,
  type SemanticTokens,
  type SemanticTokensDelta,
} from "vscode-languageserver/node";
import type { Script } from "@upscript/grammar";
import {
  cfgTarget,
  codeLensText,
  compile,
  completion,
  disableLineFix,
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
  signatureHelp,
  type CompletionKind,
  type Diagnostic,
  type Fix,
  type OutlineSymbol,
} from "@upscript/language";
import { fromLspPosition, fsPathOf, toLspDiagnostic, toLspEdit, toLspRange, uriOf } from "./convert.js";
import { previewSetup } from "./preview.js";
import { OPEN_PREVIEW_COMMAND, type PreviewSettings } from "./protocol.js";
import { sentUnchanged } from "./encoder.js";
import type { SemanticTokenResults } from "./semantic-results.js";
import type { Workspace } from "./workspace.js";

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

/** A handler wrapped so that a failure is logged and answered with `fallback` (server.ts). */
export type Guard = <P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>) => (params: P) => Promise<R>;

export interface FeatureDeps {
  readonly workspace: Workspace;
  readonly guard: Guard;
  readonly tokenResults: SemanticTokenResults;
  /** The editor's preview settings as they are now (they change with the configuration). */
  readonly preview: () => PreviewSettings;
}

export function registerFeatures(connection: Connection, deps: FeatureDeps): void {
  const { workspace, guard, tokenResults } = deps;
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
      return context ? tokenResults.full(textDocument.uri, tokenResults.encode(textDocument.uri, context.parsed.tree.lines)) : { data: [] };
    }),
  );
  connection.languages.semanticTokens.onDelta(
    guard("semantic tokens", { data: [] as number[] }, ({ textDocument, previousResultId }): SemanticTokens | SemanticTokensDelta => {
      const context = ctx(textDocument.uri);
      return context ? tokenResults.delta(textDocument.uri, previousResultId, tokenResults.encode(textDocument.uri, context.parsed.tree.lines)) : { data: [] };
    }),
  );

  // A command line's symbol is kept per line node (services/outline.ts) and its ranges are on
  // that line: its LSP shape is kept with it while the line keeps its number.
  const converted = new WeakMap<OutlineSymbol, { readonly line: number; readonly symbol: DocumentSymbol }>();
  const toSymbol = (s: OutlineSymbol): DocumentSymbol => {
    if (s.children) return { ...lspSymbol(s), children: s.children.map(toSymbol) };
    const known = converted.get(s);
    if (known && known.line === s.range.line && s.range.line === s.range.endLine) return known.symbol;
    const symbol = sentUnchanged(lspSymbol(s));
    converted.set(s, { line: s.range.line, symbol });
    return symbol;
  };
  const lspSymbol = (s: OutlineSymbol): DocumentSymbol => ({
    name: s.name,
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range: toLspRange(s.range),
    selectionRange: toLspRange(s.selectionRange),
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
      const built = previewSetup(analysis.loaded, fsPathOf(textDocument.uri), [deps.preview()], { resolve: analysis.resolve });
      if (!built.ok) return [{ range, command: { title: built.noDevice ? "upscript: choose a preview device" : codeLensText(`upscript: ${built.error}`), command: OPEN_PREVIEW_COMMAND, arguments: [textDocument.uri] } }];
      const plan = runPoll(compile(analysis.parsed.tree), built.device, built.environment);
      const title = built.warning ? `${planHeadline(plan)} (unknown product: file names guessed)` : planHeadline(plan);
      return [{ range, command: { title, command: OPEN_PREVIEW_COMMAND, arguments: [textDocument.uri] } }];
    }),
  );
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
  const disable = disableLineFix(script, d.rule, d.range.line);
  if (disable) actions.push({ title: disable.title, kind: CodeActionKind.QuickFix, diagnostics: [lsp], edit: edit(disable) });
  return actions;
}
