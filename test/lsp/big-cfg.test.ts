/**
 * One large cfg target that many lines of an open script load: the server reads and parses it
 * once (not once per line, not once per keystroke), so checks stay fast.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { inProcessClient } from "./harness.js";

const root = mkdtempSync(join(tmpdir(), "upscript-lsp-bigcfg-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a 3.9 MB cfg target loaded by 40 lines", () => {
  it("is parsed once: the first check and each check after an edit stay fast", async () => {
    mkdirSync(join(root, "cfg"));
    writeFileSync(join(root, ".upscriptrc.json"), JSON.stringify({ server: { "http://10.0.0.5/": "." } }));
    writeFileSync(join(root, "cfg", "big.txt"), "config change NTP0 /addr 10.0.0.1\n".repeat(Math.floor((3.9 * 2 ** 20) / 34)));
    const text = Array.from({ length: 40 }, (_, i) => `mod cmd UP0 cfg http://10.0.0.5/cfg/big.txt ser S${i}`).join("\n") + "\n";
    const uri = pathToFileURL(join(root, "update-ip232.htm")).href;
    writeFileSync(join(root, "update-ip232.htm"), text);
    const client = inProcessClient({ scanLimits: { maxFiles: 10, maxMillis: 2000 } });
    try {
      await client.initialize(root);
      let started = performance.now();
      client.open(uri, text);
      await client.waitForDiagnostics(uri, (_, v) => v === 1, 20_000);
      const first = performance.now() - started;
      // Parsing 3.9 MB once takes about a second on a slow machine; 40 times took 14 s.
      expect(first).toBeLessThan(6_000);
      const edits: number[] = [];
      for (let version = 2; version <= 4; version++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        started = performance.now();
        client.change(uri, version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "#" }]);
        await client.waitForDiagnostics(uri, (_, v) => v === version, 20_000);
        edits.push(performance.now() - started);
      }
      // The target is unchanged on disk: no re-read, no re-parse.
      expect(Math.max(...edits), edits.join(", ")).toBeLessThan(1_000);
    } finally {
      client.dispose();
    }
  });
});
