/**
 * Turns what the parser read on one line (a LineShape) into a typed line node. The catalog decides which module commands
 * are typed and what each argument means; words that do not fit stay in the tree (`extra`) so the
 * validator can report them. Nothing here throws on partial (recovered) lines.
 */
import type { IToken } from "chevrotain";
import type {
  Arg,
  CaseIssue,
  CheckLine,
  ConfigLine,
  EncodedArg,
  EncodedUrlArg,
  FinalArg,
  HoursArg,
  LineEnd,
  LineNode,
  ModuleLine,
  NumberArg,
  PlainLine,
  ProvisionLine,
  ScfgLine,
  SettingArg,
  SwitchArg,
  TimesLine,
  TransferLine,
  UrlArg,
  Word,
} from "./ast.js";
import {
  CONFIG_VERBS,
  VARS_VERBS,
  finalIgnoringCase,
  findCommand,
  findModule,
  findSettingVerb,
  findSettings,
  findSwitch,
  isCheckedModule,
  type ArgKind,
  type CommandSpec,
  type SettingsSpec,
  type SlotSpec,
} from "./catalog.js";
import { exact, none } from "./arrays.js";
import { parseDirective } from "./directive.js";
import { decodePercent } from "./encoded.js";
import { parseHours } from "./hours.js";
import { anchoredRange, type LineAnchor, type Range } from "./range.js";
import type { LineShape } from "./parser.js";
import { looksLikeUrl, parseUrl } from "./url.js";

/** Where a line sits in the text and where its tokens' offsets count from. */
export interface LineFrame {
  readonly line: number;
  /** The line's number and first offset, shared by every range in the line. */
  readonly anchor: LineAnchor;
  /** Where the line's content starts, and its tokens' offsets count from: 1 after a BOM, else 0. */
  readonly contentColumn: number;
  readonly fullRange: Range;
  readonly eol: LineEnd;
}

function tokenWord(frame: LineFrame, token: IToken): Word {
  const from = frame.contentColumn + token.startOffset;
  return { text: token.image, range: anchoredRange(frame.anchor, from, from + token.image.length) };
}

const noWords: readonly Word[] = none();

function isReal(token: IToken): boolean {
  return token.image !== undefined && !token.isInsertedInRecovery && !Number.isNaN(token.startOffset);
}

/** The real tokens, skipping the ones error recovery invented. */
function words(frame: LineFrame, tokens: readonly IToken[]): readonly Word[] {
  if (tokens.length === 0) return noWords;
  // map() sizes the array exactly; arrays grown by push() keep spare capacity for the tree's lifetime.
  const real = tokens.every(isReal) ? tokens : tokens.filter(isReal);
  return real.map((token) => tokenWord(frame, token));
}

/** The word of a token, unless error recovery invented it. */
function word(frame: LineFrame, token: IToken | undefined): Word | undefined {
  return token && isReal(token) ? tokenWord(frame, token) : undefined;
}

/**
 * A line's words, `[head, a, b, c, ...args]` with the missing ones left out, at their exact size:
 * an array grown by push would be made again at its exact size for the tree (exact()).
 */
function lineWords(head: Word, a: Word | undefined, b: Word | undefined, c: Word | undefined, args: readonly Word[]): Word[] {
  const all = new Array<Word>(1 + (a ? 1 : 0) + (b ? 1 : 0) + (c ? 1 : 0) + args.length);
  let at = 0;
  all[at++] = head;
  if (a) all[at++] = a;
  if (b) all[at++] = b;
  if (c) all[at++] = c;
  for (let i = 0; i < args.length; i++) all[at++] = args[i]!;
  return all;
}

function lineRangeOf(frame: LineFrame, all: readonly Word[]): Range {
  const first = all[0];
  const last = all[all.length - 1];
  if (!first || !last) return anchoredRange(frame.anchor, frame.contentColumn, frame.contentColumn);
  return anchoredRange(frame.anchor, first.range.column, last.range.endColumn);
}

export function blankLine(frame: LineFrame): LineNode {
  const range = anchoredRange(frame.anchor, frame.contentColumn, frame.contentColumn);
  return { kind: "blank", line: frame.line, range, fullRange: frame.fullRange, eol: frame.eol, words: noWords };
}

