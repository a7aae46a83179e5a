/**
 * `lint(text, options)`: every diagnostic for one script, in a deterministic order. Pure: other
 * files are read through `options.resolve`, the git base arrives as text.
 */
import { LIMITS, directiveLines, emptyRangeAt, overLimit, parse, parseRuns, plainRange, type LineNode, type ParseResult, type Range, type Script, type SyntaxDiagnostic } from "@upscript/grammar";
import { DEFAULT_CONFIG, type UpscriptConfig } from "./config.js";
import { compareDiagnostics, docsUrl, isAnchoredDiagnostic, type Diagnostic, type Severity } from "./diagnostic.js";
import type { Resolver } from "./resolver.js";
import { RULES } from "./rules/index.js";
import type { LineRule, LineVisitor, Reads, Report, Rule, RuleContext, ScriptContext, ScriptRole, ScriptRule } from "./rules/types.js";
import { lineIndex } from "./rules/util-index.js";
import { collectDirectiveLines, collectDirectives, suppressor, type SuppressionReport } from "./suppress.js";
import { parseVersion } from "./version.js";
import { scriptProducts } from "./webroot.js";

export interface LintOptions {
  readonly config?: UpscriptConfig;
  /** Reads files under the web root (cfg targets, firmware files). */
  readonly resolve?: Resolver;
  /** The script's text at the git base (`--base REV`, or the editor's git HEAD). */
  readonly base?: string;
  /** Reads files under the web root as they were at the same git base (cfg targets then). */
  readonly baseResolve?: Resolver;
  /** `cfg-target` for a file loaded by a `cfg` line. */
  readonly role?: ScriptRole;
  /** The script's file name; `update-ip232.htm` tells which product polls it. */
  readonly fileName?: string;
  /** A parse of `text` the caller already has. */
  readonly parsed?: ParseResult;
  /** A parse of `base` the caller already has (the language server parses a git base once). */
  readonly baseTree?: Script;
}

export function lint(text: string, options: LintOptions = {}): Diagnostic[] {
  if (options.parsed) return lintParsed(options.parsed, options);
  const limit = overLimit(text);
  if (limit) return [limitDiagnostic(limit.message)];
  // No tree is kept: each run of lines is parsed, read by every rule and dropped, so a long
  // script is linted in the memory of a run of lines plus what the rules keep of them.
  const shared = sharedContext({ text, bom: text.charCodeAt(0) === 0xfeff, lines: [] }, [], options);
  return runRules(shared, collectDirectiveLines(directiveLines(text)), (read) => parseRuns(text, read));
}

/**
 * What a rule with `reads` found, kept by the incremental document between lints: what it read
 * and the line numbers of the lines among it then. All its ranges are anchored to those lines, so
 * they follow them when an edit above moves their offsets.
 */
export interface KeptFindings {
  readonly reads: readonly Reads[];
  readonly lineNumbers: Int32Array;
  readonly findings: readonly Diagnostic[];
}

/** Per rule id; the owner empties it when the config, file name or role change. */
export type KeptFindingsCache = Map<string, KeptFindings>;

/**
 * `lint` of a parsed script, behind the incremental document. Without `lineFindings` every rule
 * reads the whole tree; with it the rules of scope `line` do not run and their findings are taken
 * from there (what `lineRuleFindings` found on each line, in line order). With `kept`, a rule
 * with `reads` whose lines are the ones it read last time is not run again: what it found then
 * is taken from there.
 */
export function lintParsed(parsed: ParseResult, options: LintOptions, lineFindings?: readonly Diagnostic[], kept?: KeptFindingsCache): Diagnostic[] {
  const shared = sharedContext(parsed.tree, parsed.syntaxDiagnostics, options);
  return runRules(shared, collectDirectives(parsed.tree), (read) => blocksOf(shared, read), lineFindings, kept);
}

/** Gets the lines of a script in order, a block at a time, each block with its syntax diagnostics. */
type LineFeed = (read: (lines: readonly LineNode[], syntaxDiagnostics: readonly SyntaxDiagnostic[]) => void) => void;

/**
 * The runner behind `lint` and `lintParsed`: the rules of scope `line` read each block of lines
 * as it comes, the rules that look across lines read it line by line (LineVisitor), and each
 * finding is suppressed or kept as it is reported, so a script with 100,000 findings never holds
 * them all. The directives are known before the first line is read.
 */
