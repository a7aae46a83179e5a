/**
 * Completion: what may be typed at a position, from the catalog. Entries are not filtered by
 * the typed prefix (clients do that); `sortText` puts the likely ones first, and `range` is the
 * whole word under the cursor (an empty range at the cursor when there is none), so accepting an
 * entry in the middle of a word replaces that word.
 */
import {
  COMMANDS,
  CONFIG_VERBS,
  FINALS,
  FINAL_WORDS,
  META_SEQUENCES,
  MODULES,
  VARS_VERBS,
  CONFIG_SETTINGS,
  commandsOf,
  findModule,
  findSettingVerb,
  isSettingsLine,
  looksLikeUrl,
  rangeInLine,
  type ArgKind,
  type CommandSpec,
  type FinalSpec,
  type FinalWord,
  type LineNode,
  type ModuleLine,
  type Range,
  type SettingsLine,
  type SwitchSpec,
  type Word,
} from "@upscript/grammar";
import { escapeControl } from "../inert.js";
import { RULE_IDS } from "../rules/ids.js";
import { findRule } from "../rules/index.js";
import { settingRole, settingsSpecOf } from "./settings.js";
import { argumentRole, isValidPosition, lineLength } from "./signature.js";
import type { CompletionEntry, DocumentContext, Position } from "./types.js";

export function completion(context: DocumentContext, position: Position): CompletionEntry[] {
  if (!isValidPosition(position)) return [];
  const lines = context.parsed.tree.lines;
  const line = lines[position.line];
  if (!line) {
    // The empty last line after a final line end (or of an empty document) is not a node.
    const last = lines[lines.length - 1];
    if (position.line !== lines.length || (last && last.eol === "")) return [];
    const at = context.text.length;
    return firstWordEntries(context, { start: at, end: at, line: position.line, column: 0, endLine: position.line, endColumn: 0 }, "", true);
  }
  const column = Math.min(position.column, lineLength(line));
  const lineStart = line.fullRange.start;
  const cursor = rangeInLine(line.line, lineStart, column, column);
  if (line.kind === "comment" || line.kind === "directive") return directiveEntries(line, column);

  const words = line.words;
  const current = words.find((w) => w.range.column <= column && column <= w.range.endColumn);
  const index = current ? words.indexOf(current) : words.filter((w) => w.range.endColumn < column).length;
  const range = current?.range ?? cursor;
  const prefix = current ? current.text.slice(0, column - current.range.column) : "";
  if (index === 0) return firstWordEntries(context, range, prefix, words.length <= (current ? 1 : 0));

  switch (line.kind) {
    case "module":
      if (index === 1) return sorted([{ label: "cmd", kind: "keyword", detail: "mod cmd MODULE VERB", documentation: "Sends the rest of the line to a module of the device.", insertText: "cmd", range }], prefix);
      if (index === 2) return moduleEntries(range, prefix);
      if (index === 3) return verbEntries(words[2]!.text, range, prefix);
      return argumentEntries(context, line, column, current, prefix, range);
    case "config":
    case "vars":
      if (index === 1) return configVerbEntries(line.kind, range, prefix);
      if (index === 2 && line.kind === "config" && line.verb && findSettingVerb(line.verb.text)) return settingsModuleEntries(range, prefix);
      return isSettingsLine(line) ? settingEntries(line, column, current, range, prefix) : [];
    default:
      return [];
  }
}

// ---- sorting ----

interface Draft extends Omit<CompletionEntry, "sortText"> {
  /** Lower comes first; defaults to the order of the list. */
  readonly rank?: number;
}

/** Orders drafts: entries whose label starts with the typed prefix first, then by rank. */
function sorted(drafts: readonly Draft[], prefix: string): CompletionEntry[] {
  const lower = prefix.toLowerCase();
  return drafts.map(({ rank, ...entry }, i) => {
    const match = lower !== "" && entry.label.toLowerCase().startsWith(lower) ? "0" : "1";
    return { ...entry, sortText: `${match}${String(rank ?? i).padStart(3, "0")}` };
  });
}

// ---- the first word of a line ----

function firstSentence(text: string): string {
  const m = /^.*?[.!?](?=\s|$)/.exec(text);
  return m ? m[0] : text;
}