export function buildLine(frame: LineFrame, shape: Readonly<LineShape>): LineNode {
  switch (shape.kind) {
    case "comment":
      return commentLine(frame, shape.first!);
    case "module":
      return moduleLine(frame, shape);
    case "config":
    case "vars":
      return configLine(frame, shape, shape.kind);
    case "other":
      return otherLine(frame, shape) ?? blankLine(frame);
    case "none":
      return blankLine(frame);
  }
}

function commentLine(frame: LineFrame, token: IToken): LineNode {
  const raw = tokenWord(frame, token);
  // Trailing blanks and tabs are dropped by a scan from the end: `/[ \t]+$/` is quadratic on a long run of blanks inside the line.
  let end = raw.text.length;
  while (end > 0 && (raw.text.charCodeAt(end - 1) === 32 || raw.text.charCodeAt(end - 1) === 9)) end--;
  const text = raw.text.slice(0, end);
  const comment: Word = { text, range: anchoredRange(frame.anchor, raw.range.column, raw.range.column + text.length) };
  const directive = parseDirective(comment);
  const { line, fullRange, eol } = frame;
  return directive
    ? { kind: "directive", line, range: comment.range, fullRange, eol, words: [comment], comment, directive }
    : { kind: "comment", line, range: comment.range, fullRange, eol, words: [comment], comment };
}

function caseIssue(issues: CaseIssue[], word: Word | undefined, expected: string): void {
  if (word && word.text !== expected) issues.push({ word, expected });
}

/**
 * The case issues of the line being built: one array for every line (building is synchronous and
 * never nested), copied into the node at its exact size, the shared empty array for most lines.
 */
const pendingIssues: CaseIssue[] = [];

function startIssues(): CaseIssue[] {
  if (pendingIssues.length !== 0) pendingIssues.length = 0;
  return pendingIssues;
}

/**
 * Fields every module line has. Line objects are built whole, never by spreading, so each kind
 * keeps one stable shape; that alone made parsing several times faster.
 */
interface ModuleFields {
  readonly line: number;
  readonly range: Range;
  readonly fullRange: Range;
  readonly eol: LineEnd;
  readonly words: readonly Word[];
  readonly mod: Word;
  readonly cmd: Word | undefined;
  readonly module: Word | undefined;
  readonly verb: Word | undefined;
  readonly args: readonly Word[];
  readonly caseIssues: CaseIssue[];
}

function moduleLine(frame: LineFrame, shape: Readonly<LineShape>): ModuleLine {
  const mod = word(frame, shape.first)!;
  const cmd = word(frame, shape.cmd);
  const module = word(frame, shape.module);
  const verb = word(frame, shape.verb);
  const args = words(frame, shape.args);
  const all = lineWords(mod, cmd, module, verb, args);
  const caseIssues = startIssues();
  caseIssue(caseIssues, mod, "mod");
  caseIssue(caseIssues, cmd, "cmd");
  if (module) {
    const upper = module.text.toUpperCase();
    // Known modules, and anything shaped like a module instance (letters then digits, `tls1`).
    if (findModule(upper) || isCheckedModule(upper) || /^[A-Z]+[0-9]+$/.test(upper)) caseIssue(caseIssues, module, upper);
  }
  const spec = module && verb ? findCommand(module.text, verb.text) : undefined;
  const fields: ModuleFields = { line: frame.line, range: lineRangeOf(frame, all), fullRange: frame.fullRange, eol: frame.eol, words: all, mod, cmd, module, verb, args, caseIssues };
  if (!spec) {
    const { line, range, fullRange, eol, words } = fields;
    return { kind: "module", id: undefined, spec: undefined, line, range, fullRange, eol, words, mod, cmd, module, verb, args, extra: none(), caseIssues: exact(caseIssues) };
  }
  caseIssue(caseIssues, verb, spec.verb);
  return typedModuleLine(spec, fields, bindArguments(spec, args, caseIssues));
}