function runRules(shared: SharedContext, directives: SuppressionReport, feed: LineFeed, lineFindings?: readonly Diagnostic[], kept?: KeptFindingsCache): Diagnostic[] {
  const { config } = shared;
  const shown = new FirstDiagnostics(LIMITS.maxDiagnostics);
  const unsuppressed = suppressor(directives);
  let suppressing = true;
  // After suppression (unused-disable) nothing is suppressed any more.
  const unhidden = (rule: string, range: Range) => !suppressing || !unsuppressed || unsuppressed(rule, range.line);
  const keep = (d: Diagnostic) => {
    if (unhidden(d.rule, d.range)) shown.add(d);
  };
  // A finding as a rule reports it becomes a diagnostic only if it can still be shown: past the
  // last one kept it is only counted (the 10 MB benchmark script has 171,000 findings to show
  // 1,000). It still meets the directives first, which learn they were used.
  const reportTo = (rule: Rule) => (finding: Report) => {
    if (unhidden(rule.id, finding.range) && !shown.countIfPast(finding.range)) shown.add(toDiagnostic(rule, finding, config));
  };
  // Each finding must meet the directives (they learn they were used); without any, a list in
  // line order is counted past the last line that can still be shown.
  const keepAll = (list: readonly Diagnostic[]) => {
    if (unsuppressed) for (const d of list) keep(d);
    else shown.addInLineOrder(list);
  };

  const enabled = RULES.filter((rule) => config.rules[rule.id] !== "off");
  const lineRules = lineFindings ? [] : enabled.filter((rule): rule is LineRule => rule.scope === "line");
  if (lineFindings) keepAll(lineFindings);
  const visitors: { readonly rule: ScriptRule; readonly visitor: LineVisitor; failed: boolean }[] = [];
  for (const rule of enabled) {
    if (rule.scope === "line" || rule.phase) continue;
    if (kept && rule.reads) keepAll(keptOrFound(rule, rule.reads(lineIndex(shared.script)), kept, shared));
    else {
      const visitor = startVisitor(rule, shared, reportTo(rule), keep);
      if (visitor) visitors.push({ rule, visitor, failed: false });
    }
  }
  const lineReaders = lineRules.map((rule) => ({ rule, report: reportTo(rule) }));
  if (lineRules.length > 0 || visitors.length > 0) {
    feed((lines, syntaxDiagnostics) => {
      if (lineRules.length > 0) {
        const part = lines === shared.script.lines ? shared : { ...shared, script: { text: shared.script.text, bom: shared.script.bom, lines }, syntaxDiagnostics };
        for (const { rule, report } of lineReaders) runRule(rule, ruleContext(part, report), keep);
      }
      for (const reading of visitors) if (!reading.failed) reading.failed = !readLines(reading.rule, reading.visitor, lines, keep);
    });
  }
  for (const { rule, visitor, failed } of visitors) if (!failed) guarded(rule, keep, () => visitor.end());

  suppressing = false;
  for (const rule of enabled) {
    if (rule.phase !== "after-suppression") continue;
    const context = { ...scriptContext(shared, reportTo(rule)), suppression: directives };
    guarded(rule, keep, () => rule.check(context));
  }
  const { first, more } = shown.result();
  if (more === 0) return first;
  const last = first[first.length - 1]!.range;
  return [
    ...first,
    limitDiagnostic(
      `${NUMBER.format(more)} more problems after line ${last.line + 1} are not shown: upscript reports at most ${NUMBER.format(LIMITS.maxDiagnostics)} per script (limit max-diagnostics)`,
      plainRange(emptyRangeAt(last, true)),
      "info",
    ),
  ];
}

/**
 * The lines of a parsed script in blocks of LINE_BLOCK: every rule reads a block while it is in
 * the processor's cache; each rule walking a 250,000-line tree on its own took 3.5 times as long
 * (docs/architecture.md, "Data flow"). A script of one block is read as it is.
 */
