/**
 * `upscript poll URL`: the emulated device against a live update server (docs/live-poll.md).
 *
 * Each poll sends the device's poll request (the update URL in force with its meta sequences
 * filled in and the serials appended), follows redirects as the device does (classifyAnswer,
 * MAX_REDIRECTS), runs the served script through the dry-run interpreter with the device's
 * state, lints it, and keeps the state for the next poll: the clock moves on by the device's
 * interval (no real waiting), a restart lets the downloaded builds run and the saved UP1
 * settings come into force, and the next request goes to the `/url` in force.
 *
 * Only the host of the given URL is contacted, and the hosts `allowHosts` names. Without
 * `checkTransfers` and `upload` the server sees nothing but GETs of the update URL.
 */
import { createHash } from "node:crypto";
import { LIMITS, overLimit, parse } from "@upscript/grammar";
import {
  MAX_REDIRECTS,
  REDIRECT_STATUSES,
  advance,
  classifyAnswer,
  compile,
  diagnosticJson,
  generatedConfig,
  hostAllowed,
  lint,
  liveVerdict,
  LIVE_JSON_VERSION,
  minutesToNextPoll,
  normaliseAllowHost,
  notAllowedMessage,
  planJson,
  pollRequest,
  pollTime,
  restart,
  runPoll,
  stateFileOf,
  steadyPoll,
  summariseFleet,
  type DeviceState,
  type LiveFleet,
  type LiveFleetDevice,
  type LivePoll,
  type LiveRun,
  type LiveSent,
  type PollEnvironment,
  type PollPlan,
  type Program,
  type ResolvedFile,
  type Transfer,
  type UpscriptConfig,
} from "@upscript/language";
import { httpRequest, seconds, type HttpAnswer, type HttpClientOptions, type HttpRequest } from "./http-client.js";

export const DEFAULT_TIMEOUT_MS = 10_000;
/** `--until-steady` stops here at the latest. */
export const UNTIL_STEADY_CAP = 50;
/** `--until-steady` also stops after this many failed polls in a row: nothing changes on the device while polls fail. */
export const FAILED_POLLS_IN_A_ROW = 3;
/** Rounds of the transfer checks per poll: each round checks what the last run newly reached. */
const MAX_CHECK_ROUNDS = 10;
/** A ranged GET (when HEAD is not allowed) reads no more than this. */
const RANGE_READ_BYTES = 16;

export interface LivePollContext {
  /** The device as it polled. */
  readonly before: DeviceState;
  /** The plan of the served script; undefined when nothing ran. */
  readonly plan: PollPlan | undefined;
  /** `update-<type>.htm`: the name the product rules and the findings go by. */
  readonly fileName: string;
}

export interface LivePollOptions {
  /** The update URL the device is configured with (a `/url` setting in force replaces it). */
  readonly url: string;
  /** The device at its first poll (setUpDryRun in server/src/language/dryrun/setup.ts). */
  readonly device: DeviceState;
  /** Builds, file names, the default interval and forced failures; its `updateUrl` and `resolve` are not used. */
  readonly environment: PollEnvironment;
  /** How many polls (default 1); with `untilSteady` the most (default UNTIL_STEADY_CAP). */
  readonly polls?: number;
  /** Poll until a poll changes nothing material (steadyPoll), the device is stuck, or the cap. */
  readonly untilSteady?: boolean;
  /** Check each download with HEAD (or a ranged GET), fetch cfg files and run their lines. */
  readonly checkTransfers?: boolean;
  /** Send the scfg PUTs. */
  readonly upload?: boolean;
  /** Further hosts that may be contacted: `HOST` or `HOST:PORT` (no port: the scheme's default). */
  readonly allowHosts?: readonly string[];
  /** Per request, covering connect and the whole body (default 10,000). */
  readonly timeoutMs?: number;
  /** PEM text of CA certificates trusted for this run besides the default ones. */
  readonly ca?: string;
  /** Do not check https certificates. */
  readonly insecure?: boolean;
  /** Output of `/always` commands by the decoded command (`vars read X509/REQUEST` → text); others upload nothing. */
  readonly commandOutputs?: Readonly<Record<string, string>>;
  /** The configuration a backup scfg uploads; default: the device's `vars create UPDATE/…` lines. */
  readonly configText?: string;
  /** Lint options for the served scripts (the config found from the current folder). */
  readonly lint?: { readonly config?: UpscriptConfig };
  /** Told about each poll as soon as it is done (the CLI's text output streams from here). */
  readonly onPoll?: (poll: LivePoll, context: LivePollContext) => void;
  readonly userAgent?: string;
}

