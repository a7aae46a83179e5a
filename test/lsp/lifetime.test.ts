/**
 * A connection that ends while checks are pending: nothing may be sent or logged through it
 * afterwards (a late write throws "Connection is disposed" out of a timer, an unhandled error).
 */
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { createConnection } from "vscode-languageserver/node";
import { startServer } from "../../server/src/lsp/server.js";

const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

afterEach(() => {
  process.off("uncaughtException", onUncaught);
  process.off("unhandledRejection", onUncaught);
});

async function serverWithPendingChecks() {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  const running = startServer(server);
  const rpc = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  rpc.onRequest("client/registerCapability", () => null);
  rpc.listen();
  await rpc.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {} });
  await rpc.sendNotification("initialized", {});
  const text = "mod cmd UP1 times /allow 22-4\n".repeat(200);
  for (let i = 0; i < 20; i++) {
    const uri = `file:///tmp/upscript-lifetime-${i}/update-ip232.htm`;
    await rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "upscript", version: 1, text } });
    // Two edits in a row: the second waits on a timer (the edit debounce).
    for (const version of [2, 3]) await rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text: `${text}#${version}\n` }] });
  }
  // Let the server read every message, so its checks are queued but (mostly) not yet run.
  await new Promise((resolve) => setImmediate(resolve));
  return { server, running, rpc, streams: [toServer, toClient] };
}

describe("the server after its connection ends", () => {
  it.each([
    ["disposed under it (the connection object, as an embedding host may do)", "connection"],
    ["stopped through the handle startServer returns", "handle"],
  ])("sends nothing and throws nothing when %s", async (_, how) => {
    process.on("uncaughtException", onUncaught);
    process.on("unhandledRejection", onUncaught);
    uncaught.length = 0;
    const { server, running, rpc, streams } = await serverWithPendingChecks();
    rpc.dispose();
    if (how === "connection") server.dispose();
    else running.dispose();
    for (const s of streams) s.destroy();
    // Past the longest debounce (250 ms) and the workspace scan.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(uncaught).toEqual([]);
  });
});
