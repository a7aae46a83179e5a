/** The language core: pure functions from text (and a config) to plain data. */
export * from "./config.js";
export * from "./diagnostic.js";
export * from "./fixes.js";
export { codeBlock, codeLensText, codeSpan, escapeControl, hasControl, markdownText } from "./inert.js";
export { lint, type LintOptions } from "./lint.js";
export { editDocument, lintDocument, openDocument, updateDocument, type IncrementalDocument, type OffsetEdit } from "./incremental.js";
export type { NotRead, ResolvedFile, Resolver } from "./resolver.js";
export { RULES, findRule } from "./rules/index.js";
export { RULE_IDS, isRuleId, type RuleId } from "./rules/ids.js";
export type { Category, Rule, ScriptRole } from "./rules/types.js";
export * from "./script-files.js";
export * from "./spelling.js";
export * from "./version.js";
export * from "./webroot.js";
export * from "./wildcard.js";
export * from "./dryrun/index.js";
export { format, formatEdits } from "./format.js";
export * from "./services/index.js";
