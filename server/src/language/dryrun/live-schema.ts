/**
 * The JSON Schema of `upscript poll --format json` (docs/live-poll.schema.json): kind `live` for
 * one device, `live-fleet` for a device list. A poll's `run` is the dry-run's poll object and
 * `device` a state file, so both come from their own schemas. Checked against real output in tests.
 */
import { stateSchema } from "../state.js";
import { LIVE_VERDICTS } from "./live.js";
import { dryRunSchema } from "./schema.js";

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
const counts = (description: string) => ({ type: "object", description, additionalProperties: int });

/** The dry-run's poll object (kind `poll`) and the state file, without their headers. */
function parts(): { plan: object; state: object } {
  const plan = (dryRunSchema().oneOf as object[])[0]!;
  const { $schema: _schema, $id: _id, title: _title, ...state } = stateSchema();
  return { plan, state };
}

export function livePollSchema(): Record<string, unknown> {
  const { plan, state } = parts();
  const diagnostic = object({
    rule: str,
    severity: { enum: ["error", "warning", "info"] },
    message: str,
    line: int,
    column: int,
    endLine: int,
    endColumn: int,
    fixable: { enum: ["safe", "unsafe", "none"] },
  });
  const poll = object(
    {
      n: { ...int, description: "1-based number of the poll in the run" },
      at: { ...nullable(str), description: "the device's local time of the poll, YYYY-MM-DD HH:MM; null without a clock" },
      request: object({ method: { const: "GET" }, url: { ...str, description: "the update URL in force, meta sequences filled in, the serials appended" } }, "the poll request as the device sends it"),
      redirects: { type: "array", description: "redirects of this poll, in order (the last one may have been refused)", items: object({ status: int, location: { ...str, description: "the Location header, resolved against the request" } }) },
      status: { ...str, description: "ok when a script was served; else failed(CODE) (4xx, 5xx, a body that is not text), or what went wrong: timed out after N s, connection refused, answer larger than 16 MB, a redirect or URL to a host not allowed" },
      served: { ...nullable(object({ bytes: int, sha256: { type: "string", pattern: "^[0-9a-f]{64}$" }, text: str })), description: "the script the server served: its size in bytes, the sha256 of its bytes, its text" },
      diagnostics: { type: "array", items: diagnostic, description: "lint findings of the served script, as upscript lint --format json writes them" },
      run: { ...nullable(plan), description: "the dry-run of the served script on the device, as upscript dry-run --format json writes it; null when nothing ran" },
      next: object({ url: { ...str, description: "the request of the next poll" }, intervalMinutes: { ...int, description: "minutes until the next poll" } }, "where and when the device polls next"),
      steady: { type: "boolean", description: "the poll changed nothing material: no download or cfg load, no failed transfer, no restart, no variable (SCFG aside) or UP1 setting changed; uploads do not count" },
      sent: {
        type: "array",
        description: "requests sent besides the poll: HEAD or ranged GET checks of downloads and GETs of cfg files (--check-transfers), PUT uploads (--upload)",
        items: object({ method: { enum: ["HEAD", "GET", "PUT"] }, url: str, status: { ...str, description: "the HTTP status, or what went wrong" } }),
      },
      notes: { type: "array", items: str, description: "why the poll failed, transfers not checked or not sent, the restart" },
    },
    "One poll of the device against the live server.",
  );
  const verdict = { enum: [...LIVE_VERDICTS], description: "first match wins: refused (a host not allowed), stuck, failing, steady (the last poll changed nothing material), changing" };
  const runFields = {
    device: { ...state, description: "the device after the last poll, at the time of its next poll: a state file (docs/state.schema.json) that --state loads again" },
    polls: { type: "array", items: poll },
    verdict,
    why: { ...str, description: "the reason of the verdict, in words" },
  };
  const live = object({ kind: { const: "live" }, version: { const: 1 }, ...runFields }, "upscript poll URL: one device.");
  const product = object({
    product: str,
    devices: int,
    polls: int,
    statuses: counts("polls by status (ok, failed(404), timed out after 10 s …)"),
    served: {
      type: "array",
      description: "the distinct scripts served, by sha256, most served first",
      items: object({ sha256: str, bytes: int, polls: int, devices: int, errors: int, warnings: int, infos: int }),
    },
    findings: { type: "array", description: "lint findings of the distinct scripts, each script counted once", items: object({ rule: str, severity: { enum: ["error", "warning", "info"] }, scripts: int }) },
    verdicts: object(Object.fromEntries(LIVE_VERDICTS.map((v) => [v, int]))),
    outcomes: object({ downloads: int, uploads: int, loads: int, restarts: int, failedTransfers: int }, "totals over the polls that ran a script"),
    trouble: { type: "array", description: "devices that are stuck, failing or refused", items: object({ mac: str, verdict, why: str }) },
  });
  const fleet = object(
    {
      kind: { const: "live-fleet" },
      version: { const: 1 },
      devices: { type: "array", items: object({ mac: str, product: str, ...runFields }) },
      products: { type: "array", items: product },
    },
    "upscript poll URL --fleet devices.csv: every device of the list, and a summary per product.",
  );
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://github.com/upscript/upscript/blob/main/docs/live-poll.schema.json",
    title: "upscript poll output",
    description: "Output of `upscript poll URL --format json` (kind live) and `upscript poll URL --fleet FILE --format json` (kind live-fleet).",
    oneOf: [live, fleet],
  };
}
