import type { CheckLine, LineNode, Script } from "@upscript/grammar";
import { isCommandLine, replaceFix } from "./util.js";
import { defineRule } from "./types.js";

/**
 * The script's commands differ from the git base but the first check keeps the base's serial:
 * devices that stored that serial stop at the check and never run the new lines.
 */
export default defineRule({
  id: "check-serial-unchanged",
  severity: "error",
  category: "correctness",
  description: "The script changed since the git base but its check serial did not: devices that already ran it skip the change.",
  fixable: "unsafe",
  visit({ base, report }) {
    if (!base) return undefined;
    const baseSerial = firstCheck(base)?.serial;
    if (!baseSerial) return undefined;
    const before = commands(base);
    // The script's command lines, compared with the base's as they come.
    let count = 0;
    let lastLine = -1;
    let changed: { readonly at: number; readonly line: number } | undefined;
    let check: CheckLine | undefined;
    return {
      line(line) {
        if (!isCommandLine(line)) return;
        if (!check && line.kind === "module" && line.id === "check") check = line;
        if (!changed && wordsOf(line) !== before[count]?.text) changed = { at: count, line: line.line };
        count++;
        lastLine = line.line;
      },
      end() {
        const serial = check?.serial;
        if (!serial || serial.text !== baseSerial.text) return;
        if (!changed && count === before.length) return;
        const where = changed ? `first change on line ${changed.line + 1}` : `lines removed after line ${lastLine + 1}`;
        const next = bumpSerial(serial.text);
        report({
          range: serial.range,
          message: `the script changed since the base (${where}) but the check serial is still '${serial.text}': every device that already stored ${serial.text} stops at this check and never runs the change`,
          fixes: [replaceFix("unsafe", `Change the serial to '${next}'`, serial.range, next)],
        });
      },
    };
  },
});

function firstCheck(script: Script): CheckLine | undefined {
  return script.lines.find((l): l is CheckLine => l.kind === "module" && l.id === "check");
}

export interface Command {
  /** The words joined by one blank: spacing does not count as a change. */
  readonly text: string;
  /** 0-based line number. */
  readonly line: number;
}

export function commands(script: Script): Command[] {
  return script.lines.filter(isCommandLine).map((l) => ({ text: wordsOf(l), line: l.line }));
}

function wordsOf(line: LineNode): string {
  return line.words.map((w) => w.text).join(" ");
}

/** Index of the first entry that differs, or undefined when both lists are equal. */
export function firstDifference(a: readonly string[], b: readonly string[]): number | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return undefined;
}

/**
 * The next serial: a trailing number goes up by one keeping its width (`04-09` → `04-10`,
 * `WEEK47` → `WEEK48`), a trailing letter a–y/A–Y becomes the next one (`2026-11-20a` →
 * `2026-11-20b`); anything else gets `-2` appended.
 */
export function bumpSerial(serial: string): string {
  // Scans back from the end, no regex: a serial is the user's text and may be very long.
  let start = serial.length;
  while (start > 0 && isDigit(serial.charCodeAt(start - 1))) start--;
  if (start < serial.length) {
    // Add one by hand, carrying through the trailing 9s: linear, where BigInt is not.
    let i = serial.length;
    while (i > start && serial.charCodeAt(i - 1) === 57 /* 9 */) i--;
    const zeros = "0".repeat(serial.length - i);
    if (i === start) return `${serial.slice(0, start)}1${zeros}`;
    return serial.slice(0, i - 1) + String.fromCharCode(serial.charCodeAt(i - 1) + 1) + zeros;
  }
  const last = serial.charCodeAt(serial.length - 1);
  if ((last >= 97 && last <= 121) || (last >= 65 && last <= 89)) return serial.slice(0, -1) + String.fromCharCode(last + 1);
  return `${serial}-2`;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
