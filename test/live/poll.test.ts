/**
 * `upscript poll URL` against a real HTTP server in this process (test/live/generator.ts): a
 * device from first contact to steady, stuck behind a missing firmware, redirects to this and to
 * other hosts, failures (timeouts, refused connections, 404, binary and endless answers), https
 * with a CA made here by openssl, uploads, the state file between two runs, and the promise that
 * nothing but GETs of the update URL reach the server unless asked.
 */
import Ajv from "ajv";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findProduct } from "@upscript/grammar";
import { createDevice, livePollSchema, parseLocalTime, parseState, type DeviceState, type LiveRun } from "@upscript/language";
import { pollLive, type LivePollOptions } from "../../server/src/node/live-poll.js";
import { tempDir } from "../cli/tmp.js";
import { expectGolden } from "../helpers/golden.js";
import { EVIL, FIRMWARE, MISSING_FIRMWARE, STEADY_SERIAL, closedPort, startGenerator, type Generator } from "./generator.js";
import { normaliseRun, normaliseText, runCliAsync } from "./helpers.js";

const golden = (name: string) => join(import.meta.dirname, "golden", name);
const validate = new Ajv({ strict: true, allErrors: true }).compile(livePollSchema());
const valid = (value: unknown) => {
  const ok = validate(JSON.parse(JSON.stringify(value)));
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
};

const MAC = "00-90-33-3e-00-01";
/** The device of these tests: a fresh IP232 with old builds, at night. */
const DEVICE = ["--device", "IP232", "--mac", MAC, "--firmware", "13-130000", "--boot", "130000", "--fresh", "--at", "2026-11-20T23:30"];

function device(extra: Partial<Parameters<typeof createDevice>[0]> = {}): DeviceState {
  return createDevice({ product: findProduct("IP232")!, mac: MAC, firmware: "13-130000", boot: "130000", fresh: true, clock: parseLocalTime("2026-11-20T23:30")!, ...extra });
}

function live(url: string, extra: Partial<LivePollOptions> = {}): Promise<LiveRun> {
  return pollLive({ url, device: device(), environment: { updateUrl: url }, timeoutMs: 2000, ...extra });
}

let gen: Generator;
let cwd: string;
beforeAll(async () => {
  gen = await startGenerator();
  cwd = tempDir("live");
});
afterAll(async () => {
  await gen.close();
});

/** The requests the generator recorded from here on. */
function since(): () => Generator["requests"] {
  const start = gen.requests.length;
  return () => gen.requests.slice(start);
}

