/** The JSON Schema of the dry-run outputs (docs/dry-run.schema.json), checked against real output in tests. */
import { VARIABLES } from "@upscript/grammar";
import { BLOCKED_CAUSES, BLOCKED_WHY } from "./fleet.js";
import { TRANSFER_VERBS } from "./rollout.js";

const str = { type: "string" };
const int = { type: "integer" };
const nullable = (schema: object) => ({ anyOf: [schema, { type: "null" }] });
const object = (properties: Record<string, object>, description?: string) => ({
  type: "object",
  ...(description && { description }),
  required: Object.keys(properties),
  properties,
  additionalProperties: false,
});

const variables = object(Object.fromEntries(VARIABLES.map((v) => [v, { type: "string", description: `UPDATE/${v}; empty string when not set` }])));
const outcome = { enum: ["reset-now", "reset-when-idle", "none"] };
const transfer = object({
  line: { ...int, description: "1-based line of the command" },
  method: { enum: ["GET", "PUT"] },
  url: { ...str, description: "fully expanded: default file name appended, meta sequences replaced (scfg)" },
  purpose: { enum: ["firmware", "boot code", "DECT radio code", "configuration", "configuration backup", "command output"] },
  result: { type: "string", pattern: "^(ok|failed\\(\\d+\\))$" },
  build: { ...nullable(str), description: "the build a download is declared to contain" },
});
const device = object({
  product: str,
  mac: str,
  ip: str,
  firmware: str,
  boot: str,
  bmc: str,
  clock: { ...nullable(str), description: "local device time YYYY-MM-DD HH:MM, null without a clock" },
  uptimeMinutes: int,
  fresh: { type: "boolean" },
});
const loop = object({ kind: { enum: ["download-loop", "reset-loop"] }, line: nullable(int), firstMinute: int, description: str });
const verdict = {
  enum: ["unchanged", "blocked", "settled", "looping", "still-changing", "stuck", "failing"],
  description:
    "first match wins: looping; stuck (a failed transfer on a poll that then stored the check serial); blocked (no run got past the times line); failing (transfers still fail on the last poll, retried every poll); unchanged (no download, load or restart needed); still-changing; settled",
};
const failedTransfer = { line: int, method: { enum: ["GET", "PUT"] }, url: str, result: { type: "string", pattern: "^failed\\(\\d+\\)$" } };
const stuck = (time: object) =>
  nullable(
    object(
      {
        minute: int,
        time,
        checkLine: { ...int, description: "the check line every later run stops at" },
        serial: { ...str, description: "the check serial the run stored" },
        transfers: { type: "array", items: object(failedTransfer), description: "the failed transfers behind the check line: never tried again until the serial changes" },
        description: str,
      },
      "a transfer failed and the run still stored its check serial: the device skips the script from then on",
    ),
  );
const failing = (time: object) =>
  nullable(
    object(
      { firstMinute: int, time, transfers: { type: "array", items: object(failedTransfer) }, description: str },
      "transfers that fail on every poll up to the end: the device tries them again each time",
    ),
  );
const firstFailure = (time: object) => nullable(object({ ...failedTransfer, minute: int, time }, "the first transfer that failed"));
const hour = object({ hour: int, polls: int, downloads: int, uploads: int, loads: int, resets: int, failures: int });
const header = (kind: string) => ({ kind: { const: kind }, version: { const: 1 }, script: str });

