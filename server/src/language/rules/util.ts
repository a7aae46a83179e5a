/** Small helpers the rules share: finding lines, building ranges and fixes. */
import {
  hasShape,
  emptyRangeAt,
  rangeInLine,
  type FinalWord,
  type LineNode,
  type ModuleLine,
  type Range,
  type ScfgLine,
  type TimesLine,
  type TransferLine,
  type Word,
  FINALS,
} from "@upscript/grammar";
import type { Fix, FixSafety } from "../diagnostic.js";

export type TransferCommand = TransferLine | ScfgLine;

export function isTransfer(line: LineNode): line is TransferCommand {
  return hasShape(line, "transfer") || hasShape(line, "upload");
}

/** Lines that mean something to the device (not blank, not comments or directives). */
export function isCommandLine(line: LineNode): boolean {
  return line.kind !== "blank" && line.kind !== "comment" && line.kind !== "directive";
}

/** The range from the start of `first` to the end of `last` (both on one line). */
export function span(first: Range, last: Range): Range {
  return rangeInLine(first.line, first.start - first.column, first.column, last.endColumn);
}

/** `mod cmd UP0 prot` as written (or the verb alone when the line is incomplete). */
export function commandText(line: ModuleLine): string {
  return [line.mod, line.cmd, line.module, line.verb].filter((w) => w).map((w) => w!.text).join(" ");
}

/*
 * Every fix helper takes the fix's safety first: "safe" when devices do exactly what they did
 * before, "unsafe" when the next poll does something else (see FixSafety in diagnostic.ts).
 */

export function replaceFix(safety: FixSafety, title: string, range: Range, newText: string): Fix {
  return { title, edits: [{ range, newText }], safety };
}

/** Inserts `text` just before `at`. */
export function insertFix(safety: FixSafety, title: string, at: Range, text: string): Fix {
  return { title, edits: [{ range: emptyRangeAt(at), newText: text }], safety };
}

/** Inserts `text` just after `at`. */
export function appendFix(safety: FixSafety, title: string, at: Range, text: string): Fix {
  return { title, edits: [{ range: emptyRangeAt(at, true), newText: text }], safety };
}

/**
 * Removes words from a line together with the blanks that separated them from the previous
 * word (or, for the first word, from the next one), leaving single separators behind.
 */
export function removeWordsFix(safety: FixSafety, title: string, line: LineNode, first: Word, last: Word = first): Fix {
  const index = line.words.findIndex((w) => w.range.start === first.range.start);
  const lastIndex = line.words.findIndex((w) => w.range.start === last.range.start);
  const before = line.words[index - 1];
  const after = line.words[lastIndex + 1];
  const range = before
    ? span(emptyRangeAt(before.range, true), last.range)
    : after
      ? span(first.range, emptyRangeAt(after.range))
      : span(first.range, last.range);
  return { title, edits: [{ range, newText: "" }], safety };
}

/** The whole line including its line end: for fixes that delete a line. */
export function removeLineFix(safety: FixSafety, title: string, line: LineNode): Fix {
  return { title, edits: [{ range: line.fullRange, newText: "" }], safety };
}

/** Whether a final command restarts the device at once when it fires. */
export function resetsNow(final: FinalWord | undefined): boolean {
  return final !== undefined && FINALS[final].timing === "now";
}

/** Whether a final command can restart the device at all (now or when idle). */
export function canReset(final: FinalWord | undefined): boolean {
  return final !== undefined && FINALS[final].timing !== null;
}

/**
 * Words after an `/allow` value that are really more of the hour list, split off by blanks
 * (`/allow 23, 0,1` or `/allow 23 ,0`). times-hours reports and joins them; other rules skip them.
 */
export function allowContinuation(line: TimesLine): Word[] {
  const value = line.allow?.value;
  if (!value) return [];
  const out: Word[] = [];
  let previous: Word = value;
  // Typed arguments are new objects, so find the value among the line's words by position.
  const start = line.args.findIndex((w) => w.range.start === value.range.start);
  for (const word of line.args.slice(start + 1)) {
    const joins = previous.text.endsWith(",") || word.text.startsWith(",");
    if (!joins || !/^[\d,-]+$/.test(word.text)) break;
    out.push(word);
    previous = word;
  }
  return out;
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