function blocksOf(shared: SharedContext, read: Parameters<LineFeed>[0]): void {
  const { lines } = shared.script;
  const syntaxDiagnostics = shared.syntaxDiagnostics;
  if (lines.length <= LINE_BLOCK) return read(lines, syntaxDiagnostics);
  let syntaxAt = 0;
  for (let from = 0; from < lines.length; from += LINE_BLOCK) {
    const block = lines.slice(from, from + LINE_BLOCK);
    const syntaxFrom = syntaxAt;
    // The last block takes whatever syntax diagnostics are left.
    const lastLine = from + LINE_BLOCK >= lines.length ? Infinity : block[block.length - 1]!.line;
    while (syntaxAt < syntaxDiagnostics.length && syntaxDiagnostics[syntaxAt]!.range.line <= lastLine) syntaxAt++;
    read(block, syntaxDiagnostics.slice(syntaxFrom, syntaxAt));
  }
}

/** A rule's visitor, its findings going to `report` (a failure of the rule to `out`); undefined when it has nothing to look for (or threw). */
function startVisitor(rule: ScriptRule, shared: SharedContext, report: RuleContext["report"], out: (d: Diagnostic) => void): LineVisitor | undefined {
  const context = scriptContext(shared, report);
  let visitor: LineVisitor | undefined;
  guarded(rule, out, () => (visitor = rule.visit(context)));
  return visitor;
}

/** Gives a visitor some lines; false when it threw (reported), and then it reads no more. */
function readLines(rule: ScriptRule, visitor: LineVisitor, lines: readonly LineNode[], out: (d: Diagnostic) => void): boolean {
  try {
    for (let i = 0; i < lines.length; i++) visitor.line(lines[i]!);
    return true;
  } catch (error) {
    out(failure(rule, error));
    return false;
  }
}

/** What `rule` found when it last read the lines `reads`, else what it finds now (and kept for next time); in line order. */
function keptOrFound(rule: ScriptRule, reads: readonly Reads[], kept: KeptFindingsCache, shared: SharedContext): readonly Diagnostic[] {
  const known = kept.get(rule.id);
  if (known && sameLines(known, reads)) return known.findings;
  const found: Diagnostic[] = [];
  const out = (d: Diagnostic) => found.push(d);
  const visitor = startVisitor(rule, shared, (finding) => out(toDiagnostic(rule, finding, shared.config)), out);
  if (visitor && readLines(rule, visitor, linesIn(reads) ?? shared.script.lines, out)) guarded(rule, out, () => visitor.end());
  sortDiagnostics(found);
  // A range built from numbers would stay behind when an edit above moves the lines: not kept.
  if (found.every(isAnchoredDiagnostic)) kept.set(rule.id, { reads, lineNumbers: lineNumbersOf(reads), findings: found });
  else kept.delete(rule.id);
  return found;
}

/**
 * The lines of `reads` in line order, each once: all that a rule with `reads` reacts to, so it
 * finds the same reading only these as reading every line (the lint of a kept tree, where the
 * index has them sorted already). Undefined when a list holds line numbers: such a rule counts
 * lines and reads them all.
 */
function linesIn(reads: readonly Reads[]): readonly LineNode[] | undefined {
  let lines: readonly LineNode[] = [];
  for (const list of reads) {
    if (list.length > 0 && typeof list[0] === "number") return undefined;
    lines = merged(lines, list as readonly LineNode[]);
  }
  return lines;
}

