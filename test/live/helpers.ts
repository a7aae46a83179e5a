/** Running the built CLI while the test process serves HTTP, and making live output comparable. */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cliPath } from "../helpers/cli.js";
import type { CliRun } from "../helpers/cli.js";

/** Runs dist/upscript.cjs without blocking the event loop (the generator answers meanwhile). */
export function runCliAsync(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", TZ: "UTC", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The generator's port in a text, written as PORT (plain and percent-encoded). */
export function withoutPort(text: string, ports: readonly number[]): string {
  let out = text;
  for (const [i, port] of ports.entries()) {
    const name = i === 0 ? "PORT" : `PORT${i + 1}`;
    out = out.replaceAll(`127.0.0.1:${port}`, `127.0.0.1:${name}`).replaceAll(`127.0.0.1%3A${port}`, `127.0.0.1%3A${name}`);
  }
  return out;
}

interface Served {
  bytes: number;
  sha256: string;
  text: string;
}

/**
 * A live run's JSON with the ports written as PORT. A served script holds the port too, so its
 * size and sha256 are those of the text without the port: each is first checked against the text
 * as served.
 */
export function normaliseRun<T>(run: T, ports: readonly number[]): T {
  const isServed = (v: unknown): v is Served => !!v && typeof v === "object" && typeof (v as Served).text === "string";
  const check = (served: unknown) => {
    if (!isServed(served)) return;
    if (served.sha256 !== createHash("sha256").update(served.text).digest("hex")) throw new Error("served.sha256 is not the sha256 of served.text");
    if (served.bytes !== Buffer.byteLength(served.text)) throw new Error("served.bytes is not the size of served.text");
  };
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") {
      if ("served" in value) check((value as { served: unknown }).served);
      Object.values(value).forEach(visit);
    }
  };
  visit(run);
  const copy = JSON.parse(withoutPort(JSON.stringify(run), ports)) as T;
  const fix = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(fix);
    else if (value && typeof value === "object") {
      const served = (value as { served?: unknown }).served;
      if (isServed(served)) {
        served.bytes = Buffer.byteLength(served.text);
        served.sha256 = createHash("sha256").update(served.text).digest("hex");
      }
      Object.values(value).forEach(fix);
    }
  };
  fix(copy);
  return copy;
}

/** Text output with the ports as PORT, and the size and sha256 of each served script left out. */
export function normaliseText(text: string, ports: readonly number[]): string {
  return withoutPort(text, ports).replace(/served \d+ bytes, sha256 [0-9a-f]{64}/g, "served … bytes, sha256 …");
}
