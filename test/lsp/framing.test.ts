/**
 * A broken frame on the server's input (docs/security.md, "The language server under attack"):
 * `Content-Length: abc`, or a length far beyond the message size cap, leaves the stream
 * unreadable from there on. The spawned server must then exit with a non-zero code, so that the
 * client restarts it, rather than stay alive and deaf. A sound session is unaffected.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type { Hover } from "vscode-languageserver-protocol";
import { repoRoot } from "../helpers/cli.js";

const uri = pathToFileURL("/tmp/framing/update-ip232.htm").href;
const SCRIPT = "mod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-138765\n";

function start(): { child: ChildProcess; rpc: MessageConnection; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [`${repoRoot}/dist/server.cjs`, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  rpc.onNotification(() => undefined);
  rpc.onRequest(() => null);
  rpc.onError(() => undefined);
  rpc.listen();
  return { child, rpc, exited, stderr: () => stderr };
}

async function initialize(rpc: MessageConnection) {
  await rpc.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {} });
  await rpc.sendNotification("initialized", {});
}

/** The exit code, or "still running" after `ms`. */
const within = (exited: Promise<number | null>, ms: number) => Promise.race([exited, new Promise<string>((r) => setTimeout(() => r("still running"), ms))]);

describe("a framing error on the language server's input", () => {
  it("Content-Length: abc makes the server exit with a non-zero code", async () => {
    const { child, rpc, exited, stderr } = start();
    await initialize(rpc);
    child.stdin!.write("Content-Length: abc\r\n\r\n{}");
    const code = await within(exited, 3000);
    if (code === "still running") child.kill();
    expect(code).not.toBe("still running");
    expect(code).not.toBe(0);
    expect(stderr()).toMatch(/Content-Length is not a number/);
    rpc.dispose();
  });

  it("a 10 GB Content-Length makes it exit at once, without buffering anything", async () => {
    const { child, rpc, exited, stderr } = start();
    await initialize(rpc);
    child.stdin!.write(`Content-Length: ${10 * 2 ** 30}\r\n\r\n{"jsonrpc":"2.0",`);
    // More of the "body" keeps coming; the server must not wait for it.
    for (let i = 0; i < 16 && child.exitCode === null; i++) child.stdin!.write("x".repeat(64 * 1024), () => undefined);
    const code = await within(exited, 3000);
    if (code === "still running") child.kill();
    expect(code).not.toBe("still running");
    expect(code).not.toBe(0);
    expect(stderr()).toMatch(/limit max-message-size/);
    rpc.dispose();
  });

  it("a header without end makes it exit once the header is unreasonably long", async () => {
    const { child, rpc, exited } = start();
    await initialize(rpc);
    child.stdin!.write(`X-Padding: ${"a".repeat(20_000)}`);
    const code = await within(exited, 3000);
    if (code === "still running") child.kill();
    expect(code).not.toBe("still running");
    expect(code).not.toBe(0);
    rpc.dispose();
  });

  it("a sound session still works: messages split across writes, several in one write, a body that is not JSON", async () => {
    const { child, rpc, exited } = start();
    // Invalid JSON inside a sound frame loses only that message.
    child.stdin!.write("Content-Length: 10\r\n\r\n{not json}");
    await initialize(rpc);
    rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "upscript", version: 1, text: SCRIPT } });
    // A request written a byte at a time, and two written together.
    const body = (id: number) => JSON.stringify({ jsonrpc: "2.0", id, method: "textDocument/hover", params: { textDocument: { uri }, position: { line: 0, character: 13 } } });
    const frame = (id: number) => `Content-Length: ${Buffer.byteLength(body(id))}\r\n\r\n${body(id)}`;
    const answers = new Map<number, unknown>();
    child.stdout!.on("data", (d: Buffer) => {
      for (const m of d.toString().matchAll(/"id":(90[0-9])/g)) answers.set(Number(m[1]), true);
    });
    for (const ch of frame(901)) child.stdin!.write(ch);
    child.stdin!.write(frame(902) + frame(903));
    const hover = await rpc.sendRequest<Hover | null>("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 13 } });
    expect((hover?.contents as { value: string }).value).toContain("mod cmd UP0 prot");
    const end = Date.now() + 5000;
    while (answers.size < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect([...answers.keys()].sort()).toEqual([901, 902, 903]);
    expect(child.exitCode).toBeNull();
    await rpc.sendRequest("shutdown", null);
    await rpc.sendNotification("exit");
    expect(await within(exited, 3000)).toBe(0);
    rpc.dispose();
  });

  it("a closed input without shutdown ends the server with a non-zero code, after shutdown with 0", async () => {
    const a = start();
    await initialize(a.rpc);
    a.child.stdin!.end();
    expect(await within(a.exited, 3000)).toBe(1);
    a.rpc.dispose();
    const b = start();
    await initialize(b.rpc);
    await b.rpc.sendRequest("shutdown", null);
    b.child.stdin!.end();
    expect(await within(b.exited, 3000)).toBe(0);
    b.rpc.dispose();
  });
});

describe("the other transports still work", () => {
  const session = async (rpc: MessageConnection) => {
    rpc.onNotification(() => undefined);
    rpc.onRequest(() => null);
    rpc.listen();
    await initialize(rpc);
    rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "upscript", version: 1, text: SCRIPT } });
    const hover = await rpc.sendRequest<Hover | null>("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 13 } });
    expect((hover?.contents as { value: string }).value).toContain("mod cmd UP0 prot");
    await rpc.sendRequest("shutdown", null);
    await rpc.sendNotification("exit");
  };

  it.each(["socket", "pipe"])("--%s: the server connects to the client, a framing error there ends it too", async (kind) => {
    let accepted!: (socket: Socket) => void;
    const connected = new Promise<Socket>((r) => (accepted = r));
    const listener = createServer((socket) => accepted(socket));
    const address = kind === "pipe" ? join(tmpdir(), `upscript-framing-${process.pid}-${Date.now()}.sock`) : 0;
    await new Promise<void>((r) => listener.listen(address, r));
    const where = kind === "pipe" ? String(address) : String((listener.address() as { port: number }).port);
    const start = (arg: string) => spawn(process.execPath, [`${repoRoot}/dist/server.cjs`, arg], { stdio: "ignore" });
    const child = start(`--${kind}=${where}`);
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    const socket = await connected;
    const rpc = createMessageConnection(new StreamMessageReader(socket), new StreamMessageWriter(socket));
    await session(rpc);
    expect(await within(exited, 3000)).toBe(0);
    rpc.dispose();
    // And a broken frame over the socket.
    const again = new Promise<Socket>((r) => (accepted = r));
    const second = start(`--${kind}=${where}`);
    const secondExit = new Promise<number | null>((r) => second.once("exit", (code) => r(code)));
    (await again).write("Content-Length: abc\r\n\r\n{}");
    const code = await within(secondExit, 3000);
    if (code === "still running") second.kill();
    expect(code).toBe(1);
    listener.close();
  });

  it("--node-ipc (how VS Code starts it)", async () => {
    const child = fork(`${repoRoot}/dist/server.cjs`, ["--node-ipc"], { stdio: ["ignore", "ignore", "ignore", "ipc"] });
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    await session(createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child)));
    expect(await within(exited, 3000)).toBe(0);
  });
});
