/**
 * `upscript poll URL` against the live test server (test/live/generator.ts: first contact →
 * staging → steady), which runs in a process of its own: polls per second of `pollLive` (one
 * device) and `pollFleet` (many devices, a few at a time), each against the same number of bare
 * HTTP GETs of the same URLs; and the emulator's own cost per poll, the work of a poll without
 * its request (the served answer checked, hashed, linted, parsed, compiled and run).
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import http from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { findProduct, overLimit, parse } from "@upscript/grammar";
import {
  advance,
  classifyAnswer,
  compile,
  createDevice,
  diagnosticJson,
  lint,
  minutesToNextPoll,
  parseLocalTime,
  planJson,
  pollRequest,
  restart,
  runPoll,
  steadyPoll,
  type DeviceState,
  type LivePoll,
  type PollEnvironment,
} from "@upscript/language";
import { USER_AGENT } from "../../server/src/node/http-client.js";
import { pollFleet, pollLive, type LivePollContext } from "../../server/src/node/live-poll.js";
import { startGenerator } from "../../test/live/generator.js";
import { fmt, median, time, type Row } from "./measure.js";
import { inChild, peakRssMb } from "./worker.js";

declare const gc: (() => void) | undefined;

const ONE_DEVICE_POLLS = 200;
const FLEET_DEVICES = 500;
/** The CLI's default (--concurrency). */
const CONCURRENCY = 8;
const CLOCK = "2026-11-20T23:30";

/** Fresh devices with old builds at night, as in test/live/poll.test.ts; every third an IP112. */
function deviceOf(i: number): DeviceState {
  const mac = `00-90-33-${[(i >> 16) & 255, (i >> 8) & 255, i & 255].map((b) => b.toString(16).padStart(2, "0")).join("-")}`;
  return createDevice({ product: findProduct(i % 3 === 2 ? "IP112" : "IP232")!, mac, firmware: "13-130000", boot: "130000", fresh: true, clock: parseLocalTime(CLOCK)! });
}

/** What a poll needs besides its request: the device before it, and the answer as it came. */
interface Served {
  readonly before: DeviceState;
  readonly fileName: string;
  readonly url: string;
  readonly body: Buffer;
}

function recorder(into: Served[]) {
  return (poll: LivePoll, context: LivePollContext) => {
    if (!poll.served) throw new Error(`poll ${poll.n} of ${context.before.mac}: ${poll.status}`);
    const url = poll.redirects.at(-1)?.location ?? poll.request.url;
    into.push({ before: context.before, fileName: context.fileName, url, body: Buffer.from(poll.served.text, "utf8") });
  };
}

/**
 * The emulator's own work for one poll, as LiveDevice.poll does it once the answer is in (without
 * --check-transfers and --upload): classify and decode the answer, hash it, lint it, run it
 * through the dry-run interpreter and work out the next poll.
 */
function replay(s: Served, updateUrl: string): unknown {
  const base: PollEnvironment = { updateUrl, resolve: undefined };
  const answer = classifyAnswer(s.url, 200, undefined, s.body, 0);
  if (answer.kind !== "script") throw new Error(`not a script: ${s.url}`);
  const text = answer.text;
  const served = { bytes: s.body.length, sha256: createHash("sha256").update(s.body).digest("hex"), text };
  const diagnostics = lint(text, { fileName: s.fileName }).map(diagnosticJson);
  if (overLimit(text)) throw new Error("over a limit");
  const program = compile(parse(text).tree);
  const plan = runPoll(program, s.before, { ...base, fail: () => undefined });
  const after = plan.outcome !== "none" ? restart(plan.after) : plan.after;
  const minutes = minutesToNextPoll(base, after, plan.effects.some((e) => e.kind === "poll"));
  const next = advance(after, minutes);
  return { served, diagnostics, run: planJson(plan, s.url), next: pollRequest(base, next).url, steady: steadyPoll(s.before, plan) };
}

/** A bare GET as the emulator sends it (a new connection each time, `Connection: close`), body read in full. */
function get(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "GET", agent: false, headers: { "User-Agent": USER_AGENT, Accept: "*/*", Connection: "close" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`GET ${url}: ${res.statusCode}`))));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** The URLs of each device, device by device, at most `concurrency` devices at a time (as pollFleet does). */
async function getAll(perDevice: readonly (readonly string[])[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < perDevice.length) for (const url of perDevice[next++]!) await get(url);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, perDevice.length) }, worker));
}

