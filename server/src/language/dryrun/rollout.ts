/**
 * The rollout figures of a fleet forecast beyond the per-hour counts (docs/dry-run.md, "Rollout
 * forecast"): what the script asks each device to run, when each device gets there, what the web
 * server serves minute by minute, and when restarts fall. Pure: file sizes come in through
 * `SizeOf`, which the CLI and the language server build from the web root and the config.
 */
import { COMMANDS, installsDownload, type ProductSpec } from "@upscript/grammar";
import type { DeviceState, Minutes } from "./model.js";
import type { Program } from "./program.js";

/** The verbs that transfer a file (prot, boot, bmc, cfg, scfg), from the catalog. */
export const TRANSFER_VERBS: readonly string[] = COMMANDS.filter((c) => c.transfer !== undefined).map((c) => c.verb);

const TYPICAL_BYTES = new Map(COMMANDS.flatMap((c) => (c.transfer ? [[c.verb, c.transfer.typicalBytes] as const] : [])));

export type SizeSource = "config" | "web-root" | "option" | "default";

export interface TransferSize {
  readonly bytes: number;
  /** config: `dryRun.builds` gives the size; web-root: the file's size on disk; option: `--size`; default: the catalog's typical size. */
  readonly source: SizeSource;
}

/** Where a size comes from, as the reports say it. */
export const SIZE_SOURCE_WORDS: Readonly<Record<SizeSource, string>> = {
  config: "dryRun.builds",
  "web-root": "file in the web root",
  option: "--size",
  default: "typical size",
};

/** How big one transfer of `url` by a line of `verb` is. */
export type SizeOf = (url: string, verb: string) => TransferSize;

/** The sizes `--size VERB=BYTES` gives, else the catalog's typical size for the verb. */
export function sizeByVerb(given: Readonly<Record<string, number>> = {}): SizeOf {
  return (_url, verb) => (given[verb] !== undefined ? { bytes: given[verb]!, source: "option" } : { bytes: TYPICAL_BYTES.get(verb) ?? 0, source: "default" });
}

/** `8MB`, `512KB`, `1.5 MiB`, `20000` → bytes (KB and KiB alike are 1024); undefined when unreadable. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? "b").toLowerCase()[0]!;
  const factor = unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * factor);
}

/** `8.0 MB`, `512 KB`, `900 B` (binary units, as parseSize reads them). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round(bytes)} B`;
}

/**
 * The verb of the transfer on 1-based `line`, and the URL its figures are listed under: the URL
 * requested, or, where the device fills in meta sequences (scfg's `#m`, `#bn` …), the URL as the
 * script writes it, so that a fleet lists one backup URL, not one per device and slot.
 */
export function transferOf(program: Program, line: number, url: string): { readonly verb: string; readonly listedAs: string } {
  const node = program.script.lines[line - 1];
  const spec = node?.kind === "module" ? node.spec : undefined;
  if (!spec?.transfer) return { verb: "", listedAs: url };
  const op = program.instructions[line - 1]?.op;
  const written = op && "url" in op ? op.url.text : url;
  return { verb: spec.verb, listedAs: spec.transfer.expandsMeta ? written : url };
}

/**
 * What the script asks a device of `product` to end up with: the builds of the downloads it
 * installs (the last line of each kind wins, as on the device) and the serial of the last
 * configuration load with one. Empty when the script asks for nothing a device keeps.
 */
export interface Target {
  readonly firmware?: string;
  readonly boot?: string;
  readonly bmc?: string;
  /** UPDATE/CFG after the load. */
  readonly cfg?: string;
}

export function targetOf(program: Program, product: ProductSpec): Target {
  const target: { firmware?: string; boot?: string; bmc?: string; cfg?: string } = {};
  for (const { op } of program.instructions) {
    if (op.kind === "download" && installsDownload(product, op.running)) target[op.running] = op.build;
    else if (op.kind === "cfg" && op.serial !== undefined) target.cfg = op.serial;
  }
  return target;
}

/** Whether the device runs every build the target names and holds its configuration serial. */
export function onTarget(device: DeviceState, target: Target): boolean {
  return (
    (target.firmware === undefined || device.firmware === target.firmware) &&
    (target.boot === undefined || device.boot === target.boot) &&
    (target.bmc === undefined || device.bmc === target.bmc) &&
    (target.cfg === undefined || device.variables.CFG === target.cfg)
  );
}

export function describeTarget(target: Target): string {
  const parts = [
    target.firmware !== undefined && `firmware ${target.firmware}`,
    target.boot !== undefined && `boot code ${target.boot}`,
    target.bmc !== undefined && `radio code ${target.bmc}`,
    target.cfg !== undefined && `configuration ${target.cfg}`,
  ].filter((p): p is string => typeof p === "string");
  return parts.length ? parts.join(", ") : "nothing to install";
}

