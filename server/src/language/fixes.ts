/**
 * Applying fixes to a text. Each diagnostic contributes its first fix that the options allow:
 * a safe one always, an unsafe one only with `unsafe: true` (`upscript lint --unsafe-fixes`);
 * suggestions never. Fixes whose edits overlap an earlier one wait for the next pass, as in
 * ESLint. Works on offsets only, so the rest of the text (line ends, blanks, comments) is kept
 * byte for byte.
 */
import type { Diagnostic, Fix, TextEdit } from "./diagnostic.js";

export interface FixOptions {
  /** Also apply the fixes that change what devices do. */
  readonly unsafe: boolean;
}

export interface FixResult {
  readonly text: string;
  /** Number of fixes applied, safe and unsafe. */
  readonly applied: number;
  /** How many of those were unsafe (only with `unsafe: true`). */
  readonly unsafeApplied: number;
  /** Unsafe fixes not applied because `unsafe` was false: what `--unsafe-fixes` would add. */
  readonly unsafeLeft: number;
}

/** A group of edits applied whole or not at all (a Fix, or the formatter's edits). */
export interface EditGroup {
  readonly title?: string;
  readonly edits: readonly TextEdit[];
}

/** Applies the given edit groups in one pass, whatever their safety; `applied` counts the groups. */
export function applyFixList(text: string, fixes: readonly EditGroup[]): { readonly text: string; readonly applied: number } {
  return applyChosen(text, fixes).result;
}

function applyChosen<F extends EditGroup>(text: string, fixes: readonly F[]): { result: { text: string; applied: number }; chosen: F[] } {
  const edits: TextEdit[] = [];
  const chosen: F[] = [];
  const sorted = [...fixes].sort((a, b) => firstStart(a) - firstStart(b));
  let lastEnd = -1;
  for (const fix of sorted) {
    const own = [...fix.edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
    if (own.length === 0 || own[0]!.range.start < lastEnd || !disjoint(own)) continue;
    edits.push(...own);
    lastEnd = Math.max(...own.map((e) => e.range.end));
    chosen.push(fix);
  }
  let out = "";
  let at = 0;
  for (const edit of edits) {
    out += text.slice(at, edit.range.start) + edit.newText;
    at = edit.range.end;
  }
  return { result: { text: out + text.slice(at), applied: chosen.length }, chosen };
}

function firstStart(fix: EditGroup): number {
  return Math.min(...fix.edits.map((e) => e.range.start));
}

function disjoint(sorted: readonly TextEdit[]): boolean {
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.range.start < sorted[i - 1]!.range.end) return false;
  return true;
}

/** The fix a tool applies for this diagnostic with these options, if any. */
export function applicableFix(diagnostic: Diagnostic, options: FixOptions): Fix | undefined {
  return diagnostic.fixes.find((f) => f.safety === "safe" || options.unsafe);
}

/** Diagnostics whose fixes are all unsafe: what `--unsafe-fixes` would fix on top of `--fix`. */
export function countUnsafeOnly(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.filter((d) => d.fixes.length > 0 && d.fixes.every((f) => f.safety === "unsafe")).length;
}

/** One pass over the fixes of these diagnostics that the options allow. */
export function applyFixes(text: string, diagnostics: readonly Diagnostic[], options: FixOptions): FixResult {
  const fixes = diagnostics.flatMap((d) => applicableFix(d, options) ?? []);
  const { result, chosen } = applyChosen(text, fixes);
  return {
    ...result,
    unsafeApplied: chosen.filter((f) => f.safety === "unsafe").length,
    unsafeLeft: options.unsafe ? 0 : countUnsafeOnly(diagnostics),
  };
}

/**
 * Lints and fixes repeatedly until nothing more can be fixed (at most `passes` times).
 * `unsafeLeft` counts the unsafe fixes the final text still has (0 with `unsafe: true`).
 */
export function fixAll(text: string, lintText: (text: string) => readonly Diagnostic[], options: FixOptions, passes = 10): FixResult {
  let current = text;
  let applied = 0;
  let unsafeApplied = 0;
  let diagnostics = lintText(current);
  for (let i = 0; i < passes; i++) {
    const pass = applyFixes(current, diagnostics, options);
    if (pass.applied === 0 || pass.text === current) break;
    current = pass.text;
    applied += pass.applied;
    unsafeApplied += pass.unsafeApplied;
    diagnostics = lintText(current);
  }
  return { text: current, applied, unsafeApplied, unsafeLeft: options.unsafe ? 0 : countUnsafeOnly(diagnostics) };
}
