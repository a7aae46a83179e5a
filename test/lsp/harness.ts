/**
 * Drives the real language server over JSON-RPC: in-process through paired streams (fast), or
 * as a spawned `dist/server.cjs --stdio` process (the shipped bundle and its stdio framing).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { PassThrough } from "node:stream";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import { createConnection } from "vscode-languageserver/node";
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { pathToFileURL } from "node:url";
import { startServer } from "../../server/src/lsp/server.js";
import { repoRoot } from "../helpers/cli.js";

export interface Client {
  readonly rpc: MessageConnection;
  readonly diagnostics: Map<string, PublishDiagnosticsParams>;
  readonly logs: string[];
  initialize(rootPath?: string, capabilities?: object, initializationOptions?: object): Promise<InitializeResult>;
  open(uri: string, text: string, languageId?: string): void;
  change(uri: string, version: number, changes: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): void;
  close(uri: string): void;
  /** Resolves with the first diagnostics for `uri` (at `version`, if given) that satisfy `accept`. */
  waitForDiagnostics(uri: string, accept?: (d: Diagnostic[], version: number | undefined) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  request<R>(method: string, params: unknown): Promise<R>;
  dispose(): void;
}

function wrap(rpc: MessageConnection, dispose: () => void): Client {
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const logs: string[] = [];
  const waiters: (() => void)[] = [];
  rpc.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
    diagnostics.set(params.uri, params);
    for (const w of [...waiters]) w();
  });
  rpc.onNotification("window/logMessage", (p: { message: string }) => {
    logs.push(p.message);
  });
  rpc.onRequest("client/registerCapability", () => null);
  rpc.onRequest("workspace/configuration", () => []);
  rpc.listen();
  return {
    rpc,
    diagnostics,
    logs,
    initialize: (rootPath, capabilities = {}, initializationOptions) =>
      rpc.sendRequest("initialize", {
        processId: null,
        rootUri: rootPath ? pathToFileURL(rootPath).href : null,
        workspaceFolders: rootPath ? [{ uri: pathToFileURL(rootPath).href, name: "root" }] : null,
        capabilities,
        ...(initializationOptions && { initializationOptions }),
      }).then(async (result) => {
        await rpc.sendNotification("initialized", {});
        return result as InitializeResult;
      }),
    open: (uri, text, languageId = "upscript") => void rpc.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version: 1, text } }),
    change: (uri, version, contentChanges) => void rpc.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges }),
    close: (uri) => void rpc.sendNotification("textDocument/didClose", { textDocument: { uri } }),
    waitForDiagnostics: (uri, accept = () => true, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = diagnostics.get(uri);
          if (found && accept(found.diagnostics, found.version)) {
            waiters.splice(waiters.indexOf(check), 1);
            clearTimeout(timer);
            resolve(found.diagnostics);
          }
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(diagnostics.get(uri))}`));
        }, timeoutMs);
        waiters.push(check);
        check();
      }),
    request: (method, params) => rpc.sendRequest(method, params),
    dispose,
  };
}

export function inProcessClient(options: Parameters<typeof startServer>[1] = {}): Client {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  const running = startServer(server, options);
  const rpc = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  return wrap(rpc, () => {
    rpc.dispose();
    running.dispose();
    toServer.destroy();
    toClient.destroy();
  });
}

export function spawnedClient(): { client: Client; child: ChildProcess } {
  const child = spawn(process.execPath, [`${repoRoot}/dist/server.cjs`, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  return { client: wrap(rpc, () => { rpc.dispose(); child.kill(); }), child };
}
