/**
 * The outline (document symbols): one symbol per command line, grouped under section headings.
 *
 * A section heading is a comment block that starts at the top of the file or after a blank line
 * and is directly followed by a command line; its first comment with text is the heading (a
 * directive or a decoration-only comment such as `# -----` is not). A comment that reads like a
 * commented-out command (`# mod cmd …`) is no heading. A section holds the commands from its
 * heading up to the next heading.
 *
 * Names and details are script text shown as plain text by editors: their controls and bidi
 * overrides are escaped (escapeControl, docs/security.md).
 */
import {
  CONFIG_VERBS,
  VARS_VERBS,
  coverRanges,
  describeHours,
  hasShape,
  isFinalWord,
  isSettingsLine,
  rangeInLine,
  type CommentLine,
  type EncodedUrlArg,
  type LineNode,
  type Range,
  type SettingsLine,
  type UrlArg,
} from "@upscript/grammar";
import { escapeControl } from "../inert.js";
import { allowMask } from "./inlay-hints.js";
import type { DocumentContext, OutlineSymbol, SymbolKind } from "./types.js";

export function outline(context: DocumentContext): OutlineSymbol[] {
  const lines = context.parsed.tree.lines;
  const sections = findSections(lines);
  const out: OutlineSymbol[] = [];
  const firstSection = sections[0]?.start ?? lines.length;
  for (let i = 0; i < firstSection; i++) {
    const symbol = keptSymbol(lines[i]!);
    if (symbol) out.push(symbol);
  }
  for (const section of sections) {
    const children = section.commands.map(keptSymbol).filter((s) => s !== undefined);
    const last = section.commands[section.commands.length - 1]!;
    out.push({
      name: escapeControl(section.title),
      detail: `${children.length} command${children.length === 1 ? "" : "s"}`,
      kind: "section",
      range: coverRanges(lines[section.start]!.range, last.range),
      selectionRange: section.titleRange,
      children,
    });
  }
  return out;
}

/**
 * A command line's symbol depends on that line alone, and its ranges are the line's own (anchored,
 * so they move with a kept line), so it is kept per line node: after a keystroke only the lines it
 * touched are described again. Sections are found anew each time; they span lines.
 */
const symbolCache = new WeakMap<LineNode, OutlineSymbol | null>();

function keptSymbol(line: LineNode): OutlineSymbol | undefined {
  let symbol = symbolCache.get(line);
  if (symbol === undefined) {
    symbol = commandSymbol(line) ?? null;
    symbolCache.set(line, symbol);
  }
  return symbol ?? undefined;
}

export interface Section {
  /** Line index where the heading's comment block starts. */
  readonly start: number;
  readonly heading: CommentLine;
  readonly title: string;
  readonly titleRange: Range;
  /** The command lines of the section, at least one. */
  readonly commands: readonly LineNode[];
}

export function isCommand(line: LineNode): boolean {
  return line.kind !== "blank" && line.kind !== "comment" && line.kind !== "directive";
}

function isCommentLike(line: LineNode): boolean {
  return line.kind === "comment" || line.kind === "directive";
}

/** Every section of the script, in order. */
export function findSections(lines: readonly LineNode[]): Section[] {
  const heads: { start: number; heading: CommentLine; title: string; titleRange: Range }[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!isCommentLike(lines[i]!) || (i > 0 && lines[i - 1]!.kind !== "blank")) {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && isCommentLike(lines[j]!)) j++;
    const next = lines[j];
    if (next && isCommand(next)) {
      for (let k = i; k < j; k++) {
        const line = lines[k]!;
        const title = line.kind === "comment" ? headingText(line) : undefined;
        if (line.kind === "comment" && title) {
          heads.push({ start: i, heading: line, ...title });
          break;
        }
      }
    }
    i = j;
  }
  return heads.map((head, n) => {
    const end = heads[n + 1]?.start ?? lines.length;
    const commands = lines.slice(head.start, end).filter(isCommand);
    return { ...head, commands };
  });
}

const DECORATION: ReadonlySet<string> = new Set(["#", " ", "\t", "-", "=", "*", "_", "~"]);

