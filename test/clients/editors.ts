/**
 * Shared by the real-editor tests: the fixture, what the server must report for it, and a runner
 * that starts an editor in a throwaway folder (its own HOME and XDG folders) under `timeout`, with
 * `upscript-language-server` on PATH (a shim for the package bin) as the editor setups expect.
 * Nothing is built here: dist/server.cjs must exist (`node scripts/build.mjs`).
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { repoRoot } from "../helpers/cli.js";

export const serverPath = join(repoRoot, "dist", "server.cjs");
export const clientsDir = join(repoRoot, "test", "clients");
export const fixtureName = "update-ip232.htm";

/** The fixture's problems as every client must show them: 0-based line and column. */
export const expectedDiagnostics = [
  { code: "unknown-up-verb", line: 4, column: 12, endColumn: 16, severity: "error", message: "'time' is not a UP1 command: the device ignores this line" },
  { code: "times-hours", line: 5, column: 25, endColumn: 27, severity: "error", message: "hour 24 is outside 0–23" },
  { code: "plain-http-transfer", line: 8, column: 17, endColumn: 21, severity: "info", message: "prot over 'http': the firmware is downloaded unencrypted" },
] as const;

/** After the client appends the unfinished line `mod cmd ` (line 9). */
export const expectedAfterEdit = [
  ...expectedDiagnostics,
  { code: "syntax", line: 9, column: 0, endColumn: 7, severity: "error", message: "'mod cmd' must be followed by a module name" },
] as const;

export const protLine = 8;
export const protSignature = "mod cmd UP0 prot URL FINAL BUILD";
/** Completion after `mod cmd ` offers the modules; these three at least. */
export const moduleLabels = ["UP0", "UP1", "WLANMGR0"];

/** Fails (never skips) when the editor is not installed: CI installs them. */
export function requireEditor(binary: string, install: string): string {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new Error(`'${binary}' is not on PATH. npm run test:clients drives real editors; install them with: ${install}`);
}

export function requireServer(): void {
  if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run 'node scripts/build.mjs' before 'npm run test:clients'`);
}

export interface Workspace {
  readonly dir: string;
  readonly fixture: string;
  readonly result: string;
  readonly home: string;
  /** Holds `upscript-language-server`, first on the editor's PATH. */
  readonly bin: string;
}

/** A temp folder with a copy of the fixture (away from the repo's .upscriptrc.json) and a home. */
export function makeWorkspace(prefix: string): Workspace {
  const dir = mkdtempSync(join(tmpdir(), `upscript-${prefix}-`));
  const home = join(dir, "home");
  mkdirSync(home);
  const project = join(dir, "project");
  mkdirSync(project);
  const fixture = join(project, fixtureName);
  copyFileSync(join(clientsDir, "fixtures", fixtureName), fixture);
  // What `npm install -g upscript` puts on PATH, pinned to this checkout's bundle and this node.
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "upscript-language-server"), '#!/bin/sh\nexec "$UPSCRIPT_NODE" "$UPSCRIPT_SERVER" "$@"\n', { mode: 0o755 });
  return { dir, fixture, result: join(dir, "result.json"), home, bin };
}

export interface EditorRun<R> {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly millis: number;
  readonly result: R | undefined;
}

/** Runs `timeout SECONDS editor ARGS…` with the given environment; reads the result file if any. */
export function runEditor<R>(workspace: Workspace, editor: string, args: readonly string[], seconds: number, env: Record<string, string>): EditorRun<R> {
  const started = Date.now();
  const run = spawnSync("timeout", ["-k", "5", String(seconds), editor, ...args], {
    cwd: workspace.dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: `${workspace.bin}${delimiter}${process.env.PATH ?? "/usr/bin:/bin"}`,
      LANG: "C.UTF-8",
      TERM: "dumb",
      HOME: workspace.home,
      TMPDIR: workspace.dir,
      UPSCRIPT_NODE: process.execPath,
      UPSCRIPT_SERVER: serverPath,
      UPSCRIPT_FIXTURE: workspace.fixture,
      UPSCRIPT_RESULT: workspace.result,
      ...env,
    },
    timeout: (seconds + 10) * 1000,
    killSignal: "SIGKILL",
  });
  const result = existsSync(workspace.result) ? (JSON.parse(readFileSync(workspace.result, "utf8")) as R) : undefined;
  return { status: run.status, signal: run.signal, stdout: run.stdout ?? "", stderr: run.stderr ?? "", millis: Date.now() - started, result };
}

/** What to print when a run failed: exit status, output and the editor's own report. */
export function explain(run: EditorRun<unknown>, extra = ""): string {
  const timedOut = run.status === 124 || run.status === 137 ? " (timed out)" : "";
  return [`exit status ${run.status}${timedOut}, signal ${run.signal}, ${run.millis} ms`, `stdout:\n${run.stdout}`, `stderr:\n${run.stderr}`, `result:\n${JSON.stringify(run.result, null, 2)}`, extra].join("\n\n");
}
