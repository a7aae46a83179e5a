/**
 * `upscript poll URL`: be a device against a live update server (docs/live-poll.md). The engine
 * is server/src/node/live-poll.ts; this file reads the options and files, streams the text,
 * saves the served scripts and the device, and decides the exit code.
 */
import { X509Certificate } from "node:crypto";
import { mkdirSync } from "node:fs";
import { extname, join } from "node:path";
import { LIMITS } from "@upscript/grammar";
import {
  fleetDeviceState,
  pollUrlProblem,
  normaliseAllowHost,
  parseFleet,
  renderLiveEnd,
  renderLiveFleetText,
  renderLivePollText,
  type DeviceState,
  type LiveFleet,
  type LivePoll,
  type LiveRun,
  type PollEnvironment,
} from "@upscript/language";
import { readTextFile, MAX_FLEET_BYTES } from "../node/bounded-read.js";
import { ConfigCache, MAX_CONFIG_BYTES } from "../node/config-files.js";
import { DEFAULT_TIMEOUT_MS, UNTIL_STEADY_CAP, pollFleet, pollLive, type LivePollContext, type LivePollOptions } from "../node/live-poll.js";
import { setUp, type DeviceFlags } from "./device-options.js";
import { writeNewAtomic } from "./io.js";
import { reportConfig } from "./lint-command.js";
import { ExitCode, type Console } from "./process.js";

export interface PollOptions extends DeviceFlags {
  readonly format: string;
  readonly config?: string;
  readonly polls?: string;
  readonly untilSteady?: boolean;
  readonly checkTransfers?: boolean;
  readonly upload?: boolean;
  readonly configFile?: string;
  readonly commandOutput: readonly string[];
  readonly allowHost: readonly string[];
  readonly timeout?: string;
  readonly ca?: string;
  readonly insecure?: boolean;
  readonly fleet?: string;
  readonly concurrency?: string;
  readonly saveScripts?: string;
  readonly detailedExitcode?: boolean;
}

const MAX_POLLS = 1000;
const MAX_TIMEOUT_SECONDS = 600;
const MAX_CONCURRENCY = 256;
const DEFAULT_CONCURRENCY = 8;

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function wholeNumber(flag: string, text: string | undefined, fallback: number, max: number): Parsed<number> {
  if (text === undefined) return { ok: true, value: fallback };
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < 1 || n > max) return { ok: false, error: `${flag} ${text}: a whole number from 1 to ${max}` };
  return { ok: true, value: n };
}

/** A file given on the command line, as text within a limit; `what` names it in the message. */
function readFile(what: string, path: string, limit: number, limitName: string): Parsed<string> {
  const read = readTextFile(path, limit, limitName);
  return read.ok ? { ok: true, value: read.text } : { ok: false, error: `cannot read ${what} '${path}': ${read.reason}` };
}

/** `--command-output 'CMD=FILE'`: the decoded command (as the plan shows it) → the file's text. */
function commandOutputs(items: readonly string[]): Parsed<Record<string, string>> {
  const out: Record<string, string> = Object.create(null);
  for (const item of items) {
    const eq = item.lastIndexOf("=");
    const command = eq > 0 ? item.slice(0, eq).trim() : "";
    const file = eq > 0 ? item.slice(eq + 1) : "";
    if (!command || !file) return { ok: false, error: `--command-output ${item}: write COMMAND=FILE, e.g. 'vars read X509/REQUEST=request.der'` };
    const read = readFile("--command-output file", file, LIMITS.maxCfgFileBytes, "max-cfg-file-size");
    if (!read.ok) return read;
    let decoded = command;
    try {
      decoded = decodeURIComponent(command);
    } catch {
      // kept as written
    }
    out[decoded] = read.value;
  }
  return { ok: true, value: out };
}

