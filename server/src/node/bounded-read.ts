/**
 * The one way upscript reads a file: open without blocking, `fstat` the open descriptor (not the
 * path, which could be swapped in between), accept regular files only, and read at most the limit
 * plus one byte. A FIFO, a device (`/dev/zero`), a socket or a folder is refused with a reason
 * instead of hanging the process or filling its memory. See docs/security.md.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { describeFsError } from "./fs-errors.js";

/** What is known of the file that was read: enough to tell later whether it changed. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly nlink: number;
}

export type BoundedRead =
  | { readonly ok: true; readonly bytes: Buffer; readonly identity: FileIdentity }
  | {
      readonly ok: false;
      /** missing: no such file; special: not a regular file; too-large: over the limit; error: anything else. */
      readonly kind: "missing" | "special" | "too-large" | "error";
      readonly reason: string;
      /** For too-large: the size on disk. */
      readonly size?: number;
    };

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, for ever.
// O_NOCTTY: a terminal device named by mistake must not become our controlling terminal.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

export function fileKind(stat: Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

export function identityOf(stat: Stats): FileIdentity {
  return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, mode: stat.mode, uid: stat.uid, gid: stat.gid, nlink: stat.nlink };
}

export interface ReadOptions {
  /** Refuse a symbolic link as the last part of the path (for paths already resolved and checked). */
  readonly noFollow?: boolean;
}

/** Reads a regular file of at most `limitBytes` bytes. */
export function readBounded(path: string, limitBytes: number, options: ReadOptions = {}): BoundedRead {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS | (options.noFollow ? constants.O_NOFOLLOW : 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { ok: false, kind: "missing", reason: "no such file" };
    if (code === "EISDIR") return { ok: false, kind: "special", reason: "is a directory" };
    // A socket cannot be opened at all (ENXIO).
    if (code === "ENXIO") return { ok: false, kind: "special", reason: "is a socket, not a regular file" };
    if (code === "ELOOP" && options.noFollow) return { ok: false, kind: "special", reason: "became a symbolic link while being read" };
    return { ok: false, kind: "error", reason: describeFsError(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, kind: "special", reason: "is a directory" };
    if (!stat.isFile()) return { ok: false, kind: "special", reason: `is ${fileKind(stat)}, not a regular file` };
    if (stat.size > limitBytes) return { ok: false, kind: "too-large", reason: `${describeSize(stat.size)}, more than the ${describeSize(limitBytes)} allowed`, size: stat.size };
    // The size can change under us (a file still being written, /proc files that report 0):
    // read until the end, but never more than the limit plus one byte.
    const chunks: Buffer[] = [];
    let total = 0;
    // First the size plus one byte, so a file that did not change is read in one go (a small
    // buffer comes from Node's pool: reading many small scripts allocates little); 64 KB at a
    // time when the size says nothing or the file grows.
    let chunkSize = stat.size > 0 ? stat.size + 1 : 64 * 1024;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkSize, limitBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > limitBytes) return { ok: false, kind: "too-large", reason: `more than the ${describeSize(limitBytes)} allowed`, size: total };
      // Exactly the size fstat gave, and not the byte past it: the file as it was when it was
      // opened, in one read call instead of two (the second only said that it ended).
      if (total === stat.size && n < chunk.length) break;
      // Any other short read is most likely the end: look with a small (pooled) buffer.
      chunkSize = n < chunk.length ? 256 : 64 * 1024;
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), identity: identityOf(stat) };
  } catch (error) {
    return { ok: false, kind: "error", reason: describeFsError(error) };
  } finally {
    closeSync(fd);
  }
}

/** Reads standard input (or any stream) up to `limitBytes`, refusing more. */
export async function readStreamBounded(stream: AsyncIterable<Buffer | string>, limitBytes: number): Promise<{ ok: true; bytes: Buffer } | { ok: false }> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    total += buffer.length;
    if (total > limitBytes) return { ok: false };
    chunks.push(buffer);
  }
  return { ok: true, bytes: Buffer.concat(chunks, total) };
}

export function describeSize(bytes: number): string {
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1).replace(/\.0$/, "")} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
  return `${bytes} bytes`;
}

/** A device list may be large (a million devices), but not endless: the limit max-fleet-size. */
export const MAX_FLEET_BYTES = 256 * 2 ** 20;

/**
 * A UTF-8 text file the user named (a fleet list, a state file), read within `limitBytes`;
 * the reason names the limit when it is hit.
 */
export function readTextFile(path: string, limitBytes: number, limitName: string): { ok: true; text: string } | { ok: false; reason: string } {
  const read = readBounded(path, limitBytes);
  if (read.ok) return { ok: true, text: read.bytes.toString("utf8") };
  return { ok: false, reason: read.kind === "too-large" ? `${read.reason} (limit ${limitName})` : read.reason };
}
