/**
 * The rollout forecast (docs/dry-run.md, "Fleets"): many devices over days. Per device the time of each
 * change; per hour the polls, downloads, uploads and restarts; and the peak number of downloads
 * running at once for a given download time, so the web server can be sized. Deterministic:
 * each device's poll phase comes from its MAC.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { VARIABLES, productOrGuess, type VariableName } from "@upscript/grammar";
import { unknownProductWarning } from "../products.js";
import { didYouMean } from "../spelling.js";
import { createDevice, formatLocalTime, normaliseMac } from "./device.js";
import type { FailedTransfer, Minutes, Outcome, Variables } from "./model.js";
import { runPollTraced, type PollEnvironment } from "./poll.js";
import type { Program } from "./program.js";
import { LoopTracker, countPoll, countRestart, emptyHours, step, type DeviceVerdict, type Failing, type HourStat, type Loop, type Stuck } from "./timeline.js";

export type { DeviceVerdict } from "./timeline.js";

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
 * that `boot` (the running boot code) and `BOOT` (the variable) stay apart. CSV columns are
 * separated by commas, semicolons (Excel's default where the comma is the decimal mark) or tabs,
 * whichever the header line uses; a byte order mark and CRLF line ends are fine. Problems with
 * the header are reported once, on its line; problems with a device on the line its row starts.
 */
