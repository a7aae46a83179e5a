import { HOURS_PER_DAY, isUsableHour, rangeInLine, type HourItem, type HoursArg, type Range, type Word } from "@upscript/grammar";
import type { Fix } from "../diagnostic.js";
import type { Report } from "./types.js";
import { allowContinuation, replaceFix, span } from "./util.js";
import { defineRule } from "./types.js";

/** `/allow` items that are not hours 0–23: out of range, not a number, a range, empty, or split by blanks. */
export default defineRule({
  id: "times-hours",
  severity: "error",
  category: "correctness",
  description: "An /allow item that is not an hour 0–23: a number out of range, text, a range like 22-4, an empty item, or blanks inside the list.",
  fixable: "unsafe",
  scope: "line",
  check({ script, report }) {
    for (const line of script.lines) {
      if (line.kind !== "module" || line.id !== "times" || !line.allow?.value) continue;
      const value = line.allow.value;
      const continued = allowContinuation(line);
      // With `23, 0,1` the trailing comma belongs to the split list, reported once below.
      const items = continued.length > 0 && value.items.at(-1)?.kind === "empty" ? value.items.slice(0, -1) : value.items;
      for (const item of items) {
        const finding = checkItem(item, value);
        if (finding) report(finding);
      }
      if (continued.length > 0) report(blanksInList(value, continued));
    }
  },
});

function checkItem(item: HourItem, list: HoursArg): Report | undefined {
  switch (item.kind) {
    case "hour":
      return !isUsableHour(item) ? { range: item.range, message: `hour ${item.value} is outside 0–23: the device never runs the script at that hour` } : undefined;
    case "invalid":
      return { range: item.range, message: `'${item.text}' is not an hour: the list takes whole hours 0–23 separated by commas` };
    case "empty":
      return { range: emptyItemRange(item, list), message: "empty item in the hour list: remove the extra comma", fixes: [removeEmptyItem(item, list)] };
    case "range": {
      const hours = expandRange(item.value!, item.to!);
      const base = `'${item.text}' is a range, which the device does not understand: list the hours one by one`;
      if (!hours) return { range: item.range, message: `${base} (and use hours 0–23)` };
      return { range: item.range, message: `${base}: ${hours}`, fixes: [replaceFix("unsafe", `Write ${hours}`, item.range, hours)] };
    }
  }
}

/** `22-4` → `22,23,0,1,2,3,4` (wrapping past midnight), or undefined for hours past 23. */
export function expandRange(from: number, to: number): string | undefined {
  if (from >= HOURS_PER_DAY || to >= HOURS_PER_DAY) return undefined;
  const hours: number[] = [];
  for (let h = from; ; h = (h + 1) % HOURS_PER_DAY) {
    hours.push(h);
    if (h === to) break;
  }
  return hours.join(",");
}

/** An empty item has no width; point at the comma that creates it. */
function emptyItemRange(item: HourItem, list: HoursArg): Range {
  const offset = item.range.start - list.range.start;
  const comma = offset > 0 ? offset - 1 : offset;
  return rangeInLine(list.range.line, list.range.start - list.range.column, list.range.column + comma, list.range.column + comma + 1);
}

function removeEmptyItem(item: HourItem, list: HoursArg): Fix {
  return { title: "Remove the extra comma", edits: [{ range: emptyItemRange(item, list), newText: "" }], safety: "unsafe" };
}

function blanksInList(value: HoursArg, continued: readonly Word[]): Report {
  const last = continued[continued.length - 1]!;
  const joined = value.text + continued.map((w) => w.text).join("");
  return {
    range: span(value.range, last.range),
    message: `blanks inside the hour list: the device reads only '${value.text}' as the list and trips over the rest; write ${joined}`,
    fixes: [replaceFix("unsafe", `Write ${joined}`, span(value.range, last.range), joined)],
  };
}
