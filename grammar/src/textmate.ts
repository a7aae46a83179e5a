/**
 * The TextMate grammar of the VS Code extension (grammar/upscript.tmLanguage.json), generated from
 * the catalog: the typed line rules come from the commands' shapes, modules and verbs, the slot
 * patterns from the final words, the switch patterns from each switch's value kind, the settings
 * patterns from CONFIG_SETTINGS and the meta patterns from META_SEQUENCES. `npm run generate`
 * writes the file; test/textmate/generated.test.ts fails when it is out of date (docs/catalog.md).
 *
 * Pure: no I/O. The patterns mirror what the parser does (grammar/src/build.ts): words are runs of
 * characters other than blank and tab, names match in any letter case, arguments go to slots as
 * the builder assigns them, and every rule ends at the end of its line.
 */
import {
  COMMANDS,
  CONFIG_SETTINGS,
  FINAL_WORDS,
  META_SEQUENCES,
  SETTING_VERBS,
  type ArgKind,
  type CommandShape,
  type CommandSpec,
  type SettingSpec,
  type SwitchSpec,
} from "./catalog.js";

/** One rule of a TextMate grammar, as the JSON file holds it. */
export interface TextMateRule {
  readonly comment?: string;
  readonly name?: string;
  readonly match?: string;
  readonly begin?: string;
  readonly end?: string;
  readonly captures?: Readonly<Record<string, TextMateRule>>;
  readonly beginCaptures?: Readonly<Record<string, TextMateRule>>;
  readonly patterns?: readonly TextMateRule[];
  readonly include?: string;
}

export interface TextMateGrammar {
  readonly $schema: string;
  readonly name: string;
  readonly scopeName: string;
  readonly comment: string;
  readonly patterns: readonly TextMateRule[];
  readonly repository: Readonly<Record<string, TextMateRule>>;
}

// ---- scopes: one per semantic token type of the language server ----

const SCOPE = {
  keyword: "keyword.control.upscript",
  module: "entity.name.namespace.module.upscript",
  verb: "entity.name.function.verb.upscript",
  final: "constant.language.final.upscript",
  switch: "variable.parameter.switch.upscript",
  url: "markup.underline.link.upscript",
  meta: "constant.character.escape.meta.upscript",
  unknownMeta: "invalid.deprecated.unknown-meta.upscript",
  serial: "string.unquoted.serial.upscript",
  command: "string.unquoted.command.upscript",
  number: "constant.numeric.upscript",
  comment: "comment.line.number-sign.upscript",
  commentPunctuation: "punctuation.definition.comment.upscript",
  comma: "punctuation.separator.comma.upscript",
} as const;

// ---- regex pieces ----

/** One character of a word. */
const WORD_CHAR = String.raw`[^ \t\r\n]`;
const WORD = `${WORD_CHAR}+`;
/** The word ends here. */
const WORD_END = `(?!${WORD_CHAR})`;
const BLANKS = String.raw`[ \t]+`;
/** Right after a blank (a word's start inside a line). */
const AFTER_BLANK = String.raw`(?<=[ \t])`;
/** Inside a capture holding one word: the start of that word. */
const WORD_START = String.raw`(?<![^ \t])`;
/** The start of a switch: a slash and a letter. */
const SWITCH_START = "/[A-Za-z]";
const NOT_SWITCH = `(?!${SWITCH_START})`;
/** Only blanks up to the end of the line. */
const REST_BLANK = String.raw`[ \t]*$`;
const LINE_REST_BLANK = `(?=${REST_BLANK})`;
/** A switch with the value it takes (the next word unless that is a switch), for look-ahead. */
const SWITCH_WITH_VALUE = `${BLANKS}${SWITCH_START}${WORD_CHAR}*(?:${BLANKS}${NOT_SWITCH}${WORD})?`;
const SKIP_SWITCHES = `(?>${SWITCH_WITH_VALUE})*`;
/** One positional word, then any switches, for look-ahead. */
const POSITIONAL_THEN_SWITCHES = `${BLANKS}${NOT_SWITCH}${WORD}${SKIP_SWITCHES}`;
/** Percent-encoded text: every `%` starts two hex digits. */
const ENCODED = String.raw`(?>(?:[^% \t\r\n]|%[0-9A-Fa-f]{2})+)`;

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|-]/g, "\\$&");
}

