/**
 * One poll: the device runs the script top to bottom (semantics.md §5) and the plan says, for
 * every line, what happened and why; every transfer with its expanded URL and result; the
 * variables before and after; and whether the device restarts.
 *
 * With `trace: false` the same code runs without building texts, for timelines and fleets.
 */
import { isCommandLine } from "../rules/util.js";
import { LIMITS, type FinalWord, type VariableName } from "@upscript/grammar";
import { targetTree } from "../cfg-target.js";
import type { FileNameOverride } from "../config.js";
import type { Resolver } from "../resolver.js";
import { formatClock, formatLocalTime, hourOf } from "./device.js";
import { expandMeta, withDefaultFile } from "./expand.js";
import type {
  AppliedConfig,
  DeviceState,
  Effect,
  LinePlan,
  LineStatus,
  Outcome,
  PollPlan,
  RunDiagnostic,
  Transfer,
  TransferResult,
  Variables,
} from "./model.js";
import { firing, type Instruction, type Op, type Program, type UrlInfo } from "./program.js";

export interface PollEnvironment {
  /** Reads files under the web root: missing files fail with 404, cfg targets are read. */
  readonly resolve?: Resolver;
  /** A forced failure for a URL (`--fail PATTERN`): the HTTP status to report. */
  readonly fail?: (url: string) => number | undefined;
  /** The build a downloaded file really contains, by URL (config `dryRun.builds`). */
  readonly builds?: Readonly<Record<string, string>>;
  readonly fileNames?: Readonly<Record<string, FileNameOverride>>;
  /** The update URL configured on the device; a URL ending in `/` gets update-<product>.htm. */
  readonly updateUrl: string;
  /** Build the per-line texts (one poll) or not (timelines, fleets). */
  readonly trace?: boolean;
}

/** The compact result the timeline needs; a full plan has all of it and more. */
export interface PollResult {
  readonly outcome: Outcome;
  readonly outcomeLine: number | undefined;
  readonly after: DeviceState;
  readonly downloads: number;
  readonly uploads: number;
  readonly loads: number;
  readonly failures: number;
  /** Lines whose transfer succeeded, with the file's real build for downloads. */
  readonly downloaded: readonly { readonly line: number; readonly url: string; readonly expected: string; readonly real: string }[];
  readonly pollNow: boolean;
  readonly changes: boolean;
  /** The run stopped at a times line (outside the hours, too soon after boot, no clock). */
  readonly stoppedByTimes: boolean;
}

const RESET_WORDS: Record<Outcome, string> = { "reset-now": "restarts now", "reset-when-idle": "restarts when idle", none: "" };

export function runPoll(program: Program, device: DeviceState, env: PollEnvironment): PollPlan {
  const run = execute(program, device, { ...env, trace: true });
  return run.plan!;
}

export function runPollFast(program: Program, device: DeviceState, env: PollEnvironment): PollResult {
  return execute(program, device, { ...env, trace: false }).result;
}

/** Both the full plan and the compact result of one poll (timelines that report every change). */
export function runPollTraced(program: Program, device: DeviceState, env: PollEnvironment): { plan: PollPlan; result: PollResult } {
  const run = execute(program, device, { ...env, trace: true });
  return { plan: run.plan!, result: run.result };
}

interface Execution {
  readonly result: PollResult;
  readonly plan?: PollPlan;
}

