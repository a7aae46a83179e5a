/**
 * Semantic tokens: what each word of a script is, for colouring. Tokens come in document order,
 * never overlap and never leave their line; words that mean nothing particular (extra words,
 * config arguments, invalid values) get no token so they keep the editor's plain colour.
 */
import {
  badEscape,
  isSettingsLine,
  rangeInLine,
  type Arg,
  type EncodedUrlArg,
  type LineNode,
  type ModuleLine,
  type Range,
  type SettingArg,
  type SwitchArg,
  type UrlArg,
  type Word,
} from "@upscript/grammar";
import type { DocumentContext, SemanticToken, SemanticTokenType } from "./types.js";

/** The legend: a token's type index in the LSP encoding is its position here. */
export const SEMANTIC_TOKEN_TYPES: readonly SemanticTokenType[] = [
  "keyword",
  "module",
  "verb",
  "final",
  "switch",
  "url",
  "meta",
  "serial",
  "number",
  "comment",
];

const TYPE_INDEX: ReadonlyMap<SemanticTokenType, number> = new Map(SEMANTIC_TOKEN_TYPES.map((type, i) => [type, i]));

export function semanticTokens(context: DocumentContext): SemanticToken[] {
  const out: SemanticToken[] = [];
  for (const line of context.parsed.tree.lines) {
    const chunk = encodedLine(line);
    let column = 0;
    for (let i = 0; i < chunk.length; i += 5) {
      column += chunk[i + 1]!;
      out.push({ line: line.line, column, length: chunk[i + 2]!, type: SEMANTIC_TOKEN_TYPES[chunk[i + 3]!]! });
    }
  }
  return out;
}

/**
 * The LSP relative encoding of the document's tokens, equal to
 * `encodeSemanticTokens(semanticTokens(context))`, assembled from each line's encoded tokens: only
 * the first delta line of a line depends on the lines above, the rest is copied as it is.
 */
export function encodedSemanticTokens(context: DocumentContext): Uint32Array {
  return encodeTokens(context.parsed.tree.lines).data;
}

/** A document's encoded tokens, and where each line's begin: what encoding the next version starts from. */
export interface EncodedTokens {
  readonly lines: readonly LineNode[];
  readonly data: Uint32Array;
  /** For each line, the index in `data` of its first integer; one more entry, `data.length`, at the end. */
  readonly starts: Uint32Array;
}

/**
 * `encodedSemanticTokens` for `lines`, starting from the encoding of an earlier version of the
 * document. The incremental document keeps the node of every line an edit did not touch, so the
 * lines before the first changed node and after the last are copied from there in two moves
 * (their tokens are relative, only the first delta line after the changed ones is worked out
 * again); a keystroke on 10,000 lines encodes one line instead of assembling all of them. Equal
 * to encoding `lines` afresh (test/fuzz/incremental.test.ts).
 */
