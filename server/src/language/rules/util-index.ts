/**
 * The lines of a kept tree sorted by what they are, found in one pass and kept per tree. A rule
 * that compares lines names the lists it reads (`reads`): the incremental document runs it again
 * only when one of them changed, and then over the lines of those lists alone, not every line of
 * the script (docs/architecture.md, "The incremental document").
 */
import type { CommandId, ConfigLine, DirectiveLine, FinalLine, LineNode, ModuleLine, Script } from "@upscript/grammar";
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
  /** `# upscript-…` directive lines, in line order. */
  readonly directives: readonly DirectiveLine[];
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

/** The module lines of command `id` in an index, in line order (what a rule's `reads` names). */
export function commandsIn<I extends CommandId>(index: LineIndex, id: I): readonly LineOfCommand<I>[] {
  return (index.commands.get(id) ?? NONE) as readonly LineOfCommand<I>[];
}

const NONE: readonly never[] = [];

function buildIndex(lines: readonly LineNode[]): LineIndex {
  const commands = new Map<CommandId, ModuleLine[]>();
  const transfers: TransferCommand[] = [];
  const configs: ConfigLine[] = [];
  const finals: FinalLine[] = [];
  const directives: DirectiveLine[] = [];
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
    else if (line.kind === "directive") directives.push(line);
  }
  return { commands, transfers, configs, finals, directives, commandLines };
}

/**
 * Gives `next` (the tree after an edit) an index made from the one of `previous`, if that one was
 * built: the lines `removed` of `previous` (from line `first` on) were replaced by `fresh`, and the
 * lines below moved by `lineDelta` (their nodes already moved in place, see relocateLine). Equal to
 * building it from `next` (test/fuzz/incremental.test.ts), at the cost of the edited lines.
 */
export function carryIndex(previous: Script, next: Script, first: number, removed: readonly LineNode[], fresh: readonly LineNode[], lineDelta: number): void {
  const old = built.get(previous);
  if (!old) return;
  const gone = new Set(removed);
  const added = buildIndex(fresh);
  const commands = new Map<CommandId, readonly ModuleLine[]>();
  for (const id of new Set([...old.commands.keys(), ...added.commands.keys()])) {
    const list = spliced(old.commands.get(id) ?? NONE, first, gone, added.commands.get(id) ?? NONE, lineDelta);
    if (list.length > 0) commands.set(id, list);
  }
  built.set(next, {
    commands,
    transfers: spliced(old.transfers, first, gone, added.transfers, lineDelta),
    configs: spliced(old.configs, first, gone, added.configs, lineDelta),
    finals: spliced(old.finals, first, gone, added.finals, lineDelta),
    directives: spliced(old.directives, first, gone, added.directives, lineDelta),
    commandLines: movedNumbers(old.commandLines, first, removed.length, added.commandLines, lineDelta),
  });
}

/** The line numbers from `first` up to `first + count` replaced by `fresh`, those below moved; the same array when that changes nothing. */
function movedNumbers(numbers: readonly number[], first: number, count: number, fresh: readonly number[], lineDelta: number): readonly number[] {
  const from = countBelow(numbers, first);
  const to = countBelow(numbers, first + count);
  if (lineDelta === 0 && to - from === fresh.length && fresh.every((n, i) => n === numbers[from + i])) return numbers;
  const out = numbers.slice(0, from);
  for (const n of fresh) out.push(n);
  for (let i = to; i < numbers.length; i++) out.push(numbers[i]! + lineDelta);
  return out;
}

/**
 * `list` (nodes in line order) without the nodes `gone` and with `fresh` in their place, at line
 * `first`: the nodes above keep their line numbers, those below were moved past the fresh lines.
 * The same array when that changes nothing, not even a line number: an array stands for the same
 * nodes on the same lines for as long as it lives, so rules that keep what they found compare it
 * in one step (lint.ts, `sameLines`).
 */
function spliced<T extends LineNode>(list: readonly T[], first: number, gone: ReadonlySet<LineNode>, fresh: readonly T[], lineDelta: number): readonly T[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.line < first) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < list.length && gone.has(list[end]!)) end++;
  if (end === lo && fresh.length === 0 && (lineDelta === 0 || lo === list.length)) return list;
  const out = list.slice(0, lo);
  for (const line of fresh) out.push(line);
  for (let i = end; i < list.length; i++) out.push(list[i]!);
  return out;
}

/** The number of entries of an ascending list less than `value`. */
function countBelow(sorted: readonly number[], value: number): number {
  return sorted.length - countAbove(sorted, value - 1);
}

/** The number of entries of an ascending list greater than `value`. */
function countAbove(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}