const poll = object(
  {
    ...header("poll"),
    device,
    outcome,
    outcomeLine: nullable(int),
    stoppedAt: { ...nullable(int), description: "line at which check or times stopped the run" },
    summary: str,
    changes: { type: "boolean", description: "whether the poll changes anything (dry-run --detailed-exitcode)" },
    stuck: {
      ...nullable(
        object({
          checkLine: { ...int, description: "the check line every later run stops at" },
          serial: { ...str, description: "the check serial this run stores" },
          transfers: { type: "array", items: object(failedTransfer), description: "the failed transfers behind the check line" },
          description: str,
        }),
      ),
      description: "set when this poll leaves the device stuck: a transfer failed and the run still stores its check serial, so the device does not retry until the serial changes",
    },
    next: object(
      {
        url: { ...str, description: "the request of the next poll: the update URL in force (a /url setting, else the configured one) expanded, the serials appended" },
        intervalMinutes: { ...int, description: "minutes until the next poll: a /poll setting in force, else the default" },
        changed: { type: "boolean", description: "whether this run changed the update URL or the interval in force (config … UP1 /url, /poll, then config activate)" },
        pendingUntilRestart: {
          ...nullable({ type: "object", properties: { url: str, intervalMinutes: int }, additionalProperties: false }),
          description: "UP1 settings saved (config write) but not activated: what applies after the next restart",
        },
      },
      "where and how often the device polls after this run",
    ),
    lines: {
      type: "array",
      items: object({ line: int, status: { enum: ["ran", "skipped", "stopped", "not-reached"] }, reason: str, text: str }),
    },
    transfers: { type: "array", items: transfer },
    configApplied: { type: "array", items: object({ line: int, file: str, fileLine: nullable(int), text: str }) },
    effects: { type: "array", items: object({ line: int, kind: { enum: ["config", "vars", "module", "poll", "reinit", "provision", "wlan", "other"] }, text: str }) },
    variables: object({ before: variables, after: variables }),
    request: object({ method: { const: "GET" }, url: str }),
    diagnostics: { type: "array", items: object({ rule: str, line: int, message: str }) },
  },
  "One poll: what the device does with the script right now.",
);

const timeline = object(
  {
    ...header("timeline"),
    device,
    days: { type: "number" },
    start: nullable(str),
    polls: int,
    changes: {
      type: "array",
      items: object({ minute: int, time: nullable(str), outcome, summary: str, transfers: { type: "array", items: transfer }, variables, stoppedAt: nullable(int) }),
    },
    restarts: { type: "array", items: object({ minute: int, time: nullable(str), cause: outcome, line: nullable(int), firmware: str, boot: str, bmc: str }) },
    loops: { type: "array", items: loop },
    verdict,
    stuck: stuck(nullable(str)),
    failing: failing(nullable(str)),
    firstFailure: firstFailure(nullable(str)),
    steady: object({ minute: nullable(int), time: nullable(str) }, "the first poll from which on nothing changes (backups aside); null when the device never settles, loops, is stuck or keeps failing"),
    hours: { type: "array", items: hour },
    final: object({ variables, firmware: str, boot: str, bmc: str }),
    polling: {
      type: "array",
      description: "where and how often the device polls: the first poll, then every change (config … UP1 /url, /poll activated, or saved and in force after a restart)",
      items: object({ minute: int, time: nullable(str), url: { ...str, description: "the update URL in force, meta sequences filled in, before the serials" }, intervalMinutes: int, cause: { enum: ["start", "activated", "restart"] } }),
    },
  },
  "One device over several days.",
);

const moment = object({ minute: int, time: str });
const peak = (description: string) => object({ value: { type: "number" }, minute: nullable(int), time: nullable(str) }, description);