/** The text of a heading comment without `#` and decoration, with its range; undefined when it is no heading. */
function headingText(line: CommentLine): { title: string; titleRange: Range } | undefined {
  const text = line.comment.text;
  // Plain scans rather than an anchored-at-end regex, which backtracks quadratically on long runs.
  let lead = 0;
  while (lead < text.length && DECORATION.has(text[lead]!)) lead++;
  let end = text.length;
  while (end > lead && DECORATION.has(text[end - 1]!)) end--;
  const title = text.slice(lead, end);
  if (!title || !/[\p{L}\p{N}]/u.test(title)) return undefined;
  if (looksLikeCommand(title)) return undefined;
  const r = line.comment.range;
  return { title, titleRange: rangeInLine(r.line, r.start - r.column, r.column + lead, r.column + lead + title.length) };
}

/**
 * A commented-out command: `mod cmd …`, `config`/`vars` with one of their verbs, or a final
 * command alone, all in the lower case the device needs. `# Config` or `# Firmware` stay headings.
 */
function looksLikeCommand(text: string): boolean {
  const [first, second] = text.split(/\s+/);
  if (first === "mod") return second === "cmd" || second === undefined;
  if (first === "config") return CONFIG_VERBS.some((v) => v.verb === second);
  if (first === "vars") return VARS_VERBS.some((v) => v.verb === second);
  return second === undefined && isFinalWord(first ?? "");
}

/** The symbol of one command line; undefined for blanks and comments. */
export function commandSymbol(line: LineNode): OutlineSymbol | undefined {
  const args = (words: readonly { text: string }[]) => words.map((w) => w.text).join(" ");
  const symbol = (name: string, detail: string, kind: SymbolKind, selectionRange: Range): OutlineSymbol => ({
    name: escapeControl(name),
    detail: escapeControl(detail),
    kind,
    range: line.range,
    selectionRange,
  });
  switch (line.kind) {
    case "blank":
    case "comment":
    case "directive":
      return undefined;
    case "config":
    case "vars": {
      const named = [line.keyword, line.verb, line.args[0]].filter((w) => w !== undefined);
      const detail = isSettingsLine(line) ? settingsDetail(line) : args(line.args.slice(1));
      return symbol(args(named), detail, "config", (line.verb ?? line.keyword).range);
    }
    case "final":
      return symbol(line.final.text, args(line.args), "command", line.final.range);
    case "other":
      return symbol(line.head.text, args(line.args), "command", line.head.range);
    case "module": {
      const selection = (line.verb ?? line.module ?? line.cmd ?? line.mod).range;
      const detail = args(line.args);
      if (!line.spec || !line.verb) {
        const named = line.module && line.verb ? [line.module, line.verb] : [line.mod, line.cmd, line.module, line.verb].filter((w) => w !== undefined);
        return symbol(args(named), detail, "command", selection);
      }
      const verb = line.spec.verb;
      const withText = (kind: SymbolKind, text: string | undefined) => symbol(text ? `${verb} ${text}` : verb, detail, kind, selection);
      // By shape and the catalog's transfer data, never by verb: a build names a download, a file name a load or upload.
      if (hasShape(line, "final-serial")) return withText("check", line.serial?.text);
      if (hasShape(line, "switches")) {
        const mask = allowMask(line);
        return withText("times", mask ? describeHours(mask) : undefined);
      }
      if (hasShape(line, "minutes")) return withText("command", line.minutes?.text);
      if (hasShape(line, "transfer") && line.spec.transfer?.running !== undefined) return withText("transfer", line.serial?.text);
      if (hasShape(line, "transfer") || hasShape(line, "upload")) return withText("transfer", fileNameOf(line.url));
      return withText("command", undefined);
    }
  }
}

/** The words after the module of a config UP1 line, the update URL decoded. */
function settingsDetail(line: SettingsLine): string {
  const decoded = new Map<number, string>();
  for (const setting of line.settings) {
    const value = setting.value;
    if (setting.spec?.value !== "encoded-url" || !value) continue;
    const text = (value as EncodedUrlArg).decoded;
    if (text !== undefined) decoded.set(value.range.start, text);
  }
  return line.args
    .slice(1)
    .map((w) => decoded.get(w.range.start) ?? w.text)
    .join(" ");
}

/** The last path segment of a URL (`site.txt`), or the whole word when there is none. */
function fileNameOf(url: UrlArg | undefined): string | undefined {
  if (!url) return undefined;
  if (url.looksLikeUrl && url.path && !url.endsWithSlash) {
    const name = url.path.text.slice(url.path.text.lastIndexOf("/") + 1);
    if (name) return name;
  }
  return url.text;
}