function typedModuleLine(spec: CommandSpec, fields: ModuleFields, bound: Bound): ModuleLine {
  const { line, range, fullRange, eol, words: all, mod, cmd, module, verb, args } = fields;
  const caseIssues = exact(fields.caseIssues);
  const { extra } = bound;
  const switches = exact(bound.switches);
  const kind = "module";
  // One case per shape of the catalog (CommandShape), never per command: the id comes with the spec.
  // The ids are cast to the shape's: the catalog's `shape` field is what ties them (docs/catalog.md).
  switch (spec.shape) {
    case "final-serial":
      return { kind, id: spec.id as CheckLine["id"], spec, line, range, fullRange, eol, words: all, mod, cmd, module, verb, args, extra, caseIssues, final: slotOf<FinalArg>(spec, bound, "final"), serial: slotOf(spec, bound, "serial") };
    case "switches":
      return {
        kind, id: spec.id as TimesLine["id"], spec, line, range, fullRange, eol, words: all, mod, cmd, module, verb, args, extra, caseIssues,
        switches, allow: switchOf<HoursArg>(bound, "hours"), initial: switchOf<NumberArg>(bound, "minutes"),
      };
    case "plain":
      return { kind, id: spec.id as PlainLine["id"], spec, line, range, fullRange, eol, words: all, mod, cmd, module, verb, args, extra, caseIssues };
    case "minutes":
      return { kind, id: spec.id as ProvisionLine["id"], spec, line, range, fullRange, eol, words: all, mod, cmd, module, verb, args, extra, caseIssues, minutes: slotOf<NumberArg>(spec, bound, "minutes") };
    case "transfer":
      return {
        kind, id: spec.id as TransferLine["id"], spec, line, range, fullRange, eol, words: all, mod, cmd, module, verb, args, extra, caseIssues,
        url: slotOf<UrlArg>(spec, bound, "url"), final: slotOf<FinalArg>(spec, bound, "final"), serial: slotOf(spec, bound, "build") ?? slotOf(spec, bound, "serial"),
      };
    case "upload":
      return {
        kind, id: spec.id as ScfgLine["id"], spec, line, range, fullRange, eol, words: all, mod, cmd, module, verb, args, extra, caseIssues,
        url: slotOf<UrlArg>(spec, bound, "url"), final: slotOf<FinalArg>(spec, bound, "final"), serial: slotOf(spec, bound, "serial"),
        switches, force: switchOf<NumberArg>(bound, "count"), always: switchOf<EncodedArg>(bound, "command"),
      };
  }
}

/** The argument in slot `name` of the spec, if the line has one. */
function slotOf<T extends Arg>(spec: CommandSpec, bound: Bound, name: string): T | undefined {
  const index = slotIndex(spec, name);
  return (index < 0 ? undefined : bound.slots[index]) as T | undefined;
}

/** A shape's switch fields are found by the kind of their value (one switch of each kind per shape). */
function switchOf<T extends Arg>(bound: Bound, value: ArgKind): SwitchArg<T> | undefined {
  for (const s of bound.switches) if (s.spec?.value === value) return s as SwitchArg<T>;
  return undefined;
}

const SWITCH = /^\/[A-Za-z]/;

interface Bound {
  /** By slot index of the command's spec. */
  readonly slots: readonly (Arg | undefined)[];
  readonly switches: SwitchArg[];
  readonly extra: readonly Word[];
}

/**
 * Assigns the words after the verb to the command's slots and switches. With as many words as
 * slots (or more) the assignment is positional. With fewer, the words go to the slots they fit
 * best, so `prot ireset 04-5656` is read as a missing URL, not as a URL `ireset`.
 */
function bindArguments(spec: CommandSpec, args: readonly Word[], caseIssues: CaseIssue[]): Bound {
  const positional: Word[] = [];
  const switches: SwitchArg[] = [];
  const takesSwitches = spec.switches.length > 0;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (!takesSwitches || !SWITCH.test(word.text)) {
      positional.push(word);
      continue;
    }
    const switchSpec = findSwitch(spec, word.text);
    if (switchSpec) caseIssue(caseIssues, word, switchSpec.name);
    const next = args[i + 1];
    if (next && !SWITCH.test(next.text)) {
      i++;
      switches.push({ name: word, spec: switchSpec, value: typedArg(switchSpec?.value ?? "text", next, caseIssues) });
    } else {
      switches.push({ name: word, spec: switchSpec });
    }
  }
  const slots = new Array<Arg | undefined>(spec.slots.length).fill(undefined);
  const chosen = chooseSlots(spec.slots, positional);
  for (let wordIndex = 0; wordIndex < chosen.length; wordIndex++) {
    const index = chosen[wordIndex]!;
    slots[index] = typedArg(spec.slots[index]!.kind, positional[wordIndex]!, caseIssues);
  }
  return { slots, switches, extra: positional.length > chosen.length ? exact(positional.slice(chosen.length)) : none() };
}