/** Words in any letter case, longest first (the alternatives are followed by WORD_END anyway). */
function anyCase(words: readonly string[]): string {
  const unique = [...new Set(words)].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return `(?i:${unique.map(escapeRegex).join("|")})`;
}

const FINALS = anyCase(FINAL_WORDS);

/** `mod [cmd] MODULE VERB`, the four captured as keyword, keyword, module and verb. */
function moduleHead(module: string, verbs: readonly string[]): string {
  return String.raw`^[ \t]*((?i:mod))${WORD_END}(?>(?:${BLANKS}((?i:cmd))${WORD_END})?)${BLANKS}(${anyCase([module])})${BLANKS}(${anyCase(verbs)})${WORD_END}`;
}

const HEAD_CAPTURES = {
  "1": { name: SCOPE.keyword },
  "2": { name: SCOPE.keyword },
  "3": { name: SCOPE.module },
  "4": { name: SCOPE.verb },
};

const include = (name: string): TextMateRule => ({ include: `#${name}` });
const slots = (...names: string[]): TextMateRule => ({ patterns: names.map(include) });

// ---- switches, by the kind of their value ----

/** The pattern of switches with one value kind and their value; the value's scope follows the kind. */
function switchPattern(names: readonly string[], value: ArgKind | null): TextMateRule {
  const name = names.join("|");
  const head = `${AFTER_BLANK}(${anyCase(names)})${WORD_END}`;
  switch (value) {
    case "hours":
      return { match: `${head}(?:${BLANKS}(${NOT_SWITCH}${WORD}))?`, captures: { "1": { name: SCOPE.switch }, "2": slots("hours") } };
    case "minutes":
    case "count":
      return { match: `${head}(?:${BLANKS}(?:([0-9]+)${WORD_END}|${NOT_SWITCH}${WORD}))?`, captures: { "1": { name: SCOPE.switch }, "2": { name: SCOPE.number } } };
    case "command":
      return {
        comment: `${name} COMMAND: a percent-encoded device command, a string when every '%' starts two hex digits`,
        match: `${head}(?:${BLANKS}${NOT_SWITCH}(?:(${ENCODED})${WORD_END}|${WORD}))?`,
        captures: { "1": { name: SCOPE.switch }, "2": { name: SCOPE.command } },
      };
    case null:
      return { match: head, captures: { "1": { name: SCOPE.switch } } };
    default:
      // A value the grammar does not colour: the switch takes the next word, which stays plain.
      return { match: `${head}(?:${BLANKS}${NOT_SWITCH}${WORD})?`, captures: { "1": { name: SCOPE.switch } } };
  }
}

function switchesRule(switches: readonly SwitchSpec[]): TextMateRule {
  return { patterns: [...switches.map((s) => switchPattern([s.name], s.value)), include("other-switch")] };
}

// ---- the typed module lines, by shape ----

/** A rule for the lines of some commands of one shape and module. */
interface LineRules {
  readonly line: TextMateRule;
  readonly repository: Record<string, TextMateRule>;
}

function lineRule(commands: readonly CommandSpec[], body: readonly TextMateRule[]): TextMateRule {
  return {
    comment: commands.map((c) => c.signature).join("; "),
    begin: moduleHead(commands[0]!.module, commands.map((c) => c.verb)),
    beginCaptures: HEAD_CAPTURES,
    end: "$",
    patterns: body,
  };
}

