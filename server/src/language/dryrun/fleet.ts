/**
 * The rollout forecast (docs/dry-run.md, "Fleets"): many devices over days. Per device the time of each
 * change; per hour the polls, downloads, uploads and restarts; and the peak number of downloads
 * running at once for a given download time, so the web server can be sized. Deterministic:
 * each device's poll phase comes from its MAC.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { VARIABLES, describeHours, productOrGuess, type ProductSpec, type VariableName } from "@upscript/grammar";
import { unknownProductWarning } from "../products.js";
import { didYouMean } from "../spelling.js";
import { DEFAULT_IP, DEFAULT_MAC, createDevice, formatLocalTime, normaliseMac } from "./device.js";
import type { FailedTransfer, Minutes, Outcome, Variables } from "./model.js";
import { runPollTraced, type PollEnvironment, type PollResult, type TimesStop } from "./poll.js";
import {
  Arrivals,
  DEFAULT_OFFICE_HOURS,
  MinuteLoad,
  describeTarget,
  inHours,
  inOfficeHours,
  onTarget,
  peakOf,
  sizeByVerb,
  targetOf,
  transferOf,
  type OfficeHours,
  type SizeOf,
  type SizeSource,
  type Target,
} from "./rollout.js";
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
  /** How long one transfer takes, for the transfers running at once and the bytes per second (default 5 minutes). */
  readonly downloadMinutes?: number;
  /** Per product: the environment its polls run in (update URL differs by product). */
  readonly environment: (product: string) => PollEnvironment;
  /** How big each transfer is (default: the catalog's typical size per verb). */
  readonly sizeOf?: SizeOf;
  readonly officeHours?: OfficeHours;
  /**
   * Simulate devices that cannot behave differently once (default true). False runs every
   * device on its own: the same forecast, slower; the tests compare the two.
   */
  readonly grouped?: boolean;
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
 * Why a blocked device never got past its times lines: no clock with /allow; the allowed hours
 * never came in the simulated days (or name no hour); two times lines whose hours never overlap;
 * /initial held every run back; or it never polled.
 */
export type BlockedCause = "no-clock" | "outside-window" | "disjoint-windows" | "initial" | "no-poll";
export const BLOCKED_CAUSES: readonly BlockedCause[] = ["no-clock", "outside-window", "disjoint-windows", "initial", "no-poll"];

export const BLOCKED_WHY: Readonly<Record<BlockedCause, string>> = {
  "no-clock": "the device has no time, and /allow stops every run without one",
  "outside-window": "every poll fell outside the allowed hours",
  "disjoint-windows": "the times lines allow no hour in common: a run that passes one stops at the next",
  initial: "/initial held every run back after each boot",
  "no-poll": "the device did not poll within the simulated days",
};

/** Verdicts (DeviceVerdict, timeline.ts): the same for a fleet's devices as for one device's timeline. */
export interface FleetDeviceResult {
  readonly mac: string;
  readonly product: string;
  readonly ip: string;
  readonly verdict: DeviceVerdict;
  /** For a blocked device: why (BLOCKED_WHY). */
  readonly blockedBy: BlockedCause | null;
  readonly changes: readonly DeviceChange[];
  readonly steadyTime: string | null;
  readonly loops: readonly Loop[];
  /** The poll that stored the check serial after a failed transfer; the device skips the script from then on. */
  readonly stuck: (Stuck & { readonly time: string }) | null;
  /** Transfers that still fail on the last poll: retried on every poll. */
  readonly failing: (Failing & { readonly time: string }) | null;
  readonly firstFailure: (FailedTransfer & { readonly minute: number; readonly time: string }) | null;
  readonly firmware: string;
  /** From when on the device runs what the script asks (`target`) to the end; null when it does not at the end. */
  readonly onTargetSince: { readonly minute: number; readonly time: string } | null;
  readonly restarts: number;
  /** Restarts at a local hour no /allow line of the script names (0 when the script has none). */
  readonly restartsOutsideAllowed: number;
  readonly restartsInOfficeHours: number;
}

/** A moment and what happened then. */
export interface Peak {
  readonly value: number;
  readonly minute: number | null;
  readonly time: string | null;
}