/** Two lists in line order as one, a node in both once. */
function merged(a: readonly LineNode[], b: readonly LineNode[]): readonly LineNode[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: LineNode[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) j++;
    else if (y.line < x.line) {
      out.push(y);
      j++;
      continue;
    }
    out.push(x);
    i++;
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/**
 * The same numbers, and the same nodes in the same lists, each still on the line it was on. A
 * list carried over edits that changed nothing in it, not even a line number, is the same array
 * (carryIndex): equal at once.
 */
function sameLines(known: KeptFindings, reads: readonly Reads[]): boolean {
  if (known.reads.length !== reads.length) return false;
  let at = 0;
  for (let i = 0; i < reads.length; i++) {
    const before = known.reads[i]!;
    const now = reads[i]!;
    if (before === now) {
      at += now.length;
      continue;
    }
    if (before.length !== now.length) return false;
    for (let j = 0; j < now.length; j++) {
      const node = now[j]!;
      if (typeof node === "number" ? node !== before[j] : node !== before[j] || node.line !== known.lineNumbers[at + j]) return false;
    }
    at += now.length;
  }
  return true;
}

/** The line number of every node in `reads`, in order (numbers count as 0). */
function lineNumbersOf(reads: readonly Reads[]): Int32Array {
  const numbers = new Int32Array(reads.reduce((n, list) => n + list.length, 0));
  let at = 0;
  for (const list of reads) for (const item of list) numbers[at++] = typeof item === "number" ? 0 : item.line;
  return numbers;
}

/** One formatter: `toLocaleString` makes one per call, a tenth of a millisecond each. */
const NUMBER = new Intl.NumberFormat("en-US");

/**
 * The first `limit` diagnostics in order (compareDiagnostics) of all those added, and how many
 * more there were. Holds at most twice the limit: when full, it sorts and drops the tail; from
 * then on a diagnostic that sorts after the last one kept is only counted.
 */
class FirstDiagnostics {
  private readonly kept: Diagnostic[] = [];
  private dropped = 0;
  private last: Diagnostic | undefined;
  private lastLine = Infinity;

  constructor(private readonly limit: number) {}

  /**
   * Counts a finding at `range` if it sorts after the last one kept whatever its severity, rule
   * and message (a later start, or a later end from the same start): true then, and it need not
   * be made into a diagnostic.
   */
  countIfPast(range: Range): boolean {
    const last = this.last?.range;
    if (!last) return false;
    const start = range.start;
    const lastStart = last.start;
    if (start < lastStart || (start === lastStart && range.end <= last.end)) return false;
    this.dropped++;
    return true;
  }

  add(d: Diagnostic): void {
    if (this.last && compareDiagnostics(d, this.last) >= 0) {
      this.dropped++;
      return;
    }
    this.kept.push(d);
    if (this.kept.length >= 2 * this.limit) this.trim();
  }

  /**
   * `add` for each of a list in line order: past the line of the last one kept, the rest is only
   * counted. Once `limit` of the list are in, each one after them on a later line sorts after
   * all of those: it and the rest of the list are only counted, and so is anything later added
   * past that line. A long script's findings are then neither all kept nor sorted to be dropped.
   */
  addInLineOrder(list: readonly Diagnostic[]): void {
    let boundLine = Infinity;
    for (let i = 0; i < list.length; i++) {
      const d = list[i]!;
      const line = d.range.line;
      if (line > this.lastLine || line > boundLine) {
        this.dropped += list.length - i;
        if (boundLine < this.lastLine) this.lastLine = boundLine;
        return;
      }
      this.add(d);
      if (i + 1 === this.limit) boundLine = line;
    }
  }

  result(): { first: Diagnostic[]; more: number } {
    this.trim();
    return { first: this.kept, more: this.dropped };
  }

  private trim(): void {
    sortDiagnostics(this.kept);
    if (this.kept.length <= this.limit) return;
    this.dropped += this.kept.length - this.limit;
    this.kept.length = this.limit;
    this.last = this.kept[this.limit - 1];
    this.lastLine = this.last!.range.line;
  }
}

/**
 * Sorts in compareDiagnostics order, reading each range's offsets once: an anchored range computes
 * them, and a comparison sort would ask for them some twenty times per diagnostic.
 */
function sortDiagnostics(list: Diagnostic[]): void {
  const n = list.length;
  if (n < 64) {
    list.sort(compareDiagnostics);
    return;
  }
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    starts[i] = list[i]!.range.start;
    ends[i] = list[i]!.range.end;
    order[i] = i;
  }
  order.sort((a, b) => starts[a]! - starts[b]! || ends[a]! - ends[b]! || compareDiagnostics(list[a]!, list[b]!));
  const sorted = order.map((i) => list[i]!);
  for (let i = 0; i < n; i++) list[i] = sorted[i]!;
}

/**
 * What the rules of scope `line` find on some lines of a script, before suppression: they run
 * over just these lines (with their syntax diagnostics), which is what they would find on them in
 * the whole script.
 */
