/**
 * The syntax tree. One node per line of the input, always, whatever the line contains. Nodes
 * are plain data: no methods, no parent links, safe to serialise.
 *
 * Typed fields may be absent on malformed input (a missing URL, a missing final command): the
 * tree keeps whatever is there and the validator reports what is missing.
 */
import type { CommandId, CommandIdOf, CommandSpec, FinalWord, MetaName, SettingSpec, SettingVerb, SwitchSpec } from "./catalog.js";
import type { Range } from "./range.js";

export interface Word {
  readonly text: string;
  readonly range: Range;
}

/** A word in a final-command slot; `final` is the recognised word, ignoring case. */
export interface FinalArg extends Word {
  readonly final: FinalWord | undefined;
}

/** A word in a minutes slot; `value` is set when it is a non-negative integer. */
export interface NumberArg extends Word {
  readonly value: number | undefined;
}

export type HourItemKind =
  /** Digits only; the value may still lie outside 0–23. */
  | "hour"
  /** `22-4`: a range, which the device does not understand. */
  | "range"
  /** Nothing between two commas, or a trailing comma. */
  | "empty"
  /** Anything else. */
  | "invalid";

export interface HourItem {
  readonly text: string;
  readonly range: Range;
  readonly kind: HourItemKind;
  /** For `hour`: the number. For `range`: the first hour. */
  readonly value?: number;
  /** For `range`: the last hour. */
  readonly to?: number;
}

/** An `/allow` value: a comma-separated list of hours, split into items. */
export interface HoursArg extends Word {
  readonly items: readonly HourItem[];
  /** Bit h set for every hour 0–23 the list allows (grammar/src/hours.ts); ranges and bad items add nothing. */
  readonly mask: number;
}

export interface UrlPart {
  readonly text: string;
  readonly range: Range;
}

export interface MetaRef {
  /** As written, e.g. `#bn` or `#x`. */
  readonly text: string;
  /** The known sequence, or undefined for an unknown `#x`. */
  readonly name: MetaName | undefined;
  readonly range: Range;
}

export interface UrlProblem {
  readonly message: string;
  readonly range: Range;
}

export interface UrlArg extends Word {
  /** True when the word starts with a scheme (`http:`); otherwise it is no URL at all. */
  readonly looksLikeUrl: boolean;
  readonly scheme?: UrlPart;
  readonly userinfo?: UrlPart;
  readonly host?: UrlPart;
  readonly port?: UrlPart;
  readonly path?: UrlPart;
  readonly query?: UrlPart;
  readonly metas: readonly MetaRef[];
  /** The path ends in `/` with no query, so the device appends a default file name. */
  readonly endsWithSlash: boolean;
  readonly problems: readonly UrlProblem[];
}

/**
 * A percent-encoded word (`vars%20read%20X509%2FREQUEST`): `text` and `range` are the word as
 * written, `decoded` what the device makes of it (`vars read X509/REQUEST`). `decoded` is
 * undefined when the word does not decode: a `%` without two hex digits after it, or bytes that
 * are no UTF-8.
 */
export interface EncodedArg extends Word {
  readonly decoded: string | undefined;
}

/**
 * The value of UP1 `/url`, usually fully percent-encoded
 * (`http%3A%2F%2F10.0.0.5%2Fupdate.php%3Ftype%3D%23t`).
 *
 * `decodedUrl` is the decoded text read as a URL (undefined when the word does not decode). When
 * the word holds no `%` (`verbatim`), it is the word itself and its ranges are exact. Otherwise
 * positions in the decoded text do not map one to one to the word, so **every range inside
 * `decodedUrl` (the URL, its parts, its meta sequences and problems) is the range of the whole
 * value word**, while its texts are decoded text.
 */
export interface EncodedUrlArg extends EncodedArg {
  readonly decodedUrl: UrlArg | undefined;
  /** The word has nothing to decode: `decodedUrl` is the word and its ranges point at the exact characters. */
  readonly verbatim: boolean;
}

export type Arg = Word | FinalArg | NumberArg | HoursArg | UrlArg | EncodedArg | EncodedUrlArg;

