/**
 * Parse and lint throughput on realistic scripts against a line-and-word regex baseline, and how
 * their time grows with the input (1×, 10×, 100×). Each size is measured in its own process.
 */
import { parse } from "@upscript/grammar";
import { RULES, lint } from "@upscript/language";
import { generateLines, generateScript } from "./generate.js";
import { fmt, mbPerSecond, time, type Row } from "./measure.js";
import { inChild, peakRssMb } from "./worker.js";

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

/** Worker side: one size of one kind. The baseline runs after the peak RSS is read. */
export function throughputTask(kind: Kind, size: number): Sample {
  const text = generateScript(size);
  const runs = size > 2 ** 20 ? 5 : 15;
  const subject = kind === "parse" ? () => parse(text) : () => lint(text);
  const ours = time(subject, { runs });
  const peak = peakRssMb();
  const base = time(() => regexBaseline(text), { runs });
  return { chars: text.length, ms: ours.medianMs, baselineMs: base.medianMs, runs, peakRssMb: peak };
}

export function tenThousandLinesTask(): { ms: number; kb: number; peakRssMb: number } {
  const lines = generateLines(10_000);
  const t = time(() => lint(lines), { runs: 15 });
  return { ms: t.medianMs, kb: lines.length / 1024, peakRssMb: peakRssMb() };
}

const label = (size: number) => (size >= 2 ** 20 ? `${size / 2 ** 20} MB` : `${size / 2 ** 10} KB`);
const KB = 2 ** 10;
const MB = 2 ** 20;

export function throughputSection(): Row[] {
  const rows: Row[] = [];
  const growth: Row[] = [];
  for (const kind of ["parse", "lint"] as const) {
    const samples = new Map<number, Sample>();
    for (const size of [KB, 100 * KB, MB, 10 * MB]) samples.set(size, inChild<Sample>("throughput", kind, size));
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
    // Growth from 100 KB: below that a run is dominated by fixed costs, not by the input.
    const one = samples.get(100 * KB)!;
    for (const [factor, size] of [[10, MB], [100, 10 * MB]] as const) {
      const s = samples.get(size)!;
      const ratio = s.ms / one.ms;
      growth.push({
        section: "growth",
        measure: `${kind}: ${factor}× the input (${label(size)} vs 100 KB)`,
        value: `${fmt(s.ms)} ms vs ${fmt(one.ms)} ms`,
        ratio: `${fmt(ratio)}× the time`,
        rss: `${fmt(s.peakRssMb, 0)} MB vs ${fmt(one.peakRssMb, 0)} MB`,
        note: `${ratio <= factor * 1.2 ? "linear" : "NOT linear"}: limit ${factor * 1.2}×`,
      });
    }
  }
  const ten = inChild<{ ms: number; kb: number; peakRssMb: number }>("ten-thousand-lines");
  rows.push({ section: "lint", measure: "10,000-line script", value: `${fmt(ten.ms)} ms`, rss: `${fmt(ten.peakRssMb, 0)} MB`, note: `${fmt(ten.kb, 0)} KB; median of 15` });
  return [...rows, ...growth];
}
