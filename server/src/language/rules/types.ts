/** What a rule is and what it sees. One rule per file in this folder; rules/index.ts lists them. */
import type { LineNode, ProductSpec, Range, Script, SyntaxDiagnostic } from "@upscript/grammar";
import type { UpscriptConfig } from "../config.js";
import type { Fix, Severity } from "../diagnostic.js";
import type { Resolver } from "../resolver.js";
import type { SuppressionReport } from "../suppress.js";
import type { Version } from "../version.js";
import type { RuleId } from "./ids.js";
import type { LineIndex } from "./util-index.js";

/** What a rule's fixes are, for `upscript rules` and docs/rules.md. */
export type Fixable = "safe" | "unsafe" | "none";

export type Category = "correctness" | "security" | "compatibility" | "style";

/** A script is either polled by devices, or loaded by a `cfg` line (a cfg target). */
export type ScriptRole = "script" | "cfg-target";

export interface Report {
  readonly range: Range;
  readonly message: string;
  /** Overrides the rule's default severity for this finding (the config still wins). */
  readonly severity?: Severity;
  /** Each marked safe or unsafe (diagnostic.ts: `fixes` are applied by tools, `suggestions` only offered). */
  readonly fixes?: readonly Fix[];
  readonly suggestions?: readonly Fix[];
}

export interface RuleContext {
  readonly script: Script;
  readonly syntaxDiagnostics: readonly SyntaxDiagnostic[];
  readonly role: ScriptRole;
  readonly config: UpscriptConfig;
  /** `target.firmware`, parsed; undefined when not declared. */
  readonly firmware: Version | undefined;
  /** The product the file name names (`update-ip232.htm`), else `target.products` (`scriptProducts`). */
  readonly products: readonly ProductSpec[];
  /** Reads files under the declared web root; undefined when there is none. */
  readonly resolve: Resolver | undefined;
  /** The script's text at the git base, for check-serial-unchanged. */
  readonly base: Script | undefined;
  /** Reads files under the web root as they were at the git base (cfg-serial-unchanged); undefined without a base. */
  readonly baseResolve: Resolver | undefined;
  /** Only in the `after-suppression` phase: what each directive suppressed. */
  readonly suppression: SuppressionReport | undefined;
  report(finding: Report): void;
}

/**
 * What a rule that looks across lines sees of the run: everything a line rule sees except the
 * lines, which it gets one at a time (`LineVisitor`).
 */
export type ScriptContext = Omit<RuleContext, "script" | "syntaxDiagnostics">;

/**
 * How a rule that looks across lines reads a script: every line once, in line order, then `end`.
 * It keeps what it needs of a line (a serial, a range, a line number, a word) and never the
 * lines it has no bound on, so that the lint of a long script can drop each line's node as soon
 * as every rule has read it (docs/architecture.md, "Data flow"). It may report as it reads, or
 * in `end` what needed the whole script.
 */
export interface LineVisitor {
  line(line: LineNode): void;
  end(): void;
}

/** Lines a rule reads (compared as nodes and line numbers), or line numbers (compared as numbers). */
export type Reads = readonly LineNode[] | readonly number[];

interface RuleBase {
  readonly id: RuleId;
  readonly severity: Severity;
  readonly category: Category;
  /** One line, shown in `upscript rules` and in SARIF metadata. */
  readonly description: string;
  /**
   * What the fixes its findings carry are (suggestions do not count): `safe` (all of them leave
   * the devices' behaviour alone: `--fix`), `unsafe` (some or all change what devices do:
   * `--unsafe-fixes`), `none`.
   */
  readonly fixable: Fixable;
}

/**
 * What the rule finds on a line depends on that line alone (and on the config, the file name and
 * the role, which hold for the whole script), never on other lines; it reports only inside that
 * line. It runs over a block of lines at a time (`context.script.lines`); the incremental document
 * (incremental.ts) keeps its findings per line and runs it again only on the lines an edit touched.
 */
export interface LineRule extends RuleBase {
  readonly scope: "line";
  readonly phase?: undefined;
  readonly reads?: undefined;
  check(context: RuleContext): void;
}

/** A rule that looks across lines: it reads the whole script through a visitor. */
export interface ScriptRule extends RuleBase {
  readonly scope?: undefined;
  readonly phase?: undefined;
  /**
   * For a rule that reads nothing but lines of the script (no `resolve`, no `base`): what its
   * findings depend on, from the line index — lists of lines, or of line numbers where only the
   * numbers count. Its findings may point into only these lines. The incremental document runs
   * the rule again only when a list changed (a line added, removed, read again, or moved to
   * another line number) and otherwise keeps what it found; plain `lint` ignores this.
   */
  readonly reads?: (index: LineIndex) => readonly Reads[];
  /** Undefined when the rule has nothing to look for in this run (another role, no web root). */
  visit(context: ScriptContext): LineVisitor | undefined;
}

/** Runs once the directives have been applied and reads only what they suppressed (unused-disable). */
export interface SuppressionRule extends RuleBase {
  readonly scope?: undefined;
  readonly phase: "after-suppression";
  readonly reads?: undefined;
  check(context: ScriptContext & { readonly suppression: SuppressionReport }): void;
}

export type Rule = LineRule | ScriptRule | SuppressionRule;

export function defineRule<R extends Rule>(rule: R): R {
  return rule;
}