export interface SizedUrl {
  readonly url: string;
  readonly verb: string;
  readonly method: "GET" | "PUT";
  readonly bytes: number;
  readonly source: SizeSource;
  /** Successful transfers of this URL over the simulation, all devices. */
  readonly transfers: number;
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
  readonly blocked: Readonly<Record<BlockedCause, number>>;
  /** What the web server serves: the peaks, and minute by minute around the busiest minute. */
  readonly load: {
    readonly peakUploads: Peak;
    readonly peakBytesPerSecond: Peak;
    /** Bytes moved in all, both directions. */
    readonly bytes: number;
    readonly urls: readonly SizedUrl[];
    /** Minute by minute from `from` (a window around the busiest minute): transfers running and bytes per second. */
    readonly minutes: { readonly from: number; readonly fromTime: string; readonly downloads: readonly number[]; readonly uploads: readonly number[]; readonly bytesPerSecond: readonly number[] };
    /** Per hour of the whole simulation (as `hours`): the most transfers running and bytes per second in any of its minutes. */
    readonly hourlyPeaks: { readonly downloads: readonly number[]; readonly uploads: readonly number[]; readonly bytesPerSecond: readonly number[] };
  };
  /** Devices on the state the script asks for (builds and configuration serial), over time. */
  readonly target: {
    /** Per product in the fleet: what the script asks of it. */
    readonly products: readonly { readonly product: string; readonly devices: number; readonly target: Target; readonly description: string }[];
    readonly onTarget: number;
    /** Devices on target at minute 0, step, 2·step … up to the end. */
    readonly curve: { readonly stepMinutes: number; readonly counts: readonly number[] };
    readonly reached: { readonly half: Moment | null; readonly ninety: Moment | null; readonly all: Moment | null };
  };
  readonly restarts: {
    readonly total: number;
    /** The hours the script's /allow lines name together (null: the script has none). */
    readonly allowMask: number | null;
    readonly allowed: string | null;
    /** Restarts at a local hour outside `allowMask`; null when the script has no /allow. */
    readonly outsideAllowed: number | null;
    readonly officeHours: OfficeHours;
    readonly inOfficeHours: number;
  };
  /** Distinct behaviours simulated: devices that cannot differ ran once (FleetOptions.grouped). */
  readonly simulated: number;
}