/** Placeholder text in a snippet: `$`, `}` and `\` are escaped. */
function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, "\\$&");
}

/** The base URL example snippets use: the first declared web root, else a private address. */
function baseUrl(context: DocumentContext): string {
  const declared = Object.keys(context.config.server).find((key) => /^https?:\/\//i.test(key));
  const base = declared ?? "http://10.0.0.5/";
  return base.endsWith("/") ? base : `${base}/`;
}

const FINAL_CHOICE = `\${N|${FINAL_WORDS.join(",")}|}`;

/** A snippet for a whole command line, built from its signature. */
export function commandSnippet(spec: CommandSpec, base: string): string {
  // A switch that takes a device command (scfg /always) changes what the command does: left out.
  const signature = spec.signature.replace(/ \[(\/[a-z-]+) [A-Z]+\]/g, (group, name: string) => (spec.switches.find((s) => s.name === name)?.value === "command" ? "" : group));
  const tokens = signature.split(" ");
  const head = tokens.slice(0, 4);
  let n = 0;
  const rest = tokens.slice(4).map((raw) => {
    const token = raw.replace(/[[\]]/g, "");
    if (!/^[A-Z]+$/.test(token)) return token;
    n++;
    const slot = spec.slots.find((s) => s.name.toUpperCase() === token);
    if (slot?.kind === "final") return FINAL_CHOICE.replace("N", String(n));
    if (slot?.kind === "url") return `\${${n}:${escapeSnippet(base + (spec.examplePath ?? ""))}}`;
    return `\${${n}:${token}}`;
  });
  return [...head, ...rest].join(" ");
}

function eolOf(context: DocumentContext): string {
  return context.parsed.tree.lines.find((l) => l.eol !== "")?.eol ?? "\n";
}

function firstWordEntries(context: DocumentContext, range: Range, prefix: string, wholeLine: boolean): CompletionEntry[] {
  const drafts: Draft[] = [
    { label: "mod cmd", kind: "keyword", detail: "mod cmd MODULE VERB ARGS…", documentation: "Sends a command to a module of the device; UP0 and UP1 run the update steps.", insertText: "mod cmd", range, rank: 0 },
  ];
  if (wholeLine) {
    const base = baseUrl(context);
    COMMANDS.forEach((spec, i) => {
      drafts.push({
        label: spec.signature,
        kind: "snippet",
        detail: firstSentence(spec.doc),
        documentation: spec.doc,
        insertText: commandSnippet(spec, base),
        snippet: true,
        range,
        rank: 10 + i,
      });
    });
  }
  drafts.push(
    { label: "config", kind: "keyword", detail: "config VERB ARGS…", documentation: `Changes the device configuration: ${CONFIG_VERBS.map((v) => v.verb).join(", ")}.`, insertText: "config", range, rank: 40 },
    { label: "vars", kind: "keyword", detail: "vars VERB ARGS…", documentation: `Works on device variables: ${VARS_VERBS.map((v) => v.verb).join(", ")}.`, insertText: "vars", range, rank: 41 },
  );
  FINAL_WORDS.forEach((word, i) => drafts.push({ ...finalDraft(FINALS[word], range), rank: 50 + i }));
  if (wholeLine) {
    const eol = eolOf(context);
    const base = escapeSnippet(baseUrl(context));
    drafts.push(
      {
        label: "night firmware rollout",
        kind: "snippet",
        detail: "times 22–5, check, prot",
        documentation: "Updates the firmware only between 22:00 and 05:59, once per check serial.",
        insertText: [
          "mod cmd UP1 times /allow ${1:22,23,0,1,2,3,4,5} /initial ${2:6}",
          "mod cmd UP1 check ${3|iresetn,ser|} ${4:SERIAL}",
          `mod cmd UP0 prot \${5:${base}firmware/} \${6|ireset,iresetn|} \${7:BUILD}`,
        ].join(eol),
        snippet: true,
        range,
        rank: 60,
      },
      {
        label: "weekly configuration backup",
        kind: "snippet",
        detail: "scfg with #h-#bn and /force 168",
        documentation: "Uploads the configuration once a week into rolling backup slots named after the device.",
        insertText: `mod cmd UP0 scfg \${1:${base}backup/#h-#bn.txt} no-op \${2:WEEKLY} /force \${3:168}`,
        snippet: true,
        range,
        rank: 61,
      },
    );
  }
  return sorted(drafts, prefix);
}

// ---- modules and verbs ----

function moduleEntries(range: Range, prefix: string): CompletionEntry[] {
  return sorted(
    MODULES.map((m) => ({ label: m.name, kind: "module" as const, detail: "module", documentation: m.doc, insertText: m.name, range })),
    prefix,
  );
}

function verbEntries(moduleName: string, range: Range, prefix: string): CompletionEntry[] {
  const typed = commandsOf(moduleName);
  const drafts: Draft[] = typed.map((spec) => ({ label: spec.verb, kind: "verb", detail: spec.signature, documentation: spec.doc, insertText: spec.verb, range }));
  const module = findModule(moduleName);
  for (const verb of module?.knownVerbs ?? []) {
    if (typed.some((spec) => spec.verb === verb)) continue;
    drafts.push({ label: verb, kind: "verb", detail: `mod cmd ${module!.name} ${verb} …`, documentation: `A ${module!.name} command seen in scripts; upscript does not check its arguments.`, insertText: verb, range });
  }
  return sorted(drafts, prefix);
}

function configVerbEntries(kind: "config" | "vars", range: Range, prefix: string): CompletionEntry[] {
  const verbs: readonly { verb: string; doc: string }[] = kind === "config" ? CONFIG_VERBS : VARS_VERBS;
  return sorted(
    verbs.map((v) => ({ label: v.verb, kind: "verb" as const, detail: `${kind} ${v.verb}`, documentation: v.doc, insertText: v.verb, range })),
    prefix,
  );
}

// ---- settings: config add|change|rem UP1 … ----

function settingsModuleEntries(range: Range, prefix: string): CompletionEntry[] {
  return sorted(
    CONFIG_SETTINGS.map((m) => ({ label: m.module, kind: "module" as const, detail: "settings", documentation: m.doc, insertText: m.module, range })),
    prefix,
  );
}

/** The settings not yet on the line (the one under the cursor counts as not there), at any place but a setting's value. */
function settingEntries(line: SettingsLine, column: number, current: Word | undefined, range: Range, prefix: string): CompletionEntry[] {
  const spec = settingsSpecOf(line);
  const role = settingRole(line, column);
  if (!spec || !role || role.kind === "module" || role.kind === "value") return [];
  const present = new Set<string>();
  for (const s of line.settings) if (s.spec && !(current && s.name.range.start === current.range.start)) present.add(s.spec.name);
  const rem = line.settingVerb === "rem";
  return sorted(
    spec.settings
      .filter((s) => !present.has(s.name))
      .map((s) => ({
        label: s.name,
        kind: "switch" as const,
        detail: rem || !s.valueName ? s.name : `${s.name} ${s.valueName}`,
        documentation: s.doc,
        insertText: s.name,
        range,
      })),
    prefix,
  );
}

// ---- final commands ----

function timingDetail(spec: FinalSpec): string {
  if (spec.timing === null) return "no restart";
  const when = spec.timing === "now" ? "restart now" : "restart when idle";
  return `${spec.watchdog ? `hard ${when}` : when}${spec.onlyIfRequired ? ", only if needed" : ""}`;
}

function finalDraft(spec: FinalSpec, range: Range): Draft {
  return { label: spec.word, kind: "final", detail: timingDetail(spec), documentation: spec.doc, insertText: spec.word, range };
}

/** The usual final commands of each command first (the catalog's `preferred` of its final slot). */
function finalEntries(spec: CommandSpec, range: Range, prefix: string): CompletionEntry[] {
  const preferred: readonly FinalWord[] = spec.slots.find((s) => s.kind === "final")?.preferred ?? [];
  const rank = (word: FinalWord) => {
    const i = preferred.indexOf(word);
    return i >= 0 ? i : 10 + FINAL_WORDS.indexOf(word);
  };
  return sorted(
    FINAL_WORDS.map((word) => ({ ...finalDraft(FINALS[word], range), rank: rank(word) })),
    prefix,
  );
}

// ---- arguments of typed commands ----

function valueName(sw: SwitchSpec): string {
  return sw.value === "hours" || sw.value === "count" ? "HOURS" : sw.value === "minutes" ? "MINUTES" : "COMMAND";
}

function switchEntries(line: ModuleLine, spec: CommandSpec, current: Word | undefined, range: Range, prefix: string): CompletionEntry[] {
  const present = new Set<string>();
  if ("switches" in line) {
    for (const s of line.switches) if (s.spec && !(current && s.name.range.start === current.range.start)) present.add(s.spec.name);
  }
  return sorted(
    spec.switches
      .filter((sw) => !present.has(sw.name))
      .map((sw) => ({ label: sw.name, kind: "switch" as const, detail: `${sw.name} ${valueName(sw)}`, documentation: sw.doc, insertText: sw.name, range })),
    prefix,
  );
}

const HOUR_LISTS: readonly { list: string; detail: string }[] = [
  { list: "22,23,0,1,2,3,4,5", detail: "night: 22:00–05:59 (8 hours)" },
  { list: "18,19,20,21,22,23", detail: "evening: 18:00–23:59 (6 hours)" },
  { list: Array.from({ length: 24 }, (_, h) => h).join(","), detail: "all hours" },
];

/** Values offered after a switch, by the kind of its value (catalog ArgKind). */
function switchValueEntries(value: ArgKind | undefined, range: Range, prefix: string): CompletionEntry[] {
  switch (value) {
    case "hours":
      return sorted(
        HOUR_LISTS.map((h) => ({ label: h.list, kind: "value" as const, detail: h.detail, documentation: "Hours of the local day in which the lines below may run.", insertText: h.list, range })),
        prefix,
      );
    case "count":
      return sorted(
        [
          { label: "168", kind: "value", detail: "weekly (7 days)", insertText: "168", range },
          { label: "24", kind: "value", detail: "daily", insertText: "24", range },
        ],
        prefix,
      );
    default:
      return [];
  }
}

function urlEntries(context: DocumentContext, range: Range, prefix: string): CompletionEntry[] {
  const drafts: Draft[] = [];
  const seen = new Set<string>();
  for (const [prefixUrl, folder] of Object.entries(context.config.server)) {
    if (seen.has(prefixUrl)) continue;
    seen.add(prefixUrl);
    drafts.push({ label: prefixUrl, kind: "url", detail: `web root: ${escapeControl(folder)}`, insertText: prefixUrl, range });
  }
  for (const scheme of ["https://", "http://"]) {
    if (seen.has(scheme)) continue;
    seen.add(scheme);
    drafts.push({ label: scheme, kind: "url", detail: scheme === "https://" ? "encrypted transfer" : "plain transfer", insertText: scheme, range });
  }
  return sorted(drafts, prefix);
}

/** Meta sequences the way admins use them most: device names first. */
const META_ORDER = ["h", "m", "bn", "d", "t", "i", "F", "B", "H"];

/** The `#x` being typed inside a URL word, if the cursor is right after `#` and up to two letters. */
function metaRange(word: Word, column: number): Range | undefined {
  const before = word.text.slice(0, column - word.range.column);
  const hash = before.lastIndexOf("#");
  if (hash < 0 || !/^[A-Za-z]{0,2}$/.test(before.slice(hash + 1))) return undefined;
  const offset = word.range.start - word.range.column;
  return rangeInLine(word.range.line, offset, word.range.column + hash, column);
}

function metaEntries(spec: CommandSpec, range: Range, prefix: string): CompletionEntry[] {
  const expands = spec.transfer?.expandsMeta === true;
  const where = expands ? `replaced in ${spec.verb} URLs` : `not replaced in ${spec.verb} URLs`;
  return sorted(
    META_SEQUENCES.map((m) => ({
      label: `#${m.name}`,
      kind: "meta" as const,
      detail: `${where}; e.g. ${m.example}`,
      documentation: `${m.doc} (e.g. \`${m.example}\`).${expands ? "" : ` Only scfg URLs and the update URL expand it; in a ${spec.verb} URL it stays as written.`}`,
      insertText: `#${m.name}`,
      range,
      rank: META_ORDER.indexOf(m.name),
    })),
    prefix,
  );
}

function argumentEntries(context: DocumentContext, line: ModuleLine, column: number, current: Word | undefined, prefix: string, range: Range): CompletionEntry[] {
  const spec = line.spec;
  if (!spec) return [];
  const role = argumentRole(line, column, "typing");
  if (!role) return [];
  if (current && spec.transfer && looksLikeUrl(current.text)) {
    const meta = metaRange(current, column);
    if (meta) return metaEntries(spec, meta, context.text.slice(meta.start, meta.end));
  }
  const takesSwitches = spec.switches.length > 0;
  if (takesSwitches && prefix.startsWith("/") && role.kind !== "switch-value") return switchEntries(line, spec, current, range, prefix);
  switch (role.kind) {
    case "switch":
      return switchEntries(line, spec, current, range, prefix);
    case "switch-value":
      return switchValueEntries(role.arg.spec?.value, range, prefix);
    case "extra":
      return takesSwitches ? switchEntries(line, spec, current, range, prefix) : [];
    case "slot":
      switch (role.slot.kind) {
        case "url":
          return urlEntries(context, range, prefix);
        case "final":
          return finalEntries(spec, range, prefix);
        default:
          return [];
      }
  }
}

// ---- directives in comments ----

const DIRECTIVES: readonly { keyword: string; doc: string }[] = [
  { keyword: "upscript-disable-next-line", doc: "Hide the named rules' findings on the next line." },
  { keyword: "upscript-disable", doc: "Hide the named rules' findings until `# upscript-enable` or the end of the file." },
  { keyword: "upscript-enable", doc: "Turn the named rules back on." },
  { keyword: "upscript-disable-file", doc: "Hide the named rules' findings in the whole file." },
];

/** What ends a rule id in a directive: white space (`\s`) or a comma; tested one character at a time. */
const SEPARATOR = /[\s,]/;

function directiveEntries(line: LineNode, column: number): CompletionEntry[] {
  const comment = line.words[0];
  if (!comment || column < comment.range.column + 1) return [];
  const before = comment.text.slice(0, column - comment.range.column);
  const offset = line.fullRange.start;
  const keyword = /^#([ \t]*)(\S*)$/.exec(before);
  if (keyword) {
    const typed = keyword[2]!.toLowerCase();
    if (!DIRECTIVES.some((d) => d.keyword.startsWith(typed))) return [];
    const from = comment.range.column + 1 + keyword[1]!.length;
    const end = from + (/^\S*/.exec(comment.text.slice(from - comment.range.column))?.[0].length ?? 0);
    const range = rangeInLine(line.line, offset, from, end);
    return sorted(
      DIRECTIVES.map((d) => ({ label: d.keyword, kind: "keyword" as const, detail: "upscript directive", documentation: d.doc, insertText: d.keyword, range })),
      typed,
    );
  }
  if (line.kind !== "directive" || !line.directive.kind || column <= line.directive.keyword.range.endColumn) return [];
  const rest = before.slice(line.directive.keyword.range.endColumn - comment.range.column);
  if (/[ \t]--(?:[ \t]|$)/.test(rest) || !/^[ \t,]/.test(rest)) return [];
  // The rule id being typed: scanned back from the cursor (`/[^\s,]*$/` is quadratic on a long line).
  let typedStart = rest.length;
  while (typedStart > 0 && !SEPARATOR.test(rest[typedStart - 1]!)) typedStart--;
  const typed = rest.slice(typedStart);
  const from = column - typed.length;
  const end = from + (/^[^\s,]*/.exec(comment.text.slice(from - comment.range.column))?.[0].length ?? 0);
  const range = rangeInLine(line.line, offset, from, end);
  const named = new Set(line.directive.rules.filter((r) => r.range.column !== from).map((r) => r.text));
  const ids = ["all", ...RULE_IDS].filter((id) => !named.has(id));
  return sorted(
    ids.map((id) => ({ label: id, kind: "value" as const, detail: id === "all" ? "every rule" : "rule", documentation: id === "all" ? "Every rule." : findRule(id)?.description ?? "", insertText: id, range })),
    typed,
  );
}
