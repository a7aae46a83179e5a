/** Temporary folders and file trees for the CLI end-to-end tests; nothing is written into the repository. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";
import { repoRoot } from "../helpers/cli.js";

export const fixtures = join(import.meta.dirname, "fixtures");
export const webroot = join(repoRoot, "examples", "webroot");

const made: string[] = [];
afterAll(() => {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // a read-only leftover in tmp does no harm
    }
  }
});

/** A new empty folder under the system's temporary folder, removed after the file's tests. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `upscript-${name}-`));
  made.push(dir);
  return dir;
}

/** Writes files (relative path → text or bytes) below `root`, creating folders as needed. */
export function writeTree(root: string, files: Record<string, string | Uint8Array>): string {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

export const bytes = (path: string): Buffer => readFileSync(path);
export const text = (path: string): string => readFileSync(path, "utf8");