export function parseFleet(text: string, format: "csv" | "json"): ParsedFleet {
  const problems: FleetProblem[] = [];
  let rows: { line: number; record: Record<string, unknown>; rowProblems?: readonly string[] }[];
  try {
    if (format === "json") {
      const data = JSON.parse(text) as unknown;
      const list = Array.isArray(data) ? data : (data as { devices?: unknown }).devices;
      if (!Array.isArray(list)) return { devices: [], problems: [{ line: 1, message: "expected a list of devices, or an object with a 'devices' list" }] };
      rows = list.map((record, i) => ({ line: i + 1, record: (record ?? {}) as Record<string, unknown> }));
    } else {
      const csv = csvRows(text, problems);
      if (!csv) return { devices: [], problems };
      rows = csv;
    }
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    // csv-parse names the line it stopped at (CRLF is normalised first, so its count is right).
    const at = (error as { lines?: unknown }).lines;
    return { devices: [], problems: [{ line: typeof at === "number" && at >= 1 ? at : 1, message: `cannot read the device list: ${message}` }] };
  }
  const devices: FleetDevice[] = [];
  const seen = new Map<string, number>();
  const guessed = new Set<string>();
  for (const { line, record, rowProblems } of rows) {
    for (const message of rowProblems ?? []) problems.push({ line, message });
    const device = fleetDevice(record, (message) => problems.push({ line, message }), guessed);
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

/** Column names as docs/dry-run.md writes them, for messages. */
const KNOWN_COLUMNS: readonly string[] = ["product", "mac", "ip", "firmware", "boot", "bmc", "clockOffset", "uptime", "fresh", ...VARIABLES];
type Delimiter = "," | ";" | "\t";
const DELIMITERS: readonly Delimiter[] = [",", ";", "\t"];

/**
 * The delimiter the header (the first line that is not blank) uses most often outside double
 * quotes: a comma, a semicolon or a tab; a comma on a tie, or when the header has only one column.
 */
function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  let started = false;
  for (const ch of text) {
    if (ch === '"') {
      quoted = !quoted;
      started = true;
    } else if (quoted) continue;
    else if (ch === "\n" || ch === "\r") {
      if (started) break;
    } else if (ch === "," || ch === ";" || ch === "\t") {
      counts[ch]++;
      started = true;
    } else if (ch.trim()) started = true;
  }
  return DELIMITERS.reduce((best, d) => (counts[d] > counts[best] ? d : best), ",");
}

interface CsvRecord {
  readonly record: string[];
  /** The line the record ends on (a quoted value may span lines). */
  readonly info: { readonly lines: number };
}

const lineBreaks = (value: string) => value.split("\n").length - 1;

/**
 * The rows of a CSV device list, each with the line it starts on and its fields by column, or
 * undefined when the header names no product or MAC column (the problem says what it found).
 * Header problems (unknown, unnamed or repeated columns) go to `problems` once, on the header's line.
 */
function csvRows(text: string, problems: FleetProblem[]): { line: number; record: Record<string, string>; rowProblems?: string[] }[] | undefined {
  // One kind of line end: csv-parse's line count goes wrong when a quoted value holds a CRLF.
  const normal = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const delimiter = detectDelimiter(normal);
  const records = parseCsv(normal, {
    delimiter,
    skip_empty_lines: true,
    // Excel writes rows of bare delimiters (;;;) below the data.
    skip_records_with_empty_values: true,
    trim: true,
    info: true,
    relax_column_count: true,
  }) as unknown as CsvRecord[];
  const startLine = ({ record, info }: CsvRecord) => info.lines - record.reduce((n, value) => n + lineBreaks(value), 0);
  const [head, ...body] = records;
  if (!head) return [];
  const headerLine = startLine(head);
  const names = head.record.map((name) => name.trim());
  const headerProblems: string[] = [];
  /** Per column: the key fleetDevice reads, or undefined for a column that is not read. */
  const keys: (string | undefined)[] = [];
  const firstColumn = new Map<string, number>();
  names.forEach((name, i) => {
    const normalised = name.toLowerCase().replace(/[-_ ]/g, "");
    const variable = name.replace(/^UPDATE\//, "");
    let key = (VARIABLES as readonly string[]).includes(variable) ? variable : (COLUMNS as readonly string[]).includes(normalised) ? normalised : undefined;
    if (key === undefined) {
      if (name !== "") headerProblems.push(`unknown column '${name}'${didYouMean(normalised, COLUMNS)}`);
      else if (body.some((row) => (row.record[i] ?? "") !== "")) headerProblems.push(`column ${i + 1} has no name; its values are not read`);
    } else if (firstColumn.has(key)) {
      const first = firstColumn.get(key)!;
      headerProblems.push(`column ${i + 1} ('${name}') repeats column ${first + 1} ('${names[first]}'); only the first is read`);
      key = undefined;
    } else firstColumn.set(key, i);
    keys.push(key);
  });
  const missing = ["product", "mac"].filter((key) => !firstColumn.has(key));
  if (missing.length > 0) {
    const found = names.filter(Boolean).map((name) => `'${name}'`);
    const hint = names.length === 1 ? "; columns are separated by commas, semicolons or tabs" : "";
    problems.push({
      line: headerLine,
      message: `the header names no ${missing.map((key) => `'${key}'`).join(" and no ")} column (found: ${found.join(", ") || "nothing"}; known: ${KNOWN_COLUMNS.join(", ")})${hint}`,
    });
    return undefined;
  }
  for (const message of headerProblems) problems.push({ line: headerLine, message });
  const delimiterName = delimiter === "\t" ? "a tab" : `'${delimiter}'`;
  return body.map((row) => {
    const record: Record<string, string> = {};
    row.record.forEach((value, i) => {
      const key = keys[i];
      if (key !== undefined) record[key] = value;
    });
    const extra = row.record.slice(names.length).filter((value) => value !== "").length;
    const rowProblems = extra
      ? [`${extra} field${extra === 1 ? "" : "s"} more than the header has columns, not read (a value with ${delimiterName} in it needs double quotes)`]
      : undefined;
    return { line: startLine(row), record, ...(rowProblems && { rowProblems }) };
  });
}

/** `guessed`: unknown product names already reported, so a list of 1,000 such devices says it once. */
function fleetDevice(record: Record<string, unknown>, problem: (message: string) => void, guessed: Set<string>): FleetDevice | undefined {
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
  // An unknown product runs with guessed file names, as in the dry-run (docs/model.md).
  const found = productOrGuess(fields.product ?? "");
  if (!found) {
    problem(fields.product ? `unknown product '${fields.product}': a product name is letters, digits, '-' and '_'` : "no product");
    return undefined;
  }
  const product = found.product;
  if (found.guessed && !guessed.has(product.name)) {
    guessed.add(product.name);
    problem(unknownProductWarning(product)!);
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

/** Verdicts (DeviceVerdict, timeline.ts): the same for a fleet's devices as for one device's timeline. */
export interface FleetDeviceResult {
  readonly mac: string;
  readonly product: string;
  readonly ip: string;
  readonly verdict: DeviceVerdict;
  readonly changes: readonly DeviceChange[];
  readonly steadyTime: string | null;
  readonly loops: readonly Loop[];
  /** The poll that stored the check serial after a failed transfer; the device skips the script from then on. */
  readonly stuck: (Stuck & { readonly time: string }) | null;
  /** Transfers that still fail on the last poll: retried on every poll. */
  readonly failing: (Failing & { readonly time: string }) | null;
  readonly firstFailure: (FailedTransfer & { readonly minute: number; readonly time: string }) | null;
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
  const verdicts: Record<DeviceVerdict, number> = { unchanged: 0, blocked: 0, settled: 0, looping: 0, "still-changing": 0, stuck: 0, failing: 0 };
  const timeAt = (minute: number) => formatLocalTime(options.start + minute);
  const environments = new Map<string, PollEnvironment>();

  for (const entry of fleet) {
    const product = productOrGuess(entry.product)!.product;
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
    const final = step(
      program,
      device,
      env,
      { days: options.days, interval },
      {
        poll(minute, before, result) {
          totals.polls++;
          countPoll(hours, minute, result);
          // Only for polls with a failed transfer: run again with tracing to name them.
          tracker.poll(minute, before.variables, result, result.downloaded, () => runPollTraced(program, before, env).plan);
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
    const verdict = tracker.verdict();
    const failing = tracker.failing();
    verdicts[verdict]++;
    devices.push({
      mac: device.mac,
      product: product.name,
      ip: device.ip,
      verdict,
      changes,
      steadyTime: steady === null ? null : timeAt(steady),
      loops: tracker.loops,
      stuck: tracker.stuck && { ...tracker.stuck, time: timeAt(tracker.stuck.minute) },
      failing: failing && { ...failing, time: timeAt(failing.firstMinute) },
      firstFailure: tracker.firstFailure && { ...tracker.firstFailure, time: timeAt(tracker.firstFailure.minute) },
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

const TROUBLE: ReadonlySet<DeviceVerdict> = new Set<DeviceVerdict>(["looping", "stuck", "blocked", "failing", "still-changing"]);

/** Looping, stuck, blocked, failing and unsettled devices grouped by product and cause, largest group first. */
export function troubleGroups(f: FleetForecast): TroubleGroup[] {
  const groups = new Map<string, { product: string; verdict: DeviceVerdict; why: string; devices: string[] }>();
  for (const d of f.devices) {
    if (!TROUBLE.has(d.verdict)) continue;
    const why =
      d.verdict === "looping"
        ? (d.loops[0]?.description ?? "")
        : d.verdict === "stuck"
          ? d.stuck!.description
          : d.verdict === "failing"
            ? d.failing!.description
            : d.verdict === "blocked"
              ? "never gets past the times line (no clock, or outside the allowed hours)"
              : "still changing when the simulation ends";
    const key = `${d.product}\u0000${d.verdict}\u0000${why}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { product: d.product, verdict: d.verdict, why, devices: [] }));
    group.devices.push(d.mac);
  }
  return [...groups.values()].sort((a, b) => b.devices.length - a.devices.length);
}
