/**
 * Suppression directives (`# upscript-disable-next-line RULE`, `# upscript-disable RULE` …
 * `# upscript-enable RULE`, `# upscript-disable-file RULE`): which diagnostics they hide, and
 * which of them hid nothing, for the unused-disable rule. `upscript-enable RULE` inside an
 * `upscript-disable all` block turns that one rule back on, as in ESLint.
 */
import { rangeInLine, type DirectiveLine, type Script, type Word } from "@upscript/grammar";
import type { Fix } from "./diagnostic.js";
import { isRuleId } from "./rules/ids.js";
import { lineIndex } from "./rules/util-index.js";

/** One rule named in one directive. */
export interface DirectiveEntry {
  readonly directive: DirectiveLine;
  readonly word: Word;
  /** The rule id or `all` as written. */
  readonly id: string;
  readonly known: boolean;
  /** disable and disable-next-line entries: whether they hid a diagnostic. */
  used: boolean;
  /** enable entries: whether a disable of this rule was open where it stands. */
  closes: boolean;
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
  return collectDirectiveLines(lineIndex(script).directives);
}

/** The same from the directive lines of a script, in line order. */
export function collectDirectiveLines(lines: readonly DirectiveLine[]): SuppressionReport {
  const entries: DirectiveEntry[] = [];
  const unknownDirectives: DirectiveLine[] = [];
  const empty: DirectiveLine[] = [];
  for (const line of lines) {
    const { directive } = line;
    if (!directive.kind) unknownDirectives.push(line);
    else if (directive.rules.length === 0) empty.push(line);
    else {
      for (const word of directive.rules) {
        entries.push({ directive: line, word, id: word.text, known: word.text === "all" || isRuleId(word.text), used: false, closes: false });
      }
    }
  }
  markClosingEnables(entries);
  return { entries, unknownDirectives, empty };
}

/** The state of `disable`/`enable` blocks at some point of the script. */
class Blocks {
  private all: DirectiveEntry | undefined;
  private readonly byRule = new Map<string, DirectiveEntry>();
  /** Rules turned back on inside an open `disable all`. */
  private readonly exempt = new Set<string>();

  /** Applies one disable/enable entry; returns whether an enable closed something. */
  apply(entry: DirectiveEntry): boolean {
    const { id } = entry;
    if (entry.directive.directive.kind === "disable") {
      if (id === "all") {
        this.all = entry;
        this.exempt.clear();
      } else {
        this.byRule.set(id, entry);
        this.exempt.delete(id);
      }
      return false;
    }
    if (id === "all") {
      const closed = this.all !== undefined || this.byRule.size > 0;
      this.all = undefined;
      this.byRule.clear();
      this.exempt.clear();
      return closed;
    }
    const closed = this.byRule.has(id) || (this.all !== undefined && !this.exempt.has(id));
    this.byRule.delete(id);
    if (this.all) this.exempt.add(id);
    return closed;
  }

  /** The open block that hides `rule`, if any. */
  hiding(rule: string): DirectiveEntry | undefined {
    return this.byRule.get(rule) ?? (this.all && !this.exempt.has(rule) ? this.all : undefined);
  }
}

const isBlockEntry = (e: DirectiveEntry) => e.known && (e.directive.directive.kind === "disable" || e.directive.directive.kind === "enable");

function markClosingEnables(entries: readonly DirectiveEntry[]): void {
  const blocks = new Blocks();
  for (const entry of entries) if (isBlockEntry(entry) && blocks.apply(entry)) entry.closes = true;
}

/**
 * Whether a finding of rule `rule` on line `line` is kept, for the findings of one lint as they
 * are reported: false when a directive covers it, and that directive is marked as used. The
 * directives are sorted out once. Undefined when no directive can suppress anything.
 */
export function suppressor(report: SuppressionReport): ((rule: string, line: number) => boolean) | undefined {
  const known = report.entries.filter((e) => e.known);
  if (known.length === 0) return undefined;
  const blockEntries = known.filter(isBlockEntry);
  return (rule, line) => {
    if (UNSUPPRESSIBLE.has(rule)) return true;
    const covering: DirectiveEntry[] = [];
    for (const e of known) {
      if (e.id !== rule && e.id !== "all") continue;
      const kind = e.directive.directive.kind;
      if (kind === "disable-file" || (kind === "disable-next-line" && e.directive.line + 1 === line)) covering.push(e);
    }
    const blocks = new Blocks();
    for (const e of blockEntries) {
      if (e.directive.line >= line) break;
      blocks.apply(e);
    }
    const block = blocks.hiding(rule);
    if (block) covering.push(block);
    for (const e of covering) e.used = true;
    return covering.length === 0;
  };
}

/**
 * The editor's "Disable RULE for this line": an `upscript-disable-next-line RULE` directive on its
 * own line above the finding's line, with that line's indentation and the line end the file
 * already uses there. Devices read it as a comment, so it is safe. Undefined for `unused-disable`
 * (a directive about directives) and for a line the script does not have.
 */
export function disableLineFix(script: Script, rule: string, lineNumber: number): Fix | undefined {
  const line = script.lines[lineNumber];
  if (rule === "unused-disable" || !line) return undefined;
  const column = line.line === 0 && script.bom ? 1 : 0;
  const indent = script.text.slice(line.fullRange.start + column, line.range.start).replace(/[^ \t]/g, "");
  const eol = line.eol || script.lines[line.line - 1]?.eol || "\n";
  const at = rangeInLine(line.line, line.fullRange.start, column, column);
  return { title: `Disable ${rule} for this line`, edits: [{ range: at, newText: `${indent}# upscript-disable-next-line ${rule}${eol}` }], safety: "safe" };
}
