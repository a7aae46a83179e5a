/** Which check serial a complete run stores, and which check line stops the polls after it. */
import type { CheckLine, Script, Word } from "@upscript/grammar";
import { linesOf } from "./util-index.js";

export interface StoredCheck {
  /** The last check line: a later check replaces the pending one, so its serial is what is stored. */
  readonly last: CheckLine;
  readonly serial: Word;
  /**
   * The first check line with that serial: once the serial is stored, every later poll stops
   * there, so nothing below it runs again until the serial changes.
   */
  readonly gate: CheckLine;
}

/** Undefined when the script has no check line or its last check has no serial. */
export function storedCheck(script: Script): StoredCheck | undefined {
  const checks = linesOf(script, "check");
  const last = checks.at(-1);
  const serial = last?.serial;
  if (!last || !serial) return undefined;
  const gate = checks.find((c) => c.serial?.text === serial.text)!;
  return { last, serial, gate };
}
