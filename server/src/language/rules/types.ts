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

/** Lines a rule reads (compared as nodes and line numbers), or line numbers (compared as numbers). */
export type Reads = readonly LineNode[] | readonly number[];

export interface Rule {
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
  /**
   * `line`: what the rule finds on a line depends on that line alone (and on the config, the
   * file name and the role, which hold for the whole script), never on other lines; it reports
   * only inside that line. The incremental document (incremental.ts) keeps such findings per
   * line and runs the rule again only on the lines an edit touched. Without it the rule looks
   * across lines and runs over the whole script every time.
   */
  readonly scope?: "line";
  /**
   * For a rule that looks across lines and reads nothing but lines of the script (no `resolve`,
   * no `base`): what its findings depend on, from the line index — lists of lines, or of line
   * numbers where only the numbers count. Its findings may point into only these lines. The
   * incremental document runs the rule again only when a list changed (a line added, removed,
   * read again, or moved to another line number) and otherwise keeps what it found; plain `lint`
   * ignores this.
   */
  readonly reads?: (index: LineIndex) => readonly Reads[];
  /** `after-suppression` rules run once the directives have been applied (unused-disable). */
  readonly phase?: "after-suppression";
  check(context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