export interface SwitchArg<V extends Arg = Arg, S = SwitchSpec> {
  /** The switch word, e.g. `/allow`. */
  readonly name: Word;
  /** The catalog entry, matched ignoring case; undefined for an unknown switch. */
  readonly spec: S | undefined;
  readonly value?: V;
}

/**
 * A setting on a `config add|change|rem UP1` line, e.g. `/poll 1`. `spec` is the catalog's
 * setting (UP1_SETTINGS), undefined for one upscript does not know. After add and change a setting
 * with a value takes the next word unless it is a switch (an unknown setting too); a flag and
 * every setting after rem take none. The value of `/url` is an EncodedUrlArg, of `/poll`,
 * `/poll-fast` and `/provision` a NumberArg, of an unknown setting a plain Word.
 */
export type SettingArg = SwitchArg<Arg, SettingSpec>;

/** A keyword or name written in a case the device does not accept. */
export interface CaseIssue {
  readonly word: Word;
  readonly expected: string;
}

export type LineKind = "blank" | "comment" | "directive" | "module" | "config" | "vars" | "final" | "other";

export type LineEnd = "" | "\n" | "\r\n" | "\r";

interface LineBase {
  readonly kind: LineKind;
  /** 0-based line number. */
  readonly line: number;
  /** The line's text without leading and trailing blanks and without its line end. */
  readonly range: Range;
  /** The whole line: leading blanks, text, trailing blanks and line end. */
  readonly fullRange: Range;
  readonly eol: LineEnd;
  /** Every word of the line in order. A comment line has one word: the whole comment. */
  readonly words: readonly Word[];
}

export interface BlankLine extends LineBase {
  readonly kind: "blank";
}

export interface CommentLine extends LineBase {
  readonly kind: "comment";
  readonly comment: Word;
}

export type DirectiveKind = "disable-next-line" | "disable" | "enable" | "disable-file";

export interface Directive {
  /** undefined when the word after `#` starts with `upscript-` but names no directive. */
  readonly kind: DirectiveKind | undefined;
  /** `upscript-disable-next-line` etc. as written. */
  readonly keyword: Word;
  /** Rule ids (or `all`) as written. */
  readonly rules: readonly Word[];
  /** The text after ` -- `, if any. */
  readonly reason?: Word;
}

export interface DirectiveLine extends LineBase {
  readonly kind: "directive";
  readonly comment: Word;
  readonly directive: Directive;
}

interface ModuleLineBase extends LineBase {
  readonly kind: "module";
  readonly mod: Word;
  readonly cmd?: Word;
  readonly module?: Word;
  readonly verb?: Word;
  /** Every word after the verb, typed or not. */
  readonly args: readonly Word[];
  /** Words left over after the command's slots and switches are filled. */
  readonly extra: readonly Word[];
  readonly spec: CommandSpec | undefined;
  readonly caseIssues: readonly CaseIssue[];
}

export interface GenericModuleLine extends ModuleLineBase {
  readonly id: undefined;
  readonly spec: undefined;
}

/** A line of a command the catalog has: its spec is always there. */
interface TypedModuleLineBase extends ModuleLineBase {
  readonly spec: CommandSpec;
}

/*
 * The typed module lines, one per command shape of the catalog (CommandShape). Each `id` union
 * is derived from the catalog, so a new command of an existing shape needs no change here
 * (docs/catalog.md).
 */

/** FINAL SERIAL (check). */
export interface CheckLine extends TypedModuleLineBase {
  readonly id: CommandIdOf<"final-serial">;
  readonly final?: FinalArg;
  readonly serial?: Word;
}

/** Switches only (times). */
export interface TimesLine extends TypedModuleLineBase {
  readonly id: CommandIdOf<"switches">;
  /** Every switch in order, known or not. */
  readonly switches: readonly SwitchArg[];
  readonly allow?: SwitchArg<HoursArg>;
  readonly initial?: SwitchArg<NumberArg>;
}

/** No arguments (poll, reinit, activate-pwr, deactivate-pwr). */
export interface PlainLine extends TypedModuleLineBase {
  readonly id: CommandIdOf<"plain">;
}

/** One MINUTES slot (provision). */
export interface ProvisionLine extends TypedModuleLineBase {
  readonly id: CommandIdOf<"minutes">;
  readonly minutes?: NumberArg;
}

