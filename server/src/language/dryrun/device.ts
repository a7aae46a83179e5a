/** Building simulated devices, and the device's local clock. */
import { DEFAULT_BACKUP_SLOTS, VARIABLES, type ProductSpec } from "@upscript/grammar";
import type { DeviceState, Minutes, UpdateSettings, Variables } from "./model.js";

export function emptyVariables(): Variables {
  return Object.fromEntries(VARIABLES.map((v) => [v, ""])) as Variables;
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

/** `2026-11-20T23:30` (or with a blank) → minutes; undefined when malformed. */
export function parseLocalTime(text: string): Minutes | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as number[];
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59) return undefined;
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  const check = new Date(ms);
  if (check.getUTCDate() !== d) return undefined;
  return ms / 60_000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function parts(minutes: Minutes) {
  const d = new Date(minutes * 60_000);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes() };
}

/** `2026-11-20 23:30` */
export function formatLocalTime(minutes: Minutes): string {
  const p = parts(minutes);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}`;
}

/** `23:30` */
export function formatClock(minutes: Minutes): string {
  const p = parts(minutes);
  return `${pad(p.h)}:${pad(p.mi)}`;
}

export function hourOf(minutes: Minutes): number {
  return Math.floor((((minutes % 1440) + 1440) % 1440) / 60);
}

/** The `#d` meta sequence: `20051010-170130`. */
export function dateTimeMeta(minutes: Minutes | undefined): string {
  if (minutes === undefined) return "19700101-000000";
  const p = parts(minutes);
  return `${p.y}${pad(p.mo)}${pad(p.d)}-${pad(p.h)}${pad(p.mi)}00`;
}

/** `IP1200-03-0d-f0`: the product and the last three bytes of the MAC. */
export function hardwareId(product: ProductSpec, mac: string): string {
  return `${product.name}-${mac.split(/[-:]/).slice(-3).join("-").toLowerCase()}`;
}

/** MACs are written with dashes and lower case, as the device sends them (`00-90-33-03-0d-f0`). */
export function normaliseMac(mac: string): string | undefined {
  const hex = mac.replace(/[-:.]/g, "").toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join("-");
}

export interface DeviceOptions {
  readonly product: ProductSpec;
  readonly mac?: string;
  readonly ip?: string;
  readonly firmware?: string;
  readonly boot?: string;
  readonly bmc?: string;
  readonly hardware?: string;
  readonly variables?: Partial<Variables>;
  /** null: the device has no clock. */
  readonly clock?: Minutes | null;
  readonly uptimeMinutes?: number;
  readonly fresh?: boolean;
  readonly resetRequired?: boolean;
  readonly backupIndex?: number;
  readonly backupSlots?: number;
  readonly scfgWrittenAt?: Minutes;
  /** UP1 settings in force (a state file of the live poll carries them between runs). */
  readonly settings?: UpdateSettings;
}

export const DEFAULT_MAC = "00-90-33-00-00-01";
export const DEFAULT_IP = "192.168.0.100";

/** Defaults: an unknown running build, empty variables, up for a day, clock at 2026-01-01 00:00. */
export function createDevice(options: DeviceOptions): DeviceState {
  const fresh = options.fresh ?? false;
  return {
    product: options.product,
    mac: normaliseMac(options.mac ?? "") ?? DEFAULT_MAC,
    ip: options.ip ?? DEFAULT_IP,
    firmware: options.firmware ?? "unknown",
    boot: options.boot ?? "unknown",
    bmc: options.bmc ?? "unknown",
    hardware: options.hardware ?? "1",
    variables: { ...emptyVariables(), ...options.variables },
    scfgWrittenAt: options.scfgWrittenAt,
    backupIndex: options.backupIndex ?? 0,
    backupSlots: Math.max(1, options.backupSlots ?? DEFAULT_BACKUP_SLOTS),
    clock: options.clock === null ? undefined : (options.clock ?? parseLocalTime("2026-01-01T00:00")),
    uptimeMinutes: options.uptimeMinutes ?? (fresh ? 0 : 1440),
    fresh,
    resetRequired: options.resetRequired ?? false,
    pending: {},
    settings: options.settings ?? {},
    savedSettings: undefined,
  };
}