export interface PollSample {
  readonly devices: number;
  readonly polls: number;
  /** Medians of one whole run: the emulator, the bare GETs, the emulator's work without HTTP. */
  readonly ms: number;
  readonly baselineMs: number;
  readonly ownMs: number;
  readonly runs: number;
  readonly peakRssMb: number;
}

async function timed(fn: () => unknown): Promise<number> {
  if (typeof gc === "function") gc();
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Worker side: one device polling `polls` times, or `devices` devices until steady at
 * `concurrency`. After a warm-up run (which also records what was served), the emulator and the
 * bare GETs take turns, `runs` times each; then the replay of what was served, `runs` times.
 */
export async function pollTask(base: string, devices: number, polls: number, concurrency: number, runs: number): Promise<PollSample> {
  const url = `${base}/update.php`;
  const fleet = Array.from({ length: devices }, (_, i) => deviceOf(i + 1));
  const common = { url, environment: { updateUrl: url } };
  const emulate = async (onPoll?: ReturnType<typeof recorder>) => {
    if (devices === 1) {
      const run = await pollLive({ ...common, device: fleet[0]!, polls, ...(onPoll && { onPoll }) });
      return [run];
    }
    return (await pollFleet({ ...common, devices: fleet, concurrency, untilSteady: true, ...(onPoll && { onPoll }) })).devices;
  };
  const served: Served[] = [];
  const warm = await emulate(recorder(served));
  for (const run of warm) if (devices > 1 && run.verdict !== "steady") throw new Error(`a device ended ${run.verdict}: ${run.why}`);
  const perDevice = warm.map((run) => run.polls.map((p) => p.request.url));
  await getAll(perDevice, concurrency);

  // The emulator and the bare GETs take turns, so both see the same machine and server.
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await timed(() => emulate()));
    bare.push(await timed(() => getAll(perDevice, concurrency)));
  }
  const peak = peakRssMb();
  // No I/O: warmed up like the parse and lint figures, then the same number of runs.
  const own = time(() => served.forEach((s) => replay(s, url)), { runs });
  return { devices, polls: served.length, ms: median(ours), baselineMs: median(bare), ownMs: own.medianMs, runs, peakRssMb: peak };
}

/**
 * Worker side of the server: starts the generator, prints its base URL on a line, serves until
 * its stdin closes, then reports how many requests it answered and its own peak RSS.
 */
export async function pollServerTask(): Promise<{ requests: number; peakRssMb: number }> {
  const gen = await startGenerator();
  process.stdout.write(`${gen.base}\n`);
  await new Promise((resolve) => process.stdin.on("end", resolve).resume());
  await gen.close();
  return { requests: gen.requests.length, peakRssMb: peakRssMb() };
}

interface ServerProcess {
  readonly base: string;
  stop(): Promise<{ requests: number; peakRssMb: number }>;
}

async function startServerProcess(): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, "--worker", "poll-server"], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error("the poll server did not start");
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return {
    base: first.value,
    async stop() {
      child.stdin.end();
      const last = await lines.next();
      const code = await exited;
      if (code !== 0 || last.done) throw new Error(`the poll server ended with exit ${code}`);
      return JSON.parse(last.value) as { requests: number; peakRssMb: number };
    },
  };
}

/** A whole process, with /usr/bin/time for its peak RSS: the median wall time of `runs` after one warm-up. */
function processRuns(args: readonly string[], runs: number): { ms: number; rssMb: number; status: number | null; stdout: string } {
  const once = () => {
    const start = performance.now();
    const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 24 });
    return { ms: performance.now() - start, status: r.status, stdout: r.stdout, rssKb: Number(r.stderr.trim().split("\n").pop()) };
  };
  once();
  const samples = Array.from({ length: runs }, once);
  return { ms: median(samples.map((s) => s.ms)), rssMb: Math.max(...samples.map((s) => s.rssKb)) / 1024, status: samples[0]!.status, stdout: samples[0]!.stdout };
}

