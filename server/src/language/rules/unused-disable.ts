import { rangeInLine, type DirectiveLine } from "@upscript/grammar";
import type { Fix } from "../diagnostic.js";
import { bestSuggestion, didYouMean, isTypo } from "../spelling.js";
import type { DirectiveEntry } from "../suppress.js";
import { RULE_IDS } from "./ids.js";
import { removeLineFix, replaceFix } from "./util.js";
import { defineRule } from "./types.js";

const DIRECTIVES = ["upscript-disable-next-line", "upscript-disable", "upscript-enable", "upscript-disable-file"];

/** A suppression directive that suppressed nothing (or cannot suppress anything). */
export default defineRule({
  id: "unused-disable",
  severity: "warning",
  category: "style",
  description: "A suppression directive that suppressed nothing, names an unknown rule, or is misspelt.",
  fixable: "safe",
  phase: "after-suppression",
  check({ suppression, report }) {
    for (const line of suppression.unknownDirectives) {
      const keyword = line.directive.keyword;
      const best = bestSuggestion(keyword.text, DIRECTIVES);
      report({
        range: keyword.range,
        message: `'${keyword.text}' is not an upscript directive, so it suppresses nothing${didYouMean(keyword.text, DIRECTIVES)}`,
        ...(best && isTypo(keyword.text, best) && { fixes: [replaceFix("safe", `Write '${best}'`, keyword.range, best)] }),
      });
    }
    for (const line of suppression.empty) {
      report({ range: line.directive.keyword.range, message: `${line.directive.keyword.text} names no rule: add rule ids or 'all'` });
    }
    const byLine = new Map<DirectiveLine, DirectiveEntry[]>();
    for (const entry of suppression.entries) {
      const entries = byLine.get(entry.directive);
      if (entries) entries.push(entry);
      else byLine.set(entry.directive, [entry]);
    }
    for (const [line, entries] of byLine) {
      const isEnable = line.directive.kind === "enable";
      const dead = entries.filter((e) => !e.known || (isEnable ? !e.closes : !e.used));
      for (const entry of dead) {
        const fix = removal(line, entries, dead, entry);
        if (!entry.known) {
          // A typo is corrected (the directive then does what it was meant to); anything else is only offered for removal.
          const best = bestSuggestion(entry.id, [...RULE_IDS, "all"]);
          const rename = best && isTypo(entry.id, best) ? [replaceFix("safe", `Write '${best}'`, entry.word.range, best)] : undefined;
          report({
            range: entry.word.range,
            message: `'${entry.id}' is not an upscript rule${didYouMean(entry.id, [...RULE_IDS, "all"])}`,
            ...(rename ? { fixes: rename } : { suggestions: [fix] }),
          });
        } else if (isEnable) {
          report({ range: entry.word.range, message: `nothing to enable: no upscript-disable ${entry.id} is open here`, fixes: [fix] });
        } else {
          report({ range: entry.word.range, message: `${line.directive.keyword.text} ${entry.id} suppresses nothing: no ${entry.id === "all" ? "problem" : `'${entry.id}' problem`} is reported where it applies`, fixes: [fix] });
        }
      }
    }
  },
});

/** Remove the whole directive when none of its rules does anything, else just this rule. */
function removal(line: DirectiveLine, entries: readonly DirectiveEntry[], dead: readonly DirectiveEntry[], entry: DirectiveEntry): Fix {
  if (dead.length === entries.length) return removeLineFix("safe", "Remove the directive", line);
  return removeRuleFromList(line, entry);
}

function removeRuleFromList(line: DirectiveLine, entry: DirectiveEntry): Fix {
  const rules = line.directive.rules;
  const index = rules.indexOf(entry.word);
  const lineStart = line.comment.range.start - line.comment.range.column;
  // Remove the rule and the separator before it (or after it, for the first rule).
  const from = index > 0 ? rules[index - 1]!.range.endColumn : entry.word.range.column;
  const to = index > 0 ? entry.word.range.endColumn : rules[index + 1]!.range.column;
  return { title: `Remove '${entry.id}' from the directive`, edits: [{ range: rangeInLine(line.line, lineStart, from, to), newText: "" }], safety: "safe" };
}