/** URL FINAL SERIAL: positional with three words or more, the best-fitting slots with fewer (build.ts). */
function transferRules(prefix: string, commands: readonly CommandSpec[]): LineRules {
  const args = `${prefix}-args`;
  return {
    line: lineRule(commands, [include(args)]),
    repository: {
      [args]: {
        comment: "three words or more: positional (URL, FINAL, SERIAL, extra words plain); fewer: the best-fitting slots (grammar/src/build.ts)",
        patterns: [
          {
            match: String.raw`\G${BLANKS}(${WORD})${BLANKS}(${WORD})${BLANKS}(${WORD})`,
            captures: { "1": slots("url-slot"), "2": slots("final-slot"), "3": { name: SCOPE.serial } },
          },
          {
            match: String.raw`\G${BLANKS}(${FINALS}${WORD_END})${BLANKS}(${WORD})${LINE_REST_BLANK}`,
            captures: { "1": { name: SCOPE.final }, "2": { name: SCOPE.serial } },
          },
          {
            match: String.raw`\G${BLANKS}(${WORD})${BLANKS}(${WORD})${LINE_REST_BLANK}`,
            captures: { "1": slots("url-slot"), "2": slots("final-slot", "serial-slot") },
          },
          {
            match: String.raw`\G${BLANKS}(${WORD})${LINE_REST_BLANK}`,
            captures: { "1": slots("url-slot", "final-slot", "serial-without-slash") },
          },
        ],
      },
    },
  };
}

/** URL [FINAL SERIAL] with switches anywhere: the positional words counted by look-ahead over the switches. */
function uploadRules(prefix: string, commands: readonly CommandSpec[]): LineRules {
  const sw = `${prefix}-switches`;
  const positional = `${AFTER_BLANK}(${NOT_SWITCH}${WORD})`;
  const firstOfThree = `${prefix}-first-of-three`;
  const secondOfThree = `${prefix}-second-of-three`;
  const thirdOfThree = `${prefix}-third-of-three`;
  const firstOfTwoFinal = `${prefix}-first-of-two-final`;
  const firstOfTwo = `${prefix}-first-of-two`;
  const only = `${prefix}-only`;
  return {
    line: lineRule(commands, [include(`${prefix}-args`)]),
    repository: {
      [`${prefix}-args`]: {
        comment: "switches take the next word unless it is a switch; the other words fill URL, FINAL, SERIAL as in the transfer lines, counted by look-ahead",
        patterns: [include(sw), include(firstOfThree), include(firstOfTwoFinal), include(firstOfTwo), include(only)],
      },
      [firstOfThree]: {
        comment: "the first of three or more URL/FINAL/SERIAL words (look-ahead skips switches with their values); extra words after the third stay plain",
        begin: `${positional}(?=${SKIP_SWITCHES}(?:${POSITIONAL_THEN_SWITCHES})(?:${POSITIONAL_THEN_SWITCHES}))`,
        beginCaptures: { "1": slots("url-slot") },
        end: "$",
        patterns: [include(sw), include(secondOfThree)],
      },
      [secondOfThree]: {
        begin: positional,
        beginCaptures: { "1": slots("final-slot") },
        end: "$",
        patterns: [include(sw), include(thirdOfThree)],
      },
      [thirdOfThree]: {
        begin: positional,
        beginCaptures: { "1": { name: SCOPE.serial } },
        end: "$",
        patterns: [include(sw)],
      },
      [firstOfTwoFinal]: {
        comment: "two words, the first a final command: FINAL SERIAL (URL missing)",
        begin: `${AFTER_BLANK}(${FINALS}${WORD_END})(?=${SKIP_SWITCHES}(?:${POSITIONAL_THEN_SWITCHES})${REST_BLANK})`,
        beginCaptures: { "1": { name: SCOPE.final } },
        end: "$",
        patterns: [include(sw), { match: positional, captures: { "1": { name: SCOPE.serial } } }],
      },
      [firstOfTwo]: {
        comment: "two words: URL, then FINAL when it is a final command, else SERIAL",
        begin: `${positional}(?=${SKIP_SWITCHES}(?:${POSITIONAL_THEN_SWITCHES})${REST_BLANK})`,
        beginCaptures: { "1": slots("url-slot") },
        end: "$",
        patterns: [include(sw), { match: positional, captures: { "1": slots("final-slot", "serial-slot") } }],
      },
      [only]: {
        comment: "one word: a URL, a final command, or a serial unless it holds a '/'",
        match: `${positional}(?=${SKIP_SWITCHES}${REST_BLANK})`,
        captures: { "1": slots("url-slot", "final-slot", "serial-without-slash") },
      },
      [sw]: switchesRule(commands.flatMap((c) => c.switches)),
    },
  };
}

