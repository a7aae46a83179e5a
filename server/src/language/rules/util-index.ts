/**
 * The lines of a script sorted by what they are, found in one pass and kept per tree. The rules
 * that compare lines visit only the lines they are about (the check lines, the transfers, …)
 * instead of every line of the script, which is most of what a keystroke costs on a long script
 * (docs/architecture.md, "The incremental document").
 */
import type { CommandId, ConfigLine, FinalLine, LineNode, ModuleLine, Script } from "@upscript/grammar";
import { isCommandLine, isTransfer, type TransferCommand } from "./util.js";

/** The typed module line whose `id` can be `I`. */
export type LineOfCommand<I extends CommandId> = ModuleLine extends infer L ? (L extends { readonly id: infer J } ? (I extends J ? L : never) : never) : never;

export interface LineIndex {
  /** Module lines of a known command, by command id, in line order. */
  readonly commands: ReadonlyMap<CommandId, readonly ModuleLine[]>;
  /** prot, boot, bmc, cfg and scfg lines (the catalog's transfer and upload shapes), in line order. */
  readonly transfers: readonly TransferCommand[];
  /** `config …` and `vars …` lines, in line order. */
  readonly configs: readonly ConfigLine[];
  /** Lines that are a final command alone (`iresetn`), in line order. */
  readonly finals: readonly FinalLine[];
  /** The line numbers of the lines that mean something to the device (isCommandLine), ascending. */
  readonly commandLines: readonly number[];
}

const built = new WeakMap<Script, LineIndex>();

export function lineIndex(script: Script): LineIndex {
  let index = built.get(script);
  if (!index) {
    index = buildIndex(script.lines);
    built.set(script, index);
  }
  return index;
}

/** The module lines of command `id`, in line order. */
export function linesOf<I extends CommandId>(script: Script, id: I): readonly LineOfCommand<I>[] {
  return commandsIn(lineIndex(script), id);
}

/** The same from an index (what a rule's `reads` gets). */
export function commandsIn<I extends CommandId>(index: LineIndex, id: I): readonly LineOfCommand<I>[] {
  return (index.commands.get(id) ?? NONE) as readonly LineOfCommand<I>[];
}

const NONE: readonly never[] = [];

function buildIndex(lines: readonly LineNode[]): LineIndex {
  const commands = new Map<CommandId, ModuleLine[]>();
  const transfers: TransferCommand[] = [];
  const configs: ConfigLine[] = [];
  const finals: FinalLine[] = [];
  const commandLines: number[] = [];
  for (const line of lines) {
    if (isCommandLine(line)) commandLines.push(line.line);
    if (line.kind === "module") {
      if (line.id === undefined) continue;
      const list = commands.get(line.id);
      if (list) list.push(line);
      else commands.set(line.id, [line]);
      if (isTransfer(line)) transfers.push(line);
    } else if (line.kind === "config" || line.kind === "vars") configs.push(line);
    else if (line.kind === "final") finals.push(line);
  }
  return { commands, transfers, configs, finals, commandLines };
}

/** The number of entries of an ascending list greater than `value`. */
export function countAbove(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}
