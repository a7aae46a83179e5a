/** Between upscript's plain data and LSP types. The only place that knows both. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic, type Position as LspPosition, type Range as LspRange, type TextEdit as LspTextEdit } from "vscode-languageserver/node";
import { URI } from "vscode-uri";
import type { Range } from "@upscript/grammar";
import type { Diagnostic, Position, Severity, TextEdit } from "@upscript/language";

export function toLspRange(range: Range): LspRange {
  return { start: { line: range.line, character: range.column }, end: { line: range.endLine, character: range.endColumn } };
}

export function fromLspPosition(position: LspPosition): Position {
  return { line: position.line, column: position.character };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: toLspRange(d.range),
    severity: SEVERITY[d.severity],
    code: d.rule,
    codeDescription: { href: d.docsUrl },
    source: "upscript",
    message: d.message,
    ...(d.rule === "unused-disable" && { tags: [DiagnosticTag.Unnecessary] }),
  };
}

/**
 * The LSP form of a diagnostic being published, the same object as last time while its range is
 * where it was: the findings of the lines an edit did not touch are the same objects after it,
 * so their LSP form, and its JSON (encoder.ts), are made once. A published object is never changed.
 */
export function publishedDiagnostic(d: Diagnostic): LspDiagnostic {
  const r = d.range;
  const known = published.get(d);
  if (known && known.line === r.line && known.column === r.column && known.endLine === r.endLine && known.endColumn === r.endColumn) return known.lsp;
  const lsp = toLspDiagnostic(d);
  published.set(d, { line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, lsp });
  return lsp;
}

const published = new WeakMap<Diagnostic, { line: number; column: number; endLine: number; endColumn: number; lsp: LspDiagnostic }>();

export function toLspEdit(edit: TextEdit): LspTextEdit {
  return { range: toLspRange(edit.range), newText: edit.newText };
}

/** `file:///…` → a file system path; undefined for other schemes (untitled documents). */
export function fsPathOf(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === "file" ? parsed.fsPath : undefined;
}

export function uriOf(fsPath: string): string {
  return URI.file(fsPath).toString();
}
