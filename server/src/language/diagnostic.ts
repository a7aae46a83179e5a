/** Diagnostics and fixes: the plain data every front end (CLI, language server) renders. */
import type { Range } from "@upscript/grammar";

export type Severity = "error" | "warning" | "info";

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface Diagnostic {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  readonly docsUrl: string;
  /** Safe edits: applied by `upscript lint --fix` and "fix all". */
  readonly fixes: readonly Fix[];
  /** Edits that change what the device does: offered as quick fixes, never applied automatically. */
  readonly suggestions: readonly Fix[];
}

/** Where rule documentation lives; every diagnostic links to `<base><rule>.md`. */
export const DOCS_BASE_URL = "https://github.com/upscript/upscript/blob/main/docs/rules/";

export function docsUrl(rule: string): string {
  return `${DOCS_BASE_URL}${rule}.md`;
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Deterministic order: by position, then severity, then rule id, then message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range.start - b.range.start ||
    a.range.end - b.range.end ||
    severityOrder[a.severity] - severityOrder[b.severity] ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
