/**
 * Named pipes in the workspace (docs/security.md, "The language server under attack"): a FIFO
 * named like a script (`update-x.htm`) in one subfolder and a FIFO `.upscriptrc.json` in
 * another. Nobody ever writes to them; reading one the ordinary way would wait for a writer for
 * ever. The background scan must finish (it reads through the bounded, non-blocking reader),
 * an open document still gets its diagnostics, and hover answers. The second case makes the
 * directory listing report the FIFO as a regular file, as when a file is swapped for a FIFO
 * between the listing and the read: the read itself must refuse it.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Hover } from "vscode-languageserver-protocol";
import { inProcessClient, type Client } from "./harness.js";

const race = vi.hoisted(() => ({ swapped: false }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const readdirSync = ((path: string, options?: unknown) => {
    const entries = fs.readdirSync(path, options as never) as unknown[];
    if (!race.swapped) return entries;
    return entries.map((e) => {
      const entry = e as import("node:fs").Dirent;
      return typeof entry === "object" && entry.name === "update-x.htm" ? Object.assign(Object.create(Object.getPrototypeOf(entry)), entry, { isFile: () => true, isFIFO: () => false }) : entry;
    });
  }) as typeof fs.readdirSync;
  return { ...fs, default: { ...fs, readdirSync }, readdirSync };
});

const hasMkfifo = (() => {
  try {
    execFileSync("mkfifo", ["--version"], { stdio: "ignore" });
    return process.platform !== "win32";
  } catch {
    return false;
  }
})();

let root: string;
let client: Client;
const SCRIPT = "mod cmd UP1 times /allow 22-4\nmod cmd UP0 prot http://10.0.0.5/firmware/ ireset 13-138765\n";

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "upscript-fifo-scan-"));
  for (const dir of ["pipes", "piped-config", "phones"]) mkdirSync(join(root, dir));
  writeFileSync(join(root, ".upscriptrc.json"), JSON.stringify({ server: { "http://10.0.0.5/": "." } }));
  writeFileSync(join(root, "phones", "update-phones.htm"), "mod cmd UP0 cfg http://10.0.0.5/cfg/site.txt ser 1\n");
  writeFileSync(join(root, "piped-config", "update-y.htm"), SCRIPT);
  if (hasMkfifo) {
    execFileSync("mkfifo", [join(root, "pipes", "update-x.htm")]);
    execFileSync("mkfifo", [join(root, "piped-config", ".upscriptrc.json")]);
  }
});

afterEach(() => {
  client?.dispose();
  race.swapped = false;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function scanned(): Promise<string | undefined> {
  const end = Date.now() + 5000;
  while (!client.logs.some((l) => /indexed \d+ scripts/.test(l)) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return client.logs.find((l) => /indexed \d+ scripts/.test(l));
}

describe.skipIf(!hasMkfifo)("FIFOs in the workspace", () => {
  it("the scan completes, an open document gets diagnostics, and hover answers", async () => {
    client = inProcessClient({ scanLimits: { maxFiles: 100, maxMillis: 5000 } });
    await client.initialize(root);
    expect(await scanned(), `logs: ${client.logs.join(" | ")}`).toMatch(/indexed 2 scripts$/);

    // A script under the FIFO config: checked with the defaults, and the config says why.
    const script = pathToFileURL(join(root, "piped-config", "update-y.htm")).href;
    client.open(script, SCRIPT);
    const diagnostics = await client.waitForDiagnostics(script, (d) => d.length > 0, 5000);
    expect(diagnostics.map((d) => d.code)).toContain("times-hours");
    const config = await client.waitForDiagnostics(pathToFileURL(join(root, "piped-config", ".upscriptrc.json")).href, (d) => d.length > 0, 5000);
    expect(config[0]!.message).toMatch(/named pipe/);

    const started = performance.now();
    const hover = await client.request<Hover | null>("textDocument/hover", { textDocument: { uri: script }, position: { line: 1, character: 13 } });
    expect((hover?.contents as { value: string } | undefined)?.value).toContain("mod cmd UP0 prot");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("a FIFO that the listing took for a regular file is refused by the read, and the scan goes on", async () => {
    race.swapped = true;
    client = inProcessClient({ scanLimits: { maxFiles: 100, maxMillis: 5000 } });
    await client.initialize(root);
    expect(await scanned(), `logs: ${client.logs.join(" | ")}`).toMatch(/indexed 2 scripts$/);
    const script = pathToFileURL(join(root, "piped-config", "update-y.htm")).href;
    client.open(script, SCRIPT);
    expect((await client.waitForDiagnostics(script, (d) => d.length > 0, 5000)).map((d) => d.code)).toContain("times-hours");
  });
});
