import type { LineNode, Word } from "@upscript/grammar";
import { allowContinuation, removeWordsFix, span } from "./util.js";
import { defineRule } from "./types.js";

/** Extra words after a complete command. */
export default defineRule({
  id: "too-many-arguments",
  severity: "error",
  category: "correctness",
  description: "Extra words after a complete command.",
  fixable: "none",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      const extra = extraWords(line);
      if (extra.length === 0) continue;
      const first = extra[0]!;
      const last = extra[extra.length - 1]!;
      const what = extra.length === 1 ? `'${first.text}' is one word` : `'${extra.map((w) => w.text).join(" ")}' are ${extra.length} words`;
      const signature = line.kind === "module" && line.spec ? line.spec.signature : line.kind === "final" ? line.final.text : "";
      report({
        range: span(first.range, last.range),
        message: `${what} too many: the command is ${signature}; the device may reject the whole line`,
        suggestions: [removeWordsFix("unsafe", "Remove the extra words", line, first, last)],
      });
    }
  },
});

function extraWords(line: LineNode): readonly Word[] {
  if (line.kind === "final") return line.args;
  if (line.kind !== "module" || !line.spec) return [];
  if (line.id === "times") {
    const continued = new Set(allowContinuation(line).map((w) => w.range.start));
    return line.extra.filter((w) => !continued.has(w.range.start));
  }
  return line.extra;
}
