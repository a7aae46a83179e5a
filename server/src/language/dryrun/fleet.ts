/**
 * The rollout forecast (semantics.md §6): many devices over days. Per device the time of each
 * change; per hour the polls, downloads, uploads and restarts; and the peak number of downloads
 * running at once for a given download time, so the web server can be sized. Deterministic:
 * each device's poll phase comes from its MAC.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { VARIABLES, findProduct, type VariableName } from "@upscript/grammar";
import { didYouMean } from "../spelling.js";
import { createDevice, formatLocalTime, normaliseMac } from "./device.js";
import type { Minutes, Outcome, Variables } from "./model.js";
import type { PollEnvironment } from "./poll.js";
import type { Program } from "./program.js";
import { LoopTracker, countPoll, countRestart, emptyHours, step, type HourStat, type Loop } from "./timeline.js";

export interface FleetDevice {
  readonly product: string;
  readonly mac: string;
  readonly ip?: string;
  readonly firmware?: string;
  readonly boot?: string;
  readonly bmc?: string;
  readonly variables?: Partial<Variables>;
  /** Minutes the device's clock is ahead (+) or behind (−) local time; null: no clock. */
  readonly clockOffset?: number | null;
  readonly uptimeMinutes?: number;
  readonly fresh?: boolean;
}

export interface FleetProblem {
  /** 1-based line (CSV) or entry (JSON). */
  readonly line: number;
  readonly message: string;
}

export interface ParsedFleet {
  readonly devices: readonly FleetDevice[];
  readonly problems: readonly FleetProblem[];
}

const COLUMNS = ["product", "mac", "ip", "firmware", "boot", "bmc", "clockoffset", "uptime", "fresh"] as const;

/**
 * A device list as CSV (header row) or JSON (an array, or `{ "devices": [...] }`). Column names
 * ignore case except for the variables, written in capitals (`CHECK`, `PROT`, `BOOT` …), so
 * that `boot` (the running boot code) and `BOOT` (the variable) stay apart.
 */
export function parseFleet(text: string, format: "csv" | "json"): ParsedFleet {
  const problems: FleetProblem[] = [];
  let rows: { line: number; record: Record<string, unknown> }[];
  try {
    if (format === "json") {
      const data = JSON.parse(text) as unknown;
      const list = Array.isArray(data) ? data : (data as { devices?: unknown }).devices;
      if (!Array.isArray(list)) return { devices: [], problems: [{ line: 1, message: "expected a list of devices, or an object with a 'devices' list" }] };
      rows = list.map((record, i) => ({ line: i + 1, record: (record ?? {}) as Record<string, unknown> }));
    } else {
      const records = parseCsv(text.replace(/^\uFEFF/, ""), { columns: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: true }) as {
        record: Record<string, string>;
        info: { lines: number };
      }[];
      rows = records.map(({ record, info }) => ({ line: info.lines, record }));
    }
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    return { devices: [], problems: [{ line: 1, message: `cannot read the device list: ${message}` }] };
  }
  const devices: FleetDevice[] = [];
  const seen = new Map<string, number>();
  for (const { line, record } of rows) {
    const device = fleetDevice(record, (message) => problems.push({ line, message }));
    if (!device) continue;
    const earlier = seen.get(device.mac);
    if (earlier !== undefined) {
      problems.push({ line, message: `MAC ${device.mac} is listed twice (first on line ${earlier})` });
      continue;
    }
    seen.set(device.mac, line);
    devices.push(device);
  }
  return { devices, problems };
}

