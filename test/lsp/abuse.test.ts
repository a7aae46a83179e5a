/**
 * The language server under abuse, as a spawned `--stdio` process: malformed JSON-RPC, requests
 * before `initialize`, a thousand rapid edits, a document closed while requests run, and a
 * client that stops reading. After each, the server is still up and answers a valid request,
 * and its memory stays bounded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import type { Hover, PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { repoRoot } from "../helpers/cli.js";

const SCRIPT = "mod cmd UP1 times /allow 22-4\nmod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-138765\n";
const uri = pathToFileURL("/tmp/abuse/update-ip232.htm").href;

function start(): ChildProcess {
  return spawn(process.execPath, [`${repoRoot}/dist/server.cjs`, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
}

function connect(child: ChildProcess) {
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  rpc.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => void published.push(p));
  rpc.onNotification(() => undefined);
  rpc.onRequest(() => null);
  rpc.listen();
  return { rpc, published };
}

async function initialize(rpc: ReturnType<typeof connect>["rpc"]) {
  await rpc.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {} });
  await rpc.sendNotification("initialized", {});
}

const hoverProt = (rpc: ReturnType<typeof connect>["rpc"], line = 1) =>
  rpc.sendRequest<Hover | null>("textDocument/hover", { textDocument: { uri }, position: { line, character: 13 } });

/** Resident memory of a process, in MB (Linux). */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0) / 1024;
}

async function stop(child: ChildProcess, rpc?: ReturnType<typeof connect>["rpc"]) {
  rpc?.dispose();
  child.kill();
  await new Promise((resolve) => child.once("exit", resolve));
}

async function until(condition: () => boolean, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("language server under abuse", () => {
  it("survives malformed JSON-RPC and answers the next valid request", async () => {
    const child = start();
    const exited = { value: false };
    child.once("exit", () => (exited.value = true));
    // Invalid JSON with a correct header, then a header with no length at all.
    child.stdin!.write("Content-Length: 10\r\n\r\n{not json}");
    child.stdin!.write('Content-Length: 40\r\n\r\n{"jsonrpc":"2.0","id":"x","method":7}   ');
    const { rpc } = connect(child);
    await initialize(rpc);
    rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "upscript", version: 1, text: SCRIPT } });
    const hover = await hoverProt(rpc);
    expect((hover?.contents as { value: string }).value).toContain("mod cmd UP0 prot URL FINAL BUILD");
    expect(exited.value).toBe(false);
    await stop(child, rpc);
  });

  it("answers requests sent before initialize with an error, then works normally", async () => {
    const child = start();
    const { rpc } = connect(child);
    await expect(hoverProt(rpc)).rejects.toMatchObject({ code: -32002 });
    await initialize(rpc);
    rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "upscript", version: 1, text: SCRIPT } });
    expect(await hoverProt(rpc)).not.toBeNull();
    await stop(child, rpc);
  });

  it("after 1,000 rapid edits it reports the last version and its memory stays bounded", async () => {
    const child = start();
    const { rpc, published } = connect(child);
    await initialize(rpc);
    rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "upscript", version: 1, text: SCRIPT } });
    const before = rssMb(child.pid!);
    for (let v = 2; v <= 1001; v++) {
      rpc.sendNotification("textDocument/didChange", {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: v === 1001 ? "mod cmd UP1 time /allow 1\n" : "# edit\n" }],
      });
    }
    await until(() => published.some((p) => p.version === 1001));
    const last = published.filter((p) => p.version === 1001).at(-1)!;
    expect(last.diagnostics.map((d) => d.code)).toEqual(["times-hours", "unknown-up-verb"]);
    // Debounced by cancellation: far fewer checks than edits.
    expect(published.length).toBeLessThan(200);
    console.log(`1,000 edits: ${published.length} diagnostics published`);
    expect(rssMb(child.pid!) - before).toBeLessThan(150);
    // The prot line moved down by the 1,000 inserted lines; hover follows it.
    expect(((await hoverProt(rpc, 1001))?.contents as { value: string }).value).toContain("mod cmd UP0 prot");
    await stop(child, rpc);
  });

  it("a document closed while requests are running: every request is answered", async () => {
    const child = start();
    const { rpc } = connect(child);
    await initialize(rpc);
    rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "upscript", version: 1, text: SCRIPT } });
    const pending = Array.from({ length: 50 }, () => hoverProt(rpc));
    const semantic = rpc.sendRequest("textDocument/semanticTokens/full", { textDocument: { uri } });
    rpc.sendNotification("textDocument/didClose", { textDocument: { uri } });
    const results = await Promise.all([...pending, semantic]);
    expect(results).toHaveLength(51);
    expect(await hoverProt(rpc)).toBeNull(); // closed now: no document, an empty answer
    rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "upscript", version: 1, text: SCRIPT } });
    expect(await hoverProt(rpc)).not.toBeNull();
    await stop(child, rpc);
  });

  it("a 50 MB document: one diagnostic naming the size limit, and requests on it answer at once", async () => {
    const child = start();
    const { rpc, published } = connect(child);
    await initialize(rpc);
    const big = "mod cmd UP1 poll\n".repeat(Math.ceil((50 * 2 ** 20) / 17));
    rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "upscript", version: 1, text: big } });
    await until(() => published.some((p) => p.uri === uri), 30_000);
    const [diagnostic, ...rest] = published.find((p) => p.uri === uri)!.diagnostics;
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ code: "syntax", message: expect.stringContaining("(limit max-text-length)") });
    const started = Date.now();
    expect(await hoverProt(rpc)).toBeNull();
    expect(await rpc.sendRequest("textDocument/semanticTokens/full", { textDocument: { uri } })).toMatchObject({ data: [] });
    expect(Date.now() - started).toBeLessThan(1000);
    await stop(child, rpc);
  }, 60_000);

  it("a client that stops reading: memory stays bounded, and the server answers once it reads again", async () => {
    const child = start();
    const { rpc } = connect(child);
    await initialize(rpc);
    rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "upscript", version: 1, text: SCRIPT } });
    await hoverProt(rpc);
    child.stdout!.pause();
    const big = `${"mod cmd UP1 times /allow 24,25,26\n".repeat(400)}`;
    for (let v = 2; v <= 1500; v++) {
      rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version: v }, contentChanges: [{ text: v % 2 ? big : SCRIPT }] });
      if (v % 100 === 0) await new Promise((r) => setTimeout(r, 30));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const stalled = rssMb(child.pid!);
    expect(stalled).toBeLessThan(400);
    child.stdout!.resume();
    const hover = await hoverProt(rpc);
    expect(hover).not.toBeNull();
    await stop(child, rpc);
  });
});
