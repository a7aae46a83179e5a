/**
 * The hours of a `times /allow` list: the list split into items (the bad ones kept for the
 * validator), the mask of the hours the device allows, and that mask as runs and text. Everything
 * that reads an `/allow` list (rules, dry-run, hover, inlay hints, outline) uses these; nobody
 * else parses hours (docs/catalog.md).
 */
import type { HourItem, HoursArg, Word } from "./ast.js";
import { exact } from "./arrays.js";
import { subRange } from "./range.js";

/** Hours of a day the device knows: 0–23. */
export const HOURS_PER_DAY = 24;

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
  return { text: word.text, range: word.range, items: exact(items), mask: hourMask(items) };
}

function hourItem(text: string, range: HourItem["range"]): HourItem {
  if (text === "") return { text, range, kind: "empty" };
  if (/^\d+$/.test(text)) return { text, range, kind: "hour", value: Number(text) };
  const span = /^(\d+)-(\d+)$/.exec(text);
  if (span) return { text, range, kind: "range", value: Number(span[1]), to: Number(span[2]) };
  return { text, range, kind: "invalid" };
}

/** Whether an item is an hour the device uses: digits, 0–23. */
export function isUsableHour(item: HourItem): item is HourItem & { readonly kind: "hour"; readonly value: number } {
  return item.kind === "hour" && item.value !== undefined && item.value < HOURS_PER_DAY;
}

/** Bit h set for every usable hour of the list; ranges, empty and invalid items and hours above 23 count for nothing. */
export function hourMask(items: readonly HourItem[]): number {
  let mask = 0;
  for (const item of items) if (isUsableHour(item)) mask |= 1 << item.value;
  return mask;
}

/** The hours of a mask, ascending. */
export function hoursOf(mask: number): number[] {
  return Array.from({ length: HOURS_PER_DAY }, (_, h) => h).filter((h) => mask & (1 << h));
}

/** A run of allowed hours, `from` to `to` inclusive; it may wrap past midnight (23 to 1). */
export interface HourRun {
  readonly from: number;
  readonly to: number;
}

/**
 * The allowed hours as runs, each starting at an hour whose predecessor is not allowed, so
 * 23,0,1 is one run 23–1. Empty for no hour; one run 0–23 for all day.
 */
export function hourRuns(mask: number): HourRun[] {
  const hours = hoursOf(mask);
  if (hours.length === HOURS_PER_DAY) return [{ from: 0, to: HOURS_PER_DAY - 1 }];
  const allowed = (h: number) => (mask & (1 << ((h + HOURS_PER_DAY) % HOURS_PER_DAY))) !== 0;
  return hours
    .filter((h) => !allowed(h - 1))
    .map((from) => {
      let to = from;
      while (allowed(to + 1)) to = (to + 1) % HOURS_PER_DAY;
      return { from, to };
    });
}

/** `23–4` style ranges for an hour mask: `none`, `all day`, or runs joined with `, `. */
export function describeHours(mask: number): string {
  const hours = hoursOf(mask);
  if (hours.length === 0) return "none";
  if (hours.length === HOURS_PER_DAY) return "all day";
  return hourRuns(mask)
    .map((r) => (r.from === r.to ? `${r.from}` : `${r.from}–${r.to}`))
    .join(", ");
}
