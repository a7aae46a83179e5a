/**
 * The simulated device for `dry-run` and `simulate`: from `--state FILE.json`, then the flags,
 * then the config's `dryRun` section and the script's file name.
 */
import { readFileSync } from "node:fs";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import { VARIABLES, findProduct, type ProductSpec, type VariableName } from "@upscript/grammar";
import { createDevice, normaliseMac, parseLocalTime, productFromFileName, type DeviceState, type Minutes, type PollEnvironment, type Variables } from "@upscript/language";
import type { LoadedConfig } from "../node/config-files.js";
import { describeFsError } from "../node/fs-errors.js";
import { fsResolver } from "../node/fs-resolver.js";

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

const STATE_KEYS = ["device", "product", "mac", "ip", "firmware", "boot", "bmc", "variables", "at", "clock", "uptime", "fresh", "backupIndex", "backupSlots", "scfgWrittenAt", "resetRequired"];

interface StateFile {
  device?: string;
  product?: string;
  mac?: string;
  ip?: string;
  firmware?: string;
  boot?: string;
  bmc?: string;
  variables?: Record<string, string>;
  at?: string;
  clock?: string | null;
  uptime?: number;
  fresh?: boolean;
  backupIndex?: number;
  backupSlots?: number;
  scfgWrittenAt?: string;
  resetRequired?: boolean;
}

function readState(path: string): Built<StateFile> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return { ok: false, error: `cannot read state '${path}': ${error instanceof SyntaxError ? `not JSON (${error.message.split("\n")[0]})` : describeFsError(error)}` };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { ok: false, error: `state '${path}' must be a JSON object` };
  const unknown = Object.keys(data).filter((k) => !STATE_KEYS.includes(k));
  if (unknown.length) return { ok: false, error: `state '${path}': unknown key '${unknown[0]}' (known: ${STATE_KEYS.join(", ")})` };
  return { ok: true, value: data as StateFile };
}

/** Local time of this machine, as the default clock of the simulated device. */
export function nowLocal(): Minutes {
  const d = new Date();
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()) / 60_000;
}

export function buildDevice(flags: DeviceFlags, loaded: LoadedConfig, scriptPath: string): Built<DeviceState> {
  const state = flags.state ? readState(flags.state) : ({ ok: true, value: {} } as Built<StateFile>);
  if (!state.ok) return state;
  const s = state.value;
  // The most specific answer wins: the flag, the state file, the script's own name, the config's default.
  const named = flags.device ?? s.device ?? s.product;
  const product: ProductSpec | undefined = named
    ? findProduct(named)
    : (productFromFileName(scriptPath) ?? (loaded.config.dryRun.device ? findProduct(loaded.config.dryRun.device) : undefined));
  if (!product) {
    const name = named ?? loaded.config.dryRun.device;
    return { ok: false, error: name ? `unknown product '${name}'` : `which device? name it with --device (e.g. --device IP232), or in .upscriptrc.json (dryRun.device)` };
  }
  const variables: Partial<Variables> = {};
  for (const [name, value] of Object.entries(s.variables ?? {})) {
    if (!(VARIABLES as readonly string[]).includes(name)) return { ok: false, error: `state: unknown variable '${name}' (known: ${VARIABLES.join(", ")})` };
    variables[name as VariableName] = String(value);
  }
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
    value: createDevice({
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
    }),
  };
}

/** `--fail PATTERN[=CODE]`: `*` matches any characters; the default status is 404. */
export function failurePatterns(items: readonly string[]): Built<(url: string) => number | undefined> {
  const patterns: { re: RegExp; code: number }[] = [];
  for (const item of items) {
    const m = /^(.*?)(?:=(\d{3}))?$/.exec(item)!;
    const glob = m[1]!;
    if (!glob) return { ok: false, error: `--fail ${item}: give a URL pattern such as '*/ip232.bin' or '*/ip232.bin=503'` };
    const code = m[2] ? Number(m[2]) : 404;
    if (code < 400 || code > 599) return { ok: false, error: `--fail ${item}: the status must be 400–599` };
    const re = new RegExp(`^${glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
    patterns.push({ re, code });
  }
  return { ok: true, value: (url) => patterns.find((p) => p.re.test(url))?.code };
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
    },
  };
}