const fleet = object(
  {
    ...header("fleet"),
    days: { type: "number" },
    start: str,
    downloadMinutes: int,
    verdicts: object({ unchanged: int, blocked: int, settled: int, looping: int, "still-changing": int, stuck: int, failing: int }),
    totals: object({ polls: int, downloads: int, uploads: int, loads: int, resets: int, failures: int }),
    peakConcurrentDownloads: object({ count: int, minute: nullable(int), time: nullable(str) }),
    blocked: object(
      Object.fromEntries(BLOCKED_CAUSES.map((c) => [c, { ...int, description: BLOCKED_WHY[c] }])),
      "blocked devices by cause; they add up to verdicts.blocked",
    ),
    load: object(
      {
        peakUploads: peak("most uploads running at once"),
        peakBytesPerSecond: peak("most bytes per second the web server moves, both directions"),
        bytes: { type: "number", description: "bytes moved in all" },
        urls: {
          type: "array",
          description: "every URL transferred, largest share of the bytes first",
          items: object({
            url: str,
            verb: { enum: [...TRANSFER_VERBS] },
            method: { enum: ["GET", "PUT"] },
            bytes: { type: "number", description: "the size of one transfer" },
            source: { enum: ["config", "web-root", "option", "default"], description: "where the size comes from: dryRun.builds, the file under the web root, --size, or the catalog's typical size" },
            transfers: int,
          }),
        },
        minutes: object(
          {
            from: { ...int, description: "simulation minute of the first entry" },
            fromTime: str,
            downloads: { type: "array", items: { type: "number" }, description: "downloads running, per minute" },
            uploads: { type: "array", items: { type: "number" }, description: "uploads running, per minute" },
            bytesPerSecond: { type: "array", items: { type: "number" }, description: "bytes per second, per minute" },
          },
          "minute by minute, around the busiest minute",
        ),
        hourlyPeaks: object(
          {
            downloads: { type: "array", items: { type: "number" } },
            uploads: { type: "array", items: { type: "number" } },
            bytesPerSecond: { type: "array", items: { type: "number" } },
          },
          "per hour of the whole simulation (the hours of `hours`): the most transfers running and bytes per second in any of its minutes",
        ),
      },
      "what the web server serves; each transfer takes downloadMinutes and moves its bytes evenly over them",
    ),
    target: object(
      {
        products: {
          type: "array",
          items: object({
            product: str,
            devices: int,
            target: { ...object({ firmware: str, boot: str, bmc: str, cfg: str }, "the builds and configuration serial the script asks of the product; absent: not asked"), required: [] },
            description: str,
          }),
        },
        onTarget: { ...int, description: "devices on target at the end" },
        curve: object({ stepMinutes: int, counts: { type: "array", items: int, description: "devices on target (and staying so) at minute 0, step, 2 step …" } }),
        reached: object({ half: nullable(moment), ninety: nullable(moment), all: nullable(moment) }, "when 50 %, 90 % and all devices of the fleet are on target for good; null: not within the simulated days"),
      },
      "devices on the state the script asks for, over time",
    ),
    restarts: object({
      total: int,
      allowMask: { ...nullable(int), description: "the hours the script's /allow lines name together, bit h for hour h; null: no /allow" },
      allowed: nullable(str),
      outsideAllowed: { ...nullable(int), description: "restarts at a local hour outside allowMask" },
      officeHours: object({ from: int, to: int, weekdays: { type: "array", items: int, description: "1 Monday … 7 Sunday" } }),
      inOfficeHours: int,
    }),
    simulated: { ...int, description: "distinct behaviours simulated: devices that cannot behave differently run once" },
    hours: { type: "array", items: hour },
    devices: {
      type: "array",
      items: object({
        mac: str,
        product: str,
        ip: str,
        verdict,
        changes: { type: "array", items: object({ minute: int, time: str, kind: { enum: ["download", "load", "restart"] }, line: nullable(int), detail: str }) },
        steadyTime: nullable(str),
        loops: { type: "array", items: loop },
        stuck: stuck(str),
        failing: failing(str),
        firstFailure: firstFailure(str),
        firmware: str,
        blockedBy: { ...nullable({ enum: [...BLOCKED_CAUSES] }), description: "for a blocked device: why" },
        onTargetSince: { ...nullable(moment), description: "from when on the device runs what the script asks, to the end" },
        restarts: int,
        restartsOutsideAllowed: int,
        restartsInOfficeHours: int,
      }),
    },
  },
  "A fleet of devices over several days: the rollout forecast.",
);

/** The fleet schema's place in the root's oneOf: a comparison's two forecasts refer to it. */
const FLEET_REF = { $ref: "#/oneOf/2" };

const comparison = object(
  {
    kind: { const: "comparison" },
    version: { const: 1 },
    a: { ...FLEET_REF, description: "the forecast of the first script (the one --fail-on checks)" },
    b: { ...FLEET_REF, description: "the forecast of the script --compare names: the same fleet and settings" },
    figures: {
      type: "array",
      items: object({
        key: str,
        label: str,
        unit: { enum: ["devices", "count", "bytes", "bytes-per-second", "moment"] },
        a: { anyOf: [{ type: "number" }, moment, { type: "null" }], description: "a moment (unit moment), else a number; null: never reached, or not counted (restarts outside the allowed hours of a script without /allow)" },
        b: { anyOf: [{ type: "number" }, moment, { type: "null" }] },
        better: { enum: ["a", "b", null], description: "which is better: lower counts and earlier moments, more devices on target; null when equal" },
      }),
    },
  },
  "Two scripts' forecasts of the same fleet side by side (simulate --fleet … --compare OTHER).",
);

export function dryRunSchema(): Record<string, unknown> {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://github.com/upscript/upscript/blob/main/docs/dry-run.schema.json",
    title: "upscript dry-run output",
    description: "Output of `upscript dry-run --format json` (kind poll) and `upscript simulate --format json` (kind timeline or fleet; comparison with --compare).",
    oneOf: [poll, timeline, fleet, comparison],
  };
}
