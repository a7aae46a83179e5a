/** Splits an `/allow` value into hour items, keeping the bad ones for the validator. */
import type { HourItem, HoursArg, Word } from "./ast.js";
import { exact } from "./arrays.js";
import { subRange } from "./range.js";

export function parseHours(word: Word): HoursArg {
  const items: HourItem[] = [];
  let from = 0;
  const text = word.text;
  for (;;) {
    const comma = text.indexOf(",", from);
    const to = comma < 0 ? text.length : comma;
    items.push(hourItem(text.slice(from, to), subRange(word.range, from, to)));
    if (comma < 0) break;
    from = comma + 1;
  }
  return { text: word.text, range: word.range, items: exact(items) };
}

function hourItem(text: string, range: HourItem["range"]): HourItem {
  if (text === "") return { text, range, kind: "empty" };
  if (/^\d+$/.test(text)) return { text, range, kind: "hour", value: Number(text) };
  const span = /^(\d+)-(\d+)$/.exec(text);
  if (span) return { text, range, kind: "range", value: Number(span[1]), to: Number(span[2]) };
  return { text, range, kind: "invalid" };
}
