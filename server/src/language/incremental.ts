/**
 * The incremental document: a parse and the per-line findings of a script, brought up to date
 * after an edit by re-reading only the lines the edit touched. No I/O: it takes the previous state
 * and an edit (or the new text) and returns the new state. The new state takes the previous one
 * over: the nodes and findings of the lines below the edit are moved in place, so only the
 * returned state may be used afterwards (the language server keeps only the newest).
 *
 * Lines are independent (no construct spans lines), so after an edit the lines above it are kept
 * as they are, the lines it touched are parsed again, and the lines below it are kept with their
 * positions moved (`relocateLine`) by the lines and characters the edit added or removed. What the
 * rules of scope `line` found on a line is kept with the line and moved with it. A rule that looks
 * across lines and says which lines it reads (`reads`) runs again only when those lines changed;
 * the others run over the whole tree at every `lintDocument`. The result always equals `parse` and
 * `lint` of the new text (test/fuzz/incremental.test.ts).
 */
import { LIMITS, anchorOf, overLimit, parse, parseLineAt, relocateLine, type LineAnchor, type LineNode, type ParseResult, type SyntaxDiagnostic } from "@upscript/grammar";
import { isAnchoredDiagnostic, type Diagnostic } from "./diagnostic.js";
import { carryIndex } from "./rules/util-index.js";
import { lint, lineRuleFindings, lintParsed, type KeptFindingsCache, type LintOptions } from "./lint.js";

/** Replaces the text between offsets `start` and `end` of the current text by `text`. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface IncrementalDocument {
  readonly text: string;
  /** Equal to `parse(text)`. */
  readonly parsed: ParseResult;
  /** Per line: its syntax diagnostic, if any. */
  readonly syntax: readonly (SyntaxDiagnostic | undefined)[];
  /** Per line: what the rules of scope `line` found on it; undefined until `lintDocument` asks. */
  readonly findings: readonly (readonly Diagnostic[] | undefined)[];
  /** Per line: whether some range in its findings is not anchored to it, so moving the line walks them. */
  readonly looseFindings: readonly boolean[];
  /** Per line: its anchor (all its ranges read through it), so a line that moves within its number is moved by one write. */
  readonly anchors: readonly (LineAnchor | undefined)[];
  /** What the rules with `reads` found last (lint.ts, `KeptFindings`), found with the same options. */
  readonly crossLine: KeptFindingsCache;
  /** The options the kept findings were found with. */
  readonly findingsFor: FindingsKey | undefined;
}

interface FindingsKey {
  readonly config: LintOptions["config"];
  readonly fileName: string | undefined;
  readonly role: LintOptions["role"];
}

export function openDocument(text: string): IncrementalDocument {
  const parsed = parse(text);
  const syntax: (SyntaxDiagnostic | undefined)[] = new Array(parsed.tree.lines.length).fill(undefined);
  for (const d of parsed.syntaxDiagnostics) syntax[d.range.line] = d;
  const count = parsed.tree.lines.length;
  return { text, parsed, syntax, findings: new Array(count).fill(undefined), looseFindings: new Array<boolean>(count).fill(false), anchors: parsed.tree.lines.map(lineAnchor), crossLine: new Map(), findingsFor: undefined };
}

/**
 * The document after `edit`; `doc` must not be used afterwards. Offsets out of range are clamped
 * to the text. `result`, when the caller has it already, is the text after the edit (the language
 * server's document applied the same change): it becomes the document's text instead of a copy.
 */
