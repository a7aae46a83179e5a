/** Runs the built CLI (dist/upscript.cjs) as a child process, without a TTY. */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { expect } from "vitest";

export const repoRoot = join(import.meta.dirname, "..", "..");
export const cliPath = join(repoRoot, "dist", "upscript.cjs");

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): CliRun {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? "",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...options.env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A copy of the CLI bundle that any user can run: tests that run it as another user (nobody)
 * must not depend on that user being able to reach the checkout (a clone under a 0700 folder).
 */
export function cliForAnyUser(): string {
  const dir = mkdtempSync(join(tmpdir(), "upscript-cli-"));
  chmodSync(dir, 0o755);
  const copy = join(dir, "upscript.cjs");
  copyFileSync(cliPath, copy);
  chmodSync(copy, 0o644);
  return copy;
}

const dryRunSchema = new Ajv({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(join(repoRoot, "docs", "dry-run.schema.json"), "utf8")));

/**
 * Runs the CLI with `args` (ending in `--format json`), expects a clean exit with nothing on
 * stderr, checks the output against docs/dry-run.schema.json and returns it.
 */
export function runDryRunJson(args: readonly string[], options: { cwd?: string } = {}): unknown {
  const result = runCli(args, options);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const value: unknown = JSON.parse(result.stdout);
  const ok = dryRunSchema(value);
  expect(dryRunSchema.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
  return value;
}
