/**
 * Signature help for typed module commands, and the argument analysis that hover and completion
 * share: which slot or switch of a command a position belongs to.
 */
import {
  finalIgnoringCase,
  isSettingsLine,
  looksLikeUrl,
  FINAL_WORDS,
  type CommandSpec,
  type LineNode,
  type ModuleLine,
  type SettingsLine,
  type SlotSpec,
  type SwitchArg,
  type Word,
} from "@upscript/grammar";
import { settingRole, settingsSpecOf } from "./settings.js";
import type { DocumentContext, Position, SignatureResult } from "./types.js";

/** What the words after a typed command's verb are, seen from one position on the line. */
export type ArgumentRole =
  /** A positional slot (`URL`, `FINAL`, …); `word` is the word under the cursor, if any. */
  | { readonly kind: "slot"; readonly index: number; readonly slot: SlotSpec; readonly word: Word | undefined }
  /** The name of a switch (`/allow`). */
  | { readonly kind: "switch"; readonly arg: SwitchArg; readonly word: Word }
  /** The value of a switch, or the empty position right after a switch name. */
  | { readonly kind: "switch-value"; readonly arg: SwitchArg; readonly word: Word | undefined }
  /** Past the command's last slot. */
  | { readonly kind: "extra"; readonly word: Word | undefined };

/**
 * How the slot of the word under the cursor is decided.
 * - `bound`: exactly as the parser bound it (hover explains what the tree says).
 * - `typing`: as the parser bound it when the word clearly is of that kind; otherwise the slot
 *   after the previous argument's slot, so a half-typed `i` after a URL is the FINAL it is
 *   becoming, not the BUILD the parser's best fit makes of it.
 */
export type RoleMode = "bound" | "typing";

const SCHEME_STARTS = ["http://", "https://"];

interface Classified {
  readonly word: Word;
  readonly role: "positional" | "switch" | "value";
  readonly arg?: SwitchArg;
}

/** A position with integer, non-negative line and column. */
export function isValidPosition(position: Position): boolean {
  return (
    typeof position === "object" &&
    position !== null &&
    Number.isSafeInteger(position.line) &&
    Number.isSafeInteger(position.column) &&
    position.line >= 0 &&
    position.column >= 0
  );
}

/** Length of a line's text in UTF-16 units, without its line end. */
export function lineLength(line: LineNode): number {
  return line.fullRange.end - line.eol.length - line.fullRange.start;
}

function switchesOf(line: ModuleLine): readonly SwitchArg[] {
  return "switches" in line ? line.switches : [];
}

function classify(line: ModuleLine): Classified[] {
  // By word start, so a line with thousands of switches is classified in one pass.
  const names = new Map<number, SwitchArg>();
  const values = new Map<number, SwitchArg>();
  for (const s of switchesOf(line)) {
    if (!names.has(s.name.range.start)) names.set(s.name.range.start, s);
    if (s.value && !values.has(s.value.range.start)) values.set(s.value.range.start, s);
  }
  return line.args.map((word): Classified => {
    const named = names.get(word.range.start);
    if (named) return { word, role: "switch", arg: named };
    const valued = values.get(word.range.start);
    if (valued) return { word, role: "value", arg: valued };
    return { word, role: "positional" };
  });
}

/** The word the parser put into a slot (the line's typed field for it). */
export function boundWord(line: ModuleLine, slot: SlotSpec): Word | undefined {
  const fields = line as unknown as Partial<Record<string, Word>>;
  return fields[slot.name === "build" ? "serial" : slot.name];
}

/** Index of the slot the parser bound `word` to, or -1 for an extra word. */
function boundIndex(line: ModuleLine, spec: CommandSpec, word: Word): number {
  return spec.slots.findIndex((slot) => boundWord(line, slot)?.range.start === word.range.start);
}

/** Whether a word is unmistakably of the slot's kind (so its bound slot stands while typing). */
function clearlyFits(slot: SlotSpec, word: Word): boolean {
  const text = word.text;
  switch (slot.kind) {
    case "url":
      return looksLikeUrl(text);
    case "final":
      return finalIgnoringCase(text) !== undefined;
    case "serial":
    case "build": {
      // Not while it may still become a final command or a URL (`i`, `no`, `ht`).
      const lower = text.toLowerCase();
      return !looksLikeUrl(text) && !FINAL_WORDS.some((f) => f.startsWith(lower)) && !SCHEME_STARTS.some((s) => s.startsWith(lower));
    }
    default:
      return true;
  }
}

/** The slot after the last slot filled by `before` (positional words, in order). */
function nextIndex(line: ModuleLine, spec: CommandSpec, before: readonly Classified[]): number {
  let last = -1;
  for (const item of before) {
    const index = boundIndex(line, spec, item.word);
    last = Math.max(last, index < 0 ? spec.slots.length : index);
  }
  return last + 1;
}

function slotRole(spec: CommandSpec, index: number, word: Word | undefined): ArgumentRole {
  const slot = spec.slots[index];
  return slot ? { kind: "slot", index, slot, word } : { kind: "extra", word };
}

/**
 * The role of a column of a typed module line: undefined on `mod`, `cmd`, the module, the verb
 * and before them, and on untyped lines.
 */
