/** Diagnostics and fixes: the plain data every front end (CLI, language server) renders. */
import { anchorOf, type Range } from "@upscript/grammar";

export type Severity = "error" | "warning" | "info";

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/**
 * Whether devices behave the same after a fix. `safe`: they do exactly what they did before
 * (blanks, a duplicate hour, a suppression directive, which devices read as a comment): applied by
 * `upscript lint --fix` and the editor's "fix all". `unsafe`: the next poll does something else
 * (an ignored line starts to run, a transfer changes, a device restarts where it did not): applied
 * only with `--unsafe-fixes`, offered in the editor as a quick fix marked "changes what devices do".
 */
export type FixSafety = "safe" | "unsafe";

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly safety: FixSafety;
}

export interface Diagnostic {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  readonly docsUrl: string;
  /**
   * The edit that repairs this finding, with nothing left to decide: tools apply the first one,
   * `upscript lint --fix` and "fix all" when it is safe, `--unsafe-fixes` also when it is unsafe.
   */
  readonly fixes: readonly Fix[];
  /**
   * Edits a person has to choose or confirm (one of two words, where a line goes, whether the
   * server speaks https): offered as quick fixes, never applied by a tool, whatever the flags.
   */
  readonly suggestions: readonly Fix[];
}

/** Where rule documentation lives; every diagnostic links to `<base><rule>.md`. */
export const DOCS_BASE_URL = "https://github.com/upscript/upscript/blob/main/docs/rules/";

export function docsUrl(rule: string): string {
  return `${DOCS_BASE_URL}${rule}.md`;
}

/**
 * Whether every range of `d` (its own, its fixes' and suggestions' edits) is anchored to a line
 * (grammar's `anchoredRange`): such a diagnostic follows its line when an edit moves it, and
 * needs no moving of its own.
 */
export function isAnchoredDiagnostic(d: Diagnostic): boolean {
  if (!anchorOf(d.range)) return false;
  for (const fix of d.fixes) for (const edit of fix.edits) if (!anchorOf(edit.range)) return false;
  for (const fix of d.suggestions) for (const edit of fix.edits) if (!anchorOf(edit.range)) return false;
  return true;
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
