/** Lint (parse plus every rule) on realistic scripts, against the same regex baseline. */
import { RULES, lint } from "@upscript/language";
import { generateLines, generateScript } from "./generate.js";
import { fmt, mbPerSecond, time, type Row } from "./measure.js";
import { regexBaseline } from "./parse.js";

export function lintSection(sizes: readonly number[] = [2 ** 10, 100 * 2 ** 10, 10 * 2 ** 20]): Row[] {
  const rows: Row[] = sizes.map((size) => {
    const text = generateScript(size);
    const runs = size > 2 ** 20 ? 3 : 15;
    const ours = time(() => lint(text), { runs });
    const base = time(() => regexBaseline(text), { runs });
    const label = size >= 2 ** 20 ? `${size / 2 ** 20} MB` : `${size / 2 ** 10} KB`;
    return {
      section: "lint",
      measure: `throughput, ${label} script`,
      value: `${fmt(mbPerSecond(text.length, ours.medianMs))} MB/s (${fmt(ours.medianMs)} ms)`,
      baseline: `${fmt(mbPerSecond(text.length, base.medianMs))} MB/s (${fmt(base.medianMs)} ms)`,
      ratio: `${fmt(ours.medianMs / base.medianMs)}× slower`,
      note: `median of ${runs}; all ${RULES.length} rules`,
    };
  });
  const lines = generateLines(10_000);
  const t = time(() => lint(lines), { runs: 15 });
  rows.push({ section: "lint", measure: "10,000-line script", value: `${fmt(t.medianMs)} ms`, note: `${(lines.length / 1024).toFixed(0)} KB; median of 15` });
  return rows;
}