function fleetDevice(record: Record<string, unknown>, problem: (message: string) => void): FleetDevice | undefined {
  const fields: Record<string, string> = {};
  const variables: Partial<Variables> = {};
  for (const [rawKey, rawValue] of Object.entries(record)) {
    const value = rawValue === undefined || rawValue === null ? "" : String(rawValue).trim();
    const key = rawKey.trim().replace(/^UPDATE\//, "");
    if ((VARIABLES as readonly string[]).includes(key)) {
      variables[key as VariableName] = value;
      continue;
    }
    const name = key.toLowerCase().replace(/[-_ ]/g, "");
    if (!(COLUMNS as readonly string[]).includes(name)) {
      problem(`unknown column '${rawKey}'${didYouMean(name, COLUMNS)}`);
      continue;
    }
    fields[name] = value;
  }
  const product = findProduct(fields.product ?? "");
  if (!product) {
    problem(fields.product ? `unknown product '${fields.product}'` : "no product");
    return undefined;
  }
  const mac = normaliseMac(fields.mac ?? "");
  if (!mac) {
    problem(fields.mac ? `'${fields.mac}' is not a MAC address` : "no MAC address");
    return undefined;
  }
  const offset = fields.clockoffset;
  let clockOffset: number | null | undefined;
  if (offset !== undefined && offset !== "") {
    clockOffset = parseOffset(offset);
    if (clockOffset === undefined) problem(`clock offset '${offset}' is neither minutes, ±HH:MM nor 'none'`);
  }
  const uptime = fields.uptime ? Number(fields.uptime) : undefined;
  if (uptime !== undefined && !(Number.isInteger(uptime) && uptime >= 0)) problem(`uptime '${fields.uptime}' is not a number of minutes`);
  return {
    product: product.name,
    mac,
    ...(fields.ip && { ip: fields.ip }),
    ...(fields.firmware && { firmware: fields.firmware }),
    ...(fields.boot && { boot: fields.boot }),
    ...(fields.bmc && { bmc: fields.bmc }),
    variables,
    ...(clockOffset !== undefined && { clockOffset }),
    ...(uptime !== undefined && Number.isInteger(uptime) && uptime >= 0 && { uptimeMinutes: uptime }),
    ...(fields.fresh && { fresh: /^(1|true|yes)$/i.test(fields.fresh) }),
  };
}

/** `90`, `-30`, `+01:00`, `none` (no clock). */
function parseOffset(text: string): number | null | undefined {
  if (/^(none|unset|no)$/i.test(text)) return null;
  if (/^[+-]?\d+$/.test(text)) return Number(text);
  const m = /^([+-])(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

export interface FleetOptions {
  readonly days: number;
  /** Local time the simulation starts at (devices' clocks add their offset). */
  readonly start: Minutes;
  readonly interval?: number;
  readonly backupSlots?: number;
  /** How long one download takes, for the peak of concurrent downloads (default 5 minutes). */
  readonly downloadMinutes?: number;
  /** Per product: the environment its polls run in (update URL differs by product). */
  readonly environment: (product: string) => PollEnvironment;
}

export type ChangeKind = "download" | "load" | "restart";

export interface DeviceChange {
  readonly minute: number;
  readonly time: string;
  readonly kind: ChangeKind;
  readonly line: number | undefined;
  readonly detail: string;
}

/**
 * unchanged: the script ran and needed no download, load or restart; blocked: no run ever got
 * past the times line (no clock, or outside the allowed hours all along).
 */
export type DeviceVerdict = "unchanged" | "blocked" | "settled" | "looping" | "still-changing";

export interface FleetDeviceResult {
  readonly mac: string;
  readonly product: string;
  readonly ip: string;
  readonly verdict: DeviceVerdict;
  readonly changes: readonly DeviceChange[];
  readonly steadyTime: string | null;
  readonly loops: readonly Loop[];
  readonly firmware: string;
}

export interface FleetForecast {
  readonly days: number;
  readonly start: string;
  readonly downloadMinutes: number;
  readonly devices: readonly FleetDeviceResult[];
  readonly hours: readonly HourStat[];
  readonly totals: { readonly polls: number; readonly downloads: number; readonly uploads: number; readonly loads: number; readonly resets: number; readonly failures: number };
  /** Most downloads running at the same time, and when that first happens. */
  readonly peakConcurrentDownloads: { readonly count: number; readonly minute: number | null; readonly time: string | null };
  readonly verdicts: Readonly<Record<DeviceVerdict, number>>;
}

/** FNV-1a over the MAC: the same device always gets the same poll phase. */
export function macHash(mac: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < mac.length; i++) {
    hash ^= mac.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Devices listed without an uptime booted long ago, at a moment spread by their MAC. */
const LONG_UPTIME = 10 * 1440;

export function simulateFleet(program: Program, fleet: readonly FleetDevice[], options: FleetOptions): FleetForecast {
  const interval = Math.max(1, options.interval ?? 15);
  const downloadMinutes = Math.max(1, options.downloadMinutes ?? 5);
  const hours = emptyHours(options.days);
  const downloadStarts: number[] = [];
  const devices: FleetDeviceResult[] = [];
  const totals = { polls: 0, downloads: 0, uploads: 0, loads: 0, resets: 0, failures: 0 };
  const verdicts: Record<DeviceVerdict, number> = { unchanged: 0, blocked: 0, settled: 0, looping: 0, "still-changing": 0 };
  const timeAt = (minute: number) => formatLocalTime(options.start + minute);
  const environments = new Map<string, PollEnvironment>();

  for (const entry of fleet) {
    const product = findProduct(entry.product)!;
    let env = environments.get(product.name);
    if (!env) environments.set(product.name, (env = options.environment(product.name)));
    const hash = macHash(entry.mac);
    const device = createDevice({
      product,
      mac: entry.mac,
      ...(entry.ip && { ip: entry.ip }),
      ...(entry.firmware && { firmware: entry.firmware }),
      ...(entry.boot && { boot: entry.boot }),
      ...(entry.bmc && { bmc: entry.bmc }),
      ...(entry.variables && { variables: entry.variables }),
      clock: entry.clockOffset === null ? null : options.start + (entry.clockOffset ?? 0),
      uptimeMinutes: entry.uptimeMinutes ?? LONG_UPTIME + (hash % interval),
      ...(entry.fresh !== undefined && { fresh: entry.fresh }),
      ...(options.backupSlots !== undefined && { backupSlots: options.backupSlots }),
    });
    const changes: DeviceChange[] = [];
    const tracker = new LoopTracker();
    let passedTimes = false;
    const final = step(
      program,
      device,
      env,
      { days: options.days, interval },
      {
        poll(minute, before, result) {
          totals.polls++;
          countPoll(hours, minute, result);
          tracker.poll(minute, before.variables, result, result.downloaded);
          passedTimes ||= !result.stoppedByTimes;
          totals.downloads += result.downloads;
          totals.uploads += result.uploads;
          totals.loads += result.loads;
          totals.failures += result.failures;
          for (const d of result.downloaded) {
            downloadStarts.push(minute);
            changes.push({ minute, time: timeAt(minute), kind: "download", line: d.line, detail: `${d.url} (${d.expected})` });
          }
          if (result.loads) changes.push({ minute, time: timeAt(minute), kind: "load", line: undefined, detail: `${result.loads} configuration load${result.loads === 1 ? "" : "s"}` });
        },
        quiet(minute, result) {
          totals.polls++;
          totals.failures += result.failures;
          countPoll(hours, minute, result);
        },
        restart(minute, after, cause: Outcome, line) {
          totals.resets++;
          countRestart(hours, minute);
          changes.push({ minute, time: timeAt(minute), kind: "restart", line, detail: `${cause === "reset-now" ? "restart" : "restart when idle"}, running ${after.firmware}` });
        },
      },
      false,
    );
    const steady = tracker.steadyMinute();
    const verdict: DeviceVerdict =
      tracker.loops.length > 0 ? "looping" : changes.length > 0 ? (steady === null ? "still-changing" : "settled") : passedTimes ? "unchanged" : "blocked";
    verdicts[verdict]++;
    devices.push({
      mac: device.mac,
      product: product.name,
      ip: device.ip,
      verdict,
      changes,
      steadyTime: steady === null ? null : timeAt(steady),
      loops: tracker.loops,
      firmware: final.firmware,
    });
  }

  const peak = peakConcurrency(downloadStarts, downloadMinutes);
  return {
    days: options.days,
    start: timeAt(0),
    downloadMinutes,
    devices,
    hours,
    totals,
    peakConcurrentDownloads: { count: peak.count, minute: peak.minute, time: peak.minute === null ? null : timeAt(peak.minute) },
    verdicts,
  };
}

/** The most intervals [start, start + duration) that overlap at one moment. */
export function peakConcurrency(starts: number[], duration: number): { count: number; minute: number | null } {
  if (starts.length === 0) return { count: 0, minute: null };
  const sorted = Float64Array.from(starts).sort();
  let best = 0;
  let bestMinute: number | null = null;
  let first = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (sorted[first]! + duration <= sorted[i]!) first++;
    const running = i - first + 1;
    if (running > best) {
      best = running;
      bestMinute = sorted[i]!;
    }
  }
  return { count: best, minute: bestMinute };
}

export interface TroubleGroup {
  readonly product: string;
  readonly verdict: DeviceVerdict;
  readonly why: string;
  /** MACs, in list order. */
  readonly devices: readonly string[];
}

/** Looping and unsettled devices grouped by product and cause, largest group first. */
export function troubleGroups(f: FleetForecast): TroubleGroup[] {
  const groups = new Map<string, { product: string; verdict: DeviceVerdict; why: string; devices: string[] }>();
  for (const d of f.devices) {
    if (d.verdict !== "looping" && d.verdict !== "still-changing" && d.verdict !== "blocked") continue;
    const why = d.loops[0]?.description ?? (d.verdict === "blocked" ? "never gets past the times line (no clock, or outside the allowed hours)" : "still changing when the simulation ends");
    const key = `${d.product}\u0000${d.verdict}\u0000${why}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { product: d.product, verdict: d.verdict, why, devices: [] }));
    group.devices.push(d.mac);
  }
  return [...groups.values()].sort((a, b) => b.devices.length - a.devices.length);
}
