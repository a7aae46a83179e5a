/**
 * Applying fixes to a text. Each diagnostic contributes its first safe fix; fixes whose edits
 * overlap an earlier one wait for the next pass, as in ESLint. Works on offsets only, so the
 * rest of the text (line ends, blanks, comments) is kept byte for byte.
 */
import type { Diagnostic, Fix, TextEdit } from "./diagnostic.js";

export interface FixResult {
  readonly text: string;
  /** Number of fixes applied. */
  readonly applied: number;
}

/** Applies the given fixes (each whole or not at all) in one pass. */
export function applyFixList(text: string, fixes: readonly Fix[]): FixResult {
  const chosen: TextEdit[] = [];
  let applied = 0;
  const sorted = [...fixes].sort((a, b) => firstStart(a) - firstStart(b));
  let lastEnd = -1;
  for (const fix of sorted) {
    const edits = [...fix.edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
    if (edits.length === 0 || edits[0]!.range.start < lastEnd || !disjoint(edits)) continue;
    chosen.push(...edits);
    lastEnd = Math.max(...edits.map((e) => e.range.end));
    applied++;
  }
  let out = "";
  let at = 0;
  for (const edit of chosen) {
    out += text.slice(at, edit.range.start) + edit.newText;
    at = edit.range.end;
  }
  return { text: out + text.slice(at), applied };
}

function firstStart(fix: Fix): number {
  return Math.min(...fix.edits.map((e) => e.range.start));
}

function disjoint(sorted: readonly TextEdit[]): boolean {
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.range.start < sorted[i - 1]!.range.end) return false;
  return true;
}

/** One pass over the safe fixes of these diagnostics. */
export function applyFixes(text: string, diagnostics: readonly Diagnostic[]): FixResult {
  return applyFixList(text, diagnostics.flatMap((d) => d.fixes.slice(0, 1)));
}

/** Lints and fixes repeatedly until nothing more can be fixed (at most `passes` times). */
export function fixAll(text: string, lintText: (text: string) => readonly Diagnostic[], passes = 10): FixResult {
  let current = text;
  let total = 0;
  for (let i = 0; i < passes; i++) {
    const { text: next, applied } = applyFixes(current, lintText(current));
    if (applied === 0 || next === current) break;
    current = next;
    total += applied;
  }
  return { text: current, applied: total };
}