/** `upscript poll URL --until-steady` (dist/upscript.cjs; `npm run bench` runs from the repository root). */
function cliArgs(base: string): string[] {
  const cli = join(process.cwd(), "dist", "upscript.cjs");
  return [cli, "poll", `${base}/update.php`, "--device", "IP232", "--mac", "00-90-33-3e-00-01", "--firmware", "13-130000", "--boot", "130000", "--fresh", "--at", CLOCK, "--until-steady", "--format", "json"];
}

const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString("en-US");

/** The figures of the section, all against one server. */
function measureAgainst(base: string) {
  return {
    one: inChild<PollSample>("poll", base, 1, ONE_DEVICE_POLLS, 1, 7),
    fleet: inChild<PollSample>("poll", base, FLEET_DEVICES, 0, CONCURRENCY, 5),
    node: processRuns(["-e", "0"], 9),
    cli: processRuns(cliArgs(base), 9),
  };
}

export async function pollSection(): Promise<Row[]> {
  const server = await startServerProcess();
  let figures: ReturnType<typeof measureAgainst>;
  try {
    figures = measureAgainst(server.base);
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
  const served = await server.stop();
  const { one, fleet, node, cli } = figures;
  const cliPolls = (JSON.parse(cli.stdout) as { polls: unknown[] }).polls.length;
  const serverNote = `the server (test/live/generator.ts) in a process of its own, ${served.requests.toLocaleString("en-US")} requests in all, peak RSS ${fmt(served.peakRssMb, 0)} MB`;
  const rows: Row[] = [];
  for (const [what, s, how] of [
    [`one device, ${one.polls.toLocaleString("en-US")} polls`, one, `pollLive, polls: ${ONE_DEVICE_POLLS}`],
    [`${FLEET_DEVICES.toLocaleString("en-US")} devices until steady, ${CONCURRENCY} at a time`, fleet, `pollFleet, untilSteady, concurrency ${CONCURRENCY}`],
  ] as const) {
    rows.push({
      section: "poll",
      measure: `polls per second, ${what}`,
      value: `${perSecond(s.polls, s.ms)} polls/s (${fmt(s.ms, 0)} ms)`,
      baseline: `${perSecond(s.polls, s.baselineMs)} GETs/s (${fmt(s.baselineMs, 0)} ms)`,
      ratio: `${fmt(s.ms / s.baselineMs, 2)}× the time`,
      rss: `${fmt(s.peakRssMb, 0)} MB`,
      note: `${how}; ${s.polls.toLocaleString("en-US")} polls; median of ${s.runs}; baseline: bare node:http GETs of the same URLs, a new connection each, taking turns with the emulator`,
    });
  }
  for (const [what, s] of [
    [`one device, ${one.polls.toLocaleString("en-US")} polls`, one],
    [`${FLEET_DEVICES.toLocaleString("en-US")} devices until steady`, fleet],
  ] as const) {
    rows.push({
      section: "poll",
      measure: `emulator's own cost per poll, ${what}`,
      value: `${fmt(s.ownMs / s.polls, 3)} ms/poll`,
      baseline: `${fmt(s.ms / s.polls, 3)} ms per whole poll (${fmt(s.baselineMs / s.polls, 3)} ms per bare GET)`,
      ratio: `${fmt((100 * s.ownMs) / s.ms, 0)}% of the poll time`,
      rss: `${fmt(s.peakRssMb, 0)} MB`,
      note: `the served answers again without HTTP: checked, hashed, linted, parsed, run, next poll worked out; median of ${s.runs}; whole poll minus bare GET: ${fmt((s.ms - s.baselineMs) / s.polls, 3)} ms`,
    });
  }
  rows.push({
    section: "poll",
    measure: `cli: upscript poll URL --until-steady (${cliPolls} polls), whole process`,
    value: `${fmt(cli.ms, 0)} ms`,
    baseline: `${fmt(node.ms, 0)} ms (node -e 0)`,
    ratio: `${fmt(cli.ms / node.ms, 2)}×`,
    rss: `${fmt(cli.rssMb, 0)} MB vs ${fmt(node.rssMb, 0)} MB`,
    note: `median of 9 process runs; exit ${cli.status}; ${serverNote}`,
  });
  return rows;
}
