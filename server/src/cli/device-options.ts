/**
 * The simulated device for `dry-run` and `simulate`: from `--state FILE.json`, then the flags,
 * then the config's `dryRun` section and the script's file name.
 */
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import { VARIABLES, type ProductSpec, type VariableName } from "@upscript/grammar";
import { createDevice, liveStateOf, normaliseMac, parseLocalTime, parseState, productFromFileName, type DeviceState, type Minutes, type PollEnvironment, type StateFile, type Variables } from "@upscript/language";
import { resolveProduct } from "../language/products.js";
import { compileWildcard, type WildcardMatcher } from "../language/wildcard.js";
import { readBounded } from "../node/bounded-read.js";
import { MAX_CONFIG_BYTES, type LoadedConfig } from "../node/config-files.js";
import { fsResolver } from "../node/web-root.js";

export interface DeviceFlags {
  readonly device?: string;
  readonly firmware?: string;
  readonly boot?: string;
  readonly bmc?: string;
  readonly mac?: string;
  readonly ip?: string;
  readonly var: readonly string[];
  readonly at?: string;
  /** commander turns `--no-clock` into `clock: false`. */
  readonly clock?: boolean;
  readonly uptime?: string;
  readonly fresh?: boolean;
  readonly state?: string;
  readonly fail: readonly string[];
  readonly updateUrl?: string;
}

export type Built<T> = { ok: true; value: T } | { ok: false; error: string };

/** A state file is a few hundred bytes, as a config is (limit max-config-size). */
const MAX_STATE_BYTES = MAX_CONFIG_BYTES;

/**
 * Reads and checks `--state FILE` against docs/state.schema.json (parseState): any problem is an
 * error naming the file and the key. A FIFO, a device or a folder is refused, not waited on.
 * `backupSlots`: the config's, for the check of backupIndex when the file names none.
 */
function readState(path: string, backupSlots: number | undefined): Built<StateFile> {
  const read = readBounded(path, MAX_STATE_BYTES);
  if (!read.ok) return { ok: false, error: `cannot read state '${path}': ${read.kind === "too-large" ? `${read.reason} (limit max-config-size)` : read.reason}` };
  const parsed = parseState(read.bytes.toString("utf8"), backupSlots === undefined ? {} : { backupSlots });
  const first = parsed.problems[0];
  if (parsed.notJson && first) {
    return { ok: false, error: `cannot read state '${path}': not JSON (${first.message.replace(/^not valid JSON: /, "")} at line ${first.range.line + 1} column ${first.range.column + 1})` };
  }
  if (first) {
    const more = parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more)` : "";
    return { ok: false, error: `state '${path}': ${first.message}${more}` };
  }
  return { ok: true, value: parsed.state ?? {} };
}

/** Local time of this machine, as the default clock of the simulated device. */
export function nowLocal(): Minutes {
  const d = new Date();
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()) / 60_000;
}

/**
 * The device, and for a product upscript does not know the warning to print on stderr
 * ("unknown product X: default file names guessed"; the plan's diagnostics say it too).
 */
export type BuiltDevice = { ok: true; value: DeviceState; warning?: string } | { ok: false; error: string };

export function buildDevice(flags: DeviceFlags, loaded: LoadedConfig, scriptPath: string): BuiltDevice {
  const state = flags.state ? readState(flags.state, loaded.config.dryRun.backupSlots) : ({ ok: true, value: {} } as Built<StateFile>);
  if (!state.ok) return state;
  const s = state.value;
  // The most specific answer wins: the flag, the state file, the script's own name, the config's default.
  // A name the catalog lacks runs as a guessed product (server/src/language/products.ts); the file name
  // counts only when it names a known product (update-night.htm is no product NIGHT).
  const named = flags.device ?? s.device ?? s.product;
  const fromFileName = named ? undefined : productFromFileName(scriptPath);
  let product: ProductSpec | undefined = fromFileName;
  let warning: string | undefined;
  if (!product) {
    const name = named ?? loaded.config.dryRun.device;
    if (!name) return { ok: false, error: `which device? name it with --device (e.g. --device IP232), or in .upscriptrc.json (dryRun.device)` };
    const resolved = resolveProduct(name);
    if (!resolved.ok) return resolved;
    product = resolved.product;
    warning = resolved.warning;
  }
  const variables: Partial<Variables> = {};
  // Names and values were checked by parseState (names without UPDATE/, values strings).
  for (const [name, value] of Object.entries(s.variables ?? {})) variables[name as VariableName] = value;
  for (const item of flags.var) {
    const eq = item.indexOf("=");
    const name = eq < 0 ? item : item.slice(0, eq);
    const key = name.replace(/^UPDATE\//, "");
    if (eq < 0 || !(VARIABLES as readonly string[]).includes(key)) return { ok: false, error: `--var ${item}: write NAME=VALUE with NAME one of ${VARIABLES.join(", ")}` };
    variables[key as VariableName] = item.slice(eq + 1);
  }
  let clock: Minutes | null;
  const at = flags.at ?? (s.clock === null ? undefined : (s.at ?? s.clock ?? undefined));
  if (flags.clock === false || (flags.at === undefined && s.clock === null)) clock = null;
  else if (at !== undefined) {
    const parsed = parseLocalTime(at);
    if (parsed === undefined) return { ok: false, error: `--at ${at}: write the device's local time as YYYY-MM-DDTHH:MM` };
    clock = parsed;
  } else clock = nowLocal();
  const uptimeText = flags.uptime ?? (s.uptime !== undefined ? String(s.uptime) : undefined);
  const uptime = uptimeText === undefined ? undefined : Number(uptimeText);
  if (uptime !== undefined && !(Number.isInteger(uptime) && uptime >= 0)) return { ok: false, error: `--uptime ${uptimeText}: a whole number of minutes` };
  const scfgWrittenAt = s.scfgWrittenAt === undefined ? undefined : parseLocalTime(s.scfgWrittenAt);
  if (s.scfgWrittenAt !== undefined && scfgWrittenAt === undefined) return { ok: false, error: `state: scfgWrittenAt '${s.scfgWrittenAt}' is not YYYY-MM-DDTHH:MM` };
  const d = loaded.config.dryRun;
  const firmware = flags.firmware ?? s.firmware ?? d.firmware;
  const boot = flags.boot ?? s.boot ?? d.boot;
  const bmc = flags.bmc ?? s.bmc ?? d.bmc;
  const mac = flags.mac ?? s.mac;
  if (mac !== undefined && !normaliseMac(mac)) return { ok: false, error: `--mac ${mac}: a MAC address such as 00-90-33-03-0d-f0` };
  const ip = flags.ip ?? s.ip;
  const backupSlots = s.backupSlots ?? d.backupSlots;
  const fresh = flags.fresh ?? s.fresh;
  return {
    ok: true,
    ...(warning !== undefined && { warning }),
    // The UP1 settings and pending builds a state file carries (upscript poll saves them) count for every command.
    value: withLiveState(createDevice({
      product,
      clock,
      ...(firmware !== undefined && { firmware }),
      ...(boot !== undefined && { boot }),
      ...(bmc !== undefined && { bmc }),
      ...(mac !== undefined && { mac }),
      ...(ip !== undefined && { ip }),
      variables,
      ...(uptime !== undefined && { uptimeMinutes: uptime }),
      ...(fresh !== undefined && { fresh }),
      ...(s.backupIndex !== undefined && { backupIndex: s.backupIndex }),
      ...(backupSlots !== undefined && { backupSlots }),
      ...(scfgWrittenAt !== undefined && { scfgWrittenAt }),
      ...(s.resetRequired !== undefined && { resetRequired: s.resetRequired }),
    }), s),
  };
}