export function encodeTokens(lines: readonly LineNode[], previous?: EncodedTokens): EncodedTokens {
  const n = lines.length;
  const before = previous?.lines ?? [];
  const m = before.length;
  let prefix = 0;
  while (prefix < n && prefix < m && lines[prefix] === before[prefix]) prefix++;
  let suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix && lines[n - 1 - suffix] === before[m - 1 - suffix]) suffix++;
  // A line has tokens when its start is below the next line's.
  const had = (j: number) => previous!.starts[j + 1]! > previous!.starts[j]!;
  const middle: Uint32Array[] = new Array(n - prefix - suffix);
  let size = 0;
  for (let i = prefix; i < n - suffix; i++) size += (middle[i - prefix] = encodedLine(lines[i]!)).length;
  const head = previous ? previous.starts[prefix]! : 0;
  const tailFrom = previous ? previous.starts[m - suffix]! : 0;
  const data = new Uint32Array(head + size + (previous ? previous.data.length - tailFrom : 0));
  const starts = new Uint32Array(n + 1);
  // The line of the last token so far: a line's first delta line counts from it.
  let lastLine = 0;
  if (previous) {
    data.set(previous.data.subarray(0, head));
    starts.set(previous.starts.subarray(0, prefix));
    for (let k = prefix - 1; k >= 0; k--) {
      if (had(k)) {
        lastLine = lines[k]!.line;
        break;
      }
    }
  }
  let at = head;
  for (let i = prefix; i < n - suffix; i++) {
    starts[i] = at;
    const chunk = middle[i - prefix]!;
    if (chunk.length === 0) continue;
    data.set(chunk, at);
    data[at] = lines[i]!.line - lastLine;
    lastLine = lines[i]!.line;
    at += chunk.length;
  }
  if (previous && suffix > 0) {
    data.set(previous.data.subarray(tailFrom), at);
    for (let i = n - suffix, j = m - suffix; i < n; i++, j++) starts[i] = previous.starts[j]! - tailFrom + at;
    // The first line below the changed ones that has tokens counts from the last token above it.
    for (let i = n - suffix, j = m - suffix; i < n; i++, j++) {
      if (!had(j)) continue;
      data[starts[i]!] = lines[i]!.line - lastLine;
      break;
    }
  }
  starts[n] = data.length;
  return { lines, data, starts };
}

/** `encodedSemanticTokens` as the plain array an LSP answer holds. */
export function semanticTokensData(context: DocumentContext): number[] {
  return tokenArray(encodedSemanticTokens(context));
}

/**
 * Appended with push: an array sized up front is holey, and JSON.stringify, which every answer
 * goes through, takes four times as long on one (Array.from is slower still).
 */
export function tokenArray(data: Uint32Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) out.push(data[i]!);
  return out;
}

/**
 * A line's tokens in the LSP encoding as if the line were the first with tokens: five integers
 * per token, the first delta line 0 (the caller sets it), the first start the column. A line's
 * tokens depend on that line alone, and the incremental document keeps the node of every line an
 * edit did not touch (moving it changes no column), so they are kept per node: after a keystroke
 * only the lines it touched are looked at again. The memo never changes an answer.
 */
const lineTokenCache = new WeakMap<LineNode, Uint32Array>();

function encodedLine(line: LineNode): Uint32Array {
  const cached = lineTokenCache.get(line);
  if (cached) return cached;
  const found: SemanticToken[] = [];
  lineTokens(line, found);
  found.sort((a, b) => a.column - b.column || a.length - b.length);
  const kept: SemanticToken[] = [];
  // Defensive: the tree never gives overlapping words, but a token must never overlap another.
  let end = -1;
  for (const token of found) {
    if (token.length <= 0 || token.column < end) continue;
    kept.push(token);
    end = token.column + token.length;
  }
  const chunk = new Uint32Array(kept.length * 5);
  let column = 0;
  kept.forEach((token, i) => {
    chunk.set([0, token.column - column, token.length, TYPE_INDEX.get(token.type) ?? 0, 0], i * 5);
    column = token.column;
  });
  lineTokenCache.set(line, chunk);
  return chunk;
}

/**
 * The LSP relative encoding: five integers per token (delta line, delta start, length, type
 * index, modifiers). Tokens are sorted first, so any order is accepted.
 */
export function encodeSemanticTokens(tokens: readonly SemanticToken[]): number[] {
  const sorted = [...tokens].sort((a, b) => a.line - b.line || a.column - b.column);
  const data: number[] = [];
  let line = 0;
  let column = 0;
  for (const token of sorted) {
    const deltaLine = token.line - line;
    data.push(deltaLine, deltaLine === 0 ? token.column - column : token.column, token.length, TYPE_INDEX.get(token.type) ?? 0, 0);
    line = token.line;
    column = token.column;
  }
  return data;
}

