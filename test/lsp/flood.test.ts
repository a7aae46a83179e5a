/**
 * A flood of file-watcher notifications with many open scripts (docs/security.md, "The language
 * server under attack"): 100 open scripts in a web root, each loading cfg targets, then 500
 * `workspace/didChangeWatchedFiles` notifications. The watcher events are coalesced into a few
 * re-checks, and a hover sent right after the flood is answered between document checks instead
 * of after all of them. The diagnostics after the flood are the right ones: a cfg target created
 * on disk during the flood is no longer reported as missing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hover, PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { inProcessClient, type Client } from "./harness.js";

const SCRIPTS = 100;
const NOTIFICATIONS = 500;

let root: string;
let client: Client;
const published: PublishDiagnosticsParams[] = [];
const scriptUri = (i: number) => pathToFileURL(join(root, "phones", `update-phones-${i}.htm`)).href;

// Each script loads a shared target, one of ten site targets, and one of five "new" targets that
// do not exist yet (missing-file until the flood creates new-0.txt).
const script = (i: number) =>
  `# phone ${i}
mod cmd UP1 times /allow 22-4
mod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765
mod cmd UP0 cfg http://10.0.0.5/cfg/common.txt ser C-${i}
mod cmd UP0 cfg http://10.0.0.5/cfg/site-${i % 10}.txt ser S-${i}
mod cmd UP0 cfg http://10.0.0.5/cfg/new-${i % 5}.txt ser N-${i}
config activate
iresetn
`;

async function until(condition: () => boolean, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const missingFiles = (i: number) => client.diagnostics.get(scriptUri(i))?.diagnostics.filter((d) => d.code === "missing-file").length;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "upscript-flood-"));
  for (const dir of ["phones", "cfg", "firmware"]) mkdirSync(join(root, dir));
  writeFileSync(join(root, ".upscriptrc.json"), JSON.stringify({ server: { "http://10.0.0.5/": "." }, target: { products: ["IP232"] } }));
  writeFileSync(join(root, "cfg", "common.txt"), "config change NTP0 /addr 10.0.0.1\n");
  for (let s = 0; s < 10; s++) writeFileSync(join(root, "cfg", `site-${s}.txt`), `config change DNS0 /addr 10.0.0.${s + 2}\n`);
  writeFileSync(join(root, "firmware", "ip232.bin"), "firmware");
  for (let i = 0; i < SCRIPTS; i++) writeFileSync(join(root, "phones", `update-phones-${i}.htm`), script(i));
  client = inProcessClient({ scanLimits: { maxFiles: 1000, maxMillis: 5000 } });
  // One handler per method: this one replaces the harness's, so it keeps the harness's map too.
  client.rpc.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    published.push(p);
    client.diagnostics.set(p.uri, p);
  });
  await client.initialize(root, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
  for (let i = 0; i < SCRIPTS; i++) client.open(scriptUri(i), script(i));
  await until(() => client.logs.some((l) => l.includes("indexed")) && Array.from({ length: SCRIPTS }, (_, i) => missingFiles(i)).every((m) => m === 1));
}, 120_000);

afterAll(() => {
  client?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe("a flood of file-watcher notifications with 100 open scripts", () => {
  it("a hover right after 500 notifications answers within a second; diagnostics end right, each script re-published a few times", async () => {
    await new Promise((r) => setTimeout(r, 500));
    published.length = 0;
    // new-0.txt appears on disk during the flood: the 20 scripts that load it lose missing-file.
    writeFileSync(join(root, "cfg", "new-0.txt"), "config change NTP0 /addr 10.0.0.9\n");
    const targets = ["common.txt", ...Array.from({ length: 10 }, (_, s) => `site-${s}.txt`), "new-0.txt"].map((n) => pathToFileURL(join(root, "cfg", n)).href);
    for (let n = 0; n < NOTIFICATIONS; n++) {
      const uri = targets[n % targets.length]!;
      void client.rpc.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri, type: uri.endsWith("new-0.txt") ? 1 : 2 }] });
    }
    const started = performance.now();
    const hover = await client.request<Hover | null>("textDocument/hover", { textDocument: { uri: scriptUri(42) }, position: { line: 2, character: 13 } });
    const latency = performance.now() - started;
    console.log(`hover after ${NOTIFICATIONS} watcher notifications with ${SCRIPTS} open scripts: ${latency.toFixed(0)} ms`);
    expect((hover?.contents as { value: string } | undefined)?.value).toContain("mod cmd UP0 prot");
    expect(latency).toBeLessThan(1000);

    // Every script is re-checked after the flood, with the new target found.
    await until(() => Array.from({ length: SCRIPTS }, (_, i) => missingFiles(i)).every((m, i) => m === (i % 5 === 0 ? 0 : 1))).catch(() => undefined);
    for (let i = 0; i < SCRIPTS; i++) expect(missingFiles(i), `update-phones-${i}.htm`).toBe(i % 5 === 0 ? 0 : 1);
    // Quiet now: nothing more is pending.
    await new Promise((r) => setTimeout(r, 300));
    const perScript = new Map<string, number>();
    for (const p of published) perScript.set(p.uri, (perScript.get(p.uri) ?? 0) + 1);
    const most = Math.max(...perScript.values());
    console.log(`${published.length} diagnostics published after the flood, at most ${most} for one script`);
    expect(most).toBeLessThanOrEqual(3);
    expect(published.length).toBeLessThanOrEqual(3 * SCRIPTS);
  }, 120_000);
});