function typedArg(kind: ArgKind, word: Word, caseIssues: CaseIssue[]): Arg {
  switch (kind) {
    case "url":
      return parseUrl(word);
    case "final": {
      const final = finalIgnoringCase(word.text);
      if (final) caseIssue(caseIssues, word, final);
      return { text: word.text, range: word.range, final };
    }
    case "minutes":
    case "count":
      return { text: word.text, range: word.range, value: /^\d+$/.test(word.text) ? Number(word.text) : undefined };
    case "hours":
      return parseHours(word);
    case "command":
      return { text: word.text, range: word.range, decoded: decodePercent(word.text) } satisfies EncodedArg;
    case "encoded-url":
      return encodedUrl(word);
    default:
      return word;
  }
}

/**
 * The value of UP1 `/url`: decoded, then read as a URL. A word with nothing to decode is read in
 * place (exact ranges); otherwise the decoded text is read and every range in the result is set
 * to the word's range, since decoded positions do not map one to one to the word.
 */
function encodedUrl(word: Word): EncodedUrlArg {
  const decoded = decodePercent(word.text);
  const verbatim = decoded === word.text;
  let decodedUrl: UrlArg | undefined;
  if (verbatim) decodedUrl = parseUrl(word);
  else if (decoded !== undefined) decodedUrl = pinRanges(parseUrl({ text: decoded, range: word.range }), word.range);
  return { text: word.text, range: word.range, decoded, decodedUrl, verbatim };
}

function pinRanges(url: UrlArg, range: Range): UrlArg {
  const pin = <T extends { readonly range: Range }>(part: T | undefined): T | undefined => (part ? { ...part, range } : undefined);
  return {
    text: url.text,
    range,
    looksLikeUrl: url.looksLikeUrl,
    scheme: pin(url.scheme),
    userinfo: pin(url.userinfo),
    host: pin(url.host),
    port: pin(url.port),
    path: pin(url.path),
    query: pin(url.query),
    metas: exact(url.metas.map((m) => ({ ...m, range }))),
    endsWithSlash: url.endsWithSlash,
    problems: exact(url.problems.map((p) => ({ ...p, range }))),
  };
}

/** How well a word fits a slot kind; only used to decide which slots a short argument list fills. */
function fit(kind: ArgKind, word: Word): number {
  const isUrl = looksLikeUrl(word.text);
  const isFinal = finalIgnoringCase(word.text) !== undefined;
  // A word with a slash is more likely a URL with its scheme missing than a serial.
  const hasSlash = word.text.includes("/");
  switch (kind) {
    case "url":
      return isUrl ? 3 : isFinal ? -3 : hasSlash ? 2 : 0;
    case "final":
      return isFinal ? 3 : isUrl ? -3 : -1;
    case "serial":
    case "build":
      return isUrl ? -2 : isFinal ? -1 : hasSlash ? 0 : 1;
    default:
      return 0;
  }
}

/** The index of each slot of a spec by name (the catalog is fixed, so this is made once per spec). */
const slotIndexes = new WeakMap<CommandSpec, ReadonlyMap<string, number>>();

/** The index of slot `name` in `spec.slots`; -1 when the command has no such slot. */
function slotIndex(spec: CommandSpec, name: string): number {
  let indexes = slotIndexes.get(spec);
  if (!indexes) slotIndexes.set(spec, (indexes = new Map(spec.slots.map((slot, i) => [slot.name, i]))));
  return indexes.get(name) ?? -1;
}

/** `[0, 1, …, n - 1]` for each n: the positional assignment, shared and never changed. */
const IN_ORDER: (readonly number[])[] = [];

function inOrder(n: number): readonly number[] {
  return (IN_ORDER[n] ??= Object.freeze(Array.from({ length: n }, (_, i) => i)));
}

/** For each word (in order), the index of the slot it fills. */
function chooseSlots(slots: readonly SlotSpec[], positional: readonly Word[]): readonly number[] {
  const used = Math.min(slots.length, positional.length);
  if (positional.length >= slots.length) return inOrder(used);
  let best: number[] = [];
  let bestScore = -Infinity;
  const pick = (start: number, taken: number[], score: number) => {
    if (taken.length === used) {
      if (score > bestScore) {
        bestScore = score;
        best = [...taken];
      }
      return;
    }
    for (let s = start; s <= slots.length - (used - taken.length); s++) {
      taken.push(s);
      pick(s + 1, taken, score + fit(slots[s]!.kind, positional[taken.length - 1]!));
      taken.pop();
    }
  };
  pick(0, [], 0);
  return best;
}