function execute(program: Program, start: DeviceState, env: PollEnvironment): Execution {
  const trace = env.trace ?? false;
  const before = start.variables;
  const vars: Variables = { ...before };
  let state = start;
  const lines: LinePlan[] = [];
  const transfers: Transfer[] = [];
  const configApplied: AppliedConfig[] = [];
  const effects: Effect[] = [];
  const diagnostics: RunDiagnostic[] = [];
  const downloaded: { line: number; url: string; expected: string; real: string }[] = [];
  let pending: { ins: Instruction; final: FinalWord; serial: string } | undefined;
  let outcome: Outcome = "none";
  let outcomeLine: number | undefined;
  let stoppedAt: number | undefined;
  let stoppedByTimes = false;
  let ended = false;
  let downloads = 0;
  let uploads = 0;
  let loads = 0;
  let failures = 0;
  let pollNow = false;
  let resetRequired = state.resetRequired;
  let backupIndex = state.backupIndex;
  let scfgWrittenAt = state.scfgWrittenAt;
  const pendingBuilds: { firmware?: string; boot?: string; bmc?: string } = { ...state.pending };

  const note = (ins: Instruction, status: LineStatus, reason: () => string) => {
    if (trace) lines.push({ line: ins.line, status, reason: reason(), text: ins.text });
  };

  /** Runs a final command. When it restarts the device the run ends; the text says so. */
  const runFinal = (ins: Instruction, final: FinalWord): string => {
    const fired = firing(final, resetRequired);
    if (!fired) return "";
    outcome = fired;
    outcomeLine = ins.line;
    ended = true;
    return `; '${final}' ${RESET_WORDS[fired]}, so the run ends here`;
  };

  const transfer = (ins: Instruction, method: "GET" | "PUT", url: string, info: UrlInfo, purpose: string, build?: string): TransferResult => {
    const forced = env.fail?.(url);
    let result: TransferResult = "ok";
    if (forced !== undefined) result = `failed(${forced})`;
    else if (info.malformed) result = "failed(502)";
    else if (method === "GET" && env.resolve) {
      const file = env.resolve(url);
      if (file.kind === "missing") result = "failed(404)";
      else if (file.kind === "unreadable") result = "failed(403)";
      else if (file.kind === "refused" && trace) {
        diagnostics.push({ rule: "web-root", line: ins.line, message: `${url} is not looked up in the web root (${file.reason}): upscript cannot tell what the server answers, and assumes it serves the file` });
      }
    }
    if (result !== "ok") failures++;
    if (trace) transfers.push({ line: ins.line, method, url, purpose, result, ...(build !== undefined && { build }) });
    return result;
  };

  for (const ins of program.instructions) {
    if (ended) {
      note(ins, "not-reached", () => (stoppedAt !== undefined ? `the run stopped at line ${stoppedAt}` : `the device restarted at line ${outcomeLine}`));
      continue;
    }
    const op: Op = ins.op;
    switch (op.kind) {
      case "nothing":
        note(ins, "skipped", () => (op.why === "blank" ? "blank line" : "comment"));
        break;
      case "ignored":
        if (trace) diagnostics.push({ rule: "ignored", line: ins.line, message: op.reason });
        note(ins, "skipped", () => op.reason);
        break;
      case "check":
        if (vars.CHECK === op.serial) {
          stoppedAt = ins.line;
          ended = true;
          note(ins, "stopped", () => `UPDATE/CHECK already holds '${op.serial}': this script ran before, nothing below runs`);
        } else {
          pending = { ins, final: op.final, serial: op.serial };
          note(ins, "ran", () => `UPDATE/CHECK is ${shown(vars.CHECK)}, not '${op.serial}': the rest runs, and '${op.serial}' is stored if the run completes`);
        }
        break;
      case "times": {
        const clock = state.clock;
        if (op.initial !== undefined && state.uptimeMinutes < op.initial) {
          stoppedAt = ins.line;
          stoppedByTimes = ended = true;
          note(ins, "stopped", () => `booted ${state.uptimeMinutes} min ago: /initial ${op.initial} holds everything below back`);
        } else if (op.allowMask !== undefined) {
          if (state.fresh && op.initial !== undefined) {
            note(ins, "ran", () => "factory-fresh device with /initial: the allowed hours do not apply yet");
          } else if (clock === undefined) {
            stoppedAt = ins.line;
            stoppedByTimes = ended = true;
            note(ins, "stopped", () => "the device has no time yet, and /allow stops every run without one");
          } else if ((op.allowMask & (1 << hourOf(clock))) === 0) {
            stoppedAt = ins.line;
            stoppedByTimes = ended = true;
            note(ins, "stopped", () => `${formatClock(clock)} is outside the allowed hours (${describeHours(op.allowMask!)})`);
          } else {
            note(ins, "ran", () => `${formatClock(clock)} is within the allowed hours (${describeHours(op.allowMask!)})`);
          }
        } else {
          note(ins, "ran", () => (op.initial !== undefined ? `booted ${state.uptimeMinutes} min ago, past /initial ${op.initial}` : "no limits"));
        }
        break;
      }
      case "download": {
        const stored = vars[op.variable];
        const running = state[op.running];
        const compared = stored !== "" ? stored : running;
        if (compared === op.build) {
          note(ins, "skipped", () => (stored !== "" ? `UPDATE/${op.variable} is '${stored}': already installed` : `UPDATE/${op.variable} is empty and the running ${op.purpose} is ${op.build}: nothing to do`));
          break;
        }
        const url = withDefaultFile(op.url.text, op.url.endsWithSlash, op.verb === "bmc" ? "bmc" : op.defaultFile, state, env.fileNames);
        const result = transfer(ins, "GET", url, op.url, op.purpose, op.build);
        if (result !== "ok") {
          note(ins, "ran", () => `download ${result}: UPDATE/${op.variable} stays ${shown(stored)} and '${op.final}' is skipped; the next poll tries again`);
          break;
        }
        downloads++;
        const real = env.builds?.[url] ?? op.build;
        downloaded.push({ line: ins.line, url, expected: op.build, real });
        vars[op.variable] = op.build;
        pendingBuilds[op.running] = real;
        resetRequired = true;
        const because = stored !== "" ? `UPDATE/${op.variable} is '${stored}'` : `the running ${op.purpose} is ${running}`;
        const tail = runFinal(ins, op.final);
        note(ins, "ran", () => `${because}, not ${op.build}: downloads ${url} and stores ${op.build}${real !== op.build ? ` (the file really holds ${real})` : ""}${tail}`);
        break;
      }
      case "cfg": {
        if (op.serial !== undefined && vars.CFG === op.serial) {
          note(ins, "skipped", () => `UPDATE/CFG is '${op.serial}': already loaded`);
          break;
        }
        const url = op.url.text;
        const result = transfer(ins, "GET", url, op.url, "configuration");
        if (result !== "ok") {
          note(ins, "ran", () => `loading ${result}: UPDATE/CFG stays ${shown(vars.CFG)} and '${op.final}' is skipped`);
          break;
        }
        loads++;
        if (trace) applyConfigFile(ins, url, env.resolve, configApplied, diagnostics);
        if (op.serial !== undefined) vars.CFG = op.serial;
        resetRequired = true;
        const tail = runFinal(ins, op.final);
        note(ins, "ran", () =>
          `${op.serial === undefined ? "no serial, so it loads on every poll" : `UPDATE/CFG is ${shown(before.CFG)}, not '${op.serial}'`}: loads ${url}, writes the configuration (not activated)${tail}`,
        );
        break;
      }
      case "scfg": {
        let why = op.serial === undefined ? "no serial, so it uploads on every poll" : `UPDATE/SCFG is ${shown(vars.SCFG)}, not '${op.serial}'`;
        if (op.serial !== undefined && vars.SCFG === op.serial) {
          const now = state.clock;
          if (op.forceHours === undefined) {
            note(ins, "skipped", () => `UPDATE/SCFG is '${op.serial}': already uploaded`);
            break;
          }
          if (now === undefined || (scfgWrittenAt !== undefined && now - scfgWrittenAt < op.forceHours * 60)) {
            note(ins, "skipped", () =>
              now === undefined
                ? "the device has no time, so /force cannot tell how long ago it uploaded"
                : `uploaded ${Math.floor((now - scfgWrittenAt!) / 60)} h ago; /force ${op.forceHours} uploads again after ${op.forceHours} h`,
            );
            break;
          }
          why = scfgWrittenAt === undefined ? `no upload recorded yet, so /force ${op.forceHours} is due` : `uploaded ${Math.floor((now - scfgWrittenAt) / 60)} h ago: /force ${op.forceHours} is due`;
        }
        const index = backupIndex;
        const url = expandMeta(op.url.text, state, index);
        const result = transfer(ins, "PUT", url, op.url, "configuration backup");
        if (result !== "ok") {
          note(ins, "ran", () => `upload ${result}: UPDATE/SCFG stays ${shown(vars.SCFG)}${op.final ? ` and '${op.final}' is skipped` : ""}`);
          break;
        }
        uploads++;
        if (/#bn/.test(op.url.text)) backupIndex = (backupIndex + 1) % state.backupSlots;
        if (op.serial !== undefined) {
          vars.SCFG = op.serial;
          scfgWrittenAt = state.clock;
        }
        const tail = op.final ? runFinal(ins, op.final) : "";
        note(ins, "ran", () => `${why}: uploads the configuration to ${url}${/#bn/.test(op.url.text) ? ` (backup slot ${index})` : ""}${tail}`);
        break;
      }
      case "final": {
        const tail = runFinal(ins, op.final);
        note(ins, "ran", () => (tail ? tail.slice(2) : `'${op.final}' does nothing${resetRequiredNote(op.final)}`));
        break;
      }
      case "poll":
        pollNow = true;
        if (trace) effects.push({ line: ins.line, kind: "poll", text: ins.text });
        note(ins, "ran", () => "asks for another poll right away");
        break;
      case "reinit":
        for (const key of Object.keys(vars) as VariableName[]) vars[key] = "";
        if (trace) effects.push({ line: ins.line, kind: "reinit", text: ins.text });
        note(ins, "ran", () => "clears every UPDATE/* serial");
        break;
      case "effect":
        if (trace) effects.push({ line: ins.line, kind: op.effect, text: ins.text });
        note(ins, "ran", () => effectReason(op.effect, op.activates));
        break;
    }
  }

  if (!ended && pending) {
    vars.CHECK = pending.serial;
    const { ins, final } = pending;
    if (runFinal(ins, final) && trace) {
      const index = lines.findIndex((l) => l.line === ins.line);
      if (index >= 0) lines[index] = { ...lines[index]!, reason: `${lines[index]!.reason}; at the end of the run '${final}' ${RESET_WORDS[outcome]}` };
    }
  }

  const after: DeviceState = {
    ...state,
    variables: vars,
    // A device stays fresh until a run gets past its time checks (model assumption, docs/dry-run.md).
    fresh: state.fresh && stoppedByTimes,
    resetRequired,
    backupIndex,
    scfgWrittenAt,
    pending: pendingBuilds,
  };
  state = after;
  const variablesChanged = (Object.keys(vars) as VariableName[]).some((k) => vars[k] !== before[k]);
  const changes = downloads + uploads + loads > 0 || variablesChanged || outcome !== "none" || effects.length > 0;
  const result: PollResult = { outcome, outcomeLine, after, downloads, uploads, loads, failures, downloaded, pollNow, changes, stoppedByTimes };
  if (!trace) return { result };

  const plan: PollPlan = {
    outcome,
    outcomeLine,
    stoppedAt,
    lines,
    transfers,
    configApplied,
    effects,
    variables: { before, after: vars },
    request: pollRequest(env, start),
    diagnostics,
    summary: summaryLine(transfers, configApplied, effects, outcome, stoppedAt, lines, before, vars),
    changes,
    device: {
      product: start.product.name,
      mac: start.mac,
      ip: start.ip,
      firmware: start.firmware,
      boot: start.boot,
      bmc: start.bmc,
      clock: start.clock === undefined ? null : formatLocalTime(start.clock),
      uptimeMinutes: start.uptimeMinutes,
      fresh: start.fresh,
    },
    after,
  };
  return { result, plan };
}

function shown(value: string): string {
  return value === "" ? "empty" : `'${value}'`;
}

function resetRequiredNote(final: string): string {
  return final.endsWith("n") && final !== "no-op" && final !== "ser" ? " (no restart is required)" : "";
}

function effectReason(effect: string, activates: boolean): string {
  switch (effect) {
    case "config":
      return activates ? "activates the written configuration" : "changes the configuration";
    case "vars":
      return "changes a device variable";
    case "provision":
      return "changes the provisioning poll interval";
    case "wlan":
      return "switches Wi-Fi power saving";
    case "module":
      return "runs a module command";
    default:
      return "passed to the device as is; upscript does not know its effect";
  }
}

/** `23–4` style ranges for a 24-bit hour mask. */
export function describeHours(mask: number): string {
  const hours = Array.from({ length: 24 }, (_, h) => h).filter((h) => mask & (1 << h));
  if (hours.length === 0) return "none";
  if (hours.length === 24) return "all day";
  // Start a run at an hour whose predecessor is not allowed, so 23,0,1 reads as 23–1.
  const starts = hours.filter((h) => !(mask & (1 << ((h + 23) % 24))));
  return starts
    .map((s) => {
      let e = s;
      while (mask & (1 << ((e + 1) % 24)) && (e + 1) % 24 !== s) e = (e + 1) % 24;
      return s === e ? `${s}` : `${s}–${e}`;
    })
    .join(", ");
}

/**
 * The lines of the file a cfg line loads, as the configuration the device writes. At most
 * max-shown-config-lines of them are listed in one poll (the rest is counted per cfg line), so a
 * large file that many cfg lines load cannot blow up the plan.
 */
function applyConfigFile(ins: Instruction, url: string, resolve: Resolver | undefined, out: AppliedConfig[], diagnostics: RunDiagnostic[]): void {
  const file = resolve?.(url);
  const found = file?.kind === "found" ? file : undefined;
  const tree = found && targetTree(found);
  const room = () => LIMITS.maxShownConfigLines - out.filter((c) => c.fileLine !== undefined).length;
  if (found && !tree) {
    out.push({ line: ins.line, file: found.path, fileLine: undefined, text: `(not read: ${found.notRead === "budget" ? "beyond the limit max-cfg-bytes-per-script" : "larger than the limit max-cfg-file-size"})` });
  } else if (found && tree) {
    const text = found.text!;
    let free = room();
    let left = 0;
    let nested = 0;
    const nestedRoom = LIMITS.maxShownConfigLines - diagnostics.filter((d) => d.rule === "nested-cfg").length;
    for (const line of tree.lines) {
      if (!isCommandLine(line)) continue;
      if (line.kind === "module" && line.module?.text.toUpperCase() === "UP0") {
        if (nested++ < nestedRoom) {
          const lineText = text.slice(line.range.start, line.range.end);
          diagnostics.push({ rule: "nested-cfg", line: ins.line, message: `${found.path} line ${line.line + 1}: '${lineText}' is a UP0 command inside a file loaded by cfg; the device does not run it` });
        }
        continue;
      }
      if (free <= 0) {
        left++;
        continue;
      }
      free--;
      out.push({ line: ins.line, file: found.path, fileLine: line.line + 1, text: text.slice(line.range.start, line.range.end) });
    }
    if (left > 0) out.push({ line: ins.line, file: found.path, fileLine: undefined, text: `(${left} more line${left === 1 ? "" : "s"} not listed: limit max-shown-config-lines)` });
    if (nested > Math.max(0, nestedRoom)) {
      diagnostics.push({ rule: "nested-cfg", line: ins.line, message: `${found.path}: ${nested - Math.max(0, nestedRoom)} more UP0 commands not listed (limit max-shown-config-lines)` });
    }
  }
  out.push({ line: ins.line, file: found ? found.path : url, fileLine: undefined, text: "config write" });
}

function pollRequest(env: PollEnvironment, device: DeviceState): { method: "GET"; url: string } {
  const base = expandMeta(withDefaultFile(env.updateUrl, env.updateUrl.endsWith("/"), "update", device, env.fileNames), device, device.backupIndex);
  const query = (Object.keys(device.variables) as VariableName[]).map((k) => `${k}=${encodeURIComponent(device.variables[k])}`).join("&");
  return { method: "GET", url: `${base}${base.includes("?") ? "&" : "?"}${query}` };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function summaryLine(
  transfers: readonly Transfer[],
  config: readonly AppliedConfig[],
  effects: readonly Effect[],
  outcome: Outcome,
  stoppedAt: number | undefined,
  lines: readonly LinePlan[],
  before: Variables,
  after: Variables,
): string {
  const ok = transfers.filter((t) => t.result === "ok");
  const parts: string[] = [];
  const downloads = ok.filter((t) => t.method === "GET" && t.purpose !== "configuration").length;
  const loads = ok.filter((t) => t.purpose === "configuration").length;
  const uploads = ok.filter((t) => t.method === "PUT").length;
  const failed = transfers.length - ok.length;
  if (downloads) parts.push(plural(downloads, "download"));
  if (uploads) parts.push(plural(uploads, "upload"));
  if (loads) parts.push(plural(loads, "configuration load"));
  const changes = effects.filter((e) => e.kind === "config" || e.kind === "vars").length + config.filter((c) => c.fileLine !== undefined).length;
  if (changes) parts.push(plural(changes, "config change"));
  if (failed) parts.push(`${failed} failed`);
  if (effects.some((e) => e.kind === "reinit")) parts.push("clears the UPDATE/* serials");
  else if (after.CHECK !== before.CHECK) parts.push(`stores CHECK ${after.CHECK}`);
  if (parts.length === 0) parts.push("no changes");
  parts.push(outcome === "reset-now" ? "reset now" : outcome === "reset-when-idle" ? "reset when idle" : "no reset");
  const stopped = stoppedAt !== undefined ? `; stopped at line ${stoppedAt}: ${lines.find((l) => l.line === stoppedAt)?.reason ?? ""}` : "";
  return `Plan: ${parts.join(", ")}${stopped}`;
}