export interface Moment {
  readonly minute: number;
  readonly time: string;
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

/** Meta sequences that differ from device to device of the same kind: the MAC, the hardware id made of it, the IP. */
const PER_DEVICE_META = /#[mhi]/;

/**
 * Whether a device's MAC or IP can change what happens to it: only through a transfer URL that
 * expands them (`scfg …/#m-#bn.txt`) and then fails, by a --fail pattern or by being malformed.
 * Everything else a run reads of the MAC (the poll phase) is part of the group key already.
 */
function perDeviceUrls(program: Program, env: PollEnvironment): boolean {
  const patterns = (env.fail as { patterns?: number } | undefined)?.patterns;
  const failCanMatch = env.fail !== undefined && patterns !== 0;
  return program.instructions.some(({ op }) => op.kind === "scfg" && PER_DEVICE_META.test(op.url.text) && (failCanMatch || op.url.malformed !== undefined));
}

interface Member {
  /** The device's place in the fleet. */
  readonly index: number;
  readonly entry: FleetDevice;
  readonly product: ProductSpec;
  readonly uptime: number;
}

/** What one behaviour (one device, or devices that cannot differ) came to, counted once. */
interface Behaviour {
  /** The product's name: the same for every device of a group (it is part of the key). */
  readonly product: string;
  readonly verdict: DeviceVerdict;
  readonly blockedBy: BlockedCause | null;
  readonly changes: readonly DeviceChange[];
  readonly steadyTime: string | null;
  readonly loops: readonly Loop[];
  readonly stuck: FleetDeviceResult["stuck"];
  readonly failing: FleetDeviceResult["failing"];
  readonly firstFailure: FleetDeviceResult["firstFailure"];
  readonly firmware: string;
  readonly onTargetSince: FleetDeviceResult["onTargetSince"];
  readonly restarts: number;
  readonly restartsOutsideAllowed: number;
  readonly restartsInOfficeHours: number;
}

export function simulateFleet(program: Program, fleet: readonly FleetDevice[], options: FleetOptions): FleetForecast {
  const interval = Math.max(1, options.interval ?? 15);
  const downloadMinutes = Math.max(1, options.downloadMinutes ?? 5);
  const end = options.days * 1440;
  const hours = emptyHours(options.days);
  const load = new MinuteLoad(Math.ceil(end) + downloadMinutes, downloadMinutes);
  const arrivals = new Arrivals();
  const sizeOf = options.sizeOf ?? sizeByVerb();
  const office = options.officeHours ?? DEFAULT_OFFICE_HOURS;
  const allowMask = program.timing.allow.length > 0 ? program.timing.allow.reduce((a, b) => a | b, 0) : null;
  const totals = { polls: 0, downloads: 0, uploads: 0, loads: 0, resets: 0, failures: 0 };
  const verdicts: Record<DeviceVerdict, number> = { unchanged: 0, blocked: 0, settled: 0, looping: 0, "still-changing": 0, stuck: 0, failing: 0 };
  const blocked = Object.fromEntries(BLOCKED_CAUSES.map((c) => [c, 0])) as Record<BlockedCause, number>;
  const restarts = { total: 0, outsideAllowed: 0, inOfficeHours: 0 };
  const urls = new Map<string, { url: string; verb: string; method: "GET" | "PUT"; bytes: number; source: SizeSource; transfers: number }>();
  let bytes = 0;
  const timeAt = (minute: number) => formatLocalTime(options.start + minute);
  const environments = new Map<string, PollEnvironment>();
  const targets = new Map<string, Target>();
  const productCounts = new Map<string, number>();
  const envOf = (product: string) => {
    let env = environments.get(product);
    if (!env) environments.set(product, (env = options.environment(product)));
    return env;
  };

  // Devices whose every input to a run is the same behave the same: group them, simulate each group once.
  const grouped = options.grouped ?? true;
  const groups = new Map<string, Member[]>();
  const perDevice = new Map<string, boolean>();
  fleet.forEach((entry, index) => {
    const product = productOrGuess(entry.product)!.product;
    productCounts.set(product.name, (productCounts.get(product.name) ?? 0) + 1);
    let own = perDevice.get(product.name);
    if (own === undefined) perDevice.set(product.name, (own = perDeviceUrls(program, envOf(product.name))));
    const uptime = entry.uptimeMinutes ?? LONG_UPTIME + (macHash(entry.mac) % interval);
    const key = !grouped
      ? String(index)
      : [product.name, entry.firmware ?? "", entry.boot ?? "", entry.bmc ?? "", VARIABLES.map((v) => entry.variables?.[v] ?? "").join("\u0001"), entry.clockOffset === null ? "none" : (entry.clockOffset ?? 0), uptime, entry.fresh ?? "", own ? `${entry.mac}\u0001${entry.ip ?? ""}` : ""].join("\u0000");
    let members = groups.get(key);
    if (!members) groups.set(key, (members = []));
    members.push({ index, entry, product, uptime });
  });

  const results: Behaviour[] = new Array(fleet.length);
  for (const members of groups.values()) {
    const weight = members.length;
    const { entry, product, uptime } = members[0]!;
    const env = envOf(product.name);
    let target = targets.get(product.name);
    if (!target) targets.set(product.name, (target = targetOf(program, product)));
    const device = createDevice({
      product,
      mac: entry.mac,
      ...(entry.ip && { ip: entry.ip }),
      ...(entry.firmware && { firmware: entry.firmware }),
      ...(entry.boot && { boot: entry.boot }),
      ...(entry.bmc && { bmc: entry.bmc }),
      ...(entry.variables && { variables: entry.variables }),
      clock: entry.clockOffset === null ? null : options.start + (entry.clockOffset ?? 0),
      uptimeMinutes: uptime,
      ...(entry.fresh !== undefined && { fresh: entry.fresh }),
      ...(options.backupSlots !== undefined && { backupSlots: options.backupSlots }),
    });
    const changes: DeviceChange[] = [];
    const tracker = new LoopTracker();
    // The times line furthest down the script that stopped a run, and why: what holds a blocked device back.
    let furthest: { line: number; why: TimesStop } | undefined;
    let since: number | null = onTarget(device, target) ? 0 : null;
    const own = { restarts: 0, outsideAllowed: 0, inOfficeHours: 0 };
    const transferred = (minute: number, result: PollResult) => {
      for (const t of result.transferred) {
        const { verb, listedAs } = transferOf(program, t.line, t.url);
        const known = urls.get(listedAs);
        const sized = known ?? { url: listedAs, verb, method: t.method, ...sizeOf(listedAs, verb), transfers: 0 };
        if (!known) urls.set(listedAs, sized);
        sized.transfers += weight;
        bytes += sized.bytes * weight;
        load.add(minute, t.method, sized.bytes, weight);
      }
    };
    const final = step(
      program,
      device,
      env,
      { days: options.days, interval },
      {
        poll(minute, before, result) {
          totals.polls += weight;
          countPoll(hours, minute, result, weight);
          // Only for polls with a failed transfer: run again with tracing to name them.
          tracker.poll(minute, before.variables, result, result.downloaded, () => runPollTraced(program, before, env).plan);
          totals.downloads += result.downloads * weight;
          totals.uploads += result.uploads * weight;
          totals.loads += result.loads * weight;
          totals.failures += result.failures * weight;
          if (result.stoppedBy && result.stoppedAt !== undefined && result.stoppedAt > (furthest?.line ?? 0)) furthest = { line: result.stoppedAt, why: result.stoppedBy };
          transferred(minute, result);
          for (const d of result.downloaded) {
            changes.push({ minute, time: timeAt(minute), kind: "download", line: d.line, detail: `${d.url} (${d.expected})` });
          }
          if (result.loads) changes.push({ minute, time: timeAt(minute), kind: "load", line: undefined, detail: `${result.loads} configuration load${result.loads === 1 ? "" : "s"}` });
          const now = onTarget(result.after, target);
          if (!now) since = null;
          else if (since === null) since = minute;
        },
        quiet(minute, result) {
          totals.polls += weight;
          totals.failures += result.failures * weight;
          countPoll(hours, minute, result, weight);
        },
        restart(minute, after, cause: Outcome, line) {
          totals.resets += weight;
          countRestart(hours, minute, weight);
          own.restarts++;
          const local = options.start + minute;
          if (allowMask !== null && !inHours(local, allowMask)) own.outsideAllowed++;
          if (inOfficeHours(local, office)) own.inOfficeHours++;
          changes.push({ minute, time: timeAt(minute), kind: "restart", line, detail: `${cause === "reset-now" ? "restart" : "restart when idle"}, running ${after.firmware}` });
          const now = onTarget(after, target);
          if (!now) since = null;
          else if (since === null) since = minute;
        },
      },
      false,
    );
    const steady = tracker.steadyMinute();
    const verdict = tracker.verdict();
    const failing = tracker.failing();
    const blockedBy = verdict === "blocked" ? blockedCause(program, furthest) : null;
    verdicts[verdict] += weight;
    if (blockedBy) blocked[blockedBy] += weight;
    restarts.total += own.restarts * weight;
    restarts.outsideAllowed += own.outsideAllowed * weight;
    restarts.inOfficeHours += own.inOfficeHours * weight;
    if (since !== null) arrivals.add(since, weight);
    const behaviour: Behaviour = {
      product: product.name,
      verdict,
      blockedBy,
      changes,
      steadyTime: steady === null ? null : timeAt(steady),
      loops: tracker.loops,
      stuck: tracker.stuck && { ...tracker.stuck, time: timeAt(tracker.stuck.minute) },
      failing: failing && { ...failing, time: timeAt(failing.firstMinute) },
      firstFailure: tracker.firstFailure && { ...tracker.firstFailure, time: timeAt(tracker.firstFailure.minute) },
      firmware: final.firmware,
      onTargetSince: since === null ? null : { minute: since, time: timeAt(since) },
      restarts: own.restarts,
      restartsOutsideAllowed: own.outsideAllowed,
      restartsInOfficeHours: own.inOfficeHours,
    };
    for (const m of members) results[m.index] = behaviour;
  }

  const devices: FleetDeviceResult[] = fleet.map((entry, i) => {
    const { product, ...behaviour } = results[i]!;
    return { mac: normaliseMac(entry.mac) ?? DEFAULT_MAC, product, ip: entry.ip ?? DEFAULT_IP, ...behaviour };
  });

  const running = load.running();
  const downloadsPeak = peakOf(running.downloads);
  const uploadsPeak = peakOf(running.uploads);
  const ratePeak = peakOf(running.bytesPerSecond);
  const busiest = ratePeak.minute ?? downloadsPeak.minute ?? uploadsPeak.minute ?? 0;
  const around = Math.max(60, 4 * downloadMinutes);
  const from = Math.max(0, busiest - around);
  const to = Math.min(load.minutes, busiest + around + 1);
  const moment = (minute: number | null): Moment | null => (minute === null ? null : { minute, time: timeAt(minute) });
  const peak = (p: { value: number; minute: number | null }): Peak => ({ value: p.value, minute: p.minute, time: p.minute === null ? null : timeAt(p.minute) });
  const step10 = Math.max(10, Math.ceil(end / 720 / 10) * 10);
  return {
    days: options.days,
    start: timeAt(0),
    downloadMinutes,
    devices,
    hours,
    totals,
    peakConcurrentDownloads: { count: downloadsPeak.value, minute: downloadsPeak.minute, time: downloadsPeak.minute === null ? null : timeAt(downloadsPeak.minute) },
    verdicts,
    blocked,
    load: {
      peakUploads: peak(uploadsPeak),
      peakBytesPerSecond: peak(ratePeak),
      bytes,
      urls: [...urls.values()].sort((a, b) => b.bytes * b.transfers - a.bytes * a.transfers || a.url.localeCompare(b.url)),
      minutes: {
        from,
        fromTime: timeAt(from),
        downloads: Array.from(running.downloads.subarray(from, to)),
        uploads: Array.from(running.uploads.subarray(from, to)),
        bytesPerSecond: Array.from(running.bytesPerSecond.subarray(from, to)),
      },
      hourlyPeaks: { downloads: hourlyMax(running.downloads, hours.length), uploads: hourlyMax(running.uploads, hours.length), bytesPerSecond: hourlyMax(running.bytesPerSecond, hours.length) },
    },
    target: {
      products: [...productCounts].map(([product, count]) => {
        const target = targets.get(product)!;
        return { product, devices: count, target, description: describeTarget(target) };
      }),
      onTarget: arrivals.count,
      curve: { stepMinutes: step10, counts: arrivals.curve(end, step10) },
      reached: { half: moment(arrivals.reached(0.5, fleet.length)), ninety: moment(arrivals.reached(0.9, fleet.length)), all: moment(arrivals.reached(1, fleet.length)) },
    },
    restarts: {
      total: restarts.total,
      allowMask,
      allowed: allowMask === null ? null : describeHours(allowMask),
      outsideAllowed: allowMask === null ? null : restarts.outsideAllowed,
      officeHours: office,
      inOfficeHours: restarts.inOfficeHours,
    },
    simulated: groups.size,
  };
}

/** The largest value of each hour of `series` (per minute); minutes past the last hour count in it, as polls do. */
function hourlyMax(series: Float64Array, hours: number): number[] {
  const out = new Array<number>(hours).fill(0);
  for (let m = 0; m < series.length; m++) {
    const h = Math.min(hours - 1, Math.floor(m / 60));
    if (series[m]! > out[h]!) out[h] = series[m]!;
  }
  return out;
}

/**
 * Why a blocked device never got past its times lines, from the furthest line that stopped it:
 * stopped there by the hours after passing earlier /allow lines whose hours it has none in
 * common with, the windows are disjoint; otherwise what that line said.
 */
function blockedCause(program: Program, furthest: { line: number; why: TimesStop } | undefined): BlockedCause {
  if (!furthest) return "no-poll";
  if (furthest.why === "no-clock") return "no-clock";
  if (furthest.why === "initial") return "initial";
  let masks = 0;
  let common = 0xffffff;
  for (const { line, op } of program.instructions) {
    if (line > furthest.line) break;
    if (op.kind !== "times" || op.allowMask === undefined) continue;
    masks++;
    common &= op.allowMask;
  }
  return masks >= 2 && common === 0 ? "disjoint-windows" : "outside-window";
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

/**
 * Why a device is in trouble, in one sentence: its loop, the transfer it is stuck behind or keeps
 * failing, why it is blocked; empty for a settled or unchanged device. The text and HTML reports
 * and `--devices-out` all say it this way.
 */
export function troubleOf(d: FleetDeviceResult): string {
  switch (d.verdict) {
    case "looping":
      return d.loops[0]?.description ?? "";
    case "stuck":
      return d.stuck?.description ?? "";
    case "failing":
      return d.failing?.description ?? "";
    case "blocked":
      return BLOCKED_WHY[d.blockedBy ?? "no-poll"];
    case "still-changing":
      return "still changing when the simulation ends";
    default:
      return "";
  }
}

/** Looping, stuck, blocked, failing and unsettled devices grouped by product and cause, largest group first. */
export function troubleGroups(f: FleetForecast): TroubleGroup[] {
  const groups = new Map<string, { product: string; verdict: DeviceVerdict; why: string; devices: string[] }>();
  for (const d of f.devices) {
    if (!TROUBLE.has(d.verdict)) continue;
    const why = troubleOf(d);
    const key = `${d.product}\u0000${d.verdict}\u0000${why}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { product: d.product, verdict: d.verdict, why, devices: [] }));
    group.devices.push(d.mac);
  }
  return [...groups.values()].sort((a, b) => b.devices.length - a.devices.length);
}
