/**
 * Suppression directives: `# upscript-disable-next-line RULE[, RULE…] [-- reason]`,
 * `# upscript-disable RULE…`, `# upscript-enable RULE…`, `# upscript-disable-file RULE…`.
 */
import type { Directive, DirectiveKind, Word } from "./ast.js";
import { subRange } from "./range.js";
import { exact } from "./arrays.js";

const KINDS: readonly DirectiveKind[] = ["disable-next-line", "disable-file", "disable", "enable"];
const PREFIX = "upscript-";

/** The directive in a comment word, or undefined when the comment is an ordinary one. */
export function parseDirective(comment: Word): Directive | undefined {
  const text = comment.text;
  const keywordMatch = /^#[ \t]*(upscript-\S*)/i.exec(text);
  if (!keywordMatch) return undefined;
  const keywordText = keywordMatch[1]!;
  const keywordStart = keywordMatch[0].length - keywordText.length;
  const keyword: Word = { text: keywordText, range: subRange(comment.range, keywordStart, keywordMatch[0].length) };
  const name = keywordText.slice(PREFIX.length);
  const kind = KINDS.find((k) => k === name);

  let rest = keywordMatch[0].length;
  let restEnd = text.length;
  let reason: Word | undefined;
  const dashes = /[ \t]--(?:[ \t]|$)/.exec(text.slice(rest));
  if (dashes) {
    restEnd = rest + dashes.index;
    const reasonStart = restEnd + dashes[0].length;
    const reasonText = text.slice(reasonStart).trim();
    if (reasonText) {
      const at = text.indexOf(reasonText, reasonStart);
      reason = { text: reasonText, range: subRange(comment.range, at, at + reasonText.length) };
    }
  }
  const rules: Word[] = [];
  for (const m of text.slice(rest, restEnd).matchAll(/[^\s,]+/g)) {
    const from = rest + m.index;
    rules.push({ text: m[0], range: subRange(comment.range, from, from + m[0].length) });
  }
  return reason ? { kind, keyword, rules: exact(rules), reason } : { kind, keyword, rules: exact(rules) };
}