/** Office hours: weekdays (1 Monday … 5 Friday), from one full hour up to another, in local time. */
export interface OfficeHours {
  readonly from: number;
  readonly to: number;
  readonly weekdays: readonly number[];
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = { from: 8, to: 18, weekdays: [1, 2, 3, 4, 5] };

/** `8-18` → office hours on weekdays; undefined when unreadable. */
export function parseOfficeHours(text: string): OfficeHours | undefined {
  const m = /^\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\s*$/.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (!(from < to && to <= 24)) return undefined;
  return { ...DEFAULT_OFFICE_HOURS, from, to };
}

/** Whether local time `minutes` falls in office hours. 1970-01-01 (minute 0) was a Thursday. */
export function inOfficeHours(minutes: Minutes, office: OfficeHours): boolean {
  const day = Math.floor(minutes / 1440);
  const weekday = (((day + 4) % 7) + 7) % 7;
  const hour = Math.floor((((minutes % 1440) + 1440) % 1440) / 60);
  return office.weekdays.includes(weekday) && hour >= office.from && hour < office.to;
}

/** Whether local time `minutes` falls in an hour of `mask` (bit h: hour h). */
export function inHours(minutes: Minutes, mask: number): boolean {
  const hour = Math.floor((((minutes % 1440) + 1440) % 1440) / 60);
  return ((mask >> hour) & 1) === 1;
}

/**
 * Transfers minute by minute: each one runs `duration` minutes from the minute it starts and
 * moves its bytes evenly over that time. Memory is a few numbers per simulated minute, whatever
 * the size of the fleet. Counts and bytes are whole numbers summed exactly (well below 2^53), so
 * a group of devices counted at once gives the same figures as its devices one by one.
 */
export class MinuteLoad {
  private readonly downloadStarts: Float64Array;
  private readonly uploadStarts: Float64Array;
  private readonly byteStarts: Float64Array;

  constructor(
    readonly minutes: number,
    readonly duration: number,
  ) {
    this.downloadStarts = new Float64Array(minutes);
    this.uploadStarts = new Float64Array(minutes);
    this.byteStarts = new Float64Array(minutes);
  }

  add(minute: number, method: "GET" | "PUT", bytes: number, weight: number): void {
    if (minute < 0 || minute >= this.minutes) return;
    (method === "GET" ? this.downloadStarts : this.uploadStarts)[minute]! += weight;
    this.byteStarts[minute]! += weight * bytes;
  }

  /** Per minute: transfers running (started within the last `duration` minutes) and bytes per second. */
  running(): { readonly downloads: Float64Array; readonly uploads: Float64Array; readonly bytesPerSecond: Float64Array } {
    const bytesPerSecond = this.window(this.byteStarts);
    const seconds = this.duration * 60;
    for (let m = 0; m < bytesPerSecond.length; m++) bytesPerSecond[m] = Math.round(bytesPerSecond[m]! / seconds);
    return { downloads: this.window(this.downloadStarts), uploads: this.window(this.uploadStarts), bytesPerSecond };
  }

  private window(starts: Float64Array): Float64Array {
    const out = new Float64Array(this.minutes);
    let sum = 0;
    for (let m = 0; m < this.minutes; m++) {
      sum += starts[m]!;
      if (m >= this.duration) sum -= starts[m - this.duration]!;
      out[m] = sum;
    }
    return out;
  }
}

/** The first minute holding the largest value, or null when every value is 0. */
export function peakOf(series: Float64Array): { value: number; minute: number | null } {
  let value = 0;
  let minute: number | null = null;
  for (let m = 0; m < series.length; m++) {
    if (series[m]! > value) {
      value = series[m]!;
      minute = m;
    }
  }
  return { value, minute };
}

/**
 * Arrivals on target: how many devices are on target from which minute to the end. `curve`
 * samples the count every `step` minutes; `reached` gives the first minute at which a share of
 * the fleet is on target.
 */
export class Arrivals {
  private readonly at = new Map<number, number>();
  private total = 0;

  add(minute: number, weight: number): void {
    this.at.set(minute, (this.at.get(minute) ?? 0) + weight);
    this.total += weight;
  }

  get count(): number {
    return this.total;
  }

  curve(minutes: number, step: number): number[] {
    const sorted = [...this.at].sort((a, b) => a[0] - b[0]);
    const out: number[] = [];
    let i = 0;
    let count = 0;
    for (let t = 0; t <= minutes; t += step) {
      while (i < sorted.length && sorted[i]![0] <= t) count += sorted[i++]![1];
      out.push(count);
    }
    return out;
  }

  /** The first minute at which at least `share` (0–1] of `fleet` devices are on target, or null. */
  reached(share: number, fleet: number): number | null {
    const needed = Math.ceil(share * fleet - 1e-9);
    if (needed <= 0) return 0;
    let count = 0;
    for (const [minute, weight] of [...this.at].sort((a, b) => a[0] - b[0])) {
      count += weight;
      if (count >= needed) return minute;
    }
    return null;
  }
}