function lineTokens(line: LineNode, out: SemanticToken[]): void {
  const add = (range: Range | undefined, type: SemanticTokenType) => {
    if (range && range.line === range.endLine && range.endColumn > range.column) {
      out.push({ line: range.line, column: range.column, length: range.endColumn - range.column, type });
    }
  };
  const word = (w: Word | undefined, type: SemanticTokenType) => add(w?.range, type);
  switch (line.kind) {
    case "comment":
    case "directive":
      word(line.comment, "comment");
      return;
    case "config":
    case "vars":
      word(line.keyword, "keyword");
      word(line.verb, "verb");
      if (isSettingsLine(line)) {
        word(line.module, "module");
        line.settings.forEach((s) => settingTokens(s, word, add));
      }
      return;
    case "final":
      word(line.final, "final");
      return;
    case "module":
      moduleTokens(line, word, add);
      return;
    default:
      return;
  }
}

type AddWord = (w: Word | undefined, type: SemanticTokenType) => void;
type AddRange = (range: Range | undefined, type: SemanticTokenType) => void;

function moduleTokens(line: ModuleLine, word: AddWord, add: AddRange): void {
  word(line.mod, "keyword");
  word(line.cmd, "keyword");
  word(line.module, "module");
  word(line.verb, "verb");
  const final = (w: { final: unknown; range: Range } | undefined) => {
    // Only a recognised final command is coloured; a misspelt one stays plain (and is reported).
    if (w?.final !== undefined) add(w.range, "final");
  };
  // By the typed fields the line's shape has (grammar/src/ast.ts), never by verb.
  if ("url" in line) urlTokens(line.url, add);
  if ("final" in line) final(line.final);
  if ("serial" in line) word(line.serial, "serial");
  if ("minutes" in line && line.minutes?.value !== undefined) word(line.minutes, "number");
  if ("switches" in line) line.switches.forEach((s) => switchTokens(s, word, add));
}

function switchTokens(sw: SwitchArg, word: AddWord, add: AddRange): void {
  word(sw.name, "switch");
  const value: Arg | undefined = sw.value;
  if (!value || !sw.spec) return;
  if (sw.spec.value === "command") {
    // A device command is a string; one whose escapes are malformed stays plain (scfg-always reports it).
    if (!badEscape(value.text)) word(value, "serial");
  } else if (sw.spec.value === "hours" && "items" in value) {
    // Each valid-looking hour is a number; commas, ranges and invalid items stay plain.
    for (const item of value.items) if (item.kind === "hour") add(item.range, "number");
  } else if ((sw.spec.value === "minutes" || sw.spec.value === "count") && "value" in value && typeof value.value === "number") {
    word(value, "number");
  }
}

/**
 * A setting of a config UP1 line: the name is a switch, a whole number of minutes a number, and
 * the update URL a URL: written plain, with its meta sequences cut out; percent-encoded, as one
 * url token (positions in the decoded text do not match the word's characters).
 */
function settingTokens(setting: SettingArg, word: AddWord, add: AddRange): void {
  word(setting.name, "switch");
  const value = setting.value;
  if (!value || !setting.spec) return;
  if (setting.spec.value === "minutes" && "value" in value && typeof value.value === "number") word(value, "number");
  else if (setting.spec.value === "encoded-url") {
    const encoded = value as EncodedUrlArg;
    if (encoded.verbatim) urlTokens(encoded.decodedUrl, add);
    else if (encoded.decodedUrl?.looksLikeUrl) word(encoded, "url");
  }
}

/** A URL as url pieces with each meta sequence cut out as its own token. */
function urlTokens(url: UrlArg | undefined, add: AddRange): void {
  if (!url?.looksLikeUrl) return;
  const { range } = url;
  const metas = [...url.metas].sort((a, b) => a.range.column - b.range.column);
  let cursor = range.column;
  const piece = (from: number, to: number, type: SemanticTokenType) => {
    if (to > from) add(rangeInLine(range.line, range.start - range.column, from, to), type);
  };
  for (const meta of metas) {
    const from = Math.max(meta.range.column, cursor);
    const to = Math.min(meta.range.endColumn, range.endColumn);
    if (to <= from) continue;
    piece(cursor, from, "url");
    piece(from, to, "meta");
    cursor = to;
  }
  piece(cursor, range.endColumn, "url");
}