function withLiveState(device: DeviceState, state: StateFile): DeviceState {
  return state.settings || state.savedSettings || state.pending ? { ...device, ...liveStateOf(state) } : device;
}

/** The PollEnvironment `fail` hook, which also remembers which `--fail` items matched a transfer. */
export interface FailHook {
  (url: string): number | undefined;
  /** The items, as given, whose pattern matched no transfer URL so far. */
  unmatched(): string[];
}

/**
 * `--fail PATTERN[=CODE]`: a pattern without `*` matches every URL that contains it; with `*` it
 * describes the whole URL, `*` standing for any characters (server/src/language/wildcard.ts,
 * which matches in linear time). The default status is 404; `=CODE` is a trailing `=` and three
 * digits. The first matching item gives the status; every matching item counts as used.
 */
export function failurePatterns(items: readonly string[]): Built<FailHook> {
  const patterns: { item: string; matches: WildcardMatcher; code: number; used: boolean }[] = [];
  for (const item of items) {
    const coded = item.length >= 4 && item.charCodeAt(item.length - 4) === 61 /* = */ && isDigits(item.slice(-3));
    const glob = coded ? item.slice(0, -4) : item;
    if (!glob) return { ok: false, error: `--fail ${item}: give a URL pattern such as '*/ip232.bin' or '*/ip232.bin=503'` };
    const code = coded ? Number(item.slice(-3)) : 404;
    if (code < 400 || code > 599) return { ok: false, error: `--fail ${item}: the status must be 400–599` };
    patterns.push({ item, matches: compileWildcard(glob, { literalMatchesInside: true }), code, used: false });
  }
  const hook = (url: string): number | undefined => {
    let code: number | undefined;
    for (const p of patterns) {
      if (!p.matches(url)) continue;
      p.used = true;
      code ??= p.code;
    }
    return code;
  };
  return { ok: true, value: Object.assign(hook, { unmatched: () => patterns.filter((p) => !p.used).map((p) => p.item) }) };
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The URL the device fetches this script from: the web root URL of the file, when it is under one. */
export function updateUrlOf(scriptPath: string, loaded: LoadedConfig, explicit?: string): string {
  if (explicit) return explicit;
  const absolute = resolve(scriptPath);
  for (const [prefix, folder] of Object.entries(loaded.config.server)) {
    const root = isAbsolute(folder) ? folder : resolve(loaded.directory, folder);
    const rel = relative(root, absolute);
    if (!rel || rel.startsWith("..") || isAbsolute(rel)) continue;
    return `${prefix.endsWith("/") ? prefix : `${prefix}/`}${rel.split(sep).map(encodeURIComponent).join("/")}`;
  }
  return `http://update-server/${encodeURIComponent(basename(scriptPath))}`;
}

export function environment(flags: DeviceFlags, loaded: LoadedConfig, scriptPath: string): Built<PollEnvironment> {
  const fail = failurePatterns(flags.fail);
  if (!fail.ok) return fail;
  return {
    ok: true,
    value: {
      resolve: fsResolver(loaded),
      fail: fail.value,
      builds: loaded.config.dryRun.builds ?? {},
      fileNames: loaded.config.fileNames,
      updateUrl: updateUrlOf(scriptPath, loaded, flags.updateUrl),
      ...(loaded.config.dryRun.interval !== undefined && { interval: loaded.config.dryRun.interval }),
    },
  };
}