/** URL FINAL SERIAL (prot, boot, bmc, cfg). */
export interface TransferLine extends TypedModuleLineBase {
  readonly id: CommandIdOf<"transfer">;
  readonly url?: UrlArg;
  readonly final?: FinalArg;
  /** The BUILD of prot/boot/bmc, the SERIAL of cfg. */
  readonly serial?: Word;
}

/** URL [FINAL SERIAL] and switches (scfg). */
export interface ScfgLine extends TypedModuleLineBase {
  readonly id: CommandIdOf<"upload">;
  readonly url?: UrlArg;
  readonly final?: FinalArg;
  readonly serial?: Word;
  readonly switches: readonly SwitchArg[];
  readonly force?: SwitchArg<NumberArg>;
  /** `/always COMMAND`: the command is one percent-encoded word, kept as written and decoded. */
  readonly always?: SwitchArg<EncodedArg>;
}

export type ModuleLine =
  | GenericModuleLine
  | CheckLine
  | TimesLine
  | PlainLine
  | ProvisionLine
  | TransferLine
  | ScfgLine;

/** The typed line of each command shape: `line.spec.shape` tells which one a module line is. */
export interface LineOfShape {
  readonly plain: PlainLine;
  readonly minutes: ProvisionLine;
  readonly "final-serial": CheckLine;
  readonly switches: TimesLine;
  readonly transfer: TransferLine;
  readonly upload: ScfgLine;
}

/** Whether a line is a typed module line of a shape (its command's `shape` in the catalog). */
export function hasShape<S extends keyof LineOfShape>(line: LineNode, shape: S): line is LineOfShape[S] {
  return line.kind === "module" && line.spec?.shape === shape;
}

/** A line that loads a file of configuration lines (cfg): the catalog's `transfer.loadsConfig`. */
export function isConfigLoad(line: LineNode): line is TransferLine {
  return hasShape(line, "transfer") && line.spec.transfer?.loadsConfig === true;
}

/**
 * `config VERB ARGS…` and `vars VERB ARGS…`: open commands, kept as words. The one exception is
 * `config add|change|rem UP1 …` (any case), whose settings are typed: such a line has `module`
 * (the word `UP1`, also `args[0]`), `settingVerb`, `settings` and `extra`; on every other line
 * they are undefined (see SettingsLine and isSettingsLine).
 */
export interface ConfigLine extends LineBase {
  readonly kind: "config" | "vars";
  readonly keyword: Word;
  readonly verb?: Word;
  readonly args: readonly Word[];
  readonly caseIssues: readonly CaseIssue[];
  readonly module?: Word;
  /** The verb, lower case. */
  readonly settingVerb?: SettingVerb;
  /** Every switch after the module in order, known or not, with its value. */
  readonly settings?: readonly SettingArg[];
  /** Words after the module that are neither a setting nor its value. */
  readonly extra?: readonly Word[];
}

/** A `config add|change|rem UP1 …` line: the update client's settings. */
export interface SettingsLine extends ConfigLine {
  readonly kind: "config";
  readonly verb: Word;
  readonly module: Word;
  readonly settingVerb: SettingVerb;
  readonly settings: readonly SettingArg[];
  readonly extra: readonly Word[];
}

/** A final command on its own line (`iresetn`). */
export interface FinalLine extends LineBase {
  readonly kind: "final";
  readonly final: FinalArg;
  readonly args: readonly Word[];
  readonly caseIssues: readonly CaseIssue[];
}

/** Any other line: kept with its words. */
export interface OtherLine extends LineBase {
  readonly kind: "other";
  readonly head: Word;
  readonly args: readonly Word[];
  /** Set on a line beyond the length limit: its words are kept but it was not read as a command. */
  readonly unread?: true;
}

export type LineNode = BlankLine | CommentLine | DirectiveLine | ModuleLine | ConfigLine | FinalLine | OtherLine;

export interface Script {
  /** The text the tree was built from. */
  readonly text: string;
  /** True when the text starts with a byte order mark (kept as trivia of line 0). */
  readonly bom: boolean;
  readonly lines: readonly LineNode[];
}

export type { CommandId };

/** Whether a line is a typed `config add|change|rem UP1 …` line. */
export function isSettingsLine(line: LineNode): line is SettingsLine {
  return line.kind === "config" && line.settings !== undefined;
}
