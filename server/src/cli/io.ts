/** File access for the CLI: reading scripts safely and writing them atomically. */
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { readBounded, readStreamBounded, type FileIdentity } from "../node/bounded-read.js";
import { describeFsError } from "../node/fs-errors.js";

export type ReadResult =
  | { readonly ok: true; readonly text: string; readonly bom: boolean; readonly identity?: FileIdentity }
  /** `special`: a FIFO, device, socket or folder; never read. */
  | { readonly ok: false; readonly reason: string; readonly skipped?: boolean; readonly special?: boolean };

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
export async function readScript(path: string): Promise<ReadResult> {
  const read = readBounded(path, MAX_FILE_BYTES);
  if (read.ok) {
    const decoded = decodeScript(read.bytes);
    return decoded.ok ? { ...decoded, identity: read.identity } : decoded;
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
 * Replaces a file's content all at once: the text goes to a temporary file beside it, which then
 * takes the file's place, so a crash or a full disk never leaves a half-written script. The
 * file's permissions are kept; a file the user may not write is not touched.
 */
export function writeAtomic(path: string, text: string): { ok: true } | { ok: false; reason: string } {
  let temp: string | undefined;
  try {
    const { mode } = statSync(path);
    if ((mode & 0o222) === 0) return { ok: false, reason: "the file is read-only" };
    temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.upscript-tmp`);
    const fd = openSync(temp, "wx", mode & 0o777);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(temp, mode & 0o7777);
    renameSync(temp, path);
    return { ok: true };
  } catch (error) {
    if (temp) {
      try {
        unlinkSync(temp);
      } catch {
        // The temporary file was never created.
      }
    }
    return { ok: false, reason: describeFsError(error) };
  }
}

/** Writes a new file (a report) atomically; it may not exist yet. */
export function writeNewAtomic(path: string, text: string): { ok: true } | { ok: false; reason: string } {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.upscript-tmp`);
  try {
    const fd = openSync(temp, "wx", 0o644);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    return { ok: true };
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing to clean up
    }
    return { ok: false, reason: describeFsError(error) };
  }
}
