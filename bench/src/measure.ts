/** Timing helpers: medians of repeated runs, peak RSS, and a table printer. */

declare const gc: (() => void) | undefined;

export interface Timing {
  readonly medianMs: number;
  readonly runs: number;
}

/**
 * Runs `fn` `runs` times and returns the median wall time. Before that it warms up for at least
 * `warmup` runs and `warmupMs` milliseconds, so small inputs are measured with optimised code.
 */
export function time(fn: () => unknown, { runs = 7, warmup = 2, warmupMs = 300 } = {}): Timing {
  const warmStart = performance.now();
  // Collected between warm-up runs too: the peak RSS read after `time` is then one run's, not two
  // results of a large input alive at once (the 10 MB lint read 456 MB in one run and 876 in the next).
  for (let i = 0; i < warmup || performance.now() - warmStart < warmupMs; i++) {
    if (typeof gc === "function") gc();
    fn();
  }
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (typeof gc === "function") gc();
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return { medianMs: median(samples), runs };
}

export async function timeAsync(fn: () => Promise<unknown>, { runs = 7, warmup = 1 } = {}): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (typeof gc === "function") gc();
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return { medianMs: median(samples), runs };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mbPerSecond(chars: number, ms: number): number {
  return chars / 1e6 / (ms / 1000);
}

export interface Row {
  readonly section: string;
  readonly measure: string;
  readonly value: string;
  readonly baseline?: string;
  readonly ratio?: string;
  /** Peak resident memory of the process that did the work. */
  readonly rss?: string;
  readonly note?: string;
}

export function table(rows: readonly Row[]): string {
  const header = ["section", "measure", "upscript", "baseline", "ratio", "peak RSS", "note"];
  const cells = rows.map((r) => [r.section, r.measure, r.value, r.baseline ?? "", r.ratio ?? "", r.rss ?? "", r.note ?? ""]);
  return [header, header.map(() => "---"), ...cells].map((c) => `| ${c.join(" | ")} |`).join("\n");
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);
