/** Parse throughput on realistic scripts against a line-and-word regular expression baseline. */
import { parse } from "@upscript/grammar";
import { generateScript } from "./generate.js";
import { fmt, mbPerSecond, time, type Row } from "./measure.js";

/** What any tool must at least do: cut the text into lines and the lines into words. */
export function regexBaseline(text: string): number {
  let words = 0;
  for (const line of text.split(/\r\n|\r|\n/)) words += line.split(/[ \t]+/).length;
  return words;
}

export function parseSection(sizes: readonly number[] = [10 * 2 ** 20]): Row[] {
  return sizes.map((size) => {
    const text = generateScript(size);
    const runs = size > 2 ** 20 ? 5 : 15;
    const ours = time(() => parse(text), { runs });
    const base = time(() => regexBaseline(text), { runs });
    const label = size >= 2 ** 20 ? `${size / 2 ** 20} MB` : `${size / 2 ** 10} KB`;
    return {
      section: "parse",
      measure: `throughput, ${label} script`,
      value: `${fmt(mbPerSecond(text.length, ours.medianMs))} MB/s (${fmt(ours.medianMs)} ms)`,
      baseline: `${fmt(mbPerSecond(text.length, base.medianMs))} MB/s (${fmt(base.medianMs)} ms)`,
      ratio: `${fmt(ours.medianMs / base.medianMs)}× slower`,
      note: `median of ${runs}; baseline: split lines and words with a regex`,
    };
  });
}
