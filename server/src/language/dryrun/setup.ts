/**
 * The simulated device and its environment, built in one place for every front end: the CLI's
 * dry-run, simulate and poll, the editor's preview, live poll and code lens. For the same inputs
 * they all run the same device against the same update URL (docs/dry-run.md, "The simulated
 * device"). Pure: the callers read the files (state, fleet) and pass the time `now`.
 */
import { VARIABLES, type ProductSpec, type VariableName } from "@upscript/grammar";
import { buildsByUrl, type UpscriptConfig } from "../config.js";
import { resolveProduct } from "../products.js";
import type { Resolver } from "../resolver.js";
import { liveStateOf, type StateFile } from "../state.js";
import { productFromFileName } from "../webroot.js";
import { compileWildcard, type WildcardMatcher } from "../wildcard.js";
import { createDevice, normaliseMac, parseLocalTime } from "./device.js";
import type { DeviceState, Minutes, Variables } from "./model.js";
import type { PollEnvironment } from "./poll.js";

/** What a user says about the device: as the CLI flags, a state file or the editor settings give it. "" counts as not set. */
export interface DeviceSettings {
  /** The product, e.g. `IP232`; a name the catalog lacks runs as a guessed product. */
  readonly device?: string;
  readonly firmware?: string;
  readonly boot?: string;
  readonly bmc?: string;
  readonly mac?: string;
  readonly ip?: string;
  /** UPDATE/* values by name (`CHECK` or `UPDATE/CHECK`). */
  readonly variables?: Readonly<Record<string, string>>;
  /** The device's local time, `YYYY-MM-DDTHH:MM`. */
  readonly at?: string;
  /** The device has no time set; within one source it wins over `at`. */
  readonly noClock?: boolean;
  /** Minutes since boot: a whole number, or its text as a flag gives it. */
  readonly uptime?: number | string;
  readonly fresh?: boolean;
}

/** How the user spells each setting, for the messages: `--at` (CLI), `upscript.preview.at` (editor). */
export interface SettingNames {
  readonly device: string;
  readonly at: string;
  readonly uptime: string;
  readonly mac: string;
  readonly variables: string;
  readonly fail: string;
}

const NEUTRAL_NAMES: SettingNames = { device: "device", at: "at", uptime: "uptime", mac: "mac", variables: "variables", fail: "fail" };

/**
 * The update URL of a device whose script is mapped by no `server` entry of the config:
 * `http://update-server/` and the script's file name; without a file name the folder URL, to
 * which the device appends update-<product>.htm.
 */
export const DEFAULT_UPDATE_SERVER = "http://update-server/";

export interface DryRunSetupInput {
  /** What the user said, most specific first: the flags (CLI), the request or the editor settings. */
  readonly settings?: readonly DeviceSettings[];
  /** A state file (read by the caller): below every settings source, above the file name and the config. */
  readonly state?: StateFile;
  /**
   * The script: its absolute path (its URL under the web root is the update URL), or the last
   * segment of the URL it is served from. Its file name names the product when nothing more specific does.
   */
  readonly script?: string;
  readonly config: Pick<UpscriptConfig, "dryRun" | "server" | "fileNames">;
  /** The folder relative `server` folders are relative to (those of a merged config are absolute already). */
  readonly configDirectory?: string;
  /** The update URL the device is configured with, when the user gives it (`--update-url`, the URL `upscript poll` polls). */
  readonly updateUrl?: string;
  /** The device's clock when no setting gives one: the caller's local time now, in minutes (parseLocalTime). */
  readonly now: Minutes;
  /** The web root, for the transfers' answers; none: every transfer succeeds. */
  readonly resolve?: Resolver;
  /** `--fail PATTERN[=CODE]` items (failurePatterns). */
  readonly fail?: readonly string[];
  readonly names?: Partial<SettingNames>;
}

export type DryRunSetup =
  | {
      readonly ok: true;
      readonly device: DeviceState;
      readonly environment: PollEnvironment & { readonly fail: FailHook };
      /** For a product upscript does not know: "unknown product X: default file names guessed" (the plan says it too). */
      readonly warning?: string;
    }
  | {
      readonly ok: false;
      readonly error: string;
      /** Set when no source names a product (the editor then offers to choose one). */
      readonly noDevice?: true;
    };

type Failed = { readonly ok: false; readonly error: string };

const given = <T>(value: T | undefined | ""): value is T => value !== undefined && value !== "";

function first<K extends keyof DeviceSettings>(layers: readonly DeviceSettings[], key: K): NonNullable<DeviceSettings[K]> | undefined {
  for (const layer of layers) {
    const value = layer[key];
    if (given(value)) return value as NonNullable<DeviceSettings[K]>;
  }
  return undefined;
}