export function editDocument(doc: IncrementalDocument, edit: OffsetEdit, result?: string): IncrementalDocument {
  const old = doc.text;
  const start = clamp(edit.start, 0, old.length);
  const end = clamp(edit.end, start, old.length);
  if (start === end && edit.text === "") return doc;
  const text = result !== undefined && result.length === old.length - (end - start) + edit.text.length ? result : old.slice(0, start) + edit.text + old.slice(end);
  const delta = edit.text.length - (end - start);
  const lines = doc.parsed.tree.lines;
  // The line before the edit is read again too: a line end may join or split there (`\r` + `\n`).
  let first = lineAt(lines, Math.max(0, start - 1));
  let at = first < lines.length ? lines[first]!.fullRange.start : 0;
  if (first >= lines.length) first = lines.length;
  const fresh: LineNode[] = [];
  const freshSyntax: (SyntaxDiagnostic | undefined)[] = [];
  const changedEnd = start + edit.text.length;
  // The first old line that is kept: it starts at or after the edit's end, where the new text's
  // lines start at the same text, moved by `delta`.
  let kept = first;
  while (at < text.length) {
    if (at >= changedEnd) {
      const oldAt = at - delta;
      while (kept < lines.length && lines[kept]!.fullRange.start < oldAt) kept++;
      // Nothing is kept as or from line 0: a byte order mark there is read differently.
      if (kept < lines.length && oldAt > 0 && at > 0 && lines[kept]!.fullRange.start === oldAt) break;
    }
    const line = parseLineAt(text, at, first + fresh.length);
    fresh.push(line.node);
    freshSyntax.push(line.syntax);
    at = line.next;
  }
  if (at >= text.length) kept = lines.length;
  const lineDelta = first + fresh.length - kept;
  // A line and what was found on it move together; what is anchored to the line moves with it.
  // Typing within a line moves the lines below by characters only: one write to each anchor.
  for (let i = kept; i < lines.length; i++) {
    const loose = doc.looseFindings[i]!;
    const syntax = doc.syntax[i];
    const anchor = doc.anchors[i];
    const syntaxLoose = syntax !== undefined && !anchorOf(syntax.range);
    if (lineDelta === 0 && anchor && !loose && !syntaxLoose) anchor.lineStart += delta;
    else relocateLine(lines[i]!, loose ? [syntax, doc.findings[i]] : syntaxLoose ? [syntax] : NOTHING, lineDelta, delta);
  }
  const newLines = replaced(lines, first, kept, fresh);
  const syntax = replaced(doc.syntax, first, kept, freshSyntax);
  const findings = replaced<readonly Diagnostic[] | undefined>(doc.findings, first, kept, new Array<undefined>(fresh.length).fill(undefined));
  const looseFindings = replaced(doc.looseFindings, first, kept, new Array<boolean>(fresh.length).fill(false));
  const anchors = replaced(doc.anchors, first, kept, fresh.map(lineAnchor));
  const syntaxDiagnostics: SyntaxDiagnostic[] = [];
  for (const d of syntax) if (d !== undefined) syntaxDiagnostics.push(d);
  const parsed: ParseResult = { tree: { text, bom: text.charCodeAt(0) === 0xfeff, lines: newLines }, syntaxDiagnostics };
  carryIndex(doc.parsed.tree, parsed.tree, first, lines.slice(first, kept), fresh, lineDelta);
  return { text, parsed, syntax, findings, looseFindings, anchors, crossLine: doc.crossLine, findingsFor: doc.findingsFor };
}

/** `list` with its entries from `from` up to `to` replaced by `by`, as a new array. */
function replaced<T>(list: readonly T[], from: number, to: number, by: readonly T[]): T[] {
  const out = list.slice(0, from);
  for (const item of by) out.push(item);
  for (let i = to; i < list.length; i++) out.push(list[i]!);
  return out;
}

const NOTHING: readonly unknown[] = [];

/** `editDocument` for each edit in turn; `result` is the text after the last one. */
export function editDocumentBy(doc: IncrementalDocument, edits: readonly OffsetEdit[], result?: string): IncrementalDocument {
  let next = doc;
  for (let i = 0; i < edits.length; i++) next = editDocument(next, edits[i]!, i === edits.length - 1 ? result : undefined);
  return next;
}

/**
 * The document with `text` as its new text: the edit is what lies between the common start and
 * the common end of the old and the new text (the language server's documents apply the
 * client's incremental changes; this finds the lines they touched).
 */
