/**
 * Parse and lint throughput on realistic scripts against a line-and-word regex baseline, and how
 * their time grows with the input (1×, 10×, 100×). Each size is measured in its own process,
 * which reads the script from a file, as the CLI and the editor get one: generating it in the
 * measuring process changed what was measured (README.md, "parse / lint").
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "@upscript/grammar";
import { RULES, lint } from "@upscript/language";
import { generateLines, generateScript } from "./generate.js";
import { fmt, mbPerSecond, time, type Row } from "./measure.js";
import { inChild, peakRssMb } from "./worker.js";
// Internal to the language core: the control row below runs the line rules alone.
import { lineRuleFindings } from "../../server/src/language/lint.js";

/** What any tool must at least do: cut the text into lines and the lines into words. */
export function regexBaseline(text: string): number {
  let words = 0;
  for (const line of text.split(/\r\n|\r|\n/)) words += line.split(/[ \t]+/).length;
  return words;
}

type Kind = "parse" | "lint";

interface Sample {
  readonly chars: number;
  readonly ms: number;
  readonly baselineMs: number;
  readonly runs: number;
  readonly peakRssMb: number;
}

/** Where the section's scripts are written, once per run of the benchmarks. */
let scriptDir: string | undefined;

/** A file holding `text`, written once per run (the parent side writes the scripts the workers read). */
function scriptFile(name: string, text: () => string): string {
  scriptDir ??= mkdtempSync(join(tmpdir(), "upscript-throughput-bench-"));
  const path = join(scriptDir, name);
  if (!existsSync(path)) writeFileSync(path, text());
  return path;
}

/** 7 runs above 1 MB, else 15. */
const runsFor = (text: string) => (text.length > 2 * MB ? 7 : 15);

const sizedScript = (size: number) => scriptFile(`script-${size}.htm`, () => generateScript(size));

/** Worker side: one size of one kind, the script read from `path`. The baseline runs after the peak RSS is read. */
export function throughputTask(kind: Kind, path: string): Sample {
  const text = readFileSync(path, "utf8");
  const runs = runsFor(text);
  const subject = kind === "parse" ? () => parse(text) : () => lint(text);
  const ours = time(subject, { runs });
  const peak = peakRssMb();
  const base = time(() => regexBaseline(text), { runs });
  return { chars: text.length, ms: ours.medianMs, baselineMs: base.medianMs, runs, peakRssMb: peak };
}

export function tenThousandLinesTask(path: string): { ms: number; kb: number; peakRssMb: number } {
  const lines = readFileSync(path, "utf8");
  const t = time(() => lint(lines), { runs: 15 });
  return { ms: t.medianMs, kb: lines.length / 1024, peakRssMb: peakRssMb() };
}

// Decimal units, as in MB/s: 100 KB × 100 is exactly 10 MB.
const KB = 1000;
const MB = 1000 * KB;
const label = (size: number) => (size >= MB ? `${size / MB} MB` : `${size / KB} KB`);
const SIZES = [KB, 10 * KB, 100 * KB, MB, 10 * MB];

/**
 * Worker side of the control row: only allocate and keep a dozen small objects per line, as a
 * tree does. Its growth shows what the JavaScript heap alone adds once a tree outgrows the young
 * generation, independent of any parsing.
 */
export function retentionTask(path: string): Sample {
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  const keep = () => lines.map((line, i) => Array.from({ length: 12 }, (_, k) => ({ start: i + k, end: i + k + line.length, line: i, column: k, endLine: i, endColumn: k })));
  const runs = runsFor(text);
  const t = time(keep, { runs });
  return { chars: text.length, ms: t.medianMs, baselineMs: 0, runs, peakRssMb: peakRssMb() };
}

/**
 * Worker side of the control row "no node kept": the script parsed in blocks of 256 lines, the
 * rules of scope `line` run on each block, then its nodes are dropped; the rules that compare
 * lines do not run. Set beside the lint, which keeps no tree either, it shows what those rules
 * and the directives add (docs/architecture.md, "Data flow").
 */
export function droppedNodesTask(path: string): Sample {
  const text = readFileSync(path, "utf8");
  const blocks: string[] = [];
  const lines = text.split(/(?<=\n)/);
  for (let i = 0; i < lines.length; i += 256) blocks.push(lines.slice(i, i + 256).join(""));
  const lintBlocks = () => {
    let found = 0;
    for (const block of blocks) {
      const parsed = parse(block);
      found += lineRuleFindings(block, parsed.tree.lines, parsed.syntaxDiagnostics, {}).length;
    }
    return found;
  };
  const runs = runsFor(text);
  const ours = time(lintBlocks, { runs });
  const peak = peakRssMb();
  const base = time(() => regexBaseline(text), { runs });
  return { chars: text.length, ms: ours.medianMs, baselineMs: base.medianMs, runs, peakRssMb: peak };
}