/** What one transfer check or upload found out, by URL: what the interpreter is told. */
interface Checked {
  /** The failure the device would see (`failed(CODE)`); undefined when it succeeds. */
  readonly failCode?: number;
  /** For GETs: the file as the interpreter's resolver hands it out. */
  readonly file?: ResolvedFile;
}

/** The live run of one device, up to the last poll. */
export async function pollLive(options: LivePollOptions): Promise<LiveRun> {
  return new LiveDevice(options).run();
}

/** Every device of a fleet, at most `concurrency` at a time (each device polls one request at a time). */
export async function pollFleet(options: Omit<LivePollOptions, "device"> & { readonly devices: readonly DeviceState[]; readonly concurrency: number }): Promise<LiveFleet> {
  const results: LiveFleetDevice[] = new Array(options.devices.length);
  let next = 0;
  const worker = async () => {
    while (next < options.devices.length) {
      const index = next++;
      const device = options.devices[index]!;
      const { kind: _kind, version: _version, ...run } = await pollLive({ ...options, device });
      results[index] = { mac: device.mac, product: device.product.name, ...run };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, options.devices.length)) }, worker));
  return { kind: "live-fleet", version: LIVE_JSON_VERSION, devices: results, products: summariseFleet(results) };
}

class LiveDevice {
  private readonly origin: string;
  private readonly allowHosts: readonly string[];
  private readonly client: HttpClientOptions;
  private readonly fileName: string;