/** `--ca FILE`: PEM certificates, checked to be one. */
function readCa(path: string): Parsed<string> {
  const read = readFile("--ca", path, MAX_CONFIG_BYTES, "max-config-size");
  if (!read.ok) return read;
  try {
    new X509Certificate(read.value);
  } catch {
    return { ok: false, error: `--ca '${path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)` };
  }
  return { ok: true, value: read.value };
}

/** The product named by the URL's file name (`…/update-ip232.htm`), for setUp. */
function fileNameOf(url: URL): string {
  const last = url.pathname.split("/").pop() ?? "";
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Exit codes: 0 clean; 1 a poll failed (its status is not ok, a transfer of its run failed, or
 * the device is stuck) or a served script has errors; 2 usage or file error. With
 * --detailed-exitcode: 0 no poll changed anything material, 2 some poll did, 1 a failure or error.
 */
export async function pollCommand(urlText: string, options: PollOptions, out: Console): Promise<number> {
  const usage = options.detailedExitcode ? ExitCode.Problems : ExitCode.Usage;
  const fail = (message: string) => {
    out.error(message);
    return usage;
  };
  if (!["text", "json"].includes(options.format)) return fail(`unknown format '${options.format}' (use text or json)`);
  const urlProblem = pollUrlProblem(urlText);
  if (urlProblem) return fail(urlProblem);
  const url = new URL(urlText);
  if (options.updateUrl !== undefined) return fail("--update-url: the URL argument of upscript poll is the update URL");
  if (options.fleet && options.state) return fail("--state describes one device; a --fleet lists them (leave one out)");
  const polls = wholeNumber("--polls", options.polls, options.untilSteady ? UNTIL_STEADY_CAP : 1, MAX_POLLS);
  if (!polls.ok) return fail(polls.error);
  const concurrency = wholeNumber("--concurrency", options.concurrency, DEFAULT_CONCURRENCY, MAX_CONCURRENCY);
  if (!concurrency.ok) return fail(concurrency.error);
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (options.timeout !== undefined) {
    const s = Number(options.timeout);
    if (!(Number.isFinite(s) && s > 0 && s <= MAX_TIMEOUT_SECONDS) || !/^\s*\d*\.?\d+\s*$/.test(options.timeout)) return fail(`--timeout ${options.timeout}: seconds, more than 0 and at most ${MAX_TIMEOUT_SECONDS}`);
    timeoutMs = Math.max(1, Math.round(s * 1000));
  }
  const allowHosts: string[] = [];
  for (const item of options.allowHost) {
    const host = normaliseAllowHost(item);
    if (!host) return fail(`--allow-host ${item}: a host, or HOST:PORT, e.g. 10.0.0.6 or update.example.com:8443`);
    allowHosts.push(host);
  }
  const ca = options.ca !== undefined ? readCa(options.ca) : undefined;
  if (ca && !ca.ok) return fail(ca.error);
  const configText = options.configFile !== undefined ? readFile("--config-file", options.configFile, LIMITS.maxCfgFileBytes, "max-cfg-file-size") : undefined;
  if (configText && !configText.ok) return fail(configText.error);
  const outputs = commandOutputs(options.commandOutput);
  if (!outputs.ok) return fail(outputs.error);

  // The config that applies to the current folder: its rules, target and dryRun defaults.
  const loaded = new ConfigCache(options.config).forScript(join(process.cwd(), fileNameOf(url) || "update.htm"));
  if (!reportConfig(loaded, out)) return usage;
  // The device and the environment as dry-run builds them, with the URL as the update URL and no web root.
  const live = { updateUrl: url.href, webRoot: false };
  let environment: PollEnvironment;

  let devices: DeviceState[];
  if (options.fleet) {
    const read = readTextFile(options.fleet, MAX_FLEET_BYTES, "max-fleet-size");
    if (!read.ok) return fail(`cannot read '${options.fleet}': ${read.reason}`);
    const parsed = parseFleet(read.text, extname(options.fleet).toLowerCase() === ".json" ? "json" : "csv");
    for (const p of parsed.problems) out.error(`${options.fleet}:${p.line}: ${p.message}`);
    if (parsed.devices.length === 0) return fail(`'${options.fleet}' lists no usable device`);
    const start = setUp({ ...options, device: options.device ?? parsed.devices[0]!.product }, loaded, fileNameOf(url), live);
    if (!start.ok) return fail(start.error);
    environment = start.environment;
    const backupSlots = loaded.config.dryRun.backupSlots;
    devices = parsed.devices.map((entry) => fleetDeviceState(entry, { clock: start.device.clock, ...(backupSlots !== undefined && { backupSlots }) }));
  } else {
    const built = setUp(options, loaded, fileNameOf(url), live);
    if (!built.ok) return fail(built.error);
    if (built.warning) out.error(`warning: ${built.warning}`);
    environment = built.environment;
    devices = [built.device];
  }

  if (options.saveScripts) {
    try {
      mkdirSync(options.saveScripts, { recursive: true });
    } catch (error) {
      return fail(`cannot create '${options.saveScripts}': ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (options.insecure) out.error("warning: --insecure: the certificates of https servers are not checked, so anyone on the way can answer in the server's place");

  let writeFailed = false;
  const single = !options.fleet;
  const onPoll = (poll: LivePoll, context: LivePollContext) => {
    if (options.saveScripts && poll.served) {
      const path = join(options.saveScripts, `${poll.n}-${context.before.mac}.htm`);
      const written = writeNewAtomic(path, poll.served.text);
      if (!written.ok) {
        out.error(`cannot write '${path}': ${written.reason}`);
        writeFailed = true;
      }
    }
    if (single && options.format === "text") out.write(renderLivePollText(poll, context.before, context.plan, context.fileName, out.style));
  };
  const engine: Omit<LivePollOptions, "device"> = {
    url: url.href,
    environment,
    polls: polls.value,
    ...(options.untilSteady && { untilSteady: true }),
    ...(options.checkTransfers && { checkTransfers: true }),
    ...(options.upload && { upload: true }),
    allowHosts,
    timeoutMs,
    ...(ca?.ok && { ca: ca.value }),
    ...(options.insecure && { insecure: true }),
    commandOutputs: outputs.value,
    ...(configText?.ok && { configText: configText.value }),
    lint: { config: loaded.config },
    onPoll,
  };

  let runs: readonly (LiveRun | LiveFleet["devices"][number])[];
  if (single) {
    const run = await pollLive({ ...engine, device: devices[0]! });
    runs = [run];
    out.write(options.format === "json" ? `${JSON.stringify(run, null, 2)}\n` : renderLiveEnd(run, out.style));
    if (options.state) {
      const written = writeNewAtomic(options.state, `${JSON.stringify(run.device, null, 2)}\n`);
      if (!written.ok) {
        out.error(`cannot write state '${options.state}': ${written.reason}`);
        writeFailed = true;
      } else out.error(`saved the device to ${options.state}`);
    }
  } else {
    const fleet = await pollFleet({ ...engine, devices, concurrency: concurrency.value });
    runs = fleet.devices;
    out.write(options.format === "json" ? `${JSON.stringify(fleet, null, 2)}\n` : renderLiveFleetText(fleet, out.style));
  }

  if (writeFailed) return usage;
  const failed = runs.some((r) => r.verdict === "stuck" || r.polls.some((p) => p.status !== "ok" || (p.run?.transfers.some((t) => t.result !== "ok") ?? false)));
  const errors = runs.some((r) => r.polls.some((p) => p.diagnostics.some((d) => d.severity === "error")));
  if (failed || errors) return ExitCode.Problems;
  if (options.detailedExitcode) return runs.some((r) => r.polls.some((p) => !p.steady)) ? 2 : 0;
  return ExitCode.Clean;
}
