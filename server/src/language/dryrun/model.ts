/**
 * The dry-run's data: the simulated device and the plan of one poll. Plain data throughout, so
 * the same objects become the JSON output (docs/dry-run.schema.json describes them).
 */
import type { ProductSpec, VariableName } from "@upscript/grammar";

/** Local device time as minutes since 1970-01-01 00:00 (no time zone: the device's own clock). */
export type Minutes = number;

export type Variables = Record<VariableName, string>;

export interface DeviceState {
  readonly product: ProductSpec;
  readonly mac: string;
  readonly ip: string;
  /** Running builds. */
  readonly firmware: string;
  readonly boot: string;
  readonly bmc: string;
  /** Hardware build, for `#H`. */
  readonly hardware: string;
  /** UPDATE/* variables; "" is empty. */
  readonly variables: Variables;
  /** When UPDATE/SCFG was last written (device time), for `/force`. */
  readonly scfgWrittenAt: Minutes | undefined;
  /** Next `#bn` value and the number of backup slots it cycles through. */
  readonly backupIndex: number;
  readonly backupSlots: number;
  /** Local time, or undefined when the device has no clock yet. */
  readonly clock: Minutes | undefined;
  readonly uptimeMinutes: number;
  /** Factory default and never ran a script. */
  readonly fresh: boolean;
  /** An earlier step needs a restart (firmware, boot code or configuration loaded). */
  readonly resetRequired: boolean;
  /** Builds that a download stored and that start running with the next restart. */
  readonly pending: { readonly firmware?: string; readonly boot?: string; readonly bmc?: string };
}

export type LineStatus = "ran" | "skipped" | "stopped" | "not-reached";

export interface LinePlan {
  /** 1-based line number. */
  readonly line: number;
  readonly status: LineStatus;
  readonly reason: string;
  /** The line as written (trimmed). */
  readonly text: string;
}

export type TransferResult = "ok" | `failed(${number})`;

export interface Transfer {
  readonly line: number;
  readonly method: "GET" | "PUT";
  /** Fully expanded: default file name and meta sequences filled in. */
  readonly url: string;
  /** firmware, boot code, DECT radio code, configuration, configuration backup. */
  readonly purpose: string;
  readonly result: TransferResult;
  /** For downloads of builds: the build the file is declared to contain. */
  readonly build?: string;
}

/** A configuration line a cfg load applies (from the loaded file, plus the appended config write). */
export interface AppliedConfig {
  readonly line: number;
  readonly file: string;
  readonly fileLine: number | undefined;
  readonly text: string;
}

/** Lines recorded as effects without further meaning (config, vars, other module commands). */
export interface Effect {
  readonly line: number;
  readonly kind: "config" | "vars" | "module" | "poll" | "reinit" | "provision" | "wlan" | "other";
  readonly text: string;
}

export type Outcome = "reset-now" | "reset-when-idle" | "none";

export interface RunDiagnostic {
  readonly rule: string;
  readonly line: number;
  readonly message: string;
}

export interface PollRequest {
  readonly method: "GET";
  readonly url: string;
}

export interface PollPlan {
  readonly outcome: Outcome;
  /** Line whose final command decided the outcome. */
  readonly outcomeLine: number | undefined;
  /** What ended the run early, if anything. */
  readonly stoppedAt: number | undefined;
  readonly lines: readonly LinePlan[];
  readonly transfers: readonly Transfer[];
  readonly configApplied: readonly AppliedConfig[];
  readonly effects: readonly Effect[];
  readonly variables: { readonly before: Variables; readonly after: Variables };
  readonly request: PollRequest;
  readonly diagnostics: readonly RunDiagnostic[];
  /** The summary line, e.g. `Plan: 1 download, 1 upload, reset when idle`. */
  readonly summary: string;
  /** Whether the poll changes anything on the device (for `--detailed-exitcode`). */
  readonly changes: boolean;
  readonly device: DeviceSummary;
  /** The device as it is after the run (before any restart the outcome asks for). */
  readonly after: DeviceState;
}

export interface DeviceSummary {
  readonly product: string;
  readonly mac: string;
  readonly ip: string;
  readonly firmware: string;
  readonly boot: string;
  readonly bmc: string;
  readonly clock: string | null;
  readonly uptimeMinutes: number;
  readonly fresh: boolean;
}