/** A state file as one more settings source; its other keys are read by setUpDryRun itself. */
function stateSettings(state: StateFile): DeviceSettings {
  const at = state.clock === null ? undefined : (state.at ?? state.clock);
  return {
    ...(given(state.device ?? state.product) && { device: state.device ?? state.product }),
    ...(state.firmware !== undefined && { firmware: state.firmware }),
    ...(state.boot !== undefined && { boot: state.boot }),
    ...(state.bmc !== undefined && { bmc: state.bmc }),
    ...(state.mac !== undefined && { mac: state.mac }),
    ...(state.ip !== undefined && { ip: state.ip }),
    ...(state.variables !== undefined && { variables: state.variables }),
    ...(at !== undefined && { at }),
    ...(state.clock === null && { noClock: true }),
    ...(state.uptime !== undefined && { uptime: state.uptime }),
    ...(state.fresh !== undefined && { fresh: state.fresh }),
  };
}

/**
 * The device and the PollEnvironment for a dry-run. The most specific answer wins: the settings
 * in their order, the state file, then for the product the script's file name (only when it
 * names a known product: update-night.htm is no product NIGHT), then the config's `dryRun`.
 * The clock: the first source that sets `at` or `noClock`, else `now`.
 */
export function setUpDryRun(input: DryRunSetupInput): DryRunSetup {
  const names = { ...NEUTRAL_NAMES, ...input.names };
  const state = input.state ?? {};
  const layers = [...(input.settings ?? []), stateSettings(state)];
  const dryRun = input.config.dryRun;

  const named = first(layers, "device");
  let product: ProductSpec | undefined = named ? undefined : productFromFileName(input.script);
  let warning: string | undefined;
  if (!product) {
    const name = named ?? dryRun.device;
    if (!given(name)) return { ok: false, noDevice: true, error: `which device? name it with ${names.device} (e.g. IP232), or in .upscriptrc.json (dryRun.device)` };
    const resolved = resolveProduct(name);
    if (!resolved.ok) return resolved;
    product = resolved.product;
    warning = resolved.warning;
  }

  const variables: Partial<Variables> = {};
  for (const layer of [...layers].reverse()) {
    for (const [name, value] of Object.entries(layer.variables ?? {})) {
      const key = name.replace(/^UPDATE\//, "");
      if (!(VARIABLES as readonly string[]).includes(key)) return { ok: false, error: `${names.variables} ${name}: not one of ${VARIABLES.join(", ")}` };
      variables[key as VariableName] = value;
    }
  }

  let clock: Minutes | null = input.now;
  for (const layer of layers) {
    if (layer.noClock) {
      clock = null;
      break;
    }
    if (given(layer.at)) {
      const parsed = parseLocalTime(layer.at);
      if (parsed === undefined) return { ok: false, error: `${names.at} ${layer.at}: write the device's local time as YYYY-MM-DDTHH:MM` };
      clock = parsed;
      break;
    }
  }

  const uptimeGiven = first(layers, "uptime");
  const uptime = uptimeGiven === undefined ? undefined : Number(uptimeGiven);
  if (uptime !== undefined && !(Number.isInteger(uptime) && uptime >= 0)) return { ok: false, error: `${names.uptime} ${uptimeGiven}: a whole number of minutes` };
  const mac = first(layers, "mac");
  if (mac !== undefined && !normaliseMac(mac)) return { ok: false, error: `${names.mac} ${mac}: a MAC address such as 00-90-33-03-0d-f0` };
  const scfgWrittenAt = state.scfgWrittenAt === undefined ? undefined : parseLocalTime(state.scfgWrittenAt);
  if (state.scfgWrittenAt !== undefined && scfgWrittenAt === undefined) return { ok: false, error: `state: scfgWrittenAt '${state.scfgWrittenAt}' is not YYYY-MM-DDTHH:MM` };
  const firmware = first(layers, "firmware") ?? dryRun.firmware;
  const boot = first(layers, "boot") ?? dryRun.boot;
  const bmc = first(layers, "bmc") ?? dryRun.bmc;
  const ip = first(layers, "ip");
  const fresh = first(layers, "fresh");
  const backupSlots = state.backupSlots ?? dryRun.backupSlots;
  const created = createDevice({
    product,
    clock,
    ...(given(firmware) && { firmware }),
    ...(given(boot) && { boot }),
    ...(given(bmc) && { bmc }),
    ...(mac !== undefined && { mac }),
    ...(ip !== undefined && { ip }),
    variables,
    ...(uptime !== undefined && { uptimeMinutes: uptime }),
    ...(fresh !== undefined && { fresh }),
    ...(state.backupIndex !== undefined && { backupIndex: state.backupIndex }),
    ...(backupSlots !== undefined && { backupSlots }),
    ...(scfgWrittenAt !== undefined && { scfgWrittenAt }),
    ...(state.resetRequired !== undefined && { resetRequired: state.resetRequired }),
  });
  // The UP1 settings and pending builds a state file carries (upscript poll saves them) count for every command.
  const device = state.settings || state.savedSettings || state.pending ? { ...created, ...liveStateOf(state) } : created;

  const fail = failurePatterns(input.fail ?? [], names.fail);
  if (!fail.ok) return fail;
  return {
    ok: true,
    device,
    environment: {
      ...(input.resolve && { resolve: input.resolve }),
      fail: fail.value,
      builds: buildsByUrl(dryRun),
      fileNames: input.config.fileNames,
      updateUrl: configuredUpdateUrl(input),
      ...(dryRun.interval !== undefined && { interval: dryRun.interval }),
    },
    ...(warning !== undefined && { warning }),
  };
}

/**
 * The update URL the simulated device is configured with: the one given, else the script's URL
 * under the web root when a `server` entry of the config maps its folder, else
 * DEFAULT_UPDATE_SERVER with the script's file name.
 */
export function configuredUpdateUrl(input: Pick<DryRunSetupInput, "updateUrl" | "script" | "config" | "configDirectory">): string {
  if (given(input.updateUrl)) return input.updateUrl;
  const script = input.script;
  if (!script) return DEFAULT_UPDATE_SERVER;
  const mapped = scriptUrl(script, input.config.server, input.configDirectory);
  if (mapped) return mapped;
  const name = script.split(/[\\/]/).pop() ?? "";
  return `${DEFAULT_UPDATE_SERVER}${encodeURIComponent(name)}`;
}

/**
 * The URL a script file is served at: the `server` prefix whose folder holds the file (the
 * deepest such folder), and the path below it, each segment percent-encoded. undefined when no
 * folder holds it or the path is not absolute. Pure path work on `/` and `\`; Windows drive
 * paths compare without case, as the file system does.
 */
export function scriptUrl(scriptPath: string, server: Readonly<Record<string, string>>, configDirectory?: string): string | undefined {
  if (!isAbsolutePath(scriptPath)) return undefined;
  const file = segments(scriptPath);
  const folded = /^[a-z]:/i.test(scriptPath);
  const same = (a: string, b: string) => (folded ? a.toLowerCase() === b.toLowerCase() : a === b);
  let best: { prefix: string; depth: number } | undefined;
  for (const [prefix, folder] of Object.entries(server)) {
    const rootPath = isAbsolutePath(folder) ? folder : configDirectory !== undefined ? `${configDirectory}/${folder}` : undefined;
    if (rootPath === undefined) continue;
    const root = segments(rootPath);
    if (root.length >= file.length || !root.every((s, i) => same(s, file[i]!))) continue;
    if (best && best.depth >= root.length) continue;
    best = { prefix, depth: root.length };
  }
  if (!best) return undefined;
  const base = best.prefix.endsWith("/") ? best.prefix : `${best.prefix}/`;
  return `${base}${file.slice(best.depth).map(encodeURIComponent).join("/")}`;
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith("/") || path.startsWith("\\") || /^[a-z]:[\\/]/i.test(path);
}

/** The names of a path, `.` and `..` taken away as path.resolve does. */
function segments(path: string): string[] {
  const out: string[] = [];
  for (const s of path.split(/[\\/]+/)) {
    if (s === "" || s === ".") continue;
    if (s === "..") out.pop();
    else out.push(s);
  }
  return out;
}

/** The PollEnvironment `fail` hook, which also remembers which items matched a transfer. */
export interface FailHook {
  (url: string): number | undefined;
  /** The items, as given, whose pattern matched no transfer URL so far. */
  unmatched(): string[];
  /** How many patterns there are: with none, no URL fails, whatever the MAC in it (the fleet groups devices). */
  readonly patterns: number;
}

/**
 * `--fail PATTERN[=CODE]`: a pattern without `*` matches every URL that contains it; with `*` it
 * describes the whole URL, `*` standing for any characters (wildcard.ts, which matches in
 * linear time). The default status is 404; `=CODE` is a trailing `=` and three digits. The
 * first matching item gives the status; every matching item counts as used. `name` is how the
 * user spells the option, for the messages.
 */
export function failurePatterns(items: readonly string[], name: string): { ok: true; value: FailHook } | Failed {
  const patterns: { item: string; matches: WildcardMatcher; code: number; used: boolean }[] = [];
  for (const item of items) {
    const coded = item.length >= 4 && item.charCodeAt(item.length - 4) === 61 /* = */ && isDigits(item.slice(-3));
    const glob = coded ? item.slice(0, -4) : item;
    if (!glob) return { ok: false, error: `${name} ${item}: give a URL pattern such as '*/ip232.bin' or '*/ip232.bin=503'` };
    const code = coded ? Number(item.slice(-3)) : 404;
    if (code < 400 || code > 599) return { ok: false, error: `${name} ${item}: the status must be 400–599` };
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
  return { ok: true, value: Object.assign(hook, { unmatched: () => patterns.filter((p) => !p.used).map((p) => p.item), patterns: patterns.length }) };
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
