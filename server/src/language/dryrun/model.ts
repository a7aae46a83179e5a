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
  /** The update client's settings in force (`config … UP1 /url /poll …`); unset ones have their defaults. */
  readonly settings: UpdateSettings;
  /** Settings written to flash but not activated: in force after the next restart. */
  readonly savedSettings: UpdateSettings | undefined;
}

/**
 * UP1 settings by their catalog name (`/url`: the decoded update URL with its meta sequences,
 * `/poll`: minutes, `/no-dhcp`: true …). A setting that is absent has the device's default.
 */
export type UpdateSettings = Readonly<Record<string, string | number | true>>;

/** Where and how often the device polls after this run. */
export interface NextPoll {
  /** The request of the next poll: the update URL expanded, the serials appended. */
  readonly url: string;
  readonly intervalMinutes: number;
  /** Whether this run changed the update URL or the interval in force. */
  readonly changed: boolean;
  /** Settings written but not activated: they apply only after a restart. */
  readonly pendingUntilRestart: { readonly url?: string; readonly intervalMinutes?: number } | undefined;
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

/** A transfer that failed: which line, which request, which status. */
export interface FailedTransfer {
  readonly line: number;
  readonly method: "GET" | "PUT";
  readonly url: string;
  readonly result: TransferResult;
}

/**
 * A poll that leaves the device stuck: a transfer failed and the run still stored its pending
 * check serial, so every later run stops at that check line and never reaches the failed line
 * again until the script gets a new serial (docs/dry-run.md).
 */
export interface StuckPoll {
  /** The check line every later run stops at, and the serial it stored. */
  readonly checkLine: number;
  readonly serial: string;
  /** The failed transfers behind the check line. */
  readonly transfers: readonly FailedTransfer[];
  readonly description: string;
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
  /** Set when this poll leaves the device stuck behind its check serial. */
  readonly stuck: StuckPoll | undefined;
  /** Where and how often the device polls next (it changes with config … UP1 /url, /poll). */
  readonly next: NextPoll;
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
