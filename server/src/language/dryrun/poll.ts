/**
 * One poll: the device runs the script top to bottom (docs/dry-run.md) and the plan says, for
 * every line, what happened and why; every transfer with its expanded URL and result; the
 * variables before and after; and whether the device restarts.
 *
 * With `trace: false` the same code runs without building texts, for timelines and fleets.
 */
import { isCommandLine } from "../rules/util.js";
import { DEFAULT_POLL_INTERVAL_MINUTES, FINALS, LIMITS, describeHours, installsDownload, type FinalWord, type VariableName } from "@upscript/grammar";
import { targetTree } from "../cfg-target.js";
import { UNKNOWN_PRODUCT, unknownProductWarning } from "../products.js";
import { stuckBehindCheck } from "./stuck.js";
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
  NextPoll,
  Outcome,
  PollPlan,
  RunDiagnostic,
  StuckPoll,
  Transfer,
  TransferResult,
  UpdateSettings,
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
  /** The update URL configured on the device; a URL ending in `/` gets update-<product>.htm. A `/url` setting in force replaces it. */
  readonly updateUrl: string;
  /** Minutes between polls while no `/poll` setting is in force (default 15). */
  readonly interval?: number;
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
  /** Why it stopped there: `/initial` after boot, no clock with `/allow`, or outside the allowed hours. */
  readonly stoppedBy: TimesStop | undefined;
  /** The 1-based line the run stopped at (a times or check line), as the plan's `stoppedAt`. */
  readonly stoppedAt: number | undefined;
  /** Every transfer that succeeded, in order: what the web server serves or receives (the rollout forecast sizes them). */
  readonly transferred: readonly { readonly line: number; readonly method: "GET" | "PUT"; readonly url: string }[];
}