/** Switches only. */
function switchesOnlyRules(prefix: string, commands: readonly CommandSpec[]): LineRules {
  const sw = `${prefix}-switches`;
  return {
    line: lineRule(commands, [include(sw)]),
    repository: { [sw]: switchesRule(commands.flatMap((c) => c.switches)) },
  };
}

/** FINAL SERIAL: two words or more positional; one word a final command or a serial. */
function finalSerialRules(prefix: string, commands: readonly CommandSpec[]): LineRules {
  const args = `${prefix}-args`;
  return {
    line: lineRule(commands, [include(args)]),
    repository: {
      [args]: {
        patterns: [
          { match: String.raw`\G${BLANKS}(${WORD})${BLANKS}(${WORD})`, captures: { "1": slots("final-slot"), "2": { name: SCOPE.serial } } },
          { match: String.raw`\G${BLANKS}(${WORD})${LINE_REST_BLANK}`, captures: { "1": slots("final-slot", "serial-slot") } },
        ],
      },
    },
  };
}

/** One MINUTES slot: a number when digits. */
function minutesRules(prefix: string, commands: readonly CommandSpec[]): LineRules {
  const args = `${prefix}-args`;
  return {
    line: lineRule(commands, [include(args)]),
    repository: { [args]: { patterns: [{ match: String.raw`\G${BLANKS}([0-9]+)${WORD_END}`, captures: { "1": { name: SCOPE.number } } }] } },
  };
}

/** The rules of each shape; `plain` lines need none of their own (the generic module line colours them). */
const SHAPE_RULES: Readonly<Record<CommandShape, ((prefix: string, commands: readonly CommandSpec[]) => LineRules) | undefined>> = {
  plain: undefined,
  minutes: minutesRules,
  "final-serial": finalSerialRules,
  switches: switchesOnlyRules,
  transfer: transferRules,
  upload: uploadRules,
};

/** The typed lines: one rule per shape and module, in the catalog's order. */
function typedLines(): { names: string[]; repository: Record<string, TextMateRule> } {
  const groups = new Map<string, CommandSpec[]>();
  for (const command of COMMANDS) {
    if (!SHAPE_RULES[command.shape]) continue;
    const key = `${command.shape} ${command.module}`;
    groups.set(key, [...(groups.get(key) ?? []), command]);
  }
  const modulesOf = (shape: CommandShape) => new Set(COMMANDS.filter((c) => c.shape === shape).map((c) => c.module)).size;
  const names: string[] = [];
  const repository: Record<string, TextMateRule> = {};
  for (const commands of groups.values()) {
    const { shape, module } = commands[0]!;
    const prefix = modulesOf(shape) > 1 ? `${shape}-${module.toLowerCase()}` : shape;
    const rules = SHAPE_RULES[shape]!(prefix, commands);
    names.push(`${prefix}-line`);
    repository[`${prefix}-line`] = rules.line;
    Object.assign(repository, rules.repository);
  }
  return { names, repository };
}

// ---- config lines with typed settings ----

function settingPatterns(settings: readonly SettingSpec[]): TextMateRule[] {
  const byValue = new Map<ArgKind | null, string[]>();
  for (const s of settings) byValue.set(s.value, [...(byValue.get(s.value) ?? []), s.name]);
  const patterns: TextMateRule[] = [];
  for (const [value, names] of byValue) {
    const head = `${AFTER_BLANK}(${anyCase(names)})${WORD_END}`;
    if (value === "encoded-url") {
      // Percent-encoded (scheme first): one URL; written plain: a URL with its meta sequences.
      patterns.push({
        match: `${head}(?:${BLANKS}(?:(?=[A-Za-z][A-Za-z0-9+.\\-]*(?::|%3[Aa]))(?=${WORD_CHAR}*%)(${ENCODED})${WORD_END}|(?!${WORD_CHAR}*%)(${NOT_SWITCH}${WORD})|${NOT_SWITCH}${WORD}))?`,
        captures: { "1": { name: SCOPE.switch }, "2": { name: SCOPE.url }, "3": slots("url-slot") },
      });
    } else {
      patterns.push(switchPattern(names, value));
    }
  }
  return patterns;
}

