import { isUsableHour, rangeInLine, type HourItem, type HoursArg } from "@upscript/grammar";
import type { Fix } from "../diagnostic.js";
import { defineRule } from "./types.js";

/** An hour listed twice in `/allow`. */
export default defineRule({
  id: "times-duplicate-hour",
  severity: "warning",
  category: "style",
  description: "An hour listed twice in an /allow list.",
  fixable: "safe",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (line.kind !== "module" || line.id !== "times" || !line.allow?.value) continue;
      const list = line.allow.value;
      const seen = new Set<number>();
      list.items.forEach((item, index) => {
        if (!isUsableHour(item)) return;
        if (!seen.has(item.value)) {
          seen.add(item.value);
          return;
        }
        report({ range: item.range, message: `hour ${item.value} is listed twice`, fixes: [removeItem(list, index)] });
      });
    }
  },
});

/** Removes an item with the comma before it (or after it, for the first item). */
function removeItem(list: HoursArg, index: number): Fix {
  const item: HourItem = list.items[index]!;
  const lineStart = list.range.start - list.range.column;
  const from = index > 0 ? item.range.column - 1 : item.range.column;
  const to = index > 0 ? item.range.endColumn : Math.min(item.range.endColumn + 1, list.range.endColumn);
  return { title: `Remove the second ${item.text}`, edits: [{ range: rangeInLine(list.range.line, lineStart, from, to), newText: "" }], safety: "safe" };
}