  constructor(private readonly options: LivePollOptions) {
    this.origin = new URL(options.url).origin;
    this.allowHosts = (options.allowHosts ?? []).map((h) => normaliseAllowHost(h) ?? h.toLowerCase());
    this.client = {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.ca !== undefined && { ca: options.ca }),
      ...(options.insecure && { insecure: true }),
      ...(options.userAgent !== undefined && { userAgent: options.userAgent }),
    };
    this.fileName = `update-${options.device.product.type}.htm`;
  }

  private allowed(url: string): boolean {
    return hostAllowed(url, this.origin, this.allowHosts);
  }

  async run(): Promise<LiveRun> {
    const o = this.options;
    const max = Math.max(1, o.polls ?? (o.untilSteady ? UNTIL_STEADY_CAP : 1));
    const base: PollEnvironment = { ...o.environment, updateUrl: o.url, resolve: undefined };
    let device = o.device;
    const polls: LivePoll[] = [];
    let refused = false;
    let failedInARow = 0;
    for (let n = 1; n <= max; n++) {
      const result = await this.poll(n, device, base);
      polls.push(result.poll);
      o.onPoll?.(result.poll, { before: device, plan: result.plan, fileName: this.fileName });
      device = result.next;
      if (result.refused) {
        refused = true;
        break;
      }
      failedInARow = result.poll.status === "ok" ? 0 : failedInARow + 1;
      if (o.untilSteady && (result.poll.steady || failedInARow >= FAILED_POLLS_IN_A_ROW)) break;
    }
    const { verdict, why } = liveVerdict(polls, device, refused);
    return { kind: "live", version: LIVE_JSON_VERSION, device: stateFileOf(device), polls, verdict, why };
  }

  /** One poll: the request, the answer, the run; and the device at its next poll. */
  private async poll(n: number, now: DeviceState, base: PollEnvironment): Promise<{ poll: LivePoll; plan: PollPlan | undefined; next: DeviceState; refused: boolean }> {
    const request = pollRequest(base, now);
    const redirects: { status: number; location: string }[] = [];
    const notes: string[] = [];
    const sent: LiveSent[] = [];
    // The fields in the order docs/live-poll.md lists them.
    const make = (rest: Pick<LivePoll, "status" | "served" | "diagnostics" | "run" | "next" | "steady">): LivePoll => ({
      n,
      at: pollTime(now),
      request,
      redirects,
      status: rest.status,
      served: rest.served,
      diagnostics: rest.diagnostics,
      run: rest.run,
      next: rest.next,
      steady: rest.steady,
      sent,
      notes,
    });
    const unchanged = (status: string, refused = false) => {
      const minutes = minutesToNextPoll(base, now, false);
      const next = advance(now, minutes);
      const poll = make({ status, served: null, diagnostics: [], run: null, next: { url: pollRequest(base, next).url, intervalMinutes: minutes }, steady: false });
      return { poll, plan: undefined, next, refused };
    };

    if (!this.allowed(request.url)) return unchanged(notAllowedMessage("request to", request.url, "not sent"), true);

    // The poll request and its redirects, as the device follows them.
    let url = request.url;
    let text: string | undefined;
    let bytes: Buffer | undefined;
    for (;;) {
      const answer = await httpRequest({ method: "GET", url, maxBytes: LIMITS.maxTextLength }, this.client);
      if (answer.kind === "error") return unchanged(answer.message);
      const classified = classifyAnswer(url, answer.status, answer.location, answer.body, redirects.length);
      if (classified.kind === "redirect") {
        redirects.push({ status: answer.status, location: classified.location });
        if (!this.allowed(classified.location)) return unchanged(notAllowedMessage("redirect to", classified.location), true);
        url = classified.location;
        continue;
      }
      if (classified.kind === "failed") {
        notes.push(classified.reason);
        return unchanged(classified.status);
      }
      text = classified.text;
      bytes = answer.body;
      break;
    }

    const served = { bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), text };
    const diagnostics = lint(text, { ...(this.options.lint?.config && { config: this.options.lint.config }), fileName: this.fileName }).map(diagnosticJson);
    const limit = overLimit(text);
    if (limit) {
      notes.push(`not run: ${limit.message}`);
      const result = unchanged("ok");
      return { ...result, poll: make({ ...result.poll, served, diagnostics }) };
    }

    const program = compile(parse(text).tree);
    const plan = await this.runChecked(program, now, base, sent, notes);
    let after = plan.after;
    if (plan.outcome !== "none") {
      after = restart(after);
      notes.push(`restarts (line ${plan.outcomeLine}${plan.outcome === "reset-when-idle" ? ", when idle" : ""}): now running firmware ${after.firmware}, boot ${after.boot}${after.bmc !== now.bmc ? `, DECT radio code ${after.bmc}` : ""}`);
    }
    const pollNow = plan.effects.some((e) => e.kind === "poll");
    const minutes = minutesToNextPoll(base, after, pollNow);
    const next = advance(after, minutes);
    const poll = make({ status: "ok", served, diagnostics, run: planJson(plan, url), next: { url: pollRequest(base, next).url, intervalMinutes: minutes }, steady: steadyPoll(now, plan) });
    return { poll, plan, next, refused: false };
  }

  /**
   * Runs the script; with --check-transfers and --upload, the transfers of the run are checked
   * or sent and their results given to the interpreter (`fail`, `resolve`), then it runs again,
   * until no run reaches a transfer not yet looked at: a failed transfer can change the flow
   * (its final command is skipped, so the run goes on further).
   */
  private async runChecked(program: Program, now: DeviceState, base: PollEnvironment, sent: LiveSent[], notes: string[]): Promise<PollPlan> {
    const o = this.options;
    const checked = new Map<string, Checked>();
    const env: PollEnvironment = {
      ...base,
      fail: (url) => checked.get(url)?.failCode ?? base.fail?.(url),
      ...(o.checkTransfers && { resolve: (url: string): ResolvedFile => checked.get(url)?.file ?? { kind: "unmapped" } }),
    };
    const cfgBudget = { left: LIMITS.maxCfgBytesPerScript };
    let plan = runPoll(program, now, env);
    for (let round = 0; round < MAX_CHECK_ROUNDS; round++) {
      const todo = plan.transfers.filter((t) => !checked.has(t.url) && ((t.method === "GET" && o.checkTransfers) || (t.method === "PUT" && o.upload)));
      // A transfer that failed without a check failed for its own reason (--fail, a malformed URL): nothing to ask.
      const ask = todo.filter((t) => t.result === "ok");
      if (ask.length === 0) break;
      for (const t of ask) checked.set(t.url, await this.transfer(t, program, now, sent, notes, cfgBudget));
      plan = runPoll(program, now, env);
    }
    if (!o.checkTransfers && plan.transfers.some((t) => t.method === "GET")) notes.push("downloads and cfg files were not checked (--check-transfers checks them)");
    if (!o.upload && plan.transfers.some((t) => t.method === "PUT")) notes.push("uploads were not sent (--upload sends them)");
    return plan;
  }

  /** Checks a download, fetches a cfg file, or sends an upload. */
  private async transfer(t: Transfer, program: Program, now: DeviceState, sent: LiveSent[], notes: string[], budget: { left: number }): Promise<Checked> {
    if (!this.allowed(t.url)) {
      notes.push(notAllowedMessage(`${t.method === "PUT" ? "upload" : "transfer"} to`, t.url, t.method === "PUT" ? "not sent" : "not checked"));
      // Not known: the interpreter assumes it succeeds, as without the check.
      return { file: { kind: "unmapped" } };
    }
    if (t.method === "PUT") {
      const op = program.instructions.find((i) => i.line === t.line)?.op;
      const command = op?.kind === "scfg" ? op.always : undefined;
      const body = command !== undefined ? (this.options.commandOutputs?.[command] ?? "") : (this.options.configText ?? generatedConfig(now));
      const answer = await this.follow({ method: "PUT", url: t.url, body: Buffer.from(body, "utf8"), headers: { "Content-Type": "text/plain; charset=utf-8" }, maxBytes: LIMITS.maxCfgFileBytes }, sent, notes);
      return this.outcome(t, answer, notes);
    }
    if (t.purpose === "configuration") {
      if (budget.left <= 0) return { file: { kind: "found", path: t.url, text: undefined, notRead: "budget" } };
      const limit = Math.min(LIMITS.maxCfgFileBytes, budget.left);
      const answer = await this.follow({ method: "GET", url: t.url, maxBytes: limit }, sent, notes);
      if (answer.kind === "error" && answer.message.startsWith("answer larger than")) {
        return { file: { kind: "found", path: t.url, text: undefined, notRead: limit < LIMITS.maxCfgFileBytes ? "budget" : "too-large" } };
      }
      const result = this.outcome(t, answer, notes);
      if (result.failCode !== undefined || answer.kind !== "answer") return result;
      budget.left -= answer.body.length;
      return { file: { kind: "found", path: t.url, text: new TextDecoder("utf-8").decode(answer.body) } };
    }
    let answer = await this.follow({ method: "HEAD", url: t.url, maxBytes: 0 }, sent, notes);
    if (answer.kind === "answer" && (answer.status === 405 || answer.status === 501)) {
      answer = await this.follow({ method: "GET", url: t.url, headers: { Range: "bytes=0-0" }, maxBytes: RANGE_READ_BYTES, readAtMost: RANGE_READ_BYTES }, sent, notes);
    }
    const result = this.outcome(t, answer, notes);
    return result.failCode !== undefined ? result : { file: { kind: "found", path: t.url, text: undefined, notRead: "too-large" } };
  }

  /** What the device makes of a transfer's answer: 2xx succeeds (416 too: the file is there, only empty). */
  private outcome(t: Transfer, answer: HttpAnswer | { kind: "refused" }, notes: string[]): Checked {
    if (answer.kind === "refused") return { file: { kind: "unmapped" } };
    if (answer.kind === "error") {
      // No HTTP status: shown the way a proxy would, 504 for a timeout, 502 for anything else.
      const code = answer.message.startsWith("timed out") ? 504 : 502;
      notes.push(`${t.method} ${t.url}: ${answer.message} (shown as failed(${code}))`);
      return { failCode: code };
    }
    if ((answer.status >= 200 && answer.status <= 299) || (answer.status === 416 && t.method === "GET")) return {};
    return { failCode: answer.status >= 100 && answer.status <= 999 ? answer.status : 502 };
  }

  /** A transfer request, following redirects (at most MAX_REDIRECTS, each to an allowed host). */
  private async follow(request: HttpRequest, sent: LiveSent[], notes: string[]): Promise<HttpAnswer | { kind: "refused" }> {
    let url = request.url;
    for (let hops = 0; ; hops++) {
      const answer = await httpRequest({ ...request, url }, this.client);
      sent.push({ method: request.method, url, status: answer.kind === "answer" ? String(answer.status) : answer.message });
      if (answer.kind !== "answer" || !REDIRECT_STATUSES.includes(answer.status) || !answer.location) return answer;
      if (hops >= MAX_REDIRECTS) return { kind: "error", message: `more than ${MAX_REDIRECTS} redirects` };
      let target: string;
      try {
        target = new URL(answer.location, url).href;
      } catch {
        return answer;
      }
      if (!this.allowed(target)) {
        notes.push(notAllowedMessage(`${request.method} ${url}: redirect to`, target));
        return { kind: "refused" };
      }
      url = target;
    }
  }
}

export { seconds };