/**
 * Small inputs vary most from one process to the next (JIT tiering, when the collector runs), so
 * up to 1 MB the figure is the median sample of three processes; larger ones run in one.
 */
function acrossProcesses(size: number, measure: () => Sample): Sample {
  if (size > MB) return measure();
  const samples = [measure(), measure(), measure()].sort((a, b) => a.ms - b.ms);
  return samples[1]!;
}

function growthRows(what: string, samples: ReadonlyMap<number, Sample>, withBaseline: boolean): Row[] {
  const rows: Row[] = [];
  for (const base of [KB, 100 * KB]) {
    const one = samples.get(base)!;
    for (const factor of [10, 100]) {
      const s = samples.get(base * factor)!;
      const ratio = s.ms / one.ms;
      rows.push({
        section: "growth",
        measure: `${what}: ${factor}× the input (${label(base * factor)} vs ${label(base)})`,
        value: `${fmt(s.ms, 2)} ms vs ${fmt(one.ms, 2)} ms`,
        baseline: withBaseline ? `regex ${fmt(s.baselineMs / one.baselineMs)}×` : "",
        ratio: `${fmt(ratio)}× the time`,
        rss: `${fmt(s.peakRssMb, 0)} MB vs ${fmt(one.peakRssMb, 0)} MB`,
        note: `${ratio <= factor * 1.2 ? "within" : "OVER"} the ${factor * 1.2}× bound`,
      });
    }
  }
  return rows;
}

export function throughputSection(): Row[] {
  try {
    return measuredRows();
  } finally {
    if (scriptDir) rmSync(scriptDir, { recursive: true, force: true });
    scriptDir = undefined;
  }
}

function measuredRows(): Row[] {
  const rows: Row[] = [];
  const growth: Row[] = [];
  for (const kind of ["parse", "lint"] as const) {
    const samples = new Map<number, Sample>();
    for (const size of SIZES) {
      const path = sizedScript(size);
      samples.set(size, acrossProcesses(size, () => inChild<Sample>("throughput", kind, path)));
    }
    for (const size of [KB, 100 * KB, 10 * MB]) {
      const s = samples.get(size)!;
      rows.push({
        section: kind,
        measure: `throughput, ${label(size)} script`,
        value: `${fmt(mbPerSecond(s.chars, s.ms))} MB/s (${fmt(s.ms)} ms)`,
        baseline: `${fmt(mbPerSecond(s.chars, s.baselineMs))} MB/s (${fmt(s.baselineMs)} ms)`,
        ratio: `${fmt(s.ms / s.baselineMs)}× slower`,
        rss: `${fmt(s.peakRssMb, 0)} MB`,
        note: `median of ${s.runs}${kind === "lint" ? `; all ${RULES.length} rules` : ""}; baseline: split lines and words with a regex`,
      });
    }
    growth.push(...growthRows(kind, samples, true));
  }
  const control = new Map<number, Sample>();
  for (const size of SIZES) {
    const path = sizedScript(size);
    control.set(size, acrossProcesses(size, () => inChild<Sample>("retention", path)));
  }
  growth.push(...growthRows("control: keep 12 small objects per line, no parsing", control, false));
  const dropped = inChild<Sample>("dropped-nodes", sizedScript(10 * MB));
  rows.push({
    section: "lint",
    measure: "control: 10 MB script in blocks of 256 lines, line rules only, no node kept",
    value: `${fmt(mbPerSecond(dropped.chars, dropped.ms))} MB/s (${fmt(dropped.ms)} ms)`,
    baseline: `${fmt(mbPerSecond(dropped.chars, dropped.baselineMs))} MB/s (${fmt(dropped.baselineMs)} ms)`,
    ratio: `${fmt(dropped.ms / dropped.baselineMs)}× slower`,
    rss: `${fmt(dropped.peakRssMb, 0)} MB`,
    note: `median of ${dropped.runs}; the rules that compare lines not run: what they add to the lint, which keeps no tree either`,
  });
  const ten = inChild<{ ms: number; kb: number; peakRssMb: number }>("ten-thousand-lines", scriptFile("ten-thousand-lines.htm", () => generateLines(10_000)));
  rows.push({ section: "lint", measure: "10,000-line script", value: `${fmt(ten.ms)} ms`, rss: `${fmt(ten.peakRssMb, 0)} MB`, note: `${fmt(ten.kb, 0)} KB; median of 15` });
  return [...rows, ...growth];
}