export function updateDocument(doc: IncrementalDocument, text: string): IncrementalDocument {
  const old = doc.text;
  if (old === text) return doc;
  const max = Math.min(old.length, text.length);
  const prefix = commonPrefix(old, text, max);
  const suffix = commonSuffix(old, text, max - prefix);
  return editDocument(doc, { start: prefix, end: old.length - suffix, text: text.slice(prefix, text.length - suffix) });
}

/**
 * Every diagnostic of the document, equal to `lint(doc.text, options)`. Finds what the line
 * rules say on lines not seen yet and keeps it in `doc` (its only mutation: a cache).
 */
export function lintDocument(doc: IncrementalDocument, options: Omit<LintOptions, "parsed"> = {}): Diagnostic[] {
  if (beyondLimits(doc)) return lint(doc.text, options);
  const key: FindingsKey = { config: options.config, fileName: options.fileName, role: options.role };
  const findings = doc.findings as (readonly Diagnostic[] | undefined)[];
  const same = doc.findingsFor !== undefined && doc.findingsFor.config === key.config && doc.findingsFor.fileName === key.fileName && doc.findingsFor.role === key.role;
  if (!same) {
    findings.fill(undefined);
    (doc.looseFindings as boolean[]).fill(false);
    doc.crossLine.clear();
  }
  (doc as { findingsFor: FindingsKey | undefined }).findingsFor = key;
  const lines = doc.parsed.tree.lines;
  const missing: LineNode[] = [];
  const missingSyntax: SyntaxDiagnostic[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (findings[i] !== undefined) continue;
    missing.push(lines[i]!);
    const d = doc.syntax[i];
    if (d) missingSyntax.push(d);
  }
  if (missing.length > 0) {
    const found = lineRuleFindings(doc.text, missing, missingSyntax, options);
    const byLine = new Map<number, Diagnostic[]>();
    for (const d of found) {
      const list = byLine.get(d.range.line);
      if (list) list.push(d);
      else byLine.set(d.range.line, [d]);
    }
    for (const line of missing) {
      const list = byLine.get(line.line);
      (doc.looseFindings as boolean[])[line.line] = list !== undefined && !list.every(isAnchoredDiagnostic);
      findings[line.line] = list ?? NONE;
    }
  }
  const all: Diagnostic[] = [];
  for (const list of findings) if (list!.length > 0) all.push(...list!);
  return lintParsed(doc.parsed, options, all, doc.crossLine);
}

const NONE: readonly Diagnostic[] = [];

/**
 * `overLimit` of the text, without counting its line ends when the tree is short enough: every
 * line end ends a line of the tree, so the tree has at least as many lines as the text has ends.
 */
function beyondLimits(doc: IncrementalDocument): boolean {
  if (doc.text.length <= LIMITS.maxTextLength && doc.parsed.tree.lines.length <= LIMITS.maxLines) return false;
  return overLimit(doc.text) !== undefined;
}

/** The anchor of a line node: every range the parser makes in the line reads through it. */
function lineAnchor(node: LineNode): LineAnchor | undefined {
  const anchor = anchorOf(node.fullRange);
  return anchor !== undefined && anchor === anchorOf(node.range) ? anchor : undefined;
}

/**
 * Common start and end are found block by block: comparing two substrings is one native compare,
 * a loop over characters cost 5 ms a keystroke on a 400 KB script; only the block that differs is
 * walked character by character.
 */
const BLOCK = 4096;

/** The length of the common start of `a` and `b`, at most `max`. */
function commonPrefix(a: string, b: string, max: number): number {
  let at = 0;
  while (at + BLOCK <= max && a.slice(at, at + BLOCK) === b.slice(at, at + BLOCK)) at += BLOCK;
  while (at < max && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** The length of the common end of `a` and `b`, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (n + BLOCK <= max && a.slice(a.length - n - BLOCK, a.length - n) === b.slice(b.length - n - BLOCK, b.length - n)) n += BLOCK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** The index of the line holding `offset` (the last line starting at or before it). */
function lineAt(lines: readonly LineNode[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]!.fullRange.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