export type TimesStop = "initial" | "no-clock" | "hours";

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
  // A product upscript does not know (a guess by the vendor's file-name rule): said before anything else.
  const guessed = trace ? unknownProductWarning(start.product) : undefined;
  if (guessed) diagnostics.push({ rule: UNKNOWN_PRODUCT, line: 0, message: guessed });
  const downloaded: { line: number; url: string; expected: string; real: string }[] = [];
  let pending: { ins: Instruction; final: FinalWord; serial: string } | undefined;
  let outcome: Outcome = "none";
  let outcomeLine: number | undefined;
  let stoppedAt: number | undefined;
  let stoppedByTimes = false;
  let stoppedBy: TimesStop | undefined;
  const transferred: { line: number; method: "GET" | "PUT"; url: string }[] = [];
  let ended = false;
  let downloads = 0;
  let uploads = 0;
  let loads = 0;
  let failures = 0;
  let pollNow = false;
  /** Effects the run had (poll, reinit, config, vars, provision …): counted with or without tracing. */
  let effectCount = 0;
  let resetRequired = state.resetRequired;
  let backupIndex = state.backupIndex;
  let scfgWrittenAt = state.scfgWrittenAt;
  const pendingBuilds: { firmware?: string; boot?: string; bmc?: string } = { ...state.pending };
  // UP1 settings: in force (running), on flash (saved; undefined: the same as running), and edited in memory by this run.
  let running = state.settings;
  let saved = state.savedSettings;
  let edited: UpdateSettings | undefined;
  let editedAt: number | undefined;

  const note = (ins: Instruction, status: LineStatus, reason: () => string) => {
    if (trace) lines.push({ line: ins.line, status, reason: reason(), text: ins.text });
  };
  /** Lines whose transfer failed: whether the device tries again is known only at the end of the run. */
  const failedNotes: number[] = [];
  const noteFailed = (ins: Instruction, reason: () => string) => {
    note(ins, "ran", reason);
    if (trace) failedNotes.push(lines.length - 1);
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
    else transferred.push({ line: ins.line, method, url });
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
          stoppedBy = "initial";
          note(ins, "stopped", () => `booted ${state.uptimeMinutes} min ago: /initial ${op.initial} holds everything below back`);
        } else if (op.allowMask !== undefined) {
          if (state.fresh && op.initial !== undefined) {
            note(ins, "ran", () => "factory-fresh device with /initial: the allowed hours do not apply yet");
          } else if (clock === undefined) {
            stoppedAt = ins.line;
            stoppedByTimes = ended = true;
            stoppedBy = "no-clock";
            note(ins, "stopped", () => "the device has no time yet, and /allow stops every run without one");
          } else if ((op.allowMask & (1 << hourOf(clock))) === 0) {
            stoppedAt = ins.line;
            stoppedByTimes = ended = true;
            stoppedBy = "hours";
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
        // The same judgement as no-firmware-for-product: such a product ignores the line.
        if (!installsDownload(state.product, op.running)) {
          note(ins, "skipped", () => `an ${state.product.name} takes no ${op.purpose} through the update server: the device ignores the line`);
          break;
        }
        const stored = vars[op.variable];
        const running = state[op.running];
        const compared = stored !== "" ? stored : running;
        if (compared === op.build) {
          note(ins, "skipped", () => (stored !== "" ? `UPDATE/${op.variable} is '${stored}': already installed` : `UPDATE/${op.variable} is empty and the running ${op.purpose} is ${op.build}: nothing to do`));
          break;
        }
        const url = withDefaultFile(op.url.text, op.url.endsWithSlash, op.file, state, env.fileNames);
        const result = transfer(ins, "GET", url, op.url, op.purpose, op.build);
        if (result !== "ok") {
          noteFailed(ins, () => `download ${result}: UPDATE/${op.variable} stays ${shown(stored)} and '${op.final}' is skipped`);
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
          noteFailed(ins, () => `loading ${result}: UPDATE/CFG stays ${shown(vars.CFG)} and '${op.final}' is skipped`);
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
        if (op.always !== undefined) {
          // /always: on every poll that reaches the line; UPDATE/SCFG is neither compared nor written.
          const index = backupIndex;
          const url = expandMeta(op.url.text, state, index);
          const result = transfer(ins, "PUT", url, op.url, "command output");
          if (result !== "ok") {
            noteFailed(ins, () => `upload ${result}: the output of \`${op.always}\` did not reach the server${op.final ? ` and '${op.final}' is skipped` : ""}`);
            break;
          }
          uploads++;
          if (/#bn/.test(op.url.text)) backupIndex = (backupIndex + 1) % state.backupSlots;
          const tail = op.final ? runFinal(ins, op.final) : "";
          note(ins, "ran", () => `/always runs on every poll: uploads the output of \`${op.always}\` to ${url}${/#bn/.test(op.url.text) ? ` (backup slot ${index})` : ""}${tail}`);
          break;
        }
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
          noteFailed(ins, () => `upload ${result}: UPDATE/SCFG stays ${shown(vars.SCFG)}${op.final ? ` and '${op.final}' is skipped` : ""}`);
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
        effectCount++;
        if (trace) effects.push({ line: ins.line, kind: "poll", text: ins.text });
        note(ins, "ran", () => "asks for another poll right away");
        break;
      case "reinit":
        for (const key of Object.keys(vars) as VariableName[]) vars[key] = "";
        effectCount++;
        if (trace) effects.push({ line: ins.line, kind: "reinit", text: ins.text });
        note(ins, "ran", () => "clears every UPDATE/* serial");
        break;
      case "settings": {
        edited = applySettings(edited ?? saved ?? running, op);
        editedAt ??= ins.line;
        effectCount++;
        if (trace) effects.push({ line: ins.line, kind: "config", text: ins.text });
        note(ins, "ran", () => `${describeSettingChanges(op)}: in force after config activate, or after a restart once config write saved it`);
        break;
      }
      case "effect": {
        effectCount++;
        if (trace) effects.push({ line: ins.line, kind: op.effect, text: ins.text });
        let settingsNote = "";
        if (edited && op.writes) {
          saved = sameSettings(edited, running) ? undefined : edited;
          settingsNote = "; the UP1 settings are saved";
        }
        if (edited && op.activates) {
          // Activation changes what runs, not what is on flash: without a write, a restart brings the old settings back.
          saved = sameSettings(edited, saved ?? running) ? undefined : (saved ?? running);
          running = edited;
          edited = undefined;
          settingsNote = `; from the next poll on: ${describeNext(env, { ...state, variables: vars, settings: running })}`;
        }
        note(ins, "ran", () => `${effectReason(op.effect, op.activates)}${settingsNote}`);
        break;
      }
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
    settings: running,
    savedSettings: saved,
  };
  state = after;
  const variablesChanged = (Object.keys(vars) as VariableName[]).some((k) => vars[k] !== before[k]);
  const changes = downloads + uploads + loads > 0 || variablesChanged || outcome !== "none" || effectCount > 0;
  const result: PollResult = { outcome, outcomeLine, after, downloads, uploads, loads, failures, downloaded, pollNow, changes, stoppedByTimes, stoppedBy, stoppedAt, transferred };
  if (!trace) return { result };

  // Only now is it known whether a failed line is tried again: not when the stored check keeps later runs from reaching it.
  const stuck = stuckBehindCheck(program, transfers, { before, after: vars });
  for (const index of failedNotes) {
    const entry = lines[index]!;
    const behind = stuck?.transfers.some((t) => t.line === entry.line);
    const then = behind
      ? `the run goes on and stores check serial '${stuck!.serial}' at its end, so later polls stop at line ${stuck!.checkLine} and the device does not try again until the serial changes`
      : "the next poll tries again";
    lines[index] = { ...entry, reason: `${entry.reason}; ${then}` };
  }

  if (trace) {
    const line = editedAt ?? 0;
    if (edited && !sameSettings(edited, saved ?? running)) {
      diagnostics.push({ rule: "settings", line, message: "the UP1 settings changed here are neither saved (config write) nor activated (config activate): they have no effect, and a restart forgets them" });
    } else if (saved !== undefined && !sameSettings(saved, running)) {
      const pendingRestart = sameSettings(running, start.settings);
      diagnostics.push({
        rule: "settings",
        line,
        message: pendingRestart
          ? `UP1 settings are saved but not activated: they apply after the next restart (${describeNext(env, { ...after, settings: saved })})`
          : "the UP1 settings in force are not saved (no config write): the next restart brings back the ones on flash",
      });
    }
  }

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
    summary: summaryLine(transfers, configApplied, effects, outcome, stoppedAt, lines, before, vars, stuck),
    changes,
    stuck,
    next: nextPoll(env, start, after),
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

function resetRequiredNote(final: FinalWord): string {
  return FINALS[final].onlyIfRequired ? " (no restart is required)" : "";
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

/** The hours of a mask as text; the grammar package owns the hours (grammar/src/hours.ts). */
export { describeHours };

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

/** The URL a device polls: the `/url` setting in force, else the configured update URL; meta sequences filled in. */
export function updateUrlOf(env: PollEnvironment, device: DeviceState): string {
  const configured = device.settings["/url"];
  return typeof configured === "string" ? configured : env.updateUrl;
}

/** The update URL in force with its meta sequences filled in, before the serials are appended. */
export function expandedUpdateUrl(env: PollEnvironment, device: DeviceState): string {
  const configured = updateUrlOf(env, device);
  return expandMeta(withDefaultFile(configured, configured.endsWith("/"), { defaultFile: "update" }, device, env.fileNames), device, device.backupIndex);
}

/** Minutes between polls: the `/poll` setting in force, else the environment's interval. */
export function pollIntervalOf(env: PollEnvironment, device: DeviceState): number {
  const configured = device.settings["/poll"];
  return typeof configured === "number" ? configured : (env.interval ?? DEFAULT_POLL_INTERVAL_MINUTES);
}

function nextPoll(env: PollEnvironment, start: DeviceState, device: DeviceState): NextPoll {
  const url = pollRequest(env, device).url;
  const intervalMinutes = pollIntervalOf(env, device);
  const changed = updateUrlOf(env, device) !== updateUrlOf(env, start) || intervalMinutes !== pollIntervalOf(env, start);
  const saved = device.savedSettings;
  if (!saved) return { url, intervalMinutes, changed, pendingUntilRestart: undefined };
  const afterRestart = { ...device, settings: saved };
  const pendingUrl = pollRequest(env, afterRestart).url;
  const pendingInterval = pollIntervalOf(env, afterRestart);
  return {
    url,
    intervalMinutes,
    changed,
    pendingUntilRestart: pendingUrl === url && pendingInterval === intervalMinutes ? undefined : { ...(pendingUrl !== url && { url: pendingUrl }), ...(pendingInterval !== intervalMinutes && { intervalMinutes: pendingInterval }) },
  };
}

/** `GET http://…?…, every 1 min` */
function describeNext(env: PollEnvironment, device: DeviceState): string {
  return `GET ${pollRequest(env, device).url}, every ${pollIntervalOf(env, device)} min`;
}

function applySettings(base: UpdateSettings, op: Extract<Op, { kind: "settings" }>): UpdateSettings {
  const out: Record<string, string | number | true> = { ...base };
  for (const change of op.changes) {
    if (change.value === undefined) delete out[change.name];
    else out[change.name] = change.value;
  }
  return out;
}

export function sameSettings(a: UpdateSettings, b: UpdateSettings): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** `sets /poll 1 and /url http://10.0.0.5/…`, `removes /provision` */
function describeSettingChanges(op: Extract<Op, { kind: "settings" }>): string {
  if (op.changes.length === 0) return "changes no UP1 setting upscript knows";
  if (op.remove) return `removes ${op.changes.map((c) => c.name).join(", ")} (back to the default)`;
  return `sets ${op.changes.map((c) => (c.value === true ? c.name : `${c.name} ${c.value}`)).join(", ")}`;
}

export function pollRequest(env: PollEnvironment, device: DeviceState): { method: "GET"; url: string } {
  const base = expandedUpdateUrl(env, device);
  const query = (Object.keys(device.variables) as VariableName[]).map((k) => `${k}=${encodeURIComponent(device.variables[k])}`).join("&");
  return { method: "GET", url: `${base}${base.includes("?") ? "&" : "?"}${query}` };
}

/** `firmware 13-138765 not downloaded`, `configuration …/site.txt not loaded`. */
function missedWork(t: Transfer): string {
  if (t.method === "PUT") return `upload to ${t.url} not made`;
  if (t.purpose === "configuration") return `configuration ${t.url} not loaded`;
  return `${t.purpose}${t.build !== undefined ? ` ${t.build}` : ""} not downloaded`;
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
  stuck: StuckPoll | undefined,
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
  if (stuck) {
    const missed = stuck.transfers.map((f) => missedWork(transfers.find((t) => t.line === f.line && t.url === f.url)!)).join(", ");
    parts.push(`STUCK: ${missed}, CHECK ${stuck.serial} stored: not retried until the serial changes`);
  }
  const stopped = stoppedAt !== undefined ? `; stopped at line ${stoppedAt}: ${lines.find((l) => l.line === stoppedAt)?.reason ?? ""}` : "";
  return `Plan: ${parts.join(", ")}${stopped}`;
}