export function argumentRole(line: ModuleLine, column: number, mode: RoleMode): ArgumentRole | undefined {
  const spec = line.spec;
  const verb = line.verb;
  if (!spec || !verb || column <= verb.range.endColumn) return undefined;
  const items = classify(line);
  const current = items.find((i) => i.word.range.column <= column && column <= i.word.range.endColumn);
  if (current) {
    if (current.role === "switch") return { kind: "switch", arg: current.arg!, word: current.word };
    if (current.role === "value") return { kind: "switch-value", arg: current.arg!, word: current.word };
    const bound = boundIndex(line, spec, current.word);
    if (mode === "bound" || (bound >= 0 && clearlyFits(spec.slots[bound]!, current.word))) return slotRole(spec, bound < 0 ? spec.slots.length : bound, current.word);
    const before = items.filter((i) => i.role === "positional" && i.word.range.endColumn < current.word.range.column);
    return slotRole(spec, nextIndex(line, spec, before), current.word);
  }
  const before = items.filter((i) => i.word.range.endColumn < column);
  const previous = before[before.length - 1];
  if (previous?.role === "switch") return { kind: "switch-value", arg: previous.arg!, word: undefined };
  return slotRole(spec, nextIndex(line, spec, before.filter((i) => i.role === "positional")), undefined);
}

interface Parameter {
  readonly label: string;
  readonly documentation: string;
  readonly slot?: number;
  readonly switchName?: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The slots and switches of a command, labelled as they are written in its signature. */
function parametersOf(spec: CommandSpec): Parameter[] {
  const out: Parameter[] = [];
  spec.slots.forEach((slot, index) => {
    const label = slot.name.toUpperCase();
    if (new RegExp(`(^|[\\s[])${escapeRegExp(label)}(?=[\\s\\]]|$)`).test(spec.signature)) out.push({ label, documentation: slot.doc, slot: index });
  });
  for (const sw of spec.switches) {
    const name = escapeRegExp(sw.name);
    const match = new RegExp(`\\[${name} [A-Z]+\\]`).exec(spec.signature) ?? new RegExp(`${name}(?: [A-Z]+)?`).exec(spec.signature);
    if (match) out.push({ label: match[0], documentation: sw.doc, switchName: sw.name });
  }
  return out;
}

/** The active parameter for a role: the slot or switch it is, or for an empty place past the slots the next switch not yet written. */
function activeIndex(line: ModuleLine, parameters: readonly Parameter[], role: ArgumentRole | undefined): number {
  if (!role) return -1;
  switch (role.kind) {
    case "slot":
      return parameters.findIndex((p) => p.slot === role.index);
    case "switch":
    case "switch-value": {
      let name = role.arg.spec?.name;
      if (!name && role.kind === "switch") {
        // A switch name being typed (`/al`) is the one switch it can still become.
        const typed = role.word.text.toLowerCase();
        const candidates = parameters.filter((p) => p.switchName?.startsWith(typed));
        if (candidates.length === 1) name = candidates[0]!.switchName;
      }
      return name ? parameters.findIndex((p) => p.switchName === name) : -1;
    }
    case "extra": {
      if (role.word) return -1;
      // Not a switch that takes a device command (scfg /always): it is another form of the command, not its next step.
      const present = new Set(switchesOf(line).map((s) => s.spec?.name));
      const next = (name: string) => !present.has(name) && line.spec?.switches.find((s) => s.name === name)?.value !== "command";
      return parameters.findIndex((p) => p.switchName !== undefined && next(p.switchName));
    }
  }
}

export function signatureHelp(context: DocumentContext, position: Position): SignatureResult | undefined {
  if (!isValidPosition(position)) return undefined;
  const line = context.parsed.tree.lines[position.line];
  if (line && isSettingsLine(line)) return settingsSignature(line, Math.min(position.column, lineLength(line)));
  if (!line || line.kind !== "module" || !line.spec) return undefined;
  const spec = line.spec;
  const column = Math.min(position.column, lineLength(line));
  const parameters = parametersOf(spec);
  const role = argumentRole(line, column, "typing");
  return {
    label: spec.signature,
    documentation: spec.doc,
    parameters: parameters.map(({ label, documentation }) => ({ label, documentation })),
    activeParameter: activeIndex(line, parameters, role),
  };
}

/** `config add|change|rem UP1 …`: every setting is a parameter; the active one is the setting under the cursor. */
function settingsSignature(line: SettingsLine, column: number): SignatureResult | undefined {
  const spec = settingsSpecOf(line);
  if (!spec) return undefined;
  const rem = line.settingVerb === "rem";
  const role = settingRole(line, column);
  let name: string | undefined;
  if (role?.kind === "name" || role?.kind === "value") {
    name = role.setting.spec?.name;
    if (!name && role.kind === "name") {
      // A setting being typed (`/poll-f`) is the one it can still become.
      const typed = role.word.text.toLowerCase();
      const candidates = spec.settings.filter((s) => s.name.startsWith(typed));
      if (candidates.length === 1) name = candidates[0]!.name;
    }
  }
  return {
    label: rem ? spec.remSignature : spec.signature,
    documentation: spec.doc,
    parameters: spec.settings.map((s) => ({ label: !rem && s.valueName ? `${s.name} ${s.valueName}` : s.name, documentation: s.doc })),
    activeParameter: name ? spec.settings.findIndex((s) => s.name === name) : -1,
  };
}
