/**
 * A reader that stops reading (`upscript lint DIR | head`) ends the run quietly with exit code 2:
 * no stack trace of an unhandled EPIPE. The CLI bundle runs with its stdout on a pipe that the
 * test closes after the first piece of the report.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cliPath } from "../helpers/cli.js";
import { tempDir, writeTree } from "./tmp.js";

/** A folder whose report is far larger than a pipe holds (each file: several findings). */
function noisyFolder(): string {
  const files: Record<string, string> = {};
  const script = Array.from({ length: 40 }, (_, i) => `mod cmd UP0 cfg http://10.0.0.5/cfg/site-${i}.txt ser CFG-${i}`).join("\n") + "\n";
  for (let i = 0; i < 200; i++) files[`d/update-${i}.htm`] = script;
  return writeTree(tempDir("closed-stdout"), files);
}

function runAndCloseStdout(args: readonly string[], cwd: string): Promise<{ code: number | null; signal: string | null; stderr: string; read: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let read = 0;
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdout.once("data", (chunk: Buffer) => {
      read = chunk.length;
      child.stdout.destroy();
    });
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code, signal, stderr, read }));
  });
}

describe("standard output closed by the reader", () => {
  it.each([
    ["lint", ["lint", "d"]],
    ["lint --format json", ["lint", "--format", "json", "d"]],
  ])("%s stops at once, quietly, with exit code 2", async (_, args) => {
    const run = await runAndCloseStdout(args, noisyFolder());
    expect(run.read).toBeGreaterThan(0);
    expect(run.signal).toBeNull();
    expect(run.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(run.code).toBe(2);
  });
});
