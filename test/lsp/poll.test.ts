/**
 * `upscript/poll` over real JSON-RPC, against the live generator (test/live/generator.ts): the
 * preview device polls once, the answer holds the served script, the same findings and plan as
 * `upscript poll URL --format json`, and HTML of the poll; nothing but the one GET reaches the
 * server, and a bad URL or a missing device is an error message, not a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveRun } from "@upscript/language";
import type { PollAnswer } from "../../server/src/lsp/protocol.js";
import { tempDir } from "../cli/tmp.js";
import { startGenerator, type Generator } from "../live/generator.js";
import { runCliAsync } from "../live/helpers.js";
import { inProcessClient, type Client } from "./harness.js";

const DEVICE = { device: "IP232", mac: "00-90-33-3e-00-01", firmware: "13-130000", boot: "130000", at: "2026-11-20T23:30" };

let gen: Generator;
let client: Client;
let root: string;
beforeAll(async () => {
  gen = await startGenerator();
  root = tempDir("lsp-poll");
  client = inProcessClient();
  await client.initialize(root);
});
afterAll(async () => {
  client.dispose();
  await gen.close();
});

describe("upscript/poll", () => {
  it("polls once as the preview device and tells what the CLI tells", async () => {
    const url = `${gen.base}/update.php?phase=staging&type=#t&sn=#m`;
    const start = gen.requests.length;
    const answer = await client.request<PollAnswer>("upscript/poll", { url, device: DEVICE });
    if (!answer.ok) throw new Error(answer.error);
    expect(gen.requests.slice(start).map((r) => `${r.method} ${r.url.split("?")[0]}`)).toEqual(["GET /update.php"]);
    expect(answer.fileName).toBe("update-ip232.htm");
    expect(answer.poll.status).toBe("ok");
    expect(answer.poll.served?.text).toContain("mod cmd UP0 prot");
    expect(answer.poll.run?.outcome).toBe("reset-when-idle");
    expect(answer.fragment).toContain("Live poll 1 at 2026-11-20 23:30");
    expect(answer.fragment).toContain(answer.poll.served!.sha256);
    expect(answer.fragment).toContain('<table class="plan">');

    const cli = await runCliAsync(["poll", url, "--device", "IP232", "--mac", DEVICE.mac, "--firmware", DEVICE.firmware, "--boot", DEVICE.boot, "--at", DEVICE.at, "--format", "json"], { cwd: root });
    const run = JSON.parse(cli.stdout) as LiveRun;
    expect(answer.poll.diagnostics).toEqual(run.polls[0]!.diagnostics);
    expect(answer.poll.diagnostics.length).toBeGreaterThan(0);
    expect(answer.poll.run).toEqual(run.polls[0]!.run);
  });

  it("a server that is down is a status of the poll", async () => {
    const answer = await client.request<PollAnswer>("upscript/poll", { url: `${gen.base}/missing/update.php`, device: DEVICE });
    expect(answer).toMatchObject({ ok: true, poll: { status: "failed(404)", served: null, run: null } });
    expect(answer.ok && answer.fragment).toContain("The device runs nothing on this poll.");
  });

  it.each([
    [{ url: "ftp://10.0.0.5/update.php", device: DEVICE }, "'ftp://10.0.0.5/update.php': upscript poll speaks http and https, not ftp:"],
    [{ url: "http://user:pw@127.0.0.1/update.php", device: DEVICE }, "'http://user:pw@127.0.0.1/update.php': no credentials in the URL, please; upscript does not send them"],
    [{ url: "http://127.0.0.1/update.php" }, "which device? name it with upscript.preview.device (e.g. IP232), or in .upscriptrc.json (dryRun.device)"],
  ])("%j: an error message", async (params, error) => {
    const start = gen.requests.length;
    expect(await client.request<PollAnswer>("upscript/poll", params)).toEqual({ ok: false, error });
    expect(gen.requests.length).toBe(start);
  });
});