function settingsRules(): { names: string[]; repository: Record<string, TextMateRule> } {
  const names: string[] = [];
  const repository: Record<string, TextMateRule> = {};
  const withValues = SETTING_VERBS.filter((v) => v.takesValues).map((v) => v.verb);
  const withoutValues = SETTING_VERBS.filter((v) => !v.takesValues).map((v) => v.verb);
  const head = (module: string, verbs: readonly string[]) => String.raw`^[ \t]*((?i:config))${BLANKS}(${anyCase(verbs)})${WORD_END}${BLANKS}(${anyCase([module])})${WORD_END}`;
  const captures = { "1": { name: SCOPE.keyword }, "2": { name: SCOPE.verb }, "3": { name: SCOPE.module } };
  for (const spec of CONFIG_SETTINGS) {
    const suffix = CONFIG_SETTINGS.length > 1 ? `-${spec.module.toLowerCase()}` : "";
    names.push(`settings${suffix}-line`, `settings-rem${suffix}-line`);
    repository[`settings${suffix}-line`] = {
      comment: `${spec.signature}: the settings by their value kind (CONFIG_SETTINGS in grammar/src/catalog.ts); any other switch takes the next word, plain`,
      begin: head(spec.module, withValues),
      beginCaptures: captures,
      end: "$",
      patterns: [...settingPatterns(spec.settings), include("other-switch")],
    };
    repository[`settings-rem${suffix}-line`] = {
      comment: `${spec.remSignature}: settings by name only; every other word stays plain`,
      begin: head(spec.module, withoutValues),
      beginCaptures: captures,
      end: "$",
      patterns: [{ match: `${AFTER_BLANK}${SWITCH_START}${WORD_CHAR}*`, name: SCOPE.switch }],
    };
  }
  return { names, repository };
}

// ---- meta sequences ----

function metaRule(): TextMateRule {
  const long = META_SEQUENCES.filter((m) => m.name.length > 1).map((m) => m.name);
  const short = META_SEQUENCES.filter((m) => m.name.length === 1).map((m) => m.name);
  const patterns: TextMateRule[] = [];
  if (long.length > 0) patterns.push({ match: `#${long.length === 1 ? escapeRegex(long[0]!) : `(?:${long.map(escapeRegex).join("|")})`}`, name: SCOPE.meta });
  if (short.length > 0) patterns.push({ match: `#[${short.join("")}]`, name: SCOPE.meta });
  patterns.push({ match: String.raw`#(?:(?=#)|[^ \t\r\n]?)`, name: SCOPE.unknownMeta });
  return { comment: "longer sequences before the one-letter ones; any other # with the character after it is unknown", patterns };
}

// ---- the grammar ----

const GRAMMAR_COMMENT =
  "Generated from grammar/src/catalog.ts by grammar/src/textmate.ts (npm run generate); do not edit. innovaphone update-server scripts (docs/model.md). " +
  "Mirrors the language server's semantic tokens so that the colours are the same before the server starts: keyword = keyword.control, module = entity.name.namespace.module, verb = entity.name.function.verb, final command = constant.language.final (keyword.operator is left uncoloured by the default themes; the final words are a closed set of values), switch = variable.parameter.switch, URL = markup.underline.link (not string, so that quick suggestions keep working inside URLs), known meta sequence = constant.character.escape.meta, unknown #x = invalid.deprecated.unknown-meta (upscript warns about it), serial/build = string.unquoted.serial, device command (a switch taking a command) = string.unquoted.command (the server gives it the serial type), hour/minute/hour-count values = constant.numeric, comment = comment.line.number-sign (directives add keyword.other.directive and entity.name.tag.rule-id inside it). " +
  "Every rule ends at the end of its line ($): nothing spans lines. Words are runs of characters other than blank and tab; keywords, modules, verbs, finals and switches match in any letter case, as the server reads them. Arguments go to slots as the parser assigns them (positional with enough words, best fit with fewer).";

