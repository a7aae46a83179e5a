/** File access for the CLI: reading scripts safely and writing them atomically. */
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { isDynamicPattern } from "tinyglobby";
import { readBounded, readStreamBounded, type FileIdentity } from "../node/bounded-read.js";
import { contentHash, openNewFile, rewriteFile, writeNewFile, type FileSnapshot, type NewFileWriter, type RewriteOptions, type WriteResult } from "../node/safe-write.js";

export type ReadResult =
  | { readonly ok: true; readonly text: string; readonly bom: boolean; readonly identity?: FileIdentity; readonly sha256?: string }
  /** `special`: a FIFO, device, socket or folder; never read. */
  | { readonly ok: false; readonly reason: string; readonly skipped?: boolean; readonly special?: boolean };

/** A script read from disk: with its identity and the sha256 of its raw bytes, the snapshot writeAtomic checks. */
export type ScriptRead = Extract<ReadResult, { ok: false }> | (Extract<ReadResult, { ok: true }> & FileSnapshot);

const BINARY_SNIFF_BYTES = 8000;
/** Files are not even read beyond this; the language core has its own, smaller limits on text. */
export const MAX_FILE_BYTES = 64 * 2 ** 20;
// ignoreBOM: keep a byte order mark in the text, so decodeScript can see it and the writers restore it.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Turns raw bytes into script text, or says why they are not a script. */
export function decodeScript(bytes: Uint8Array): ReadResult {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: false, reason: "UTF-16 text; save it as UTF-8 (the devices read ASCII/UTF-8)", skipped: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: false, reason: "UTF-16 text; save it as UTF-8 (the devices read ASCII/UTF-8)", skipped: true };
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ok: false, reason: "binary file, skipped", skipped: true };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: "not valid UTF-8 text, skipped", skipped: true };
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { ok: true, text: bom ? text.slice(1) : text, bom };
}

/**
 * Reads a script as UTF-8. A byte order mark is removed (and remembered) so columns match what
 * editors show; binary, UTF-16 and invalid UTF-8 files are skipped with a reason, as git would.
 * Only regular files are read, and never more than `max-file-size`.
 */
export function readScript(path: string): ScriptRead {
  const read = readBounded(path, MAX_FILE_BYTES);
  if (read.ok) {
    const decoded = decodeScript(read.bytes);
    if (!decoded.ok) return decoded;
    // Hashed when asked for (only a rewrite checks it): most reads are only linted.
    let sha256: string | undefined;
    return {
      ...decoded,
      identity: read.identity,
      get sha256() {
        return (sha256 ??= contentHash(read.bytes));
      },
    };
  }
  switch (read.kind) {
    case "too-large":
      return { ok: false, skipped: true, reason: `${((read.size ?? 0) / 2 ** 20).toFixed(1)} MB, more than the ${MAX_FILE_BYTES / 2 ** 20} MB upscript reads from disk (limit max-file-size)` };
    case "special":
      return { ok: false, special: true, reason: read.reason };
    default:
      return { ok: false, reason: read.reason };
  }
}

export async function readStdin(): Promise<ReadResult> {
  const read = await readStreamBounded(process.stdin, MAX_FILE_BYTES);
  if (!read.ok) return { ok: false, reason: `more than the ${MAX_FILE_BYTES / 2 ** 20} MB upscript reads (limit max-file-size)` };
  return decodeScript(read.bytes);
}

/**
 * Replaces a script's content after `lint --fix` or `fmt --write`, through node/safe-write.ts: the
 * text goes to a temporary file beside the real file, which then takes its place, keeping owner,
 * group and mode. Refused with a reason when the file leads out of `roots`, is hard-linked, has
 * setuid/setgid/sticky bits, cannot keep its owner, is read-only, or changed since `snapshot`
 * (what readScript returned) was read. See docs/security.md, "Rewriting files safely".
 */
export function writeAtomic(path: string, text: string, options: RewriteOptions): Promise<WriteResult> {
  return rewriteFile(path, text, options);
}

/** Writes a new file (a report) atomically; it may not exist yet. */
export function writeNewAtomic(path: string, text: string): WriteResult {
  return writeNewFile(path, text);
}

/** Writes a new file (a report) atomically, piece by piece: it takes its name at `commit`. */
export function openNewAtomic(path: string): NewFileWriter {
  return openNewFile(path);
}

/**
 * The folders a rewrite may reach through symbolic links (docs/security.md): the folders the user
 * named (a named file's own folder; for a pattern, its leading folders without wildcards; no path
 * at all is the working directory) and the folder of the config file that applies to the script.
 */
export function rewriteRoots(args: readonly string[], configPath: string | undefined, cwd = process.cwd()): string[] {
  const roots = (args.length ? args : ["."]).map((arg) => namedFolder(arg, cwd));
  if (configPath) roots.push(dirname(resolve(cwd, configPath)));
  return roots;
}

function namedFolder(arg: string, cwd: string): string {
  const path = resolve(cwd, arg);
  if (isDynamicPattern(arg) && !existsSync(path)) {
    const fixed = arg.split("/");
    const firstWild = fixed.findIndex((part) => isDynamicPattern(part));
    return resolve(cwd, fixed.slice(0, firstWild < 0 ? fixed.length : firstWild).join("/") || ".");
  }
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return dirname(path);
  }
}
