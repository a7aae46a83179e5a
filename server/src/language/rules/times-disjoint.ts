import { isUsableHour, type TimesLine } from "@upscript/grammar";
import { allowContinuation } from "./util.js";
import { commandsIn } from "./util-index.js";
import { defineRule } from "./types.js";

/** Different hour lists compared with each later times line; real scripts have one or two. */
const MAX_WINDOWS = 64;

/**
 * A times line whose /allow hours share none with an earlier times line: every poll stops at one
 * of the two, so nothing below the second runs.
 */
export default defineRule({
  id: "times-disjoint",
  severity: "error",
  category: "correctness",
  description: "Two times lines whose /allow lists share no hour: every poll stops at one of them, so nothing below the second ever runs.",
  fixable: "none",
  reads: (index) => [commandsIn(index, "times")],
  visit({ role, report }) {
    // A cfg target's lines are config lines: its times lines are not run as such.
    if (role === "cfg-target") return undefined;
    // Hour mask → the first times line with it, so each later line is compared once per list.
    const windows = new Map<number, Window>();
    let unreachable = false;
    return {
      line(line) {
        if (unreachable || line.kind !== "module" || line.id !== "times") return;
        const window = windowOf(line);
        if (!window) return;
        for (const earlier of windows.values()) {
          if ((earlier.mask & window.mask) !== 0) continue;
          report({ range: line.allow!.value!.range, message: message(window, earlier) });
          // Everything below this line is unreachable already, later times lines included.
          unreachable = true;
          return;
        }
        if (!windows.has(window.mask) && windows.size < MAX_WINDOWS) windows.set(window.mask, window);
      },
      end() {},
    };
  },
});

interface Window {
  readonly line: TimesLine;
  /** Bit h set: hour h is allowed. */
  readonly mask: number;
  /** The allowed hours, in the order written, each once. */
  readonly hours: readonly number[];
}

/**
 * The hours a times line allows, or undefined when it has no usable /allow list: no value, no
 * valid hour in it, or a list split by blanks (times-hours reports those).
 */
function windowOf(line: TimesLine): Window | undefined {
  const value = line.allow?.value;
  if (!value || allowContinuation(line).length > 0) return undefined;
  // The hours in the order listed, each once; the mask is the tree's.
  const hours = [...new Set(value.items.filter(isUsableHour).map((item) => item.value))];
  return hours.length > 0 ? { line, mask: value.mask, hours } : undefined;
}

function message(window: Window, earlier: Window): string {
  const here = window.line.line + 1;
  const there = earlier.line.line + 1;
  const fresh = window.line.initial !== undefined && earlier.line.initial !== undefined;
  return (
    `no hour in common with the times line on line ${there}: that line lets a poll through only at ${hourList(earlier.hours)}, this one only at ${hourList(window.hours)}, ` +
    `so every poll stops at one of them and nothing below line ${here} ever runs` +
    (fresh ? " (only a factory-fresh device gets past both, because /initial skips their hour test)" : "")
  );
}

function hourList(hours: readonly number[]): string {
  return hours.length === 1 ? `hour ${hours[0]}` : `hours ${hours.join(",")}`;
}