export function textMateGrammar(): TextMateGrammar {
  const typed = typedLines();
  const settings = settingsRules();
  return {
    $schema: "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
    name: "upscript",
    scopeName: "source.upscript",
    comment: GRAMMAR_COMMENT,
    patterns: [include("comment"), ...typed.names.map(include), include("module-line"), ...settings.names.map(include), include("config-line"), include("final-line")],
    repository: {
      comment: { patterns: [include("directive"), include("plain-comment")] },
      directive: {
        comment: "# upscript-disable-next-line RULE[, RULE…] [-- reason], as grammar/src/directive.ts reads it",
        name: SCOPE.comment,
        begin: String.raw`^[ \t]*(#)[ \t]*((?i:upscript-)\S*)`,
        beginCaptures: { "1": { name: SCOPE.commentPunctuation }, "2": { name: "keyword.other.directive.upscript" } },
        end: "$",
        patterns: [
          { comment: "everything after ' -- ' is the reason", begin: String.raw`(?<=[ \t])(--)(?=[ \t]|$)`, beginCaptures: { "1": { name: "punctuation.separator.reason.upscript" } }, end: "$" },
          { match: ",", name: SCOPE.comma },
          { match: String.raw`[^\s,]+`, name: "entity.name.tag.rule-id.upscript" },
        ],
      },
      "plain-comment": { match: String.raw`^[ \t]*(#).*`, name: SCOPE.comment, captures: { "1": { name: SCOPE.commentPunctuation } } },
      ...typed.repository,
      "other-switch": {
        comment: "an unknown switch takes the next word as its value, which stays plain",
        match: `${AFTER_BLANK}(${SWITCH_START}${WORD_CHAR}*)(?:${BLANKS}${NOT_SWITCH}${WORD})?`,
        captures: { "1": { name: SCOPE.switch } },
      },
      hours: {
        comment: "an hour list: items that are whole numbers are hours; ranges (22-4), empty and other items stay plain",
        patterns: [
          { match: String.raw`(?<![^ \t,])[0-9]+(?![^,])`, name: SCOPE.number },
          { match: ",", name: SCOPE.comma },
        ],
      },
      "module-line": {
        comment: "any other module command (and the broken ones: mod, mod cmd, mod MODULE VERB): keywords, module and verb only",
        match: String.raw`^[ \t]*((?i:mod))${WORD_END}(?>(?:${BLANKS}((?i:cmd))${WORD_END})?)(?:${BLANKS}(${WORD})(?:${BLANKS}(${WORD}))?)?`,
        captures: HEAD_CAPTURES,
      },
      ...settings.repository,
      "config-line": {
        match: String.raw`^[ \t]*((?i:config|vars))${WORD_END}(?:${BLANKS}(${WORD}))?`,
        captures: { "1": { name: SCOPE.keyword }, "2": { name: SCOPE.verb } },
      },
      "final-line": {
        comment: "a final command alone on a line; further words stay plain",
        match: String.raw`^[ \t]*(${FINALS}${WORD_END})`,
        captures: { "1": { name: SCOPE.final } },
      },
      "url-slot": {
        comment: "used inside a capture that holds one word: a word starting with a scheme (http:, https:, ftp:, …) is a URL",
        match: String.raw`${WORD_START}([A-Za-z][A-Za-z0-9+.\-]*:[^ \t\r\n]*)`,
        captures: { "1": { name: SCOPE.url, patterns: [include("meta")] } },
      },
      "final-slot": { match: `${WORD_START}${FINALS}${WORD_END}`, name: SCOPE.final },
      "serial-slot": { match: `${WORD_START}${WORD}`, name: SCOPE.serial },
      "serial-without-slash": {
        comment: "a lone argument is a serial unless it holds a '/' (then it is read as a URL without scheme)",
        match: String.raw`${WORD_START}[^ \t\r\n/]+${WORD_END}`,
        name: SCOPE.serial,
      },
      meta: metaRule(),
    },
  };
}

/** The grammar file's text: the JSON with two-space indents and a final newline. */
export function textMateGrammarText(): string {
  return `${JSON.stringify(textMateGrammar(), null, 2)}\n`;
}
