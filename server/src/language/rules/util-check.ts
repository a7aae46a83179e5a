/** Which check serial a complete run stores, and which check line stops the polls after it. */
import type { LineNode, Word } from "@upscript/grammar";

/** What the check rules need of a check line. */
export interface CheckSummary {
  readonly line: number;
  readonly verb: Word;
  readonly serial: Word | undefined;
}

export interface StoredCheck {
  /** The last check line: a later check replaces the pending one, so its serial is what is stored. */
  readonly last: CheckSummary;
  readonly serial: Word;
  /**
   * The first check line with that serial: once the serial is stored, every later poll stops
   * there, so nothing below it runs again until the serial changes.
   */
  readonly gate: CheckSummary;
}

/**
 * The check lines of a script, read one line at a time (a rule's LineVisitor passes each line to
 * `line`): the last one, and the first one of each serial.
 */
export class CheckLines {
  private last: CheckSummary | undefined;
  private readonly firstWith = new Map<string, CheckSummary>();

  line(line: LineNode): void {
    if (line.kind !== "module" || line.id !== "check") return;
    // A line of a known command always has its verb.
    const check: CheckSummary = { line: line.line, verb: line.verb!, serial: line.serial };
    this.last = check;
    if (check.serial && !this.firstWith.has(check.serial.text)) this.firstWith.set(check.serial.text, check);
  }

  /** Undefined when the script has no check line or its last check has no serial. */
  stored(): StoredCheck | undefined {
    const last = this.last;
    const serial = last?.serial;
    if (!last || !serial) return undefined;
    return { last, serial, gate: this.firstWith.get(serial.text)! };
  }
}