export function lineRuleFindings(text: string, lines: readonly LineNode[], syntaxDiagnostics: readonly SyntaxDiagnostic[], options: LintOptions): Diagnostic[] {
  const raw: Diagnostic[] = [];
  const out = (d: Diagnostic) => raw.push(d);
  const shared = sharedContext({ text, bom: text.charCodeAt(0) === 0xfeff, lines }, syntaxDiagnostics, { ...options, base: undefined });
  const rules = RULES.filter((rule): rule is LineRule => rule.scope === "line" && shared.config.rules[rule.id] !== "off");
  blocksOf(shared, (block, blockSyntax) => {
    const part = block === lines ? shared : { ...shared, script: { text, bom: shared.script.bom, lines: block }, syntaxDiagnostics: blockSyntax };
    for (const rule of rules) runRule(rule, ruleContext(part, (finding) => out(toDiagnostic(rule, finding, shared.config))), out);
  });
  return raw;
}

/** Lines per block of blocksOf: small enough to stay in the cache, big enough that 24 rule calls per block cost nothing. */
const LINE_BLOCK = 256;

type SharedContext = ReturnType<typeof sharedContext>;

function sharedContext(tree: Script, syntaxDiagnostics: readonly SyntaxDiagnostic[], options: LintOptions) {
  const config = options.config ?? DEFAULT_CONFIG;
  return {
    script: tree,
    syntaxDiagnostics,
    role: options.role ?? "script",
    config,
    firmware: config.target.firmware ? parseVersion(config.target.firmware) : undefined,
    products: scriptProducts(config, options.fileName),
    resolve: options.resolve,
    base: options.base === undefined ? undefined : (options.baseTree ?? parse(options.base).tree),
    baseResolve: options.base === undefined ? undefined : options.baseResolve,
  } as const;
}

/**
 * One rule's context, its fields written out: spreading the shared part into a new object for
 * each of the 39 rules was a tenth of the time of linting a small script.
 */
function ruleContext(shared: SharedContext, report: RuleContext["report"]): RuleContext {
  return {
    script: shared.script,
    syntaxDiagnostics: shared.syntaxDiagnostics,
    role: shared.role,
    config: shared.config,
    firmware: shared.firmware,
    products: shared.products,
    resolve: shared.resolve,
    base: shared.base,
    baseResolve: shared.baseResolve,
    suppression: undefined,
    report,
  };
}

/** The same without the lines, for a rule that looks across them. */
function scriptContext(shared: SharedContext, report: RuleContext["report"]): ScriptContext {
  return {
    role: shared.role,
    config: shared.config,
    firmware: shared.firmware,
    products: shared.products,
    resolve: shared.resolve,
    base: shared.base,
    baseResolve: shared.baseResolve,
    suppression: undefined,
    report,
  };
}

/** Limits are reported under `syntax`: the script (or its rest) was not read. */
function limitDiagnostic(message: string, range = { start: 0, end: 0, line: 0, column: 0, endLine: 0, endColumn: 0 }, severity: Severity = "error"): Diagnostic {
  return { rule: "syntax", severity, message, range, docsUrl: docsUrl("syntax"), fixes: [], suggestions: [] };
}

function runRule(rule: LineRule, context: RuleContext, out: (d: Diagnostic) => void): void {
  guarded(rule, out, () => rule.check(context));
}

/**
 * Runs a piece of a rule; false when it threw. A rule bug must not hide the other rules'
 * findings: it says so on the first line instead.
 */
function guarded(rule: Rule, out: (d: Diagnostic) => void, run: () => void): boolean {
  try {
    run();
    return true;
  } catch (error) {
    out(failure(rule, error));
    return false;
  }
}

/** What a rule that threw reports, on the first line. */
function failure(rule: Rule, error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const range = { start: 0, end: 0, line: 0, column: 0, endLine: 0, endColumn: 0 };
  return toDiagnostic(rule, { range, message: `upscript could not run this rule (${message}); please report it`, severity: "error" }, DEFAULT_CONFIG);
}

function toDiagnostic(rule: Rule, finding: Report, config: UpscriptConfig): Diagnostic {
  const setting = config.rules[rule.id];
  const severity: Severity = setting && setting !== "off" ? setting : (finding.severity ?? rule.severity);
  return {
    rule: rule.id,
    severity,
    message: finding.message,
    range: finding.range,
    docsUrl: docsUrl(rule.id),
    fixes: finding.fixes ?? [],
    suggestions: finding.suggestions ?? [],
  };
}
