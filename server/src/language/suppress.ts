/**
 * Suppression directives (`# upscript-disable-next-line RULE`, `# upscript-disable RULE` …
 * `# upscript-enable RULE`, `# upscript-disable-file RULE`): which diagnostics they hide, and
 * which of them hid nothing, for the unused-disable rule.
 */
import type { DirectiveLine, Script, Word } from "@upscript/grammar";
import type { Diagnostic } from "./diagnostic.js";
import { isRuleId } from "./rules/ids.js";

/** One rule named in one directive, with the lines it covers. */
export interface DirectiveEntry {
  readonly directive: DirectiveLine;
  readonly word: Word;
  /** The rule id or `all` as written. */
  readonly id: string;
  readonly known: boolean;
  /** First and last 0-based line covered (inclusive); an `enable` covers nothing. */
  readonly fromLine: number;
  readonly toLine: number;
  /** For `enable`: whether a `disable` of the same rule was open. */
  readonly closes: boolean;
  used: boolean;
}

export interface SuppressionReport {
  readonly entries: readonly DirectiveEntry[];
  /** Directive lines whose keyword names no directive (`upscript-disable-nextline`). */
  readonly unknownDirectives: readonly DirectiveLine[];
  /** Directive lines that name no rule at all. */
  readonly empty: readonly DirectiveLine[];
}

/** Diagnostics from these rules are never hidden. */
const UNSUPPRESSIBLE = new Set(["unused-disable"]);

export function collectDirectives(script: Script): SuppressionReport {
  const entries: DirectiveEntry[] = [];
  const unknownDirectives: DirectiveLine[] = [];
  const empty: DirectiveLine[] = [];
  const lastLine = Math.max(0, script.lines.length - 1);
  /** Open `disable` entries, by rule id. */
  const open = new Map<string, DirectiveEntry[]>();
  const closeRange = (entry: DirectiveEntry, toLine: number) => {
    (entry as { toLine: number }).toLine = toLine;
  };

  for (const line of script.lines) {
    if (line.kind !== "directive") continue;
    const { directive } = line;
    if (!directive.kind) {
      unknownDirectives.push(line);
      continue;
    }
    if (directive.rules.length === 0) {
      empty.push(line);
      continue;
    }
    for (const word of directive.rules) {
      const id = word.text;
      const known = id === "all" || isRuleId(id);
      const base = { directive: line, word, id, known, used: false, closes: false };
      switch (directive.kind) {
        case "disable-next-line":
          entries.push({ ...base, fromLine: line.line + 1, toLine: line.line + 1 });
          break;
        case "disable-file":
          entries.push({ ...base, fromLine: 0, toLine: lastLine });
          break;
        case "disable": {
          const entry: DirectiveEntry = { ...base, fromLine: line.line + 1, toLine: lastLine };
          entries.push(entry);
          open.set(id, [...(open.get(id) ?? []), entry]);
          break;
        }
        case "enable": {
          const closing = id === "all" ? [...open.values()].flat() : (open.get(id) ?? []);
          for (const entry of closing) closeRange(entry, line.line - 1);
          if (id === "all") open.clear();
          else open.delete(id);
          entries.push({ ...base, fromLine: line.line, toLine: line.line - 1, closes: closing.length > 0 });
          break;
        }
      }
    }
  }
  return { entries, unknownDirectives, empty };
}

/** Drops the diagnostics a directive covers and marks those directives as used. */
export function applySuppression(diagnostics: readonly Diagnostic[], report: SuppressionReport): Diagnostic[] {
  const active = report.entries.filter((e) => e.known && e.directive.directive.kind !== "enable");
  if (active.length === 0) return [...diagnostics];
  return diagnostics.filter((d) => {
    if (UNSUPPRESSIBLE.has(d.rule)) return true;
    let hidden = false;
    for (const entry of active) {
      if ((entry.id === d.rule || entry.id === "all") && d.range.line >= entry.fromLine && d.range.line <= entry.toLine) {
        entry.used = true;
        hidden = true;
      }
    }
    return !hidden;
  });
}