function configLine(frame: LineFrame, shape: Readonly<LineShape>, kind: "config" | "vars"): ConfigLine {
  const keyword = word(frame, shape.first)!;
  const verb = word(frame, shape.verb);
  const args = words(frame, shape.args);
  const all = lineWords(keyword, verb, undefined, undefined, args);
  const caseIssues = startIssues();
  caseIssue(caseIssues, keyword, kind);
  const verbs: readonly { verb: string }[] = kind === "config" ? CONFIG_VERBS : VARS_VERBS;
  const known = verb && verbs.find((v) => v.verb === verb.text.toLowerCase());
  if (known) caseIssue(caseIssues, verb, known.verb);
  const { line, fullRange, eol } = frame;
  const range = lineRangeOf(frame, all);
  const settingVerb = kind === "config" && verb ? findSettingVerb(verb.text) : undefined;
  const module = settingVerb ? args[0] : undefined;
  const settingsSpec = module ? findSettings(module.text) : undefined;
  if (!settingVerb || !module || !settingsSpec) {
    // Every config line has the same fields, typed or not: one stable object shape.
    return { kind, line, range, fullRange, eol, words: all, keyword, verb, args, caseIssues: exact(caseIssues), module: undefined, settingVerb: undefined, settings: undefined, extra: undefined };
  }
  caseIssue(caseIssues, module, settingsSpec.module);
  const { settings, extra } = bindSettings(settingsSpec, settingVerb.takesValues, args.slice(1), caseIssues);
  return { kind, line, range, fullRange, eol, words: all, keyword, verb, args, caseIssues: exact(caseIssues), module, settingVerb: settingVerb.verb, settings, extra };
}

/**
 * The settings after `config add|change|rem MODULE`. With `takesValues` (add, change) a setting
 * that has a value, and an unknown one, takes the next word unless that is a switch; a flag takes
 * none. After rem no setting takes a value.
 */
function bindSettings(spec: SettingsSpec, takesValues: boolean, args: readonly Word[], caseIssues: CaseIssue[]): { settings: readonly SettingArg[]; extra: readonly Word[] } {
  const settings: SettingArg[] = [];
  const extra: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (!SWITCH.test(word.text)) {
      extra.push(word);
      continue;
    }
    const lower = word.text.toLowerCase();
    const setting = spec.settings.find((s) => s.name === lower);
    if (setting) caseIssue(caseIssues, word, setting.name);
    const next = args[i + 1];
    if (takesValues && (setting ? setting.value !== null : true) && next && !SWITCH.test(next.text)) {
      i++;
      settings.push({ name: word, spec: setting, value: typedArg(setting?.value ?? "text", next, caseIssues) });
    } else {
      settings.push({ name: word, spec: setting });
    }
  }
  return { settings: exact(settings), extra: exact(extra) };
}

function otherLine(frame: LineFrame, shape: Readonly<LineShape>): LineNode | undefined {
  const head = word(frame, shape.first);
  if (!head) return undefined;
  const args = words(frame, shape.args);
  const all = lineWords(head, undefined, undefined, undefined, args);
  const { line, fullRange, eol } = frame;
  const range = lineRangeOf(frame, all);
  const final = finalIgnoringCase(head.text);
  if (!final) return { kind: "other", line, range, fullRange, eol, words: all, head, args };
  const caseIssues = startIssues();
  caseIssue(caseIssues, head, final);
  return { kind: "final", line, range, fullRange, eol, words: all, final: { text: head.text, range: head.range, final }, args, caseIssues: exact(caseIssues) };
}

/**
 * A line beyond the length limit: kept whole in the tree (its words found by a plain scan, so the
 * tree stays lossless) but not read by the grammar.
 */
export function oversizedLine(frame: LineFrame, content: string): LineNode {
  const all: Word[] = [];
  for (const m of content.matchAll(/[^ \t]+/g)) {
    const from = frame.contentColumn + m.index;
    all.push({ text: m[0], range: anchoredRange(frame.anchor, from, from + m[0].length) });
  }
  const head = all[0]!;
  return { kind: "other", line: frame.line, range: lineRangeOf(frame, all), fullRange: frame.fullRange, eol: frame.eol, words: exact(all), head, args: exact(all.slice(1)), unread: true };
}