describe("a device from first contact to steady", () => {
  let run: LiveRun;
  let text: string;
  let stderr: string;
  let requests: Generator["requests"];

  beforeAll(async () => {
    const seen = since();
    const json = await runCliAsync(["poll", `${gen.base}/update.php`, ...DEVICE, "--until-steady", "--format", "json"], { cwd });
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    run = JSON.parse(json.stdout) as LiveRun;
    requests = seen();
    const shown = await runCliAsync(["poll", `${gen.base}/update.php`, ...DEVICE, "--until-steady"], { cwd });
    expect(shown.code).toBe(0);
    text = shown.stdout;
    stderr = shown.stderr;
  });

  it("goes through first contact, staging with the downloads and the restart, to steady (golden)", () => {
    expect(run.polls.map((p) => p.status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(run.polls.map((p) => p.run?.outcome)).toEqual(["none", "reset-when-idle", "none", "none", "none"]);
    expect(run.polls.map((p) => p.steady)).toEqual([false, false, false, false, true]);
    expect(run.polls.map((p) => p.at)).toEqual(["2026-11-20 23:30", "2026-11-20 23:31", "2026-11-20 23:32", "2026-11-20 23:33", "2026-11-20 23:48"]);
    expect(run.verdict).toBe("steady");
    expect(run.device).toMatchObject({ firmware: FIRMWARE, boot: "138765", variables: { CHECK: STEADY_SERIAL }, settings: { "/poll": 15, "/no-dhcp": true } });
    valid(run);
    expectGolden(`${JSON.stringify(normaliseRun(run, [gen.port]), null, 2)}\n`, golden("journey.json"));
    expectGolden(normaliseText(text, [gen.port]), golden("journey.txt"));
    expect(stderr).toBe("");
  });

  it("the second poll asks for the /url the first contact set: meta sequences filled in, the serials appended", () => {
    expect(run.polls[0]!.request.url).toBe(`${gen.base}/update.php?CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=`);
    expect(run.polls[1]!.request.url).toBe(`${gen.base}/update.php?phase=staging&type=ip232&sn=${MAC}&hwid=IP232-3e-00-01&ip=192.168.0.100&CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=`);
    expect(run.polls[0]!.next.url).toBe(run.polls[1]!.request.url);
    expect(run.polls[0]!.next.intervalMinutes).toBe(1);
    // After the restart the new builds run, and PROT and BOOT read as empty.
    expect(run.polls[2]!.run?.device).toMatchObject({ firmware: FIRMWARE, boot: "138765", uptimeMinutes: 1 });
    expect(run.polls[3]!.next.intervalMinutes).toBe(15);
  });

  it("the /always query runs on every poll after the first contact", () => {
    for (const poll of run.polls.slice(1)) {
      expect(poll.run?.transfers.filter((t) => t.purpose === "command output").map((t) => t.url)).toEqual([`${gen.base}/update.php?mode=query&sn=${MAC}&id=info`]);
    }
  });

  it("lints every served script with the product's rules (update-ip232.htm)", () => {
    expect(run.polls[0]!.diagnostics.map((d) => d.rule)).toContain("poll-interval");
    expect(run.polls[3]!.diagnostics.map((d) => d.rule)).toContain("check-stores-on-failure");
    expect(run.polls[0]!.diagnostics[0]).toEqual({ rule: expect.any(String), severity: expect.any(String), message: expect.any(String), line: expect.any(Number), column: expect.any(Number), endLine: expect.any(Number), endColumn: expect.any(Number), fixable: expect.any(String) });
    expect(text).toMatch(/^ {2}update-ip232\.htm:3:22: info: .* \[poll-interval\]$/m);
  });

  it("nothing but GETs of the update URL reach the server", () => {
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(run.polls.map((p) => `GET ${p.request.url.slice(gen.base.length)}`));
    for (const r of requests) {
      expect(r.headers["user-agent"]).toMatch(/^upscript\/\S+ \(innovaphone device emulation; upscript poll\)$/);
      expect(r.body).toBe("");
    }
  });

  it("--detailed-exitcode: 2 when a poll changes something, 0 when none does", async () => {
    expect((await runCliAsync(["poll", `${gen.base}/update.php`, ...DEVICE, "--polls", "2", "--detailed-exitcode"], { cwd })).code).toBe(2);
    const state = join(cwd, "steady.json");
    writeFileSync(state, `${JSON.stringify(run.device)}\n`);
    const again = await runCliAsync(["poll", `${gen.base}/update.php`, "--state", state, "--polls", "2", "--detailed-exitcode", "--format", "json"], { cwd });
    expect(again.stderr).toBe(`upscript: saved the device to ${state}\n`);
    expect(again.code).toBe(0);
  });
});

describe("--check-transfers", () => {
  let missing: Generator;
  beforeAll(async () => {
    missing = await startGenerator({ missingFirmware: true });
  });
  afterAll(async () => {
    await missing.close();
  });

  it("a missing firmware: failed(404) where the device fails, the check serial stored anyway: stuck, in the dry-run's words (golden)", async () => {
    const result = await runCliAsync(["poll", `${missing.base}/update.php`, ...DEVICE, "--until-steady", "--check-transfers", "--format", "json"], { cwd });
    expect(result.code).toBe(1);
    const run = JSON.parse(result.stdout) as LiveRun;
    valid(run);
    expect(run.verdict).toBe("stuck");
    const stuck = run.polls[3]!;
    expect(stuck.run?.transfers.find((t) => t.method === "GET")).toMatchObject({ url: `${missing.base}/missing/ip232.bin`, result: "failed(404)", build: MISSING_FIRMWARE });
    // Checked, the run goes on past the line whose 'iresetn' would have ended it, to the end and the stored serial.
    expect(stuck.run?.outcome).toBe("none");
    expect(stuck.run?.summary).toContain(`STUCK: firmware ${MISSING_FIRMWARE} not downloaded, CHECK ${STEADY_SERIAL} stored: not retried until the serial changes`);
    expect(run.polls.at(-1)!.run?.stoppedAt).toBe(5);
    expect(run.why).toMatch(/^from poll 4: line 6, GET http:\/\/127\.0\.0\.1:\d+\/missing\/ip232\.bin failed\(404\), and the run still stored check serial '2026-11-20a': every later poll stops at line 5/);
    expectGolden(`${JSON.stringify(normaliseRun(run, [missing.port]), null, 2)}\n`, golden("stuck.json"));

    const shown = await runCliAsync(["poll", `${missing.base}/update.php`, ...DEVICE, "--until-steady", "--check-transfers"], { cwd });
    expect(shown.stdout).toContain("the run goes on and stores check serial '2026-11-20a' at its end, so later polls stop at line 5 and the device does not try again until the serial changes");
    expect(shown.stdout).toMatch(/^Stuck from poll 4: line 6, GET .* failed\(404\), .*until the serial changes\.$/m);
  });

  it("downloads are checked with HEAD, and nothing is uploaded", async () => {
    const seen = since();
    const run = await live(`${gen.base}/update.php`, { polls: 2, checkTransfers: true });
    expect(seen().map((r) => `${r.method} ${r.url.replace(/\?.*/, "")}`)).toEqual(["GET /update.php", "GET /update.php", "HEAD /fw/ip232.bin", "HEAD /fw/boot232.bin"]);
    expect(run.polls[1]!.sent).toEqual([
      { method: "HEAD", url: `${gen.base}/fw/ip232.bin`, status: "200" },
      { method: "HEAD", url: `${gen.base}/fw/boot232.bin`, status: "200" },
    ]);
  });

  it("a server that refuses HEAD gets a GET of the first byte", async () => {
    const noHead = await startGenerator({ headNotAllowed: true });
    try {
      const run = await live(`${noHead.base}/update.php`, { polls: 2, checkTransfers: true });
      expect(run.polls[1]!.sent.slice(0, 2)).toEqual([
        { method: "HEAD", url: `${noHead.base}/fw/ip232.bin`, status: "405" },
        { method: "GET", url: `${noHead.base}/fw/ip232.bin`, status: "206" },
      ]);
      expect(noHead.requests.find((r) => r.method === "GET" && r.url === "/fw/ip232.bin")?.headers.range).toBe("bytes=0-0");
      expect(run.polls[1]!.run?.transfers.every((t) => t.result === "ok")).toBe(true);
    } finally {
      await noHead.close();
    }
  });

  it("cfg files are fetched and their lines run; a missing one is failed(404); without the option nothing is fetched", async () => {
    const seen = since();
    const run = await live(`${gen.base}/with-cfg/update.php`, { checkTransfers: true });
    const plan = run.polls[0]!.run!;
    expect(plan.transfers.map((t) => `${t.url.slice(gen.base.length)} ${t.result}`)).toEqual(["/cfg/site.txt ok", "/cfg/absent.txt failed(404)"]);
    expect(plan.configApplied.map((c) => c.text)).toEqual(["config change IP0 /ntp 10.0.0.1", "config change SIP /domain example.com", "config write"]);
    expect(plan.diagnostics.map((d) => d.rule)).toContain("nested-cfg");
    expect(plan.variables.after.CFG).toBe("CFG-1");
    expect(seen().map((r) => `${r.method} ${r.url}`)).toEqual(["GET /with-cfg/update.php?CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=", "GET /cfg/site.txt", "GET /cfg/absent.txt"]);

    const unchecked = since();
    const plain = await live(`${gen.base}/with-cfg/update.php`);
    expect(unchecked().map((r) => r.url)).toEqual(["/with-cfg/update.php?CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG="]);
    expect(plain.polls[0]!.notes).toContain("downloads and cfg files were not checked (--check-transfers checks them)");
  });

  it("a transfer that --fail makes fail is not asked of the server", async () => {
    const run = await live(`${gen.base}/update.php`, { polls: 2, checkTransfers: true, environment: { updateUrl: "", fail: (url) => (url.endsWith("/boot232.bin") ? 503 : undefined) } });
    const transfers = run.polls[1]!.run!.transfers;
    expect(transfers.map((t) => `${t.method} ${t.url.slice(gen.base.length)} ${t.result}`)).toEqual(["PUT /update.php?mode=query&sn=00-90-33-3e-00-01&id=info ok", "GET /fw/ip232.bin ok", "GET /fw/boot232.bin failed(503)"]);
    expect(run.polls[1]!.sent.map((s) => s.url)).toEqual([`${gen.base}/fw/ip232.bin`]);
  });
});

describe("redirects and hosts", () => {
  let other: Generator;
  beforeAll(async () => {
    other = await startGenerator();
  });
  afterAll(async () => {
    await other.close();
  });

  it("a redirect on the same host is followed", async () => {
    const run = await live(`${gen.base}/old/update.php`);
    expect(run.polls[0]!.redirects).toEqual([{ status: 302, location: `${gen.base}/update.php?CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=` }]);
    expect(run.polls[0]!.status).toBe("ok");
  });

  it("a redirect to another host is refused without --allow-host, and followed with it", async () => {
    const moved = await startGenerator({ otherBase: other.base });
    try {
      const seenOther = other.requests.length;
      const refused = await runCliAsync(["poll", `${moved.base}/moved/update.php`, ...DEVICE, "--polls", "3"], { cwd });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain(`  302 → ${other.base}/update.php?CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=\n  redirect to ${other.base}/update.php?CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG= not followed: host not allowed; use --allow-host 127.0.0.1:${other.port}\n`);
      expect(refused.stdout).toMatch(/^Stopped: redirect to .* not followed: host not allowed; use --allow-host 127\.0\.0\.1:\d+\.$/m);
      expect(other.requests.length).toBe(seenOther);
      const refusedJson = await runCliAsync(["poll", `${moved.base}/moved/update.php`, ...DEVICE, "--polls", "3", "--format", "json"], { cwd });
      expect(refusedJson.code).toBe(1);
      const refusedRun = JSON.parse(refusedJson.stdout) as LiveRun;
      valid(refusedRun);
      expect(refusedRun.verdict).toBe("refused");
      expectGolden(`${JSON.stringify(normaliseRun(refusedRun, [moved.port, other.port]), null, 2)}\n`, golden("redirect-refused.json"));
      expect(other.requests.length).toBe(seenOther);

      const followed = await runCliAsync(["poll", `${moved.base}/moved/update.php`, ...DEVICE, "--polls", "2", "--allow-host", `127.0.0.1:${other.port}`, "--format", "json"], { cwd });
      const run = JSON.parse(followed.stdout) as LiveRun;
      valid(run);
      expect(run.polls[0]!.status).toBe("ok");
      // The first contact there moved the device to the other host for good.
      expect(run.polls[1]!.request.url.startsWith(`${other.base}/update.php?phase=staging`)).toBe(true);
      expect(other.requests.length).toBe(seenOther + 2);
    } finally {
      await moved.close();
    }
  });

  it("a /url to another host is not polled without --allow-host", async () => {
    const moved = await startGenerator({ otherBase: other.base });
    try {
      // The device already carries the other host's URL in its settings.
      const run = await live(`${moved.base}/update.php`, { device: device({ settings: { "/url": `${other.base}/update.php?sn=#m` } }) });
      expect(run.polls[0]!.status).toBe(`request to ${other.base}/update.php?sn=${MAC}&CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG= not sent: host not allowed; use --allow-host 127.0.0.1:${other.port}`);
      expect(run.verdict).toBe("refused");
      expect(moved.requests).toEqual([]);
    } finally {
      await moved.close();
    }
  });
});

describe("a server that is down, slow, or answers nonsense", () => {
  it.each([
    ["/missing/update.php", "failed(404)", "the server answered 404: the device runs nothing"],
    ["/binary/update.php", "failed(200)", "the answer is not text (it holds NUL bytes): the device runs nothing"],
  ])("%s: %s", async (path, status, note) => {
    const run = await live(`${gen.base}${path}`);
    expect(run.polls[0]).toMatchObject({ status, served: null, run: null, steady: false, notes: [note] });
    expect(run.verdict).toBe("failing");
    valid(run);
  });

  it("a slow server: timed out, with the deadline covering the whole answer", async () => {
    const started = Date.now();
    const run = await live(`${gen.base}/slow/update.php`, { timeoutMs: 300 });
    expect(run.polls[0]!.status).toBe("timed out after 0.3 s");
    expect(Date.now() - started).toBeLessThan(2000);
    valid(run);
    expectGolden(`${JSON.stringify(normaliseRun(run, [gen.port]), null, 2)}\n`, golden("timed-out.json"));
  });

  it("an endless body: answer larger than 16 MB", async () => {
    const run = await live(`${gen.base}/endless/update.php`, { timeoutMs: 10_000 });
    expect(run.polls[0]!.status).toBe("answer larger than 16 MB");
  });

  it("a closed port: connection refused; --until-steady gives up after three failed polls", async () => {
    const port = await closedPort();
    const run = await live(`http://127.0.0.1:${port}/update.php`, { untilSteady: true });
    expect(run.polls.map((p) => p.status)).toEqual(["connection refused", "connection refused", "connection refused"]);
    // A fresh device keeps polling every minute.
    expect(run.polls.map((p) => p.at)).toEqual(["2026-11-20 23:30", "2026-11-20 23:31", "2026-11-20 23:32"]);
    valid(run);
    expectGolden(`${JSON.stringify(normaliseRun(run, [port]), null, 2)}\n`, golden("refused.json"));
    const cli = await runCliAsync(["poll", `http://127.0.0.1:${port}/update.php`, ...DEVICE], { cwd });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain("  connection refused\n");
    expect(cli.stderr).toBe("");
  });

  it("escapes what the server sends before it reaches the terminal", async () => {
    const cli = await runCliAsync(["poll", `${gen.base}/evil/update.php`, ...DEVICE], { cwd });
    expect(EVIL).toContain("\x1b");
    expect(cli.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
    expect(cli.stdout).toContain("\\u202egnp.exe\\x1b[31m");
  });
});

describe("https", () => {
  let dir: string;
  let secure: Generator;
  beforeAll(async () => {
    dir = tempDir("live-tls");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    secure = await startGenerator({ tls: { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") } });
  });
  afterAll(async () => {
    await secure.close();
  });

  it("with --ca the server's certificate is trusted", async () => {
    const cli = await runCliAsync(["poll", `${secure.base}/update.php`, ...DEVICE, "--ca", join(dir, "cert.pem"), "--format", "json"], { cwd });
    expect(cli.stderr).toBe("");
    const run = JSON.parse(cli.stdout) as LiveRun;
    expect(run.polls[0]!.status).toBe("ok");
    expect(run.polls[0]!.request.url.startsWith("https://127.0.0.1:")).toBe(true);
  });

  it("without --ca: a clear certificate message, no stack trace", async () => {
    const cli = await runCliAsync(["poll", `${secure.base}/update.php`, ...DEVICE], { cwd });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain("  certificate not trusted: self-signed certificate; give the server's CA with --ca FILE (or skip the check with --insecure)\n");
    expect(cli.stdout + cli.stderr).not.toMatch(/\bat .*\.cjs:\d+/);
  });

  it("--insecure skips the check, with a warning", async () => {
    const cli = await runCliAsync(["poll", `${secure.base}/update.php`, ...DEVICE, "--insecure", "--format", "json"], { cwd });
    expect(cli.stderr).toBe("upscript: warning: --insecure: the certificates of https servers are not checked, so anyone on the way can answer in the server's place\n");
    expect((JSON.parse(cli.stdout) as LiveRun).polls[0]!.status).toBe("ok");
  });

  it("an unreadable or bad --ca is a usage error", async () => {
    expect((await runCliAsync(["poll", `${secure.base}/update.php`, ...DEVICE, "--ca", join(dir, "none.pem")], { cwd })).code).toBe(2);
    const bad = await runCliAsync(["poll", `${secure.base}/update.php`, ...DEVICE, "--ca", join(dir, "key.pem")], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("holds no PEM certificate");
  });
});

describe("--upload", () => {
  it("sends the PUTs: the generated configuration and the command output", async () => {
    const output = join(cwd, "xml-info.txt");
    writeFileSync(output, "<info type='ip232'/>\n");
    const seen = since();
    const cli = await runCliAsync(["poll", `${gen.base}/update.php`, ...DEVICE, "--polls", "4", "--upload", "--command-output", `mod cmd CMD0 xml-info=${output}`, "--format", "json"], { cwd });
    expect(cli.code).toBe(0);
    const puts = seen().filter((r) => r.method === "PUT");
    const query = `/update.php?mode=query&sn=${MAC}&id=info`;
    const backup = `/update.php?mode=backup&hwid=IP232-3e-00-01&sn=${MAC}`;
    expect(puts.map((r) => r.url)).toEqual([query, query, backup, query]);
    expect(puts.filter((r) => r.url === query).map((r) => r.body)).toEqual(Array(3).fill("<info type='ip232'/>\n"));
    // The backup of poll 4: what the device holds then.
    expect(puts.find((r) => r.url === backup)!.body).toBe("vars create UPDATE/CHECK staged\n");
    expect(puts[0]!.headers["content-type"]).toBe("text/plain; charset=utf-8");
    const run = JSON.parse(cli.stdout) as LiveRun;
    expect(run.polls[3]!.sent.map((s) => `${s.method} ${s.status}`)).toEqual(["PUT 200", "PUT 200"]);
  });

  it("--config-file is what a backup uploads", async () => {
    const file = join(cwd, "config.txt");
    writeFileSync(file, "config change IP0 /addr 10.0.0.7\n");
    const seen = since();
    const run = await live(`${gen.base}/update.php`, { device: device({ variables: { CHECK: "staged" }, fresh: false, settings: { "/url": `${gen.base}/update.php?phase=staging` } }), upload: true, configText: readFileSync(file, "utf8") });
    expect(seen().find((r) => r.method === "PUT" && r.url.includes("mode=backup"))!.body).toBe("config change IP0 /addr 10.0.0.7\n");
    expect(run.polls[0]!.run!.transfers.every((t) => t.result === "ok")).toBe(true);
  });
});

describe("--state", () => {
  it("is saved after a run and loaded by the next one, which carries on where the first stopped", async () => {
    const state = join(cwd, "device.json");
    writeFileSync(state, `${JSON.stringify({ device: "IP232", mac: MAC, firmware: "13-130000", boot: "130000", fresh: true, at: "2026-11-20T23:30" })}\n`);
    const first = await runCliAsync(["poll", `${gen.base}/update.php`, "--state", state, "--polls", "2", "--format", "json"], { cwd });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`upscript: saved the device to ${state}\n`);
    const saved = JSON.parse(readFileSync(state, "utf8"));
    expect(parseState(readFileSync(state, "utf8")).problems).toEqual([]);
    expect(saved).toMatchObject({ at: "2026-11-20T23:32", uptime: 1, firmware: FIRMWARE, settings: { "/poll": 1, "/url": `${gen.base}/update.php?phase=staging&type=#t&sn=#m&hwid=#h&ip=#i` } });
    expect(readdirSync(cwd).filter((f) => f.includes("upscript-tmp"))).toEqual([]);

    const second = await runCliAsync(["poll", `${gen.base}/update.php`, "--state", state, "--until-steady", "--format", "json"], { cwd });
    const run = JSON.parse(second.stdout) as LiveRun;
    expect(run.polls[0]!.request.url).toBe(`${gen.base}/update.php?phase=staging&type=ip232&sn=${MAC}&hwid=IP232-3e-00-01&ip=192.168.0.100&CHECK=&PROT=&BOOT=&BMC=&CFG=&SCFG=`);
    expect(run.polls[0]!.at).toBe("2026-11-20 23:32");
    expect(run.verdict).toBe("steady");
    expect(JSON.parse(readFileSync(state, "utf8"))).toEqual(run.device);
  });

  it("an unreadable state file is a usage error, and nothing is written", async () => {
    const cli = await runCliAsync(["poll", `${gen.base}/update.php`, "--state", join(cwd, "absent.json")], { cwd });
    expect(cli.code).toBe(2);
    expect(existsSync(join(cwd, "absent.json"))).toBe(false);
  });
});

describe("the command line", () => {
  it("--save-scripts writes each served script as <n>-<mac>.htm", async () => {
    const dir = join(cwd, "served", "deep");
    const cli = await runCliAsync(["poll", `${gen.base}/update.php`, ...DEVICE, "--polls", "2", "--save-scripts", dir], { cwd });
    expect(cli.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([`1-${MAC}.htm`, `2-${MAC}.htm`]);
    expect(readFileSync(join(dir, `1-${MAC}.htm`), "utf8")).toContain("config add UP1 /url http%3A%2F%2F127.0.0.1");
  });

  it.each([
    [["poll", "not a url", "--device", "IP232"], "'not a url' is not a URL"],
    [["poll", "ftp://10.0.0.5/", "--device", "IP232"], "speaks http and https, not ftp:"],
    [["poll", "http://127.0.0.1:1/", "--device", "IP232", "--polls", "0"], "--polls 0: a whole number from 1 to 1000"],
    [["poll", "http://127.0.0.1:1/", "--device", "IP232", "--timeout", "soon"], "--timeout soon: seconds"],
    [["poll", "http://127.0.0.1:1/", "--device", "IP232", "--allow-host", "http://x/"], "--allow-host http://x/: a host"],
    [["poll", "http://127.0.0.1:1/", "--device", "IP232", "--command-output", "nothing"], "--command-output nothing: write COMMAND=FILE"],
    [["poll", "http://127.0.0.1:1/", "--device", "IP232", "--format", "xml"], "argument 'xml' is invalid"],
  ])("usage error: %j", async (args, message) => {
    const cli = await runCliAsync(args, { cwd });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(message);
    expect(cli.stdout).toBe("");
  });

  it("docs/live-poll.schema.json is up to date (npm run generate)", () => {
    expect(JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "docs", "live-poll.schema.json"), "utf8"))).toEqual(livePollSchema());
  });
});
