/** The shipped bundle, spawned as `upscript-language-server --stdio`, speaks LSP over stdio. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { Hover } from "vscode-languageserver-protocol";
import { repoRoot } from "../helpers/cli.js";
import { spawnedClient } from "./harness.js";

const root = mkdtempSync(join(tmpdir(), "upscript-stdio-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("upscript-language-server --stdio", () => {
  it("initializes, publishes diagnostics, answers hover, and shuts down cleanly", async () => {
    const { client, child } = spawnedClient();
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const init = await client.initialize(root);
    expect(init.capabilities.hoverProvider).toBe(true);
    const uri = pathToFileURL(join(root, "update-ip232.htm")).href;
    client.open(uri, "mod cmd UP1 time /allow 12,22\nmod cmd UP0 prot https://10.0.0.5/fw/ ireset 13-138765\n");
    const diags = await client.waitForDiagnostics(uri);
    expect(diags.map((d) => [d.code, d.range.start.line, d.range.start.character])).toEqual([["unknown-up-verb", 0, 12]]);
    const hover = await client.request<Hover>("textDocument/hover", { textDocument: { uri }, position: { line: 1, character: 13 } });
    expect((hover.contents as { value: string }).value).toContain("mod cmd UP0 prot URL FINAL BUILD");
    await client.request("shutdown", null);
    await client.rpc.sendNotification("exit");
    expect(await exited).toBe(0);
    client.dispose();
  });

  it("prints its version and usage", () => {
    const server = join(repoRoot, "dist", "server.cjs");
    const version = spawnSync(process.execPath, [server, "--version"], { encoding: "utf8" });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const usage = spawnSync(process.execPath, [server], { encoding: "utf8" });
    expect(usage.status).toBe(2);
    expect(usage.stdout).toContain("upscript-language-server --stdio");
  });
});
